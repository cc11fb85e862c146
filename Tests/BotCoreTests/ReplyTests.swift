import Foundation
import Testing

@testable import BotCore

struct ReplyTests {
    /// Escaping works on UTF-8 bytes: other scripts and emoji pass through whole, NUL is dropped.
    @Test func escapingKeepsEveryOtherCharacter() {
        #expect(HTMLRenderer.escape("Пленарное заседание 中文 🇱🇦") == "Пленарное заседание 中文 🇱🇦")
        #expect(HTMLRenderer.escape("é<è>&\"ü\u{0}ß") == "é&lt;è&gt;&amp;&quot;üß")
        #expect(HTMLRenderer.escape("") == "")
        #expect(HTMLRenderer.escape("<<") == "&lt;&lt;")
    }

    @Test func mentionsAreNamesUnlessAChannelLinksThemAndAreEscaped() {
        let ann = UserRef(platform: "chat", id: "42")
        let text: RichText = "Reminder for \(mention: ann, name: "<b>Ann</b>")"
        #expect(HTMLRenderer.render(text) == "Reminder for &lt;b&gt;Ann&lt;/b&gt;")
        #expect(text.plainText == "Reminder for <b>Ann</b>")
        #expect(text.mentionedUsers == [ann])
        // A channel's flavor links the person; whatever the link holds is escaped into the attribute.
        let flavor = HTMLFlavor(mentionLink: { "chat://user?id=\($0.id)&\"x\"" })
        #expect(
            HTMLRenderer.render(text, flavor: flavor)
                == "Reminder for <a href=\"chat://user?id=42&amp;&quot;x&quot;\">&lt;b&gt;Ann&lt;/b&gt;</a>")
    }

    @Test func timesAreTheirTextUnlessAChannelMarksThemUp() {
        let text: RichText = "Starts \(time: Date(timeIntervalSince1970: 1_636_358_400), as: "09:00 <Hamburg>")"
        #expect(text.plainText == "Starts 09:00 <Hamburg>")
        #expect(HTMLRenderer.render(text) == "Starts 09:00 &lt;Hamburg&gt;")
        let flavor = HTMLFlavor(time: { instant, escaped in
            "<t at=\"\(Int(instant.timeIntervalSince1970))\">\(escaped)</t>"
        })
        #expect(HTMLRenderer.render(text, flavor: flavor) == "Starts <t at=\"1636358400\">09:00 &lt;Hamburg&gt;</t>")
    }

    @Test func interpolatedUserTextIsEscapedInHTML() {
        let name = "<script>alert(1)</script> & \"friends\""
        let reply: Reply = "Hello \(name), vote for \(bold: "<b>x</b>")"
        let html = HTMLRenderer.render(reply)
        #expect(
            html
                == "Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;, vote for <b>&lt;b&gt;x&lt;/b&gt;</b>"
        )
        #expect(reply.plainText == "Hello \(name), vote for <b>x</b>")
    }

    @Test func onlyWebLinksBecomeLinks() {
        let good = HTMLRenderer.render(RichText("See \(link: "https://uil.unesco.org/x?a=1&b=2", title: "UIL")"))
        #expect(good == #"See <a href="https://uil.unesco.org/x?a=1&amp;b=2">UIL</a>"#)
        let bad = HTMLRenderer.render(RichText("\(link: "javascript:alert(1)", title: "click")"))
        #expect(!bad.contains("<a"))
        #expect(!isWebURL("file:///etc/passwd"))
        #expect(!isWebURL("https://"))
        #expect(isWebURL("HTTP://example.org"))
    }

    @Test func emptyRepliesAreEmpty() {
        #expect(Reply.none.isEmpty)
        #expect(Reply(lines: ["", ""]).isEmpty)
        #expect(!Reply("x").isEmpty)
    }

    @Test func identitiesParseAndRoundTrip() throws {
        let user = try #require(UserRef(parsing: "matrix:@alice:example.org"))
        #expect(user.platform == "matrix")
        #expect(user.id == "@alice:example.org")
        #expect(UserRef(parsing: "nocolon") == nil)
        #expect(UserRef(parsing: ":x") == nil)
        #expect(ChatRef(parsing: "telegram:-1001234")?.id == "-1001234")
        #expect(Role.facilitator > Role.participant)
    }
}
