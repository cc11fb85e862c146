import Logging
import Synchronization

/// What a bot or a plugin logged, every level, one line each as `level message key=value ...` (metadata sorted
/// by key): for tests that check what a log says, or that it never shows a secret.
public final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])

    public init() {}

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    /// Every line so far, in order.
    public var all: [String] { lines.withLock { $0 } }

    /// A logger whose every line, message and metadata, is kept here.
    public var logger: Logger { Logger(label: "test-log") { _ in self.handler } }

    /// The handler behind `logger`, for a test that wraps it in another (the redacting one).
    public var handler: any LogHandler { RecordingLogHandler(lines: self) }
}

/// The handler behind `LogLines.logger`.
struct RecordingLogHandler: LogHandler {
    let lines: LogLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = metadata.merging(event.metadata ?? [:]) { $1 }.sorted { $0.key < $1.key }
        lines.append(
            ([event.level.rawValue, "\(event.message)"] + fields.map { "\($0.key)=\($0.value)" }).joined(separator: " ")
        )
    }
}
