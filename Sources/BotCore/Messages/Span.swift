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
