// libFuzzer target: bytes a web client sends, read as the bot's HTTP server reads them. The input arrives in
// pieces (its first byte chooses where it is cut, so a head split across reads is tried too), each piece given
// to `HTTPHeadReader.read` as the server does; a head then has its body length read as the dashboard's limit
// would take it.
import CFuzzDriver
import Foundation

@testable import BotHTTPServer

/// The entry point SwiftPM links this executable with: hands the process to libFuzzer.
@_cdecl("FuzzHTTPRequest_main")
public func fuzzHTTPRequestMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { start, count in
        guard let start else { return 0 }
        return fuzzHTTPRequest(start, count)
    }
}

/// One input: its first byte is the size of the pieces it arrives in (1 to 256), the rest the bytes sent.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPRequest(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let piece = Int(start[0]) + 1
    let bytes = Array(UnsafeBufferPointer(start: start + 1, count: count - 1))
    var reader = HTTPHeadReader()
    var buffer: [UInt8] = []
    var offset = 0
    while offset < bytes.count {
        buffer += bytes[offset..<min(offset + piece, bytes.count)]
        offset += piece
        switch reader.read(buffer) {
        case .incomplete: continue
        case .refused(let status, _):
            precondition([400, 414, 431, 505].contains(status))
            return 0
        case .head(let head, let bodyStart):
            precondition(bodyStart <= buffer.count && head.path.hasPrefix("/"))
            var whole = HTTPHeadReader()
            // The same bytes arriving at once read the same.
            precondition(whole.read(Array(buffer[..<bodyStart])) == .head(head, bodyStart: bodyStart))
            _ = head.bodyLength(largest: 8192)
            return 0
        }
    }
    return 0
}
