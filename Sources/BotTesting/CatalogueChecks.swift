import BotCore

/// Checks of shipped message catalogues, for each target's tests.
public enum CatalogueChecks {
    /// Everything wrong with `tables` compared with their English: for each other language, keys it misses,
    /// keys English does not have, and each message's problems (placeholders that differ from English's, plural
    /// forms the language does not have or needs). Empty when the catalogues are complete and consistent.
    public static func problems(_ tables: [MessageTable]) -> [String] {
        var english: [String: MessageSource] = [:]
        for table in tables where table.language == .english { english.merge(table.messages) { _, new in new } }
        var byLanguage: [Language: [String: MessageSource]] = [:]
        for table in tables { byLanguage[table.language, default: [:]].merge(table.messages) { _, new in new } }
        var problems: [String] = []
        for (language, messages) in byLanguage.sorted(by: { $0.key < $1.key }) {
            for key in english.keys.sorted() where messages[key] == nil {
                problems.append("\(language): \(key): missing")
            }
            for (key, source) in messages.sorted(by: { $0.key < $1.key }) {
                for problem in source.problems(key: key, language: language, english: english[key]) {
                    problems.append("\(language): \(problem)")
                }
            }
        }
        return problems
    }

    /// A pseudo-language (`qps`) made from `tables`' English: every letter of every text replaced by an accented
    /// look-alike and the whole wrapped in `⟦…⟧`, placeholders and markup kept. A reply rendered in it shows
    /// any English the code wrote itself, not through a catalogue, as plain ASCII words.
    public static func pseudo(_ tables: [MessageTable], language: Language = Language("qps") ?? .english)
        -> MessageTable
    {
        var messages: [String: MessageSource] = [:]
        for table in tables where table.language == .english {
            for (key, source) in table.messages {
                switch source {
                case .text(let text): messages[key] = .text(pseudo(text))
                case .plural(let forms): messages[key] = .plural(forms.mapValues(pseudo))
                }
            }
        }
        return MessageTable(language, messages)
    }

    private static let accented: [Character: Character] = {
        let plain = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let fancy = Array("ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ")
        return Dictionary(uniqueKeysWithValues: zip(plain, fancy))
    }()

    /// `text` with its letters outside `{placeholders}` and the `<b>`, `<i>`, `<code>` tags replaced.
    static func pseudo(_ text: String) -> String {
        var result = "⟦"
        var rest = Substring(text)
        while let first = rest.first {
            if first == "{", let close = rest.firstIndex(of: "}") {
                result += rest[...close]
                rest = rest[rest.index(after: close)...]
                continue
            }
            if first == "<", let tag = ["<b>", "</b>", "<i>", "</i>", "<code>", "</code>"].first(where: rest.hasPrefix)
            {
                result += tag
                rest = rest.dropFirst(tag.count)
                continue
            }
            result.append(accented[first] ?? first)
            rest = rest.dropFirst()
        }
        return result + "⟧"
    }
}
