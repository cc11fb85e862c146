import Foundation
import Testing

@testable import BotCore

/// Files carried by replies: names and media types made safe whatever text they come from, and the reply as
/// the outbox stores it.
struct AttachmentTests {
    @Test(
        "file names lose path separators, leading dots, quotes, control characters and other scripts",
        arguments: [
            ("poll-1-open.csv", "poll-1-open.csv"),
            ("../../etc/passwd", "etc-passwd"),
            ("/absolute/path.csv", "absolute-path.csv"),
            ("a\\b\\c.csv", "a-b-c.csv"),
            (".bashrc", "bashrc"),
            ("...", "file"),
            ("", "file"),
            ("-rf.csv", "rf.csv"),
            ("name.", "name"),
            ("Café Ω.csv", "Cafe.csv"),
            ("quote\"d\r\nX-Header: 1.csv", "quote-d-X-Header-1.csv"),
            ("two  spaces\ttab.csv", "two-spaces-tab.csv"),
            ("..\u{0}hidden.csv", "hidden.csv"),
        ])
    func safeFileNames(name: String, expected: String) {
        #expect(Attachment.safeFileName(name) == expected)
        #expect(Attachment(fileName: name, mediaType: "text/csv", data: Data()).fileName == expected)
    }

    @Test func aLongFileNameIsCutAndKeepsItsExtension() {
        let name = Attachment.safeFileName(String(repeating: "a", count: 300) + ".csv")
        #expect(name.count == Attachment.longestFileName)
        #expect(name.hasSuffix("a.csv"))
    }

    @Test(
        "media types are kept only when they read as type/subtype with plain parameters",
        arguments: [
            ("text/csv; charset=utf-8", "text/csv; charset=utf-8"),
            ("application/pdf", "application/pdf"),
            ("text/csv\r\nX-Evil: 1", "application/octet-stream"),
            ("text", "application/octet-stream"),
            ("text/csv; charset=\"utf-8\"", "application/octet-stream"),
            ("", "application/octet-stream"),
        ])
    func safeMediaTypes(type: String, expected: String) {
        #expect(Attachment.safeMediaType(type) == expected)
    }

    @Test func aStoredFileIsMadeSafeAgainWhenReadBack() throws {
        // An outbox row written by anything else (or changed on disk) cannot smuggle a path in.
        let stored = #"{"fileName":"..\/..\/x.csv","mediaType":"text\/csv\r\nA: b","data":"YSxi"}"#
        let file = try JSONDecoder().decode(Attachment.self, from: Data(stored.utf8))
        #expect(file.fileName == "x.csv")
        #expect(file.mediaType == "application/octet-stream")
        #expect(file.data == Data("a,b".utf8))
    }

    @Test func aReplyKeepsItsFileInTheOutboxAndAnOlderReplyReadsWithout() throws {
        let reply = Reply(
            lines: ["Poll #1 as CSV"],
            attachment: Attachment(fileName: "p.csv", mediaType: "text/csv", data: Data([0, 1])))
        let decoded = try JSONDecoder().decode(Reply.self, from: try JSONEncoder().encode(reply))
        #expect(decoded == reply)
        let older = try JSONDecoder().decode(Reply.self, from: Data(#"{"lines":[]}"#.utf8))
        #expect(older.attachment == nil)
        #expect(older.isEmpty)
        #expect(!Reply(lines: [], attachment: reply.attachment).isEmpty)
    }

    @Test func hiddenValuesAreRedactedFromATextFileAndItsNameButNotFromOtherBytes() {
        let text = Attachment(fileName: "s3cret.csv", mediaType: "text/csv", data: Data("a,s3cret\r\n".utf8))
        let binary = Attachment(fileName: "b.bin", mediaType: "application/octet-stream", data: Data("s3cret".utf8))
        let redact: (String) -> String = { $0.replacingOccurrences(of: "s3cret", with: "NAME") }
        let mapped = Reply(lines: [], attachment: text).mapText(redact).attachment
        #expect(mapped?.fileName == "NAME.csv")
        #expect(mapped?.data == Data("a,NAME\r\n".utf8))
        #expect(Reply(lines: [], attachment: binary).mapText(redact).attachment?.data == Data("s3cret".utf8))
    }

    @Test func progressMessagesAreRememberedWithinTheirCapacityOldestOutFirst() {
        let progress = ProgressMessages(capacity: 2)
        progress.remember("1", for: "a")
        progress.remember("2", for: "b")
        progress.remember("3", for: "c")
        #expect(progress.id(for: "a") == nil)
        #expect(progress.id(for: "b") == "2")
        #expect(progress.id(for: "c") == "3")
        progress.forget("b")
        #expect(progress.id(for: "b") == nil)
        progress.remember("4", for: "d")
        #expect(progress.id(for: "c") == "3")
    }
}
