import Foundation

/// One piece of formatted reply text. There is deliberately no "raw markup" span: every span's text is
/// escaped by the channel's renderer, so user-supplied text can never inject markup.
public enum Span: Sendable, Hashable, Codable {
    case text(String)
    case bold(String)
    case italic(String)
    case code(String)
    /// A link; channels only render it as a link when `url` is http(s), otherwise as text.
    case link(title: String, url: String)
    /// A person, named so that their platform notifies them (a user link or pill, as the channel renders it);
    /// shown as the plain name elsewhere. Only ever the person a message is for: never a way to ping a whole chat.
    case mention(name: String, user: UserRef)
    /// A moment, written out as `text` (in the zone the reply is for). Channels whose platform can show a time
    /// in each reader's own zone attach the instant; everywhere else the text stands.
    case time(at: Date, text: String)
}

/// Spans are stored (in the outbox, in plugins' records) in a compact form, since every queued reply is encoded
/// once and decoded once: plain text as a bare string, every other span as a short array led by a one-letter
/// tag (`["b", "bold"]`, `["l", title, url]`, `["m", name, "platform:id"]`, `["t", instant, text]`). The
/// older keyed form (`{"text": {"_0": "..."}}`) still decodes, so replies queued before an upgrade are sent.
extension Span {
    public func encode(to encoder: any Encoder) throws {
        if case .text(let text) = self {
            var container = encoder.singleValueContainer()
            try container.encode(text)
            return
        }
        var container = encoder.unkeyedContainer()
        switch self {
        case .text: break
        case .bold(let text): try container.encode("b"); try container.encode(text)
        case .italic(let text): try container.encode("i"); try container.encode(text)
        case .code(let text): try container.encode("c"); try container.encode(text)
        case .link(let title, let url):
            try container.encode("l"); try container.encode(title); try container.encode(url)
        case .mention(let name, let user):
            try container.encode("m"); try container.encode(name); try container.encode(user)
        case .time(let instant, let text):
            try container.encode("t"); try container.encode(instant); try container.encode(text)
        }
    }

    public init(from decoder: any Decoder) throws {
        if let text = try? decoder.singleValueContainer().decode(String.self) {
            self = .text(text)
        } else if var container = try? decoder.unkeyedContainer() {
            let tag = try container.decode(String.self)
            switch tag {
            case "b": self = .bold(try container.decode(String.self))
            case "i": self = .italic(try container.decode(String.self))
            case "c": self = .code(try container.decode(String.self))
            case "l": self = .link(title: try container.decode(String.self), url: try container.decode(String.self))
            case "m": self = .mention(name: try container.decode(String.self), user: try container.decode(UserRef.self))
            case "t": self = .time(at: try container.decode(Date.self), text: try container.decode(String.self))
            default:
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "unknown span tag \"\(tag.prefix(20))\"")
            }
        } else {
            self = try Self(legacy: decoder.container(keyedBy: LegacyKey.self))
        }
    }

    /// The keys of the older form, which named the case and held its values in a nested object.
    private enum LegacyKey: String, CodingKey {
        case text, bold, italic, code, link, mention, time
        case single = "_0", title, url, name, user, at
    }

    private init(legacy container: KeyedDecodingContainer<LegacyKey>) throws {
        guard let key = container.allKeys.first, container.allKeys.count == 1 else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: container.codingPath, debugDescription: "expected one span kind"))
        }
        let values = try container.nestedContainer(keyedBy: LegacyKey.self, forKey: key)
        switch key {
        case .text: self = .text(try values.decode(String.self, forKey: .single))
        case .bold: self = .bold(try values.decode(String.self, forKey: .single))
        case .italic: self = .italic(try values.decode(String.self, forKey: .single))
        case .code: self = .code(try values.decode(String.self, forKey: .single))
        case .link:
            self = .link(
                title: try values.decode(String.self, forKey: .title), url: try values.decode(String.self, forKey: .url)
            )
        case .mention:
            self = .mention(
                name: try values.decode(String.self, forKey: .name),
                user: try values.decode(UserRef.self, forKey: .user))
        case .time:
            self = .time(
                at: try values.decode(Date.self, forKey: .at), text: try values.decode(String.self, forKey: .text))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: key, in: container, debugDescription: "not a span kind")
        }
    }
}
