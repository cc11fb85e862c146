import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing

@testable import BotTelegram

/// What a Bot API server (or whoever answers in its name) can send that must neither trap, spin nor stall
/// the bot.
@Suite(.serialized)
struct TelegramHardeningTests {
    /// The replies the fake server accepted, by the message they answer.
    func replies(_ fake: FakeTelegram) async -> [Int: String] {
        var replies: [Int: String] = [:]
        for message in (try? await fake.sent()) ?? [] {
            if let id = (message["reply_parameters"] as? [String: Any])?["message_id"] as? Int {
                replies[id] = message["text"] as? String
            }
        }
        return replies
    }

    @Test func aRetryAfterOfTenToTheSeventeenIsWaitedForTheCapAndTheBotGoesOn() async throws {
        let fake = try FakeTelegram()
        let hint = 100_000_000_000_000_000  // 10^17 seconds
        try await fake.fail("getUpdates", [["status": 429, "retry_after": hint]])
        try await fake.fail("sendMessage", [["status": 429, "retry_after": hint]])
        let cap = 0.6
        try await withTelegramBot(fake, plugins: builtins, retryHintCap: cap) { _ in
            try await fake.push([FakeTelegram.text("/ping", messageID: 1)])
            #expect(await eventually(timeout: .seconds(30)) { await replies(fake)[1] == "pong" })
            // The limited poll and the limited send were each asked again once the cap had passed, not before.
            let log = try await fake.log()
            for method in ["getUpdates", "sendMessage"] {
                let calls = log.filter { $0.method == method }
                let limited = try #require(calls.firstIndex { $0.status == 429 }, "\(method) was limited")
                let retry = try #require(calls.dropFirst(limited + 1).first, "\(method) was asked again")
                #expect(retry.at - calls[limited].at >= cap - 0.01, "\(method) waited the cap")
            }
        }
    }

    /// A deep value: `levels` arrays inside each other.
    static func nested(_ levels: Int) -> String { String(repeating: "[", count: levels) + String(repeating: "]", count: levels) }

    static func rawText(_ text: String, id: String, messageID: Int, extra: String = "") -> String {
        #"{"update_id": \#(id), "message": {"message_id": \#(messageID), "date": 1636358400, "text": "\#(text)", "#
            + #""from": {"id": 42, "is_bot": false, "first_name": "Bounmy"}, "chat": {"id": -1001234567890, "type": "supergroup"}\#(extra)}}"#
    }

    @Test func badUpdatesBesideGoodOnesAreSkippedAndTheOffsetMovesPastThemWithoutSpinning() async throws {
        let fake = try FakeTelegram()
        let tooBig = "100000000000000000000"  // 10^20: no 64-bit id
        try await withTelegramBot(fake, plugins: builtins) { _ in
            try await fake.push([
                FakeTelegram.text("/ping", messageID: 1),
                FakeTelegram.raw(Self.rawText("/whoami", id: tooBig, messageID: 2), id: tooBig),
                FakeTelegram.raw(Self.rawText("/whoami", id: "5002", messageID: 3, extra: #", "deep": \#(Self.nested(10_000))"#), id: 5002),
                ["update_id": 5003, "message": "not a message"],
                FakeTelegram.raw("17", id: 5004),
                FakeTelegram.text("/help ping", messageID: 6),
                // Last: an update whose id cannot be confirmed; the server serves it again at every poll.
                FakeTelegram.raw(Self.rawText("/whoami", id: tooBig, messageID: 7), id: "200000000000000000000"),
            ])
            #expect(await eventually(timeout: .seconds(30)) { await replies(fake).count >= 2 })
            #expect(await replies(fake)[1] == "pong")
            #expect(await replies(fake)[6]?.contains("ping") == true)
            // The offset moved past every update that came before a usable id, the bad ones included.
            #expect(await eventually(timeout: .seconds(30)) { ((try? await fake.stats())?["pending_updates"] ?? 9) == 1 })
            let before = try await fake.calls()["getUpdates"] ?? 0
            try await Task.sleep(for: .seconds(3))
            let during = (try await fake.calls()["getUpdates"] ?? 0) - before
            // The unconfirmable update comes back at once each time: the loop backs off instead of spinning.
            #expect(during <= 8, "getUpdates called \(during) times in 3 s")
            // And the loop goes on: a new update after it moves the offset past both.
            try await fake.push([FakeTelegram.text("/ping", messageID: 8)])
            #expect(await eventually(timeout: .seconds(30)) { await replies(fake)[8] == "pong" })
            #expect(await eventually(timeout: .seconds(30)) { ((try? await fake.stats())?["pending_updates"] ?? 9) == 0 })
            #expect(await replies(fake).count == 3)
        }
    }

    @Test func aServerThatAnswersEveryPollAtOnceWithNothingIsNotPolledInALoop() async throws {
        let fake = try FakeTelegram()
        // A long-poll time-out of 0: the server answers each poll at once, empty.
        try await withTelegramBot(fake, plugins: builtins, pollTimeout: 0) { _ in
            #expect(await eventually(timeout: .seconds(30)) { ((try? await fake.calls())?["getUpdates"] ?? 0) >= 1 })
            let before = try await fake.calls()["getUpdates"] ?? 0
            try await Task.sleep(for: .seconds(2))
            let during = (try await fake.calls()["getUpdates"] ?? 0) - before
            #expect(during <= 6, "getUpdates called \(during) times in 2 s")
            #expect(during >= 1)
        }
    }
}
