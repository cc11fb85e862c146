import CYaml

/// Finds duplicate mapping keys in one pass over libyaml's parse events, before the document is composed.
///
/// Yams refuses a mapping with duplicate keys and names only the first occurrence. Knowing every duplicate up
/// front lets `YAMLSource` rename all earlier occurrences at once and compose the document a single time, so the
/// tree still holds each duplicate at its own line for `YAMLStructuralCheck` to report.
///
/// `CYaml` is the libyaml copy Yams builds (a module of the Yams package, not one of its products): the event
/// API is the part of libyaml Yams keeps private.
enum YAMLDuplicateKeys {
    /// A key written again later in the same mapping.
    struct Occurrence: Equatable {
        /// The key as written (the scalar's value).
        var name: String
        /// 1-based line and column where the earlier occurrence starts, in Unicode scalars as Yams counts them.
        var line: Int
        var column: Int
    }

    /// Every scalar key that appears again later in its mapping, one entry per earlier occurrence (a key written
    /// three times gives two). At a syntax error it stops, with what the collections still open hold: composing
    /// reports the error itself.
    static func earlierOccurrences(in text: String) -> [Occurrence] {
        var bytes = Array(text.utf8)
        var found: [Occurrence] = []
        bytes.withUnsafeMutableBufferPointer { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var frames: [Frame] = []
            defer { found += frames.reversed().flatMap(\.earlierOccurrences) }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return }
                defer { yaml_event_delete(&event) }
                let type = event.type
                if type == YAML_STREAM_END_EVENT { return }
                switch type {
                case YAML_SCALAR_EVENT:
                    let scalar = event.data.scalar
                    let name = scalar.value.map {
                        String(decoding: UnsafeBufferPointer(start: $0, count: scalar.length), as: UTF8.self)
                    }
                    let mark = (line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
                    nodeBegins(
                        &frames, key: name.map { (name: $0, line: mark.line, column: mark.column) }, found: &found)
                case YAML_ALIAS_EVENT:
                    nodeBegins(&frames, key: nil, found: &found)
                case YAML_SEQUENCE_START_EVENT:
                    nodeBegins(&frames, key: nil, found: &found)
                    frames.append(Frame(isMapping: false))
                case YAML_MAPPING_START_EVENT:
                    nodeBegins(&frames, key: nil, found: &found)
                    frames.append(Frame(isMapping: true))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    if let frame = frames.popLast() { found += frame.earlierOccurrences }
                default:
                    break
                }
            }
        }
        return found
    }

    /// An open collection: for a mapping, whether the next node is a key, and where each key was written.
    private struct Frame {
        var isMapping: Bool
        var expectsKey = true
        var positions: [String: [(line: Int, column: Int)]] = [:]
        var order: [String] = []

        init(isMapping: Bool) { self.isMapping = isMapping }

        /// All but the last occurrence of each key written more than once, in the order keys first appeared.
        var earlierOccurrences: [Occurrence] {
            order.flatMap { name in
                (positions[name] ?? []).dropLast().map { Occurrence(name: name, line: $0.line, column: $0.column) }
            }
        }
    }

    /// A node starts inside the innermost collection: in a mapping, keys and values alternate; a scalar key is
    /// remembered with its position.
    private static func nodeBegins(
        _ frames: inout [Frame], key: (name: String, line: Int, column: Int)?, found: inout [Occurrence]
    ) {
        guard let last = frames.indices.last, frames[last].isMapping else { return }
        defer { frames[last].expectsKey.toggle() }
        guard frames[last].expectsKey, let key else { return }
        if frames[last].positions[key.name] == nil { frames[last].order.append(key.name) }
        frames[last].positions[key.name, default: []].append((key.line, key.column))
    }
}
