import BotCore
import Foundation

/// `plugins-config/voting.yaml`: poll templates facilitators start by name.
public struct VotingConfiguration: Decodable, Sendable {
    public struct Template: Decodable, Sendable {
        public var question: String
        public var options: [String]
        public var method: String?
        public var max: Int?
        public var dots: Int?
    }

    public var templates: [String: Template]?

    public init(templates: [String: Template]? = nil) { self.templates = templates }
}

/// A poll and its ballots' rules.
struct Poll: Codable, Sendable {
    enum Method: String, Codable, Sendable { case single, multi, dots, ranked }

    var id: Int
    var question: String
    var options: [String]
    var method: Method
    /// The most options one ballot may choose (multi).
    var maximum: Int
    var chat: ChatRef
    var open: Bool
    var createdBy: String
    /// Dots each voter spreads (dot voting).
    var dots: Int?
    /// Results and exports show counts only.
    var anonymous: Bool?
    /// When the poll closes by itself.
    var closes: Date?
}

/// One person's current ballot: the option indexes they chose (0-based).
struct Ballot: Codable, Sendable {
    var choices: [Int]
}

/// Topic polls: facilitators open them, participants vote once (changeable until the poll closes), results are
/// counted from the stored ballots. Votes go through the runtime's handling claim, so a repeated delivery
/// never counts twice. Buttons on platforms that have them run the same `/vote` command.
public struct VotingPlugin: Plugin {
    public typealias Configuration = VotingConfiguration
    public static let name = "voting"
    public static let summary = "Polls on the topics teams prioritise"

    let templates: [String: VotingConfiguration.Template]

    public init(configuration: VotingConfiguration) throws {
        templates = configuration.templates ?? [:]
        for (name, template) in templates {
            guard template.options.count >= 2, template.options.count <= 10 else {
                throw PluginConfigurationError(path: ["templates", name, "options"], "a poll needs 2 to 10 options")
            }
            if let method = template.method, Poll.Method(rawValue: method) == nil {
                throw PluginConfigurationError(path: ["templates", name, "method"], "expected single, multi, dots or ranked")
            }
        }
    }

    public var commands: [Command] {
        [
            Command(
                "poll",
                usage: "poll new \"Question?\" \"Option A\" \"Option B\" ... [--method single|multi|dots|ranked] [--max N] [--dots N] [--anonymous] [--closes \"YYYY-MM-DD HH:MM\"] | poll start <template> | poll close | poll results | poll list | poll export <id>",
                summary: "Facilitators open and close polls; everyone sees results",
                options: [.value("method"), .value("max"), .value("dots"), .flag("anonymous"), .value("closes")],
                subcommandRoles: ["new": .facilitator, "start": .facilitator, "close": .facilitator, "export": .facilitator]
            ) { invocation, context in
                switch invocation.argument(0)?.lowercased() {
                case "new":
                    let words = Array(invocation.arguments.dropFirst())
                    guard words.count >= 3 else { throw CommandError.usage("give a question and at least two options") }
                    return try await open(
                        question: words[0], options: Array(words.dropFirst()), method: invocation.option("method"),
                        maximum: invocation.option("max").flatMap(Int.init), dots: invocation.option("dots").flatMap(Int.init),
                        anonymous: invocation.has("anonymous"), closes: try closing(invocation.option("closes"), context), context)
                case "start":
                    guard let name = invocation.argument(1), let template = templates[name] else {
                        let names = templates.keys.sorted().joined(separator: ", ")
                        throw CommandError.rejected("No template \(invocation.argument(1) ?? ""). Templates: \(names.isEmpty ? "none" : names)")
                    }
                    return try await open(
                        question: template.question, options: template.options, method: template.method,
                        maximum: template.max, dots: template.dots, anonymous: invocation.has("anonymous"),
                        closes: try closing(invocation.option("closes"), context), context)
                case "close":
                    guard let poll = try await openPoll(in: context) else { throw CommandError.rejected("There is no open poll here.") }
                    let closed = try await context.storage.transaction { tx -> Poll in
                        var closed = poll
                        closed.open = false
                        try tx.put(closed, "polls", Self.key(poll.id))
                        _ = try tx.cancelJobs(keyPrefix: "close/\(Self.key(poll.id))")
                        return closed
                    }
                    return try await results(of: closed, context, closedNow: true)
                case "results":
                    guard let poll = try await latestPoll(in: context) else { throw CommandError.rejected("There is no poll here yet.") }
                    return try await results(of: poll, context, closedNow: false)
                case "export":
                    let polls = try await allPolls(context)
                    guard let id = invocation.argument(1).flatMap(Int.init), let poll = polls.first(where: { $0.id == id }) else {
                        throw CommandError.usage("which poll? /poll list shows them")
                    }
                    return try await export(poll, context)
                case "list":
                    let polls = try await allPolls(context).filter { $0.chat == context.chat }
                    guard !polls.isEmpty else { return "No polls here yet." }
                    return Reply(lines: polls.map { "#\($0.id) \($0.question) (\($0.open ? "open" : "closed"))" })
                default:
                    throw CommandError.usage()
                }
            },
            Command(
                "vote", usage: "vote <option number or name> [...]",
                summary: "Vote in the open poll; /vote alone shows it and your ballot"
            ) { invocation, context in
                guard let poll = try await openPoll(in: context) else { throw CommandError.rejected("There is no open poll here.") }
                let voter = context.caller.user.description
                if invocation.arguments.isEmpty {
                    let ballot = try await context.storage.transaction { tx in try tx.get(Ballot.self, "ballots", "\(Self.key(poll.id))/\(voter)") }
                    var lines = describe(poll)
                    lines.append(ballot.map { "Your vote: \($0.choices.map { poll.options[$0] }.joined(separator: ", "))" } ?? "You have not voted yet.")
                    return Reply(lines: lines, buttons: buttons(poll))
                }
                let choices = try Self.choices(invocation.arguments, in: poll)
                try await context.storage.transaction { tx in
                    try tx.put(Ballot(choices: choices), "ballots", "\(Self.key(poll.id))/\(voter)")
                }
                return "Vote recorded: \(choices.map { poll.options[$0] }.joined(separator: ", ")). You can change it until the poll closes."
            },
            Command("unvote", summary: "Take back your vote in the open poll") { _, context in
                guard let poll = try await openPoll(in: context) else { throw CommandError.rejected("There is no open poll here.") }
                let voter = context.caller.user.description
                let removed = try await context.storage.transaction { tx in try tx.delete("ballots", "\(Self.key(poll.id))/\(voter)") }
                return removed ? "Your vote is withdrawn." : "You had not voted."
            },
        ]
    }

    // MARK: Logic

    /// `--closes "YYYY-MM-DD HH:MM"` in the workshop's (UTC-offset-free) sense: read in the caller's team zone,
    /// else UTC; must be in the future.
    private func closing(_ text: String?, _ context: CommandContext) throws -> Date? {
        guard let text else { return nil }
        let parts = text.split(separator: " ").map(String.init)
        let zone = context.caller.team?.timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC") ?? .current
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let day = parts.first?.split(separator: "-").compactMap { Int($0) } ?? []
        let clock = parts.count == 2 ? parts[1].split(separator: ":").compactMap { Int($0) } : []
        guard day.count == 3, clock.count == 2,
            let date = calendar.date(from: DateComponents(year: day[0], month: day[1], day: day[2], hour: clock[0], minute: clock[1])),
            date > context.now
        else { throw CommandError.usage("--closes takes a future \"YYYY-MM-DD HH:MM\"") }
        return date
    }

    private func open(
        question: String, options: [String], method: String?, maximum: Int?, dots: Int?, anonymous: Bool = false,
        closes: Date? = nil, _ context: CommandContext
    ) async throws -> Reply {
        guard (2...10).contains(options.count) else { throw CommandError.usage("give 2 to 10 options") }
        guard let method = Poll.Method(rawValue: (method ?? "single").lowercased()) else {
            throw CommandError.usage("--method is single, multi, dots or ranked")
        }
        let dotCount = method == .dots ? min(max(dots ?? 3, 1), 20) : nil
        let limit: Int
        switch method {
        case .single: limit = 1
        case .multi: limit = min(max(maximum ?? options.count, 1), options.count)
        case .dots: limit = dotCount ?? 3
        case .ranked: limit = options.count
        }
        let chat = context.chat
        let creator = context.caller.displayName
        let poll = try await context.storage.transaction { tx -> Poll in
            let polls = try tx.all(Poll.self, "polls").map(\.value)
            if polls.contains(where: { $0.chat == chat && $0.open }) { throw CommandError.rejected("A poll is already open here; close it first.") }
            let poll = Poll(
                id: (polls.map(\.id).max() ?? 0) + 1, question: question, options: options, method: method, maximum: limit,
                chat: chat, open: true, createdBy: creator, dots: dotCount, anonymous: anonymous, closes: closes)
            try tx.put(poll, "polls", Self.key(poll.id))
            if let closes { try tx.schedule("close-poll", at: closes, key: "close/\(Self.key(poll.id))", chat: chat, payload: poll.id) }
            return poll
        }
        var lines = describe(poll)
        switch method {
        case .single: lines.append("Vote with /vote <number> or the buttons.")
        case .multi: lines.append("Vote with /vote <numbers> (up to \(limit)) or the buttons.")
        case .dots: lines.append("You have \(limit) dots: /vote 1 1 3 puts two on option 1 and one on option 3.")
        case .ranked: lines.append("Rank them: /vote 3 1 2 means 3 first, then 1, then 2. Counted by instant runoff.")
        }
        return Reply(lines: lines, buttons: method == .single || method == .multi ? buttons(poll) : [])
    }

    public var jobHandlers: [JobHandler] {
        [
            JobHandler("close-poll") { job, context in
                let id = try job.decodePayload(Int.self)
                // Closing and reading the ballots happen in the transaction that marks the job fired.
                let (poll, ballots) = try await context.storage.transaction { tx -> (Poll?, [Ballot]) in
                    guard var poll = try tx.get(Poll.self, "polls", Self.key(id)), poll.open else { return (nil, []) }
                    poll.open = false
                    try tx.put(poll, "polls", Self.key(id))
                    return (poll, try tx.all(Ballot.self, "ballots", prefix: "\(Self.key(id))/").map(\.value))
                }
                guard let poll else { return [] }
                return [OutgoingMessage(chat: poll.chat, reply: Self.results(of: poll, ballots: ballots, closedNow: true))]
            }
        ]
    }

    private func export(_ poll: Poll, _ context: CommandContext) async throws -> Reply {
        let prefix = "\(Self.key(poll.id))/"
        let ballots = try await context.storage.transaction { tx in try tx.all(Ballot.self, "ballots", prefix: prefix) }
        func field(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        var rows: [String]
        if poll.anonymous == true {
            var counts = Array(repeating: 0, count: poll.options.count)
            for (_, ballot) in ballots { for choice in ballot.choices where counts.indices.contains(choice) { counts[choice] += 1 } }
            rows = ["option,count"] + poll.options.enumerated().map { "\(field($0.element)),\(counts[$0.offset])" }
        } else {
            rows = ["voter,choices"] + ballots.map { key, ballot in
                let voter = String(key.dropFirst(prefix.count))
                return "\(field(voter)),\(field(ballot.choices.map { poll.options[$0] }.joined(separator: "; ")))"
            }
        }
        return Reply(lines: ["\(bold: "Poll #\(poll.id) as CSV:")"] + rows.map { "\(code: $0)" })
    }

    private func describe(_ poll: Poll) -> [RichText] {
        ["\(bold: "Poll #\(poll.id): \(poll.question)")"] + poll.options.enumerated().map { "\($0.offset + 1). \($0.element)" }
    }

    private func buttons(_ poll: Poll) -> [[Button]] {
        poll.options.enumerated().map { [Button("\($0.offset + 1). \($0.element)", command: "/vote \($0.offset + 1)")] }
    }

    private func results(of poll: Poll, _ context: CommandContext, closedNow: Bool) async throws -> Reply {
        let prefix = "\(Self.key(poll.id))/"
        let ballots = try await context.storage.transaction { tx in try tx.all(Ballot.self, "ballots", prefix: prefix).map(\.value) }
        return Self.results(of: poll, ballots: ballots, closedNow: closedNow)
    }

    static func results(of poll: Poll, ballots: [Ballot], closedNow: Bool) -> Reply {
        var lines: [RichText] = [
            "\(bold: "\(closedNow ? "Closed. " : "")Results of poll #\(poll.id): \(poll.question)") (\(ballots.count) ballot\(ballots.count == 1 ? "" : "s"))"
        ]
        if poll.method == .ranked {
            lines += Self.instantRunoff(ballots.map(\.choices), options: poll.options).map { RichText($0) }
            return Reply(lines: lines)
        }
        var counts = Array(repeating: 0, count: poll.options.count)
        for ballot in ballots { for choice in ballot.choices where counts.indices.contains(choice) { counts[choice] += 1 } }
        let ranked = counts.enumerated().sorted { ($1.element, $0.offset) < ($0.element, $1.offset) }
        lines += ranked.map { entry in
            let count = poll.method == .dots ? "\(entry.element) dot\(entry.element == 1 ? "" : "s")" : "\(entry.element)"
            return "\(count) — \(poll.options[entry.offset])"
        }
        return Reply(lines: lines)
    }

    /// Instant runoff over ranked ballots, one line per round. Each round counts every ballot for its highest
    /// option still in the race; an option with more than half of those wins; otherwise the option with the
    /// fewest is eliminated. Tie-break (documented): among the lowest, the one listed later in the poll goes.
    static func instantRunoff(_ ballots: [[Int]], options: [String]) -> [String] {
        var remaining = Set(options.indices)
        var lines: [String] = []
        var round = 1
        while !remaining.isEmpty {
            var counts = Dictionary(uniqueKeysWithValues: remaining.map { ($0, 0) })
            var active = 0
            for ballot in ballots {
                if let top = ballot.first(where: remaining.contains) {
                    counts[top, default: 0] += 1
                    active += 1
                }
            }
            let order = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            lines.append("Round \(round): " + order.map { "\(options[$0.key]) \($0.value)" }.joined(separator: ", "))
            guard let leader = order.first else { break }
            if active == 0 {
                lines.append("No ballots: no winner.")
                break
            }
            if leader.value * 2 > active || remaining.count == 1 {
                lines.append("Winner: \(options[leader.key]) with \(leader.value) of \(active).")
                break
            }
            let lowest = order.map(\.value).min() ?? 0
            let out = order.filter { $0.value == lowest }.map(\.key).max() ?? leader.key
            lines.append("Eliminated: \(options[out]).")
            remaining.remove(out)
            round += 1
        }
        return lines
    }

    /// Option numbers (1-based) or unambiguous names, as 0-based indexes; checked against the poll's method.
    static func choices(_ words: [String], in poll: Poll) throws(CommandError) -> [Int] {
        var choices: [Int] = []
        for word in words {
            if let number = Int(word), (1...poll.options.count).contains(number) {
                choices.append(number - 1)
                continue
            }
            let folded = word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            let matches = poll.options.indices.filter {
                poll.options[$0].folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).contains(folded)
            }
            guard matches.count == 1 else {
                throw .usage("\(word) is not one option: give its number, 1 to \(poll.options.count)")
            }
            choices.append(matches[0])
        }
        switch poll.method {
        case .dots:
            // Repeats are dots on the same option.
            guard choices.count <= poll.maximum else { throw .rejected("You have \(poll.maximum) dots.") }
            return choices.sorted()
        case .ranked:
            var seen: Set<Int> = []
            let ranking = choices.filter { seen.insert($0).inserted }
            guard ranking.count == choices.count else { throw .rejected("Rank each option once.") }
            return ranking
        case .single, .multi:
            let unique = Array(Set(choices)).sorted()
            guard unique.count <= poll.maximum else {
                throw .rejected(poll.method == .single ? "This poll takes one choice." : "Choose at most \(poll.maximum).")
            }
            return unique
        }
    }

    static func key(_ id: Int) -> String { String(format: "%06d", id) }

    private func allPolls(_ context: CommandContext) async throws -> [Poll] {
        try await context.storage.transaction { tx in try tx.all(Poll.self, "polls").map(\.value) }
    }

    private func openPoll(in context: CommandContext) async throws -> Poll? {
        try await allPolls(context).last { $0.chat == context.chat && $0.open }
    }

    private func latestPoll(in context: CommandContext) async throws -> Poll? {
        try await allPolls(context).last { $0.chat == context.chat }
    }
}
