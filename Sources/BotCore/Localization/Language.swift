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
        // Read byte by byte: every message's app language goes through here (see `Localization.choice`).
        var code: [UInt8] = []
        code.reserveCapacity(text.utf8.count)
        var subtag = 0, length = 0
        func fits(_ subtag: Int, _ length: Int) -> Bool {
            subtag == 0 ? (2...3).contains(length) : (1...8).contains(length)
        }
        for byte in text.utf8 {
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") {
                guard fits(subtag, length), subtag < 4 else { return nil }
                code.append(UInt8(ascii: "-"))
                subtag += 1
                length = 0
                continue
            }
            let lower = byte | 0x20
            if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(lower), byte < 0x80 {
                code.append(lower)
            } else if subtag > 0, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                code.append(byte)
            } else {
                return nil
            }
            length += 1
            if length > 8 { return nil }
        }
        guard fits(subtag, length) else { return nil }
        self.code = String(decoding: code, as: UTF8.self)
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
