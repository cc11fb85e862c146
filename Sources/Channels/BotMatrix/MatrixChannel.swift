import BotCore
import BotHTTP
import Foundation
import Logging
import Synchronization

/// Workshop-bot as a Matrix bot: `/sync` long polling, replies as `m.room.message` with HTML, over the
/// client-server API (https://spec.matrix.org/latest/client-server-api/).
///
/// The runtime's `PollDriver` runs it: the `since` token moves on (and is stored) only after the runtime
/// reports every message of a sync handled, each in the same transaction as its command's changes; replies go
/// through the store's outbox with a transaction id derived from the triggering event, so a send repeated
/// after a fault is one event on the server. A crash at any point therefore repeats at most the last sync, whose handled events replay without
/// effect. On the very first start the backlog is skipped; the bot never reacts to its own events.
///
/// A progress message's event id (from the send's answer) is remembered in memory, and the answer that replaces
/// it is an edit of it (`m.replace`, the new content in `m.new_content`, the fallback body prefixed `* `); when
/// the id is unknown (after a restart, or the progress message was never sent) or the edit is refused, the
/// answer is a new message. A file is uploaded to the media repository and sent as an `m.file` event of its
/// own, after the reply's text.
public struct MatrixChannel: PlatformAdapter {
    /// What the channel needs from `bot.yaml`.
    public struct Configuration: Sendable {
        /// The homeserver's base URL (`https://matrix.example.org`).
        public var homeserver: String
        /// The bot's user id (`@workshop-bot:example.org`).
        public var userID: String
        public var accessToken: String?
        public var password: String?
        /// Room ids or aliases the bot serves and joins when invited; empty: any room it is invited to.
        public var rooms: [String]
        /// Power level from which a room member counts as a facilitator.
        public var facilitatorPowerLevel: Int
        /// How long the homeserver may hold one `/sync` open, in seconds.
        public var syncTimeout: Int
        /// The bot's command names, so replies show them with `!`.
        public var commandNames: Set<String>
        /// The workshop's language, for what the channel itself says (the notice in an encrypted room, how to
        /// answer a poll with reactions).
        public var texts: Texts
        /// The longest a 429's `retry_after_ms` (or `Retry-After`) is waited, in seconds (default 5 minutes, at
        /// most an hour; see `PlatformValues.retryHint`); longer hints are cut to it, and the log says so.
        public var retryHintCap: Double

        public init(
            homeserver: String, userID: String, accessToken: String? = nil, password: String? = nil,
            rooms: [String] = [],
            facilitatorPowerLevel: Int = 50, syncTimeout: Int = 30, commandNames: Set<String> = [],
            retryHintCap: Double = PlatformValues.defaultRetryHintCap,
            texts: Texts = Localization.coreOnly.workshopTexts
        ) {
            self.texts = texts
            self.retryHintCap = retryHintCap
            self.homeserver = homeserver.hasSuffix("/") ? String(homeserver.dropLast()) : homeserver
            self.userID = userID
            self.accessToken = accessToken
            self.password = password
            self.rooms = rooms
            self.facilitatorPowerLevel = facilitatorPowerLevel
            // Kept within a day, so the milliseconds and sums made of it cannot overflow.
            self.syncTimeout = min(max(syncTimeout, 0), 86_400)
            self.commandNames = commandNames
        }
    }

    public static let platformName: Platform = "matrix"
    public let platform: Platform = platformName
    let configuration: Configuration
    let api: MatrixAPI
    let store: any Store
    let logger: Logger
    let state: ChannelState
    /// The progress messages sent, by progress key, so the answer can edit them.
    let progress = ProgressMessages()
    /// The power levels of the rooms, kept current from sync: the channel's source of facilitators.
    public let powerLevels: MatrixPowerLevels

    /// The sync token the next `/sync` starts from, in the store.
    public static let sinceCursor = "matrix.since"
    /// When `/sync` last succeeded (ISO 8601), for `workshop-bot status`.
    public static let lastPollCursor = "matrix.last_poll"
    /// The clock that dates the channel's state in the store (when a message's buttons expire).
    let clock: any BotClock

    /// - Parameter clock: dates what the channel keeps in the store, so housekeeping on the same clock forgets
    ///   it in time (`MatrixStoredState`).
    public init(
        configuration: Configuration, http: HTTPClient, store: any Store, logger: Logger,
        clock: any BotClock = SystemClock()
    ) {
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.clock = clock
        let session = MatrixSession(
            userID: configuration.userID, accessToken: configuration.accessToken, password: configuration.password,
            store: store, logger: logger)
        api = MatrixAPI(
            http: http, baseURL: configuration.homeserver, session: session, retryHintCap: configuration.retryHintCap,
            logger: logger)
        let state = ChannelState()
        self.state = state
        powerLevels = MatrixPowerLevels(
            threshold: configuration.facilitatorPowerLevel, api: api, logger: logger,
            configuredRooms: { state.allowedRooms })
    }

    // MARK: Receiving

    public var polling: PollingProfile {
        PollingProfile(
            cursor: Self.sinceCursor, lastPoll: Self.lastPollCursor, pollTimeout: configuration.syncTimeout,
            pollName: "sync")
    }

    /// Checks the credentials (logging in when only a password is configured) and resolves the room allowlist.
    public func prepare() async throws {
        let me = try await api.call(.get, "/account/whoami", as: WhoAmIResponse.self)
        guard me.userId == configuration.userID else {
            throw ChannelError.unauthorized(
                "the access token belongs to \(me.userId), not to the configured \(configuration.userID)")
        }
        var allowed: Set<String> = []
        for entry in configuration.rooms {
            if entry.hasPrefix("#") {
                do {
                    let resolved = try await api.call(
                        .get, "/directory/room/\(MatrixAPI.escape(entry))", as: RoomIDResponse.self)
                    allowed.insert(resolved.roomId)
                    state.setAlias(entry, of: resolved.roomId)
                } catch ChannelError.rejected(let why) {
                    logger.error(
                        "a room alias in matrix.rooms does not resolve; skipped",
                        metadata: ["alias": "\(entry)", "why": "\(why)"])
                }
            } else {
                allowed.insert(entry)
            }
        }
        state.setAllowed(configuration.rooms.isEmpty ? nil : allowed)
        logger.info(
            "matrix ready",
            metadata: ["user": "\(me.userId)", "rooms": "\(configuration.rooms.isEmpty ? "any" : "\(allowed.count)")"])
    }

    /// One `/sync` from the stored token (nil: the very first, which only takes in the rooms' state), read
    /// whole: when the events between two syncs cannot be read, or the store cannot, this throws and the same
    /// sync comes again.
    public func poll(after since: String?) async throws -> PolledBatch<MatrixFollowUp> {
        try await process(try await sync(since: since), initial: since == nil, since: since)
    }

    /// Answers invitations; after each sync, joins the rooms of the allowlist (the first time), tries again
    /// the invitations the homeserver could not take, and says in each encrypted room that the bot cannot read
    /// it.
    public func handle(_ item: MatrixFollowUp) async {
        switch item.kind {
        case .invitation(let room):
            await answerInvite(room)
        case .afterSync:
            if state.claimFirstSync() { await joinAllowedRooms() }
            await retryInvitations()
            await sayEncryptedNotices()
        }
    }

    /// The events the bot reads, and only those; members are lazy-loaded (only senders' display names).
    static func filter(timelineLimit: Int) -> String {
        let filter: [String: Any] = [
            "presence": ["types": [String]()],
            "account_data": ["types": [String]()],
            "room": [
                "state": [
                    "types": ["m.room.power_levels", "m.room.create", "m.room.encryption", "m.room.member"],
                    "lazy_load_members": true,
                ],
                "timeline": [
                    "types": [
                        "m.room.message", "m.reaction", "m.room.redaction", "m.room.encrypted", "m.room.power_levels",
                        "m.room.create", "m.room.encryption", "m.room.member",
                    ],
                    "limit": timelineLimit,
                    "lazy_load_members": true,
                ],
                "ephemeral": ["types": [String]()],
                "account_data": ["types": [String]()],
            ],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: filter, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    func sync(since: String?) async throws -> SyncResponse {
        var query: [(String, String)] = [("filter", Self.filter(timelineLimit: since == nil ? 1 : 100))]
        if let since {
            query.append(("since", since))
            query.append(("timeout", String(configuration.syncTimeout * 1000)))
        } else {
            query.append(("timeout", "0"))
        }
        let body = try await api.call(.get, "/sync", query: query, timeout: .seconds(configuration.syncTimeout + 30))
        return try SyncResponse.scanning(body)
    }

    /// Takes in one sync answer: state, and (unless it is the very first) the new events, as the batch's
    /// messages in order; invitations and the work after each sync as its items; the sync token as its cursor.
    func process(_ sync: SyncResponse, initial: Bool, since: String?) async throws -> PolledBatch<MatrixFollowUp> {
        var batch = PolledBatch<MatrixFollowUp>(cursor: sync.nextBatch)
        for roomID in sync.rooms?.invite.map({ Array($0.keys) }) ?? [] {
            batch.items.append(MatrixFollowUp(kind: .invitation(roomID)))
        }
        batch.items.append(MatrixFollowUp(kind: .afterSync))
        for roomID in sync.rooms?.leave.map({ Array($0.keys) }) ?? [] {
            powerLevels.forget(room: roomID)
        }
        for (roomID, room) in sync.rooms?.join ?? [:] {
            guard state.isAllowed(roomID) else { continue }
            if let count = room.summary?.joinedMemberCount { state.setMemberCount(count, in: roomID) }
            var timeline = room.timeline?.events ?? []
            for item in room.state?.events ?? [] {
                if let event = item.value { observeState(event, in: roomID) }
            }
            if initial {
                for item in timeline {
                    if let event = item.value, event.stateKey != nil { observeState(event, in: roomID) }
                }
                continue
            }
            // Only what happened after the bot joined: history a new room shows on joining is not answered.
            // (A join after a join is a profile change, not a new membership.)
            let joinedNow = timeline.lastIndex { item in
                guard let event = item.value else { return false }
                return event.type == "m.room.member" && event.stateKey == configuration.userID
                    && event.content["membership"]?.string == "join"
                    && event.unsigned?["prev_content"]?["membership"]?.string != "join"
            }
            if let joinedNow {
                timeline = Array(timeline[(joinedNow + 1)...])
            } else if room.timeline?.limited == true, let from = room.timeline?.prevBatch, let since {
                timeline = try await gap(in: roomID, from: from, to: since) + timeline
            }
            for item in timeline {
                guard let event = item.value else {
                    batch.skipped.append(.init(what: "event in \(roomID)", reason: item.failure ?? ""))
                    continue
                }
                if event.stateKey != nil {
                    observeState(event, in: roomID)
                    continue
                }
                guard event.sender != configuration.userID else { continue }
                switch event.type {
                case "m.room.message":
                    if var message = incomingMessage(from: event, in: roomID) {
                        message.isDirect = await memberCount(of: roomID) == 2
                        batch.messages.append(message)
                    }
                case "m.reaction":
                    if let message = try await incomingPress(from: event, in: roomID) { batch.messages.append(message) }
                case "m.room.redaction":
                    if let message = try await withdrawnPress(from: event, in: roomID) {
                        batch.messages.append(message)
                    }
                case "m.room.encrypted":
                    state.markEncrypted(roomID)
                default:
                    break
                }
            }
        }
        return batch
    }

    /// The events of a room between the last sync and the start of a limited timeline, oldest first, so a
    /// burst larger than one sync's timeline is read whole. A failed page fails the whole sync, which is then
    /// read again from the same token. Beyond 10,000 events (days of downtime in a busy room) the oldest are
    /// left unread, and the log says so.
    func gap(in room: String, from: String, to: String) async throws -> [Lenient<MatrixEvent>] {
        var events: [Lenient<MatrixEvent>] = []
        var token = from
        while true {
            let page = try await api.callForEvents(
                .get, "/rooms/\(MatrixAPI.escape(room))/messages",
                query: [("from", token), ("to", to), ("dir", "b"), ("limit", "100")], member: "chunk")
            events += page.events
            let end = JSONSlices.member("end", of: page.answer).flatMap {
                try? JSONDecoder().decode(String.self, from: $0)
            }
            guard let end, !page.events.isEmpty else { break }
            if events.count >= 10_000 {
                logger.error(
                    "more than 10,000 events missed in a room; the oldest are not read", metadata: ["room": "\(room)"])
                break
            }
            token = end
        }
        return events.reversed()
    }

    /// How many people have joined the room (2: a direct chat with the bot); asked once when no sync said.
    func memberCount(of room: String) async -> Int? {
        if let known = state.memberCount(of: room) { return known }
        guard
            let answer = try? await api.call(
                .get, "/rooms/\(MatrixAPI.escape(room))/joined_members", as: JSONValue.self),
            let joined = answer["joined"]?.object
        else {
            // Not asked again: until a sync says otherwise, the room is treated as a group.
            state.setMemberCount(0, in: room)
            return nil
        }
        state.setMemberCount(joined.count, in: room)
        return joined.count
    }

    func observeState(_ event: MatrixEvent, in room: String) {
        switch event.type {
        case "m.room.power_levels", "m.room.create": powerLevels.observe(event, in: room)
        case "m.room.encryption": state.markEncrypted(room)
        case "m.room.member":
            if let user = event.stateKey, let name = event.content["displayname"]?.string {
                state.setDisplayName(name, of: user, in: room)
            }
        default: break
        }
    }

    /// The runtime's view of a text message, or nil for what the bot does not read: notices (other bots),
    /// edits, media, and content of the wrong shape.
    func incomingMessage(from event: MatrixEvent, in room: String) -> IncomingMessage? {
        guard let eventID = event.eventId else { return nil }
        guard event.content["msgtype"]?.string == "m.text", var body = event.content["body"]?.string else {
            if event.content["msgtype"] == nil || event.content["body"]?.string == nil {
                logger.debug("skipped a message without a text body", metadata: ["room": "\(room)"])
            }
            return nil
        }
        let relation = event.content["m.relates_to"]
        if relation?["rel_type"]?.string == "m.replace" { return nil }  // an edit: commands are read once, as sent
        if relation?["m.in_reply_to"] != nil { body = Self.strippingReplyFallback(body) }
        let thread = relation?["rel_type"]?.string == "m.thread" ? relation?["event_id"]?.string : nil
        return IncomingMessage(
            chat: ChatRef(platform: platform, id: room), thread: thread,
            sender: UserRef(platform: platform, id: event.sender), senderName: displayName(of: event.sender, in: room),
            text: body, time: event.time,
            messageID: eventID, botUsername: Self.localpart(configuration.userID))
    }

    /// A reaction with one of the keys the bot offered under one of its messages: runs that button's command
    /// as the person who reacted.
    func incomingPress(from event: MatrixEvent, in room: String) async throws -> IncomingMessage? {
        guard let eventID = event.eventId, let relation = event.content["m.relates_to"],
            relation["rel_type"]?.string == "m.annotation", let target = relation["event_id"]?.string,
            let key = relation["key"]?.string
        else { return nil }
        guard let buttons = try await buttons(of: target),
            let button = buttons.first(where: { Self.sameKey($0.key, key) })
        else { return nil }
        let command = button.command
        let name = displayName(of: event.sender, in: room)
        if let undo = button.undo {
            // Remembered so that taking the reaction back (a redaction naming only this event) can be undone.
            let withdrawal = Withdrawal(sender: event.sender, target: target, command: undo)
            let encoded = String(decoding: (try? JSONEncoder().encode(withdrawal)) ?? Data(), as: UTF8.self)
            let stateName = MatrixStoredState.reaction(eventID)
            let until = MatrixStoredState.expiry(from: clock.now())
            try await store.transaction { try $0.setCursor(stateName, to: encoded, expiresAt: until) }
        }
        return IncomingMessage(
            chat: ChatRef(platform: platform, id: room), sender: UserRef(platform: platform, id: event.sender),
            senderName: name, text: command,
            time: event.time,
            messageID: eventID, botUsername: Self.localpart(configuration.userID),
            pressID: Self.pressID(target: target, name: name))
    }

    /// A reaction to a poll taken back: runs the button's undo command as the person who had reacted (a
    /// moderator's redaction of someone else's reaction changes nobody's vote).
    /// (The record of the reaction is kept until it expires: a redaction delivered again replays without effect.)
    func withdrawnPress(from event: MatrixEvent, in room: String) async throws -> IncomingMessage? {
        guard let eventID = event.eventId, let redacted = event.content["redacts"]?.string ?? event.redacts else {
            return nil
        }
        let stateName = MatrixStoredState.reaction(redacted)
        guard let text = try await store.transaction({ try $0.cursor(stateName) }),
            let withdrawal = try? JSONDecoder().decode(Withdrawal.self, from: Data(text.utf8)),
            withdrawal.sender == event.sender
        else { return nil }
        let name = displayName(of: event.sender, in: room)
        return IncomingMessage(
            chat: ChatRef(platform: platform, id: room), sender: UserRef(platform: platform, id: event.sender),
            senderName: name, text: withdrawal.command,
            time: event.time,
            messageID: eventID, botUsername: Self.localpart(configuration.userID),
            pressID: Self.pressID(target: withdrawal.target, name: name))
    }

    /// Clients differ in whether they add the emoji variation selector: keys compare without it.
    static func sameKey(_ a: String, _ b: String) -> Bool {
        func plain(_ s: String) -> String {
            String(String.UnicodeScalarView(s.unicodeScalars.filter { $0 != "\u{FE0F}" }))
        }
        return plain(a) == plain(b)
    }

    /// A press is answered in reply to the message whose reaction it was, naming who reacted.
    static func pressID(target: String, name: String) -> String { target + "\n" + name }

    static func parsePressID(_ press: String) -> (target: String, name: String) {
        let parts = press.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
    }

    /// Removes the quoted lines (`> …`) older clients put before the text of a reply.
    static func strippingReplyFallback(_ body: String) -> String {
        guard body.hasPrefix("> ") else { return body }
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false)
        guard let blank = lines.firstIndex(where: { !$0.hasPrefix(">") }) else { return body }
        return lines[blank...].drop { $0.isEmpty }.joined(separator: "\n")
    }

    static func localpart(_ userID: String) -> String {
        String(userID.dropFirst().prefix { $0 != ":" })
    }

    func displayName(of user: String, in room: String) -> String {
        state.displayName(of: user, in: room) ?? Self.localpart(user)
    }

    /// Joins a room in the allowlist (or any room when there is none); declines other invites.
    /// An invitation appears in one sync only: one the homeserver could not take now (rate limit, fault) is
    /// kept and tried again after every sync.
    func answerInvite(_ roomID: String) async {
        do {
            if state.isAllowed(roomID) {
                _ = try await api.call(
                    .post, "/join/\(MatrixAPI.escape(state.joinTarget(roomID)))", json: Data("{}".utf8))
                logger.info("joined a room on invitation", metadata: ["room": "\(roomID)"])
            } else {
                _ = try await api.call(.post, "/rooms/\(MatrixAPI.escape(roomID))/leave", json: Data("{}".utf8))
                logger.info("declined an invitation to a room outside matrix.rooms", metadata: ["room": "\(roomID)"])
            }
            state.invitationAnswered(roomID)
        } catch ChannelError.rejected(let why) {
            state.invitationAnswered(roomID)
            logger.warning(
                "an invitation could not be answered (withdrawn?)", metadata: ["room": "\(roomID)", "why": "\(why)"])
        } catch {
            state.invitationPending(roomID)
            logger.warning(
                "could not answer an invitation; trying again", metadata: ["room": "\(roomID)", "error": "\(error)"])
        }
    }

    func retryInvitations() async {
        for room in state.pendingInvitations() { await answerInvite(room) }
    }

    /// Joins the allowlisted rooms the bot is not in yet (public ones, or with a pending invitation), by alias
    /// where it was given as one, so the homeserver finds rooms of other servers.
    func joinAllowedRooms() async {
        guard let allowed = state.allowedRooms else { return }
        guard let answer = try? await api.call(.get, "/joined_rooms", as: JSONValue.self) else { return }
        let joined = Set((answer["joined_rooms"]?.array ?? []).compactMap(\.string))
        for room in allowed.subtracting(joined).sorted() {
            do {
                _ = try await api.call(
                    .post, "/join/\(MatrixAPI.escape(state.joinTarget(room)))", json: Data("{}".utf8))
                logger.info("joined a room of matrix.rooms", metadata: ["room": "\(room)"])
            } catch {
                logger.notice(
                    "could not join a room of matrix.rooms; invite the bot",
                    metadata: ["room": "\(room)", "error": "\(error)"])
            }
        }
    }

    /// Says once per room, in plain text, that the bot cannot read encrypted messages.
    func sayEncryptedNotices() async {
        for room in state.encryptedRooms() {
            let stateName = MatrixStoredState.encryptedNotice(in: room)
            guard (try? await store.transaction({ try $0.cursor(stateName) })) == .some(nil) else {
                state.encryptedNoticeDone(room)
                continue
            }
            var notice = OutgoingMessage(
                chat: ChatRef(platform: platform, id: room),
                reply: Reply(configuration.texts("channel.encrypted"), isNotice: true))
            notice.idempotencyKey = "matrix-encrypted:\(room)"
            do {
                try await send(notice)
                try await store.transaction { try $0.setCursor(stateName, to: Date().formatted(.iso8601)) }
                state.encryptedNoticeDone(room)
            } catch {
                logger.warning(
                    "could not post the encrypted-room notice", metadata: ["room": "\(room)", "error": "\(error)"])
            }
        }
    }

    // MARK: Sending

    public func send(_ message: OutgoingMessage) async throws {
        let room = message.chat.id
        var reply = message.reply
        var replyTo = message.replyTo
        if let press = message.answersPress {
            // No toasts in Matrix: the answer to a reaction is a notice under the reacted-to message.
            let (target, name) = Self.parsePressID(press)
            replyTo = target
            if !name.isEmpty, !reply.lines.isEmpty {
                reply.lines[0] = RichText(spans: [.text("\(name): ")] + reply.lines[0].spans)
            }
            reply.isNotice = true
        }
        guard !reply.isEmpty else { return }
        var text = reply
        text.attachment = nil
        let key = message.replacesProgress ?? message.showsProgress
        let editing = key.flatMap(progress.id(for:))
        var lastEventID: String?
        let contents =
            text.isEmpty
            ? []
            : MatrixRendering.contents(
                for: text, replyTo: replyTo, thread: message.thread, commandNames: configuration.commandNames,
                texts: configuration.texts)
        for (index, content) in contents.enumerated() {
            if index == 0, let editing, try await edit(editing, in: room, to: content, key: message.idempotencyKey) {
                lastEventID = editing
                continue
            }
            let txn = MatrixRendering.transactionID(key: message.idempotencyKey, part: index)
            let sent = try await api.call(
                .put, "/rooms/\(MatrixAPI.escape(room))/send/m.room.message/\(MatrixAPI.escape(txn))",
                json: MatrixAPI.json(content), as: EventIDResponse.self)
            if index == 0, let progressKey = message.showsProgress { progress.remember(sent.eventId, for: progressKey) }
            lastEventID = sent.eventId
        }
        if let replaced = message.replacesProgress, !contents.isEmpty { progress.forget(replaced) }
        if let file = reply.attachment {
            let uri = try await api.upload(file)
            let content = MatrixRendering.fileContent(
                file, uri: uri, replyTo: contents.isEmpty ? replyTo : nil, thread: message.thread)
            let txn = MatrixRendering.transactionID(key: message.idempotencyKey, part: MatrixRendering.filePart)
            _ = try await api.call(
                .put, "/rooms/\(MatrixAPI.escape(room))/send/m.room.message/\(MatrixAPI.escape(txn))",
                json: MatrixAPI.json(content), as: EventIDResponse.self)
        }
        let buttons = reply.buttons.flatMap { $0 }.prefix(MatrixRendering.buttonKeys.count)
        guard let lastEventID, !buttons.isEmpty else { return }
        // Offer the buttons as reactions: remembered first, so a quick tap finds them.
        let offered = buttons.enumerated().map {
            OfferedButton(
                key: MatrixRendering.buttonKeys[$0.offset], command: $0.element.select ?? $0.element.command,
                undo: $0.element.undo)
        }
        let encoded = String(decoding: (try? JSONEncoder().encode(offered)) ?? Data(), as: UTF8.self)
        let stateName = MatrixStoredState.buttons(of: lastEventID)
        let until = MatrixStoredState.expiry(from: clock.now())
        try await store.transaction { try $0.setCursor(stateName, to: encoded, expiresAt: until) }
        state.rememberButtons(offered, for: lastEventID, until: until)
        for (index, button) in offered.enumerated() {
            let content: [String: Any] = [
                "m.relates_to": ["rel_type": "m.annotation", "event_id": lastEventID, "key": button.key]
            ]
            let txn = MatrixRendering.transactionID(key: message.idempotencyKey, part: 1000 + index)
            _ = try await api.call(
                .put, "/rooms/\(MatrixAPI.escape(room))/send/m.reaction/\(MatrixAPI.escape(txn))",
                json: MatrixAPI.json(content), as: EventIDResponse.self)
        }
    }

    /// Edits the bot's event `original` in `room` to show `content` (`MatrixRendering.replacement`): true when
    /// sent; false when the homeserver refuses it for good (the event is gone, or not the bot's), so the caller
    /// sends `content` as a new message.
    private func edit(_ original: String, in room: String, to content: [String: Any], key: String?) async throws
        -> Bool
    {
        let txn = MatrixRendering.transactionID(key: key, part: MatrixRendering.editPart)
        do {
            _ = try await api.call(
                .put, "/rooms/\(MatrixAPI.escape(room))/send/m.room.message/\(MatrixAPI.escape(txn))",
                json: MatrixAPI.json(MatrixRendering.replacement(of: original, with: content)), as: EventIDResponse.self
            )
            return true
        } catch ChannelError.rejected(let why) {
            logger.info("message not editable; sending a new one", metadata: ["why": "\(why)"])
            return false
        }
    }

    /// The buttons offered under one of the bot's messages; nil for any other message (remembered, since most
    /// reactions in a chat are not votes), and for one whose buttons expired (`MatrixStoredState`). A store
    /// failure is thrown, so the sync is read again.
    func buttons(of event: String) async throws -> [OfferedButton]? {
        let now = clock.now()
        if let known = state.buttons(for: event, at: now) { return known.isEmpty ? nil : known }
        let stored = try await store.transaction { try $0.cursor(MatrixStoredState.buttons(of: event)) }
        let decoded = stored.flatMap { try? JSONDecoder().decode([OfferedButton].self, from: Data($0.utf8)) } ?? []
        // The store's answer stands until it is asked again, after an hour: housekeeping's pace.
        state.rememberButtons(decoded, for: event, until: now.addingTimeInterval(MatrixStoredState.recheck))
        return decoded.isEmpty ? nil : decoded
    }
}

/// A button offered as a reaction key under a message.
struct OfferedButton: Codable, Sendable, Hashable {
    var key: String
    var command: String
    var undo: String?
}

/// What withdrawing one person's reaction runs.
struct Withdrawal: Codable, Sendable, Hashable {
    var sender: String
    var target: String
    var command: String
}

/// What the channel does itself once a sync's messages are delivered.
public struct MatrixFollowUp: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// An invitation to a room: joined when the room is allowed, declined otherwise.
        case invitation(String)
        /// The work after each sync: the allowlist's rooms (once), invitations to try again, encrypted rooms.
        case afterSync
    }

    let kind: Kind
}

/// The channel's memory between syncs (its state in the store is `MatrixStoredState`): allowed rooms, display
/// names, encrypted rooms, offered buttons (each until it expires), member counts and invitations to answer.
/// Everything here can be rebuilt from the homeserver and the store.
final class ChannelState: Sendable {
    private struct State {
        var allowed: Set<String>?
        var names: [String: [String: String]] = [:]
        var encrypted: Set<String> = []
        var noticed: Set<String> = []
        var buttons: [String: (buttons: [OfferedButton], until: Date)] = [:]
        var members: [String: Int] = [:]
        var aliases: [String: String] = [:]
        var pendingInvitations: Set<String> = []
        var synced = false
    }

    private let state = Mutex(State())

    func setAllowed(_ rooms: Set<String>?) { state.withLock { $0.allowed = rooms } }
    var allowedRooms: Set<String>? { state.withLock { $0.allowed } }
    func isAllowed(_ room: String) -> Bool { state.withLock { $0.allowed?.contains(room) ?? true } }

    func setDisplayName(_ name: String, of user: String, in room: String) {
        state.withLock { $0.names[room, default: [:]][user] = name }
    }
    func displayName(of user: String, in room: String) -> String? { state.withLock { $0.names[room]?[user] } }

    func markEncrypted(_ room: String) { _ = state.withLock { $0.encrypted.insert(room) } }
    func encryptedRooms() -> [String] { state.withLock { $0.encrypted.subtracting($0.noticed).sorted() } }
    func encryptedNoticeDone(_ room: String) { _ = state.withLock { $0.noticed.insert(room) } }

    /// Remembers `buttons` (empty: none) for `event` until `until`.
    func rememberButtons(_ buttons: [OfferedButton], for event: String, until: Date) {
        state.withLock { state in
            if state.buttons.count > 1000 { state.buttons.removeAll() }
            state.buttons[event] = (buttons, until)
        }
    }
    /// The buttons remembered for `event`, unless they expired by `now`.
    func buttons(for event: String, at now: Date) -> [OfferedButton]? {
        state.withLock { state in
            guard let entry = state.buttons[event] else { return nil }
            guard entry.until > now else {
                state.buttons[event] = nil
                return nil
            }
            return entry.buttons
        }
    }

    func setMemberCount(_ count: Int, in room: String) { state.withLock { $0.members[room] = count } }

    func setAlias(_ alias: String, of room: String) { state.withLock { $0.aliases[room] = alias } }
    /// What to join a room by: its configured alias when there is one, else its id.
    func joinTarget(_ room: String) -> String { state.withLock { $0.aliases[room] ?? room } }

    func invitationPending(_ room: String) { _ = state.withLock { $0.pendingInvitations.insert(room) } }
    func invitationAnswered(_ room: String) { _ = state.withLock { $0.pendingInvitations.remove(room) } }
    func pendingInvitations() -> [String] { state.withLock { $0.pendingInvitations.sorted() } }
    func memberCount(of room: String) -> Int? { state.withLock { $0.members[room] } }

    /// True the first time only: the first sync the channel has taken in.
    func claimFirstSync() -> Bool {
        state.withLock { state in
            defer { state.synced = true }
            return !state.synced
        }
    }

}
