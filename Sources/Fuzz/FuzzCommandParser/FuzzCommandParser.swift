import CFuzzDriver
import Foundation

// libFuzzer target: the command parser and option binding, on any text a chat can carry.
@testable import BotCore

/// Commands with every kind of option, so binding walks value options, flags and their errors.
private let commands = [
    Command(
        "poll", usage: "poll new ...", summary: "polls",
        options: [.value("team"), .value("method"), .value("max"), .value("closes"), .flag("anonymous"), .flag("live")]
    ) { _, _ in .none },
    Command("remind", usage: "remind ...", summary: "reminders", options: [.value("remind"), .flag("x")]) { _, _ in
        .none
    },
]

private let message = IncomingMessage(
    chat: ChatRef(platform: "fuzz", id: "c"), sender: UserRef(platform: "fuzz", id: "u"), senderName: "u", text: "",
    time: Date(timeIntervalSince1970: 0), messageID: "1")

/// The entry point SwiftPM links this executable with: hands the process to libFuzzer.
@_cdecl("FuzzCommandParser_main")
public func fuzzCommandParserMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { start, count in
        guard let start else { return 0 }
        return fuzzCommandParser(start, count)
    }
}

/// One input; libFuzzer's own `main`, when the linker takes it, calls this by name.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommandParser(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: start, count: count), as: UTF8.self)
    guard case .command(let parsed) = CommandParser.parse(text) else { return 0 }
    for command in commands {
        if let invocation = try? CommandInvocation.bind(parsed, to: command, message: message) {
            _ = invocation.argument(0)
            _ = invocation.option("team")
        }
    }
    return 0
}
