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
public struct VotingPlugin: Plugin, ShipsMessages {
    public typealias Configuration = VotingConfiguration
    public static let name = "voting"
    public static let summary = "Polls on the topics teams prioritise"
    public static var messages: [MessageTable] { VotingMessages.tables }

    let templates: [String: VotingConfiguration.Template]
    /// Seconds before a `--closes` time that the "closes soon" notice goes out; 0 sends none.
    let closingNotice: TimeInterval

    public init(configuration: VotingConfiguration) throws {
        templates = configuration.templates ?? [:]
        for (name, template) in templates {
            // The configuration's checks speak to whoever edits voting.yaml, in English as the file's keys. A
            // template written in several languages is checked as each language's readers would get it.
            for language in VotingConfiguration.languages(of: template) {
                let options = template.options.map { $0.text(in: language) }
                guard let problem = Poll.problem(question: template.question.text(in: language), options: options)
                else { continue }
                let field = problem.isAboutQuestion ? "question" : "options"
                let written = language == .english ? "" : " (in \(language.code))"
                throw PluginConfigurationError(
                    path: ["templates", name, field], problem.text(VotingMessages.englishTexts) + written)
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
                let texts = context.votingTexts
                let known = context.roster.teams.map(\.id).joined(separator: texts.plain("voting.separator"))
                throw CommandError.usage(
                    texts.plain(
                        "voting.no-team",
                        ["team": .text(name), "teams": .text(known.isEmpty ? texts.plain("voting.none") : known)]))
            }
            team = found.id
        }
        return Settings(
            anonymous: invocation.has("anonymous"), live: invocation.has("live"), team: team,
            closes: try await closing(invocation.option("closes"), context), messageKey: invocation.message.deliveryKey)
    }

    private func create(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let words = Array(invocation.arguments.dropFirst())
        let texts = context.votingTexts
        try checkQuoting(Array(invocation.argumentTokens.dropFirst()), command: "/poll new", invocation, texts)
        guard words.count >= 3 else { throw CommandError.usage(texts.plain("voting.question-and-options")) }
        func number(_ name: String) throws(CommandError) -> Int? {
            guard let text = invocation.option(name) else { return nil }
            guard let value = Int(text) else {
                throw .usage(texts.plain("voting.whole-number", ["option": .text(name)]))
            }
            return value
        }
        return try await open(
            question: words[0], options: Array(words.dropFirst()), method: invocation.option("method"),
            maximum: try number("max"), dots: try number("dots"), settings: try await settings(invocation, context),
            context)
    }

    /// Refuses a question typed without quotes (the rule is `Poll.quotedCommand`'s), showing the command with
    /// the quotes it needs and the options typed with it.
    private func checkQuoting(
        _ tokens: [CommandToken], command: String, _ invocation: CommandInvocation, _ texts: Texts
    ) throws {
        let settings = pollCommand.options.compactMap { option -> String? in
            if let value = invocation.option(option.name) {
                let plain = !value.isEmpty && !value.contains { $0.isWhitespace || $0 == "\"" || $0 == "\\" }
                return "--\(option.name) \(plain ? value : Poll.quoted(value))"
            }
            return invocation.flags.contains(option.name) ? "--\(option.name)" : nil
        }
        let fillers = [texts.plain("voting.option-a"), texts.plain("voting.option-b")]
        guard let corrected = Poll.quotedCommand(tokens, command: command, settings: settings, fillers: fillers)
        else { return }
        throw CommandError.rejected(texts("voting.needs-quotes", ["command": .text(corrected)]))
    }

    private func start(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        guard let name = invocation.argument(1), let template = templates[name] else {
            let texts = context.votingTexts
            let names = templates.keys.sorted().joined(separator: texts.plain("voting.separator"))
            throw CommandError.rejected(
                texts(
                    "voting.no-template",
                    [
                        "name": .text(invocation.argument(1) ?? ""),
                        "names": .text(names.isEmpty ? texts.plain("voting.none") : names),
                    ]))
        }
        // Posted once for the whole chat: in the chat's language, whoever starts it; the poll keeps those texts.
        let language = context.texts(for: context.chat).language
        return try await open(
            question: template.question.text(in: language), options: template.options.map { $0.text(in: language) },
            method: template.method, maximum: template.max, dots: template.dots,
            settings: try await settings(invocation, context), context)
    }

    private func open(
        question: String, options: [String], method: String?, maximum: Int?, dots: Int?, settings: Settings,
        _ context: CommandContext
    ) async throws -> Reply {
        let texts = context.votingTexts
        if let problem = Poll.problem(question: question, options: options) {
            guard Poll.optionCount.contains(options.count) else {
                throw CommandError.usage(
                    texts.plain(
                        "voting.option-count",
                        ["low": .number(Poll.optionCount.lowerBound), "high": .number(Poll.optionCount.upperBound)]))
            }
            throw CommandError.rejected(texts("voting.not-opened", ["problem": .text(problem.text(texts))]))
        }
        guard let method = Poll.Method(rawValue: (method ?? "single").lowercased()) else {
            throw CommandError.usage(texts.plain("voting.methods"))
        }
        if let maximum, method == .multi, !(1...options.count).contains(maximum) {
            throw CommandError.rejected(texts("voting.max-range", ["most": .number(options.count)]))
        }
        if let dots, method == .dots, !Poll.dotCount.contains(dots) {
            throw CommandError.rejected(
                texts(
                    "voting.dots-range",
                    ["low": .number(Poll.dotCount.lowerBound), "high": .number(Poll.dotCount.upperBound)]))
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
                throw CommandError.rejected(texts("voting.full", ["most": .number(Poll.highestID)]))
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
        let id: MessageValue = .number(poll.id)
        switch method {
        case .single: lines.append(texts("voting.how-single", ["id": id]))
        case .multi: lines.append(texts("voting.how-multi", ["id": id, "most": .number(limit)]))
        case .dots: lines.append(texts("voting.how-dots", ["id": id, "count": .number(limit)]))
        case .ranked: lines.append(texts("voting.how-ranked", ["id": id]))
        }
        return Reply(lines: lines, buttons: buttons(poll))
    }

    /// Closes a poll. Its results are posted, which announces them, unless `hold` keeps them back (the poll
    /// can then still be reopened; `/poll results` by a facilitator announces them later).
    private func close(_ id: String?, hold: Bool, _ context: CommandContext) async throws -> Reply {
        let poll = try await target(id, context, openOnly: true)
        let roster = context.roster
        let texts = context.votingTexts
        let (closed, ballots) = try await context.storage.transaction { tx -> (Poll, [CastBallot]) in
            guard var closed = try tx.get(Poll.self, "polls", Self.key(poll.id)), closed.open else {
                throw CommandError.rejected(texts("voting.already-closed", ["id": .number(poll.id)]))
            }
            closed.open = false
            closed.announced = !hold
            try Self.save(closed, tx)
            try Self.cancelClosing(poll.id, tx)
            return (closed, try Self.ballots(of: poll.id, tx))
        }
        context.logger.info("poll closed", metadata: ["poll": "\(poll.id)", "held": "\(hold)"])
        guard !hold else { return Reply(texts("voting.held", ["id": .number(closed.id)])) }
        return Tally.results(of: closed, ballots: ballots, roster: roster, closedNow: true, texts: texts)
    }

    /// Reopens a closed poll whose results were never announced (closed with `--hold`). The rule: once the
    /// chat has seen a closed poll's results (posted at close, by the scheduler, or by `/poll results` or
    /// `/poll export`), reopening would invite voting on the outcome, so it is refused. Ballots cast before
    /// the close still count and can be changed. The poll keeps its `--closes` time if that is still ahead,
    /// or takes a new one. Logged, with who reopened it.
    private func reopen(_ id: String?, closes: String?, _ context: CommandContext) async throws -> Reply {
        let texts = context.votingTexts
        guard id != nil else { throw CommandError.usage(texts.plain("voting.which-poll")) }
        let poll = try await target(id, context, openOnly: false)
        let newClosing = try await closing(closes, context)
        let notice = closingNotice
        let now = context.now
        let reopened = try await context.storage.transaction { tx -> Poll in
            guard var current = try tx.get(Poll.self, "polls", Self.key(poll.id)) else {
                throw CommandError.rejected(texts("voting.no-poll-short", ["id": .number(poll.id)]))
            }
            guard !current.open else {
                throw CommandError.rejected(texts("voting.open-already", ["id": .number(poll.id)]))
            }
            guard !current.isAnnounced else {
                throw CommandError.rejected(texts("voting.announced-no-reopen", ["id": .number(poll.id)]))
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
        var lines: [RichText] = [texts("voting.reopened", ["id": .number(poll.id)])]
        lines += await describe(reopened, context)
        return Reply(lines: lines, buttons: buttons(reopened))
    }

    /// `/poll edit <id> "Question?" "Option A" "Option B" ...`: replaces a poll's question and options, for a
    /// typo noticed before anyone voted. Everything else (method, team, closing time) stays; a multiple-choice
    /// poll that allowed every option still does, else its `--max` is kept within the new options. Refused once
    /// a ballot was cast, since the voters chose among what the poll said then. Logged with who edited it.
    private func edit(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let texts = context.votingTexts
        let tokens = Array(invocation.argumentTokens.dropFirst(2))
        guard let id = invocation.argument(1) else { throw CommandError.usage(texts.plain("voting.which-poll")) }
        let number = try Self.pollNumber(id, texts)
        try noSettings(invocation, "edit", texts)
        try checkQuoting(tokens, command: "/poll edit \(id)", invocation, texts)
        guard tokens.count >= 3 else { throw CommandError.usage(texts.plain("voting.edit-needs")) }
        let question = tokens[0].text
        let options = tokens.dropFirst().map(\.text)
        if let problem = Poll.problem(question: question, options: options) {
            throw CommandError.rejected(texts("voting.not-edited", ["problem": .text(problem.text(texts))]))
        }
        let chat = context.chat
        let edited = try await context.storage.transaction { tx -> Poll in
            var poll = try Self.target(number, in: chat, openOnly: false, preferLatest: false, texts, tx).get()
            try Self.checkNoVotes(poll, texts("voting.no-edit-voted", ["id": .number(poll.id)]), tx)
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
        var lines: [RichText] = [texts("voting.edited", ["id": .number(edited.id)])]
        lines += await describe(edited, context)
        lines.append(texts("voting.edited-buttons"))
        return Reply(lines: lines, buttons: buttons(edited))
    }

    /// `/poll delete <id>`: removes a mistaken poll nobody voted in, with all the plugin keeps for it: the
    /// poll, its place in the chat's list of polls, the opening message's record, and its scheduled close and
    /// "closes soon" notice. Its id is never given to a later poll, so a button or reaction left under the
    /// deleted poll answers "There is no poll #n here." instead of voting in another one. Refused once a ballot
    /// was cast. Logged with who deleted it.
    private func delete(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let texts = context.votingTexts
        guard let id = invocation.argument(1) else { throw CommandError.usage(texts.plain("voting.which-poll")) }
        guard invocation.arguments.count == 2 else { throw CommandError.usage(texts.plain("voting.only-id")) }
        let number = try Self.pollNumber(id, texts)
        try noSettings(invocation, "delete", texts)
        let chat = context.chat
        let (deleted, jobs) = try await context.storage.transaction { tx -> (Poll, Int) in
            let poll = try Self.target(number, in: chat, openOnly: false, preferLatest: false, texts, tx).get()
            try Self.checkNoVotes(poll, texts("voting.no-delete-voted", ["id": .number(poll.id)]), tx)
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
        let options = deleted.options.map(Tally.shown).joined(separator: texts.plain("voting.separator"))
        return Reply(
            texts(
                jobs > 0 ? "voting.deleted-with-close" : "voting.deleted",
                [
                    "id": .number(deleted.id), "question": .text(Tally.shown(deleted.question)),
                    "options": .text(options),
                ]))
    }

    /// The key under `meta` of the highest id a deleted poll had, so no later poll takes it again.
    static let highestDeletedKey = "highest-deleted-id"

    /// Refuses `--method` and the other settings of `/poll new` on a subcommand that changes none of them.
    private func noSettings(_ invocation: CommandInvocation, _ subcommand: String, _ texts: Texts) throws {
        guard invocation.options.isEmpty, invocation.flags.isEmpty else {
            throw CommandError.usage(texts.plain("voting.no-settings", ["subcommand": .text(subcommand)]))
        }
    }

    /// Refuses to change `poll` once a ballot was cast in it (`Poll.voted`, or for a poll stored before that
    /// was recorded, a ballot now), read in the transaction that makes the change, so a vote racing it either
    /// comes first and stops it, or comes after and sees the change.
    /// `refusal` says why, in the caller's language.
    static func checkNoVotes(_ poll: Poll, _ refusal: RichText, _ tx: PluginTransaction) throws {
        let hasBallots = try !tx.all(Ballot.self, "ballots", prefix: "\(key(poll.id))/").isEmpty
        guard poll.voted != true, !hasBallots else { throw CommandError.rejected(refusal) }
    }

    /// Results of a closed poll, or of an open `--live` poll. A held-back poll's results are announced only by
    /// a facilitator; that announcement means it can no longer be reopened.
    private func showResults(_ id: String?, _ context: CommandContext) async throws -> Reply {
        let poll = try await target(id, context, openOnly: false, preferLatest: true)
        try checkResultsVisible(poll, context)
        let roster = context.roster
        let texts = context.votingTexts
        let ballots = try await context.storage.transaction { tx -> [CastBallot] in
            if !poll.open, !poll.isAnnounced, var announced = try tx.get(Poll.self, "polls", Self.key(poll.id)) {
                announced.announced = true
                try Self.save(announced, tx)
            }
            return try Self.ballots(of: poll.id, tx)
        }
        return Tally.results(of: poll, ballots: ballots, roster: roster, closedNow: false, texts: texts)
    }

    /// No bandwagon: an open poll's counts are hidden unless it is `--live`; a held-back poll's results wait
    /// for a facilitator.
    private func checkResultsVisible(_ poll: Poll, _ context: CommandContext) throws {
        if poll.open, !poll.isLive {
            throw CommandError.rejected(context.votingTexts("voting.results-hidden", ["id": .number(poll.id)]))
        }
        if !poll.open, !poll.isAnnounced, context.caller.role < .chatFacilitator {
            throw CommandError.rejected(context.votingTexts("voting.results-held", ["id": .number(poll.id)]))
        }
    }

    private func list(_ context: CommandContext) async throws -> Reply {
        let texts = context.votingTexts
        let polls = try await allPolls(context).filter { $0.chat == context.chat }
        guard !polls.isEmpty else { return Reply(texts("voting.no-polls")) }
        return Reply(
            lines: polls.map { poll in
                var notes = [texts.plain(poll.open ? "voting.list.open" : "voting.list.closed")]
                if let team = poll.team {
                    notes.append(
                        texts.plain("voting.list.team", ["team": .text(context.roster.team(id: team)?.name ?? team)]))
                }
                if poll.isAnonymous { notes.append(texts.plain("voting.anonymous")) }
                if poll.isLive { notes.append(texts.plain("voting.list.live")) }
                if poll.open, let closes = poll.closes {
                    notes.append(
                        texts.plain(
                            "voting.list.closes", ["when": .text(texts.countdown(from: context.now, to: closes))]))
                }
                if !poll.open, !poll.isAnnounced { notes.append(texts.plain("voting.list.held")) }
                return texts(
                    "voting.list.entry",
                    [
                        "id": .number(poll.id), "question": .text(Tally.shown(poll.question)),
                        "notes": .text(notes.joined(separator: texts.plain("voting.separator"))),
                    ])
            })
    }

    /// How many participants have not voted yet, never who, so a nudge puts no one on the spot: one line when
    /// everyone has; else the count, per team when the electorate spans teams, and the teams that are done.
    private func nudge(_ id: String?, _ context: CommandContext) async throws -> Reply {
        let texts = context.votingTexts
        let poll = try await target(id, context, openOnly: true)
        let electorate = Tally.electorate(of: poll, roster: context.roster)
        guard !electorate.isEmpty else { return Reply(texts("voting.nudge.no-roster", ["id": .number(poll.id)])) }
        let ballots = try await context.storage.transaction { tx in try Self.ballots(of: poll.id, tx) }
        let voted = Set(ballots.compactMap(\.voter))
        let missing = electorate.keys.filter { !voted.contains($0) }.count
        let everyone = texts.plain("voting.participants", ["count": .number(electorate.count)])
        let id: MessageValue = .number(poll.id), question: MessageValue = .text(Tally.shown(poll.question))
        guard missing > 0 else {
            return Reply(
                texts(
                    "voting.nudge.everyone",
                    ["id": id, "question": question, "voted": .number(electorate.count), "everyone": .text(everyone)]))
        }
        var lines: [RichText] = [
            texts(
                "voting.nudge.missing",
                ["id": id, "question": question, "count": .number(missing), "everyone": .text(everyone)])
        ]
        let teams = Dictionary(grouping: electorate, by: \.value).map { team, members in
            (
                name: context.roster.team(id: team)?.name ?? team, members: members.count,
                missing: members.filter { !voted.contains($0.key) }.count
            )
        }.sorted { $0.name < $1.name }
        if teams.count > 1 {
            for team in teams where team.missing > 0 {
                lines.append(
                    texts(
                        "voting.nudge.team",
                        [
                            "team": .text(team.name), "missing": .number(team.missing),
                            "members": .text(texts.plain("voting.participants", ["count": .number(team.members)])),
                        ]))
            }
            let done = teams.filter { $0.missing == 0 }.map(\.name)
            if !done.isEmpty { lines.append(texts("voting.nudge.done", ["teams": .text(Tally.listed(done, texts))])) }
        }
        lines.append(texts("voting.nudge.how", ["id": id]))
        return Reply(lines: lines, buttons: buttons(poll))
    }

    /// The ballots as a CSV file (`PollExport`); an anonymous poll gives counts per option only, never voters.
    private func export(_ id: String?, _ context: CommandContext) async throws -> Reply {
        let texts = context.votingTexts
        guard let id else { throw CommandError.usage(texts.plain("voting.which-poll")) }
        guard let number = Int(id.trimmingPrefix("#")),
            let poll = try await allPolls(context).first(where: { $0.id == number && $0.chat == context.chat })
        else { throw CommandError.rejected(texts("voting.export.no-poll", ["id": .text(id)])) }
        if poll.open, !poll.isLive {
            throw CommandError.rejected(texts("voting.export.open", ["id": .number(poll.id)]))
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
        let file = PollExport.file(poll, ballots: ballots, roster: context.roster, zone: zone, texts: texts)
        let what =
            poll.isAnonymous
            ? texts.plain("voting.export.anonymous")
            : texts.plain("voting.export.rows", ["zone": .text(texts.dates(zone).zoneName)])
        return Reply(
            lines: [
                texts(
                    "voting.export.caption",
                    [
                        "id": .number(poll.id),
                        "ballots": .text(texts.plain("voting.ballots", ["count": .number(ballots.count)])),
                        "what": .text(what),
                    ])
            ],
            attachment: file)
    }

    // MARK: /vote, /unvote

    /// A ballot counts one known person once: a group admin posting anonymously (as the group) is refused.
    static func anonymousCannotVote(_ texts: Texts) -> CommandError { .rejected(texts("voting.anonymous-admin")) }

    private var voteCommand: Command {
        Command(
            "vote", usage: "vote [#poll] <option number or name> [...]",
            summary: "Vote in the open poll; /vote alone shows it and your ballot"
        ) { invocation, context in
            guard !context.caller.isAnonymous else { throw Self.anonymousCannotVote(context.votingTexts) }
            var words = invocation.arguments
            let id = words.first.flatMap { $0.hasPrefix("#") ? $0 : nil }
            if id != nil { words.removeFirst() }
            guard !words.isEmpty else {
                return try await showBallot(try await target(id, context, openOnly: true), context)
            }
            return try await vote(words, poll: try Self.pollNumber(id, context.votingTexts), context)
        }
    }

    private var unvoteCommand: Command {
        Command("unvote", usage: "unvote [#poll]", summary: "Take back your vote in the open poll") {
            invocation, context in
            let texts = context.votingTexts
            guard !context.caller.isAnonymous else { throw Self.anonymousCannotVote(texts) }
            let poll = try await target(invocation.argument(0), context, openOnly: true)
            let key = Self.ballotKey(poll.id, context.caller.user)
            let removed = try await context.storage.transaction { tx -> Bool in
                guard try tx.get(Poll.self, "polls", Self.key(poll.id))?.open == true else {
                    throw CommandError.rejected(texts("voting.closed", ["id": .number(poll.id)]))
                }
                return try tx.delete("ballots", key)
            }
            return Reply(texts(removed ? "voting.withdrawn" : "voting.had-not-voted", ["id": .number(poll.id)]))
        }
    }

    /// The poll and the caller's ballot; in an anonymous poll the ballot is not repeated in the chat.
    private func showBallot(_ poll: Poll, _ context: CommandContext) async throws -> Reply {
        let key = Self.ballotKey(poll.id, context.caller.user)
        let ballot = try await context.storage.transaction { tx in try tx.get(Ballot.self, "ballots", key) }
        var lines = await describe(poll, context)
        let texts = context.votingTexts
        switch (ballot, poll.isAnonymous) {
        case (nil, _): lines.append(texts("voting.ballot.none"))
        case (.some, true): lines.append(texts("voting.ballot.anonymous"))
        case (let ballot?, false):
            let choices = ballot.choices.map(poll.shownOption).joined(separator: texts.plain("voting.separator"))
            lines.append(texts("voting.ballot.yours", ["choices": .text(choices)]))
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
        let texts = context.votingTexts
        let (poll, choices) = try await context.storage.transaction { tx -> (Poll, [Int]) in
            let poll = try Self.target(number, in: chat, openOnly: true, preferLatest: false, texts, tx).get()
            return (poll, try Self.record(words, by: voter, team: team, roster: roster, in: poll, texts, tx))
        }
        if choices.isEmpty { return Reply(texts("voting.ballot.emptied", ["id": .number(poll.id)])) }
        if poll.isAnonymous { return Reply(texts("voting.recorded-anonymous", ["id": .number(poll.id)])) }
        let shown = choices.map(poll.shownOption).joined(separator: texts.plain("voting.separator"))
        return Reply(texts("voting.recorded", ["choices": .text(shown)]))
    }

    /// Writes `voter`'s ballot in the open `poll` from the words of `/vote` and returns its choices (empty when
    /// the ballot was emptied, and so removed).
    private static func record(
        _ words: [String], by voter: UserRef, team: String?, roster: Roster, in poll: Poll, _ texts: Texts,
        _ tx: PluginTransaction
    ) throws -> [Int] {
        if let pollTeam = poll.team, team != pollTeam {
            let name = roster.team(id: pollTeam)?.name ?? pollTeam
            throw CommandError.rejected(texts("voting.team-only", ["id": .number(poll.id), "team": .text(name)]))
        }
        let key = Self.ballotKey(poll.id, voter)
        // On a multiple-choice poll, `~n` (a button) adds option n to the ballot or takes it out again, and `+n`
        // (a reaction) adds it; `-n` (a withdrawn reaction) takes it out, if it is there. So several taps build
        // a ballot of several choices, and a reaction never removes a choice typed earlier.
        let toggled: Int?, removed: Int?
        var addOnly = false
        if poll.method == .multi, words.count == 1, words[0].hasPrefix("~") || words[0].hasPrefix("+") {
            addOnly = words[0].hasPrefix("+")
            let picked = try poll.choices([String(words[0].dropFirst())], texts)
            guard picked.count == 1 else {
                throw CommandError.usage(
                    texts.plain("voting.one-number", ["sign": .text(words[0].first.map(String.init) ?? "~")]))
            }
            (toggled, removed) = (picked.first, nil)
        } else if poll.method == .single || poll.method == .multi, words.count == 1, words[0].hasPrefix("-"),
            let number = Int(words[0].dropFirst()), let index = poll.index(ofNumber: number)
        {
            (toggled, removed) = (nil, index)
        } else {
            (toggled, removed) = (nil, nil)
        }
        var choices = toggled == nil && removed == nil ? try poll.choices(words, texts) : []
        if let removed {
            choices = try tx.get(Ballot.self, "ballots", key)?.choices ?? []
            guard let index = choices.firstIndex(of: removed) else {
                // In an anonymous poll, even this says nothing about the ballot.
                throw CommandError.rejected(
                    poll.isAnonymous
                        ? texts("voting.nothing-changed")
                        : texts("voting.not-in-ballot", ["number": .number(removed + 1)]))
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
                throw CommandError.rejected(texts("voting.at-most-tap", ["most": .number(poll.maximum)]))
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
            describe: { job, texts in
                VotingMessages.texts(texts)(
                    "voting.job.close", ["id": .text((try? job.decodePayload(Int.self)).map(String.init) ?? "?")])
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
            let results = Tally.results(
                of: poll, ballots: ballots, roster: context.roster, closedNow: true,
                texts: VotingMessages.texts(context.texts(for: poll.chat)))
            return [OutgoingMessage(chat: poll.chat, reply: results)]
        }
    }

    /// The "closes soon" notice before a `--closes` time: no counts, only a reminder that there is time to vote.
    private var closingSoonJob: JobHandler {
        JobHandler(
            "poll-closing-soon",
            describe: { job, texts in
                VotingMessages.texts(texts)(
                    "voting.job.closing-soon", ["id": .text((try? job.decodePayload(Int.self)).map(String.init) ?? "?")]
                )
            }
        ) { job, context in
            let id = try job.decodePayload(Int.self)
            let poll = try await context.storage.transaction { tx in try tx.get(Poll.self, "polls", Self.key(id)) }
            guard let poll, poll.open, let closes = poll.closes else { return [] }
            let texts = VotingMessages.texts(context.texts(for: poll.chat))
            let when = texts.countdown(from: context.clock.now(), to: closes)
            let reply = Reply(
                lines: [
                    texts(
                        "voting.soon.title",
                        ["id": .number(poll.id), "when": .text(when), "question": .text(Tally.shown(poll.question))]),
                    texts("voting.soon.how", ["id": .number(poll.id)]),
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
        let texts = context.votingTexts
        let parts = text.split(separator: " ").map(String.init)
        let zone = await context.readerZone()
        guard parts.count == 2, let date = ZoneFormat(zone).wallClock(parts[0], parts[1]) else {
            throw CommandError.usage(texts.plain("voting.closes.format"))
        }
        guard date > context.now else {
            throw CommandError.rejected(
                texts(
                    "voting.closes.past",
                    [
                        "time": .text(text), "zone": .text(texts.dates(zone).zoneName),
                        "ago": .text(texts.span(context.now.timeIntervalSince(date))),
                    ]))
        }
        guard date.timeIntervalSince(context.now) <= Poll.farthestClosing else {
            throw CommandError.rejected(texts("voting.closes.too-far"))
        }
        return date
    }

    /// The poll a command is about: the one `id` (`3` or `#3`) names in this chat, else the only open poll
    /// here (or, with `preferLatest` and none open, the latest one). Several open polls without an id is an
    /// error listing them.
    private func target(_ id: String?, _ context: CommandContext, openOnly: Bool, preferLatest: Bool = false)
        async throws -> Poll
    {
        let texts = context.votingTexts
        let number = try Self.pollNumber(id, texts)
        let chat = context.chat
        return try await context.storage.transaction { tx in
            try Self.target(number, in: chat, openOnly: openOnly, preferLatest: preferLatest, texts, tx)
        }.get()
    }

    /// The number in a poll id as typed (`3` or `#3`); nil for none.
    static func pollNumber(_ id: String?, _ texts: Texts) throws(CommandError) -> Int? {
        guard let id else { return nil }
        guard let number = Int(id.trimmingPrefix("#")) else {
            throw .usage(texts.plain("voting.not-an-id", ["id": .text(id)]))
        }
        return number
    }

    /// `target`, read in `tx`: the chat's index names its open and latest polls, so one command reads only
    /// those, never every poll of the workshop. The refusal a user reads when there is none.
    static func target(
        _ number: Int?, in chat: ChatRef, openOnly: Bool, preferLatest: Bool, _ texts: Texts, _ tx: PluginTransaction
    ) throws -> Result<Poll, CommandError> {
        if let number {
            guard let poll = try poll(number, tx), poll.chat == chat else {
                return .failure(.rejected(texts("voting.no-such-poll", ["id": .number(number)])))
            }
            if openOnly, !poll.open { return .failure(.rejected(texts("voting.closed", ["id": .number(number)]))) }
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
            return .failure(.rejected(texts(preferLatest ? "voting.no-poll-yet" : "voting.no-open-poll")))
        default:
            let ids = open.map { "#\($0.id)" }.joined(separator: texts.plain("voting.separator"))
            return .failure(.rejected(texts("voting.several-open", ["ids": .text(ids), "id": .number(open[0].id)])))
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
        let texts = context.votingTexts
        var notes: [String] = []
        if let team = poll.team {
            notes.append(
                texts.plain("voting.describe.team", ["team": .text(context.roster.team(id: team)?.name ?? team)]))
        }
        if poll.isAnonymous { notes.append(texts.plain("voting.anonymous")) }
        notes.append(texts.plain(poll.isLive ? "voting.describe.live" : "voting.describe.hidden"))
        if let closes = poll.closes {
            let format = texts.dates(await context.readerZone())
            notes.append(
                texts.plain(
                    "voting.describe.closes",
                    [
                        "time": .text(format.shortDayAndTime(closes)), "zone": .text(format.zoneName),
                        "countdown": .text(texts.countdown(from: context.now, to: closes)),
                    ]))
        }
        return [
            texts("voting.describe.title", ["id": .number(poll.id), "question": .text(Tally.shown(poll.question))])
        ]
            + poll.options.enumerated().map { "\($0.offset + 1). \(Tally.shown($0.element))" }
            + [
                texts(
                    "voting.describe.notes",
                    ["notes": .text(notes.joined(separator: texts.plain("voting.note-separator")))])
            ]
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

    /// A poll's storage key: its id with leading zeros to six digits, so keys sort as ids do. Written by hand:
    /// `String(format:)` cost a twentieth of a `/vote`'s CPU.
    static func key(_ id: Int) -> String {
        let digits = String(id.magnitude)
        let width = id < 0 ? 5 : 6  // as `%06d`: the sign counts in the width
        let padded = digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
        return id < 0 ? "-" + padded : padded
    }

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
