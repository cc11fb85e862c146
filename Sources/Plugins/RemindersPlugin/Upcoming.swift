import BotCore
import Foundation

extension RemindersPlugin {
    /// `/upcoming [24h]` and `/upcoming mute <id>`: what the bot will post in the next hours, from every plugin
    /// (deadline reminders, agenda announcements, poll closings), so a facilitator catches a mistake before it
    /// reaches every phone, and can skip one post.
    var upcomingCommand: Command {
        Command(
            "upcoming", usage: "upcoming [24h] | upcoming mute <id>",
            summary: "What the bot will post in the next hours, and where",
            help: "Lists every scheduled post due within the window (default 24h, at most 14d), soonest first. "
                + "`/upcoming mute <id>` skips that one post for good.",
            role: .facilitator
        ) { invocation, context in
            if invocation.argument(0)?.lowercased() == "mute" {
                guard let text = invocation.argument(1), let id = Int64(text.trimmingCharacters(in: CharacterSet(charactersIn: "#"))) else {
                    throw CommandError.usage("give the number /upcoming shows, such as /upcoming mute 42")
                }
                let reason = "muted by \(context.caller.displayName) (\(context.caller.user))"
                guard let muted = try await context.schedule.mute(id, reason: reason) else {
                    throw CommandError.rejected("Nothing scheduled has number \(id) (already posted or muted?). /upcoming lists them.")
                }
                context.logger.notice(
                    "scheduled post muted", metadata: ["job": "\(id)", "owner": "\(muted.owner)", "by": "\(context.caller.user)"])
                return "Muted #\(id): \(muted.description). It will not be posted."
            }
            var window: TimeInterval = 86_400
            if let text = invocation.argument(0) {
                guard let seconds = ReminderTime.duration(text.lowercased()), seconds > 0 else {
                    throw CommandError.usage("the window is a duration such as 24h, 90m or 3d")
                }
                window = min(seconds, 14 * 86_400)
            }
            let now = context.now
            let posts = try await context.schedule.upcoming(until: now.addingTimeInterval(window))
            let zone = await readerZone(context)
            let span = TimeText.countdown(from: now, to: now.addingTimeInterval(window)).replacingOccurrences(of: "in ", with: "")
            guard !posts.isEmpty else { return "Nothing is scheduled to be posted in the next \(span)." }
            var lines: [RichText] = ["\(bold: "Scheduled in the next \(span)") (times in \(zone.identifier); /upcoming mute <number> skips one):"]
            for post in posts {
                let late = post.dueAt < now ? " (due, about to fire)" : ""
                let place = post.chat.map { " → \($0)" } ?? ""
                lines.append("#\(post.id) \(Self.format(post.dueAt, zone))\(late)\(place): \(post.description)")
            }
            return Reply(lines: lines)
        }
    }
}
