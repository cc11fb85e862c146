import BotConsole
import BotCore
import BotTesting
import Foundation
import Synchronization
import Testing

/// What the console prints: replies in its own chat plainly, posts to another console chat (a team's, in the
/// demo roster) marked with that chat.
struct ConsoleOutputTests {
    @Test func aPostToATeamsConsoleChatIsMarkedWithTheTeam() async throws {
        let written = Mutex("")
        let output = ConsoleOutput { text in written.withLock { $0 += text } }
        let console = ConsoleChannel(
            botUsername: "workshop_bot", clock: ManualClock(now: Date(timeIntervalSince1970: 0)),
            lines: { AsyncStream { $0.finish() } },
            output: output)
        try await console.send(OutgoingMessage(chat: console.chat, reply: Reply("pong")))
        try await console.send(
            OutgoingMessage(
                chat: ChatRef(platform: .console, id: "lao"), reply: Reply("First draft is due in 2 h.", isNotice: true)
            ))
        let text = written.withLock { $0 }
        #expect(text == "bot> pong\nbot [lao] (notice)> First draft is due in 2 h.\n")
    }

    /// Text typed in chat (a reminder's, a poll's question) that holds terminal controls is shown, not obeyed.
    @Test func controlCharactersInARepliesTextAreShownNotObeyed() async throws {
        let written = Mutex("")
        let console = ConsoleChannel(
            botUsername: "workshop_bot", clock: ManualClock(now: Date(timeIntervalSince1970: 0)),
            lines: { AsyncStream { $0.finish() } }, output: ConsoleOutput { text in written.withLock { $0 += text } })
        let typed = "hi \u{1B}]0;PWNED\u{07}\u{1B}[31mred\u{1B}[2J \u{202E}gnp.exe\u{9B}x\u{7F}\ttab"
        try await console.send(OutgoingMessage(chat: console.chat, reply: Reply(lines: [RichText(typed), "next"])))
        let text = written.withLock { $0 }
        #expect(text == "bot> hi ␛]0;PWNED␇␛[31mred␛[2J \u{FFFD}gnp.exe\u{FFFD}x␡\ttab\nbot> next\n")
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
        #expect(TerminalText.safe("plain, accents é and 中文\n") == "plain, accents é and 中文\n")
    }

    @Test func aFileIsWrittenIntoTheExportsFolderUnderAUniqueSafeNameAndItsPathPrinted() async throws {
        let written = Mutex("")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("exports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let console = ConsoleChannel(
            botUsername: "workshop_bot", clock: ManualClock(now: Date(timeIntervalSince1970: 0)),
            lines: { AsyncStream { $0.finish() } }, output: ConsoleOutput { text in written.withLock { $0 += text } },
            exportsFolder: folder)
        let csv = Data("poll,option\r\nQ?,A\r\n".utf8)
        let file = Attachment(fileName: "../.poll-1.csv", mediaType: "text/csv", data: csv)
        try await console.send(
            OutgoingMessage(chat: console.chat, reply: Reply(lines: ["Poll #1 as CSV"], attachment: file)))
        try await console.send(OutgoingMessage(chat: console.chat, reply: Reply(lines: [], attachment: file)))
        let first = folder.appendingPathComponent("poll-1.csv")
        let second = folder.appendingPathComponent("poll-1-2.csv")
        #expect(
            written.withLock { $0 }
                == "bot> Poll #1 as CSV\nbot> file: \(first.path) (19 bytes)\nbot> file: \(second.path) (19 bytes)\n")
        #expect(try Data(contentsOf: first) == csv)
        #expect(try Data(contentsOf: second) == csv)
        // Nothing else is left in the folder (no temporary file), and only the bot's user may read the files.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["poll-1-2.csv", "poll-1.csv"])
        let permissions = try FileManager.default.attributesOfItem(atPath: first.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
    }

    @Test func aFileThatCannotBeSavedIsSaidSo() async throws {
        let written = Mutex("")
        // A regular file where the folder should be: nothing can be written below it.
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("blocker-\(UUID().uuidString)")
        try Data().write(to: blocker)
        defer { try? FileManager.default.removeItem(at: blocker) }
        let console = ConsoleChannel(
            botUsername: "workshop_bot", clock: ManualClock(now: Date(timeIntervalSince1970: 0)),
            lines: { AsyncStream { $0.finish() } }, output: ConsoleOutput { text in written.withLock { $0 += text } },
            exportsFolder: blocker.appendingPathComponent("exports"))
        let file = Attachment(fileName: "p.csv", mediaType: "text/csv", data: Data("x".utf8))
        try await console.send(OutgoingMessage(chat: console.chat, reply: Reply(lines: [], attachment: file)))
        #expect(written.withLock { $0 }.hasPrefix("bot> file p.csv could not be saved: "))
    }

    @Test func aConsoleHasNoEditsSoTheAnswerIsPrintedAfterTheProgressMessage() async throws {
        let written = Mutex("")
        let console = ConsoleChannel(
            botUsername: "workshop_bot", clock: ManualClock(now: Date(timeIntervalSince1970: 0)),
            lines: { AsyncStream { $0.finish() } }, output: ConsoleOutput { text in written.withLock { $0 += text } })
        try await console.send(OutgoingMessage(chat: console.chat, reply: "Checking 12 links…", showsProgress: "k"))
        try await console.send(OutgoingMessage(chat: console.chat, reply: "All 12 links work.", replacesProgress: "k"))
        #expect(written.withLock { $0 } == "bot> Checking 12 links…\nbot> All 12 links work.\n")
    }
}
