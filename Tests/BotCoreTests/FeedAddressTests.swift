import BotCore
import Testing

/// Feed addresses as logs, errors and replies show them: the secret parts of a "secret address" hidden.
struct FeedAddressTests {
    @Test(
        "queries, credentials and tokens in the path are masked; hosts, ports and plain words are kept",
        arguments: [
            ("http://127.0.0.1:8000/programme.ics", "http://127.0.0.1:8000/programme.ics"),
            (
                "https://calendar.google.com/calendar/ical/abc123%40group.calendar.google.com/private-0f3a9c77d2e14b6aa1c3/basic.ics",
                "https://calendar.google.com/calendar/ical/…/…/basic.ics"
            ),
            (
                "https://cloud.example.org/remote.php/dav/public-calendars/AbCdEfGhIjKlMnOp?export",
                "https://cloud.example.org/remote.php/dav/…/…?…"
            ),
            (
                "https://outlook.office365.com/owa/calendar/0c5f1e2a9b@uil.example/9f8e7d6c5b4a/calendar.ics",
                "https://outlook.office365.com/owa/calendar/…/…/calendar.ics"
            ),
            (
                "https://user:pa55word@feeds.example.org/agenda.ics?token=xyz#frag",
                "https://feeds.example.org/agenda.ics?…"
            ),
            ("https://feeds.example.org/k7Q2pX9wLm3Z.ics", "https://feeds.example.org/…"),
            ("HTTPS://Feeds.Example.org/", "https://Feeds.Example.org/"),
            ("https://feeds.example.org#only-a-fragment", "https://feeds.example.org"),
            ("not an address", "(not a web address)"),
        ])
    func masked(address: String, shown: String) {
        #expect(FeedAddress.masked(address) == shown)
    }
}
