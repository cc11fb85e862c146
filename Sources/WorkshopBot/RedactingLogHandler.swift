import ArgumentParser
import BotRuntime
import Logging
import Synchronization

/// Keeps values substituted from the environment (`${TELEGRAM_BOT_TOKEN}`, `${MATRIX_PASSWORD}`) out of every log
/// line, whatever wrote it: a channel logging a failed request, a plugin logging its error.
///
/// Logging is bootstrapped before the config folder is read, so the secrets are set afterwards, once, through
/// `LogSecrets.shared`.
struct RedactingLogHandler: LogHandler {
    var base: any LogHandler
    let secrets: LogSecrets
    /// The logger's metadata, kept here rather than in `base`, so that it too is redacted when a line is written
    /// (it may have been set before the secrets were known).
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    func log(event: LogEvent) {
        let current = secrets.current
        var redacted = event
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        redacted.metadata = all.isEmpty ? event.metadata : all.mapValues { secrets.redact($0, with: current) }
        if !current.isEmpty {
            redacted.message = "\(current.redact(event.message.description))"
        }
        base.log(event: redacted)
    }
}

/// The secrets every `RedactingLogHandler` hides, set once the configuration is read.
final class LogSecrets: Sendable {
    /// The process's one set, shared by the handlers `CommonOptions.makeLogger` installs.
    static let shared = LogSecrets()

    private let state = Mutex(ConfigSecrets())

    var current: ConfigSecrets { state.withLock { $0 } }

    /// Adds `secrets` to what is hidden from now on.
    func hide(_ secrets: ConfigSecrets) {
        state.withLock { $0 = $0.merging(secrets) }
    }

    /// `value` with `secrets` redacted from every string in it.
    func redact(_ value: Logger.Metadata.Value, with secrets: ConfigSecrets) -> Logger.Metadata.Value {
        guard !secrets.isEmpty else { return value }
        switch value {
        case .string(let text):
            return .string(secrets.redact(text))
        case .stringConvertible(let convertible):
            return .string(secrets.redact(convertible.description))
        case .array(let values):
            return .array(values.map { redact($0, with: secrets) })
        case .dictionary(let values):
            return .dictionary(values.mapValues { redact($0, with: secrets) })
        }
    }
}

extension LogSecrets {
    /// `error` as it may be shown: with the configuration's secrets redacted from its text. Errors that carry no
    /// text (an exit code, a help request) and errors raised before any configuration was read stay as they are.
    func redacting(_ error: any Error) -> any Error {
        let secrets = current
        guard !secrets.isEmpty else { return error }
        switch error {
        case let validation as ValidationError:
            return ValidationError(secrets.redact(validation.message))
        case is ExitCode, is CleanExit:
            return error
        default:
            return RedactedError(description: secrets.redact("\(error)"))
        }
    }
}

/// An error's text with the configuration's secrets redacted.
struct RedactedError: Error, CustomStringConvertible {
    var description: String
}
