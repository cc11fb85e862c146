/// A messaging platform, named by its channel (`console`, or a chat service's short name).
///
/// A plain string wrapper rather than an enum, so that a new channel needs no change to the core.
public struct Platform: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }
}

/// A `platform:id` pair, the one textual form of chats and users in configuration files, logs and the store.
/// The id may itself contain colons (some platforms' ids do).
public protocol PlatformQualified: Hashable, Sendable, Codable, CustomStringConvertible {
    var platform: Platform { get }
    var id: String { get }
    init(platform: Platform, id: String)
    /// A word for error messages and an example (`chat`, `console:workshop`).
    static var kindForErrors: (noun: String, example: String) { get }
}

extension PlatformQualified {
    /// Parses `platform:id`.
    public init?(parsing text: String) {
        guard let (platform, id) = splitQualified(text) else { return nil }
        self.init(platform: platform, id: id)
    }

    public var description: String { "\(platform):\(id)" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(parsing: text) else {
            let kind = Self.kindForErrors
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "expected a \(kind.noun) as platform:id (\(kind.example)), found \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Identifies a chat on one platform, written `platform:id` in configuration files (`console:workshop`).
public struct ChatRef: PlatformQualified {
    public var platform: Platform
    public var id: String

    public init(platform: Platform, id: String) {
        self.platform = platform
        self.id = id
    }

    public static let kindForErrors = (noun: "chat", example: "console:workshop")
}

/// Identifies a person on one platform, written `platform:id` in configuration files (`console:alice`,
/// or the platform's own user id after the colon).
public struct UserRef: PlatformQualified {
    public var platform: Platform
    public var id: String

    public init(platform: Platform, id: String) {
        self.platform = platform
        self.id = id
    }

    public static let kindForErrors = (noun: "user", example: "console:alice")
}

func splitQualified(_ text: String) -> (Platform, String)? {
    // Every chat and user read back from the store passes here: the usual text (an ASCII platform name, an id
    // that starts and ends with a visible ASCII character, so neither end can be whitespace) is split by bytes.
    let bytes = text.utf8
    if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon != bytes.startIndex,
        bytes[..<colon].allSatisfy(isPlatformByte),
        let first = bytes[bytes.index(after: colon)...].first, let last = bytes.last,
        (0x21...0x7E).contains(first), (0x21...0x7E).contains(last)
    {
        return (Platform(rawValue: String(text[..<colon])), String(text[text.index(after: colon)...]))
    }
    guard let colon = text.firstIndex(of: ":") else { return nil }
    let platform = text[..<colon].trimmingWhitespace()
    let id = text[text.index(after: colon)...].trimmingWhitespace()
    guard !platform.isEmpty, !id.isEmpty,
        platform.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
    else { return nil }
    return (Platform(rawValue: String(platform)), String(id))
}

/// An ASCII letter or digit, `-` or `_`: what a platform name is made of.
private func isPlatformByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "_"):
        return true
    default: return false
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines.
    public func trimmingWhitespace() -> Substring {
        let scalars = Substring(self)
        guard let start = scalars.firstIndex(where: { !$0.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return scalars[start...end]
    }
}
