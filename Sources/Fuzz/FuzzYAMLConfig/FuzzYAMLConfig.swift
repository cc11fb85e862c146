import BotRuntime
import CFuzzDriver
import Foundation

// libFuzzer target: the strict YAML config decoder, on bot.yaml and roster.yaml shapes.
@testable import BotConfig

private let decoder = YAMLConfigDecoder(environment: ["TOKEN": "123:abc", "EMPTY": ""])

/// The entry point SwiftPM links this executable with: hands the process to libFuzzer.
@_cdecl("FuzzYAMLConfig_main")
public func fuzzYAMLConfigMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { start, count in
        guard let start else { return 0 }
        return fuzzYAMLConfig(start, count)
    }
}

/// One input; libFuzzer's own `main`, when the linker takes it, calls this by name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAMLConfig(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    if let bot = try? decoder.decode(BotConfiguration.self, from: text, file: "bot.yaml") {
        _ = bot.dispatch.handlerTimeout.duration
        let node = try? decoder.compose(yaml: text, file: "bot.yaml")
        _ = ConfigLoader.settingsIssues(bot, node: node, file: "bot.yaml", decoder: decoder)
    }
    _ = try? decoder.decode(RosterConfiguration.self, from: text, file: "roster.yaml")
    return 0
}
