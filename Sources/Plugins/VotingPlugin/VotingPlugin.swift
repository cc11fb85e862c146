import BotCore
import Foundation

/// Topic polls: facilitators open them, participants vote once (changeable until the poll closes), results are
/// counted from the stored ballots. Votes go through the runtime's handling claim, so a repeated delivery
/// never counts twice; each ballot is written in the transaction that checks the poll is still open, so a
/// vote racing a scheduled close is either counted in the posted results or refused. Buttons on platforms
/// that have them run the same `/vote #id n` command.
///
/// Several polls may be open in one chat: commands then take the poll id (`/poll close 2`, `/vote #2 1`);
/// with one open poll it may be left out.
public struct VotingPlugin: Plugin {
    public typealias Configuration = VotingConfiguration
    public static let name = "voting"
    public static let summary = "Polls on the topics teams prioritise"

    let templates: [String: VotingConfiguration.Template]
    /// Seconds before a `--closes` time that the "closes soon" notice goes out; 0 sends none.
    let closingNotice: TimeInterval

    public init(configuration: VotingConfiguration) throws {
        templates = configuration.templates ?? [:]
        for (name, template) in templates {
            if let problem = Poll.problem(question: template.question, options: template.options) {
                let field = problem.hasPrefix("the question") ? "question" : "options"
                throw PluginConfigurationError(path: ["templates", name, field], problem)
            }
            if let method = template.method, Poll.Method(rawValue: method) == nil {
                throw PluginConfigurationError(
                    path: ["templates", name, "method"], "expected single, multi, dots or ranked")
            }
            if let max = template.max, !(1...template.options.count).contains(max) {
                throw PluginConfigurationError(
                    path: ["templates", name, "max"], "expected 1 to \(template.options.count), the number of options")
            }
            if let dots = template.dots, !Poll.dotCount.contains(dots) {
                throw PluginConfigurationError(
                    path: ["templates", name, "dots"],
                    "expected \(Poll.dotCount.lowerBound) to \(Poll.dotCount.upperBound)")
            }
        }
        guard let lead = VotingConfiguration.leadTime(configuration.closingNotice) else {
            throw PluginConfigurationError(
                path: ["closing_notice"], "expected a duration such as 1h, 30m or 0 (no notice)")
        }
        guard lead <= VotingConfiguration.longestClosingNotice else {
            throw PluginConfigurationError(path: ["closing_notice"], "at most 7d before the close")
        }
        closingNotice = lead
    }

    public var commands: [Command] { [pollCommand, voteCommand, unvoteCommand] }

    /// Version 1 indexes the polls stored before there was an index, by chat (`ChatPolls`).
    public var migrations: [Migration] {
        [
            Migration(1, "index polls by chat") { tx in
                for (_, poll) in try tx.all(Poll.self, "polls") { try Self.index(poll, tx) }
            }
        ]
    }

    public var jobHandlers: [JobHandler] { [closeJob, closingSoonJob] }

    // MARK: /poll

    private var pollCommand: Command {
        Command(
            "poll",
            usage:
                "poll new \"Question?\" \"Option A\" \"Option B\" ... [--method single|multi|dots|ranked] [--max N] [--dots N] [--anonymous] [--live] [--team <team>] [--closes \"YYYY-MM-DD HH:MM\"] | poll start <template> | poll edit <id> \"Question?\" \"Option A\" \"Option B\" ... | poll delete <id> | poll close [id] [--hold] | poll reopen <id> | poll results [id] | poll list | poll nudge [id] | poll export <id>",
            summary: "Facilitators open and close polls; everyone sees results once a poll closes",
            options: [
                .value("method", help: "single (default), multi, dots or ranked"),
                .value("max", help: "the most options one ballot may choose"),
                .value("dots", help: "how many dots each voter spreads (dots method)"),
                .flag("anonymous", help: "results never name voters"),
                .value("closes", help: "when the poll closes by itself, in your zone"),
                .flag("live", help: "show results while the poll is open"),
                .value("team", help: "only this team's members may vote"),
                .flag("hold", help: "close without posting the results yet"),
            ],
            subcommandRoles: [
                // Chat-local: a poll lives in its chat, so its chat's facilitators (by a platform's role) run it.
                "new": .chatFacilitator, "start": .chatFacilitator, "close": .chatFacilitator,
                "reopen": .chatFacilitator, "nudge": .chatFacilitator, "export": .chatFacilitator,
                "edit": .chatFacilitator, "delete": .chatFacilitator,
            ]
        ) { invocation, context in
            let id = invocation.argument(1)
            switch invocation.argument(0)?.lowercased() {
            case "new": return try await create(invocation, context)
            case "start": return try await start(invocation, context)
            case "edit": return try await edit(invocation, context)
            case "delete": return try await delete(invocation, context)
            case "close": return try await close(id, hold: invocation.has("hold"), context)
            case "reopen": return try await reopen(id, closes: invocation.option("closes"), context)
            case "results": return try await showResults(id, context)
            case "list": return try await list(context)
            case "nudge": return try await nudge(id, context)
            case "export": return try await export(id, context)
            default: throw CommandError.usage()
            }
        }
    }

    /// The options of `/poll new` and `/poll start` that are not about the choices.
    private struct Settings {
        var anonymous: Bool
        var live: Bool
        var team: String?
        var closes: Date?
        /// The delivery key of the message that opens the poll.
        var messageKey: String
    }

    private func settings(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Settings {
        var team: String?
        if let name = invocation.option("team") {
            guard let found = context.roster.team(id: name.lowercased()) else {
                let known = context.roster.teams.map(\.id).joined(separator: ", ")
                throw CommandError.usage("no team \(name); the roster's teams: \(known.isEmpty ? "none" : known)")
            }
            team = found.id
        }
        return Settings(
            anonymous: invocation.has("anonymous"), live: invocation.has("live"), team: team,
            closes: try await closing(invocation.option("closes"), context), messageKey: invocation.message.deliveryKey)
    }

    private func create(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let words = Array(invocation.arguments.dropFirst())
        try checkQuoting(Array(invocation.argumentTokens.dropFirst()), command: "/poll new", invocation)
        guard words.count >= 3 else { throw CommandError.usage("give a question and at least two options") }
        func number(_ name: String) throws(CommandError) -> Int? {
            guard let text = invocation.option(name) else { return nil }
            guard let value = Int(text) else { throw .usage("--\(name) takes a whole number") }
            return value
        }
        return try await open(
            question: words[0], options: Array(words.dropFirst()), method: invocation.option("method"),
            maximum: try number("max"), dots: try number("dots"), settings: try await settings(invocation, context),
            context)
    }

    /// Refuses a question typed without quotes (the rule is `Poll.quotedCommand`'s), showing the command with
    /// the quotes it needs and the options typed with it.
    private func checkQuoting(_ tokens: [CommandToken], command: String, _ invocation: CommandInvocation) throws {
        let settings = pollCommand.options.compactMap { option -> String? in
            if let value = invocation.option(option.name) {
                let plain = !value.isEmpty && !value.contains { $0.isWhitespace || $0 == "\"" || $0 == "\\" }
                return "--\(option.name) \(plain ? value : Poll.quoted(value))"
            }
            return invocation.flags.contains(option.name) ? "--\(option.name)" : nil
        }
        guard let corrected = Poll.quotedCommand(tokens, command: command, settings: settings) else { return }
        throw CommandError.rejected(
            "A question of several words needs quotes, or its first word is taken for the question and the rest for options. Type: \(code: corrected) Nothing was changed."
        )
    }

    private func start(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        guard let name = invocation.argument(1), let template = templates[name] else {
            let names = templates.keys.sorted().joined(separator: ", ")
            throw CommandError.rejected(
                "No template \(invocation.argument(1) ?? ""). Templates: \(names.isEmpty ? "none" : names)")
        }
        return try await open(
            question: template.question, options: template.options, method: template.method, maximum: template.max,
            dots: template.dots, settings: try await settings(invocation, context), context)
    }

    private func open(
        question: String, options: [String], method: String?, maximum: Int?, dots: Int?, settings: Settings,
        _ context: CommandContext
    ) async throws -> Reply {
        if let problem = Poll.problem(question: question, options: options) {
            guard Poll.optionCount.contains(options.count) else { throw CommandError.usage("give 2 to 10 options") }
            throw CommandError.rejected("Not opened: \(problem). Nothing was changed.")
        }
        guard let method = Poll.Method(rawValue: (method ?? "single").lowercased()) else {
            throw CommandError.usage("--method is single, multi, dots or ranked")
        }
        if let maximum, method == .multi, !(1...options.count).contains(maximum) {
            throw CommandError.rejected(
                "--max is the most options one ballot may choose: 1 to \(options.count) here. Nothing was changed.")
        }
        if let dots, method == .dots, !Poll.dotCount.contains(dots) {
            throw CommandError.rejected(
                "--dots is how many dots each voter spreads: \(Poll.dotCount.lowerBound) to \(Poll.dotCount.upperBound). Nothing was changed."
            )
        }
        let dotCount = method == .dots ? dots ?? 3 : nil
        let limit: Int
        switch method {
        case .single: limit = 1
        case .multi: limit = maximum ?? options.count
        case .dots: limit = dotCount ?? 3
        case .ranked: limit = options.count
        }
        let chat = context.chat
        let creator = context.caller.displayName
        let notice = closingNotice
        // The message that opened a poll is remembered with its id: handled again (a replay after a crash), it
        // answers with the poll it opened instead of naming an id that was never opened.
        let openedBy = settings.messageKey
        let poll = try await context.storage.transaction { tx -> Poll in
            if let earlier = try tx.get(Int.self, "opened-by", openedBy),
                let poll = try tx.get(Poll.self, "polls", Self.key(earlier))
            {
                return poll
            }
            // A deleted poll's id is never given again (see `delete`).
            let latest = max(
                try tx.all(Poll.self, "polls").map(\.value.id).max() ?? 0,
                try tx.get(Int.self, "meta", Self.highestDeletedKey) ?? 0)
            guard latest < Poll.highestID else {
                throw CommandError.rejected(
                    "This bot holds the most polls it can (\(Poll.highestID)). Nothing was changed.")
            }
            let id = max(latest, 0) + 1
            try tx.put(id, "opened-by", openedBy)
            let poll = Poll(
                id: id, question: question.trimmingWhitespace().description,
                options: options.map { $0.trimmingWhitespace().description }, method: method, maximum: limit,
                chat: chat,
                open: true, createdBy: creator, dots: dotCount, anonymous: settings.anonymous, closes: settings.closes,
                team: settings.team, live: settings.live)
            try Self.save(poll, tx)
            try Self.scheduleClosing(poll, notice: notice, tx)
            return poll
        }
        context.logger.info("poll opened", metadata: ["poll": "\(poll.id)", "chat": "\(chat)"])
        var lines = await describe(poll, context)
        switch method {
        case .single: lines.append("Vote with /vote #\(poll.id) <number> or the buttons.")
        case .multi: lines.append("Vote with /vote #\(poll.id) <numbers> (up to \(limit)) or the buttons.")
        case .dots:
            lines.append("You have \(limit) dots: /vote #\(poll.id) 1 1 3 puts two on option 1 and one on option 3.")
        case .ranked:
            lines.append("Rank them: /vote #\(poll.id) 3 1 2 means 3 first, then 1, then 2. Counted by instant runoff.")
        }
        return Reply(lines: lines, buttons: buttons(poll))
    }

    /// Closes a poll. Its results are posted, which announces them, unless `hold` keeps them back (the poll
    /// can then still be reopened; `/poll results` by a facilitator announces them later).
    private func close(_ id: String?, hold: Bool, _ context: CommandContext) async throws -> Reply {
        let poll = try await target(id, context, openOnly: true)
        let roster = context.roster
        let (closed, ballots) = try await context.storage.transaction { tx -> (Poll, [CastBallot]) in
            guard var closed = try tx.get(Poll.self, "polls", Self.key(poll.id)), closed.open else {
                throw CommandError.rejected("Poll #\(poll.id) is already closed.")
            }
            closed.open = false
            closed.announced = !hold
            try Self.save(closed, tx)
            try Self.cancelClosing(poll.id, tx)
            return (closed, try Self.ballots(of: poll.id, tx))
        }
        context.logger.info("poll closed", metadata: ["poll": "\(poll.id)", "held": "\(hold)"])
        guard !hold else {
            return
                "Poll #\(closed.id) is closed; its results are held back. /poll results \(closed.id) announces them, /poll reopen \(closed.id) opens it again."
        }
        return Tally.results(of: closed, ballots: ballots, roster: roster, closedNow: true)
    }

    /// Reopens a closed poll whose results were never announced (closed with `--hold`). The rule: once the
    /// chat has seen a closed poll's results (posted at close, by the scheduler, or by `/poll results` or
    /// `/poll export`), reopening would invite voting on the outcome, so it is refused. Ballots cast before
    /// the close still count and can be changed. The poll keeps its `--closes` time if that is still ahead,
    /// or takes a new one. Logged, with who reopened it.
    private func reopen(_ id: String?, closes: String?, _ context: CommandContext) async throws -> Reply {
        guard id != nil else { throw CommandError.usage("which poll? /poll list shows them") }
        let poll = try await target(id, context, openOnly: false)
        let newClosing = try await closing(closes, context)
        let notice = closingNotice
        let now = context.now
        let reopened = try await context.storage.transaction { tx -> Poll in
            guard var current = try tx.get(Poll.self, "polls", Self.key(poll.id)) else {
                throw CommandError.rejected("No poll #\(poll.id) here.")
            }
            guard !current.open else { throw CommandError.rejected("Poll #\(poll.id) is open already.") }
            guard !current.isAnnounced else {
                throw CommandError.rejected(
                    "Poll #\(poll.id) cannot be reopened: its results were announced. Open a new poll instead. Nothing was changed."
                )
            }
            current.open = true
            current.closes = newClosing ?? current.closes.flatMap { $0 > now ? $0 : nil }
            try Self.save(current, tx)
            try Self.scheduleClosing(current, notice: notice, tx)
            return current
        }
        context.logger.notice(
            "poll reopened",
            metadata: ["poll": "\(poll.id)", "chat": "\(context.chat)", "by": "\(context.caller.user)"])
        var lines: [RichText] = [
            "\(bold: "Poll #\(poll.id) is open again.") Ballots cast before it closed still count and can be changed."
        ]
        lines += await describe(reopened, context)
        return Reply(lines: lines, buttons: buttons(reopened))
    }

    /// `/poll edit <id> "Question?" "Option A" "Option B" ...`: replaces a poll's question and options, for a
    /// typo noticed before anyone voted. Everything else (method, team, closing time) stays; a multiple-choice
    /// poll that allowed every option still does, else its `--max` is kept within the new options. Refused once
    /// a ballot was cast, since the voters chose among what the poll said then. Logged with who edited it.
    private func edit(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let tokens = Array(invocation.argumentTokens.dropFirst(2))
        guard let id = invocation.argument(1) else { throw CommandError.usage("which poll? /poll list shows them") }
        let number = try Self.pollNumber(id)
        try noSettings(invocation, "edit")
        try checkQuoting(tokens, command: "/poll edit \(id)", invocation)
        guard tokens.count >= 3 else {
            throw CommandError.usage("give the poll's id, then its question and at least two options")
        }
        let question = tokens[0].text
        let options = tokens.dropFirst().map(\.text)
        if let problem = Poll.problem(question: question, options: options) {
            throw CommandError.rejected("Not edited: \(problem). Nothing was changed.")
        }
        let chat = context.chat
        let edited = try await context.storage.transaction { tx -> Poll in
            var poll = try Self.target(number, in: chat, openOnly: false, preferLatest: false, tx).get()
            try Self.checkNoVotes(
                poll, "edited", why: "Its voters chose among what it said then; open a new poll instead.", tx)
            let everyOption = poll.maximum >= poll.options.count
            poll.question = question.trimmingWhitespace().description
            poll.options = options.map { $0.trimmingWhitespace().description }
            switch poll.method {
            case .single, .dots: break
            case .multi: poll.maximum = everyOption ? poll.options.count : min(poll.maximum, poll.options.count)
            case .ranked: poll.maximum = poll.options.count
            }
            try Self.save(poll, tx)
            return poll
        }
        context.logger.notice(
            "poll edited", metadata: ["poll": "\(edited.id)", "chat": "\(chat)", "by": "\(context.caller.user)"])
        var lines: [RichText] = ["\(bold: "Poll #\(edited.id) is edited.") Nobody had voted yet."]
        lines += await describe(edited, context)
        lines.append("Buttons under the earlier message now vote for the options as numbered here.")
        return Reply(lines: lines, buttons: buttons(edited))
    }

    /// `/poll delete <id>`: removes a mistaken poll nobody voted in, with all the plugin keeps for it: the
    /// poll, its place in the chat's list of polls, the opening message's record, and its scheduled close and
    /// "closes soon" notice. Its id is never given to a later poll, so a button or reaction left under the
    /// deleted poll answers "There is no poll #n here." instead of voting in another one. Refused once a ballot
    /// was cast. Logged with who deleted it.
    private func delete(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        guard let id = invocation.argument(1) else { throw CommandError.usage("which poll? /poll list shows them") }
        guard invocation.arguments.count == 2 else { throw CommandError.usage("give only the poll's id") }
        let number = try Self.pollNumber(id)
        try noSettings(invocation, "delete")
        let chat = context.chat
        let (deleted, jobs) = try await context.storage.transaction { tx -> (Poll, Int) in
            let poll = try Self.target(number, in: chat, openOnly: false, preferLatest: false, tx).get()
            try Self.checkNoVotes(poll, "deleted", why: "Close it with /poll close \(poll.id) instead.", tx)
            try tx.delete("polls", Self.key(poll.id))
            var index = try tx.get(ChatPolls.self, "chat-polls", chat.description) ?? ChatPolls()
            index.open.removeAll { $0 == poll.id }
            if index.latest == poll.id {
                index.latest = try tx.all(Poll.self, "polls").map(\.value).filter { $0.chat == chat }.map(\.id).max()
            }
            try tx.put(index, "chat-polls", chat.description)
            for (key, opened) in try tx.all(Int.self, "opened-by") where opened == poll.id {
                try tx.delete("opened-by", key)
            }
            let jobs =
                try tx.cancelJobs(keyPrefix: "close/\(Self.key(poll.id))")
                + tx.cancelJobs(keyPrefix: "notice/\(Self.key(poll.id))")
            let highest = try tx.get(Int.self, "meta", Self.highestDeletedKey) ?? 0
            try tx.put(max(highest, poll.id), "meta", Self.highestDeletedKey)
            return (poll, jobs)
        }
        context.logger.notice(
            "poll deleted", metadata: ["poll": "\(deleted.id)", "chat": "\(chat)", "by": "\(context.caller.user)"])
        let options = deleted.options.map(Tally.shown).joined(separator: ", ")
        let closing = jobs > 0 ? ", and its scheduled close" : ""
        return
            "Deleted poll #\(deleted.id): \(Tally.shown(deleted.question)) (options: \(options))\(closing). Nobody had voted in it."
    }

    /// The key under `meta` of the highest id a deleted poll had, so no later poll takes it again.
    static let highestDeletedKey = "highest-deleted-id"

    /// Refuses `--method` and the other settings of `/poll new` on a subcommand that changes none of them.
    private func noSettings(_ invocation: CommandInvocation, _ subcommand: String) throws {
        guard invocation.options.isEmpty, invocation.flags.isEmpty else {
            throw CommandError.usage("/poll \(subcommand) takes no --options")
        }
    }

    /// Refuses to change `poll` once a ballot was cast in it (`Poll.voted`, or for a poll stored before that
    /// was recorded, a ballot now), read in the transaction that makes the change, so a vote racing it either
    /// comes first and stops it, or comes after and sees the change.
    static func checkNoVotes(_ poll: Poll, _ done: String, why: String, _ tx: PluginTransaction) throws {
        let hasBallots = try !tx.all(Ballot.self, "ballots", prefix: "\(key(poll.id))/").isEmpty
        guard poll.voted != true, !hasBallots else {
            throw CommandError.rejected(
                "Poll #\(poll.id) cannot be \(done): voting has started. \(why) Nothing was changed."
            )
        }
    }

    /// Results of a closed poll, or of an open `--live` poll. A held-back poll's results are announced only by
    /// a facilitator; that announcement means it can no longer be reopened.
    private func showResults(_ id: String?, _ context: CommandContext) async throws -> Reply {
        let poll = try await target(id, context, openOnly: false, preferLatest: true)
        try checkResultsVisible(poll, context)
        let roster = context.roster
        let ballots = try await context.storage.transaction { tx -> [CastBallot] in
            if !poll.open, !poll.isAnnounced, var announced = try tx.get(Poll.self, "polls", Self.key(poll.id)) {
                announced.announced = true
                try Self.save(announced, tx)
            }
            return try Self.ballots(of: poll.id, tx)
        }
        return Tally.results(of: poll, ballots: ballots, roster: roster, closedNow: false)
    }

    /// No bandwagon: an open poll's counts are hidden unless it is `--live`; a held-back poll's results wait
    /// for a facilitator.
    private func checkResultsVisible(_ poll: Poll, _ context: CommandContext) throws {
        if poll.open, !poll.isLive {
            throw CommandError.rejected("Poll #\(poll.id) is open: results are hidden until the poll closes.")
        }
        if !poll.open, !poll.isAnnounced, context.caller.role < .chatFacilitator {
            throw CommandError.rejected("Poll #\(poll.id) is closed; a facilitator will announce the results.")
        }
    }

    private func list(_ context: CommandContext) async throws -> Reply {
        let polls = try await allPolls(context).filter { $0.chat == context.chat }
        guard !polls.isEmpty else { return "No polls here yet." }
        return Reply(
            lines: polls.map { poll in
                var notes = [poll.open ? "open" : "closed"]
                if let team = poll.team { notes.append("team \(context.roster.team(id: team)?.name ?? team) only") }
                if poll.isAnonymous { notes.append("anonymous") }
                if poll.isLive { notes.append("live results") }
                if poll.open, let closes = poll.closes {
                    notes.append("closes \(TimeText.countdown(from: context.now, to: closes))")
                }
                if !poll.open, !poll.isAnnounced { notes.append("results held back") }
                return "#\(poll.id) \(Tally.shown(poll.question)) (\(notes.joined(separator: ", ")))"
            })
    }

    /// How many participants have not voted yet, never who, so a nudge puts no one on the spot: one line when
    /// everyone has; else the count, per team when the electorate spans teams, and the teams that are done.
    private func nudge(_ id: String?, _ context: CommandContext) async throws -> Reply {
        let poll = try await target(id, context, openOnly: true)
        let electorate = Tally.electorate(of: poll, roster: context.roster)
        guard !electorate.isEmpty else {
            return "The roster lists no participants for poll #\(poll.id), so I cannot count who is still to vote."
        }
        let ballots = try await context.storage.transaction { tx in try Self.ballots(of: poll.id, tx) }
        let voted = Set(ballots.compactMap(\.voter))
        let missing = electorate.keys.filter { !voted.contains($0) }.count
        let title = "Poll #\(poll.id): \(Tally.shown(poll.question))"
        let everyone = Tally.counted(electorate.count, "participant")
        guard missing > 0 else {
            return "\(bold: title) — everyone has voted (\(electorate.count) of \(everyone))."
        }
        var lines: [RichText] = [
            "\(bold: title) is open; \(missing) of \(everyone) \(missing == 1 ? "has" : "have") not voted yet."
        ]
        let teams = Dictionary(grouping: electorate, by: \.value).map { team, members in
            (
                name: context.roster.team(id: team)?.name ?? team, members: members.count,
                missing: members.filter { !voted.contains($0.key) }.count
            )
        }.sorted { $0.name < $1.name }
        if teams.count > 1 {
            for team in teams where team.missing > 0 {
                lines.append("\(team.name): \(team.missing) of \(Tally.counted(team.members, "participant"))")
            }
            let done = teams.filter { $0.missing == 0 }.map(\.name)
            if !done.isEmpty { lines.append("Everyone in \(Tally.listed(done)) has voted.") }
        }
        lines.append("Vote with /vote #\(poll.id) <number>; /vote #\(poll.id) shows the options.")
        return Reply(lines: lines, buttons: buttons(poll))
    }

    /// The ballots as a CSV file (`PollExport`); an anonymous poll gives counts per option only, never voters.
    private func export(_ id: String?, _ context: CommandContext) async throws -> Reply {
        guard let id else { throw CommandError.usage("which poll? /poll list shows them") }
        guard let number = Int(id.trimmingPrefix("#")),
            let poll = try await allPolls(context).first(where: { $0.id == number && $0.chat == context.chat })
        else { throw CommandError.rejected("There is no poll \(id) here; /poll list shows them.") }
        if poll.open, !poll.isLive {
            throw CommandError.rejected(
                "Poll #\(poll.id) is open: its ballots can be exported once it closes (/poll close \(poll.id)).")
        }
        try checkResultsVisible(poll, context)
        let ballots = try await context.storage.transaction { tx -> [CastBallot] in
            if !poll.open, var announced = try tx.get(Poll.self, "polls", Self.key(poll.id)) {
                announced.announced = true
                try Self.save(announced, tx)
            }
            return try Self.ballots(of: poll.id, tx)
        }
        let zone = await context.readerZone()
        let file = PollExport.file(poll, ballots: ballots, roster: context.roster, zone: zone)
        let what =
            poll.isAnonymous
            ? "votes per option (an anonymous poll names no voters)"
            : "one row per choice, times in \(ZoneFormat(zone).zoneName)"
        return Reply(
            lines: ["\(bold: "Poll #\(poll.id) as CSV") (\(Tally.counted(ballots.count, "ballot"))): \(what)."],
            attachment: file)
    }

    // MARK: /vote, /unvote

    /// A ballot counts one known person once: a group admin posting anonymously (as the group) is refused.
    static let anonymousCannotVote = CommandError.rejected("Post as yourself to vote: anonymous admins cannot vote.")

    private var voteCommand: Command {
        Command(
            "vote", usage: "vote [#poll] <option number or name> [...]",
            summary: "Vote in the open poll; /vote alone shows it and your ballot"
        ) { invocation, context in
            guard !context.caller.isAnonymous else { throw Self.anonymousCannotVote }
            var words = invocation.arguments
            let id = words.first.flatMap { $0.hasPrefix("#") ? $0 : nil }
            if id != nil { words.removeFirst() }
            guard !words.isEmpty else {
                return try await showBallot(try await target(id, context, openOnly: true), context)
            }
            return try await vote(words, poll: try Self.pollNumber(id), context)
        }
    }

    private var unvoteCommand: Command {
        Command("unvote", usage: "unvote [#poll]", summary: "Take back your vote in the open poll") {
            invocation, context in
            guard !context.caller.isAnonymous else { throw Self.anonymousCannotVote }
            let poll = try await target(invocation.argument(0), context, openOnly: true)
            let key = Self.ballotKey(poll.id, context.caller.user)
            let removed = try await context.storage.transaction { tx -> Bool in
                guard try tx.get(Poll.self, "polls", Self.key(poll.id))?.open == true else {
                    throw CommandError.rejected("Poll #\(poll.id) is closed.")
                }
                return try tx.delete("ballots", key)
            }
            return removed ? "Your vote in poll #\(poll.id) is withdrawn." : "You had not voted in poll #\(poll.id)."
        }
    }

    /// The poll and the caller's ballot; in an anonymous poll the ballot is not repeated in the chat.
    private func showBallot(_ poll: Poll, _ context: CommandContext) async throws -> Reply {
        let key = Self.ballotKey(poll.id, context.caller.user)
        let ballot = try await context.storage.transaction { tx in try tx.get(Ballot.self, "ballots", key) }
        var lines = await describe(poll, context)
        switch (ballot, poll.isAnonymous) {
        case (nil, _): lines.append("You have not voted yet.")
        case (.some, true):
            lines.append("You have voted. This poll is anonymous, so your choices are not shown in the chat.")
        case (let ballot?, false):
            lines.append("Your vote: \(ballot.choices.map(poll.shownOption).joined(separator: ", "))")
        }
        return Reply(lines: lines, buttons: buttons(poll))
    }

    /// Records the caller's ballot, replacing any earlier one, in one transaction that finds the poll (`number`,
    /// else the chat's one open poll) and so sees it open.
    private func vote(_ words: [String], poll number: Int?, _ context: CommandContext) async throws -> Reply {
        let chat = context.chat
        let voter = context.caller.user
        let team = context.caller.team?.id
        let roster = context.roster
        let (poll, choices) = try await context.storage.transaction { tx -> (Poll, [Int]) in
            let poll = try Self.target(number, in: chat, openOnly: true, preferLatest: false, tx).get()
            return (poll, try Self.record(words, by: voter, team: team, roster: roster, in: poll, tx))
        }
        if choices.isEmpty { return "Your ballot in poll #\(poll.id) is empty now, so it does not count." }
        if poll.isAnonymous {
            return
                "Vote recorded in poll #\(poll.id). It is anonymous, so your choices are not shown here. You can change them until the poll closes."
        }
        return
            "Vote recorded: \(choices.map(poll.shownOption).joined(separator: ", ")). You can change it until the poll closes."
    }

    /// Writes `voter`'s ballot in the open `poll` from the words of `/vote` and returns its choices (empty when
    /// the ballot was emptied, and so removed).
    private static func record(
        _ words: [String], by voter: UserRef, team: String?, roster: Roster, in poll: Poll, _ tx: PluginTransaction
    ) throws -> [Int] {
        if let pollTeam = poll.team, team != pollTeam {
            let name = roster.team(id: pollTeam)?.name ?? pollTeam
            throw CommandError.rejected(
                "Poll #\(poll.id) is for the \(name) team only; the roster does not list you in it.")
        }
        let key = Self.ballotKey(poll.id, voter)
        // On a multiple-choice poll, `~n` (a button) adds option n to the ballot or takes it out again, and `+n`
        // (a reaction) adds it; `-n` (a withdrawn reaction) takes it out, if it is there. So several taps build
        // a ballot of several choices, and a reaction never removes a choice typed earlier.
        let toggled: Int?, removed: Int?
        var addOnly = false
        if poll.method == .multi, words.count == 1, words[0].hasPrefix("~") || words[0].hasPrefix("+") {
            addOnly = words[0].hasPrefix("+")
            let picked = try poll.choices([String(words[0].dropFirst())])
            guard picked.count == 1 else {
                throw CommandError.usage("\(words[0].first.map(String.init) ?? "~")n takes one option number")
            }
            (toggled, removed) = (picked.first, nil)
        } else if poll.method == .single || poll.method == .multi, words.count == 1, words[0].hasPrefix("-"),
            let number = Int(words[0].dropFirst()), let index = poll.index(ofNumber: number)
        {
            (toggled, removed) = (nil, index)
        } else {
            (toggled, removed) = (nil, nil)
        }
        var choices = toggled == nil && removed == nil ? try poll.choices(words) : []
        if let removed {
            choices = try tx.get(Ballot.self, "ballots", key)?.choices ?? []
            guard let index = choices.firstIndex(of: removed) else {
                // In an anonymous poll, even this says nothing about the ballot.
                throw CommandError.rejected(
                    poll.isAnonymous
                        ? "Nothing changed." : "Option \(removed + 1) was not in your ballot; nothing changed.")
            }
            choices.remove(at: index)
            if choices.isEmpty {
                try tx.delete("ballots", key)
                return []
            }
        }
        if let toggled {
            choices = try tx.get(Ballot.self, "ballots", key)?.choices ?? []
            if let index = choices.firstIndex(of: toggled) {
                if !addOnly { choices.remove(at: index) }
            } else {
                choices.append(toggled)
            }
            choices.sort()
            guard choices.count <= poll.maximum else {
                throw CommandError.rejected("Choose at most \(poll.maximum); tap a chosen option again to take it out.")
            }
            if choices.isEmpty {
                try tx.delete("ballots", key)
                return []
            }
        }
        try tx.put(Ballot(choices: choices, team: team, cast: tx.now), "ballots", key)
        if poll.voted != true {
            var voted = poll
            voted.voted = true
            try save(voted, tx)
        }
        return choices
    }

    // MARK: Jobs

    /// Closes a poll at its `--closes` time and posts (announces) its results, in the transaction that marks
    /// the job fired.
    private var closeJob: JobHandler {
        JobHandler(
            "close-poll",
            describe: { job in
                "closing poll #\((try? job.decodePayload(Int.self)).map(String.init) ?? "?") and posting its results"
            }
        ) { job, context in
            let id = try job.decodePayload(Int.self)
            let (poll, ballots) = try await context.storage.transaction { tx -> (Poll?, [CastBallot]) in
                guard var poll = try tx.get(Poll.self, "polls", Self.key(id)) else { return (nil, []) }
                // This job closed it already (it runs again after a crash before its results were queued).
                if !poll.open, poll.closedByJob == job.id { return (poll, try Self.ballots(of: id, tx)) }
                guard poll.open else { return (nil, []) }
                poll.open = false
                poll.announced = true
                poll.closedByJob = job.id
                try Self.save(poll, tx)
                try Self.cancelClosing(id, tx)
                return (poll, try Self.ballots(of: id, tx))
            }
            guard let poll else { return [] }
            context.logger.info("poll closed on time", metadata: ["poll": "\(id)"])
            return [
                OutgoingMessage(
                    chat: poll.chat,
                    reply: Tally.results(of: poll, ballots: ballots, roster: context.roster, closedNow: true))
            ]
        }
    }

    /// The "closes soon" notice before a `--closes` time: no counts, only a reminder that there is time to vote.
    private var closingSoonJob: JobHandler {
        JobHandler(
            "poll-closing-soon",
            describe: { job in
                "“closes soon” notice of poll #\((try? job.decodePayload(Int.self)).map(String.init) ?? "?")"
            }
        ) { job, context in
            let id = try job.decodePayload(Int.self)
            let poll = try await context.storage.transaction { tx in try tx.get(Poll.self, "polls", Self.key(id)) }
            guard let poll, poll.open, let closes = poll.closes else { return [] }
            let when = TimeText.countdown(from: context.clock.now(), to: closes)
            let reply = Reply(
                lines: [
                    "\(bold: "Poll #\(poll.id) closes \(when):") \(Tally.shown(poll.question))",
                    "Vote or change your vote with /vote #\(poll.id) <number>; /vote #\(poll.id) shows the options.",
                ], isNotice: true, buttons: buttons(poll))
            return [OutgoingMessage(chat: poll.chat, reply: reply)]
        }
    }

    /// Books the close at `poll.closes`, and the notice `notice` seconds before it when that is still ahead.
    static func scheduleClosing(_ poll: Poll, notice: TimeInterval, _ tx: PluginTransaction) throws {
        guard let closes = poll.closes else { return }
        try tx.schedule("close-poll", at: closes, key: "close/\(key(poll.id))", chat: poll.chat, payload: poll.id)
        let noticeTime = closes.addingTimeInterval(-notice)
        if notice > 0, noticeTime > tx.now {
            try tx.schedule(
                "poll-closing-soon", at: noticeTime, key: "notice/\(key(poll.id))", chat: poll.chat, payload: poll.id)
        }
    }

    /// Withdraws a poll's pending close and notice.
    static func cancelClosing(_ id: Int, _ tx: PluginTransaction) throws {
        try tx.cancelJobs(keyPrefix: "close/\(key(id))")
        try tx.cancelJobs(keyPrefix: "notice/\(key(id))")
    }

    // MARK: Helpers

    /// `--closes "YYYY-MM-DD HH:MM"` in the caller's zone (their `/tz`, else their team's, else the workshop's:
    /// `CommandContext.readerZone`); must be a real date and time, in the future (a time already past is refused
    /// saying so, with the zone it was read in), and at most `Poll.farthestClosing` ahead.
    private func closing(_ text: String?, _ context: CommandContext) async throws -> Date? {
        guard let text else { return nil }
        let parts = text.split(separator: " ").map(String.init)
        let zone = await context.readerZone()
        guard parts.count == 2, let date = ZoneFormat(zone).wallClock(parts[0], parts[1]) else {
            throw CommandError.usage("--closes takes a future \"YYYY-MM-DD HH:MM\"")
        }
        guard date > context.now else {
            let ago = TimeText.countdown(from: date, to: context.now).replacingOccurrences(of: "in ", with: "")
            throw CommandError.rejected(
                "\(text) (\(ZoneFormat(zone).zoneName)) was \(ago) ago: give a closing time still to come. Nothing was changed."
            )
        }
        guard date.timeIntervalSince(context.now) <= Poll.farthestClosing else {
            throw CommandError.rejected("A poll can close at most a year ahead. Nothing was changed.")
        }
        return date
    }

    /// The poll a command is about: the one `id` (`3` or `#3`) names in this chat, else the only open poll
    /// here (or, with `preferLatest` and none open, the latest one). Several open polls without an id is an
    /// error listing them.
    private func target(_ id: String?, _ context: CommandContext, openOnly: Bool, preferLatest: Bool = false)
        async throws -> Poll
    {
        let number = try Self.pollNumber(id)
        let chat = context.chat
        return try await context.storage.transaction { tx in
            try Self.target(number, in: chat, openOnly: openOnly, preferLatest: preferLatest, tx)
        }.get()
    }

    /// The number in a poll id as typed (`3` or `#3`); nil for none.
    static func pollNumber(_ id: String?) throws(CommandError) -> Int? {
        guard let id else { return nil }
        guard let number = Int(id.trimmingPrefix("#")) else {
            throw .usage("\(id) is not a poll id; /poll list shows them")
        }
        return number
    }

    /// `target`, read in `tx`: the chat's index names its open and latest polls, so one command reads only
    /// those, never every poll of the workshop. The refusal a user reads when there is none.
    static func target(_ number: Int?, in chat: ChatRef, openOnly: Bool, preferLatest: Bool, _ tx: PluginTransaction)
        throws -> Result<Poll, CommandError>
    {
        if let number {
            guard let poll = try poll(number, tx), poll.chat == chat else {
                return .failure(.rejected("There is no poll #\(number) here."))
            }
            if openOnly, !poll.open { return .failure(.rejected("Poll #\(number) is closed.")) }
            return .success(poll)
        }
        let index = try tx.get(ChatPolls.self, "chat-polls", chat.description) ?? ChatPolls()
        let open = try index.open.compactMap { try poll($0, tx) }.filter { $0.chat == chat && $0.open }
        switch open.count {
        case 1: return .success(open[0])
        case 0:
            if preferLatest, let latest = try index.latest.flatMap({ try poll($0, tx) }), latest.chat == chat {
                return .success(latest)
            }
            return .failure(.rejected(preferLatest ? "There is no poll here yet." : "There is no open poll here."))
        default:
            let ids = open.map { "#\($0.id)" }.joined(separator: ", ")
            return .failure(
                .rejected(
                    "Several polls are open here (\(ids)): say which, as in /poll close \(open[0].id) or /vote #\(open[0].id) 1."
                ))
        }
    }

    /// Poll `id`, when it is stored; an id out of the range keys can hold names none.
    static func poll(_ id: Int, _ tx: PluginTransaction) throws -> Poll? {
        guard (1...Poll.highestID).contains(id) else { return nil }
        return try tx.get(Poll.self, "polls", key(id))
    }

    /// Stores `poll`, and keeps its chat's index in step in the same transaction: every write of a poll goes
    /// through here.
    static func save(_ poll: Poll, _ tx: PluginTransaction) throws {
        try tx.put(poll, "polls", key(poll.id))
        try index(poll, tx)
    }

    /// Records `poll` (open or not, and as the chat's latest when it is) in its chat's `ChatPolls`.
    static func index(_ poll: Poll, _ tx: PluginTransaction) throws {
        let chat = poll.chat.description
        var index = try tx.get(ChatPolls.self, "chat-polls", chat) ?? ChatPolls()
        index.record(poll)
        try tx.put(index, "chat-polls", chat)
    }

    /// The poll as the caller reads it: question, options and a line of notes, the closing time in the caller's
    /// zone with its countdown.
    private func describe(_ poll: Poll, _ context: CommandContext) async -> [RichText] {
        var notes: [String] = []
        if let team = poll.team { notes.append("for the \(context.roster.team(id: team)?.name ?? team) team only") }
        if poll.isAnonymous { notes.append("anonymous") }
        notes.append(poll.isLive ? "results visible while open" : "results hidden until it closes")
        if let closes = poll.closes {
            let format = ZoneFormat(await context.readerZone())
            notes.append(
                "closes \(format.shortDayAndTime(closes)) (\(format.zoneName)), \(TimeText.countdown(from: context.now, to: closes))"
            )
        }
        return ["\(bold: "Poll #\(poll.id): \(Tally.shown(poll.question))")"]
            + poll.options.enumerated().map { "\($0.offset + 1). \(Tally.shown($0.element))" }
            + ["(\(notes.joined(separator: "; ")))"]
    }

    /// One button per option for single and multi polls; they carry the poll id, so a button under an older
    /// poll never votes in another one.
    private func buttons(_ poll: Poll) -> [[Button]] {
        guard poll.method == .single || poll.method == .multi else { return [] }
        // On a multiple-choice poll a press adds the option and a second press takes it out; a reaction adds
        // it, and withdrawing the reaction takes it out.
        let multi = poll.method == .multi
        return poll.options.enumerated().map {
            let number = $0.offset + 1
            return [
                Button(
                    "\(number). \(Tally.shown($0.element))", command: "/vote #\(poll.id) \(multi ? "~" : "")\(number)",
                    select: multi ? "/vote #\(poll.id) +\(number)" : nil, undo: "/vote #\(poll.id) -\(number)")
            ]
        }
    }

    /// Instant runoff, as `Tally.instantRunoff` counts it.
    static func instantRunoff(_ ballots: [[Int]], options: [String]) -> [String] {
        Tally.instantRunoff(ballots, options: options)
    }

    static func key(_ id: Int) -> String { String(format: "%06d", id) }

    static func ballotKey(_ id: Int, _ voter: UserRef) -> String { "\(key(id))/\(voter)" }

    static func ballots(of id: Int, _ tx: PluginTransaction) throws -> [CastBallot] {
        let prefix = "\(key(id))/"
        return try tx.all(Ballot.self, "ballots", prefix: prefix).map {
            CastBallot(voter: UserRef(parsing: String($0.key.dropFirst(prefix.count))), ballot: $0.value)
        }
    }

    private func allPolls(_ context: CommandContext) async throws -> [Poll] {
        try await context.storage.transaction { tx in try tx.all(Poll.self, "polls").map(\.value) }
    }
}

extension VotingPlugin: SchedulesJobs, MigratesStoredData {}
