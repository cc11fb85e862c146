import BotCore
import BotRuntime
import BotTesting
import Foundation
import Testing
import VotingPlugin

@testable import BotTelegram
@testable import ResourcesPlugin

/// Calls every link with "gone" in it broken, at once.
private struct GoneLinks: LinkChecking {
    func check(_ urls: [String]) async -> [String: LinkState] {
        Dictionary(
            uniqueKeysWithValues: urls.map { ($0, $0.contains("gone") ? LinkState.broken("HTTP 404") : .working) })
    }
}

private let roster = Roster(facilitators: [UserRef(platform: "telegram", id: "42")])

private func resources() throws -> LoadedPlugin {
    let links = ["fine", "also-fine", "gone"].map {
        ResourcesConfiguration.Entry(
            id: $0, title: LocalizedText($0.capitalized), url: "https://example.org/\($0)", tags: nil, description: nil,
            language: nil, team: nil, sessions: nil)
    }
    return LoadedPlugin(try ResourcesPlugin(configuration: .init(resources: links), checker: GoneLinks()))
}

/// `/resources check` shows its progress and edits it into the report; `/poll export` sends a document.
@Suite(.serialized)
struct TelegramProgressAndFilesTests {
    static let report = "<b>1 of 3 links are broken:</b>\n<code>gone</code> Gone: HTTP 404"

    @Test func theLinkCheckSendsItsProgressFirstAndThenEditsThatMessageIntoTheReport() async throws {
        let fake = try await FakeTelegram()
        try await withTelegramBot(fake, plugins: [try resources()], roster: roster) { _ in
            try await fake.push([FakeTelegram.text("/resources check", messageID: 7)])
            let edited = await eventually(timeout: .seconds(30)) { ((try? await fake.edits()) ?? []).count == 1 }
            #expect(edited)
            let sent = try await fake.sent()
            #expect(texts(sent) == ["Checking 3 links…"])
            let progress = try #require(sent.first)
            #expect((progress["reply_parameters"] as? [String: Any])?["message_id"] as? Int == 7)
            let edit = try #require(try await fake.edits().first)
            #expect(edit["message_id"] as? Int == progress["sent_message_id"] as? Int)
            #expect(edit["chat_id"] as? Int == -1001234567890)
            #expect(edit["text"] as? String == Self.report)
            #expect(edit["parse_mode"] as? String == "HTML")
            // The progress message went out before the report replaced it, and no second message was sent.
            let methods = try await fake.log().map(\.method).filter { $0 == "sendMessage" || $0 == "editMessageText" }
            #expect(methods == ["sendMessage", "editMessageText"])
        }
    }

    @Test func whenTheProgressMessageCouldNotBeSentTheReportIsANewMessage() async throws {
        let fake = try await FakeTelegram()
        try await fake.fail("sendMessage", [["status": 400, "description": "Bad Request: not enough rights"]])
        try await withTelegramBot(fake, plugins: [try resources()], roster: roster) { _ in
            try await fake.push([FakeTelegram.text("/resources check", messageID: 8)])
            let held = await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count == 1 }
            #expect(held)
            let sent = try await fake.sent()
            #expect(texts(sent) == [Self.report])
            #expect((sent.first?["reply_parameters"] as? [String: Any])?["message_id"] as? Int == 8)
            #expect(try await fake.edits().isEmpty)
            #expect(try await fake.calls()["sendMessage"] == 2)
        }
    }

    @Test func anEditTelegramRefusesBecomesANewMessage() async throws {
        let fake = try await FakeTelegram()
        try await fake.fail(
            "editMessageText", [["status": 400, "description": "Bad Request: message to edit not found"]])
        try await withTelegramBot(fake, plugins: [try resources()], roster: roster) { _ in
            try await fake.push([FakeTelegram.text("/resources check", messageID: 9)])
            let held = await eventually(timeout: .seconds(30)) { ((try? await fake.sent()) ?? []).count == 2 }
            #expect(held)
            #expect(texts(try await fake.sent()) == ["Checking 3 links…", Self.report])
            #expect(try await fake.edits().isEmpty)
        }
    }

    @Test func aPollExportArrivesAsADocumentWithItsNameCaptionAndCSV() async throws {
        let fake = try await FakeTelegram()
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_636_534_800))  // 2021-11-10 09:00 UTC
        let voting = LoadedPlugin(try VotingPlugin(configuration: .init()))
        try await withTelegramBot(fake, plugins: [voting], roster: roster, clock: clock) { _ in
            try await fake.push([
                FakeTelegram.text(#"/poll new "Lunch, or <b>coffee</b>?" Soup "=1+1""#, messageID: 1),
                FakeTelegram.text("/vote 2", from: 43, firstName: "Saran", messageID: 2),
                FakeTelegram.text("/poll close", messageID: 3),
                FakeTelegram.text("/poll export 1", messageID: 4),
            ])
            let held = await eventually(timeout: .seconds(30)) { ((try? await fake.documents()) ?? []).count == 1 }
            #expect(held)
            let document = try #require(try await fake.documents().first)
            #expect(document["chat_id"] as? String == "-1001234567890")
            #expect(document["file_name"] as? String == "poll-1-lunch-or-b-coffee-b.csv")
            #expect(document["mime_type"] as? String == "text/csv; charset=utf-8")
            #expect(
                document["content"] as? String
                    == "poll,option,voter,team,time\r\n"
                    + "\"Lunch, or <b>coffee</b>?\",'=1+1,telegram:43,,2021-11-10T09:00:00+00:00\r\n")
            // The reply's text is the caption, in HTML like every message, user text escaped.
            #expect(
                document["caption"] as? String
                    == "<b>Poll #1 as CSV</b> (1 ballot): one row per choice, times in UTC.")
            #expect(document["parse_mode"] as? String == "HTML")
            #expect((document["reply_parameters"] as? [String: Any])?["message_id"] as? Int == 4)
            // No second message with the text: it is the caption.
            let pasted = texts(try await fake.sent()).filter { $0.contains("as CSV") }
            #expect(pasted.isEmpty)
        }
    }

    @Test func aTextTooLongForACaptionComesFirstAsItsOwnMessageThenTheDocument() async throws {
        let long = String(repeating: "é<", count: 520)  // 1,040 characters: more than a caption holds
        let files = LoadedPlugin(
            name: "files", summary: "a file",
            commands: [
                Command("file", summary: "a file with a long text") { _, _ in
                    Reply(
                        lines: [RichText(long)],
                        attachment: Attachment(fileName: "notes.txt", mediaType: "text/plain", data: Data("notes".utf8))
                    )
                }
            ])
        let fake = try await FakeTelegram()
        try await withTelegramBot(fake, plugins: [files]) { _ in
            try await fake.push([FakeTelegram.text("/file", messageID: 5)])
            let held = await eventually(timeout: .seconds(30)) { ((try? await fake.documents()) ?? []).count == 1 }
            #expect(held)
            let sent = try await fake.sent()
            #expect(texts(sent) == [String(repeating: "é&lt;", count: 520)])
            #expect((sent.first?["reply_parameters"] as? [String: Any])?["message_id"] as? Int == 5)
            let document = try #require(try await fake.documents().first)
            #expect(document["caption"] == nil)
            #expect(document["file_name"] as? String == "notes.txt")
            #expect(document["content"] as? String == "notes")
            // The document follows the text it belongs to.
            let methods = try await fake.log().map(\.method).filter { $0 == "sendMessage" || $0 == "sendDocument" }
            #expect(methods == ["sendMessage", "sendDocument"])
        }
    }
}
