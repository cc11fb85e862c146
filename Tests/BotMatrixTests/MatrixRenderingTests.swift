import BotCore
import Foundation
import Testing

@testable import BotMatrix

@Suite struct MatrixRenderingTests {
    let names: Set<String> = ["agenda", "help", "vote", "poll"]

    @Test func knownCommandsAreWrittenWithTheBangPrefix() {
        #expect(MatrixRendering.bang("Type /help or /agenda tomorrow.", names) == "Type !help or !agenda tomorrow.")
        #expect(MatrixRendering.bang("(/vote 2)", names) == "(!vote 2)")
        // Unknown names, paths and URLs keep their slashes.
        #expect(
            MatrixRendering.bang("/unknown and a/help and https://x.org/agenda", names)
                == "/unknown and a/help and https://x.org/agenda")
        #expect(MatrixRendering.bang("/agenda/2021", names) == "/agenda/2021")
        let rich: RichText = "Use \(code: "/poll close 3") now"
        #expect(MatrixRendering.bang(rich, names).spans == [.text("Use "), .code("!poll close 3"), .text(" now")])
    }

    @Test func mentionsOfMatrixUsersArePillsAndOthersAreNames() {
        let ann: RichText = "\(mention: UserRef(platform: "matrix", id: "@ann:example.org"), name: "Ann")"
        #expect(
            HTMLRenderer.render(ann, flavor: MatrixRendering.flavor)
                == "<a href=\"https://matrix.to/#/@ann:example.org\">Ann</a>")
        let odd: RichText = "\(mention: UserRef(platform: "matrix", id: "@ann\"><x:example.org"), name: "Ann")"
        #expect(HTMLRenderer.render(odd, flavor: MatrixRendering.flavor) == "Ann")
        let telegram: RichText = "\(mention: UserRef(platform: "telegram", id: "42"), name: "Bo")"
        #expect(HTMLRenderer.render(telegram, flavor: MatrixRendering.flavor) == "Bo")
        let time: RichText = "\(time: Date(timeIntervalSince1970: 0), as: "09:00")"
        #expect(HTMLRenderer.render(time, flavor: MatrixRendering.flavor) == "09:00")
    }

    @Test func userTextIsEscapedAndNobodyIsMentioned() throws {
        let reply = Reply(lines: ["Option: <b>@room</b> & \(bold: "<script>")"])
        let content = try #require(
            MatrixRendering.contents(for: reply, replyTo: "$e1", thread: nil, commandNames: names).first)
        #expect(content["formatted_body"] as? String == "Option: &lt;b&gt;@room&lt;/b&gt; &amp; <b>&lt;script&gt;</b>")
        #expect(content["body"] as? String == "Option: <b>@room</b> & <script>")
        #expect((content["m.mentions"] as? [String: Any])?.isEmpty == true)
        #expect(content["msgtype"] as? String == "m.text")
        let relation = try #require(content["m.relates_to"] as? [String: Any])
        #expect((relation["m.in_reply_to"] as? [String: String])?["event_id"] == "$e1")
    }

    @Test func aMentionPingsOnlyThatPerson() throws {
        let reply = Reply(
            "Reminder for \(mention: UserRef(platform: "matrix", id: "@dave:localhost"), name: "dave"): draft")
        let content = try #require(
            MatrixRendering.contents(for: reply, replyTo: nil, thread: nil, commandNames: []).first)
        #expect((content["m.mentions"] as? [String: Any])?["user_ids"] as? [String] == ["@dave:localhost"])
        #expect(
            content["formatted_body"] as? String
                == "Reminder for <a href=\"https://matrix.to/#/@dave:localhost\">dave</a>: draft")
        #expect(content["body"] as? String == "Reminder for dave: draft")
    }

    @Test func noticesRepliesInThreadsAndButtons() throws {
        var reply = Reply(lines: ["Starting soon", "second line"], isNotice: true)
        reply.buttons = [[Button("1. Yes", command: "/vote 1")], [Button("2. No", command: "/vote 2")]]
        let contents = MatrixRendering.contents(for: reply, replyTo: "$cmd", thread: "$root", commandNames: names)
        let content = try #require(contents.first)
        #expect(contents.count == 1)
        #expect(content["msgtype"] as? String == "m.notice")
        #expect(
            content["formatted_body"] as? String
                == "Starting soon<br>second line<br>1️⃣ 1. Yes<br>2️⃣ 2. No<br>React with a number to choose, or type <code>!vote 1</code>"
        )
        let relation = try #require(content["m.relates_to"] as? [String: Any])
        #expect(relation["rel_type"] as? String == "m.thread")
        #expect(relation["event_id"] as? String == "$root")
        #expect(relation["is_falling_back"] as? Bool == false)
        #expect((relation["m.in_reply_to"] as? [String: String])?["event_id"] == "$cmd")
    }

    @Test("how to answer with reactions is said in the workshop's language, with the command as the bot reads it")
    func theReactionHintIsInTheWorkshopsLanguage() throws {
        let reply = Reply(lines: ["Vote?"], buttons: [[Button("Yes", command: "/vote 7 1")]])
        for (language, expected) in [
            (Language.english, "React with a number to choose, or type !vote 7 1"),
            (Language.french, "Réagissez avec un numéro pour choisir, ou tapez !vote 7 1"),
            (Language.chinese, "用数字表情回应来选择，或输入 !vote 7 1"),
        ] {
            let texts = Localization.coreOnly.texts(language)
            let content = try #require(
                MatrixRendering.contents(
                    for: reply, replyTo: nil, thread: nil, commandNames: ["vote"], texts: texts
                ).first)
            let body = content["body"] as? String ?? ""
            #expect(body.hasSuffix(expected), "\(body)")
            #expect((content["formatted_body"] as? String ?? "").contains("<code>!vote 7 1</code>"))
        }
    }

    @Test func aLongReplyIsSplitAtLinesAndOnlyTheFirstPartAnswers() throws {
        let lines = (0..<2_000).map { RichText("line \($0) " + String(repeating: "x", count: 40)) }
        let contents = MatrixRendering.contents(
            for: Reply(lines: lines), replyTo: "$cmd", thread: nil, commandNames: [])
        #expect(contents.count > 1)
        for content in contents {
            let size =
                (content["body"] as? String ?? "").utf8.count + (content["formatted_body"] as? String ?? "").utf8.count
            #expect(size <= MatrixRendering.partLimit)
        }
        let allLines = contents.flatMap { ($0["body"] as? String ?? "").split(separator: "\n") }
        #expect(allLines.count == 2_000)
        #expect(contents.dropFirst().allSatisfy { $0["m.relates_to"] == nil })
        #expect(contents.first?["m.relates_to"] != nil)
    }

    @Test func transactionIDsDependOnlyOnTheKeyAndPart() {
        let a = MatrixRendering.transactionID(key: "msg:matrix:!room:localhost:$abc/def", part: 0)
        #expect(a == MatrixRendering.transactionID(key: "msg:matrix:!room:localhost:$abc/def", part: 0))
        #expect(a != MatrixRendering.transactionID(key: "msg:matrix:!room:localhost:$abc/def", part: 1))
        #expect(a != MatrixRendering.transactionID(key: "msg:matrix:!room:localhost:$abc/deg", part: 0))
        #expect(a.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        #expect(MatrixRendering.transactionID(key: nil, part: 0) != MatrixRendering.transactionID(key: nil, part: 0))
    }

    @Test func replyFallbacksAreStrippedFromCommands() {
        #expect(MatrixChannel.strippingReplyFallback("> <@a:x> quoted\n> more\n\n!agenda") == "!agenda")
        #expect(MatrixChannel.strippingReplyFallback("!agenda > x") == "!agenda > x")
        #expect(MatrixChannel.sameKey("1️⃣", "1\u{20E3}"))
        #expect(!MatrixChannel.sameKey("1️⃣", "2️⃣"))
    }
}
