/// A messaging platform, such as `console`, `telegram` or `matrix`.
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

    /// The local terminal chat, the embedded default channel.
    public static let console: Platform = "console"
}

/// Identifies a chat on one platform, written `platform:id` in configuration files (`telegram:-1001234`).
public struct ChatRef: Hashable, Sendable, CustomStringConvertible {
    public var platform: Platform
    public var id: String

    public init(platform: Platform, id: String) {
        self.platform = platform
        self.id = id
    }

    /// Parses `platform:id`; the id may itself contain colons (Matrix room ids do).
    public init?(parsing text: String) {
        guard let (platform, id) = splitQualified(text) else { return nil }
        self.init(platform: platform, id: id)
    }

    public var description: String { "\(platform):\(id)" }
}

/// Identifies a person on one platform, written `platform:id` in configuration files (`console:alice`,
/// `telegram:123456`, `matrix:@alice:example.org`).
public struct UserRef: Hashable, Sendable, CustomStringConvertible {
    public var platform: Platform
    public var id: String

    public init(platform: Platform, id: String) {
        self.platform = platform
        self.id = id
    }

    /// Parses `platform:id`; the id may itself contain colons (Matrix user ids do).
    public init?(parsing text: String) {
        guard let (platform, id) = splitQualified(text) else { return nil }
        self.init(platform: platform, id: id)
    }

    public var description: String { "\(platform):\(id)" }
}

private func splitQualified(_ text: String) -> (Platform, String)? {
    guard let colon = text.firstIndex(of: ":") else { return nil }
    let platform = text[..<colon].trimmingWhitespace()
    let id = text[text.index(after: colon)...].trimmingWhitespace()
    guard !platform.isEmpty, !id.isEmpty,
        platform.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
    else { return nil }
    return (Platform(rawValue: String(platform)), String(id))
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

/// `ChatRef` and `UserRef` are stored and configured as one string, `platform:id`.
extension ChatRef: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = ChatRef(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a chat as platform:id (console:workshop), found \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension UserRef: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = UserRef(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a user as platform:id (console:alice), found \"\(text)\"")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
