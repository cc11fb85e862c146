import BotCore
import Foundation
import Synchronization

/// A local chat in the terminal, the embedded default channel.
///
/// Each input line is a message; `name: text` sends it as user `console:name`, any other line comes from the
/// default user. Replies are written to the output as `bot> …`, one prefix per line, so scripts can read
/// them. At end of input `receive` returns, and the runtime finishes pending replies before exiting.
///
/// When standard input and standard output are both terminals (and neither is replaced), the console shows a
/// prompt and prints each message above the line being typed, then that line again (``ConsoleTerminal``);
/// otherwise (pipes, files) it reads and writes plain lines, with no prompt and no escape codes.
///
/// A console has no edits: a progress message is printed as it comes, and the answer that replaces it after it.
/// A file a reply carries is written into `exportsFolder` (under a safe, unique name, atomically: a temporary
/// file renamed into place, readable by the bot's user only) and its path printed.
public struct ConsoleChannel: Channel {
    public let platform = Platform.console
    /// The one console chat (`console:workshop`).
    public let chat: ChatRef
    public let defaultUser: String
    public let botUsername: String
    let clock: any BotClock
    let lines: @Sendable () -> AsyncStream<String>
    let output: ConsoleOutput
    /// Where files sent to the console are written (created when the first one comes).
    public let exportsFolder: URL

    /// - Parameters:
    ///   - lines: the input lines; by default standard input, read on a thread of its own so a waiting read
    ///     never holds one of the few cooperative threads.
    ///   - output: where replies go; by default standard output.
    ///   - exportsFolder: where files are written; by default `data/exports` under the working directory.
    ///
    /// With both defaults, and standard input and output both terminals, the two share the interactive
    /// terminal: the prompt, the line being typed, and messages printed above it.
    public init(
        chat: String = "workshop", defaultUser: String = "you", botUsername: String, clock: any BotClock,
        lines: (@Sendable () -> AsyncStream<String>)? = nil, output: ConsoleOutput? = nil, exportsFolder: URL? = nil
    ) {
        self.exportsFolder = exportsFolder ?? URL(fileURLWithPath: "data/exports", isDirectory: true)
        self.chat = ChatRef(platform: .console, id: chat)
        self.defaultUser = defaultUser
        self.botUsername = botUsername
        self.clock = clock
        if lines == nil, output == nil, ConsoleTerminal.standardStreamsAreTerminals {
            let terminal = ConsoleTerminal()
            self.lines = { terminal.lines() }
            self.output = ConsoleOutput { terminal.print($0) }
        } else {
            self.lines = lines ?? { ConsoleChannel.standardInputLines() }
            self.output = output ?? .standardOutput
        }
    }

    public func receive(_ deliver: @escaping @Sendable (IncomingMessage) async -> DeliveryReceipt) async throws {
        // Message ids are unique across sessions on one store: a second session's first line must not be taken
        // for a replay of the first session's (the runtime would then roll its changes back).
        let session = Self.sessionID()
        var number = 0
        for await line in lines() {
            try Task.checkCancellation()
            number += 1
            let (user, text) = Self.split(line, defaultUser: defaultUser)
            _ = await deliver(
                IncomingMessage(
                    chat: chat, chatTitle: "console", sender: UserRef(platform: .console, id: user), senderName: user,
                    text: text, time: clock.now(), messageID: "\(session)-\(number)", botUsername: botUsername,
                    // One person at a terminal: what a platform would send to a direct chat is printed here.
                    isDirect: true))
        }
    }

    /// A fresh id for one run of `receive`: the wall-clock start in milliseconds and 32 random bits, so two
    /// sessions never share one, even when started in the same millisecond or with the clock set back.
    static func sessionID() -> String {
        let started = UInt64(max(0, Date().timeIntervalSince1970 * 1000).rounded(.down))
        return String(started, radix: 36) + "." + String(UInt32.random(in: .min ... .max), radix: 36)
    }

    public func send(_ message: OutgoingMessage) async throws {
        var text = message.reply.plainText
        for row in message.reply.buttons {
            text += "\n" + row.map { "[\($0.title): \($0.command)]" }.joined(separator: " ")
        }
        // A post to another console chat (a team's `console:lao` in the demo roster) says where it went.
        let place = message.chat == chat ? "" : " [\(message.chat.id)]"
        let prefix = message.reply.isNotice ? "bot\(place) (notice)> " : "bot\(place)> "
        if let file = message.reply.attachment {
            do {
                let saved = try Self.save(file, in: exportsFolder)
                text += (text.isEmpty ? "" : "\n") + "file: \(saved.path) (\(Attachment.describeSize(file.data.count)))"
            } catch {
                text += (text.isEmpty ? "" : "\n") + "file \(file.fileName) could not be saved: \(error)"
            }
        }
        var rendered = ""
        // What people typed is printed on a terminal: its control characters are shown, not obeyed.
        for line in TerminalText.safe(text).split(separator: "\n", omittingEmptySubsequences: false) {
            rendered += prefix + line + "\n"
        }
        output.write(rendered)
    }

    /// Writes `file` into `folder` under its (already safe) name, made unique (`poll-1.csv`, `poll-1-2.csv`, …):
    /// the bytes go to a hidden temporary file first, which is then linked to the final name, which fails
    /// rather than replace a file that exists, so a reader never sees half a file and nothing is overwritten.
    static func save(_ file: Attachment, in folder: URL) throws -> URL {
        try FileManager.default.createDirectory(
            at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let name = Attachment.safeFileName(file.fileName)
        let temporary = folder.appendingPathComponent(".tmp-\(UUID().uuidString)")
        guard
            FileManager.default.createFile(
                atPath: temporary.path, contents: file.data, attributes: [.posixPermissions: 0o600])
        else {
            throw ConsoleFileError(description: "cannot write into \(folder.path)")
        }
        defer { unlink(temporary.path) }
        let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
        let stem = dot.map { String(name[..<$0]) } ?? name
        let suffix = dot.map { String(name[$0...]) } ?? ""
        for number in 1...1000 {
            let candidate = folder.appendingPathComponent(number == 1 ? name : "\(stem)-\(number)\(suffix)")
            if link(temporary.path, candidate.path) == 0 { return candidate }
            guard errno == EEXIST else {
                throw ConsoleFileError(
                    description: "cannot write \(candidate.path): \(String(cString: strerror(errno)))")
            }
        }
        throw ConsoleFileError(description: "\(folder.path) already holds 1000 files named \(name)")
    }

    /// Splits `name: text` into the user and the text; other lines come from `defaultUser`.
    static func split(_ line: String, defaultUser: String) -> (user: String, text: String) {
        guard let colon = line.firstIndex(of: ":") else { return (defaultUser, line) }
        let name = line[..<colon]
        let after = line[line.index(after: colon)...]
        guard !name.isEmpty, name.count <= 64,
            name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }),
            after.isEmpty || after.first == " "
        else { return (defaultUser, line) }
        return (String(name), String(after.dropFirst()))
    }

    /// Standard input as lines, read by a dedicated thread. Invalid UTF-8 is repaired, not fatal.
    static func standardInputLines() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        let thread = Thread {
            while let line = readLine(strippingNewline: true) { continuation.yield(line) }
            continuation.finish()
        }
        thread.name = "console-stdin"
        thread.start()
        return stream
    }
}

/// Why a file sent to the console could not be saved.
struct ConsoleFileError: Error, CustomStringConvertible {
    var description: String
}

/// Where the console writes: whole writes, never interleaved.
public struct ConsoleOutput: Sendable {
    private let sink: @Sendable (String) -> Void

    public init(write: @escaping @Sendable (String) -> Void) { self.sink = write }

    func write(_ text: String) { sink(text) }

    /// Standard output, unbuffered so a pipe sees each reply at once.
    public static let standardOutput: ConsoleOutput = {
        let lock = Mutex(())
        return ConsoleOutput { text in
            lock.withLock { _ in FileHandle.standardOutput.write(Data(text.utf8)) }
        }
    }()
}

extension Platform {
    /// The local terminal chat, the embedded default channel.
    public static let console: Platform = "console"
}
