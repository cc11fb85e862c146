import BotCore
import Foundation

/// `/upcoming [24h]` and `/upcoming mute <id>`: what the bot will post in the next hours, from every plugin
/// (deadline reminders, personal reminders, agenda announcements, poll closings), so a facilitator catches a
/// mistake before it reaches every phone, and can skip one post. A view across plugins, so it belongs to none
/// of them: it reads the runtime's schedule, in the reader's zone.
public struct UpcomingPlugin: Plugin {
    public static let name = "upcoming"
    public static let summary = "What the bot will post in the next hours, for facilitators"

    /// The longest window one listing covers.
    static let longestWindow: TimeInterval = 14 * 86_400

    public init(configuration: NoConfiguration) {}

    public var commands: [Command] {
        [
            Command(
                "upcoming", usage: "upcoming [24h] | upcoming mute <number> | upcoming unmute <number>",
                summary: "What the bot will post in the next hours, and where",
                help: "Lists every scheduled post due within the window (default 24h, at most 14d), soonest first, "
                    + "numbered 1, 2, 3… `/upcoming mute <number>` skips that post of your last listing for good; "
                    + "`/upcoming unmute <number>` puts it back while its time is still to come.",
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
        guard let text = invocation.argument(1),
            let number = Int(text.trimmingCharacters(in: CharacterSet(charactersIn: "#"))),
            number > 0
        else {
            throw CommandError.usage("give the number /upcoming shows, such as /upcoming \(verb) 2")
        }
        let listing = try await context.storage.transaction { tx in
            try tx.get([Int64].self, "listings", context.caller.user.description)
        }
        guard let listing else {
            throw CommandError.rejected("List the posts first with /upcoming; then \(verb) one by its number.")
        }
        guard number <= listing.count else {
            throw CommandError.rejected(
                "Your last /upcoming listed \(listing.count) post\(listing.count == 1 ? "" : "s"); there is no number \(number)."
            )
        }
        return (number, listing[number - 1])
    }

    private static func mute(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let (number, id) = try await job(invocation, context)
        let reason = "muted by \(context.caller.displayName) (\(context.caller.user))"
        guard let muted = try await context.schedule.mute(id, reason: reason) else {
            throw CommandError.rejected(
                "Post \(number) is no longer scheduled (already posted or muted?). /upcoming lists them.")
        }
        context.logger.notice(
            "scheduled post muted",
            metadata: ["job": "\(id)", "owner": "\(muted.owner)", "by": "\(context.caller.user)"])
        return "Muted \(number): \(muted.description). It will not be posted (/upcoming unmute \(number) puts it back)."
    }

    private static func unmute(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        let (number, id) = try await job(invocation, context)
        guard let restored = try await context.schedule.unmute(id) else {
            throw CommandError.rejected("Post \(number) is not muted, or its time has passed.")
        }
        context.logger.notice(
            "scheduled post unmuted",
            metadata: ["job": "\(id)", "owner": "\(restored.owner)", "by": "\(context.caller.user)"])
        let format = ZoneFormat(await context.readerZone())
        return
            "Unmuted \(number): \(restored.description). It will be posted \(format.shortDayAndTime(restored.dueAt)) (\(format.zoneName))."
    }

    private static func list(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        var window: TimeInterval = 86_400
        if let text = invocation.argument(0) {
            guard let seconds = TimeText.duration(text.lowercased()), seconds > 0 else {
                throw CommandError.usage("the window is a duration such as 24h, 90m or 3d")
            }
            window = min(seconds, longestWindow)
        }
        let now = context.now
        let posts = try await context.schedule.upcoming(until: now.addingTimeInterval(window))
        let zone = await context.readerZone()
        let span = TimeText.countdown(from: now, to: now.addingTimeInterval(window)).replacingOccurrences(
            of: "in ", with: "")
        guard !posts.isEmpty else { return "Nothing is scheduled to be posted in the next \(span)." }
        // The numbers of this listing are what mute and unmute read (an empty listing keeps the last one).
        let ids = posts.map(\.id)
        try await context.storage.transaction { tx in try tx.put(ids, "listings", context.caller.user.description) }
        let format = ZoneFormat(zone)
        var lines: [RichText] = [
            "\(bold: "Scheduled in the next \(span)") (times in \(format.zoneName); /upcoming mute <number> skips one):"
        ]
        for (index, post) in posts.enumerated() {
            let late = post.dueAt < now ? " (due, about to fire)" : ""
            let place: String
            switch post.targets {
            case nil: place = ""
            case let chats? where chats.isEmpty: place = " (no chat: will not be posted)"
            case let chats?: place = " → " + chats.map(\.description).joined(separator: ", ")
            }
            lines.append("\(index + 1). \(format.shortDayAndTime(post.dueAt))\(late)\(place): \(post.description)")
        }
        return Reply(lines: lines)
    }
}
