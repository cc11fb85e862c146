// libFuzzer target: a /sync answer read as the sync loop reads it. `SyncResponse.scanning` splits it and
// decodes each event, summary and invitation alone; then, as `MatrixChannel.process` does, every room's state
// and timeline events are taken in (power levels, creation, display names) and each text message is turned into
// the runtime's message. Network steps (answering invitations, filling a timeline gap, reactions whose buttons
// are read from the store) are left out: they read other answers, not this one.
import BotCore
import BotHTTP
import CFuzzDriver
import Foundation
import Logging

@testable import BotMatrix

/// A store that is never reached: reading a sync does not touch it, so any use fails.
private struct NoStore: Store {
    struct Unavailable: Error {}
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        throw Unavailable()
    }
    func migrate(namespace: String, migrations: [Migration]) async throws -> [Int] { throw Unavailable() }
    func close() async {}
}

private let http: HTTPClient? = try? HTTPClient(maximumConnections: 1)
private let quiet = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })
private let configuration = MatrixChannel.Configuration(
    homeserver: "http://127.0.0.1:9", userID: "@bot:fuzz", accessToken: "fuzz")

/// The entry point SwiftPM links this executable with: hands the process to libFuzzer.
@_cdecl("FuzzMatrixSync_main")
public func fuzzMatrixSyncMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    guard http != nil else { return 1 }
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { start, count in
        guard let start else { return 0 }
        return fuzzMatrixSync(start, count)
    }
}

/// One input, as the body of a `/sync` answer; libFuzzer's own `main`, when the linker takes it, calls this by
/// name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMatrixSync(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let http, let sync = try? SyncResponse.scanning(Data(UnsafeBufferPointer(start: start, count: count))) else {
        return 0
    }
    // A new channel per input, so no room state carries over from one input to the next.
    let channel = MatrixChannel(configuration: configuration, http: http, store: NoStore(), logger: quiet)
    for (roomID, room) in sync.rooms?.join ?? [:] {
        if let count = room.summary?.joinedMemberCount { channel.state.setMemberCount(count, in: roomID) }
        for item in room.state?.events ?? [] {
            if let event = item.value { channel.observeState(event, in: roomID) }
        }
        var timeline = room.timeline?.events ?? []
        let joinedNow = timeline.lastIndex { item in
            guard let event = item.value else { return false }
            return event.type == "m.room.member" && event.stateKey == configuration.userID
                && event.content["membership"]?.string == "join"
                && event.unsigned?["prev_content"]?["membership"]?.string != "join"
        }
        if let joinedNow { timeline = Array(timeline[(joinedNow + 1)...]) }
        for item in timeline {
            guard let event = item.value else { continue }
            if event.stateKey != nil {
                channel.observeState(event, in: roomID)
            } else if event.type == "m.room.message" {
                _ = channel.incomingMessage(from: event, in: roomID)
            }
        }
    }
    for roomID in sync.rooms?.leave.map({ Array($0.keys) }) ?? [] { channel.powerLevels.forget(room: roomID) }
    _ = sync.rooms?.invite?.values.map { $0.inviteState?.events?.count }
    return 0
}
