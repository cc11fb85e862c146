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
}
