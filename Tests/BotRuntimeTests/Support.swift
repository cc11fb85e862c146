import BotCore
import BotRuntime
import BotTesting
import Foundation
import Synchronization

/// A gate a test opens to let a blocked handler go on.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }
}

struct Counter: Codable, Sendable { var value: Int }

/// A plugin whose commands exercise the runtime: ordering, failures, timeouts, roles and the store.
func probePlugin(gate: Gate = Gate()) -> LoadedPlugin {
    LoadedPlugin(
        name: "probe", summary: "Runtime probe",
        commands: [
            Command("echo", usage: "echo <words>", summary: "echo") { invocation, _ in
                guard !invocation.arguments.isEmpty else { throw CommandError.usage() }
                // A random short pause, so a lane that did not keep order would show it.
                try await Task.sleep(for: .microseconds(Int.random(in: 0...3000)))
                return Reply(RichText(invocation.arguments.joined(separator: " ")))
            },
            Command("block", summary: "waits for the gate") { _, _ in
                await gate.wait()
                return "unblocked"
            },
            Command("boom", summary: "fails") { _, _ in
                struct Exploded: Error {}
                throw Exploded()
            },
            Command("hang", summary: "never returns on its own") { _, _ in
                try await Task.sleep(for: .seconds(3600))
                return "woke"
            },
            Command("count", summary: "adds one") { _, context in
                let value = try await context.storage.transaction { tx in
                    var counter = try tx.get(Counter.self, "counters", "main") ?? Counter(value: 0)
                    counter.value += 1
                    try tx.put(counter, "counters", "main")
                    return counter.value
                }
                return "count \(value)"
            },
            Command("reset", summary: "facilitators only", role: .facilitator) { _, context in
                try await context.storage.transaction { tx in try tx.put(Counter(value: 0), "counters", "main") }
                return "reset done"
            },
            Command("hangjob", summary: "schedules a job that never ends") { _, context in
                try await context.storage.transaction { tx in try tx.schedule("hang", at: tx.now, payload: "") }
                return "scheduled"
            },
            Command(
                "remind", usage: "remind <seconds> <text>", summary: "schedules a reminder"
            ) { invocation, context in
                guard let seconds = invocation.argument(0).flatMap(Double.init), invocation.arguments.count > 1 else {
                    throw CommandError.usage("give seconds and a text")
                }
                let text = invocation.arguments.dropFirst().joined(separator: " ")
                let chat = context.chat
                try await context.storage.transaction { tx in
                    try tx.schedule("remind", at: tx.now.addingTimeInterval(seconds), chat: chat, payload: text)
                }
                return "ok"
            },
        ],
        jobHandlers: [
            JobHandler("remind", describe: { job, _ in "reminder \((try? job.decodePayload(String.self)) ?? "?")" }) {
                job, context in
                let text = try job.decodePayload(String.self)
                try await context.storage.transaction { tx in
                    var fired = try tx.get(Counter.self, "counters", "fired") ?? Counter(value: 0)
                    fired.value += 1
                    try tx.put(fired, "counters", "fired")
                }
                guard let chat = job.chat else { return [] }
                return [OutgoingMessage(chat: chat, reply: Reply("Reminder: \(text)", isNotice: true))]
            },
            // Never returns on its own: only a time limit ends it.
            JobHandler("hang") { _, _ in
                try await Task.sleep(for: .seconds(3600))
                return []
            },
            // Commits its change (claiming the job), then fails.
            JobHandler("claim-then-fail") { _, context in
                try await context.storage.transaction { tx in try tx.put(Counter(value: 1), "counters", "claimed") }
                throw CommandError.rejected("failed after its change")
            },
        ])
}

func counter(_ bot: TestBot, _ key: String = "main") async throws -> Int {
    try await PluginStorage(namespace: "probe", store: bot.store, clock: bot.clock).transaction {
        try $0.get(Counter.self, "counters", key)?.value ?? 0
    }
}
