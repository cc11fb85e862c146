// libFuzzer target: decoding a getUpdates answer, as the poll loop does.
@testable import BotTelegram
import CFuzzDriver
import Foundation

private let decoder: JSONDecoder = {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    return decoder
}()

/// The entry point SwiftPM links this executable with: hands the process to libFuzzer.
@_cdecl("FuzzTelegramUpdates_main")
public func fuzzTelegramUpdatesMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { start, count in
        guard let start else { return 0 }
        return fuzzTelegramUpdates(start, count)
    }
}

/// One input; libFuzzer's own `main`, when the linker takes it, calls this by name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTelegramUpdates(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(UnsafeBufferPointer(start: start, count: count))
    if let response = try? decoder.decode(TelegramResponse<[LenientUpdate]>.self, from: data) {
        _ = response.ok
    }
    return 0
}
