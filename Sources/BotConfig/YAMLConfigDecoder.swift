import BotRuntime
import Foundation
import Yams

/// Decodes configuration files written in YAML into `Decodable` types, strictly, reporting every problem with its
/// file, line and column.
///
/// Compared with a general purpose YAML decoder it:
/// - maps Swift key names to snake_case YAML keys (`timeZone` is read from `time_zone`);
/// - rejects keys that the type never asked for, suggesting the closest known key;
/// - rejects duplicate keys at their second occurrence;
/// - replaces `${NAME}` in scalar values with environment variables (`$${` writes a literal `${`), and never shows a
///   substituted value in an error message, as such values may be secrets;
/// - reports all problems it can find in one go as `ConfigErrors`.
///
/// Mapping keys are used as written: environment references are only substituted in values.
public struct YAMLConfigDecoder: Sendable {
    /// The variables that `${NAME}` references in scalar values are replaced with.
    public var environment: [String: String]

    /// Creates a decoder that substitutes `${NAME}` references from `environment`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Decodes `type` from `yaml`; `file` is only used in error locations.
    ///
    /// - Throws: `ConfigErrors` only, with every problem found: YAML syntax errors, duplicate keys, unknown keys,
    ///   missing keys, type mismatches, unset environment variables and errors thrown by the types' own
    ///   `init(from:)`.
    public func decode<T: Decodable>(_ type: T.Type, from yaml: String, file: String) throws -> T {
        switch YAMLSource.compose(yaml, file: file) {
        case .failure(let issues):
            throw ConfigErrors(issues)
        case .document(let node, let locations):
            let session = YAMLDecodingSession(file: file, environment: environment, locations: locations)
            return try session.decodeDocument(type, from: node)
        }
    }

    /// Decodes from an already-composed node (nil node = empty document).
    ///
    /// An empty document decodes like an empty mapping, so a type whose fields are all optional decodes from it.
    /// - Throws: `ConfigErrors` only, as `decode(_:from:file:)` does.
    public func decode<T: Decodable>(_ type: T.Type, from node: Node?, file: String) throws -> T {
        let session = YAMLDecodingSession(file: file, environment: environment, locations: .identity)
        return try session.decodeDocument(type, from: node)
    }

    /// Parses `yaml` into a node tree, for callers that decode it and then validate the result with
    /// `issue(at:message:in:file:)`.
    ///
    /// - Returns: The document's root node, or `nil` for an empty document.
    /// - Throws: `ConfigErrors` for YAML syntax errors, duplicate keys, non-scalar keys and invalid merge keys.
    public func compose(yaml: String, file: String) throws -> Node? {
        switch YAMLSource.compose(yaml, file: file) {
        case .failure(let issues):
            throw ConfigErrors(issues)
        case .document(let node, let locations):
            let issues = YAMLStructuralCheck.issues(in: node, file: file, locations: locations)
            guard issues.isEmpty else {
                throw ConfigErrors(issues)
            }
            return node
        }
    }

    /// Locates a problem found after decoding (e.g. `unknown time zone 'Mars/Base'`) in the document it came from.
    ///
    /// - Parameters:
    ///   - path: Mapping keys as spelled in the YAML file; where the path reaches a list, a component is the 0-based
    ///     index of an element written as a plain number, e.g. `["teams", "1", "time_zone"]`.
    ///   - message: What is wrong; it must not contain secret values.
    ///   - node: The document's root node, as returned by `compose(yaml:file:)` (`nil` for an empty document).
    ///   - file: The file name to show.
    /// - Returns: An issue at the deepest node of `path` that exists in `node` (the mapping, when the last key is
    ///   missing), whose `field` is the whole path with indices in brackets, e.g. `teams[1].time_zone`.
    public func issue(at path: [String], message: String, in node: Node?, file: String) -> ConfigIssue {
        locatedIssue(at: path.map(YAMLPathComponent.key), message: message, in: node, file: file)
    }

    /// The scalar at `path` as written in the file, before environment substitution (`${TOKEN}`, not the
    /// token), for messages that name a value; nil when the path leads to no scalar.
    ///
    /// - Parameters:
    ///   - path: As for `issue(at:message:in:file:)`.
    ///   - node: The document's root node, as returned by `compose(yaml:file:)`.
    public func writtenValue(at path: [String], in node: Node?) -> String? {
        var current = node
        for component in path {
            switch current {
            case .mapping(let mapping)?:
                current = YAMLNodeFacts.entries(of: mapping).first { $0.key == component }?.value
            case .sequence(let sequence)?:
                guard let index = Int(component), sequence.indices.contains(index) else { return nil }
                current = sequence[index]
            default:
                return nil
            }
        }
        guard case .scalar(let scalar)? = current else { return nil }
        return scalar.string
    }

    /// Locates a problem at a Swift coding path (e.g. a `codingPath` seen while decoding), converting its keys to
    /// their YAML spelling the way the decoder does.
    ///
    /// - Returns: The same as `issue(at:message:in:file:)` for the converted path.
    public func issue(
        atCodingPath codingPath: [any CodingKey], message: String, in node: Node?, file: String
    ) -> ConfigIssue {
        locatedIssue(at: YAMLPathLocator.components(of: codingPath), message: message, in: node, file: file)
    }

    private func locatedIssue(
        at path: [YAMLPathComponent], message: String, in node: Node?, file: String
    ) -> ConfigIssue {
        let target = YAMLPathLocator.locate(path, in: node)
        let position = YAMLSourceLocations.identity.position(of: target.mark)
        return ConfigIssue(
            file: file, line: position.line, column: position.column, field: target.path.described(in: node),
            message: message
        )
    }
}

/// One step of a path into a YAML document: a mapping key as spelled in the file, or a 0-based list index.
enum YAMLPathComponent: Hashable {
    /// A mapping key, spelled as in the YAML file.
    case key(String)
    /// A 0-based index into a list.
    case index(Int)
}

extension [YAMLPathComponent] {
    /// The path as shown in issues: keys joined with dots, list items counted from 1 (`teams[#3].time_zone`),
    /// as a facilitator counts the entries of a file.
    var dottedPath: String { described(in: nil) }

    /// The path as shown in issues, naming each list item by its `id` when the document at `root` gives it one
    /// (`sessions[lao-drafting].team`), else by its 1-based number (`plugins.enabled[#3]`).
    func described(in root: Node?) -> String {
        var text = ""
        var current = root
        for component in self {
            switch component {
            case .key(let key):
                text += text.isEmpty ? key : ".\(key)"
                if case .mapping(let mapping)? = current {
                    current = YAMLNodeFacts.entries(of: mapping).first { $0.key == key }?.value
                } else {
                    current = nil
                }
            case .index(let index):
                var item: Node?
                if case .sequence(let sequence)? = current, sequence.indices.contains(index) { item = sequence[index] }
                text += "[\(Self.itemName(item) ?? "#\(index + 1)")]"
                current = item
            }
        }
        return text
    }

    /// A list item's `id` when it is a short single word (what `/session` or `/deadline` shows), else nil.
    private static func itemName(_ item: Node?) -> String? {
        guard case .mapping(let mapping)? = item,
            let id = YAMLNodeFacts.entries(of: mapping).first(where: { $0.key == "id" })?.value.scalar?.string,
            (1...40).contains(id.count), !id.contains(where: { $0.isWhitespace || "[]#.".contains($0) })
        else { return nil }
        return id
    }
}

// MARK: - Source positions

/// Maps marks of a composed document back to positions in the original text.
///
/// Locating duplicate keys needs the document to be composed with some keys renamed (see `YAMLSource`); the
/// renames are insertions into single lines, which this undoes for every mark reported.
struct YAMLSourceLocations: Sendable {
    /// Text inserted into the source before composing.
    struct Insertion: Sendable {
        /// 1-based line of the insertion.
        var line: Int
        /// 1-based column before which the text was inserted.
        var column: Int
        /// Inserted length in Unicode scalars.
        var length: Int
    }

    /// Positions are the marks themselves.
    static let identity = YAMLSourceLocations(insertions: [])

    /// Insertions in the order they were made.
    var insertions: [Insertion]

    /// The original line and column of `mark`, or nils when there is no mark.
    func position(of mark: Mark?) -> (line: Int?, column: Int?) {
        guard let mark else {
            return (nil, nil)
        }
        let position = original(line: mark.line, column: mark.column)
        return (position.line, position.column)
    }

    /// The position in the original text of a position in the text with all insertions made.
    func original(line: Int, column: Int) -> (line: Int, column: Int) {
        var column = column
        for insertion in insertions.reversed() where insertion.line == line && column > insertion.column {
            column -= min(insertion.length, column - insertion.column)
        }
        return (line, column)
    }
}

// MARK: - Composing

/// Composes YAML text into a node tree, turning every Yams error into located issues.
enum YAMLSource {
    /// The result of composing a document.
    enum Outcome {
        /// The document (nil when empty) and how its marks map to the original text.
        case document(Node?, YAMLSourceLocations)
        /// The text could not be composed.
        case failure([ConfigIssue])
    }

    /// Composes `yaml`.
    ///
    /// Yams rejects a mapping with duplicate keys. So that each duplicate is reported at its own line, every
    /// earlier occurrence of a key written twice (found by `YAMLDuplicateKeys` in one pass over the parse events)
    /// is renamed with a unique prefix first, and the text composed once; the renamed keys then get their names
    /// back, so the tree holds the duplicates for `YAMLStructuralCheck` to report.
    static func compose(_ yaml: String, file: String) -> Outcome {
        let text = yaml.hasPrefix("\u{FEFF}") ? String(yaml.unicodeScalars.dropFirst()) : yaml
        var source = YAMLSourceLines(text)
        var renames: [Rename] = []
        var locations = YAMLSourceLocations.identity
        // From the end of the text backwards, so each insertion leaves the positions before it unchanged.
        let earlier = YAMLDuplicateKeys.earlierOccurrences(in: text).sorted {
            ($0.line, $0.column) > ($1.line, $1.column)
        }
        for (index, occurrence) in earlier.enumerated() {
            let prefix = "__yaml_config_duplicate_\(index)__"
            let rename = Rename(prefix: prefix, name: occurrence.name, line: occurrence.line, column: occurrence.column)
            if let insertion = source.insertKeyPrefix(prefix, line: occurrence.line, column: occurrence.column) {
                renames.append(rename)
                locations.insertions.append(insertion)
            }
        }
        let current = renames.isEmpty ? text : source.text
        do {
            let node = try Yams.compose(yaml: current)
            guard !renames.isEmpty else {
                return .document(node, locations)
            }
            return .document(node.map { restoring(renames, in: $0) }, locations)
        } catch let error as YamlError {
            // A syntax error, or a duplicate that could not be renamed (a key written in a form the renaming
            // does not handle): reported at the position Yams gives, with the duplicates renamed before it.
            var issues = [syntaxIssue(for: error, text: current, locations: locations, file: file)]
            issues += firstOccurrenceIssues(renames, file: file)
            return .failure(YAMLDecodingSession.normalized(issues))
        } catch {
            return .failure([
                ConfigIssue(file: file, line: nil, column: nil, field: "", message: "cannot read YAML: \(error)")
            ])
        }
    }

    /// A key renamed to get past Yams' duplicate check.
    private struct Rename {
        /// The unique prefix inserted at the start of the key.
        var prefix: String
        /// The key's name, for messages.
        var name: String
        /// Where the renamed (earlier) occurrence starts in the original text.
        var line: Int
        var column: Int
    }

    /// Gives renamed keys their names back.
    private static func restoring(_ renames: [Rename], in node: Node) -> Node {
        switch node {
        case .scalar, .alias:
            return node
        case .sequence(let sequence):
            let nodes = sequence.map { restoring(renames, in: $0) }
            return .sequence(Node.Sequence(nodes, sequence.tag, sequence.style, sequence.mark))
        case .mapping(let mapping):
            let pairs = mapping.map { pair -> (Node, Node) in
                var key = pair.key
                if case .scalar(var scalar) = key,
                    let rename = renames.first(where: { scalar.string.hasPrefix($0.prefix) })
                {
                    scalar.string = String(scalar.string.dropFirst(rename.prefix.count))
                    key = .scalar(scalar)
                }
                return (key, restoring(renames, in: pair.value))
            }
            return .mapping(Node.Mapping(pairs, mapping.tag, mapping.style, mapping.mark))
        }
    }

    /// Duplicates found before a syntax error stopped composing, reported at their first occurrence (their
    /// positions are the original text's: renames are made from the end of the text backwards).
    private static func firstOccurrenceIssues(_ renames: [Rename], file: String) -> [ConfigIssue] {
        renames.reversed().map { rename in
            ConfigIssue(
                file: file, line: rename.line, column: rename.column, field: "",
                message: "duplicate key '\(rename.name)' (this key appears more than once in its mapping)"
            )
        }
    }

    /// A YAML syntax error as an issue at the position Yams reports.
    static func syntaxIssue(for error: YamlError, text: String, locations: YAMLSourceLocations, file: String)
        -> ConfigIssue
    {
        func issue(_ mark: Mark?, _ message: String) -> ConfigIssue {
            let position = locations.position(of: mark)
            return ConfigIssue(file: file, line: position.line, column: position.column, field: "", message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // An unclosed quote is found only where the text runs out, often many lines on: report it where the
            // quote opens, which is where the fix belongs.
            if let context, context.text.contains("quoted scalar") {
                let end = locations.position(of: mark)
                return issue(
                    context.mark,
                    "YAML syntax error: this quoted value is never closed (no closing quote before \(end.line.map { "line \($0)" } ?? "the end"))"
                )
            }
            var message = "YAML syntax error: \(problem)"
            if let context {
                let position = locations.original(line: context.mark.line, column: context.mark.column)
                if position.line == mark.line {
                    message += " (\(context.text))"
                } else {
                    message += " (\(context.text) at line \(position.line), column \(position.column))"
                }
            }
            return issue(mark, message)
        case .reader(let problem, let offset, _, _):
            let position = offset.flatMap { YAMLSourceLines.position(ofCharacterOffset: $0, in: text) }
            return ConfigIssue(
                file: file, line: position?.line, column: position?.column, field: "",
                message: "cannot read YAML: \(problem)"
            )
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return issue(context.mark, "duplicate key \(names)")
        default:
            return issue(nil, "cannot read YAML: \(error)")
        }
    }
}

/// YAML text split into lines the way libyaml counts them, so that text can be inserted at a mark.
struct YAMLSourceLines {
    /// Each line's Unicode scalars, without its line break.
    private var lines: [[Unicode.Scalar]] = [[]]
    /// The line break after each line (`""` after the last one).
    private var breaks: [String] = [""]

    init(_ text: String) {
        var scalars = text.unicodeScalars.makeIterator()
        var pending = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            switch scalar {
            case "\r":
                if pending == "\n" {
                    pending = scalars.next()
                    endLine(with: "\r\n")
                } else {
                    endLine(with: "\r")
                }
            case "\n", "\u{85}", "\u{2028}", "\u{2029}":
                endLine(with: String(scalar))
            default:
                lines[lines.count - 1].append(scalar)
            }
        }
    }

    private mutating func endLine(with lineBreak: String) {
        breaks[breaks.count - 1] = lineBreak
        lines.append([])
        breaks.append("")
    }

    /// The text with all insertions made.
    var text: String {
        var view = String.UnicodeScalarView()
        for (line, lineBreak) in zip(lines, breaks) {
            view.append(contentsOf: line)
            view.append(contentsOf: lineBreak.unicodeScalars)
        }
        return String(view)
    }

    /// Inserts `prefix` at the start of the text of the key whose node starts at `line`:`column` (after its anchor
    /// and tag, inside its quotes), or returns nil when no plain or quoted key text starts there.
    mutating func insertKeyPrefix(_ prefix: String, line: Int, column: Int) -> YAMLSourceLocations.Insertion? {
        guard lines.indices.contains(line - 1) else {
            return nil
        }
        let text = lines[line - 1]
        var offset = column - 1
        // Skip an anchor (`&name`) and a tag (`!tag`) and the spaces after them.
        while text.indices.contains(offset), text[offset] == "&" || text[offset] == "!" {
            while text.indices.contains(offset), text[offset] != " ", text[offset] != "\t" {
                offset += 1
            }
            while text.indices.contains(offset), text[offset] == " " || text[offset] == "\t" {
                offset += 1
            }
        }
        guard text.indices.contains(offset) else {
            return nil
        }
        switch text[offset] {
        case "\"", "'":
            offset += 1
        case "&", "!", "*", "?", "{", "[", "|", ">", "%", "@", "`", "#", " ", "\t", "-", ":", ",", "]", "}":
            return nil
        default:
            break
        }
        lines[line - 1].insert(contentsOf: prefix.unicodeScalars, at: offset)
        return YAMLSourceLocations.Insertion(line: line, column: offset + 1, length: prefix.unicodeScalars.count)
    }

    /// The 1-based line and column of the character at `offset` (in `Character`s, as Yams counts reader errors).
    static func position(ofCharacterOffset offset: Int, in text: String) -> (line: Int, column: Int)? {
        guard offset >= 0, offset <= text.count else {
            return nil
        }
        var line = 1
        var column = 1
        for character in text.prefix(offset) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        return (line, column)
    }
}
