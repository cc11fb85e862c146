import CFuzzDriver
import Foundation

// libFuzzer target: the iCalendar parser, on any file a calendar program (or anyone) can export.
@testable import AgendaPlugin

private let zone = TimeZone(identifier: "Europe/Berlin") ?? .gmt

/// The entry point SwiftPM links this executable with: hands the process to libFuzzer.
@_cdecl("FuzzICalendar_main")
public func fuzzICalendarMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { start, count in
        guard let start else { return 0 }
        return fuzzICalendar(start, count)
    }
}

/// One input; libFuzzer's own `main`, when the linker takes it, calls this by name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzICalendar(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    _ = try? ICalendar.events(text, defaultZone: zone)
    return 0
}
