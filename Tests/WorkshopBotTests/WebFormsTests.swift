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
}
