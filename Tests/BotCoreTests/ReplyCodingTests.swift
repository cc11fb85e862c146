import Foundation
import Testing

@testable import BotCore

/// Queued replies are stored as JSON (the outbox) and read back, possibly by a newer build.
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
}
