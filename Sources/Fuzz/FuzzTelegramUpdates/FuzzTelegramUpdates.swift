// libFuzzer target: a getUpdates answer read as the poll loop reads it. The envelope is split member by member
// (`TelegramAPI.result(of:method:)`), the result into updates each decoded alone
// (`TelegramChannel.updates(inResult:)`), and every update that decodes is turned into the runtime's message
// (`incomingMessage(from:)`), with its usable id taken as the poll does to move the offset.
import BotCore
import BotHTTP
import CFuzzDriver
import Foundation
import Logging

@testable import BotTelegram

private let http: HTTPClient? = try? HTTPClient(maximumConnections: 1)
private let quiet = Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() })
/// Two channels: one serving any chat, one with an allowlist, so both branches of the chat check run.
private let channels: [TelegramChannel] =
    http.map { http in
        [
            TelegramChannel(configuration: .init(token: "1:fuzz", rateLimit: false), http: http, logger: quiet),
            TelegramChannel(
                configuration: .init(token: "1:fuzz", allowedChats: ["-100123", "42"], rateLimit: false), http: http,
                logger: quiet),
        ]
    } ?? []

/// The entry point SwiftPM links this executable with: hands the process to libFuzzer.
@_cdecl("FuzzTelegramUpdates_main")
public func fuzzTelegramUpdatesMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    guard !channels.isEmpty else { return 1 }
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { start, count in
        guard let start else { return 0 }
        return fuzzTelegramUpdates(start, count)
    }
}

/// One input, as the body of a `getUpdates` answer; libFuzzer's own `main`, when the linker takes it, calls
/// this by name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTelegramUpdates(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let body = Data(UnsafeBufferPointer(start: start, count: count))
    for (index, channel) in channels.enumerated() {
        // An answer that is not ok throws the error its status calls for; 429 takes the capped retry hint.
        let status = index == 0 ? 200 : 429
        guard let result = try? channel.api.result(of: HTTPResponse(status: status, body: body), method: "getUpdates"),
            let batch = try? TelegramChannel.updates(inResult: result)
        else { continue }
        _ = batch.compactMap(\.usableID).max()
        for item in batch {
            guard let update = item.update else { continue }
            _ = channel.incomingMessage(from: update)
        }
    }
    return 0
}
