import Foundation

/// The values that `${NAME}` references in configuration files were replaced with, and how to keep them out of
/// any text shown to people: configuration errors, log lines, start-up errors.
///
/// Substituted values are treated as secrets (tokens, passwords), whatever field they land in: every text the bot
/// shows about its configuration goes through `redact(_:)`, which writes `${NAME}` where a value was.
public struct ConfigSecrets: Sendable, Hashable {
    /// A substituted value and the reference it came from.
    struct Entry: Sendable, Hashable {
        var value: String
        var reference: String
    }

    /// Values shorter than this are replaced only where they stand quoted (`"ab"`, `'ab'`): unquoted, a value
    /// of one or two characters cannot be told apart from the numbers and words of a message (a line number).
    public static let minimumBareLength = 3

    /// Longest values first, so a value that contains another is replaced whole.
    private(set) var entries: [Entry] = []

    /// No secrets: `redact(_:)` returns its text unchanged.
    public init() {}

    /// The values of every `${NAME}` reference written in `texts` (configuration files) that `environment` sets.
    ///
    /// References are found the way the decoder substitutes them (`$${` writes a literal `${`), in keys and
    /// comments too: a value named anywhere in a configuration file is kept out of messages.
    public init(referencedIn texts: [String], environment: [String: String]) {
        for text in texts {
            for name in EnvironmentSubstitution.referencedNames(in: text) {
                if let value = environment[name] {
                    add(value, reference: "${\(name)}")
                }
            }
        }
    }

    /// Adds a value to hide, shown as `reference` instead.
    package mutating func add(_ value: String, reference: String) {
        guard !value.isEmpty, value != reference, !entries.contains(where: { $0.value == value }) else {
            return
        }
        entries.append(Entry(value: value, reference: reference))
        entries.sort { $0.value.count > $1.value.count }
    }

    /// Both lists of secrets.
    public func merging(_ other: ConfigSecrets) -> ConfigSecrets {
        var merged = self
        for entry in other.entries {
            merged.add(entry.value, reference: entry.reference)
        }
        return merged
    }

    /// Whether there is nothing to hide.
    public var isEmpty: Bool { entries.isEmpty }

    /// `text` with every substituted value replaced by the reference it came from (`${TELEGRAM_BOT_TOKEN}`).
    /// Values are matched as written (byte for byte), not by Unicode equivalence: a secret is a token or a
    /// password, copied, never retyped.
    public func redact(_ text: String) -> String {
        guard mayOccur(in: text) else { return text }
        var result = text
        for entry in entries {
            if entry.value.count >= Self.minimumBareLength {
                result = result.replacingOccurrences(of: entry.value, with: entry.reference, options: .literal)
            } else {
                for (open, close) in [("\"", "\""), ("'", "'"), ("`", "`")] {
                    result = result.replacingOccurrences(
                        of: open + entry.value + close, with: open + entry.reference + close, options: .literal)
                }
            }
        }
        return result
    }

    /// Whether any value to hide is written in `text` (quoted or not): false lets a reply through untouched
    /// without building a copy, which is the case for nearly every reply.
    public func mayOccur(in text: String) -> Bool {
        guard !entries.isEmpty, !text.isEmpty else { return false }
        var text = text
        return text.withUTF8 { haystack in
            entries.contains { entry in
                var value = entry.value
                return value.withUTF8 { needle in Self.bytes(haystack, contain: needle) }
            }
        }
    }

    /// Whether `needle` occurs in `haystack`, byte for byte.
    static func bytes(_ haystack: UnsafeBufferPointer<UInt8>, contain needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = needle.first else { return true }
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count)
        where haystack[start] == first && haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    /// `issue` with its field and message redacted.
    public func redact(_ issue: ConfigIssue) -> ConfigIssue {
        var redacted = issue
        redacted.field = redact(issue.field)
        redacted.message = redact(issue.message)
        redacted.file = redact(issue.file)
        return redacted
    }

    /// `errors` with every issue redacted.
    public func redact(_ errors: ConfigErrors) -> ConfigErrors {
        ConfigErrors(errors.issues.map(redact))
    }
}
