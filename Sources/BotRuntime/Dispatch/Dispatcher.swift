import BotCore
import Foundation
import Logging
import Synchronization

/// Turns incoming messages into replies: parses, finds the command, checks the role, binds options, runs the
/// handler under a time limit and sends what it answers.
///
/// Messages of one chat are handled in arrival order (one lane per chat); different chats run concurrently.
/// A handler that throws or overruns the limit costs its user a short error with a reference id, and nothing
/// else: the lane and the other chats go on.
public struct Dispatcher: Sendable {
    /// Sends (or durably queues) a message; the key makes a second queueing of the same reply a no-op.
    /// Returns false when a reply could not be queued, so the message is not confirmed to its platform.
    public typealias Send = @Sendable (OutgoingMessage, _ key: String?) async -> Bool
    /// Sends a progress message straight to its chat's channel, best effort (not through the outbox).
    public typealias ShowProgress = @Sendable (OutgoingMessage) async -> Void

    /// Whether a handling has shown a progress message, so its answer replaces it.
    final class ProgressShown: Sendable {
        private let shown = Mutex(false)
        func mark() { shown.withLock { $0 = true } }
        var value: Bool { shown.withLock { $0 } }
    }

    /// Whether every reply of the message being handled was sent or queued (set per handling).
    final class Report: Sendable {
        private let failed = Mutex(false)
        func fail() { failed.withLock { $0 = true } }
        var succeeded: Bool { !failed.withLock { $0 } }
    }

    @TaskLocal static var report: Report?

    /// A message with the receipt its channel may wait on.
    public struct Delivery: Sendable {
        public var message: IncomingMessage
        public var receipt: DeliveryReceipt

        public init(message: IncomingMessage, receipt: DeliveryReceipt = DeliveryReceipt()) {
            self.message = message
            self.receipt = receipt
        }
    }

    /// The configuration in force; a reload replaces it between messages.
    public let live: LiveConfiguration
    public let store: any Store
    public let clock: any BotClock
    public let logger: Logger
    public let handlerTimeout: Duration
    let send: Send
    let showProgress: ShowProgress?
    let jobsChanged: @Sendable () -> Void
    let timeouts = TimeoutMonitor()
    /// People whose direct chat with the bot is already recorded in the store (this run).
    let knownDirect = KnownUsers()
    /// Reads those direct chats back for handlers.
    let directChats: DirectChats
    /// Sets aside a message whose handling killed the process twice.
    let crashGuard: CrashGuard
    /// The platforms whose messages the crash guard watches: those that deliver a message again until it is
    /// confirmed (nil: all). The console's lines come once, so a crash cannot repeat and costs no store writes.
    let redelivering: Set<Platform>?

    public init(
        live: LiveConfiguration, logger: Logger, handlerTimeout: Duration = .seconds(10),
        jobsChanged: @escaping @Sendable () -> Void = {}, crashGuard: CrashGuard? = nil,
        redelivering: Set<Platform>? = nil, showProgress: ShowProgress? = nil, send: @escaping Send
    ) {
        self.showProgress = showProgress
        self.redelivering = redelivering
        self.live = live
        self.store = live.store
        self.clock = live.clock
        self.logger = logger
        self.handlerTimeout = handlerTimeout
        self.jobsChanged = jobsChanged
        self.send = send
        self.crashGuard = crashGuard ?? CrashGuard(store: live.store, logger: logger)
        directChats = DirectChats { [store = live.store] user in
            (try? await store.transaction { try $0.cursor(Self.directChatCursor(user)) }).flatMap { $0 }.flatMap(
                ChatRef.init(parsing:))
        }
    }

    /// Handles messages from `input` until it finishes, then waits for every lane to drain. Each message's
    /// receipt is marked once its changes are committed and its reply sent or queued.
    func run(_ input: DeliveryQueue) async {
        await withTaskGroup(of: Void.self) { watchdog in
            watchdog.addTask { await timeouts.run() }
            await runLanes(input)
            watchdog.cancelAll()
        }
        await crashGuard.flush()
    }

    private func runLanes(_ input: DeliveryQueue) async {
        await withDiscardingTaskGroup { group in
            var lanes: [ChatRef: DeliveryQueue] = [:]
            for await delivery in input {
                let chat = delivery.message.chat
                if let lane = lanes[chat] {
                    lane.yield(delivery)
                    continue
                }
                let lane = DeliveryQueue()
                lanes[chat] = lane
                lane.yield(delivery)
                group.addTask {
                    for await queued in lane {
                        let report = Report()
                        await Self.$report.withValue(report) { await handle(queued.message) }
                        // A message cut short by shutdown, or whose reply could not be queued, is not handled:
                        // its channel must deliver it again (the replay then applies nothing twice).
                        if Task.isCancelled { continue }
                        if report.succeeded { queued.receipt.markHandled() } else { queued.receipt.markFailed() }
                    }
                }
            }
            for lane in lanes.values { lane.finish() }
        }
    }

    /// Handles one message completely, replies included. Never throws: every failure becomes a reply or a log.
    /// A message that runs any handler is watched by the crash guard: after the process died twice while
    /// handling it, it is set aside instead of run a third time.
    public func handle(_ message: IncomingMessage) async {
        if message.isDirect { await rememberDirectChat(message) }
        // One consistent configuration for the whole message, taken once, even if a reload happens meanwhile.
        let config = live.snapshot
        let parsed = CommandParser.parse(message.text)
        guard let what = Self.work(parsed, message, config) else { return }
        if case .command = parsed, message.text.utf16.count > Self.longestCommand {
            // Telegram allows 4,096 characters; Matrix far more. A command never needs more, and its words are
            // often repeated in the reply.
            let texts = await readerTexts(message, config)
            return await reply(
                to: message, Reply(texts("runtime.too-long", ["limit": .number(Self.longestCommand)])), texts: texts)
        }
        guard redelivering?.contains(message.platform) ?? true else { return await dispatch(parsed, message, config) }
        let entry = CrashGuard.Entry(
            key: message.deliveryKey, kind: "message", chat: "\(message.chat)", user: "\(message.sender)", what: what,
            at: clock.now(), ref: Self.referenceID())
        let verdict = await crashGuard.run(entry) { await dispatch(parsed, message, config) }
        guard case .quarantined(let entry)? = verdict else { return }
        let texts = await readerTexts(message, config)
        await reply(
            to: message, Reply(texts("runtime.set-aside", ["command": .text(what), "ref": .text(entry.ref)])),
            texts: texts)
        await CrashGuard.report(
            entry, to: config.configuration.bot.scheduler.reportChats, logger: logger, texts: config.texts(for:),
            send: send)
    }

    /// The messages in the language `message`'s sender reads (the one rule, `Snapshot.language(for:team:)`).
    private func readerTexts(_ message: IncomingMessage, _ config: LiveConfiguration.Snapshot) async -> Texts {
        let team = config.roles.roster.team(of: message.sender, in: message.chat)
        return config.localization.texts(await config.language(for: message, team: team))
    }

    /// The longest command line the bot reads, in UTF-16 units as Telegram counts them (its messages hold 4,096).
    public static let longestCommand = 4_096

    /// What a message will run (a command's name, a press, the listeners), or nil when it runs nothing: chatter
    /// no plugin listens to, and commands for other bots.
    private static func work(_ parsed: ParseResult, _ message: IncomingMessage, _ config: LiveConfiguration.Snapshot)
        -> String?
    {
        switch parsed {
        case .notACommand:
            if message.pressID != nil { return "press" }
            return config.registry.plugins(in: message.chat).contains { !$0.listeners.isEmpty } ? "listeners" : nil
        case .malformed(let name, let mention, _):
            return ParsedCommand(name: name, mention: mention).isAddressed(to: message.botUsername) ? "/" + name : nil
        case .command(let command):
            return command.isAddressed(to: message.botUsername) || message.pressID != nil ? "/" + command.name : nil
        }
    }

    private func dispatch(_ parsed: ParseResult, _ message: IncomingMessage, _ config: LiveConfiguration.Snapshot) async
    {
        let registry = config.registry
        let texts = await readerTexts(message, config)
        switch parsed {
        case .notACommand:
            if message.pressID != nil { return await reply(to: message, .none, texts: texts) }
            await runListeners(message, config, texts)
        case .malformed(let name, _, let reason):
            guard let entry = registry.command(named: name, in: message.chat) else {
                return await reply(
                    to: message, unknownCommandHint(name, in: message.chat, registry, texts), texts: texts)
            }
            let detail = CommandParser.unclosedQuote(in: message.text).map {
                texts.plain("core.quote-not-closed", ["quote": .text(String($0))])
            }
            await reply(to: message, usage(entry.command, detail: detail ?? reason, role: nil, texts), texts: texts)
        case .command(let parsed):
            guard let entry = registry.command(named: parsed.name, in: message.chat) else {
                return await reply(
                    to: message, unknownCommandHint(parsed.name, in: message.chat, registry, texts), texts: texts)
            }
            await run(entry, parsed, message, config, texts)
        }
    }

    private func run(
        _ entry: CommandRegistry.Entry, _ parsed: ParsedCommand, _ message: IncomingMessage,
        _ config: LiveConfiguration.Snapshot, _ texts: Texts
    ) async {
        let caller = await config.roles.caller(for: message)
        // The command's own role first, then (once options are bound) its subcommand's: the subcommand is the
        // first argument as the handler will see it, so an option or `--` in front of it hides nothing.
        if let refusal = config.roles.authorize(caller, for: entry.command, texts: texts) {
            return await refuse(refusal, parsed, entry, caller, message, texts)
        }
        let invocation: CommandInvocation
        do {
            invocation = try CommandInvocation.bind(parsed, to: entry.command, message: message, texts: texts)
        } catch {
            return await reply(
                to: message, render(error, command: entry.command, role: caller.role, texts), texts: texts)
        }
        if let refusal = config.roles.authorize(
            caller, for: entry.command, subcommand: invocation.argument(0), texts: texts)
        {
            return await refuse(refusal, parsed, entry, caller, message, texts)
        }
        let progress = ProgressShown()
        let context = makeContext(
            plugin: entry.plugin.name, caller: caller, message: message, config: config, texts: texts,
            progress: progress)
        let handler = entry.command.handler
        await runGuarded(
            label: "/\(parsed.name)", plugin: entry.plugin.name, message: message, command: entry.command,
            role: caller.role, texts: texts, progress: progress
        ) {
            try await handler(invocation, context)
        }
    }

    private func refuse(
        _ refusal: CommandError, _ parsed: ParsedCommand, _ entry: CommandRegistry.Entry, _ caller: Caller,
        _ message: IncomingMessage, _ texts: Texts
    ) async {
        logger.info(
            "refused", metadata: ["command": "\(parsed.name)", "user": "\(caller.user)", "role": "\(caller.role)"])
        RuntimeMetrics.command(entry.plugin.name, "denied").increment()
        await reply(to: message, render(refusal, command: entry.command, role: caller.role, texts), texts: texts)
    }

    private func runListeners(_ message: IncomingMessage, _ config: LiveConfiguration.Snapshot, _ texts: Texts) async {
        let plugins = config.registry.plugins(in: message.chat).filter { !$0.listeners.isEmpty }
        guard !plugins.isEmpty else { return }
        let caller = await config.roles.caller(for: message)
        for plugin in plugins {
            for (index, listener) in plugin.listeners.enumerated() {
                // Each listener records its own delivery key and reply key, so one listener's changes are not
                // taken for a replay of another's.
                let part = "\(plugin.name)#\(index)"
                let progress = ProgressShown()
                let context = makeContext(
                    plugin: plugin.name, caller: caller, message: message, part: part, config: config, texts: texts,
                    progress: progress)
                await runGuarded(
                    label: "listener", plugin: plugin.name, message: message, command: nil, part: part, texts: texts,
                    progress: progress
                ) {
                    try await listener(message, context)
                }
            }
        }
    }

    /// The store's key for a person's direct chat with the bot.
    static func directChatCursor(_ user: UserRef) -> String { "direct-chat:\(user)" }

    /// Records that `message.sender` has a direct chat with the bot, where personal messages can reach them
    /// (platforms such as Telegram let a bot write to a person only after they wrote to it).
    private func rememberDirectChat(_ message: IncomingMessage) async {
        let user = message.sender
        guard knownDirect.insert(user) else { return }
        let chat = message.chat.description
        do {
            try await store.transaction { try $0.setCursor(Self.directChatCursor(user), to: chat) }
        } catch {
            knownDirect.remove(user)
            logger.warning("direct chat not recorded", metadata: ["error": "\(error)"])
        }
    }

    private func makeContext(
        plugin: String, caller: Caller, message: IncomingMessage, part: String = "", config: LiveConfiguration.Snapshot,
        texts: Texts, progress: ProgressShown
    ) -> CommandContext {
        let key = part.isEmpty ? message.deliveryKey : "\(message.deliveryKey)#\(part)"
        let claim = HandlingClaim(.message(key: key))
        let storage = PluginStorage(
            namespace: plugin, store: store, clock: clock, claim: claim, jobsChanged: jobsChanged)
        let show = showProgress
        let logger = logger
        return CommandContext(
            caller: caller, chat: message.chat, clock: clock, logger: logger, storage: storage,
            roster: config.roles.roster, catalog: config.registry.catalog(for: message.chat), lookups: config.lookups,
            schedule: config.schedule, directChats: directChats, texts: texts, localization: config.localization,
            webAddress: config.webAddress,
            progress: { reply in
                guard let show, !reply.isEmpty else { return }
                // The claim first: a replay of a message already handled (its answer queued or sent) shows no
                // progress message that nothing would replace.
                if claim.current == .open {
                    do {
                        try await storage.transaction { _ in }
                    } catch {
                        logger.warning("progress not shown: the store failed", metadata: ["error": "\(error)"])
                        return
                    }
                }
                guard claim.current != .replay else { return }
                progress.mark()
                await show(
                    OutgoingMessage(
                        chat: message.chat, thread: message.thread,
                        replyTo: message.pressID == nil ? message.messageID : nil, reply: reply, showsProgress: key))
            })
    }

    /// Runs a handler under the time limit; replies with its answer, its `CommandError`, or a reference id.
    private func runGuarded(
        label: String, plugin: String, message: IncomingMessage, command: Command?, role: Role? = nil,
        part: String = "", texts: Texts, progress: ProgressShown, _ body: @escaping @Sendable () async throws -> Reply
    ) async {
        let timeout = handlerTimeout
        let started = ContinuousClock.now
        // The first of the handler's end, its deadline and cancellation decides; one child task runs the
        // handler, and the deadline is rung by the dispatcher's one timeout monitor.
        let outcome = FirstOutcome()
        let watch = timeouts.watch(until: .now + timeout) { outcome.settle(.timedOut) }
        defer { timeouts.finish(watch) }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do { outcome.settle(.finished(try await body())) } catch { outcome.settle(.failed(error)) }
            }
            var first = await outcome.value
            group.cancelAll()
            // Shutdown, not a fault: no reply, so the message is handled again after the restart.
            if Task.isCancelled { first = .cancelled }
            Self.record(first, plugin: plugin, since: started)
            // An answer that follows a progress message takes its place, whatever the outcome.
            let shown: String? = progress.value ? part : nil
            switch first {
            case .finished(let answer):
                await reply(to: message, answer, part: part, progressPart: shown, texts: texts)
            case .failed(let error as CommandError):
                await reply(
                    to: message, render(error, command: command, role: role, texts), progressPart: shown, texts: texts)
            case .failed(let error):
                let ref = logFailure(
                    "handler failed", plugin, label, message, ["error": "\(String(reflecting: error))"])
                await reply(
                    to: message, Reply(texts("runtime.failed", ["ref": .text(ref)])), progressPart: shown,
                    texts: texts)
            case .timedOut:
                let ref = logFailure("handler timed out", plugin, label, message, ["timeout": "\(timeout)"])
                await reply(
                    to: message, Reply(texts("runtime.timed-out", ["ref": .text(ref)])), progressPart: shown,
                    texts: texts)
            case .cancelled:
                break
            }
        }
    }

    /// Logs a handler failure under a fresh reference id and returns the id for the user's reply.
    private func logFailure(
        _ what: Logger.Message, _ plugin: String, _ label: String, _ message: IncomingMessage,
        _ details: Logger.Metadata
    ) -> String {
        let ref = Self.referenceID()
        let metadata: Logger.Metadata = [
            "ref": "\(ref)", "plugin": "\(plugin)", "handler": "\(label)", "chat": "\(message.chat)",
        ]
        logger.error(what, metadata: metadata.merging(details) { $1 })
        return ref
    }

    private static func record(_ outcome: Outcome, plugin: String, since started: ContinuousClock.Instant) {
        let name: String
        switch outcome {
        case .finished: name = "ok"
        case .failed(is CommandError): name = "user_error"
        case .failed: name = "failed"
        case .timedOut: name = "timed_out"
        case .cancelled: return
        }
        RuntimeMetrics.command(plugin, name).increment()
        let elapsed = ContinuousClock.now - started
        RuntimeMetrics.handlerLatency(plugin).recordNanoseconds(
            elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }

    enum Outcome: Sendable {
        case finished(Reply)
        case failed(any Error)
        case timedOut
        case cancelled
    }

    /// How a handling ended, settled once by whichever comes first: the handler's answer or error, its deadline,
    /// or the cancellation of the task waiting for it (shutdown). Later settlements are ignored.
    final class FirstOutcome: Sendable {
        private struct State {
            var outcome: Outcome?
            var waiter: UnsafeContinuation<Outcome, Never>?
        }
        private let state = Mutex(State())

        func settle(_ outcome: Outcome) {
            let waiter = state.withLock { state -> UnsafeContinuation<Outcome, Never>? in
                guard case .none = state.outcome else { return nil }
                state.outcome = outcome
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: outcome)
        }

        /// The first outcome; waits for it. One waiter.
        var value: Outcome {
            get async {
                await withTaskCancellationHandler {
                    await withUnsafeContinuation { (continuation: UnsafeContinuation<Outcome, Never>) in
                        let settled = state.withLock { state -> Outcome? in
                            if let outcome = state.outcome { return outcome }
                            state.waiter = continuation
                            return nil
                        }
                        if let settled { continuation.resume(returning: settled) }
                    }
                } onCancel: {
                    settle(.cancelled)
                }
            }
        }
    }

    /// Sends an answer to `message`. `part` tells apart several answers to one message (one per listening
    /// plugin), so each keeps its own outbox key.
    /// `progressPart`, when set, is the `part` of the handling that showed a progress message: this answer
    /// takes that message's place.
    private func reply(
        to message: IncomingMessage, _ answer: Reply, part: String = "", progressPart: String? = nil, texts: Texts
    ) async {
        // A press is always answered, even with nothing to say, so the platform stops showing it as pending.
        guard !answer.isEmpty || message.pressID != nil || progressPart != nil else { return }
        var answer = answer
        // An empty answer after a progress message still replaces it, so "Checking…" does not stay.
        if answer.isEmpty, progressPart != nil { answer = Reply(texts("runtime.done")) }
        let progressKey = progressPart.map { $0.isEmpty ? message.deliveryKey : "\(message.deliveryKey)#\($0)" }
        let queued = await send(
            OutgoingMessage(
                chat: message.chat, thread: message.thread, replyTo: message.pressID == nil ? message.messageID : nil,
                reply: answer, answersPress: message.pressID, replacesProgress: progressKey),
            part.isEmpty ? message.deliveryKey : "\(message.deliveryKey)#\(part)")
        if !queued { Self.report?.fail() }
    }

    private func unknownCommandHint(
        _ name: String, in chat: ChatRef, _ registry: CommandRegistry, _ texts: Texts
    ) -> Reply {
        if let suggestion = registry.suggestion(for: name, in: chat) {
            return Reply(
                texts(
                    "runtime.unknown-command-suggestion",
                    ["command": .text("/" + name), "suggestion": .text("/" + suggestion)]))
        }
        return Reply(texts("runtime.unknown-command", ["command": .text("/" + name)]))
    }

    /// The usage line after a usage error: the forms the caller's `role` may use (a participant's bare `/poll`
    /// lists no facilitator's form), all of them when none is or the role is not known.
    private func usage(_ command: Command, detail: String?, role: Role?, _ texts: Texts) -> Reply {
        var lines: [RichText] = []
        if let detail { lines.append(texts("runtime.did-not-work", ["detail": .text(detail)])) }
        let line = role.map { command.usage(for: $0, in: texts) } ?? command.usage(in: texts)
        lines.append(texts("runtime.usage", ["usage": .text("/" + line)]))
        return Reply(lines: lines)
    }

    private func render(_ error: CommandError, command: Command?, role: Role? = nil, _ texts: Texts) -> Reply {
        switch error {
        case .usage(let detail):
            guard let command else {
                return Reply(detail.map { RichText($0) } ?? texts("runtime.did-not-work-plain"))
            }
            return usage(command, detail: detail, role: role, texts)
        case .denied(let text): return Reply(RichText(text))
        case .rejected(let text): return Reply(text)
        }
    }

    /// A short random id that ties a user's error message to its log line.
    static func referenceID() -> String {
        String(UInt32.random(in: 0x1000_0000...0xFFFF_FFFF), radix: 16).prefix(6).description
    }
}

/// A set of people shared by the lanes.
final class KnownUsers: Sendable {
    private let users = Mutex<Set<UserRef>>([])

    /// Adds `user`; false when it was there already.
    func insert(_ user: UserRef) -> Bool { users.withLock { $0.insert(user).inserted } }
    func remove(_ user: UserRef) { _ = users.withLock { $0.remove(user) } }
}
