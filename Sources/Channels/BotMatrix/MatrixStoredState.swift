import Foundation

/// What the Matrix channel keeps in the store's channel state, under which name, and for how long.
///
/// The names are the ones stores already hold, so an upgraded bot finds its session and its polls' buttons.
/// State that grows with every message or reaction carries an expiry, and the runtime's hourly housekeeping
/// forgets it then; the session and the per-room notices are few and stay until replaced.
enum MatrixStoredState {
    /// The access token the bot logged in with. No expiry: it is replaced by the next log-in, and cleared when
    /// the homeserver refuses it.
    static let accessToken = "matrix.access_token"
    /// The device id of the bot's log-ins. No expiry: the homeserver remembers transaction ids per device, so
    /// keeping the device keeps a repeated send one event.
    static let deviceID = "matrix.device_id"

    /// The buttons offered as reactions under one of the bot's messages (`event`), kept for `retention`.
    static func buttons(of event: String) -> String { "matrix.buttons." + event }

    /// What taking back one reaction (`event`) to such a button runs, kept for `retention` after the reaction.
    static func reaction(_ event: String) -> String { "matrix.reaction." + event }

    /// That the bot has said in `room` that it cannot read encrypted messages. One per room the bot is in, no
    /// expiry: forgetting it would say it again.
    static func encryptedNotice(in room: String) -> String { "matrix.encrypted_notice." + room }

    /// How long a message's buttons, and a reaction to them, are kept: 30 days. Product rule: a workshop lasts
    /// three weeks and its polls do not outlive it, so a reaction to a poll older than that runs nothing, as a
    /// reaction to any other message does (`/vote` still works for a poll still open).
    static let retention: TimeInterval = 30 * 86_400

    /// How long the channel trusts what it read of a message's buttons before reading the store again: an
    /// hour, the pace of housekeeping, so buttons it forgot stop working within the hour.
    static let recheck: TimeInterval = 3600

    /// When state written at `now` expires.
    static func expiry(from now: Date) -> Date { now.addingTimeInterval(retention) }
}
