import BotRuntime
import Foundation
import Testing
import Yams

@testable import BotConfig

// MARK: - Helpers

/// The issues decoding `yaml` throws; records a test issue when it decodes or throws anything but `ConfigErrors`.
private func decodingIssues<T: Decodable>(
    decoding valueType: T.Type, from yaml: String, environment: [String: String] = [:],
    sourceLocation: SourceLocation = #_sourceLocation
) -> [String] {
    do {
        _ = try YAMLConfigDecoder(environment: environment).decode(valueType, from: yaml, file: "test.yaml")
        Issue.record("decoding succeeded", sourceLocation: sourceLocation)
    } catch let errors as ConfigErrors {
        return errors.issues.map(\.description)
    } catch {
        Issue.record("threw \(type(of: error)), not ConfigErrors: \(error)", sourceLocation: sourceLocation)
    }
    return []
}

/// The value decoded from `yaml`.
private func decoded<T: Decodable>(
    _ valueType: T.Type, _ yaml: String, environment: [String: String] = [:]
) throws -> T {
    try YAMLConfigDecoder(environment: environment).decode(valueType, from: yaml, file: "test.yaml")
}

// MARK: - Tests

@Suite("YAMLConfigDecoder")
struct YAMLConfigDecoderTests {
    @Test("nested structs, arrays, dictionaries, optionals and Foundation scalars decode")
    func decodesNestedValues() throws {
        let yaml = """
            bot_name: workshop
            teams:
              - name: red
                time_zone: Europe/Berlin
                members: [ann, bob]
                max_votes: 3
              - name: blue
                time_zone: UTC
                members: []
            limits:
              first-draft: 2
              timeZone: 5
              time_zone: 7
            debug: TRUE
            ratio: 0.75
            owner: ~
            webhook: https://example.org/hook
            price: 12.50
            """
        let config = try decoded(BotConfig.self, yaml)
        let expected = BotConfig(
            botName: "workshop",
            teams: [
                .init(name: "red", timeZone: "Europe/Berlin", members: ["ann", "bob"], maxVotes: 3),
                .init(name: "blue", timeZone: "UTC", members: [], maxVotes: nil),
            ],
            limits: ["first-draft": 2, "timeZone": 5, "time_zone": 7],
            debug: true,
            ratio: 0.75,
            owner: nil,
            webhook: try #require(URL(string: "https://example.org/hook")),
            price: try #require(Decimal(string: "12.50", locale: nil))
        )
        #expect(config == expected)
    }

    @Test("Swift key names are looked up in snake_case; explicit snake_case raw values are used as they are")
    func mapsKeysToSnakeCase() throws {
        let value = try decoded(ExplicitKeys.self, "api_url: https://x\nuser_ID: 7\nrequest_timeout: 1.5\n")
        #expect(value == ExplicitKeys(apiURL: "https://x", userID: 7, timeout: 1.5))
    }

    @Test(
        "camelCase to snake_case",
        arguments: [
            ("timeZone", "time_zone"), ("apiURL", "api_url"), ("URLString", "url_string"), ("name", "name"),
            ("already_snake", "already_snake"), ("oauth2Token", "oauth2_token"), ("ID", "id"),
            ("first-draft", "first-draft"),
        ]
    )
    func snakeCase(swiftName: String, yamlName: String) {
        #expect(YAMLKeyNaming.snakeCase(swiftName) == yamlName)
    }

    @Test("dictionary keys are used verbatim, and a type iterating allKeys has asked for every key")
    func dictionaryAndAllKeys() throws {
        let limits = try decoded([String: Int].self, "first-draft: 1\ntimeZone: 2\ntime_zone: 3\nMixed Case: 4\n")
        #expect(limits == ["first-draft": 1, "timeZone": 2, "time_zone": 3, "Mixed Case": 4])
        let flags = try decoded(FeatureFlags.self, "dark_mode: true\nbetaFeatures: false\n")
        #expect(flags.flags == ["dark_mode": true, "betaFeatures": false])
        #expect(try decoded(KeyNames.self, "b_key: 1\naKey: [x]\n").names == ["b_key", "aKey"])
    }

    @Test("an unknown key is reported at its own line with the closest known key")
    func unknownKeyWithSuggestion() {
        let found = decodingIssues(decoding: Team.self, from: "name: red\ntim_zone: UTC\n")
        #expect(found == ["test.yaml:2:1: tim_zone: unknown key 'tim_zone' (did you mean 'time_zone'?)"])
        let camel = decodingIssues(decoding: Team.self, from: "name: red\ntimeZone: UTC\n")
        #expect(camel == ["test.yaml:2:1: timeZone: unknown key 'timeZone' (did you mean 'time_zone'?)"])
    }

    @Test("every unknown key is reported, in nested mappings and list elements too")
    func allUnknownKeys() {
        let yaml = """
            name: red
            colour: blue
            teams:
              - name: a
                extra: 1
                also: 2
              - name: b
                time_zon: x
            """
        #expect(
            decodingIssues(decoding: Roster.self, from: yaml) == [
                "test.yaml:2:1: colour: unknown key 'colour'",
                "test.yaml:5:5: teams[#1].extra: unknown key 'extra'",
                "test.yaml:6:5: teams[#1].also: unknown key 'also'",
                "test.yaml:8:5: teams[#2].time_zon: unknown key 'time_zon' (did you mean 'time_zone'?)",
            ]
        )
    }

    @Test("a misspelled required key gives both the missing key and the unknown key, and no false unknown keys")
    func missingAndMisspelledKey() {
        // `lead` is never asked for, because decoding stops at `time_zone`; it is still a known key.
        let found = decodingIssues(decoding: StrictTeam.self, from: "name: red\ntim_zone: UTC\nlead: ann\n")
        #expect(
            found == [
                "test.yaml:1:1: time_zone: missing key 'time_zone'",
                "test.yaml:2:1: tim_zone: unknown key 'tim_zone' (did you mean 'time_zone'?)",
            ]
        )
    }

    @Test(
        "a value of the wrong type is reported at its line and column",
        arguments: [
            (
                "max_votes: lots\nenabled: true\nname: x\n",
                "test.yaml:1:12: max_votes: expected a number, found \"lots\""
            ),
            ("max_votes: 1\nenabled: yes\nname: x\n", "test.yaml:2:10: enabled: expected true or false, found \"yes\""),
            (
                "max_votes: 1\nenabled: true\nname:\n  first: x\n",
                "test.yaml:4:3: name: expected a string, found a mapping"
            ),
            ("max_votes: 1\nenabled: true\nname:\n", "test.yaml:3:6: name: expected a string, found an empty value"),
            ("max_votes: 1\nenabled: true\nname: [a]\n", "test.yaml:3:7: name: expected a string, found a list"),
            ("max_votes: 1\nenabled: true\nname: x\ntags: 5\n", "test.yaml:4:7: tags: expected a list, found \"5\""),
            (
                "max_votes: 1\nenabled: true\nname: x\ntags: [1, b]\n",
                "test.yaml:4:11: tags[#2]: expected a number, found \"b\""
            ),
        ]
    )
    func typeMismatch(yaml: String, expected: String) {
        #expect(decodingIssues(decoding: Limits.self, from: yaml) == [expected])
    }

    @Test("the top level must be a mapping for a keyed type")
    func topLevelMustBeMapping() {
        #expect(
            decodingIssues(decoding: Team.self, from: "- a\n- b\n") == [
                "test.yaml:1:1: expected a mapping, found a list"
            ])
    }

    @Test(
        "a duplicate key is reported at its second occurrence",
        arguments: [
            (
                "name: red\ntime_zone: UTC\nname: blue\n",
                ["test.yaml:3:1: name: duplicate key 'name' (first defined on line 1)"]
            ),
            ("\"name\": red\n'name': blue\n", ["test.yaml:2:1: name: duplicate key 'name' (first defined on line 1)"]),
            (
                "name: a\nname: b\nname: c\ntime_zone: x\ntime_zone: y\n",
                [
                    "test.yaml:2:1: name: duplicate key 'name' (first defined on line 1)",
                    "test.yaml:3:1: name: duplicate key 'name' (first defined on line 1)",
                    "test.yaml:5:1: time_zone: duplicate key 'time_zone' (first defined on line 4)",
                ]
            ),
        ]
    )
    func duplicateKey(yaml: String, expected: [String]) {
        #expect(decodingIssues(decoding: Team.self, from: yaml) == expected)
    }

    @Test("duplicate keys in nested and flow mappings keep their own columns, and other problems are still found")
    func nestedDuplicateKeys() {
        let yaml = """
            name: red
            teams:
              - name: a
                name: b
            limits: {a: 1, b: 2, a: 3}
            """
        struct Document: Decodable {
            var name: String
            var teams: [Team]
            var limits: [String: Int]
            var extra: Int
        }
        #expect(
            decodingIssues(decoding: Document.self, from: yaml) == [
                "test.yaml:1:1: extra: missing key 'extra'",
                "test.yaml:4:5: teams[#1].name: duplicate key 'name' (first defined on line 3)",
                "test.yaml:5:22: limits.a: duplicate key 'a' (first defined on line 5)",
            ]
        )
    }

    @Test("every one of hundreds of duplicate keys is reported at its own line, in one go")
    func manyDuplicateKeys() {
        // 300 keys each written twice, in one mapping and in a flow mapping on one line: each later occurrence is
        // reported where it stands, however many there are.
        let block = (0..<300).map { "k\($0): 1\nk\($0): 2\n" }.joined()
        let flow = "{" + (0..<50).map { "f\($0): 1, f\($0): 2" }.joined(separator: ", ") + "}"
        let issues = decodingIssues(
            decoding: [String: [String: Int]].self,
            from: "block:\n" + block.split(separator: "\n").map { "  \($0)\n" }.joined() + "flow: \(flow)\n")
        #expect(issues.count == 350)
        #expect(issues.first == "test.yaml:3:3: block.k0: duplicate key 'k0' (first defined on line 2)")
        #expect(issues.contains("test.yaml:601:3: block.k299: duplicate key 'k299' (first defined on line 600)"))
        let lastFlowColumn =
            "flow: {".count + (0..<49).map { "f\($0): 1, f\($0): 2, ".count }.reduce(0, +) + "f49: 1, ".count + 1
        #expect(
            issues.last == "test.yaml:602:\(lastFlowColumn): flow.f49: duplicate key 'f49' (first defined on line 602)")
    }

    @Test("a duplicate key before a syntax error is reported beside it")
    func duplicateKeyBeforeSyntaxError() {
        #expect(
            decodingIssues(decoding: [String: String].self, from: "a: 1\na: 2\nb: [unclosed\n") == [
                "test.yaml:1:1: duplicate key 'a' (this key appears more than once in its mapping)",
                "test.yaml:4:1: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 3, column 4)",
            ])
    }

    @Test("${NAME} is replaced by the environment and $${ writes a literal ${")
    func environmentSubstitution() throws {
        let yaml = "token: ${BOT_TOKEN}\nurl: \"https://${HOST}/x\"\nliteral: \"$${NOT_A_VAR} and $$5\"\n"
        let environment = ["BOT_TOKEN": "abc123", "HOST": "example.org"]
        let value = try decoded(Secrets.self, yaml, environment: environment)
        #expect(value == Secrets(token: "abc123", url: "https://example.org/x", literal: "${NOT_A_VAR} and $$5"))
        let port = try decoded(Box<Int>.self, "value: ${PORT}\n", environment: ["PORT": "8080"])
        #expect(port.value == 8080)
    }

    @Test("every unset environment variable is reported at its scalar")
    func missingEnvironmentVariable() {
        struct Connection: Decodable {
            var token: String
            var user: String
            var port: Int
        }
        let yaml = "token: ${BOT_TOKEN}\nuser: \"${USER_NAME}@${DOMAIN}\"\nport: ${PORT}\n"
        #expect(
            decodingIssues(decoding: Connection.self, from: yaml, environment: ["DOMAIN": "example.org"]) == [
                "test.yaml:1:8: token: environment variable BOT_TOKEN is not set",
                "test.yaml:2:7: user: environment variable USER_NAME is not set",
                "test.yaml:3:7: port: environment variable PORT is not set",
            ]
        )
        let malformed = decodingIssues(decoding: Box<String>.self, from: "value: ${1X} ${OPEN\n")
        #expect(
            malformed == [
                "test.yaml:1:8: value: invalid environment variable name '1X' in '${1X}'"
                    + " (write '$${' for a literal '${')",
                "test.yaml:1:8: value: unterminated environment reference '${' (write '$${' for a literal '${')",
            ]
        )
    }

    @Test(
        "a substituted value never appears in an error",
        arguments: [
            ("value: ${SECRET}\n", "test.yaml:1:8: value: expected a number, found \"${SECRET}\""),
            ("value: \"tcp://${SECRET}:1\"\n", "test.yaml:1:8: value: expected a number, found \"tcp://${SECRET}:1\""),
        ]
    )
    func secretsStayOutOfTypeMismatches(yaml: String, expected: String) {
        let found = decodingIssues(decoding: Box<Int>.self, from: yaml, environment: ["SECRET": "hunter2-s3cret"])
        #expect(found == [expected])
        #expect(!found.joined().contains("hunter2"))
    }

    @Test("a substituted value is removed from errors that types throw themselves")
    func secretsStayOutOfTypeErrors() {
        let environment = ["SECRET": "hunter2-s3cret"]
        let level = decodingIssues(decoding: Box<Level>.self, from: "value: ${SECRET}\n", environment: environment)
        #expect(level.count == 1)
        #expect(level.first?.hasPrefix("test.yaml:1:8: value: ") == true)
        #expect(level.first?.contains("${SECRET}") == true)
        let token = decodingIssues(decoding: Box<Token>.self, from: "value: x${SECRET}\n", environment: environment)
        #expect(token == ["test.yaml:1:8: value: token 'x${SECRET}' is too short"])
        #expect(!(level + token).joined().contains("hunter2"))
    }

    @Test("a DecodingError thrown by a type's own init(from:) is placed at the node of its coding path")
    func customDecodingErrors() {
        #expect(
            decodingIssues(decoding: Box<[Schedule]>.self, from: "value:\n  - hour: 5\n  - hour: 25\n") == [
                "test.yaml:3:11: value[#2].hour: hour must be between 0 and 23"
            ]
        )
        #expect(
            decodingIssues(decoding: Day.self, from: "start: \"09:00\"\nend: 1700\n") == [
                "test.yaml:2:6: end: expected HH:MM, found '1700'"
            ]
        )
        #expect(
            decodingIssues(decoding: Box<Level>.self, from: "value: verbose\n") == [
                "test.yaml:1:8: value: Cannot initialize Level from invalid String value verbose"
            ]
        )
    }

    @Test("an error of another kind thrown by init(from:) is placed at the node being decoded")
    func customOtherErrors() {
        #expect(
            decodingIssues(decoding: Box<[Token]>.self, from: "value:\n  - abc\n") == [
                "test.yaml:2:5: value[#1]: token 'abc' is too short"
            ]
        )
    }

    @Test(
        "a YAML syntax error is reported with its line",
        arguments: [
            ("name: red\nteams: [a, b\n", 3, "YAML syntax error: did not find expected ',' or ']'"),
            ("name: red\n\tteams: 1\n", 2, "YAML syntax error: found a tab character that violates indentation"),
            ("name: a: b\n", 1, "YAML syntax error: mapping values are not allowed in this context"),
            ("name: red\n---\nname: blue\n", 2, "YAML syntax error: but found another document"),
        ]
    )
    func syntaxError(yaml: String, line: Int, messagePrefix: String) throws {
        do {
            _ = try YAMLConfigDecoder(environment: [:]).decode(Team.self, from: yaml, file: "bad.yaml")
            Issue.record("decoding succeeded")
        } catch let errors as ConfigErrors {
            let issue = try #require(errors.issues.first)
            #expect(errors.issues.count == 1)
            #expect(issue.file == "bad.yaml")
            #expect(issue.line == line)
            #expect(issue.column != nil)
            #expect(issue.message.hasPrefix(messagePrefix))
        }
    }

    @Test func anUnclosedQuoteIsReportedWhereItOpensNotWhereTheFileEnds() {
        let yaml = "name: red\nlead: \"Bounmy\nteams: []\nextra: 1\nmore: 2\n"
        #expect(
            decodingIssues(decoding: Team.self, from: yaml) == [
                "test.yaml:2:7: YAML syntax error: this quoted value is never closed (no closing quote before line 6)"
            ])
    }

    @Test(
        "an empty document decodes like an empty mapping", arguments: ["", "# nothing here\n", "\n\n", "---\n", "~\n"])
    func emptyDocument(yaml: String) throws {
        #expect(try decoded(OptionalFields.self, yaml) == OptionalFields(name: nil, count: nil))
        #expect(decodingIssues(decoding: Team.self, from: yaml) == ["test.yaml: name: missing key 'name'"])
        let fromNode = try YAMLConfigDecoder(environment: [:]).decode(OptionalFields.self, from: nil, file: "x.yaml")
        #expect(fromNode == OptionalFields(name: nil, count: nil))
    }

    @Test("scalars: any scalar is a string, nulls are nil, numbers accept other bases")
    func scalars() throws {
        #expect(try decoded(Box<String>.self, "value: \"123\"\n").value == "123")
        #expect(try decoded(Box<String>.self, "value: 123\n").value == "123")
        #expect(try decoded(Box<String>.self, "value: 'null'\n").value == "null")
        #expect(try decoded(Box<String>.self, "value: true\n").value == "true")
        #expect(try decoded(Box<String?>.self, "value: ~\n").value == nil)
        #expect(try decoded(Box<String?>.self, "value: null\n").value == nil)
        #expect(try decoded(Box<String?>.self, "value:\n").value == nil)
        #expect(try decoded(Box<[Int?]>.self, "value: [1, ~, 3]\n").value == [1, nil, 3])
        #expect(try decoded(Box<Int>.self, "value: 0x1F\n").value == 31)
        #expect(try decoded(Box<Int>.self, "value: -1_000\n").value == -1000)
        #expect(try decoded(Box<UInt8>.self, "value: 255\n").value == 255)
        #expect(try decoded(Box<Int8>.self, "value: -128\n").value == -128)
        #expect(try decoded(Box<Double>.self, "value: 1e3\n").value == 1000)
        #expect(try decoded(Box<Double>.self, "value: -.inf\n").value == -.infinity)
        #expect(try decoded(Box<Float>.self, "value: 2\n").value == 2)
        #expect(try decoded(Box<Bool>.self, "value: False\n").value == false)
        #expect(try decoded(Box<Level>.self, "value: info\n").value == .info)
    }

    @Test(
        "integers out of range and values that are not booleans are rejected",
        arguments: [
            (NumericCase.uint8, "300", "expected a number from 0 to 255, found \"300\""),
            (NumericCase.int8, "-129", "expected a number from -128 to 127, found \"-129\""),
            (
                NumericCase.int64, "9223372036854775808",
                "expected a number from -9223372036854775808 to 9223372036854775807, found \"9223372036854775808\""
            ),
            (NumericCase.uint, "-1", "expected a number from 0 to 18446744073709551615, found \"-1\""),
            (NumericCase.int, "1.5", "expected a whole number, found \"1.5\""),
            (NumericCase.int, "12abc", "expected a number, found \"12abc\""),
            (NumericCase.double, "fast", "expected a number, found \"fast\""),
            (NumericCase.float, "1e40", "expected a number from -3.4028235e+38 to 3.4028235e+38, found \"1e40\""),
            (NumericCase.bool, "yes", "expected true or false, found \"yes\""),
            (NumericCase.bool, "1", "expected true or false, found \"1\""),
            (NumericCase.bool, "~", "expected true or false, found null"),
        ]
    )
    func rangeAndBoolErrors(kind: NumericCase, text: String, message: String) {
        #expect(kind.decodeIssues(for: "value: \(text)\n") == ["test.yaml:1:8: value: \(message)"])
    }

    @Test("YAML aliases are resolved, merge keys apply, and alias nodes are rejected")
    func aliases() throws {
        let yaml = """
            defaults: &defaults
              time_zone: UTC
            teams:
              - <<: *defaults
                name: red
              - name: blue
                time_zone: Asia/Tokyo
            """
        struct Defaults: Decodable, Equatable {
            var timeZone: String
        }
        struct Merged: Decodable, Equatable {
            var defaults: Defaults
            var teams: [Team]
        }
        let merged = try decoded(Merged.self, yaml)
        #expect(merged.teams == [Team(name: "red", timeZone: "UTC"), Team(name: "blue", timeZone: "Asia/Tokyo")])
        #expect(try decoded([String: Int].self, "a: &x 5\nb: *x\n") == ["a": 5, "b": 5])

        let node = Node([(Node("name"), Node.alias(Node.Alias(Anchor(rawValue: "x"))))])
        do {
            _ = try YAMLConfigDecoder(environment: [:]).decode(Team.self, from: node, file: "a.yaml")
            Issue.record("decoding succeeded")
        } catch let errors as ConfigErrors {
            #expect(errors.description == "a.yaml: name: YAML aliases are not supported")
        }
    }

    @Test("issue(at:) locates problems found after decoding")
    func issueAtPath() throws {
        let yaml = """
            name: workshop
            teams:
              - name: red
                time_zone: Europe/Berlin
              - name: blue
                time_zone: Mars/Base
            codes:
              "1": one
            """
        struct Document: Decodable {
            var name: String
            var teams: [Team]
            var codes: [String: String]
        }
        let decoder = YAMLConfigDecoder(environment: [:])
        let node = try decoder.compose(yaml: yaml, file: "roster.yaml")
        let document = try decoder.decode(Document.self, from: node, file: "roster.yaml")
        #expect(document.teams[1].timeZone == "Mars/Base")

        let index = 1
        let issue = decoder.issue(
            at: ["teams", String(index), "time_zone"], message: "unknown time zone 'Mars/Base'", in: node,
            file: "roster.yaml"
        )
        let expected = ConfigIssue(
            file: "roster.yaml", line: 6, column: 16, field: "teams[#2].time_zone",
            message: "unknown time zone 'Mars/Base'"
        )
        #expect(issue == expected)
        #expect(issue.description == "roster.yaml:6:16: teams[#2].time_zone: unknown time zone 'Mars/Base'")

        func described(_ path: [String]) -> String {
            decoder.issue(at: path, message: "m", in: node, file: "r.yaml").description
        }
        #expect(described(["teams", "1", "lead"]) == "r.yaml:5:5: teams[#2].lead: m")
        #expect(described(["teams", "7", "name"]) == "r.yaml:3:3: teams[#8].name: m")
        #expect(described(["codes", "1"]) == "r.yaml:8:8: codes.1: m")
        #expect(described(["plugins", "enabled", "3"]) == "r.yaml:1:1: plugins.enabled[#4]: m")
        #expect(described([]) == "r.yaml:1:1: m")
        #expect(decoder.issue(at: ["a"], message: "m", in: nil, file: "r.yaml").description == "r.yaml: a: m")

        let coded = decoder.issue(
            atCodingPath: [RosterKeys.teams, YAMLIndexKey(0), TeamKeys.timeZone], message: "m", in: node, file: "r.yaml"
        )
        #expect(coded.description == "r.yaml:4:16: teams[#1].time_zone: m")
    }

    @Test("compose rejects duplicate keys and syntax errors with ConfigErrors")
    func composeErrors() {
        let decoder = YAMLConfigDecoder(environment: [:])
        #expect(
            throws: ConfigErrors([
                ConfigIssue(
                    file: "c.yaml", line: 2, column: 1, field: "a",
                    message: "duplicate key 'a' (first defined on line 1)")
            ])
        ) {
            try decoder.compose(yaml: "a: 1\na: 2\n", file: "c.yaml")
        }
        #expect(throws: ConfigErrors.self) {
            try decoder.compose(yaml: "a: [1\n", file: "c.yaml")
        }
    }

    @Test(
        "issue descriptions leave out what is unknown",
        arguments: [
            (
                ConfigIssue(file: "f.yaml", line: 12, column: 5, field: "teams[2].time_zone", message: "m"),
                "f.yaml:12:5: teams[2].time_zone: m"
            ),
            (ConfigIssue(file: "f.yaml", line: 12, column: nil, field: "a", message: "m"), "f.yaml:12: a: m"),
            (ConfigIssue(file: "f.yaml", line: nil, column: 3, field: "a", message: "m"), "f.yaml: a: m"),
            (ConfigIssue(file: "f.yaml", line: 1, column: 1, field: "", message: "m"), "f.yaml:1:1: m"),
            (ConfigIssue(file: "", line: nil, column: nil, field: "", message: "m"), "m"),
        ]
    )
    func issueDescription(issue: ConfigIssue, expected: String) {
        #expect(issue.description == expected)
    }

    @Test("ConfigErrors shows one issue per line")
    func errorsDescription() {
        let errors = ConfigErrors([
            ConfigIssue(file: "a.yaml", line: 1, column: 2, field: "x", message: "one"),
            ConfigIssue(file: "b.yaml", line: nil, column: nil, field: "", message: "two"),
        ])
        #expect(errors.description == "a.yaml:1:2: x: one\nb.yaml: two")
    }
}

// MARK: - Fixtures

// Nested in the suite so that their short names cannot clash with types elsewhere in the test target.
extension YAMLConfigDecoderTests {
    private struct BotConfig: Decodable, Equatable {
        struct Team: Decodable, Equatable {
            var name: String
            var timeZone: String
            var members: [String]
            var maxVotes: Int?
        }

        var botName: String
        var teams: [Team]
        var limits: [String: Int]
        var debug: Bool?
        var ratio: Double
        var owner: String?
        var webhook: URL
        var price: Decimal
    }

    private struct Team: Decodable, Equatable {
        var name: String
        var timeZone: String?
    }

    private struct StrictTeam: Decodable, Equatable {
        var name: String
        var timeZone: String
        var lead: String
    }

    private struct Roster: Decodable, Equatable {
        var name: String
        var teams: [Team]
    }

    private struct Limits: Decodable, Equatable {
        var maxVotes: Int
        var enabled: Bool
        var name: String
        var tags: [Int]?
    }

    private struct Box<Value: Decodable>: Decodable {
        var value: Value
    }

    private struct OptionalFields: Decodable, Equatable {
        var name: String?
        var count: Int?
    }

    private struct Secrets: Decodable, Equatable {
        var token: String
        var url: String
        var literal: String
    }

    private enum Level: String, Decodable {
        case debug, info
    }

    /// Validates its own value in `init(from:)`, with a keyed container.
    private struct Schedule: Decodable {
        enum CodingKeys: String, CodingKey {
            case hour
        }

        var hour: Int

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            hour = try container.decode(Int.self, forKey: .hour)
            guard (0..<24).contains(hour) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .hour, in: container, debugDescription: "hour must be between 0 and 23"
                )
            }
        }
    }

    /// Validates its own value in `init(from:)`, with a single value container.
    private struct ClockTime: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            text = try container.decode(String.self)
            guard text.contains(":") else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "expected HH:MM, found '\(text)'")
            }
        }
    }

    private struct Day: Decodable {
        var start: ClockTime
        var end: ClockTime
    }

    /// Throws an error that is not a `DecodingError`, and says the value it was given.
    private struct Token: Decodable {
        struct Invalid: Error, CustomStringConvertible {
            var token: String
            var description: String { "token '\(token)' is too short" }
        }

        init(from decoder: any Decoder) throws {
            let token = try decoder.singleValueContainer().decode(String.self)
            throw Invalid(token: token)
        }
    }

    /// Decodes every key present through `allKeys`, with a key type that accepts any string.
    private struct FeatureFlags: Decodable, Equatable {
        struct AnyKey: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        var flags: [String: Bool] = [:]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            for key in container.allKeys {
                flags[key.stringValue] = try container.decode(Bool.self, forKey: key)
            }
        }
    }

    /// Reads only the names of its keys, through `allKeys`.
    private struct KeyNames: Decodable {
        var names: [String]

        init(from decoder: any Decoder) throws {
            names = try decoder.container(keyedBy: FeatureFlags.AnyKey.self).allKeys.map(\.stringValue)
        }
    }

    /// Explicit coding keys: one camelCase raw value, one snake_case raw value, one that differs from the property.
    private struct ExplicitKeys: Decodable, Equatable {
        enum CodingKeys: String, CodingKey {
            case apiURL
            case userID = "user_ID"
            case timeout = "request_timeout"
        }

        var apiURL: String
        var userID: Int
        var timeout: Double
    }

    private enum RosterKeys: String, CodingKey {
        case teams
    }

    private enum TeamKeys: String, CodingKey {
        case timeZone
    }

    /// The scalar types the range tests decode, as `Sendable` test arguments.
    enum NumericCase: Sendable, CustomTestStringConvertible {
        case int, int8, int64, uint, uint8, double, float, bool

        var testDescription: String { "\(self)" }

        fileprivate func decodeIssues(for yaml: String) -> [String] {
            switch self {
            case .int: return decodingIssues(decoding: Box<Int>.self, from: yaml)
            case .int8: return decodingIssues(decoding: Box<Int8>.self, from: yaml)
            case .int64: return decodingIssues(decoding: Box<Int64>.self, from: yaml)
            case .uint: return decodingIssues(decoding: Box<UInt>.self, from: yaml)
            case .uint8: return decodingIssues(decoding: Box<UInt8>.self, from: yaml)
            case .double: return decodingIssues(decoding: Box<Double>.self, from: yaml)
            case .float: return decodingIssues(decoding: Box<Float>.self, from: yaml)
            case .bool: return decodingIssues(decoding: Box<Bool>.self, from: yaml)
            }
        }
    }
}
