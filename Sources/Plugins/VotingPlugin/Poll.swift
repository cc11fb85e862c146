import BotCore
import Foundation

/// A poll and its ballots' rules. Fields added after the first release are optional, so polls stored by an
/// older version still decode.
struct Poll: Codable, Sendable {
    enum Method: String, Codable, Sendable { case single, multi, dots, ranked }

    var id: Int
    var question: String
    var options: [String]
    var method: Method
    /// The most options one ballot may choose (multi).
    var maximum: Int
    var chat: ChatRef
    var open: Bool
    var createdBy: String
    /// Dots each voter spreads (dot voting).
    var dots: Int?
    /// No output ever says who voted what: results and exports show counts only.
    var anonymous: Bool?
    /// When the poll closes by itself.
    var closes: Date?
    /// The team id whose members alone may vote (`--team`).
    var team: String?
    /// Results may be seen while the poll is open (`--live`); otherwise they stay hidden until it closes.
    var live: Bool?
    /// The results were posted after the poll closed; from then on it cannot be reopened.
    var announced: Bool?
    /// The scheduled job that closed it, so that job, run again after a crash, still posts the results.
    var closedByJob: Int64?
    /// A ballot was cast at some time (even one withdrawn since): from then on the poll can be neither edited
    /// nor deleted, since its voters saw it as it was. Polls stored before this field count their ballots.
    var voted: Bool?

    var isAnonymous: Bool { anonymous == true }
    var isLive: Bool { live == true }
    var isAnnounced: Bool { announced == true }

    /// The limits on what a poll may hold, checked when it is opened and when templates load.
    static let optionCount = 2...10
    static let maximumOptionLength = 100
    static let maximumQuestionLength = 300
    /// Dots a voter may spread in dot voting: at least one, at most 20 (enough to weigh ten options).
    static let dotCount = 1...20
    /// How far ahead `--closes` may be: a year. A poll meant to close later is a typo, and the time must be
    /// one the scheduler can keep.
    static let farthestClosing: TimeInterval = 366 * 86_400
    /// The highest poll id: ids are stored as six digits, so keys sort by id.
    static let highestID = 999_999
    /// How much of a typed choice a refusal repeats: enough to recognise it, never a whole pasted text.
    static let longestEchoedChoice = 40

    /// The option at a 0-based `index` as the chat shows it; a ballot stored with an index the poll does not
    /// have (a damaged record) shows `?` instead of trapping.
    func shownOption(_ index: Int) -> String {
        options.indices.contains(index) ? Tally.shown(options[index]) : "?"
    }

    /// The 0-based index of a typed option number (1-based), or nil when the poll has no such option. Any
    /// `Int`, `Int.min` included, is checked before arithmetic.
    func index(ofNumber number: Int) -> Int? {
        number >= 1 && number <= options.count ? number - 1 : nil
    }

    /// What is wrong with a poll's question or options.
    enum Problem: Sendable, Hashable {
        case optionCount
        case emptyQuestion
        case longQuestion
        /// Option `number` (1-based) is empty.
        case emptyOption(Int)
        /// Option `number` (1-based) is too long.
        case longOption(Int)
        /// Two options (1-based) are the same.
        case sameOptions(Int, Int)

        /// Whether the problem is the question's (else the options').
        var isAboutQuestion: Bool { self == .emptyQuestion || self == .longQuestion }

        /// The problem as `texts` says it ("option 2 is empty").
        func text(_ texts: Texts) -> String {
            switch self {
            case .optionCount:
                texts.plain(
                    "voting.problem.option-count",
                    ["low": .number(Poll.optionCount.lowerBound), "high": .number(Poll.optionCount.upperBound)])
            case .emptyQuestion: texts.plain("voting.problem.empty-question")
            case .longQuestion:
                texts.plain("voting.problem.long-question", ["most": .number(Poll.maximumQuestionLength)])
            case .emptyOption(let number): texts.plain("voting.problem.empty-option", ["number": .number(number)])
            case .longOption(let number):
                texts.plain(
                    "voting.problem.long-option",
                    ["number": .number(number), "most": .number(Poll.maximumOptionLength)])
            case .sameOptions(let first, let second):
                texts.plain("voting.problem.same-options", ["first": .number(first), "second": .number(second)])
            }
        }
    }

    /// Why `question` and `options` cannot make a poll, or nil when they can: 2 to 10 distinct, non-empty
    /// options of at most 100 characters (compared without case and accents), and a non-empty question.
    static func problem(question: String, options: [String]) -> Problem? {
        guard optionCount.contains(options.count) else { return .optionCount }
        let question = question.trimmingWhitespace()
        if question.isEmpty { return .emptyQuestion }
        if question.count > maximumQuestionLength { return .longQuestion }
        var seen: [String: Int] = [:]
        for (index, option) in options.enumerated() {
            let text = option.trimmingWhitespace()
            if text.isEmpty { return .emptyOption(index + 1) }
            if text.count > maximumOptionLength { return .longOption(index + 1) }
            if let earlier = seen[fold(String(text))] { return .sameOptions(earlier + 1, index + 1) }
            seen[fold(String(text))] = index
        }
        return nil
    }

    /// Text compared without case and accents, for option names.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}

/// One chat's polls as `/vote`, `/unvote`, `/poll close` and `/poll results` look them up: the ids of its open
/// polls and of its latest one, kept in step with the polls (`VotingPlugin.save`), so a command reads the
/// polls it is about instead of every poll of the workshop.
struct ChatPolls: Codable, Sendable, Hashable {
    /// Ascending.
    var open: [Int] = []
    var latest: Int?

    mutating func record(_ poll: Poll) {
        open.removeAll { $0 == poll.id }
        if poll.open {
            open.append(poll.id)
            open.sort()
        }
        latest = max(latest ?? poll.id, poll.id)
    }
}

/// One person's current ballot: the option indexes they chose (0-based), their team when they voted, for the
/// per-team breakdown, and when they cast it (last changed), for the export; ballots stored before that was
/// kept have no time.
struct Ballot: Codable, Sendable, Equatable, DirectJSON {
    var choices: [Int]
    var team: String?
    var cast: Date?

    /// Written on every vote, so it writes its own JSON (the fields `Codable` writes, absent ones left out).
    func write(into json: inout JSONBytes) {
        json.object { json in
            json.member("choices") { json in json.array(choices) { $0.number(Int64($1)) } }
            if let team { json.member("team", team) }
            if let cast { json.member("cast", cast) }
        }
    }
}

extension Poll {
    /// The most choices one typed ballot may list: a vote for each option (dot voting: one per dot). A longer
    /// ballot is refused before its words are looked up, so the cost of reading a ballot stays small.
    var mostChoices: Int { method == .dots ? max(maximum, 1) : options.count }

    /// A typed ballot as 0-based option indexes, checked against the poll's method. Read in this order:
    /// 1. only option numbers (`2`, `1 3`, `3 1 2`): each is one option, as before;
    /// 2. the whole text is one option's name, compared without case and accents (`/vote learning cities`),
    ///    or part of exactly one option's name (`/vote learning cit`);
    /// 3. text with commas is a list with one option number or name per item (`/vote 2,5`, `/vote Learning
    ///    cities, Digital skills`), for every method but single choice, which is refused with why;
    /// 4. otherwise each word is one option number or name (`/vote 1 digital`, ranked `/vote cities pathways`).
    /// A number is only ever a number; a name is an option equal to it, else the one option containing it.
    /// Nothing typed can trap: numbers of any size and sign are checked before use, empty list items are
    /// refused, and a ballot of more than `mostChoices` items is refused before it is read.
    /// Refusals are in `texts`' language.
    func choices(_ words: [String], _ texts: Texts) throws(CommandError) -> [Int] {
        try checked(try typedChoices(words, texts), texts)
    }

    private func typedChoices(_ words: [String], _ texts: Texts) throws(CommandError) -> [Int] {
        let text = String(words.joined(separator: " ").trimmingWhitespace())
        if !words.isEmpty, words.allSatisfy(Self.isNumber) {
            guard words.count <= mostChoices else { throw tooMany(texts) }
            var choices: [Int] = []
            for word in words { choices.append(try choice(word, texts)) }
            return choices
        }
        if let whole = option(named: text) { return [whole] }
        if text.contains(",") {
            guard method != .single else {
                throw .rejected(texts("voting.list-single", ["id": .number(id)]))
            }
            let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
                String($0.trimmingWhitespace())
            }
            guard items.count <= mostChoices else { throw tooMany(texts) }
            if let empty = items.firstIndex(where: \.isEmpty) {
                throw .usage(texts.plain("voting.list-item-empty", ["number": .number(empty + 1)]))
            }
            var choices: [Int] = []
            for item in items { choices.append(try choice(item, texts)) }
            return choices
        }
        guard words.count <= mostChoices else {
            throw words.count > 1 ? phraseNotOne(text, texts) : tooMany(texts)
        }
        var choices: [Int] = []
        for word in words {
            do {
                choices.append(try choice(word, texts))
            } catch {
                // Loose words that are no option each may still be a mistyped name with spaces.
                if words.count > 1, suggestion(for: text) != nil { throw phraseNotOne(text, texts) }
                throw error
            }
        }
        return choices
    }

    /// The refusal for a ballot with more items than the poll takes, in the method's words.
    private func tooMany(_ texts: Texts) -> CommandError {
        switch method {
        case .single: .rejected(texts("voting.one-choice"))
        case .multi: .rejected(texts("voting.at-most", ["most": .number(maximum)]))
        case .dots: .rejected(texts("voting.dots-left", ["count": .number(maximum)]))
        case .ranked: .rejected(texts("voting.rank-once"))
        }
    }

    /// `choices` after the method's rules: dots may repeat up to the dots a voter has, a ranking names each
    /// option once, single and multi choices are distinct and at most `maximum`.
    private func checked(_ choices: [Int], _ texts: Texts) throws(CommandError) -> [Int] {
        switch method {
        case .dots:
            // Repeats are dots on the same option.
            guard choices.count <= maximum else { throw tooMany(texts) }
            return choices.sorted()
        case .ranked:
            var seen: Set<Int> = []
            let ranking = choices.filter { seen.insert($0).inserted }
            guard ranking.count == choices.count else { throw tooMany(texts) }
            return ranking
        case .single, .multi:
            let unique = Array(Set(choices)).sorted()
            guard unique.count <= maximum else { throw tooMany(texts) }
            return unique
        }
    }

    /// Whether `word` is written as a whole number (ASCII digits, an optional sign), whatever its size.
    static func isNumber(_ word: String) -> Bool {
        let digits = word.hasPrefix("-") || word.hasPrefix("+") ? word.dropFirst() : Substring(word)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// One option number or name as a 0-based index.
    private func choice(_ item: String, _ texts: Texts) throws(CommandError) -> Int {
        if Self.isNumber(item) {
            // A number too large for `Int` is as much no option as 0 or -5.
            guard let number = Int(item), let index = index(ofNumber: number) else {
                throw numberNotOne(item, texts)
            }
            return index
        }
        guard !item.isEmpty else { throw .usage(texts.plain("voting.empty-choice")) }
        if let exact = option(named: item) { return exact }
        let folded = Poll.fold(item)
        let matches = options.indices.filter { Poll.fold(options[$0]).contains(folded) }
        if matches.count > 1 {
            let names = matches.map { Tally.shown(options[$0]) }.joined(separator: texts.plain("voting.separator"))
            throw .usage(
                texts.plain(
                    "voting.ambiguous",
                    ["choice": .text(Self.echoed(item)), "count": .number(matches.count), "options": .text(names)]))
        }
        throw phraseNotOne(item, texts)
    }

    /// The option whose name is `text` (without case and accents), else the one option whose name contains
    /// it; nil for none or several.
    private func option(named text: String) -> Int? {
        let folded = Poll.fold(text)
        guard !folded.isEmpty else { return nil }
        if let exact = options.indices.first(where: { Poll.fold(options[$0]) == folded }) { return exact }
        let matches = options.indices.filter { Poll.fold(options[$0]).contains(folded) }
        return matches.count == 1 ? matches[0] : nil
    }

    private func numberNotOne(_ item: String, _ texts: Texts) -> CommandError {
        .usage(
            texts.plain(
                "voting.number-not-option", ["choice": .text(Self.echoed(item)), "most": .number(options.count)]))
    }

    /// The refusal for a name that is no option, with the nearest option's name when one is close.
    private func phraseNotOne(_ item: String, _ texts: Texts) -> CommandError {
        guard let suggestion = suggestion(for: item) else {
            return .usage(
                texts.plain(
                    "voting.name-not-option", ["choice": .text(Self.echoed(item)), "most": .number(options.count)]))
        }
        return .usage(
            texts.plain(
                "voting.name-not-option-hint",
                [
                    "choice": .text(Self.echoed(item)), "most": .number(options.count),
                    "suggestion": .text(Tally.shown(suggestion)),
                ]))
    }

    /// The option closest to `item` for a did-you-mean: within an edit distance of a third of the typed
    /// length (1 to 3), to the whole name or to one of its words, compared without case and accents. Nil
    /// when none is that close.
    func suggestion(for item: String) -> String? {
        let folded = Poll.fold(item)
        guard !folded.isEmpty else { return nil }
        let limit = min(3, max(1, folded.count / 3))
        var best: (option: String, distance: Int)?
        for option in options {
            let name = Poll.fold(option)
            let words = name.split { !$0.isLetter && !$0.isNumber }.map(String.init)
            let distance = ([name] + words).map { TextSearch.editDistance(folded, $0) }.min() ?? Int.max
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (option, distance) }
        }
        return best?.option
    }

    /// A typed choice as a refusal repeats it: at most `longestEchoedChoice` characters.
    static func echoed(_ item: String) -> String {
        item.count > longestEchoedChoice ? item.prefix(longestEchoedChoice) + "…" : item
    }
}

extension Poll {
    /// The rule for a question typed without quotes. When the first word is not quoted and does not end with a
    /// question mark while a later unquoted word does (`/poll new Which topic? Pathways Cities`), the words up
    /// to that one are the question the facilitator meant: the command is refused with the quoting it needs,
    /// instead of opening the poll "Which" with the option "topic?". A one-word question (`Lunch? Soup Rice`),
    /// a quoted question, and polls without a question mark after the first word are taken as typed.
    /// - Parameters:
    ///   - tokens: the question and options as typed, with their quoting.
    ///   - command: the command as the hint should start (`/poll new`).
    ///   - settings: the options typed with it (`--method multi`), repeated at the hint's end.
    ///   - fillers: the options the hint shows when fewer than two were typed ("Option A", "Option B").
    /// - Returns: the command as it should be typed, or nil when the question is not in doubt.
    static func quotedCommand(
        _ tokens: [CommandToken], command: String, settings: [String], fillers: [String] = ["Option A", "Option B"]
    ) -> String? {
        guard let first = tokens.first, !first.isQuoted, !endsQuestion(first.text),
            let end = tokens.indices.dropFirst().first(where: {
                !tokens[$0].isQuoted && endsQuestion(tokens[$0].text)
            })
        else { return nil }
        let question = tokens[...end].map(\.text).joined(separator: " ")
        var options = tokens[(end + 1)...].map(\.text)
        if options.count < 2 { options += fillers.suffix(2 - options.count) }
        return ([command, quoted(question)] + options.map(quoted) + settings).joined(separator: " ")
    }

    /// The question marks a question may end with: ASCII, full-width (as Chinese and Japanese keyboards type
    /// it) and Arabic.
    static let questionMarks: Set<Character> = ["?", "？", "؟"]

    /// Whether `word` ends with one of `questionMarks`.
    static func endsQuestion(_ word: String) -> Bool { word.last.map(questionMarks.contains) ?? false }

    /// `text` in double quotes as the command parser reads it back: backslashes and quotes escaped.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }
}
