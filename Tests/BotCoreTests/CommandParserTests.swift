import Testing

@testable import BotCore

struct CommandParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var name: String?
        var mention: String? = nil
        var words: [String] = []
        var testDescription: String { text.count > 40 ? String(text.prefix(40)) + "…" : text }
    }

    static let cases: [Case] = [
        Case(text: "/help", name: "help"),
        Case(text: "!help", name: "help"),
        Case(text: "   /HELP   ", name: "help"),
        Case(text: "/agenda tomorrow", name: "agenda", words: ["tomorrow"]),
        Case(text: "/agenda@workshop_bot week", name: "agenda", mention: "workshop_bot", words: ["week"]),
        Case(text: "/agenda@Workshop_Bot", name: "agenda", mention: "workshop_bot"),
        Case(
            text: #"/poll new "Which topic?" "Learning cities" 'Flexible pathways'"#, name: "poll",
            words: ["new", "Which topic?", "Learning cities", "Flexible pathways"]),
        Case(
            text: "/poll new “Which topic first?” “Learning cities” „Non-formal“", name: "poll",
            words: ["new", "Which topic first?", "Learning cities", "Non-formal"]),
        Case(text: "/remind me ‘tomorrow 09:00’ call", name: "remind", words: ["me", "tomorrow 09:00", "call"]),
        Case(text: "/remind me in 2h don't forget", name: "remind", words: ["me", "in", "2h", "don't", "forget"]),
        Case(text: #"/say "a \"quoted\" word""#, name: "say", words: [#"a "quoted" word"#]),
        Case(text: #"/say a\ b"#, name: "say", words: ["a b"]),
        Case(text: "/say \"\"", name: "say", words: [""]),
        Case(text: "/say\tone\n two", name: "say", words: ["one", "two"]),
        Case(text: "/vote 1 1 3", name: "vote", words: ["1", "1", "3"]),
        Case(text: "/resources ທົດສອບ 🌍 عربي", name: "resources", words: ["ທົດສອບ", "🌍", "عربي"]),
        Case(text: "/x\u{0}y", name: nil),
        Case(text: "/say a\u{0}b", name: "say", words: ["a\u{0}b"]),
        Case(text: "hello /help", name: nil),
        Case(text: "", name: nil),
        Case(text: "/", name: nil),
        Case(text: "/ help", name: nil),
        Case(text: "//comment", name: nil),
        Case(text: "/usr/bin/env", name: nil),
        Case(text: "/help@", name: nil),
        Case(text: "http://example.org", name: nil),
        Case(text: "!!!", name: nil),
        Case(text: "/" + String(repeating: "a", count: 65), name: nil),
        Case(text: "/" + String(repeating: "a", count: 64), name: String(repeating: "a", count: 64)),
        Case(text: "/ලංකා", name: nil),
    ]

    @Test("splits commands, mentions and quoted arguments", arguments: cases)
    func parses(_ example: Case) {
        let result = CommandParser.parse(example.text)
        guard let expected = example.name else {
            #expect(result == .notACommand)
            return
        }
        guard case .command(let parsed) = result else {
            Issue.record("expected a command, got \(result)")
            return
        }
        #expect(parsed.name == expected)
        #expect(parsed.mention == example.mention)
        #expect(parsed.words == example.words)
    }

    @Test("an unclosed quote is reported with the command name", arguments: [#"/poll new "Which"#, "/poll new “Which"])
    func unclosedQuote(_ text: String) {
        guard case .malformed(let name, _, let reason) = CommandParser.parse(text) else {
            Issue.record("expected malformed")
            return
        }
        #expect(name == "poll")
        #expect(reason.contains("not closed"))
    }

    @Test func quotedWordsAreMarked() throws {
        guard case .command(let parsed) = CommandParser.parse(#"/poll "--team" --team"#) else {
            Issue.record("expected a command")
            return
        }
        #expect(parsed.tokens == [CommandToken("--team", isQuoted: true), CommandToken("--team")])
    }

    @Test func rawArgumentsKeepTheText() {
        guard case .command(let parsed) = CommandParser.parse("/remind  me   in 2h  “call  home”  ") else {
            Issue.record("expected a command")
            return
        }
        #expect(parsed.rawArguments == "me   in 2h  “call  home”")
    }

    @Test func addressedToOtherBotIsRecognised() {
        let mine = ParsedCommand(name: "help", mention: "workshop_bot")
        let other = ParsedCommand(name: "help", mention: "otherbot")
        let plain = ParsedCommand(name: "help")
        #expect(mine.isAddressed(to: "Workshop_Bot"))
        #expect(!other.isAddressed(to: "workshop_bot"))
        #expect(plain.isAddressed(to: "workshop_bot"))
    }

    @Test("huge input is parsed whole without crashing")
    func hugeInput() {
        let words = String(repeating: "word “quoted text” ", count: 6_000)  // about 120 KB
        let result = CommandParser.parse("/say " + words)
        guard case .command(let parsed) = result else {
            Issue.record("expected a command")
            return
        }
        #expect(parsed.tokens.count == 12_000)
        #expect(CommandParser.parse(String(repeating: "x", count: 100_000)) == .notACommand)
        #expect(CommandParser.parse("/" + String(repeating: "x", count: 100_000)) == .notACommand)
    }

    @Test func tokenizerHandlesTrailingBackslash() {
        #expect((try? CommandParser.tokenize("a \\").get()) == [CommandToken("a"), CommandToken("\\")])
    }
}
