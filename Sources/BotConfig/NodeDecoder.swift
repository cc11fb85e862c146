import BotCore
import BotRuntime
import Foundation
import Yams

// MARK: - Session

/// An issue already located by the decoder, carried as a `DecodingError`'s underlying error so that types which
/// catch `DecodingError` keep working.
struct YAMLLocatedIssue: Error {
    /// The issue to report.
    var issue: ConfigIssue
    /// The issue is among the session's recorded issues already; the error only stops decoding.
    var alreadyReported = false
}

/// The state of one `decode` call: the issues recorded so far, the mappings visited and the keys asked for, and the
/// substituted values that must never appear in a message.
final class YAMLDecodingSession {
    let file: String
    let environment: [String: String]
    let locations: YAMLSourceLocations
    /// Issues that do not stop decoding (unset environment variables).
    private var recordedIssues: [ConfigIssue] = []
    private var visitsByPath: [[YAMLPathComponent]: YAMLMappingVisit] = [:]
    private var visits: [YAMLMappingVisit] = []
    /// Substituted text and what to show instead.
    private var secrets = ConfigSecrets()
    /// The document being decoded, so issues can name list items by their `id`.
    private var documentRoot: Node?

    init(file: String, environment: [String: String], locations: YAMLSourceLocations) {
        self.file = file
        self.environment = environment
        self.locations = locations
    }

    /// Decodes the document and throws `ConfigErrors` with every issue found, or returns the value when there is none.
    func decodeDocument<T: Decodable>(_ type: T.Type, from document: Node?) throws -> T {
        // A document that is only `---` (or `~`) is an empty document too.
        let root = document.flatMap { YAMLNodeFacts.isNull($0) ? nil : $0 }
        documentRoot = root
        var issues = YAMLStructuralCheck.issues(in: root, file: file, locations: locations)
        var value: T?
        var failed = false
        do {
            let decoder = NodeDecoder(
                session: self, node: root, path: [], codingPath: [], contextMark: nil, isDocument: true
            )
            value = try decoder.decodeValue(type)
        } catch {
            failed = true
            issues += self.issues(for: error, root: root)
        }
        issues += recordedIssues
        issues += unknownKeyIssues(decodingFailed: failed)
        // Whatever made an issue (a type's own check, a nested decoder), no substituted value leaves this session.
        issues = Self.normalized(issues.map(secrets.redact))
        if let value, issues.isEmpty {
            return value
        }
        if issues.isEmpty {
            issues = [issue(at: root?.mark, path: [], "the configuration could not be decoded")]
        }
        throw ConfigErrors(issues)
    }

    /// An issue at `mark` (mapped back to the original text) for the value at `path`.
    func issue(at mark: Mark?, path: [YAMLPathComponent], _ message: String) -> ConfigIssue {
        let position = locations.position(of: mark)
        return ConfigIssue(
            file: file, line: position.line, column: position.column, field: path.described(in: documentRoot),
            message: message
        )
    }

    /// The visit record of the mapping at `path`, shared by every container opened on it.
    func visit(
        path: [YAMLPathComponent], mark: Mark?, entries: @autoclosure () -> [YAMLMappingEntry]
    ) -> YAMLMappingVisit {
        if let existing = visitsByPath[path] {
            return existing
        }
        let visit = YAMLMappingVisit(path: path, mark: mark, entries: entries())
        visitsByPath[path] = visit
        visits.append(visit)
        return visit
    }

    // MARK: Environment

    /// The value of `scalar` with environment references substituted; unset variables are recorded as issues.
    func substitutedValue(of scalar: Node.Scalar, path: [YAMLPathComponent]) -> YAMLSubstitutedValue {
        let raw = scalar.string
        let result = EnvironmentSubstitution.apply(to: raw, environment: environment)
        for problem in result.problems {
            recordedIssues.append(issue(at: scalar.mark, path: path, problem))
        }
        for (name, value) in result.substituted {
            addSecret(value, shownAs: "${\(name)}")
        }
        if result.value != raw {
            addSecret(result.value, shownAs: raw)
        }
        return YAMLSubstitutedValue(value: result.value, isPoisoned: !result.problems.isEmpty)
    }

    private func addSecret(_ value: String, shownAs replacement: String) {
        secrets.add(value, reference: replacement)
    }

    /// `text` (a message that did not come from this decoder) with every substituted value replaced by the text
    /// written in the file.
    func scrubbed(_ text: String) -> String {
        secrets.redact(text)
    }

    // MARK: Turning errors into issues

    /// The issues an error thrown while decoding stands for; empty when it only stopped decoding.
    private func issues(for error: any Error, root: Node?) -> [ConfigIssue] {
        switch error {
        case let located as YAMLLocatedIssue:
            return located.alreadyReported ? [] : [located.issue]
        case let errors as ConfigErrors:
            return errors.issues
        case let issue as ConfigIssue:
            return [issue]
        case let decodingError as DecodingError:
            return issue(for: decodingError, root: root).map { [$0] } ?? []
        default:
            return [issue(at: nil, path: [], scrubbed(Self.message(of: error)))]
        }
    }

    /// A `DecodingError` as an issue: ours carry their issue; others (thrown by a type's own `init(from:)`) are
    /// placed at the node their coding path leads to.
    private func issue(for error: DecodingError, root: Node?) -> ConfigIssue? {
        let context: DecodingError.Context
        var missingKey: (any CodingKey)?
        switch error {
        case .typeMismatch(_, let errorContext), .valueNotFound(_, let errorContext),
            .dataCorrupted(let errorContext):
            context = errorContext
        case .keyNotFound(let key, let errorContext):
            context = errorContext
            missingKey = key
        @unknown default:
            return issue(at: nil, path: [], scrubbed(String(describing: error)))
        }
        if let located = context.underlyingError as? YAMLLocatedIssue {
            return located.alreadyReported ? nil : located.issue
        }
        var codingPath = context.codingPath
        var message = scrubbed(context.debugDescription)
        if let missingKey {
            codingPath.append(missingKey)
            message = "missing key '\(YAMLKeyNaming.yamlName(of: missingKey))'"
        } else if message.isEmpty {
            message = context.underlyingError.map { scrubbed(Self.message(of: $0)) } ?? "invalid value"
        }
        let target = YAMLPathLocator.locate(YAMLPathLocator.components(of: codingPath), in: root)
        return issue(at: target.mark, path: target.path, message)
    }

    /// The text of an error thrown by code outside this decoder.
    static func message(of error: any Error) -> String {
        if let localized = error as? any LocalizedError, let description = localized.errorDescription {
            return description
        }
        return String(describing: error)
    }

    // MARK: Unknown keys

    /// An issue for every key that no type asked for, with a suggestion when a key it asked for is close.
    ///
    /// When decoding failed, the types did not get to ask for all their keys: keys that their `CodingKey` type can
    /// be built from then count as asked for.
    private func unknownKeyIssues(decodingFailed: Bool) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        for visit in visits {
            let present = Set(visit.entries.map(\.key))
            var seen = Set<String>()
            let candidates = (visit.requested + visit.knownNames).filter { name in
                !present.contains(name) && seen.insert(name).inserted
            }
            for entry in visit.entries where !visit.wasRequested(entry.key) {
                if decodingFailed, visit.recognizes(entry.key) {
                    continue
                }
                var message = "unknown key '\(entry.key)'"
                if let suggestion = YAMLKeyNaming.closest(to: entry.key, among: candidates) {
                    message += " (did you mean '\(suggestion)'?)"
                }
                issues.append(issue(at: entry.keyMark, path: visit.path + [.key(entry.key)], message))
            }
        }
        return issues
    }

    /// Issues without repeats (a node reached through two aliases is reported once), sorted by position.
    static func normalized(_ issues: [ConfigIssue]) -> [ConfigIssue] {
        var seen: [ConfigIssue] = []
        for issue in issues {
            let isRepeat = seen.contains { other in
                other.file == issue.file && other.line == issue.line && other.column == issue.column
                    && other.message == issue.message && (issue.line != nil || other.field == issue.field)
            }
            if !isRepeat {
                seen.append(issue)
            }
        }
        return seen.enumerated()
            .sorted { lhs, rhs in
                let left = (lhs.element.line ?? Int.max, lhs.element.column ?? 0, lhs.offset)
                let right = (rhs.element.line ?? Int.max, rhs.element.column ?? 0, rhs.offset)
                return left < right
            }
            .map(\.element)
    }
}

/// A scalar's value after environment substitution.
struct YAMLSubstitutedValue {
    /// The substituted text.
    var value: String
    /// An environment reference in it could not be substituted; the problem is reported already.
    var isPoisoned: Bool
}

/// A mapping the decoder opened a keyed container on, and the keys the types asked for.
final class YAMLMappingVisit {
    let path: [YAMLPathComponent]
    let mark: Mark?
    let entries: [YAMLMappingEntry]
    private let entryIndex: [String: Int]
    /// YAML names asked for, in the order first asked.
    private(set) var requested: [String] = []
    private var requestedSet: Set<String> = []
    /// Names of every case of the `CodingKey` types that are `CaseIterable`, for suggestions.
    private(set) var knownNames: [String] = []
    private var recognizers: [(String) -> Bool] = []

    init(path: [YAMLPathComponent], mark: Mark?, entries: [YAMLMappingEntry]) {
        self.path = path
        self.mark = mark
        self.entries = entries
        var index: [String: Int] = [:]
        for (offset, entry) in entries.enumerated() where index[entry.key] == nil {
            index[entry.key] = offset
        }
        entryIndex = index
    }

    /// The entry for YAML key `name`, if the mapping has it.
    func entry(named name: String) -> YAMLMappingEntry? {
        entryIndex[name].map { entries[$0] }
    }

    /// Notes that a type asked for `name`.
    func request(_ name: String) {
        if requestedSet.insert(name).inserted {
            requested.append(name)
        }
    }

    /// Whether a type asked for `name`.
    func wasRequested(_ name: String) -> Bool {
        requestedSet.contains(name)
    }

    /// Registers the key type of a container opened on this mapping.
    func register<Key: CodingKey>(_ naming: YAMLKeyMapping<Key>) {
        recognizers.append { naming.key(forYAMLName: $0) != nil }
        for name in naming.caseNames where !knownNames.contains(name) {
            knownNames.append(name)
        }
    }

    /// Whether a key type registered on this mapping can be built from YAML key `name`.
    func recognizes(_ name: String) -> Bool {
        recognizers.contains { $0(name) }
    }
}

// MARK: - Nodes

/// A key and its value in a mapping, after merge keys (`<<`) are applied.
struct YAMLMappingEntry {
    /// The key as written.
    let key: String
    /// Where the key is.
    let keyMark: Mark?
    /// The value.
    let value: Node
}

/// Facts about Yams nodes shared by the decoder and the checks.
enum YAMLNodeFacts {
    /// The entries of `mapping`: its own keys first (the first of duplicates wins), then keys merged with `<<` that
    /// it does not have. Non-scalar keys and malformed merges are skipped; `YAMLStructuralCheck` reports them.
    static func entries(of mapping: Node.Mapping) -> [YAMLMappingEntry] {
        var entries: [YAMLMappingEntry] = []
        var keys = Set<String>()
        var merged: [Node] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else {
                continue
            }
            if isMergeKey(scalar) {
                switch value {
                case .mapping:
                    merged.append(value)
                case .sequence(let sources):
                    merged.append(contentsOf: sources)
                case .scalar, .alias:
                    break
                }
            } else if keys.insert(scalar.string).inserted {
                entries.append(YAMLMappingEntry(key: scalar.string, keyMark: scalar.mark, value: value))
            }
        }
        for case .mapping(let source) in merged {
            for entry in self.entries(of: source) where keys.insert(entry.key).inserted {
                entries.append(entry)
            }
        }
        return entries
    }

    /// Whether `scalar` is the merge key `<<` (unquoted).
    static func isMergeKey(_ scalar: Node.Scalar) -> Bool {
        scalar.string == "<<" && (scalar.style == .plain || scalar.style == .any)
    }

    /// Whether `node` is a YAML null: an unquoted, untagged empty value, `~` or `null`.
    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else {
            return false
        }
        return isNull(scalar)
    }

    /// Whether `scalar` is a YAML null: an unquoted, untagged empty value, `~` or `null`.
    static func isNull(_ scalar: Node.Scalar) -> Bool {
        guard scalar.style == .plain || scalar.style == .any else {
            return false
        }
        let tag = scalar.tag.description
        guard tag.isEmpty || tag == Tag.Name.null.rawValue else {
            return false
        }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// How a node is named after "found" in messages; scalars show the text written in the file.
    static func describe(_ node: Node?, isDocument: Bool = false) -> String {
        switch node {
        case nil:
            return isDocument ? "an empty document" : "nothing"
        case .mapping?:
            return "a mapping"
        case .sequence?:
            return "a list"
        case .alias?:
            return "an alias"
        case .scalar(let scalar)?:
            if isNull(scalar) {
                return scalar.string.isEmpty ? "an empty value" : "null"
            }
            return quoted(scalar.string)
        }
    }

    /// `text` in double quotes, escaped, and shortened when long.
    static func quoted(_ text: String) -> String {
        let limit = 60
        var shown = ""
        for character in text.prefix(limit) {
            switch character {
            case "\"": shown += "\\\""
            case "\\": shown += "\\\\"
            case "\n", "\r\n": shown += "\\n"
            case "\t": shown += "\\t"
            default: shown.append(character)
            }
        }
        return "\"\(shown)\(text.count > limit ? "…" : "")\""
    }
}

/// Checks that need the whole document rather than what the types ask for: duplicate keys, non-scalar keys,
/// malformed merge keys and aliases.
enum YAMLStructuralCheck {
    static func issues(in root: Node?, file: String, locations: YAMLSourceLocations) -> [ConfigIssue] {
        var issues: [ConfigIssue] = []
        func report(_ mark: Mark?, _ path: [YAMLPathComponent], _ message: String) {
            let position = locations.position(of: mark)
            issues.append(
                ConfigIssue(
                    file: file, line: position.line, column: position.column, field: path.described(in: root),
                    message: message
                )
            )
        }
        func walk(_ node: Node, _ path: [YAMLPathComponent]) {
            switch node {
            case .scalar:
                break
            case .alias(let alias):
                report(alias.mark, path, "YAML aliases are not supported")
            case .sequence(let sequence):
                for (index, element) in sequence.enumerated() {
                    walk(element, path + [.index(index)])
                }
            case .mapping(let mapping):
                var firstLines: [String: Int?] = [:]
                for (key, value) in mapping {
                    guard case .scalar(let scalar) = key else {
                        if case .alias(let alias) = key {
                            report(alias.mark, path, "YAML aliases are not supported")
                        } else {
                            let found = YAMLNodeFacts.describe(key)
                            report(key.mark, path, "mapping keys must be single values, found \(found)")
                        }
                        continue
                    }
                    let keyPath = path + [.key(scalar.string)]
                    if let firstLine = firstLines[scalar.string] {
                        let reference = firstLine.map { " (first defined on line \($0))" } ?? ""
                        report(scalar.mark, keyPath, "duplicate key '\(scalar.string)'\(reference)")
                    } else {
                        firstLines[scalar.string] = locations.position(of: scalar.mark).line
                    }
                    if YAMLNodeFacts.isMergeKey(scalar) {
                        checkMerge(value, keyPath)
                    } else {
                        walk(value, keyPath)
                    }
                }
            }
        }
        func checkMerge(_ value: Node, _ path: [YAMLPathComponent]) {
            let sources: [Node]
            switch value {
            case .mapping:
                sources = [value]
            case .sequence(let sequence):
                sources = Array(sequence)
            case .scalar, .alias:
                sources = [value]
            }
            for source in sources {
                if case .mapping = source {
                    walk(source, path)
                } else if case .alias(let alias) = source {
                    report(alias.mark, path, "YAML aliases are not supported")
                } else {
                    report(source.mark, path, "merge key '<<' expects a mapping or a list of mappings")
                }
            }
        }
        if let root {
            walk(root, [])
        }
        return issues
    }
}

/// Finds the node a path leads to.
enum YAMLPathLocator {
    /// The mark of the deepest node of `path` that exists in `root` (for a missing key, its mapping), and the path
    /// with every key that is a number and indexes a list (or follows a missing node) turned into an index.
    static func locate(_ path: [YAMLPathComponent], in root: Node?) -> (mark: Mark?, path: [YAMLPathComponent]) {
        var current = root
        var mark = root?.mark
        var resolved: [YAMLPathComponent] = []
        for component in path {
            switch (component, current) {
            case (.key(let key), .mapping(let mapping)?):
                resolved.append(component)
                current = YAMLNodeFacts.entries(of: mapping).first { $0.key == key }?.value
            case (.key(let key), .sequence(let sequence)?):
                guard let index = Int(key), index >= 0 else {
                    resolved.append(component)
                    current = nil
                    break
                }
                resolved.append(.index(index))
                current = sequence.indices.contains(index) ? sequence[index] : nil
            case (.index(let index), .sequence(let sequence)?):
                resolved.append(component)
                current = sequence.indices.contains(index) ? sequence[index] : nil
            case (.key(let key), nil):
                resolved.append(Int(key).map { $0 >= 0 ? .index($0) : component } ?? component)
            default:
                resolved.append(component)
                current = nil
            }
            mark = current?.mark ?? mark
        }
        return (mark, resolved)
    }

    /// A coding path as YAML path components, with keys spelled as the decoder looks them up.
    static func components(of codingPath: [any CodingKey]) -> [YAMLPathComponent] {
        codingPath.map { key in
            if let index = key as? YAMLIndexKey {
                return .index(index.index)
            }
            return .key(YAMLKeyNaming.yamlName(of: key))
        }
    }
}

// MARK: - Keys

/// The key of an element of a list in coding paths.
struct YAMLIndexKey: CodingKey {
    let index: Int
    var stringValue: String { "Index \(index)" }
    var intValue: Int? { index }

    init(_ index: Int) {
        self.index = index
    }

    init?(stringValue: String) {
        nil
    }

    init?(intValue: Int) {
        index = intValue
    }
}

/// A key that is any string, used as is (e.g. `super`).
struct YAMLPlainKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }

    init(_ stringValue: String) {
        self.stringValue = stringValue
    }

    init?(stringValue: String) {
        self.stringValue = stringValue
    }

    init?(intValue: Int) {
        nil
    }
}

/// Spelling of keys: Swift key names are looked up in snake_case, except for key types that accept any string
/// (dictionary keys, dynamic keys), whose keys are used verbatim.
enum YAMLKeyNaming {
    /// A string no fixed set of coding keys contains.
    private static let probe = "\u{0}yaml-config-decoder-probe\u{0}"

    /// Whether `type` can be built from any string, which makes its keys data rather than field names.
    static func acceptsAnyString(_ type: any CodingKey.Type) -> Bool {
        type.init(stringValue: probe) != nil
    }

    /// The YAML spelling of `key`.
    static func yamlName(of key: any CodingKey) -> String {
        acceptsAnyString(type(of: key)) ? key.stringValue : snakeCase(key.stringValue)
    }

    /// `timeZone` → `time_zone`, `apiURL` → `api_url`; names with `_` or without capitals are kept as they are.
    static func snakeCase(_ name: String) -> String {
        guard !name.contains("_"), name.contains(where: \.isUppercase) else {
            return name
        }
        let characters = Array(name)
        var result = ""
        for (offset, character) in characters.enumerated() {
            guard character.isUppercase else {
                result.append(character)
                continue
            }
            if offset > 0 {
                let previous = characters[offset - 1]
                let nextIsLowercase = offset + 1 < characters.count && characters[offset + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLowercase) {
                    result += "_"
                }
            }
            result += character.lowercased()
        }
        return result
    }

    /// Swift names whose snake_case form may be `name`: the name itself, then camelCase forms with each word
    /// capitalised or in capitals (`api_url` → `apiUrl`, `apiURL`, …).
    static func swiftNameCandidates(forYAMLName name: String) -> [String] {
        let words = name.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard words.count > 1, words.allSatisfy({ !$0.isEmpty }) else {
            return [name]
        }
        let maximumVariedWords = 6
        var candidates = [name]
        var forms: [[String]] = [[words[0]], [words[0].uppercased()]]
        for word in words.dropFirst() {
            let capitalized = word.prefix(1).uppercased() + word.dropFirst()
            let options = words.count <= maximumVariedWords ? [capitalized, word.uppercased()] : [capitalized]
            forms = forms.flatMap { form in options.map { form + [$0] } }
        }
        for form in forms {
            let candidate = form.joined()
            if !candidates.contains(candidate) {
                candidates.append(candidate)
            }
        }
        return candidates
    }

    /// The candidate closest to `name` within an edit distance of 2, if any.
    static func closest(to name: String, among candidates: [String]) -> String? {
        TextSearch.closest(to: name, among: candidates)
    }
}

/// How one `CodingKey` type's keys are spelled in YAML.
struct YAMLKeyMapping<Key: CodingKey> {
    /// The key type accepts any string: keys are data (dictionary keys) and are used verbatim.
    let isVerbatim = YAMLKeyNaming.acceptsAnyString(Key.self)

    /// The YAML spelling of `key`.
    func yamlName(_ key: Key) -> String {
        isVerbatim ? key.stringValue : YAMLKeyNaming.snakeCase(key.stringValue)
    }

    /// The key whose YAML spelling is `name`, if the key type can be built from it.
    func key(forYAMLName name: String) -> Key? {
        if isVerbatim {
            return Key(stringValue: name)
        }
        for candidate in YAMLKeyNaming.swiftNameCandidates(forYAMLName: name) {
            if let key = Key(stringValue: candidate), yamlName(key) == name {
                return key
            }
        }
        return nil
    }

    /// YAML names of all the key type's cases, when it is `CaseIterable`.
    var caseNames: [String] {
        guard !isVerbatim, let iterable = Key.self as? any CaseIterable.Type else {
            return []
        }
        return names(of: iterable)
    }

    private func names<Cases: CaseIterable>(of type: Cases.Type) -> [String] {
        type.allCases.compactMap { ($0 as? Key).map(yamlName) }
    }
}

// MARK: - Decoder

/// A `Decoder` over one Yams node.
final class NodeDecoder: Decoder {
    let session: YAMLDecodingSession
    /// The node, or nil for an empty document or an absent value.
    let node: Node?
    /// The YAML path of the node.
    let path: [YAMLPathComponent]
    let codingPath: [any CodingKey]
    /// Where to point when there is no node.
    let contextMark: Mark?
    /// The node is the document's root.
    let isDocument: Bool
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(
        session: YAMLDecodingSession, node: Node?, path: [YAMLPathComponent], codingPath: [any CodingKey],
        contextMark: Mark?, isDocument: Bool = false
    ) {
        self.session = session
        self.node = node
        self.path = path
        self.codingPath = codingPath
        self.contextMark = contextMark
        self.isDocument = isDocument
    }

    /// Where this decoder's problems are reported.
    var mark: Mark? { node?.mark ?? contextMark }

    /// A decoder for a child node.
    func child(_ node: Node?, _ component: YAMLPathComponent, _ key: any CodingKey, contextMark: Mark?)
        -> NodeDecoder
    {
        NodeDecoder(
            session: session, node: node, path: path + [component], codingPath: codingPath + [key],
            contextMark: contextMark
        )
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let visit: YAMLMappingVisit
        switch node {
        case nil:
            visit = session.visit(path: path, mark: contextMark, entries: [])
        case .mapping(let mapping)?:
            visit = session.visit(path: path, mark: mapping.mark, entries: YAMLNodeFacts.entries(of: mapping))
        case let other?:
            throw mismatch(Key.self, expected: "a mapping", found: other)
        }
        return KeyedDecodingContainer(NodeKeyedContainer<Key>(decoder: self, visit: visit))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .sequence(let sequence)? = node else {
            throw mismatch([Node].self, expected: "a list", found: node)
        }
        return NodeUnkeyedContainer(decoder: self, elements: Array(sequence))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        if case .alias(let alias)? = node {
            throw aliasError(alias)
        }
        return NodeSingleValueContainer(decoder: self)
    }

    /// Decodes `type` from this decoder's node.
    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if case .alias(let alias)? = node {
            throw aliasError(alias)
        }
        if let scalarType = type as? any YAMLScalarDecodable.Type {
            guard let value = try decodeScalar(scalarType) as? T else {
                throw failure(.dataCorrupted, type, "cannot decode \(T.self)")
            }
            return value
        }
        do {
            return try T(from: self)
        } catch let error as DecodingError {
            throw error
        } catch {
            // An error of the type's own: report it at the node the type was decoding.
            throw failure(.dataCorrupted, type, session.scrubbed(YAMLDecodingSession.message(of: error)))
        }
    }

    /// Decodes a scalar type, substituting environment references.
    private func decodeScalar<Value: YAMLScalarDecodable>(_ type: Value.Type) throws -> Value {
        let expected = Value.expectation
        guard case .scalar(let scalar)? = node else {
            if node == nil {
                throw failure(.valueNotFound, type, "expected \(expected), found \(describedNode)")
            }
            throw mismatch(type, expected: expected, found: node)
        }
        if YAMLNodeFacts.isNull(scalar) {
            throw failure(.valueNotFound, type, "expected \(expected), found \(describedNode)")
        }
        let substituted = session.substitutedValue(of: scalar, path: path)
        do {
            return try Value.parseScalar(substituted.value)
        } catch {
            if substituted.isPoisoned {
                throw failure(.dataCorrupted, type, "", alreadyReported: true)
            }
            throw failure(.typeMismatch, type, "expected \(error.expected), found \(describedNode)")
        }
    }

    private var describedNode: String {
        YAMLNodeFacts.describe(node, isDocument: isDocument)
    }

    // MARK: Errors

    enum FailureKind {
        case typeMismatch, valueNotFound, dataCorrupted
    }

    /// A `DecodingError` of `kind` carrying an issue at this decoder's node.
    func failure(
        _ kind: FailureKind, _ type: Any.Type, _ message: String, alreadyReported: Bool = false
    ) -> DecodingError {
        let issue = session.issue(at: mark, path: path, message)
        let located = YAMLLocatedIssue(issue: issue, alreadyReported: alreadyReported)
        let context = DecodingError.Context(codingPath: codingPath, debugDescription: message, underlyingError: located)
        switch kind {
        case .typeMismatch:
            return .typeMismatch(type, context)
        case .valueNotFound:
            return .valueNotFound(type, context)
        case .dataCorrupted:
            return .dataCorrupted(context)
        }
    }

    /// The error for a node of the wrong shape.
    func mismatch(_ type: Any.Type, expected: String, found node: Node?) -> DecodingError {
        if case .alias(let alias)? = node {
            return aliasError(alias)
        }
        let message = "expected \(expected), found \(YAMLNodeFacts.describe(node, isDocument: isDocument))"
        if node == nil || node.map(YAMLNodeFacts.isNull) == true {
            return failure(.valueNotFound, type, message)
        }
        return failure(.typeMismatch, type, message)
    }

    private func aliasError(_ alias: Node.Alias) -> DecodingError {
        let issue = session.issue(at: alias.mark, path: path, "YAML aliases are not supported")
        let located = YAMLLocatedIssue(issue: issue)
        return .dataCorrupted(
            DecodingError.Context(
                codingPath: codingPath, debugDescription: "YAML aliases are not supported", underlyingError: located
            )
        )
    }
}

// MARK: - Containers

/// The keyed container over a mapping; records every key asked for in the mapping's visit.
struct NodeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: NodeDecoder
    let visit: YAMLMappingVisit
    let naming = YAMLKeyMapping<Key>()

    init(decoder: NodeDecoder, visit: YAMLMappingVisit) {
        self.decoder = decoder
        self.visit = visit
        visit.register(naming)
    }

    var codingPath: [any CodingKey] { decoder.codingPath }

    /// The keys present that `Key` can be built from; asking for them counts as asking for each.
    var allKeys: [Key] {
        visit.entries.compactMap { entry in
            guard let key = naming.key(forYAMLName: entry.key) else {
                return nil
            }
            visit.request(entry.key)
            return key
        }
    }

    func contains(_ key: Key) -> Bool {
        let name = naming.yamlName(key)
        visit.request(name)
        return visit.entry(named: name) != nil
    }

    /// The decoder for the value at `key`; throws `keyNotFound` at the mapping when it is absent.
    private func childDecoder(for key: Key) throws -> NodeDecoder {
        let name = naming.yamlName(key)
        visit.request(name)
        guard let entry = visit.entry(named: name) else {
            let located = YAMLLocatedIssue(
                issue: decoder.session.issue(at: visit.mark, path: visit.path + [.key(name)], "missing key '\(name)'")
            )
            throw DecodingError.keyNotFound(
                key,
                DecodingError.Context(
                    codingPath: codingPath, debugDescription: "missing key '\(name)'", underlyingError: located
                )
            )
        }
        return decoder.child(entry.value, .key(name), key, contextMark: visit.mark)
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let node = try childDecoder(for: key).node else {
            return true
        }
        return YAMLNodeFacts.isNull(node)
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try childDecoder(for: key).decodeValue(type)
    }

    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try childDecoder(for: key).decodeValue(type) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try childDecoder(for: key).decodeValue(type) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try childDecoder(for: key).decodeValue(type) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try childDecoder(for: key).decodeValue(type) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try childDecoder(for: key).decodeValue(type) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try childDecoder(for: key).decodeValue(type) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try childDecoder(for: key).decodeValue(type) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try childDecoder(for: key).decodeValue(type) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try childDecoder(for: key).decodeValue(type) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try childDecoder(for: key).decodeValue(type) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try childDecoder(for: key).decodeValue(type) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try childDecoder(for: key).decodeValue(type) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try childDecoder(for: key).decodeValue(type) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try childDecoder(for: key).decodeValue(type) }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try childDecoder(for: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try childDecoder(for: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        superDecoder(named: "super", key: YAMLPlainKey("super"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        superDecoder(named: naming.yamlName(key), key: key)
    }

    /// A decoder for the value at `name`, or over nothing when it is absent.
    private func superDecoder(named name: String, key: any CodingKey) -> NodeDecoder {
        visit.request(name)
        return decoder.child(visit.entry(named: name)?.value, .key(name), key, contextMark: visit.mark)
    }
}

/// The unkeyed container over a sequence. Like Foundation's decoders it moves on only after an element decoded.
struct NodeUnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: NodeDecoder
    let elements: [Node]
    private(set) var currentIndex = 0

    init(decoder: NodeDecoder, elements: [Node]) {
        self.decoder = decoder
        self.elements = elements
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    /// The decoder for the current element; throws `valueNotFound` past the end.
    private func currentDecoder(for type: Any.Type) throws -> NodeDecoder {
        guard !isAtEnd else {
            throw decoder.failure(
                .valueNotFound, type,
                "expected at least \(currentIndex + 1) list elements, found \(elements.count)"
            )
        }
        return decoder.child(
            elements[currentIndex], .index(currentIndex), YAMLIndexKey(currentIndex), contextMark: decoder.mark
        )
    }

    mutating func decodeNil() throws -> Bool {
        guard let node = try currentDecoder(for: Never?.self).node, YAMLNodeFacts.isNull(node) else {
            return false
        }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try currentDecoder(for: type).decodeValue(type)
        currentIndex += 1
        return value
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try decode(scalar: type) }
    mutating func decode(_ type: String.Type) throws -> String { try decode(scalar: type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try decode(scalar: type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try decode(scalar: type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try decode(scalar: type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try decode(scalar: type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try decode(scalar: type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try decode(scalar: type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try decode(scalar: type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try decode(scalar: type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try decode(scalar: type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try decode(scalar: type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try decode(scalar: type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try decode(scalar: type) }

    private mutating func decode<T: Decodable>(scalar type: T.Type) throws -> T {
        try decode(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try currentDecoder(for: type).container(keyedBy: type)
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try currentDecoder(for: [Node].self).unkeyedContainer()
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let decoder = try currentDecoder(for: Never?.self)
        currentIndex += 1
        return decoder
    }
}

/// The single value container: any node can be decoded through it; scalars are checked when a scalar is asked for.
struct NodeSingleValueContainer: SingleValueDecodingContainer {
    let decoder: NodeDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool {
        decoder.node.map(YAMLNodeFacts.isNull) ?? true
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.decodeValue(type)
    }

    func decode(_ type: Bool.Type) throws -> Bool { try decoder.decodeValue(type) }
    func decode(_ type: String.Type) throws -> String { try decoder.decodeValue(type) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.decodeValue(type) }
    func decode(_ type: Float.Type) throws -> Float { try decoder.decodeValue(type) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.decodeValue(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.decodeValue(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.decodeValue(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.decodeValue(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.decodeValue(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.decodeValue(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.decodeValue(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.decodeValue(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.decodeValue(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.decodeValue(type) }
}

// MARK: - Scalars

/// Why a scalar's text is not a value of the type asked for.
struct YAMLScalarMismatch: Error {
    /// What was expected, e.g. `a number from 0 to 255`.
    var expected: String
}

/// Types read directly from a scalar's text rather than through their own `init(from:)`.
protocol YAMLScalarDecodable {
    /// What a scalar of this type looks like, for messages (`a number`, `true or false`).
    static var expectation: String { get }
    /// The value written as `text` (environment references already substituted).
    static func parseScalar(_ text: String) throws(YAMLScalarMismatch) -> Self
}

extension String: YAMLScalarDecodable {
    static var expectation: String { "a string" }

    static func parseScalar(_ text: String) throws(YAMLScalarMismatch) -> String {
        text
    }
}

extension Bool: YAMLScalarDecodable {
    static var expectation: String { "true or false" }

    static func parseScalar(_ text: String) throws(YAMLScalarMismatch) -> Bool {
        switch text.lowercased() {
        case "true":
            return true
        case "false":
            return false
        default:
            throw YAMLScalarMismatch(expected: expectation)
        }
    }
}

extension YAMLScalarDecodable where Self: FixedWidthInteger {
    static var expectation: String { "a number" }

    /// Decimal, `0x` hexadecimal, `0o` octal or `0b` binary, with an optional sign and `_` between digits.
    static func parseScalar(_ text: String) throws(YAMLScalarMismatch) -> Self {
        var body = Substring(text)
        var sign = ""
        if let first = body.first, first == "-" || first == "+" {
            sign = first == "-" ? "-" : ""
            body = body.dropFirst()
        }
        var radix = 10
        for (prefix, prefixRadix) in [("0x", 16), ("0X", 16), ("0o", 8), ("0O", 8), ("0b", 2), ("0B", 2)]
        where body.hasPrefix(prefix) {
            radix = prefixRadix
            body = body.dropFirst(2)
            break
        }
        let digits = body.filter { $0 != "_" }
        let isWellFormed =
            !digits.isEmpty && body.first != "_"
            && digits.allSatisfy { $0.isASCII && ($0.hexDigitValue ?? radix) < radix }
        guard isWellFormed else {
            let isFraction = Double.decimalNumber(text).map { $0.isFinite && $0 != $0.rounded() } ?? false
            throw YAMLScalarMismatch(expected: isFraction ? "a whole number" : expectation)
        }
        guard let value = Self(sign + digits, radix: radix) else {
            throw YAMLScalarMismatch(expected: "a number from \(Self.min) to \(Self.max)")
        }
        return value
    }
}

extension Int: YAMLScalarDecodable {}
extension Int8: YAMLScalarDecodable {}
extension Int16: YAMLScalarDecodable {}
extension Int32: YAMLScalarDecodable {}
extension Int64: YAMLScalarDecodable {}
extension UInt: YAMLScalarDecodable {}
extension UInt8: YAMLScalarDecodable {}
extension UInt16: YAMLScalarDecodable {}
extension UInt32: YAMLScalarDecodable {}
extension UInt64: YAMLScalarDecodable {}

extension Double: YAMLScalarDecodable {
    static var expectation: String { "a number" }

    static func parseScalar(_ text: String) throws(YAMLScalarMismatch) -> Double {
        guard let value = scalarNumber(text) else {
            throw YAMLScalarMismatch(expected: expectation)
        }
        return value
    }

    /// A YAML number: decimal or exponent notation, a whole number in any base `Int64` reads, or `.inf`, `-.inf`,
    /// `.nan`.
    static func scalarNumber(_ text: String) -> Double? {
        if let whole = try? Int64.parseScalar(text) {
            return Double(whole)
        }
        return decimalNumber(text)
    }

    /// A number in decimal or exponent notation (`_` between digits allowed), or `.inf`, `-.inf`, `.nan`.
    static func decimalNumber(_ text: String) -> Double? {
        switch text.lowercased() {
        case ".inf", "+.inf":
            return .infinity
        case "-.inf":
            return -.infinity
        case ".nan":
            return .nan
        default:
            break
        }
        let cleaned = text.filter { $0 != "_" }
        guard text.first != "_", cleaned.contains(where: \.isNumber),
            cleaned.allSatisfy({ "0123456789+-.eE".contains($0) })
        else {
            return nil
        }
        return Double(cleaned)
    }
}

extension Float: YAMLScalarDecodable {
    static var expectation: String { "a number" }

    static func parseScalar(_ text: String) throws(YAMLScalarMismatch) -> Float {
        guard let wide = Double.scalarNumber(text) else {
            throw YAMLScalarMismatch(expected: expectation)
        }
        let value = Float(wide)
        if wide.isFinite, !value.isFinite {
            let limit = Float.greatestFiniteMagnitude
            throw YAMLScalarMismatch(expected: "a number from \(-limit) to \(limit)")
        }
        return value
    }
}

extension Decimal: YAMLScalarDecodable {
    static var expectation: String { "a number" }

    static func parseScalar(_ text: String) throws(YAMLScalarMismatch) -> Decimal {
        let cleaned = text.filter { $0 != "_" }
        let isDecimal = cleaned.allSatisfy { "0123456789+-.eE".contains($0) }
        guard isDecimal, Double.decimalNumber(text)?.isFinite == true, let value = Decimal(string: cleaned, locale: nil)
        else {
            throw YAMLScalarMismatch(expected: expectation)
        }
        return value
    }
}

extension URL: YAMLScalarDecodable {
    static var expectation: String { "a URL with a scheme (e.g. https://…)" }

    static func parseScalar(_ text: String) throws(YAMLScalarMismatch) -> URL {
        guard let url = URL(string: text), url.scheme != nil else {
            throw YAMLScalarMismatch(expected: expectation)
        }
        return url
    }
}
