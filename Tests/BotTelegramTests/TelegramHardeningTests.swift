import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing
import VotingPlugin

@testable import BotTelegram

/// What a Bot API server (or whoever answers in its name) can send that must neither trap, spin nor stall
/// the bot, and the group admins who post anonymously.
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
        let fake = try await FakeTelegram()
        let hint = 100_000_000_000_000_000  // 10^17 seconds
        try await fake.fail("getUpdates", [["status": 429, "retry_after": hint]])
        try await fake.fail("sendMessage", [["status": 429, "retry_after": hint]])
        let cap = 0.6
        try await withTelegramBot(fake, plugins: builtins, retryHintCap: cap) { _ in
            try await fake.push([FakeTelegram.text("/ping", messageID: 1)])
            let held = await eventually(timeout: .seconds(30)) { await replies(fake)[1] == "pong" }
            #expect(held)
            // The limited poll and the limited send were each asked again once the cap had passed, not before.
            let log = try await fake.log()
            for method in ["getUpdates", "sendMessage"] {
                let calls = log.filter { $0.method == method }
                let foundLimited = calls.firstIndex { $0.status == 429 }
                let limited = try #require(foundLimited, "\(method) was limited")
                let retry = try #require(calls.dropFirst(limited + 1).first, "\(method) was asked again")
                #expect(retry.at - calls[limited].at >= cap - 0.01, "\(method) waited the cap")
            }
        }
    }

    /// A deep value: `levels` arrays inside each other.
    static func nested(_ levels: Int) -> String {
        String(repeating: "[", count: levels) + String(repeating: "]", count: levels)
    }

    static func rawText(_ text: String, id: String, messageID: Int, extra: String = "") -> String {
        #"{"update_id": \#(id), "message": {"message_id": \#(messageID), "date": 1636358400, "text": "\#(text)", "#
            + #""from": {"id": 42, "is_bot": false, "first_name": "Bounmy"}, "chat": {"id": -1001234567890, "type": "supergroup"}\#(extra)}}"#
    }

    @Test func badUpdatesBesideGoodOnesAreSkippedAndTheOffsetMovesPastThemWithoutSpinning() async throws {
        let fake = try await FakeTelegram()
        let tooBig = "100000000000000000000"  // 10^20: no 64-bit id
        try await withTelegramBot(fake, plugins: builtins) { _ in
            try await fake.push([
                FakeTelegram.text("/ping", messageID: 1),
                FakeTelegram.raw(Self.rawText("/whoami", id: tooBig, messageID: 2), id: tooBig),
                FakeTelegram.raw(
                    Self.rawText("/whoami", id: "5002", messageID: 3, extra: #", "deep": \#(Self.nested(10_000))"#),
                    id: 5002),
                ["update_id": 5003, "message": "not a message"],
                FakeTelegram.raw("17", id: 5004),
                FakeTelegram.text("/help ping", messageID: 6),
                // Last: an update whose id cannot be confirmed; the server serves it again at every poll.
                FakeTelegram.raw(Self.rawText("/whoami", id: tooBig, messageID: 7), id: "200000000000000000000"),
            ])
            let held = await eventually(timeout: .seconds(30)) { await replies(fake).count >= 2 }
            #expect(held)
            #expect(await replies(fake)[1] == "pong")
            #expect(await replies(fake)[6]?.contains("ping") == true)
            // The offset moved past every update that came before a usable id, the bad ones included.
            let held2 = await eventually(timeout: .seconds(30)) {
                ((try? await fake.stats())?["pending_updates"] ?? 9) == 1
            }
            #expect(held2)
            let before = try await fake.calls()["getUpdates"] ?? 0
            try await Task.sleep(for: .seconds(3))
            let during = (try await fake.calls()["getUpdates"] ?? 0) - before
            // The unconfirmable update comes back at once each time: the loop backs off instead of spinning.
            #expect(during <= 8, "getUpdates called \(during) times in 3 s")
            // And the loop goes on: a new update after it moves the offset past both.
            try await fake.push([FakeTelegram.text("/ping", messageID: 8)])
            let held3 = await eventually(timeout: .seconds(30)) { await replies(fake)[8] == "pong" }
            #expect(held3)
            let held4 = await eventually(timeout: .seconds(30)) {
                ((try? await fake.stats())?["pending_updates"] ?? 9) == 0
            }
            #expect(held4)
            #expect(await replies(fake).count == 3)
        }
    }

    @Test func aServerThatAnswersEveryPollAtOnceWithNothingIsNotPolledInALoop() async throws {
        let fake = try await FakeTelegram()
        // A long-poll time-out of 0: the server answers each poll at once, empty.
        try await withTelegramBot(fake, plugins: builtins, pollTimeout: 0) { _ in
            let held = await eventually(timeout: .seconds(30)) { ((try? await fake.calls())?["getUpdates"] ?? 0) >= 1 }
            #expect(held)
            let before = try await fake.calls()["getUpdates"] ?? 0
            try await Task.sleep(for: .seconds(2))
            let during = (try await fake.calls()["getUpdates"] ?? 0) - before
            #expect(during <= 6, "getUpdates called \(during) times in 2 s")
            #expect(during >= 1)
        }
    }

    /// A message from a group admin who posts anonymously: Telegram shows GroupAnonymousBot as its sender and
    /// the group itself as `sender_chat`.
    static func anonymous(_ text: String, messageID: Int64, chat: Int64 = -1001234567890, senderChat: Int64? = nil)
        -> [String: Any]
    {
        [
            "message": [
                "message_id": messageID, "date": 1_636_358_400, "text": text,
                "from": ["id": 1_087_968_824, "is_bot": true, "first_name": "Group", "username": "GroupAnonymousBot"],
                "sender_chat": ["id": senderChat ?? chat, "type": "supergroup", "title": "Lao PDR team"],
                "chat": ["id": chat, "type": "supergroup", "title": "Lao PDR team"],
            ] as [String: Any]
        ]
    }

    @Test func anAnonymousAdminIsAnsweredAsAFacilitatorAndCannotVote() async throws {
        let fake = try await FakeTelegram()
        let voting = LoadedPlugin(try VotingPlugin(configuration: .init()))
        // The group is one of the workshop's chats, where admin roles count.
        let roster = Roster(teams: [
            Team(id: "lao", name: "Lao PDR", chats: [ChatRef(platform: "telegram", id: "-1001234567890")])
        ])
        try await withTelegramBot(fake, plugins: builtins + [voting], roster: roster, adminsAreFacilitators: true) {
            _ in
            try await fake.push([
                Self.anonymous("/whoami", messageID: 1),
                Self.anonymous(#"/poll new "Lunch?" "Rice" "Noodles""#, messageID: 2),
            ])
            let held = await eventually(timeout: .seconds(30)) { await replies(fake).count >= 2 }
            #expect(held)
            let whoami = try #require(await replies(fake)[1])
            #expect(whoami.contains("facilitator of this chat"), "\(whoami)")
            #expect(whoami.contains("anonymous"), "\(whoami)")
            #expect(await replies(fake)[2]?.contains("Lunch?") == true)
            try await fake.push([
                Self.anonymous("/vote 1", messageID: 3), Self.anonymous("/unvote", messageID: 4),
                FakeTelegram.text("/vote 1", messageID: 5),
            ])
            let held2 = await eventually(timeout: .seconds(30)) { await replies(fake).count >= 5 }
            #expect(held2)
            let refusal = "Post as yourself to vote: anonymous admins cannot vote."
            #expect(await replies(fake)[3] == refusal)
            #expect(await replies(fake)[4] == refusal)
            // A person's vote in the same poll counts.
            #expect(await replies(fake)[5]?.contains("Vote recorded") == true)
            // Asked once, for the person; the anonymous admin is the group's admin without a look-up.
            #expect(try await fake.calls()["getChatAdministrators"] == 1)
        }
    }

    @Test func withoutAdminRolesAnAnonymousAdminIsAParticipantAndChannelsPostingIntoTheGroupAreIgnored() async throws {
        let fake = try await FakeTelegram()
        try await withTelegramBot(fake, plugins: builtins) { _ in
            try await fake.push([
                // Another chat speaking in the group (a channel): not read, like any bot.
                Self.anonymous("/ping", messageID: 1, senderChat: -1009999),
                [
                    "message": [
                        "message_id": 2, "date": 1_636_358_400, "text": "/ping",
                        "from": [
                            "id": 136_817_688, "is_bot": true, "first_name": "Channel", "username": "Channel_Bot",
                        ],
                        "sender_chat": ["id": -1009999, "type": "channel", "title": "News"],
                        "chat": ["id": -1001234567890, "type": "supergroup", "title": "Lao PDR team"],
                    ] as [String: Any]
                ],
                Self.anonymous("/whoami", messageID: 3),
            ])
            let held = await eventually(timeout: .seconds(30)) { await replies(fake)[3] != nil }
            #expect(held)
            let whoami = try #require(await replies(fake)[3])
            #expect(whoami.contains("<b>participant</b>"))
            #expect(whoami.contains("telegram:anonymous-admin:-1001234567890"))
            let held2 = await eventually(timeout: .seconds(30)) {
                ((try? await fake.stats())?["pending_updates"] ?? 1) == 0
            }
            #expect(held2)
            #expect(await replies(fake).count == 1)
        }
    }
}
