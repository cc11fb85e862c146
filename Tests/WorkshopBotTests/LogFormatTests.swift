import Foundation
import Testing

@testable import WorkshopBot

struct LogFormatTests {
    @Test(
        "logfmt values are bare when safe and quoted otherwise",
        arguments: [
            ("ready", "ready"), ("telegram:-100123", "telegram:-100123"), ("two words", "\"two words\""),
            ("say \"hi\"", #""say \"hi\"""#), ("a\nb", #""a\nb""#), ("", "\"\""), ("back\\slash", #""back\\slash""#),
        ])
    func quoting(_ value: String, _ expected: String) {
        #expect(StructuredLogHandler.quote(value) == expected)
    }

    @Test func theConsoleWritesJSONLogLinesToStandardErrorOnly() async throws {
        let result = try await ConsoleEndToEndTests.run(
            [
                "console", "--config", "plugins-config", "--store", ConsoleEndToEndTests.temporaryStore(),
                "--log-format", "json",
                "--log-level", "info",
            ],
            input: "/ping\n")
        #expect(result.status == 0)
        #expect(result.stdout == "bot> pong\n")
        let lines = result.stderr.split(separator: "\n")
        #expect(!lines.isEmpty)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] != nil && object?["msg"] != nil, "\(line)")
        }
    }
}
