import BotCore
import Foundation
import Logging
import Synchronization

/// Makes the people with enough power in a Matrix room facilitators of that room. The role resolver counts this
/// only in the workshop's own chats (the rooms of `matrix.rooms`, the roster's chats...) and only for that room.
///
/// A sender whose power level (`m.room.power_levels`) is at least the configured threshold is a facilitator,
/// and so are the room's creators in room versions 12 and later, where creators stand above every power level
/// and have no entry in `m.room.power_levels`. The levels are kept current from `/sync` (the channel feeds every
/// state event it sees) and read from the homeserver when a room is asked about before any was seen, such as
/// after a restart. A failed read grants nothing (the roster still applies).
public final class MatrixPowerLevels: RoleSource {
    struct RoomPower: Sendable {
        var users: [String: Int] = [:]
        var usersDefault = 0
        var creators: Set<String> = []
        var roomVersion: Int = 1
        var knowsLevels = false
        var knowsCreate = false

        func level(of user: String) -> Int { users[user] ?? usersDefault }

        func creatorsArePrivileged() -> Bool { roomVersion >= 12 }
    }

    private let threshold: Int
    private let rooms = Mutex<[String: RoomPower]>([:])
    /// Rooms whose state could not be read, and until when not to ask again (so a failing homeserver does
    /// not cost every message a slow request).
    private let failed = Mutex<[String: ContinuousClock.Instant]>([:])
    private let api: MatrixAPI?
    private let logger: Logger
    /// The rooms of `matrix.rooms`, resolved by the channel at start; nil when none are configured.
    private let configuredRooms: @Sendable () -> Set<String>?

    init(
        threshold: Int, api: MatrixAPI?, logger: Logger,
        configuredRooms: @escaping @Sendable () -> Set<String>? = { nil }
    ) {
        self.threshold = threshold
        self.api = api
        self.logger = logger
        self.configuredRooms = configuredRooms
    }

    /// The rooms of `matrix.rooms` (aliases resolved); with no `rooms`, none.
    public func isConfiguredChat(_ chat: ChatRef) async -> Bool {
        chat.platform == MatrixChannel.platformName && configuredRooms()?.contains(chat.id) == true
    }

    /// The role `user` has in `chat` from the room's power levels, or nil.
    public func role(of user: UserRef, in chat: ChatRef) async -> (role: Role, source: RoleOrigin)? {
        guard user.platform == MatrixChannel.platformName, chat.platform == MatrixChannel.platformName else {
            return nil
        }
        var power = rooms.withLock { $0[chat.id] }
        let retryAfter = failed.withLock { $0[chat.id] }
        if power?.knowsLevels != true || power?.knowsCreate != true, retryAfter.map({ $0 <= .now }) ?? true {
            await load(room: chat.id)
            power = rooms.withLock { $0[chat.id] }
        }
        guard let power else { return nil }
        if power.creatorsArePrivileged(), power.creators.contains(user.id) {
            return (
                .chatFacilitator,
                RoleOrigin(
                    key: "role-source.room-creator", values: ["platform": "Matrix"], english: "Matrix room creator")
            )
        }
        let level = power.level(of: user.id)
        let origin = RoleOrigin(
            key: "role-source.power-level", values: ["platform": "Matrix", "level": "\(level)"],
            english: "Matrix power level \(level)")
        return level >= threshold ? (.chatFacilitator, origin) : nil
    }

    /// Takes in a state event from `/sync` (power levels or the room's creation).
    func observe(_ event: MatrixEvent, in room: String) {
        guard event.stateKey == "", event.type == "m.room.power_levels" || event.type == "m.room.create" else { return }
        rooms.withLock { rooms in
            var power = rooms[room] ?? RoomPower()
            Self.apply(event.type, event.content, sender: event.sender, to: &power)
            rooms[room] = power
        }
    }

    /// Forgets a room the bot left.
    func forget(room: String) { _ = rooms.withLock { $0.removeValue(forKey: room) } }

    static func apply(_ type: String, _ content: JSONValue, sender: String, to power: inout RoomPower) {
        if type == "m.room.power_levels" {
            var users: [String: Int] = [:]
            for (user, value) in content["users"]?.object ?? [:] {
                if let level = Self.integer(value) { users[user] = level }
            }
            power.users = users
            power.usersDefault = content["users_default"].flatMap(Self.integer) ?? 0
            power.knowsLevels = true
        } else if type == "m.room.create" {
            var creators: Set<String> = [sender]
            for value in content["additional_creators"]?.array ?? [] {
                if let user = value.string { creators.insert(user) }
            }
            power.creators = creators
            power.roomVersion = Int(content["room_version"]?.string ?? "1") ?? 1
            power.knowsCreate = true
        }
    }

    /// Power levels may be numbers or, in old rooms, numeric strings.
    static func integer(_ value: JSONValue) -> Int? {
        if let number = value.number { return Int(exactly: number.rounded(.towardZero)) }
        if let text = value.string { return Int(text) }
        return nil
    }

    private func load(room: String) async {
        guard let api else { return }
        do {
            // The whole state, since the creator is the create event's sender, which its content does not carry.
            let state = try await api.callForEvents(.get, "/rooms/\(MatrixAPI.escape(room))/state").events
            for event in state.compactMap(\.value) { observe(event, in: room) }
            rooms.withLock { rooms in
                // A room without power levels still counts as read: everybody is at the default level 0.
                rooms[room, default: RoomPower()].knowsLevels = true
                rooms[room, default: RoomPower()].knowsCreate = true
            }
            failed.withLock { _ = $0.removeValue(forKey: room) }
        } catch {
            failed.withLock { $0[room] = .now + .seconds(60) }
            logger.warning(
                "could not read the room's power levels; asking again in a minute",
                metadata: ["room": "\(room)", "error": "\(error)"])
        }
    }
}
