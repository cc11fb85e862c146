// libFuzzer target: decoding a /sync answer, as the sync loop does.
@testable import BotMatrix
import CFuzzDriver
import Foundation

/// The entry point SwiftPM links this executable with: hands the process to libFuzzer.
@_cdecl("FuzzMatrixSync_main")
public func fuzzMatrixSyncMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { start, count in
        guard let start else { return 0 }
        return fuzzMatrixSync(start, count)
    }
}

/// One input; libFuzzer's own `main`, when the linker takes it, calls this by name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMatrixSync(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(UnsafeBufferPointer(start: start, count: count))
    _ = try? JSONDecoder().decode(SyncResponse.self, from: data)
    return 0
}
