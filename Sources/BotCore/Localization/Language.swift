import Foundation

/// A language as a BCP 47 tag, normalised: lower case, subtags joined by `-` (`en`, `zh`, `pt-br`).
///
/// Tags come from people (`/lang zh-Hans`), platforms (an app's language, `ru-RU`) and file names
/// (`kk.yaml`); any other text is refused by `init?`, so a language is always a short, safe word that can be
/// shown and used as a key.
public struct Language: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The normalised tag (`zh-hans`).
    public let code: String

    /// The tag `text` writes, normalised (`zh_Hans` and `ZH-hans` give `zh-hans`); nil unless it is a primary
    /// subtag of 2 or 3 ASCII letters followed by at most 4 subtags of 1 to 8 ASCII letters or digits.
    /// Whether the tag is a language people have: an ISO 639 code (`kk`, `mn`, `lo`, `fil`), then at most a
    /// script (`hans`) and a region (`br`, `419`), as a file or setting naming a language is expected to be.
    /// `xx` and `en-bad` are tags by their shape only.
    public var isKnownLanguage: Bool {
        let subtags = code.split(separator: "-")
        guard let primary = subtags.first, Self.isoCodes.contains(String(primary)) else { return false }
        var rest = subtags.dropFirst()
        if let script = rest.first, script.count == 4, script.allSatisfy(\.isLetter) { rest = rest.dropFirst() }
        if let region = rest.first,
            (region.count == 2 && region.allSatisfy(\.isLetter)) || (region.count == 3 && region.allSatisfy(\.isNumber))
        {
            rest = rest.dropFirst()
        }
        return rest.isEmpty
    }

    /// ISO 639 language codes, as Foundation knows them.
    private static let isoCodes = Set(Locale.LanguageCode.isoLanguageCodes.map(\.identifier))

    public init?(_ text: String) {
        let subtags = text.split(separator: "-", omittingEmptySubsequences: false).flatMap {
            $0.split(separator: "_", omittingEmptySubsequences: false)
        }
        guard let primary = subtags.first, (2...3).contains(primary.count),
            primary.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic }), subtags.count <= 5,
            subtags.dropFirst().allSatisfy({ subtag in
                (1...8).contains(subtag.count)
                    && subtag.unicodeScalars.allSatisfy {
                        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))
                    }
            })
        else { return nil }
        code = subtags.map { $0.lowercased() }.joined(separator: "-")
    }

    /// The language of the primary subtag alone (`zh` for `zh-hans`, `ru` for `ru-ru`).
    public var base: Language {
        guard let dash = code.firstIndex(of: "-") else { return self }
        return Language(unchecked: String(code[..<dash]))
    }

    private init(unchecked code: String) { self.code = code }

    public var description: String { code }

    public static func < (lhs: Language, rhs: Language) -> Bool { lhs.code < rhs.code }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let language = Language(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a language code such as en, fr, ru, zh or kk")
        }
        self = language
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }

    /// English, the language every catalogue is checked against and every missing text falls back to.
    public static let english = Language(unchecked: "en")
    public static let french = Language(unchecked: "fr")
    public static let russian = Language(unchecked: "ru")
    /// Simplified Chinese; `zh-hans`, `zh-cn` and `zh` all read it.
    public static let chinese = Language(unchecked: "zh")

    /// The languages the bot ships complete catalogues for.
    public static let shipped: [Language] = [.english, .french, .russian, .chinese]
}
