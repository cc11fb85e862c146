import BotCore
import Foundation
import Testing

@testable import WorkshopBot

/// What the web server reads from a browser's request: cookies and urlencoded forms, malformed parts skipped.
struct WebFormsTests {
    @Test func cookiesAreReadFromEveryHeaderAndTheFirstOfANameIsKept() {
        let cookies = WebForms.cookies(["a=1; workshop_bot_session=abc ; =x; noequals", "a=2; b="])
        #expect(cookies == ["a": "1", "workshop_bot_session": "abc", "b": ""])
    }

    @Test func formsArePercentDecodedWithPlusAsSpaceAndBadEscapesSkipped() {
        let body = Data("csrf=0f%2B1&id=42&name=Lao+PDR&bad=%ZZ&csrf=second&=empty&flag".utf8)
        let fields = WebForms.fields(of: body)
        #expect(fields == ["csrf": "0f+1", "id": "42", "name": "Lao PDR", "flag": ""])
    }

    /// The fetch-metadata policy against forged forms: only the browser's own page, or none named, may post.
    @Test func aFormFromAnotherSiteIsToldApartFromTheDashboardsOwn() {
        let own = "https://bot.example.org"
        #expect(!WebForms.isCrossSite(fetchSite: "same-origin", origin: "null", expected: own))
        #expect(!WebForms.isCrossSite(fetchSite: "same-origin", origin: "https://BOT.example.org", expected: own))
        #expect(!WebForms.isCrossSite(fetchSite: nil, origin: nil, expected: own))
        #expect(!WebForms.isCrossSite(fetchSite: "none", origin: nil, expected: own))
        #expect(WebForms.isCrossSite(fetchSite: "cross-site", origin: "null", expected: own))
        #expect(WebForms.isCrossSite(fetchSite: "same-site", origin: "https://evil.example.org", expected: own))
        #expect(WebForms.isCrossSite(fetchSite: nil, origin: "https://evil.example", expected: own))
        #expect(WebForms.isCrossSite(fetchSite: nil, origin: "https://bot.example.org:8443", expected: own))
    }

    @Test func aPublicAddressNamesItsPathAndOrigin() throws {
        let under = try #require(WebAddress("https://example.org/bot/"))
        #expect(under.path == "/bot")
        #expect(under.origin == "https://example.org")
        #expect(under.link("dashboard") == "https://example.org/bot/dashboard")
        #expect(WebAddress("https://Bot.example.org:443/bot")?.origin == "https://bot.example.org")
        #expect(WebAddress("http://[::1]:8080")?.origin == "http://[::1]:8080")
        let local = try #require(WebAddress("http://127.0.0.1:8080"))
        #expect(local.path == "")
        #expect(local.origin == "http://127.0.0.1:8080")
        // The path goes into links, redirects and a cookie's Path: nothing that could end or extend them.
        for text in ["https://example.org/a;b", "https://example.org/a b", "https://example.org/a\"b"] {
            #expect(WebAddress(text) == nil, "\(text)")
        }
        #expect(WebAddress("https://example.org/b%C3%BCro")?.path == "/b%C3%BCro")
    }
}
