import Foundation
import Logging
import Synchronization

/// Log lines on standard error as logfmt (`time=… level=info msg="ready" chat=…`) or JSON, one per line, for
/// log collectors. Metadata carries chat, plugin and similar fields; message text is never logged at info.
struct StructuredLogHandler: LogHandler {
    enum Format: String { case logfmt, json }

    let label: String
    let format: Format
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    private static let lock = Mutex(())

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let time = Date().formatted(.iso8601)
        var fields: [(String, String)] = [
            ("time", time), ("level", event.level.rawValue), ("msg", event.message.description),
            ("source", event.source),
        ]
        fields += all.sorted { $0.key < $1.key }.map { ($0.key, "\($0.value)") }
        let text: String
        switch format {
        case .json:
            let object = Dictionary(fields, uniquingKeysWith: { first, _ in first })
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            text = String(decoding: data, as: UTF8.self)
        case .logfmt:
            text = fields.map { key, value in "\(key)=\(Self.quote(value))" }.joined(separator: " ")
        }
        Self.lock.withLock { _ in FileHandle.standardError.write(Data((text + "\n").utf8)) }
    }

    /// A logfmt value: bare when safe, else quoted with `"` and `\` escaped and newlines as `\n`.
    static func quote(_ value: String) -> String {
        let safe = !value.isEmpty && value.allSatisfy { $0.isLetter || $0.isNumber || "-_.:/@+,[]".contains($0) }
        if safe { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }
}
