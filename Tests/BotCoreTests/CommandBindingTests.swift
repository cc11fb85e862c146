import Foundation
import Testing

@testable import BotCore

struct CommandBindingTests {
    let command = Command(
        "poll", usage: "poll new ...", summary: "polls",
        options: [.value("team"), .value("method"), .flag("anonymous")]
    ) { _, _ in .none }

    let message = IncomingMessage(
        chat: ChatRef(platform: "test", id: "c"), sender: UserRef(platform: "test", id: "u"), senderName: "u",
        text: "", time: Date(), messageID: "1")

    func bind(_ text: String) throws(CommandError) -> CommandInvocation {
        guard case .command(let parsed) = CommandParser.parse(text) else {
            throw .usage("not a command in test")
        }
        return try CommandInvocation.bind(parsed, to: command, message: message)
    }

    @Test func separatesOptionsFlagsAndArguments() throws {
        let invocation = try bind(#"/poll new "Q?" A --team lao --anonymous B --method=ranked"#)
        #expect(invocation.arguments == ["new", "Q?", "A", "B"])
        #expect(invocation.option("team") == "lao")
        #expect(invocation.option("method") == "ranked")
        #expect(invocation.has("anonymous"))
        #expect(!invocation.has("other"))
    }

    @Test("phones' em and en dashes count as --", arguments: ["—team lao", "–team lao", "--TEAM lao"])
    func dashes(_ option: String) throws {
        #expect(try bind("/poll x \(option)").option("team") == "lao")
    }

    @Test func argumentsKeepWhetherTheyWereQuoted() throws {
        let invocation = try bind(#"/poll new Which "topic?" --team lao B"#)
        #expect(
            invocation.argumentTokens == [
                CommandToken("new"), CommandToken("Which"), CommandToken("topic?", isQuoted: true), CommandToken("B"),
            ])
        #expect(invocation.argumentTokens.map(\.text) == invocation.arguments)
    }

    @Test func quotedOptionAndDoubleDashStayArguments() throws {
        #expect(try bind(#"/poll "--team" x"#).arguments == ["--team", "x"])
        #expect(try bind("/poll -- --team x").arguments == ["--team", "x"])
        #expect(try bind("/poll -5 —").arguments == ["-5", "—"])
    }

    @Test(
        "malformed options give usage errors",
        arguments: [
            ("/poll --nosuch", "unknown option --nosuch"),
            ("/poll --team", "--team needs a value"),
            ("/poll --anonymous=yes", "--anonymous takes no value"),
        ])
    func usageErrors(_ text: String, _ expected: String) {
        #expect(throws: CommandError.usage(expected)) { try bind(text) }
    }
}
