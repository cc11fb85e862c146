/// One problem in a configuration file, located as precisely as possible.
///
/// Issues are built so that they can be shown to the operator as they are: they never contain a value that was
/// substituted from the environment (values may be secrets), only the text written in the file.
public struct ConfigIssue: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file the problem is in, as the caller named it (e.g. `plugins-config/bot.yaml`).
    public var file: String
    /// The 1-based line of the offending node, or `nil` when the problem has no place in the file.
    public var line: Int?
    /// The 1-based column (counted in Unicode scalars) of the offending node, or `nil` when unknown.
    public var column: Int?
    /// The dotted YAML path of the offending value, e.g. `teams[2].time_zone`; `""` for the whole document.
    public var field: String
    /// What is wrong, e.g. `unknown key 'tim_zone' (did you mean 'time_zone'?)`.
    public var message: String

    /// Creates an issue; `line` and `column` are 1-based.
    public init(file: String, line: Int?, column: Int?, field: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    /// The issue in compiler style, e.g. `plugins-config/roster.yaml:12:5: teams[2].time_zone: expected a string`.
    ///
    /// Parts that are unknown are left out: no column without a line, no field for the whole document.
    public var description: String {
        var location = file
        if let line {
            location += location.isEmpty ? "\(line)" : ":\(line)"
            if let column {
                location += ":\(column)"
            }
        }
        var parts: [String] = []
        if !location.isEmpty {
            parts.append(location)
        }
        if !field.isEmpty {
            parts.append(field)
        }
        parts.append(message)
        return parts.joined(separator: ": ")
    }
}

/// All problems found in one or more configuration files; the bot refuses to start when this is thrown.
public struct ConfigErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems, in the order they should be shown (by file position where known).
    public var issues: [ConfigIssue]

    /// Wraps a list of issues.
    public init(_ issues: [ConfigIssue]) {
        self.issues = issues
    }

    /// One issue per line, each in the format of `ConfigIssue.description`.
    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
