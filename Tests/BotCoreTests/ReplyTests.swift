import Foundation
import Testing

@testable import BotCore

struct ReplyTests {
    @Test func mentionsLinkToThePersonOnTheirPlatformAndAreEscaped() {
        let telegram: RichText = "Reminder for \(mention: UserRef(platform: "telegram", id: "42"), name: "<b>Ann</b>")"
        #expect(HTMLRenderer.render(telegram) == "Reminder for <a href=\"tg://user?id=42\">&lt;b&gt;Ann&lt;/b&gt;</a>")
        let matrix: RichText = "\(mention: UserRef(platform: "matrix", id: "@ann:example.org"), name: "Ann")"
        #expect(HTMLRenderer.render(matrix) == "<a href=\"https://matrix.to/#/@ann:example.org\">Ann</a>")
        // Ids that are not what the platform issues are not linked.
        let odd: RichText = "\(mention: UserRef(platform: "telegram", id: "42\"><script>"), name: "Ann")"
        #expect(HTMLRenderer.render(odd) == "Ann")
        let console: RichText = "\(mention: UserRef(platform: "console", id: "ann"), name: "Ann & co")"
        #expect(HTMLRenderer.render(console) == "Ann &amp; co")
        #expect(console.plainText == "Ann & co")
        #expect(telegram.mentionedUsers == [UserRef(platform: "telegram", id: "42")])
    }

    @Test func timesCarryTheirInstantOnlyWhereAPlatformCanShowIt() {
        let text: RichText = "Starts \(time: Date(timeIntervalSince1970: 1_636_358_400.9), as: "09:00 <Hamburg>")"
        #expect(text.plainText == "Starts 09:00 <Hamburg>")
        #expect(HTMLRenderer.render(text) == "Starts 09:00 &lt;Hamburg&gt;")
        #expect(HTMLRenderer.render(text, dateTimeEntities: true) == "Starts <tg-time unix=\"1636358400\">09:00 &lt;Hamburg&gt;</tg-time>")
    }

    @Test(arguments: [Double.nan, .infinity, 1e20, -1e300])
    func anInstantNoUnixTimeCanNameStaysPlainText(_ seconds: Double) {
        let text: RichText = "Due \(time: Date(timeIntervalSince1970: seconds), as: "someday")"
        #expect(HTMLRenderer.render(text, dateTimeEntities: true) == "Due someday")
    }

    @Test func interpolatedUserTextIsEscapedInHTML() {
        let name = "<script>alert(1)</script> & \"friends\""
        let reply: Reply = "Hello \(name), vote for \(bold: "<b>x</b>")"
        let html = HTMLRenderer.render(reply)
        #expect(html == "Hello &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;, vote for <b>&lt;b&gt;x&lt;/b&gt;</b>")
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
