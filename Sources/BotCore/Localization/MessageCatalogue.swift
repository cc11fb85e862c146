/// A message as a catalogue writes it: one text, or one text per plural form (chosen by the value named
/// `count`).
///
/// ```swift
/// let english: [String: MessageSource] = [
///     "ping.pong": "pong",
///     "upcoming.listed": [.one: "{count} post", .other: "{count} posts"],
/// ]
/// ```
public enum MessageSource: Sendable, Hashable, ExpressibleByStringLiteral, ExpressibleByDictionaryLiteral {
    case text(String)
    case plural([PluralCategory: String])

    public init(stringLiteral value: String) { self = .text(value) }
    public init(dictionaryLiteral elements: (PluralCategory, String)...) {
        self = .plural(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The texts it holds, each with its plural form (nil for a plain message).
    public var texts: [(category: PluralCategory?, text: String)] {
        switch self {
        case .text(let text): return [(nil, text)]
        case .plural(let forms): return forms.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
    }
}

/// The messages of one language from one place: a target's shipped catalogue, or a facilitator's
/// `plugins-config/locales/<code>.yaml`.
public struct MessageTable: Sendable, Hashable {
    public var language: Language
    public var messages: [String: MessageSource]

    public init(_ language: Language, _ messages: [String: MessageSource]) {
        self.language = language
        self.messages = messages
    }
}

/// What is wrong with one message of a catalogue, compared with English's.
public struct CatalogueProblem: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    /// The plural form the problem is in, when it is in one.
    public var category: PluralCategory?
    public var message: String

    public var description: String { key + (category.map { ".\($0.rawValue)" } ?? "") + ": " + message }
}

/// A message parsed for rendering.
enum CompiledMessage: Sendable {
    case single(MessageTemplate)
    case plural([PluralCategory: MessageTemplate])

    /// The placeholders of every form.
    var placeholders: Set<String> {
        switch self {
        case .single(let template): return Set(template.placeholders)
        case .plural(let forms): return Set(forms.values.flatMap(\.placeholders))
        }
    }

    /// This translation as it renders in place of English's `reference` in `language`, or nil when it does not
    /// fit (the same rules as `MessageSource.problems`, on parsed templates): a plain text stands for the `other`
    /// form of a counted message in a language that has no other.
    func fitted(to reference: CompiledMessage, placeholders expected: Set<String>, in language: Language)
        -> CompiledMessage?
    {
        let forms: [PluralCategory?: MessageTemplate]
        switch (reference, self) {
        case (.single, .plural): return nil
        case (.single, .single(let template)): forms = [nil: template]
        case (.plural, .single(let template)):
            guard PluralRules.requiredCategories(for: language) == [.other] else { return nil }
            forms = [.other: template]
        case (.plural, .plural(let given)):
            let allowed = PluralRules.allowedCategories(for: language)
            guard PluralRules.requiredCategories(for: language).allSatisfy({ given[$0] != nil }),
                given.keys.allSatisfy(allowed.contains)
            else { return nil }
            forms = Dictionary(uniqueKeysWithValues: given.map { ($0.key, $0.value) })
        }
        let counted: Bool
        if case .plural = reference { counted = true } else { counted = false }
        for template in forms.values {
            let names = Set(template.placeholders)
            guard names.isSubset(of: expected),
                expected.subtracting(names).allSatisfy({ counted && $0 == "count" })
            else { return nil }
        }
        if case .plural = reference, case .single(let template) = self { return .plural([.other: template]) }
        return self
    }
}

extension MessageSource {
    /// The placeholders of every form, in order of first use.
    var placeholders: [String] {
        var names: [String] = []
        for (_, text) in texts {
            guard case .success(let template) = MessageTemplate.parse(text) else { continue }
            for name in template.placeholders where !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// The problems of this message in `language`, checked against English's (nil: a key English does not
    /// have). Each form parses; a counted message gives the forms the language needs and no others; every form
    /// uses exactly English's placeholders (a counted form may leave out `{count}`: "un vote").
    public func problems(key: String, language: Language, english: MessageSource?) -> [CatalogueProblem] {
        guard let english else {
            return [CatalogueProblem(key: key, message: "unknown key: the English catalogue has no such message")]
        }
        var problems: [CatalogueProblem] = []
        func report(_ category: PluralCategory?, _ message: String) {
            problems.append(CatalogueProblem(key: key, category: category, message: message))
        }
        let required = PluralRules.requiredCategories(for: language)
        let allowed = PluralRules.allowedCategories(for: language)
        var forms: [(category: PluralCategory?, text: String)] = texts
        switch (english, self) {
        case (.text, .plural):
            report(nil, "English has one text here, not plural forms")
            return problems
        case (.plural, .text(let text)):
            guard required == [.other] else {
                report(
                    nil,
                    "a counted message: give the plural forms \(required.map(\.rawValue).joined(separator: ", ")) (\(language.code))"
                )
                return problems
            }
            forms = [(.other, text)]
        case (.plural, .plural(let given)):
            let missing = required.filter { given[$0] == nil }
            if !missing.isEmpty {
                report(
                    nil,
                    "missing plural form\(missing.count == 1 ? "" : "s") \(missing.map(\.rawValue).joined(separator: ", ")) (\(language.code) needs \(required.map(\.rawValue).joined(separator: ", ")))"
                )
            }
            for category in given.keys.sorted() where !allowed.contains(category) {
                report(
                    category,
                    "\(language.code) has no plural form \(category.rawValue) (its forms: \(allowed.map(\.rawValue).joined(separator: ", ")))"
                )
            }
        case (.text, .text): break
        }
        let expected = english.placeholders
        let counted: Bool
        if case .plural = english { counted = true } else { counted = false }
        for (category, text) in forms {
            // An empty text would make a reply with nothing in it.
            if text.allSatisfy(\.isWhitespace) {
                report(category, "a text may not be empty")
                continue
            }
            switch MessageTemplate.parse(text) {
            case .failure(let problem):
                report(category, problem.description)
            case .success(let template):
                let extra = template.placeholders.filter { !expected.contains($0) }
                let missing = expected.filter {
                    !template.placeholders.contains($0) && !(counted && $0 == "count")
                }
                let englishList = expected.isEmpty ? "none" : expected.map { "{\($0)}" }.joined(separator: ", ")
                for name in extra {
                    report(category, "{\(name)} is not a placeholder of this message (English's: \(englishList))")
                }
                for name in missing {
                    report(category, "{\(name)} is missing (English's: \(englishList))")
                }
            }
        }
        return problems
    }

    /// The message parsed, or nil when a form does not parse.
    func compiled() -> CompiledMessage? {
        switch self {
        case .text(let text):
            guard case .success(let template) = MessageTemplate.parse(text) else { return nil }
            return .single(template)
        case .plural(let forms):
            var templates: [PluralCategory: MessageTemplate] = [:]
            for (category, text) in forms {
                guard case .success(let template) = MessageTemplate.parse(text) else { return nil }
                templates[category] = template
            }
            return .plural(templates)
        }
    }
}
