/// A question one plugin answers for others, by name, through the runtime: the agenda asks
/// "session-resources" for a session's links without importing the resources plugin. When no enabled plugin
/// answers a name, the answer is empty.
public struct Lookup: Sendable {
    public var name: String
    /// Answers for `key`, reading the answering plugin's own storage.
    public var answer: @Sendable (_ key: String, _ storage: PluginStorage) async throws -> [RichText]

    public init(
        _ name: String, answer: @escaping @Sendable (_ key: String, _ storage: PluginStorage) async throws -> [RichText]
    ) {
        self.name = name
        self.answer = answer
    }
}

extension Lookup {
    /// A key naming `subject` (a session id) and the reader's language, for a lookup that answers with texts a
    /// facilitator may give per language (`LocalizedText`): `subject`, a line break, the language's code; for
    /// English `subject` alone, the key such lookups were asked with before they had languages.
    public static func key(_ subject: String, in language: Language) -> String {
        language == .english ? subject : "\(subject)\n\(language.code)"
    }

    /// The subject and language of a key made by `key(_:in:)`; a key without a language is the subject alone, read
    /// in English.
    public static func parts(of key: String) -> (subject: String, language: Language) {
        guard let cut = key.lastIndex(of: "\n"), let language = Language(String(key[key.index(after: cut)...])) else {
            return (key, .english)
        }
        return (String(key[..<cut]), language)
    }
}

/// The lookups of the enabled plugins, as handlers see them.
public struct LookupDirectory: Sendable {
    private let entries: [String: @Sendable (String) async throws -> [RichText]]

    public init(entries: [String: @Sendable (String) async throws -> [RichText]] = [:]) { self.entries = entries }

    /// The answer to `name` for `key`; empty when nobody answers it or the answer fails.
    public func ask(_ name: String, _ key: String) async -> [RichText] {
        guard let entry = entries[name] else { return [] }
        return (try? await entry(key)) ?? []
    }
}
