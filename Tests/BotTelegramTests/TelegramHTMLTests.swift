import BotCore
import Foundation
import Testing

@testable import BotTelegram

@Suite("Telegram HTML")
struct TelegramHTMLTests {
    @Test func mentionsOfTelegramUsersLinkToThemAndAreEscaped() {
        let flavor = TelegramHTML.flavor(dateTimeEntities: true)
        let ann: RichText = "Reminder for \(mention: UserRef(platform: "telegram", id: "42"), name: "<b>Ann</b>")"
        #expect(
            HTMLRenderer.render(ann, flavor: flavor)
                == "Reminder for <a href=\"tg://user?id=42\">&lt;b&gt;Ann&lt;/b&gt;</a>")
        // Ids that are not what Telegram issues, and people of other platforms, are not linked.
        let odd: RichText = "\(mention: UserRef(platform: "telegram", id: "42\"><script>"), name: "Ann")"
        #expect(HTMLRenderer.render(odd, flavor: flavor) == "Ann")
        let console: RichText = "\(mention: UserRef(platform: "console", id: "ann"), name: "Ann & co")"
        #expect(HTMLRenderer.render(console, flavor: flavor) == "Ann &amp; co")
    }

    @Test func timesBecomeDateTimeEntitiesWhenSwitchedOn() {
        let text: RichText = "Starts \(time: Date(timeIntervalSince1970: 1_636_358_400.9), as: "09:00 <Hamburg>")"
        #expect(
            HTMLRenderer.render(text, flavor: TelegramHTML.flavor(dateTimeEntities: false))
                == "Starts 09:00 &lt;Hamburg&gt;")
        #expect(
            HTMLRenderer.render(text, flavor: TelegramHTML.flavor(dateTimeEntities: true))
                == "Starts <tg-time unix=\"1636358400\">09:00 &lt;Hamburg&gt;</tg-time>")
    }

    @Test(arguments: [Double.nan, .infinity, 1e20, -1e300])
    func anInstantNoUnixTimeCanNameStaysPlainText(_ seconds: Double) {
        let text: RichText = "Due \(time: Date(timeIntervalSince1970: seconds), as: "someday")"
        #expect(HTMLRenderer.render(text, flavor: TelegramHTML.flavor(dateTimeEntities: true)) == "Due someday")
    }
}
