import BotCore
import Foundation

/// `/upcoming [24h]` and `/upcoming mute <id>`: what the bot will post in the next hours, from every plugin
/// (deadline reminders, personal reminders, agenda announcements, poll closings), so a facilitator catches a
/// mistake before it reaches every phone, and can skip one post. A view across plugins, so it belongs to none
/// of them: it reads the runtime's schedule, in the reader's zone.
public struct UpcomingPlugin: Plugin, ShipsMessages {
    public static let name = "upcoming"
    public static let summary = "What the bot will post in the next hours, for facilitators"
    public static var messages: [MessageTable] { BuiltinMessages.tables }

    /// The longest window one listing covers.
    static let longestWindow: TimeInterval = 14 * 86_400

    public init(configuration: NoConfiguration) {}

    public var commands: [Command] {
        [
            Command(
                "upcoming", usage: "upcoming [24h] | upcoming mute <number> | upcoming unmute <number>",
                summary: "What the bot will post in the next hours, and where",
                help: "Lists every scheduled post due within the window (default 24h, at most 14d), soonest first, "
                    + "numbered 1, 2, 3… /upcoming mute <number> skips that post of your last listing for good; "
                    + "/upcoming unmute <number> puts it back while its time is still to come.",
                role: .facilitator
            ) { invocation, context in
                switch invocation.argument(0)?.lowercased() {
                case "mute": return try await Self.mute(invocation, context)
                case "unmute": return try await Self.unmute(invocation, context)
                default: return try await Self.list(invocation, context)
                }
            }
        ]
    }

    /// The job a number of the caller's last listing stands for. Numbers follow the listing the caller saw,
    /// so they do not shift when other posts are scheduled in between.
    private static func job(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> (Int, Int64) {
        let verb = invocation.argument(0)?.lowercased() ?? "mute"
        let texts = context.texts
        guard let text = invocation.argument(1),
            let number = Int(text.trimmingCharacters(in: CharacterSet(charactersIn: "#"))),
            number > 0
        else {
            throw CommandError.usage(texts.plain("upcoming.give-number", ["verb": .text(verb)]))
        }
        let listing = try await context.storage.transaction { tx in
            try tx.get([Int64].self, "listings", context.caller.user.description)
        }
        guard let listing else {
            throw CommandError.rejected(texts("upcoming.list-first", ["verb": .text(verb)]))
        }
        guard number <= listing.count else {
            throw CommandError.rejected(
                texts("upcoming.no-such-number", ["count": .number(listing.count), "number": .number(number)]))
        }
        return (number, listing[number - 1])
    }

    private static func mute(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let (number, id) = try await job(invocation, context)
        let reason = "muted by \(context.caller.displayName) (\(context.caller.user))"
        guard let muted = try await context.schedule.mute(id, reason: reason, texts: context.texts) else {
            throw CommandError.rejected(context.texts("upcoming.gone", ["number": .number(number)]))
        }
        context.logger.notice(
            "scheduled post muted",
            metadata: ["job": "\(id)", "owner": "\(muted.owner)", "by": "\(context.caller.user)"])
        return Reply(
            context.texts("upcoming.muted", ["number": .number(number), "description": .rich(muted.description)]))
    }

    private static func unmute(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let (number, id) = try await job(invocation, context)
        guard let restored = try await context.schedule.unmute(id, texts: context.texts) else {
            throw CommandError.rejected(context.texts("upcoming.not-muted", ["number": .number(number)]))
        }
        context.logger.notice(
            "scheduled post unmuted",
            metadata: ["job": "\(id)", "owner": "\(restored.owner)", "by": "\(context.caller.user)"])
        let format = context.texts.dates(await context.readerZone())
        return Reply(
            context.texts(
                "upcoming.unmuted",
                [
                    "number": .number(number), "description": .rich(restored.description),
                    "time": .text(format.shortDayAndTime(restored.dueAt)), "zone": .text(format.zoneName),
                ]))
    }

    private static func list(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        var window: TimeInterval = 86_400
        if let text = invocation.argument(0) {
            guard let seconds = TimeText.duration(text.lowercased()), seconds > 0 else {
                throw CommandError.usage(context.texts.plain("upcoming.bad-window"))
            }
            window = min(seconds, longestWindow)
        }
        let now = context.now
        let posts = try await context.schedule.upcoming(until: now.addingTimeInterval(window), texts: context.texts)
        let zone = await context.readerZone()
        let texts = context.texts
        let span = texts.span(window)
        guard !posts.isEmpty else { return Reply(texts("upcoming.nothing", ["span": .text(span)])) }
        // The numbers of this listing are what mute and unmute read (an empty listing keeps the last one).
        let ids = posts.map(\.id)
        try await context.storage.transaction { tx in try tx.put(ids, "listings", context.caller.user.description) }
        let format = texts.dates(zone)
        var lines: [RichText] = [
            texts("upcoming.header", ["span": .text(span), "zone": .text(format.zoneName)])
        ]
        for (index, post) in posts.enumerated() {
            let late = post.dueAt < now ? texts.plain("upcoming.due") : ""
            let place: String
            switch post.targets {
            case nil: place = ""
            case let chats? where chats.isEmpty: place = texts.plain("upcoming.no-chat")
            case let chats?: place = " → " + chats.map(\.description).joined(separator: ", ")
            }
            lines.append("\(index + 1). \(format.shortDayAndTime(post.dueAt))\(late)\(place): \(post.description)")
        }
        return Reply(lines: lines)
    }
}
