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
                "upcoming", usage: "upcoming [24h] | upcoming mute <id>",
                summary: "What the bot will post in the next hours, and where",
                help: "Lists every scheduled post due within the window (default 24h, at most 14d), soonest first. "
                    + "`/upcoming mute <id>` skips that one post for good.",
                role: .facilitator
            ) { invocation, context in
                if invocation.argument(0)?.lowercased() == "mute" {
                    return try await Self.mute(invocation, context)
                }
                return try await Self.list(invocation, context)
            }
        ]
    }

    private static func mute(_ invocation: CommandInvocation, _ context: CommandContext) async throws -> Reply {
        guard let text = invocation.argument(1),
            let id = Int64(text.trimmingCharacters(in: CharacterSet(charactersIn: "#")))
        else {
            throw CommandError.usage("give the number /upcoming shows, such as /upcoming mute 42")
        }
        let reason = "muted by \(context.caller.displayName) (\(context.caller.user))"
        guard let muted = try await context.schedule.mute(id, reason: reason) else {
            throw CommandError.rejected(
                "Nothing scheduled has number \(id) (already posted or muted?). /upcoming lists them.")
        }
        context.logger.notice(
            "scheduled post muted",
            metadata: ["job": "\(id)", "owner": "\(muted.owner)", "by": "\(context.caller.user)"])
        return "Muted #\(id): \(muted.description). It will not be posted."
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
        let format = ZoneFormat(zone)
        var lines: [RichText] = [
            "\(bold: "Scheduled in the next \(span)") (times in \(format.zoneName); /upcoming mute <number> skips one):"
        ]
        for post in posts {
            let late = post.dueAt < now ? " (due, about to fire)" : ""
            let place = post.chat.map { " → \($0)" } ?? ""
            lines.append("#\(post.id) \(format.shortDayAndTime(post.dueAt))\(late)\(place): \(post.description)")
        }
        return Reply(lines: lines)
    }
}
