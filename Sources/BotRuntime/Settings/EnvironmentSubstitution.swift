import Foundation

/// Replaces `${NAME}` references in configuration values with environment variables. Lives with the settings
/// because `ConfigSecrets` finds the references the same way the decoder substitutes them.
package enum EnvironmentSubstitution {
    /// The outcome of substituting one scalar.
    package struct Result {
        /// The value with every reference replaced (unset variables by nothing).
        package var value: String
        /// Messages for unset variables and malformed references.
        package var problems: [String] = []
        /// The variables that were substituted, with their values.
        package var substituted: [(name: String, value: String)] = []
    }

    /// Substitutes every `${NAME}` in `raw`; `$${` stands for a literal `${`.
    package static func apply(to raw: String, environment: [String: String]) -> Result {
        var result = Result(value: "")
        guard raw.contains("$") else {
            result.value = raw
            return result
        }
        let scalars = Array(raw.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "$", index + 2 < scalars.count, scalars[index + 1] == "$", scalars[index + 2] == "{" {
                output.append(contentsOf: "${".unicodeScalars)
                index += 3
                continue
            }
            guard scalar == "$", index + 1 < scalars.count, scalars[index + 1] == "{" else {
                output.append(scalar)
                index += 1
                continue
            }
            guard let close = scalars[(index + 2)...].firstIndex(of: "}") else {
                result.problems.append("unterminated environment reference '${' (write '$${' for a literal '${')")
                output.append(contentsOf: scalars[index...])
                break
            }
            var nameView = String.UnicodeScalarView()
            nameView.append(contentsOf: scalars[(index + 2)..<close])
            let name = String(nameView)
            index = close + 1
            guard isValidName(name) else {
                result.problems.append(
                    "invalid environment variable name '\(name)' in '${\(name)}' (write '$${' for a literal '${')"
                )
                continue
            }
            guard let value = environment[name] else {
                result.problems.append("environment variable \(name) is not set")
                continue
            }
            output.append(contentsOf: value.unicodeScalars)
            result.substituted.append((name, value))
        }
        result.value = String(output)
        return result
    }

    /// The names of the well-formed `${NAME}` references in `text`, in order (`$${` is a literal, not a reference).
    package static func referencedNames(in text: String) -> [String] {
        guard text.contains("${") else { return [] }
        let scalars = Array(text.unicodeScalars)
        var names: [String] = []
        var index = 0
        while index < scalars.count {
            if scalars[index] == "$", index + 2 < scalars.count, scalars[index + 1] == "$", scalars[index + 2] == "{" {
                index += 3
                continue
            }
            guard scalars[index] == "$", index + 1 < scalars.count, scalars[index + 1] == "{",
                let close = scalars[(index + 2)...].firstIndex(of: "}")
            else {
                index += 1
                continue
            }
            var nameView = String.UnicodeScalarView()
            nameView.append(contentsOf: scalars[(index + 2)..<close])
            let name = String(nameView)
            if isValidName(name) {
                names.append(name)
            }
            index = close + 1
        }
        return names
    }

    /// Whether `name` is a portable environment variable name (`[A-Za-z_][A-Za-z0-9_]*`).
    private static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII, first == "_" || first.properties.isAlphabetic
        else {
            return false
        }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
        }
    }
}
