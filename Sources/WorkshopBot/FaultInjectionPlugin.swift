import BotCore
import Foundation

/// Commands that kill the process on purpose, for the end-to-end tests of crash containment (a message or job
/// that crashes the bot is set aside after two crashes). Offered only when the environment variable
/// `WORKSHOP_BOT_FAULT_INJECTION` is `1`, so no deployed bot can enable it by its config alone.
struct FaultInjectionPlugin: Plugin {
    static let name = "faults"
    static let summary = "Fault injection for tests: commands that crash the process"

    init(configuration: NoConfiguration) {}

    /// Whether this process offers the plugin.
    static var offered: Bool { ProcessInfo.processInfo.environment["WORKSHOP_BOT_FAULT_INJECTION"] == "1" }

    var commands: [Command] {
        [
            Command("crash", summary: "Stops the process with a trap, as a bug would") { _, _ in
                Self.crash("/crash")
            },
            Command("crashjob", summary: "Schedules a job whose handler stops the process") { _, context in
                try await context.storage.transaction { tx in
                    try tx.schedule("crash", at: tx.now.addingTimeInterval(1), chat: context.chat, payload: "crash")
                }
                return "A crashing job is due in 1 s."
            },
        ]
    }

    var jobHandlers: [JobHandler] {
        [JobHandler("crash") { _, _ in Self.crash("crash job") }]
    }

    private static func crash(_ what: String) -> Never {
        // A trap, exactly like an arithmetic overflow or a failed conversion in a handler.
        fatalError("fault injection: \(what)")
    }
}

extension FaultInjectionPlugin: SchedulesJobs {}
