import BotCore
import Foundation

// The client-server API objects the channel reads (https://spec.matrix.org/latest/client-server-api/), with
// only the fields it uses. Event content is kept as loose JSON: a homeserver relays whatever clients send, so a
// field of the wrong type must skip that one event, never the whole sync response.

/// Any JSON value, for event content that may hold anything.
enum JSONValue: Decodable, Sendable, Hashable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case object([String: JSONValue])
    case array([JSONValue])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var object: [String: JSONValue]? {
        if case .object(let value) = self { return value }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }
}

/// A value that decodes to nil instead of failing, so one bad element skips only itself.
struct Lenient<Value: Decodable>: Decodable {
    var value: Value?
    var failure: String?

    init(from decoder: any Decoder) throws {
        do {
            value = try Value(from: decoder)
        } catch {
            value = nil
            failure = "\(error)"
        }
    }
}

extension Lenient: Sendable where Value: Sendable {}

extension Lenient {
    /// `json` decoded on its own; a failure is kept (shortened), not thrown.
    init(json: Data) {
        do {
            value = try JSONDecoder().decode(Value.self, from: json)
            failure = nil
        } catch {
            value = nil
            failure = String("\(error)".prefix(300))
        }
    }
}

/// A room event, as `/sync` and `/messages` deliver it.
struct MatrixEvent: Decodable, Sendable {
    /// `m.room.message`, `m.reaction`, `m.room.member`, ...
    let type: String
    /// The full user id of who sent it.
    let sender: String
    /// Absent in stripped state (invitations); a message without one is not answered.
    let eventId: String?
    /// Milliseconds since 1970 on the homeserver's clock.
    let originServerTs: Int64?
    /// Set on state events: whose or which state it is (the member's user id for `m.room.member`).
    let stateKey: String?
    /// The event's body, decoded by its type's reader.
    let content: JSONValue
    /// For redactions in rooms before version 11, the redacted event (later versions put it in the content).
    let redacts: String?
    /// What the homeserver adds, such as `prev_content` of a state event.
    let unsigned: JSONValue?

    enum CodingKeys: String, CodingKey {
        case type, sender, content, redacts, unsigned
        case eventId = "event_id"
        case originServerTs = "origin_server_ts"
        case stateKey = "state_key"
    }

    /// When the sender's homeserver received it; now when it did not say or said something impossible.
    var time: Date { PlatformValues.time(secondsSince1970: originServerTs.map { Double($0) / 1000 }) }

    init(
        type: String, sender: String, eventId: String?, originServerTs: Int64? = nil, stateKey: String? = nil,
        content: JSONValue
    ) {
        self.type = type
        self.sender = sender
        self.eventId = eventId
        self.originServerTs = originServerTs
        self.stateKey = stateKey
        self.content = content
        self.redacts = nil
        self.unsigned = nil
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(String.self, forKey: .type)
        sender = try c.decode(String.self, forKey: .sender)
        eventId = try c.decodeIfPresent(String.self, forKey: .eventId)
        originServerTs = try? c.decodeIfPresent(Int64.self, forKey: .originServerTs)
        stateKey = try? c.decodeIfPresent(String.self, forKey: .stateKey)
        content = (try? c.decodeIfPresent(JSONValue.self, forKey: .content)) ?? .object([:])
        redacts = try? c.decodeIfPresent(String.self, forKey: .redacts)
        unsigned = try? c.decodeIfPresent(JSONValue.self, forKey: .unsigned)
    }
}

/// The stripped state events of an invite.
struct StrippedEvent: Decodable, Sendable {
    var type: String
    var sender: String?
    var stateKey: String?
    var content: JSONValue?

    enum CodingKeys: String, CodingKey {
        case type, sender, content
        case stateKey = "state_key"
    }
}

/// The parts of a `/sync` answer the channel reads.
struct SyncResponse: Decodable, Sendable {
    var nextBatch: String
    var rooms: Rooms?

    enum CodingKeys: String, CodingKey {
        case nextBatch = "next_batch"
        case rooms
    }

    struct Rooms: Decodable, Sendable {
        var join: [String: JoinedRoom]?
        var invite: [String: InvitedRoom]?
        var leave: [String: Lenient<JSONValue>]?
    }

    struct JoinedRoom: Decodable, Sendable {
        var state: Events?
        var timeline: Timeline?
        var summary: Summary?
    }

    /// Sent when it changes (and in the first sync): how many people the room has.
    struct Summary: Decodable, Sendable {
        var joinedMemberCount: Int?

        enum CodingKeys: String, CodingKey { case joinedMemberCount = "m.joined_member_count" }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            joinedMemberCount = try? c.decodeIfPresent(Int.self, forKey: .joinedMemberCount)
        }
    }

    struct Events: Decodable, Sendable {
        var events: [Lenient<MatrixEvent>]?
    }

    struct Timeline: Decodable, Sendable {
        var events: [Lenient<MatrixEvent>]?
        var limited: Bool?
        var prevBatch: String?

        enum CodingKeys: String, CodingKey {
            case events, limited
            case prevBatch = "prev_batch"
        }
    }

    struct InvitedRoom: Decodable, Sendable {
        var inviteState: InviteState?

        enum CodingKeys: String, CodingKey { case inviteState = "invite_state" }

        struct InviteState: Decodable, Sendable {
            var events: [Lenient<StrippedEvent>]?
        }
    }
}

extension SyncResponse {
    /// A `/sync` answer read piece by piece: the rooms and their event lists are split without being parsed
    /// whole, and each event, summary and invitation is decoded on its own. So an event nested deeper than the
    /// decoder's limit, or with a number that does not fit, is skipped alone (kept as a failure, logged by the
    /// channel) and the rest of the sync is handled; parts of the answer the bot does not read are never
    /// decoded. Throws only when the answer is not an object with a `next_batch` token.
    static func scanning(_ data: Data) throws -> SyncResponse {
        let decoder = JSONDecoder()
        guard let top = JSONSlices.members(of: data),
            let nextBatch = first("next_batch", in: top).flatMap({ try? decoder.decode(String.self, from: $0) })
        else { throw ChannelError.transient("GET /sync: unreadable answer (\(data.count) bytes)") }
        guard let rooms = first("rooms", in: top).flatMap(JSONSlices.members(of:)) else {
            return SyncResponse(nextBatch: nextBatch, rooms: nil)
        }
        var join: [String: JoinedRoom]?
        if let joined = first("join", in: rooms).flatMap(JSONSlices.members(of:)) {
            join = [:]
            for (roomID, room) in joined where join?[roomID] == nil {
                guard let parts = JSONSlices.members(of: room) else { continue }
                let state = first("state", in: parts).flatMap(JSONSlices.members(of:))
                let timeline = first("timeline", in: parts).flatMap(JSONSlices.members(of:))
                join?[roomID] = JoinedRoom(
                    state: state.map { Events(events: first("events", in: $0).flatMap(events(in:))) },
                    timeline: timeline.map { timeline in
                        Timeline(
                            events: first("events", in: timeline).flatMap(events(in:)),
                            limited: first("limited", in: timeline).flatMap {
                                try? decoder.decode(Bool.self, from: $0)
                            },
                            prevBatch: first("prev_batch", in: timeline).flatMap {
                                try? decoder.decode(String.self, from: $0)
                            })
                    },
                    summary: first("summary", in: parts).flatMap { try? decoder.decode(Summary.self, from: $0) })
            }
        }
        var invite: [String: InvitedRoom]?
        if let invited = first("invite", in: rooms).flatMap(JSONSlices.members(of:)) {
            invite = [:]
            for (roomID, room) in invited where invite?[roomID] == nil {
                invite?[roomID] = (try? decoder.decode(InvitedRoom.self, from: room)) ?? InvitedRoom(inviteState: nil)
            }
        }
        var leave: [String: Lenient<JSONValue>]?
        if let left = first("leave", in: rooms).flatMap(JSONSlices.members(of:)) {
            leave = [:]
            for (roomID, room) in left where leave?[roomID] == nil { leave?[roomID] = Lenient(json: room) }
        }
        return SyncResponse(nextBatch: nextBatch, rooms: Rooms(join: join, invite: invite, leave: leave))
    }

    /// The events of a JSON list, each decoded on its own; nil when `list` is not a list.
    static func events(in list: Data) -> [Lenient<MatrixEvent>]? {
        JSONSlices.elements(of: list)?.map(Lenient<MatrixEvent>.init(json:))
    }

    private static func first(_ key: String, in members: [(key: String, value: Data)]) -> Data? {
        members.first { $0.key == key }?.value
    }
}

/// The answer of `/login`.
struct LoginResponse: Decodable, Sendable {
    var accessToken: String
    var userId: String
    var deviceId: String?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case userId = "user_id"
        case deviceId = "device_id"
    }
}

/// The answer of `/account/whoami`.
struct WhoAmIResponse: Decodable, Sendable {
    var userId: String

    enum CodingKeys: String, CodingKey { case userId = "user_id" }
}

/// The answer of `/rooms/{roomId}/send/...` and similar.
struct EventIDResponse: Decodable, Sendable {
    var eventId: String

    enum CodingKeys: String, CodingKey { case eventId = "event_id" }
}

/// The answer of `/directory/room/{roomAlias}` and `/join`.
struct RoomIDResponse: Decodable, Sendable {
    var roomId: String

    enum CodingKeys: String, CodingKey { case roomId = "room_id" }
}

/// An error body (`{"errcode": "M_...", "error": "...", "retry_after_ms": n}`).
struct MatrixErrorBody: Decodable, Sendable {
    var errcode: String?
    var error: String?
    var retryAfterMs: Double?

    enum CodingKeys: String, CodingKey {
        case errcode, error
        case retryAfterMs = "retry_after_ms"
    }
}
