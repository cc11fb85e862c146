/// A text a facilitator writes in the configuration, once for every reader or once per language: a session's
/// title, a deadline's message, a resource's title.
///
/// In YAML either a plain string, `title: Opening plenary`, or a map from language codes to the text in that
/// language, `title: {en: "Opening plenary", fr: "Séance plénière d'ouverture", ru: "Пленарное открытие"}`.
/// A reader gets their language's text, else their language's base (`zh` for `zh-hans`), else English's, else
/// the one of the smallest code, so every reader sees something.
public struct LocalizedText: Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The text per language; one entry under `nil` for a text written once for everyone.
    private let texts: [Language?: String]

    /// One text for every reader.
    public init(_ text: String) { texts = [nil: text] }

    public init(stringLiteral value: String) { self.init(value) }

    /// A text per language; at least one.
    public init?(_ texts: [Language: String]) {
        guard !texts.isEmpty else { return nil }
        self.texts = Dictionary(uniqueKeysWithValues: texts.map { (Optional($0.key), $0.value) })
    }

    /// The text for a reader of `language`.
    public func text(in language: Language) -> String {
        if let plain = texts[nil] { return plain }
        if let exact = texts[language] ?? texts[language.base] ?? texts[.english] { return exact }
        return texts.min { ($0.key?.code ?? "") < ($1.key?.code ?? "") }?.value ?? ""
    }

    /// The English text (or the one written for everyone): what logs, ids and exports use.
    public var description: String { text(in: .english) }

    /// The languages it is written in; empty for a text written once for everyone.
    public var languages: [Language] { texts.keys.compactMap { $0 }.sorted() }

    /// Every text it holds, for checks that apply to each (length, emptiness).
    public var allTexts: [String] { texts.values.sorted() }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let plain = try? container.decode(String.self) {
            self.init(plain)
            return
        }
        let map: [String: String]
        do {
            map = try container.decode([String: String].self)
        } catch {
            throw DecodingError.typeMismatch(
                LocalizedText.self,
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "expected a text, or a map from language codes to texts such as {en: \"Opening\", fr: \"Ouverture\"}"
                ))
        }
        var texts: [Language: String] = [:]
        for (code, text) in map {
            guard let language = Language(code) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "\"\(code)\" is not a language code such as en, fr, ru or zh"))
            }
            guard texts.updateValue(text, forKey: language) == nil else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: "the language \(language) is given twice (\(code))"))
            }
        }
        guard let decoded = LocalizedText(texts) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "give the text in at least one language"))
        }
        self = decoded
    }

    /// A plain string, or a map by language code in the codes' order (an export reads the same every time).
    public func encode(to encoder: any Encoder) throws {
        if let plain = texts[nil] {
            var container = encoder.singleValueContainer()
            try container.encode(plain)
            return
        }
        var container = encoder.container(keyedBy: CodeKey.self)
        for case let (language?, text) in texts.sorted(by: { ($0.key?.code ?? "") < ($1.key?.code ?? "") }) {
            try container.encode(text, forKey: CodeKey(stringValue: language.code))
        }
    }

    /// A language code as a key of the encoded map.
    private struct CodeKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
