import BotRuntime

/// Durations are read from a YAML scalar with the same rules and messages as `ConfigDuration.init(from:)`.
extension ConfigDuration: YAMLScalarDecodable {
    static var expectation: String { "a duration such as 30s, 15m, 2h or 1h30m" }

    static func parseScalar(_ text: String) throws(YAMLScalarMismatch) -> ConfigDuration {
        switch parse(text) {
        case .success(let value):
            return value
        case .failure(let problem):
            throw YAMLScalarMismatch(expected: problem.expected)
        }
    }
}
