import BotTesting
import Foundation
import Testing

@testable import BotCore

/// Queued replies are stored in the outbox (`OutboxPayload`; JSON before it) and read back, possibly by a newer
/// build.
struct ReplyCodingTests {
    static let user = UserRef(platform: "telegram", id: "42")
    static let everySpan = RichText(spans: [
        .text("Hi "), .bold("b"), .italic("i"), .code("c"), .link(title: "T", url: "https://x.org"),
        .mention(name: "Ann", user: user), .time(at: Date(timeIntervalSince1970: 1_636_358_400), text: "09:00"),
    ])
    static let message = OutgoingMessage(
        chat: ChatRef(platform: "telegram", id: "-100"), thread: "7", replyTo: "5",
        reply: Reply(lines: [everySpan, "second"], isNotice: true, buttons: [[Button("Yes", command: "/vote 1")]]),
        answersPress: "cb1")

    @Test func everySpanKindSurvivesTheStoredForm() throws {
        let data = try JSONEncoder().encode(Self.message)
        #expect(try JSONDecoder().decode(OutgoingMessage.self, from: data) == Self.message)
    }

    @Test func plainTextIsABareStringAndOtherSpansAreTaggedLists() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(Self.everySpan), as: UTF8.self)
        #expect(
            json
                == #"["Hi ",["b","b"],["i","i"],["c","c"],["l","T","https://x.org"],["m","Ann","telegram:42"],["t",658051200,"09:00"]]"#
        )
    }

    /// Written by the build before the compact form (Swift's synthesized coding of `Span` and `RichText`).
    @Test func repliesQueuedByAnOlderBuildStillDecode() throws {
        let legacy = #"""
            {"answersPress":"cb1","chat":"telegram:-100","reply":{"buttons":[[{"command":"\/vote 1","title":"Yes"}]],"isNotice":true,"lines":[{"spans":[{"text":{"_0":"Hi "}},{"bold":{"_0":"b"}},{"italic":{"_0":"i"}},{"code":{"_0":"c"}},{"link":{"title":"T","url":"https:\/\/x.org"}},{"mention":{"name":"Ann","user":"telegram:42"}},{"time":{"at":658051200,"text":"09:00"}}]},{"spans":[{"text":{"_0":"second"}}]}]},"replyTo":"5","thread":"7"}
            """#
        let decoded = try JSONDecoder().decode(OutgoingMessage.self, from: Data(legacy.utf8))
        #expect(decoded == Self.message)
    }

    @Test func anUnknownSpanTagIsAnErrorNotAGuess() {
        for broken in [#"[["x","?"]]"#, #"[["b"]]"#, #"[{"text":{"_0":"a"},"bold":{"_0":"b"}}]"#, #"[7]"#] {
            let decoded = try? JSONDecoder().decode(RichText.self, from: Data(broken.utf8))
            #expect(decoded == nil, "\(broken)")
        }
    }

    /// Every field of a queued reply, each with a value that differs from its default.
    static let full: OutgoingMessage = {
        var message = OutgoingMessage(
            chat: ChatRef(platform: "matrix", id: "!room:example.org"), thread: "$thread", replyTo: "5",
            reply: Reply(
                lines: [everySpan, "", "Ünïcode ✓ 中文 \u{0}"], isNotice: true,
                buttons: [
                    [Button("Yes", command: "/vote 1", select: "1", undo: "/unvote 1")], [],
                    [Button("No", command: "/vote 2")],
                ],
                attachment: Attachment(fileName: "poll-1.csv", mediaType: "text/csv", data: Data("a,b\n1,2\n".utf8))),
            answersPress: "cb1", showsProgress: "p1", replacesProgress: "p0")
        message.idempotencyKey = "telegram:update:9"
        return message
    }()

    @Test func theBinaryFormKeepsEveryField() throws {
        // A new stored property of these types must be written by OutboxPayload too: this count says so.
        #expect(Mirror(reflecting: Self.full).children.count == 8)
        #expect(Mirror(reflecting: Self.full.reply).children.count == 4)
        #expect(Mirror(reflecting: Button("a", command: "b")).children.count == 4)
        for message in [Self.full, Self.message, OutgoingMessage(chat: Self.full.chat, reply: .none)] {
            let data = OutboxPayload.encode(message)
            #expect(data.first == 0)
            #expect(try OutboxPayload.decode(data) == message)
        }
    }

    @Test func repliesQueuedAsJSONStillDecode() throws {
        let json = try JSONEncoder().encode(Self.full)
        #expect(try OutboxPayload.decode(json) == Self.full)
    }

    /// Stored bytes are not trusted: every cut, every changed byte and unknown versions give an error or a
    /// message, never a trap or a huge allocation.
    @Test func damagedBytesAreAnErrorNotACrash() throws {
        let data = [UInt8](OutboxPayload.encode(Self.full))
        for length in 0..<data.count {
            let cut = try? OutboxPayload.decode(Data(data[..<length]))
            #expect(cut == nil, "a payload cut to \(length) bytes decoded")
        }
        var generator = SplitMix(seed: 7)
        var decoded = 0
        for _ in 0..<2000 {
            var damaged = data
            let index = Int(generator.next() % UInt64(damaged.count - 4)) + 4
            damaged[index] = UInt8(truncatingIfNeeded: generator.next())
            if (try? OutboxPayload.decode(Data(damaged))) != nil { decoded += 1 }
        }
        #expect(decoded < 2000)
        var newer = data
        newer[3] = 2
        #expect(throws: OutboxPayload.Malformed.self) { try OutboxPayload.decode(Data(newer)) }
        let huge: [UInt8] = [0, 0x57, 0x42, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]
        #expect(throws: OutboxPayload.Malformed.self) { try OutboxPayload.decode(Data(huge)) }
        #expect(throws: OutboxPayload.Malformed.self) { try OutboxPayload.decode(Data(data + [0])) }
    }
}
