import BotCore
import BotRuntime
import BotTesting
import BuiltinPlugins
import Foundation
import Logging
import Testing

@testable import DeadlinesPlugin

/// ISO 8601 in and out, for readable expectations.
enum iso {
    static func date(from text: String) -> Date? { try? Date(text, strategy: .iso8601) }
    static func string(from date: Date) -> String { date.formatted(.iso8601) }
}

struct ReminderTimeTests {
    // Monday 8 November 2021, 08:30 in Berlin (07:30 UTC).
    let now = iso.date(from: "2021-11-08T07:30:00Z")!

    @Test(
        "every form of <when>, in several zones",
        arguments: [
            ("in 2h", "Europe/Berlin", "2021-11-08T09:30:00Z"),
            ("in 90m", "Asia/Ulaanbaatar", "2021-11-08T09:00:00Z"),
            ("in 1h30m", "Africa/Kampala", "2021-11-08T09:00:00Z"),
            ("in 5s", "UTC", "2021-11-08T07:30:05Z"),
            ("at 17:00", "Europe/Berlin", "2021-11-08T16:00:00Z"),
            ("at 17:00", "Asia/Vientiane", "2021-11-08T10:00:00Z"),
            ("at 08:00", "Europe/Berlin", "2021-11-09T07:00:00Z"),  // already past today: tomorrow
            ("tomorrow 09:00", "Asia/Almaty", "2021-11-09T03:00:00Z"),
            ("tomorrow 09:00", "Asia/Kathmandu", "2021-11-09T03:15:00Z"),
            ("2021-11-19 17:00", "Europe/Berlin", "2021-11-19T16:00:00Z"),
            ("2021-11-19 17:00", "Asia/Shanghai", "2021-11-19T09:00:00Z"),
            // Spoken durations, 12-hour clocks, today, weekdays and day-month dates (any case).
            ("in 2 hours", "Europe/Berlin", "2021-11-08T09:30:00Z"),
            ("in 1 hour 30 minutes", "Europe/Berlin", "2021-11-08T09:00:00Z"),
            ("in 1 hour and 30 mins", "Europe/Berlin", "2021-11-08T09:00:00Z"),
            ("at 3pm", "Europe/Berlin", "2021-11-08T14:00:00Z"),
            ("at 2:50PM", "Europe/Berlin", "2021-11-08T13:50:00Z"),
            ("at 9 am", "Europe/Berlin", "2021-11-08T08:00:00Z"),
            ("at 12am", "Europe/Berlin", "2021-11-08T23:00:00Z"),  // midnight, the next one
            ("today 18:00", "Europe/Berlin", "2021-11-08T17:00:00Z"),
            ("tomorrow 9am", "Asia/Almaty", "2021-11-09T03:00:00Z"),
            ("Tomorrow at 9am", "Asia/Almaty", "2021-11-09T03:00:00Z"),
            ("monday 09:00", "Europe/Berlin", "2021-11-08T08:00:00Z"),  // today, still to come
            ("Monday 08:00", "Europe/Berlin", "2021-11-15T07:00:00Z"),  // today's has passed: next week
            ("on wed at 10am", "Europe/Berlin", "2021-11-10T09:00:00Z"),
            ("fri 17:00", "Asia/Vientiane", "2021-11-12T10:00:00Z"),
            ("16 Nov 10:00", "Europe/Berlin", "2021-11-16T09:00:00Z"),
            ("Nov 16 at 10am", "Europe/Berlin", "2021-11-16T09:00:00Z"),
            ("16 november 10:00", "Asia/Shanghai", "2021-11-16T02:00:00Z"),
            ("1 Nov 10:00", "Europe/Berlin", "2022-11-01T09:00:00Z"),  // passed this year: next year's
        ])
    func once(_ when: String, _ zone: String, _ expected: String) throws {
        let words = when.split(separator: " ").map(String.init) + ["text"]
        let (schedule, used) = try ReminderTime.parse(words, now: now, zone: TimeZone(identifier: zone)!).get()
        #expect(used == words.count - 1)
        #expect(schedule == .once(iso.date(from: expected)!))
    }

    @Test(
        "refused times say why",
        arguments: [
            ("2021-11-01 10:00", "in the past"), ("2021-02-31 10:00", "is not a date"),
            ("2023-01-01 10:00", "a year ahead"),
            ("at 25:00", "HH:MM"), ("in soon", "how long"), ("whenever", "say when"),
            ("every month 09:00", "every day"),
            ("16 Nov", "the time after the date"), ("31 Nov 10:00", "is not a date"), ("at 13pm", "HH:MM"),
            ("monday", "the time after the day"), ("in 9999999999999999999999 hours", "a year ahead"),
        ])
    func refused(_ when: String, _ message: String) {
        let words = when.split(separator: " ").map(String.init)
        guard
            case .failure(let error) = ReminderTime.parse(words, now: now, zone: TimeZone(identifier: "Europe/Berlin")!)
        else {
            Issue.record("expected a refusal")
            return
        }
        #expect(error.message.contains(message), "\(error.message)")
    }

    @Test func recurringFormsTakeTheSpokenWordsToo() throws {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        let hours = try ReminderTime.parse(["every", "2", "hours", "x"], now: now, zone: berlin).get()
        #expect(hours.0 == .interval(seconds: 7200, first: now.addingTimeInterval(7200)) && hours.1 == 3)
        let weekday = try ReminderTime.parse(["every", "weekday", "9am", "x"], now: now, zone: berlin).get()
        #expect(weekday.0 == .daily(hour: 9, minute: 0, zone: "Europe/Berlin", weekdaysOnly: true) && weekday.1 == 3)
    }

    @Test("a time relative to a session is read with its offset and the session's id as written")
    func sessionRelativeForms() {
        #expect(
            SessionRelativeTime.parse(["10m", "before", "Theme-Climate", "coffee"])
                == SessionRelativeTime(before: 600, session: "Theme-Climate", used: 3))
        #expect(
            SessionRelativeTime.parse(["1", "hour", "before", "opening"])
                == SessionRelativeTime(before: 3600, session: "opening", used: 4))
        #expect(
            SessionRelativeTime.parse(["at", "the", "start", "of", "opening", "x"])
                == SessionRelativeTime(before: 0, session: "opening", used: 5))
        #expect(SessionRelativeTime.parse(["in", "2h", "before", "x"]) == nil)
        #expect(SessionRelativeTime.parse(["at", "17:00", "x"]) == nil)
    }

    @Test func reminderIdsOfConsecutiveMessagesDoNotLookAlike() {
        let ids = (1...200).map { DeadlinesPlugin.id(for: "telegram:-100123:\($0)") }
        #expect(Set(ids).count == 200)
        #expect(ids.allSatisfy { $0.count == 5 && $0 == $0.lowercased() })
        // Neighbours differ in their first two characters, not only at the end (caf98d, caf667, caf4d4).
        let samePrefix = zip(ids, ids.dropFirst()).filter { $0.0.prefix(2) == $0.1.prefix(2) }.count
        #expect(samePrefix < 10)
        #expect(ids.allSatisfy { !$0.contains(where: { "01ilo".contains($0) }) })
    }

    @Test func aDailyReminderKeepsItsHourAcrossTheBerlinClockChange() throws {
        let schedule = ReminderSchedule.daily(hour: 9, minute: 0, zone: "Europe/Berlin", weekdaysOnly: false)
        let saturday = iso.date(from: "2021-10-30T07:00:00Z")!  // 09:00 CEST
        let sunday = try #require(schedule.next(after: saturday))
        #expect(iso.string(from: sunday) == "2021-10-31T08:00:00Z")  // 09:00 CET, after the change
        let monday = try #require(schedule.next(after: sunday))
        #expect(iso.string(from: monday) == "2021-11-01T08:00:00Z")
    }

    @Test func weekdayRemindersSkipTheWeekend() throws {
        let schedule = ReminderSchedule.daily(hour: 9, minute: 0, zone: "Asia/Vientiane", weekdaysOnly: true)
        let friday = iso.date(from: "2021-11-12T02:00:00Z")!  // 09:00 Friday in Vientiane
        #expect(schedule.next(after: friday).map(iso.string(from:)) == "2021-11-15T02:00:00Z")  // Monday
    }
}

struct ReminderCommandTests {
    let now = iso.date(from: "2021-11-08T07:30:00Z")!
    let roster = Roster(
        teams: [Team(id: "lao", name: "Lao PDR", timeZone: "Asia/Vientiane", chats: [])],
        participants: [UserRef(platform: "test", id: "bounmy"): "lao", UserRef(platform: "test", id: "souk"): "lao"])

    func plugin() throws -> LoadedPlugin {
        LoadedPlugin(try DeadlinesPlugin(configuration: .init(defaultTimeZone: "Europe/Berlin", maximumPerUser: 2)))
    }

    @Test func aReminderFiresOnceOnTimeAndNotAgainAfterARestart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("remind-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await withTestBot(plugins: [try plugin()], now: now, storeDirectory: directory) { bot in
            let set = await bot.say("/remind me in 90m stretch your legs").first ?? ""
            #expect(
                set.hasPrefix("Reminder ")
                    && set.hasSuffix("set: on Mon 8 Nov 10:00 (Europe/Berlin), in 1 h 30 min: stretch your legs"))
            let held = await eventually { bot.clock.sleeperCount > 0 }
            #expect(held)
            bot.clock.advance(by: 89 * 60)
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
            bot.clock.advance(by: 60)
            let held2 = await eventually { bot.channel.sent.count == 2 }
            #expect(held2)
            #expect(bot.channel.sent.last?.reply.plainText == "Reminder for alice: stretch your legs")
            bot.clock.advance(by: 3600)
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
        }
        try await withTestBot(plugins: [try plugin()], now: now.addingTimeInterval(3 * 3600), storeDirectory: directory)
        { bot in
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
            #expect(bot.channel.sent.isEmpty)
        }
    }

    @Test func aPersonalReminderGoesToTheDirectChatWhenThereIsOneElseMentionsItsOwner() async throws {
        try await withTestBot(plugins: [try plugin()], now: now) { bot in
            // Bob has no direct chat with the bot: his reminder comes in the group, mentioning him.
            #expect(
                await bot.say("/remind me in 1m water", from: "bob").first?.hasSuffix(
                    "(Europe/Berlin), in 1 min: water") == true)
            // Alice wrote to the bot directly once; from then on her reminders set in the group come to her there.
            _ = await bot.say("/reminders", from: "alice", in: "dm-alice", direct: true)
            let set = await bot.say("/remind me in 2m stretch", from: "alice").first ?? ""
            #expect(set.hasSuffix("I will send it to our direct chat."))
            // Listed in the group, its words stay in the direct chat.
            let listed = await bot.say("/reminders", from: "alice").joined()
            #expect(listed.contains("(in our direct chat)") && !listed.contains("stretch"))
            #expect(
                await bot.say("/reminders", from: "alice", in: "dm-alice", direct: true).joined().contains("stretch"))
            bot.clock.advance(by: 120)
            let held = await eventually { bot.channel.sent.count == 7 }
            #expect(held)
            let fired = bot.channel.sent.suffix(2)
            let foundToBob = fired.first { $0.chat.id == "room" }
            let toBob = try #require(foundToBob)
            #expect(toBob.reply.plainText == "Reminder for bob: water")
            #expect(toBob.reply.lines.first?.mentionedUsers == [UserRef(platform: "test", id: "bob")])
            let foundToAlice = fired.first { $0.chat.id == "dm-alice" }
            let toAlice = try #require(foundToAlice)
            #expect(toAlice.reply.plainText == "Reminder: stretch")
        }
    }

    @Test func aReminderEveryFewHoursRepeatsButNotMoreOftenThanAllowed() async throws {
        let plugin = LoadedPlugin(
            try DeadlinesPlugin(configuration: .init(defaultTimeZone: "Europe/Berlin", minimumRecurringInterval: "30m"))
        )
        try await withTestBot(plugins: [plugin], now: now) { bot in
            #expect(
                await bot.say("/remind me every 10m drink").first
                    == "Recurring reminders must be at least 30 min apart.")
            let set = await bot.say("/remind me every 2h stretch").first ?? ""
            #expect(set.contains("set: every 2 h, next Mon 8 Nov 10:30 (Europe/Berlin), in 2 h: stretch"), "\(set)")
            bot.clock.advance(by: 2 * 3600)
            let held = await eventually { bot.channel.sent.count == 3 }
            #expect(held)
            bot.clock.advance(by: 2 * 3600)
            let held2 = await eventually { bot.channel.sent.count == 4 }
            #expect(held2)
            #expect(
                bot.channel.sent.suffix(2).map(\.reply.plainText) == [
                    "Reminder for alice: stretch", "Reminder for alice: stretch",
                ])
            let listed = await bot.say("/reminders").joined()
            #expect(listed.contains("every 2 h, next Mon 8 Nov 14:30"))
        }
        #expect(throws: PluginConfigurationError.self) {
            try DeadlinesPlugin(configuration: .init(minimumRecurringInterval: "often"))
        }
    }

    @Test func aRecurringReminderGoesOnAfterAMissedOrMutedOccurrence() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("recur-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let facilitators = Roster(facilitators: [UserRef(platform: "test", id: "fac")])
        let upcoming = LoadedPlugin(UpcomingPlugin(configuration: NoConfiguration()))
        // Monday 08:30 in Berlin: a daily 09:00 reminder.
        try await withTestBot(plugins: [try plugin()], roster: facilitators, now: now, storeDirectory: directory) {
            bot in
            #expect(await bot.say("/remind me every day 09:00 stand-up").first?.contains("every day at 09:00") == true)
        }
        // The bot was down all Monday (beyond the hour of grace): Monday's is missed, Tuesday's is booked.
        let tuesday = iso.date(from: "2021-11-09T07:30:00Z")!
        try await withTestBot(
            plugins: [try plugin(), upcoming], roster: facilitators, now: tuesday, storeDirectory: directory
        ) { bot in
            let held = await eventually {
                let jobs =
                    (try? await bot.store.transaction {
                        try $0.jobs(owner: "deadlines", keyPrefix: "reminder/", states: [.pending, .missed])
                    }) ?? []
                return jobs.map(\.state) == [.missed, .pending]
                    && jobs.last.map { iso.string(from: $0.dueAt) } == "2021-11-09T08:00:00Z"
            }
            #expect(held)
            #expect(bot.channel.sent.isEmpty)
            // A facilitator mutes Tuesday's: Wednesday's is booked, Tuesday's never comes.
            let listing = await bot.say("/upcoming", from: "fac").joined(separator: "\n")
            let foundLine = listing.split(separator: "\n").first { $0.contains("a personal reminder for alice") }
            let line = try #require(foundLine)
            let number = String(line.prefix { $0.isNumber })
            #expect(await bot.say("/upcoming mute \(number)", from: "fac").first?.hasPrefix("Muted \(number):") == true)
            let pending = try await bot.store.transaction {
                try $0.jobs(owner: "deadlines", keyPrefix: "reminder/", states: [.pending])
            }
            let holds = pending.map { iso.string(from: $0.dueAt) } == ["2021-11-10T08:00:00Z"]
            #expect(holds)
            // Unmuted, Tuesday's comes back and Wednesday's booking gives way (one pending job per key); muted
            // again, Wednesday's is booked again.
            #expect(
                await bot.say("/upcoming unmute \(number)", from: "fac").first?.hasPrefix("Unmuted \(number):") == true)
            let restored = try await bot.store.transaction {
                try $0.jobs(owner: "deadlines", keyPrefix: "reminder/", states: [.pending])
            }
            let holdsRestored = restored.map { iso.string(from: $0.dueAt) } == ["2021-11-09T08:00:00Z"]
            #expect(holdsRestored)
            #expect(await bot.say("/upcoming mute \(number)", from: "fac").first?.hasPrefix("Muted \(number):") == true)
            let before = bot.channel.sent.count
            bot.clock.advance(to: iso.date(from: "2021-11-10T08:00:00Z")!)
            let held2 = await eventually { bot.channel.sent.count == before + 1 }
            #expect(held2)
            #expect(bot.channel.sent.last?.reply.plainText == "Reminder for alice: stand-up")
        }
    }

    @Test func aRemindCommandHandledTwiceNamesTheSameReminder() async throws {
        try await withTestBot(plugins: [try plugin()], now: now) { bot in
            for _ in 0..<2 {
                bot.channel.push(bot.channel.message("/remind me in 2h stretch", id: "update-7", at: now))
            }
            let held = await eventually { bot.channel.sent.count == 2 }
            try #require(held)
            let replies = bot.channel.texts()
            try #require(replies.count == 2)
            #expect(replies[0] == replies[1])
            #expect(replies[0].hasPrefix("Reminder "))
            let pending = try await bot.store.transaction {
                try $0.jobs(owner: "deadlines", keyPrefix: "reminder/", states: [.pending])
            }
            #expect(pending.count == 1)
            #expect(replies[0].contains(String(pending.first?.key?.dropFirst("reminder/".count) ?? "?")))
        }
    }

    @Test func teamRemindersAreSharedWithTheTeamAndCancelledOnlyByWhoeverSetThem() async throws {
        try await withTestBot(plugins: [try plugin()], roster: roster, now: now) { bot in
            let set = await bot.say("/remind team every weekday 09:00 stand-up", from: "bounmy").first ?? ""
            #expect(set.contains("every weekday at 09:00, next Tue 9 Nov 09:00 (Asia/Vientiane)"))
            let id = String(set.dropFirst("Reminder ".count).prefix { $0 != " " })
            // The team sees it, with who set it.
            #expect(
                await bot.say("/reminders", from: "souk").joined(separator: "\n").contains(
                    "for team Lao PDR, set by bounmy: stand-up"))
            #expect(
                await bot.say("/reminders", from: "alice").first?.hasPrefix("You have no pending reminders") == true)
            #expect(
                await bot.say("/reminder cancel \(id)", from: "alice").first?.contains("You have no reminder") == true)
            // A teammate cannot cancel it for everyone; the refusal says who can.
            #expect(
                await bot.say("/reminder cancel \(id)", from: "souk")
                    == ["Reminder \(id) for team Lao PDR was set by bounmy: only they or a facilitator can cancel it."])
            #expect(await bot.say("/reminders", from: "souk").joined().contains(id))
            // Typed in capitals, the id still names it.
            #expect(
                await bot.say("/reminder cancel \(id.uppercased())", from: "bounmy") == [
                    "Cancelled reminder \(id): stand-up, every weekday at 09:00, next Tue 9 Nov 09:00 (Asia/Vientiane)."
                ])
            #expect(await bot.say("/reminders", from: "souk").first?.hasPrefix("You have no pending reminders") == true)
            #expect(await bot.say("/remind team in 1h x", from: "alice").first?.contains("not in a team") == true)
        }
    }

    @Test func aFacilitatorCancelsAnyReminderAndOthersCannotEvenSeeAPersonalOne() async throws {
        var withFacilitator = roster
        withFacilitator.facilitators = [UserRef(platform: "test", id: "fac")]
        try await withTestBot(plugins: [try plugin()], roster: withFacilitator, now: now) { bot in
            func id(_ reply: String?) -> String {
                String((reply ?? "").dropFirst("Reminder ".count).prefix { $0 != " " })
            }
            let team = id(await bot.say("/remind team in 2h review", from: "bounmy").first)
            let personal = id(await bot.say("/remind me in 2h call home", from: "souk").first)
            // Someone else's personal reminder is not named: the same answer as for an id that does not exist.
            #expect(
                await bot.say("/reminder cancel \(personal)", from: "bounmy") == [
                    "You have no reminder \(personal). /reminders lists yours."
                ])
            #expect(
                await bot.say("/reminder cancel \(team)", from: "fac") == [
                    "Cancelled reminder \(team): review, on Mon 8 Nov 10:30 (Europe/Berlin)."
                ])
            // Someone else's personal reminder is named by whose it is, not by its words.
            #expect(
                await bot.say("/reminder cancel \(personal)", from: "fac") == [
                    "Cancelled reminder \(personal): a personal reminder of souk, on Mon 8 Nov 10:30 (Europe/Berlin)."
                ])
            let pending = try await bot.store.transaction {
                try $0.jobs(owner: "deadlines", keyPrefix: "reminder/", states: [.pending])
            }
            #expect(pending.isEmpty)
        }
    }

    @Test func aRepeatLongerThanAYearOrAReminderBeyondAYearIsRefusedAndNothingIsStored() async throws {
        try await withTestBot(plugins: [try plugin()], now: now) { bot in
            // Once a trap in the store's date conversion, which stopped the process.
            #expect(await bot.say("/remind me every 9999999999999999s x") == [ReminderTime.longestRepeatMessage])
            #expect(await bot.say("/remind me every 366d x") == [ReminderTime.longestRepeatMessage])
            #expect(
                await bot.say("/remind me in 99999999999999999999h x") == ["Reminders can be at most a year ahead."])
            #expect(await bot.say("/remind me in 367d x") == ["Reminders can be at most a year ahead."])
            #expect(await bot.say("/remind me 0000-01-01 10:00 x").joined().contains("0000-01-01 is not a date"))
            #expect(await bot.say("/remind me 9999-12-31 10:00 x").joined().contains("at most a year ahead"))
            let pending = try await bot.store.transaction {
                try $0.jobs(owner: "deadlines", keyPrefix: "reminder/", states: [.pending])
            }
            #expect(pending.isEmpty)
            #expect(await bot.say("/remind me every 365d yearly").first?.contains("set: every 365 days") == true)
        }
    }

    @Test func badRequestsStoreNothing() async throws {
        try await withTestBot(plugins: [try plugin()], now: now) { bot in
            #expect(await bot.say("/remind me in 2h").joined().contains("say what to remind of"))
            #expect(await bot.say("/remind me 2021-02-31 10:00 x").joined().contains("is not a date"))
            #expect(await bot.say("/remind you in 2h x").joined().contains("say me or team first"))
            #expect(await bot.say("/remind me in 1h a").first?.hasPrefix("Reminder ") == true)
            #expect(await bot.say("/remind me in 2h b").first?.hasPrefix("Reminder ") == true)
            #expect(await bot.say("/remind me in 3h c").first?.contains("the most allowed") == true)
            let pending = try await bot.store.transaction {
                try $0.jobs(owner: "deadlines", keyPrefix: "reminder/", states: [.pending])
            }
            #expect(pending.count == 2)
        }
    }
}

struct DeadlineTests {
    let now = iso.date(from: "2021-11-19T13:00:00Z")!  // 14:00 in Berlin, three hours before the first draft
    let roster = Roster(
        teams: [
            TestTeams.lao, TestTeams.mongolia,
        ],
        participants: [UserRef(platform: "test", id: "bounmy"): "lao"])

    func plugin() throws -> LoadedPlugin {
        LoadedPlugin(
            try DeadlinesPlugin(
                configuration: .init(
                    defaultTimeZone: "Europe/Berlin",
                    deadlines: [
                        .init(id: "first-draft", title: "First draft", due: "2021-11-19 17:00", remind: ["2h", "30m"])
                    ],
                    // Quiet hours would move Mongolia's (midnight there) reminders: QuietHoursTests covers that.
                    quietHours: "off")))
    }

    @Test func doneStopsThatTeamsRemindersOnly() async throws {
        try await withTestBot(plugins: [try plugin()], roster: roster, now: now) { bot in
            let listed = await bot.say("/deadlines", from: "bounmy").joined(separator: "\n")
            #expect(listed.contains("first-draft First draft: Fri 19 Nov 23:00, in 3 h"))  // Vientiane time
            #expect(
                await bot.say("/deadline done first-draft", from: "bounmy").first?.contains("submitted for Lao PDR")
                    == true)
            #expect(await bot.say("/deadlines", from: "bounmy").joined().contains("submitted by bounmy"))
            bot.clock.advance(by: 3600)  // 15:00 Berlin: the 2h reminder
            let held = await eventually { bot.channel.sent.count == 4 }
            #expect(held)
            let reminder = try #require(bot.channel.sent.last)
            #expect(reminder.chat.id == "mn-chat")
            #expect(
                reminder.reply.plainText.hasPrefix("First draft is due in 2 h: Sat 20 Nov 00:00 (Asia/Ulaanbaatar)."))
            bot.clock.advance(by: 90 * 60)  // the 30m reminder
            let held2 = await eventually { bot.channel.sent.count == 5 }
            #expect(held2)
            let holds = bot.channel.sent.filter { $0.chat.id == "lao-chat" }.isEmpty
            #expect(holds)
        }
    }

    @Test func aMoveIsReadInTheMoversZoneOrTheZoneGiven() async throws {
        var laoFacilitator = roster
        laoFacilitator.facilitators = [UserRef(platform: "test", id: "fac")]
        laoFacilitator.participants[UserRef(platform: "test", id: "fac")] = "lao"
        try await withTestBot(plugins: [try plugin()], roster: laoFacilitator, now: now) { bot in
            // 17:00 for a facilitator in the Lao team is 17:00 in Vientiane (10:00 UTC), not in the deadline's Berlin.
            let moved =
                await bot.say("/deadline move first-draft 2021-11-20 17:00", from: "fac", replies: 3).first ?? ""
            #expect(moved.contains("→ Sat 20 Nov 17:00 (Asia/Vientiane)"), "\(moved)")
            let stored = try await bot.store.transaction {
                try $0.record(namespace: "deadlines", collection: "deadlines", key: "first-draft")
            }
            let due = try JSONDecoder().decode(StoredDue.self, from: try #require(stored)).due
            #expect(due == iso.date(from: "2021-11-20T10:00:00Z"))
            let berlin =
                await bot.say(
                    "/deadline move first-draft 2021-11-21 17:00 --zone Europe/Berlin", from: "fac", replies: 3
                ).first ?? ""
            #expect(berlin.contains("→ Sun 21 Nov 17:00 (Europe/Berlin)"), "\(berlin)")
        }
    }

    /// The part of a stored deadline this test reads.
    struct StoredDue: Decodable {
        var due: Date
    }

    @Test func aMovedDeadlineIsAnnouncedOnceAndItsOldRemindersDoNotFire() async throws {
        var withFacilitator = roster
        withFacilitator.facilitators = [UserRef(platform: "test", id: "fac")]
        try await withTestBot(plugins: [try plugin()], roster: withFacilitator, now: now) { bot in
            let refused = await bot.say("/deadline move first-draft 2021-11-20 17:00", from: "bounmy").first ?? ""
            #expect(refused.contains("/deadline move is for facilitators only"))
            let moved = await bot.say("/deadline move first-draft 2021-11-20 17:00", from: "fac", replies: 3)
            // The reply repeats the new time with its zone and how far ahead it is; the teams' notice names the move.
            #expect(
                moved.first == "Moved: First draft, Fri 19 Nov 17:00 → Sat 20 Nov 17:00 (Europe/Berlin), in 1 day 3 h.")
            let held = await eventually { bot.channel.sent.count == 4 }
            #expect(held)  // the refusal, the reply, one notice per team
            let notices = bot.channel.sent.suffix(2)
            #expect(Set(notices.map(\.chat.id)) == ["lao-chat", "mn-chat"])
            // The old reminders (15:00 and 16:30 today) do not fire.
            bot.clock.advance(by: 4 * 3600)
            #expect(await bot.bot.scheduler.fireDueJobs() == 0)
            #expect(bot.channel.sent.count == 4)
            // The new ones do, a day later.
            bot.clock.advance(by: 21 * 3600)
            let held2 = await eventually { bot.channel.sent.count == 6 }
            #expect(held2)
            #expect(bot.channel.sent.last?.reply.plainText.hasPrefix("First draft is due in 2 h") == true)
        }
    }

    @Test func facilitatorsAddAndCancelDeadlines() async throws {
        var withFacilitator = roster
        withFacilitator.facilitators = [UserRef(platform: "test", id: "fac")]
        try await withTestBot(plugins: [try plugin()], roster: withFacilitator, now: now) { bot in
            let added = await bot.say(
                #"/deadline add "Country brief" 2021-11-22 12:00 --team lao --remind 24h"#, from: "fac")
            // The time as understood, with its zone (the facilitator's: the roster's default here) and countdown.
            #expect(
                added.first
                    == "Added deadline country-brief for Lao PDR: Country brief, due Mon 22 Nov 12:00 (Europe/Berlin), in 2 days 22 h."
            )
            #expect(await bot.say("/deadlines", from: "bounmy").joined().contains("country-brief Country brief"))
            #expect(
                await bot.say("/deadline add Late 2021-11-01 12:00", from: "fac").first
                    == "Mon 1 Nov 12:00 (Europe/Berlin) is in the past. Nothing was changed.")
            #expect(
                await bot.say("/deadline move country-brief 2021-11-19 13:59", from: "fac").first
                    == "Fri 19 Nov 13:59 (Europe/Berlin) is in the past. Nothing was changed.")
            let cancelled = await bot.say("/deadline cancel country-brief", from: "fac", replies: 2)
            #expect(cancelled.first == "Cancelled: Country brief. Its reminders are cancelled.")
            let held = await eventually {
                bot.channel.sent.contains {
                    $0.chat.id == "lao-chat" && $0.reply.plainText == "Cancelled: Country brief"
                }
            }
            #expect(held)
            #expect(!(await bot.say("/deadlines", from: "bounmy").joined().contains("country-brief")))
        }
    }

    /// The roster with a facilitator and a Mongolian participant besides Bounmy.
    var everyone: Roster {
        var roster = roster
        roster.facilitators = [UserRef(platform: "test", id: "fac")]
        roster.participants[UserRef(platform: "test", id: "saran")] = "mongolia"
        return roster
    }

    @Test func teamsAreNamedAndATeamOnlyDeadlineIsLabelledForAFacilitator() async throws {
        try await withTestBot(plugins: [try plugin()], roster: everyone, now: now) { bot in
            _ = await bot.say(#"/deadline add "Country brief" 2021-11-22 12:00 --team lao"#, from: "fac")
            let listed = await bot.say("/deadlines", from: "fac").joined(separator: "\n")
            #expect(listed.contains("country-brief Country brief (for Lao PDR): Mon 22 Nov 12:00, in 2 days 22 h"))
            // A deadline for every team is not labelled.
            #expect(listed.contains("first-draft First draft: Fri 19 Nov 17:00, in 3 h"))
            let one = await bot.say("/deadline country-brief", from: "fac").joined(separator: "\n")
            #expect(one.hasSuffix("For: Lao PDR"), "\(one)")
        }
    }

    @Test func aSubmittedDeadlineShowsWhenAndByWhomAndOtherTeamsSeeTheirOwnState() async throws {
        try await withTestBot(plugins: [try plugin()], roster: everyone, now: now) { bot in
            _ = await bot.say("/deadline done first-draft", from: "bounmy")
            let lao = await bot.say("/deadline first-draft", from: "bounmy").joined(separator: "\n")
            #expect(lao.contains("Submitted for Lao PDR by bounmy, Fri 19 Nov 20:00 (Asia/Vientiane)."), "\(lao)")
            #expect(!lao.contains("Reminders"))
            // Mongolia has not submitted: its own plan, in the reader's zone.
            let mongolia = await bot.say("/deadline first-draft", from: "saran").joined(separator: "\n")
            #expect(mongolia.contains("Reminders for your team: Fri 19 Nov 22:00; Fri 19 Nov 23:30"), "\(mongolia)")
            #expect(!mongolia.contains("Submitted"))
            // A deadline of another team is not theirs: no plan of a team that is not theirs.
            _ = await bot.say(#"/deadline add "Country brief" 2021-11-22 12:00 --team lao"#, from: "fac")
            let other = await bot.say("/deadline country-brief", from: "saran").joined(separator: "\n")
            #expect(other.contains("Not for your team (Mongolia)."), "\(other)")
            #expect(!other.contains("Reminders for your team"))
        }
    }

    @Test func aDeadlinesTimeNamesItsZoneAndCountdown() async throws {
        try await withTestBot(plugins: [try plugin()], roster: everyone, now: now) { bot in
            let lao = await bot.say("/deadline first-draft", from: "bounmy").first
            #expect(
                lao?.hasPrefix("First draft (first-draft): due Fri 19 Nov 23:00 (Asia/Vientiane), in 3 h\n") == true,
                "\(lao ?? "")")
            let facilitator = await bot.say("/deadline first-draft", from: "fac").first
            #expect(
                facilitator?.hasPrefix("First draft (first-draft): due Fri 19 Nov 17:00 (Europe/Berlin), in 3 h\n")
                    == true, "\(facilitator ?? "")")
            bot.clock.advance(by: 4 * 3600)
            let late = await bot.say("/deadline first-draft", from: "fac").first
            #expect(
                late?.hasPrefix("First draft (first-draft): due Fri 19 Nov 17:00 (Europe/Berlin), overdue\n") == true,
                "\(late ?? "")")
        }
    }

    @Test func aDeadlineIdIsMadeOfTheWholeTitle() async throws {
        try await withTestBot(plugins: [try plugin()], roster: everyone, now: now) { bot in
            let added = await bot.say(
                #"/deadline add "Action plan of the Lao team" 2021-11-22 12:00"#, from: "fac"
            ).joined()
            #expect(added.hasPrefix("Added deadline action-plan-of-the-lao-team: "), "\(added)")
            let listed = await bot.say("/deadlines", from: "bounmy").joined(separator: "\n")
            #expect(listed.contains("action-plan-of-the-lao-team Action plan of the Lao team:"))
            let one = await bot.say("/deadline action-plan-of-the-lao-team", from: "bounmy").first
            #expect(one?.hasPrefix("Action plan of the Lao team (action-plan-of-the-lao-team): due") == true)
        }
    }

    @Test func aHugeReminderOffsetIsRefusedAndOneStoredEarlierDoesNotStopTheStart() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("offset-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var withFacilitator = roster
        withFacilitator.facilitators = [UserRef(platform: "test", id: "fac")]
        try await withTestBot(plugins: [try plugin()], roster: withFacilitator, now: now, storeDirectory: directory) {
            bot in
            // Once accepted, and then a trap at every start.
            let huge = await bot.say(
                #"/deadline add "Big" 2021-12-01 10:00 --remind 99999999999999999999h"#, from: "fac")
            #expect(
                huge == [
                    "A reminder can come at most 365 days before its deadline (--remind 365d). Nothing was changed."
                ])
            let many = await bot.say(
                #"/deadline add "Many" 2021-12-01 10:00 --remind 1h,2h,3h,4h,5h,6h,7h,8h,9h,10h,11h"#, from: "fac")
            #expect(many == ["A deadline can have at most 10 reminder times. Nothing was changed."])
            #expect(
                await bot.say(#"/deadline add "Far" 2023-01-01 10:00"#, from: "fac") == [
                    "A deadline can be at most a year ahead. Nothing was changed."
                ])
            #expect(
                await bot.say(#"/deadline add "Far" 99999999999999999-01-01 10:00"#, from: "fac").joined().contains(
                    "YYYY-MM-DD HH:MM"))
            #expect(
                await bot.say("/deadline move first-draft 9999-12-31 10:00", from: "fac") == [
                    "A deadline can be at most a year ahead. Nothing was changed."
                ])
            let long = String(repeating: "t", count: 201)
            #expect(
                await bot.say("/deadline add \(long) 2021-12-01 10:00", from: "fac") == [
                    "Keep the title under 200 characters. Nothing was changed."
                ])
            #expect(
                await bot.say("/deadlines", from: "bounmy").joined(separator: "\n").split(separator: "\n").count == 2)
            // A deadline stored by an earlier version with such an offset.
            let stored = Deadline(
                id: "big", title: "Big", due: now.addingTimeInterval(86_400), zone: "Europe/Berlin", teams: [],
                offsets: [3.6e23, 3600])
            try await bot.store.transaction { tx in
                try PluginTransaction(transaction: tx, namespace: "deadlines", now: now).put(stored, "deadlines", "big")
            }
        }
        try await withTestBot(plugins: [try plugin()], roster: withFacilitator, now: now, storeDirectory: directory) {
            bot in
            #expect(await bot.say("/deadline big", from: "bounmy").first?.hasPrefix("Big (big): due") == true)
            let booked = try await bot.store.transaction {
                try $0.jobs(owner: "deadlines", keyPrefix: "deadline/big/", states: [.pending])
            }
            #expect(booked.map(\.key) == ["deadline/big/lao/3600", "deadline/big/mongolia/3600"])
        }
    }

    @Test func badDeadlinesAreRefusedWithTheField() {
        #expect(
            throws: PluginConfigurationError(
                path: ["deadlines", "0", "due"], "expected YYYY-MM-DD HH:MM, found \"2021-02-31 17:00\"")
        ) {
            try DeadlinesPlugin(configuration: .init(deadlines: [.init(id: "x", title: "X", due: "2021-02-31 17:00")]))
        }
        #expect(
            throws: PluginConfigurationError(
                path: ["deadlines", "0", "remind", "1"], "expected a duration such as 24h")
        ) {
            try DeadlinesPlugin(
                configuration: .init(deadlines: [
                    .init(id: "x", title: "X", due: "2021-11-19 17:00", remind: ["2h", "soon"])
                ]))
        }
        #expect(
            throws: PluginConfigurationError(
                path: ["deadlines", "0", "remind", "0"], "at most 365d before the deadline")
        ) {
            try DeadlinesPlugin(
                configuration: .init(deadlines: [
                    .init(id: "x", title: "X", due: "2021-11-19 17:00", remind: ["99999999999999999999h"])
                ]))
        }
        #expect(
            throws: PluginConfigurationError(
                path: ["deadlines", "0", "remind"], "at most 10 reminder times per deadline")
        ) {
            try DeadlinesPlugin(
                configuration: .init(deadlines: [
                    .init(id: "x", title: "X", due: "2021-11-19 17:00", remind: (1...11).map { "\($0)h" })
                ]))
        }
        #expect(
            throws: PluginConfigurationError(
                path: ["deadlines", "0", "due"], "expected YYYY-MM-DD HH:MM, found \"99999999999-11-19 17:00\"")
        ) {
            try DeadlinesPlugin(
                configuration: .init(deadlines: [.init(id: "x", title: "X", due: "99999999999-11-19 17:00")]))
        }
        #expect(
            throws: PluginConfigurationError(
                path: ["minimum_recurring_interval"], "expected a duration such as 1h or 30m, at most 365d")
        ) {
            try DeadlinesPlugin(configuration: .init(minimumRecurringInterval: "99999999999999999999h"))
        }
        #expect(throws: PluginConfigurationError(path: ["maximum_per_user"], "expected a number from 1 to 1000")) {
            try DeadlinesPlugin(configuration: .init(maximumPerUser: Int.max))
        }
    }
}

struct UpcomingTests {
    /// The deadline tests' two teams and first draft, with a facilitator.
    let now = DeadlineTests().now  // 14:00 in Berlin; the first draft is due at 17:00
    let roster: Roster = {
        var roster = DeadlineTests().roster
        roster.facilitators = [UserRef(platform: "test", id: "fac")]
        roster.timeZone = "Europe/Berlin"  // the workshop's zone, for a facilitator with no team
        return roster
    }()

    /// The deadlines plugin and the `/upcoming` view of what it schedules.
    func plugins() throws -> [LoadedPlugin] {
        [try DeadlineTests().plugin(), LoadedPlugin(UpcomingPlugin(configuration: NoConfiguration()))]
    }

    @Test func theListingIsInTheReadersZoneAndTheWorkshopsOtherwise() async throws {
        var utcWorkshop = roster
        utcWorkshop.timeZone = nil
        utcWorkshop.participants[UserRef(platform: "test", id: "fac")] = "lao"
        // A facilitator counted in the Lao team reads Vientiane time (UTC+7): 15:00 Berlin is 21:00 there.
        try await withTestBot(plugins: try plugins(), roster: utcWorkshop, now: now) { bot in
            let listing = await bot.say("/upcoming", from: "fac").joined(separator: "\n")
            #expect(listing.contains("(times in Asia/Vientiane;"))
            #expect(listing.contains("Fri 19 Nov 21:00"))
        }
        // With no team and no workshop zone: UTC, named as such.
        var noZone = roster
        noZone.timeZone = nil
        try await withTestBot(plugins: try plugins(), roster: noZone, now: now) { bot in
            let listing = await bot.say("/upcoming", from: "fac").joined(separator: "\n")
            #expect(listing.contains("(times in UTC;"))
            #expect(listing.contains("Fri 19 Nov 14:00"))
        }
    }

    /// A reminder for a team without chats posts nothing, and the log says so when it would have fired.
    @Test func aReminderForATeamWithoutChatsIsLoggedWhenItGoesNowhere() async throws {
        var changed = roster
        changed.teams[1].chats = []  // Mongolia
        let noChats = changed
        let deadlines = try DeadlinesPlugin(
            configuration: .init(
                defaultTimeZone: "Europe/Berlin",
                deadlines: [.init(id: "first-draft", title: "First draft", due: "2021-11-19 17:00", remind: ["2h"])],
                quietHours: "off"))
        try await withTestBot(plugins: [LoadedPlugin(deadlines)], roster: noChats, now: now) { bot in
            let storage = PluginStorage(namespace: DeadlinesPlugin.name, store: bot.store, clock: bot.clock)
            let pending = try await storage.transaction { try $0.jobs(states: [.pending]) }
            let foundMongolia = pending.first { $0.key?.contains("/mongolia/") == true }
            let mongolia = try #require(foundMongolia)
            let foundHandler = deadlines.jobHandlers.first { $0.kind == mongolia.kind }
            let handler = try #require(foundHandler)
            let logs = LogLines()
            let posts = try await handler.handle(
                mongolia,
                PluginContext(
                    clock: bot.clock, logger: logs.logger, storage: storage,
                    roster: noChats))
            #expect(posts.isEmpty)
            let logged = logs.all.filter { $0.contains("deadline reminder not posted") }
            #expect(
                logged == [
                    "warning deadline reminder not posted: the team has no chats in roster.yaml deadline=first-draft team=mongolia"
                ])
            // The team with chats gets its reminder from the same handler.
            let foundLao = pending.first { $0.key?.contains("/lao/") == true }
            let lao = try #require(foundLao)
            let laoPosts = try await handler.handle(
                lao, PluginContext(clock: bot.clock, logger: Logger(label: "t"), storage: storage, roster: noChats))
            let laoChats = try #require(noChats.team(id: "lao")).chats
            #expect(!laoChats.isEmpty)
            #expect(Set(laoPosts.map(\.chat)) == Set(laoChats))
        }
    }

    @Test func eachPostNamesWhereItGoesOrThatItGoesNowhereAndAMutedOneCanBeUnmuted() async throws {
        var noChats = roster
        noChats.teams[1].chats = []  // Mongolia
        try await withTestBot(plugins: try plugins(), roster: noChats, now: now) { bot in
            let lines = await bot.say("/upcoming", from: "fac").joined(separator: "\n").split(separator: "\n")
            let lao = lines.filter { $0.contains("to team lao") }
            let laoTargeted = lao.count == 2 && lao.allSatisfy { $0.contains("→ test:lao-chat:") }
            #expect(laoTargeted, "\(lines)")
            let mongolia = lines.filter { $0.contains("to team mongolia") }
            let mongoliaMarked =
                mongolia.count == 2 && mongolia.allSatisfy { $0.contains("(no chat: will not be posted)") }
            #expect(mongoliaMarked)
            // Numbered 1, 2, 3... in the order listed.
            let numbered = lines.dropFirst().enumerated().allSatisfy { $0.element.hasPrefix("\($0.offset + 1). ") }
            #expect(numbered)
            let foundLao = lao.first { $0.contains("15:00") }
            let number = String(try #require(foundLao).prefix { $0.isNumber })
            #expect(await bot.say("/upcoming mute \(number)", from: "fac").first?.hasPrefix("Muted \(number):") == true)
            let unmuted = await bot.say("/upcoming unmute \(number)", from: "fac").joined()
            #expect(unmuted.hasPrefix("Unmuted \(number): reminder of First draft to team lao"), "\(unmuted)")
            #expect(unmuted.contains("Fri 19 Nov 15:00 (Europe/Berlin)"), "\(unmuted)")
            let again = await bot.say("/upcoming unmute \(number)", from: "fac").joined()
            #expect(again.contains("is not muted"), "\(again)")
            // Unmuted, it is posted at its time after all.
            bot.clock.advance(to: iso.date(from: "2021-11-19T14:00:00Z")!)
            let held = await eventually { bot.channel.sent.contains { $0.chat.id == "lao-chat" } }
            #expect(held)
            #expect(await bot.say("/upcoming mute 99", from: "fac").joined().contains("there is no number 99"))
        }
    }

    @Test func facilitatorsSeeWhatWillBePostedAndCanMuteOne() async throws {
        try await withTestBot(plugins: try plugins(), roster: roster, now: now) { bot in
            _ = await bot.say("/remind me in 1h my secret plan", from: "bounmy")
            let refused = await bot.say("/upcoming", from: "bounmy").joined()
            #expect(refused.contains("for facilitators only"))

            let listing = await bot.say("/upcoming", from: "fac").joined(separator: "\n")
            let lines = listing.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("Scheduled within 1 day") == true)
            // For a facilitator whose app is in French: the listing and its days in French.
            let french = await bot.say("/upcoming", from: "fac", language: "fr").joined(separator: "\n")
            #expect(french.hasPrefix("Programmé d’ici "), "\(french)")
            #expect(french.contains("ven. 19 nov. "), "\(french)")
            // Two reminders for each team (2 h and 30 min before), and the personal reminder without its words.
            let holds = lines.filter { $0.contains("reminder of First draft to team lao") }.count == 2
            #expect(holds)
            let holds2 = lines.filter { $0.contains("reminder of First draft to team mongolia") }.count == 2
            #expect(holds2)
            let holds3 = lines.contains { $0.contains("a personal reminder for bounmy") }
            #expect(holds3)
            #expect(!listing.contains("secret"))
            try #require(lines.count == 6, "\(lines)")
            // Soonest first, in the reader's zone (Berlin by default): 15:00 before 16:30.
            #expect(lines[1].contains("Fri 19 Nov 15:00"))
            #expect(lines[5].contains("Fri 19 Nov 16:30"))

            #expect(
                await bot.say("/upcoming 30m", from: "fac") == ["Nothing is scheduled to be posted within 30 min."]
            )
            #expect(await bot.say("/upcoming soon", from: "fac").joined().contains("a duration such as 24h"))

            // Mute Lao's 2-hour reminder: Mongolia still gets its own, Lao gets nothing at 15:00.
            let foundLaoLine = lines.first { $0.contains("team lao") && $0.contains("15:00") }
            let laoLine = try #require(foundLaoLine)
            let number = String(laoLine.prefix { $0.isNumber })
            let muted = await bot.say("/upcoming mute \(number)", from: "fac").joined()
            #expect(muted.hasPrefix("Muted \(number): reminder of First draft to team lao"), "\(muted)")
            #expect(
                await bot.say("/upcoming mute \(number)", from: "fac").joined().contains(
                    "Post \(number) is no longer scheduled"))
            let after = await bot.say("/upcoming", from: "fac").joined(separator: "\n")
            let laoAt15 = after.split(separator: "\n").filter { $0.contains("team lao") && $0.contains("15:00") }
            #expect(laoAt15.isEmpty)

            let before = bot.channel.sent.count
            bot.clock.advance(to: iso.date(from: "2021-11-19T14:00:00Z")!)
            let held = await eventually { bot.channel.sent.count == before + 2 }
            #expect(held)
            try await Task.sleep(for: .milliseconds(200))
            let fired = bot.channel.sent.dropFirst(before)
            // Mongolia's reminder, and the personal one in the chat where it was set; nothing for Lao.
            #expect(Set(fired.map(\.chat.id)) == ["mn-chat", "room"])
            let holds4 = fired.first { $0.chat.id == "room" }?.reply.plainText.contains("secret plan") == true
            #expect(holds4)
            let holds5 = fired.filter { $0.chat.id == "lao-chat" }.isEmpty
            #expect(holds5)
        }
    }
}

struct QuietHoursTests {
    /// The shipped first draft: Friday 19 November 2021, 17:00 in Berlin (16:00 UTC), reminders 72h, 24h and 2h before.
    let deadline = Deadline(
        id: "first-draft", title: "First draft", due: iso.date(from: "2021-11-19T16:00:00Z")!, zone: "Europe/Berlin",
        teams: [], offsets: [72 * 3600, 24 * 3600, 2 * 3600])

    func times(_ zone: String, _ quiet: QuietHours? = .standard) -> [String] {
        deadline.reminderTimes(zone: TimeZone(identifier: zone)!, quiet: quiet).map { iso.string(from: $0.at) }
    }

    @Test func remindersThatWouldLandAtNightWaitForTheMorningOrComeTheEveningBefore() {
        // Ulaanbaatar (UTC+8): due at midnight there. 72h and 24h before are midnight too: moved to 07:00; 2h
        // before is 22:00, and the morning after is past the deadline: moved to 21:59.
        #expect(times("Asia/Ulaanbaatar") == ["2021-11-16T23:00:00Z", "2021-11-18T23:00:00Z", "2021-11-19T13:59:00Z"])
        // Vientiane (UTC+7): 23:00 twice, moved to 07:00 the next morning; 21:00 stays.
        #expect(times("Asia/Vientiane") == ["2021-11-17T00:00:00Z", "2021-11-19T00:00:00Z", "2021-11-19T14:00:00Z"])
        // Kampala (UTC+3): 19:00 and 17:00, never at night.
        #expect(times("Africa/Kampala") == ["2021-11-16T16:00:00Z", "2021-11-18T16:00:00Z", "2021-11-19T14:00:00Z"])
        // Off: the plain offsets.
        #expect(
            times("Asia/Ulaanbaatar", nil) == ["2021-11-16T16:00:00Z", "2021-11-18T16:00:00Z", "2021-11-19T14:00:00Z"])
    }

    @Test func aReminderSentIsNotSentAgainWhenQuietHoursChangeLater() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quiet-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let roster = Roster(
            teams: [
                Team(
                    id: "mongolia", name: "Mongolia", timeZone: "Asia/Ulaanbaatar",
                    chats: [ChatRef(platform: "test", id: "mn")])
            ])
        func plugin(_ quiet: String?) throws -> LoadedPlugin {
            LoadedPlugin(
                try DeadlinesPlugin(
                    configuration: .init(
                        defaultTimeZone: "Europe/Berlin",
                        deadlines: [
                            .init(id: "first-draft", title: "First draft", due: "2021-11-19 17:00", remind: ["72h"])
                        ],
                        quietHours: quiet)))
        }
        // The 72-hour reminder (midnight in Ulaanbaatar) goes out at 07:00 there.
        try await withTestBot(
            plugins: [try plugin(nil)], roster: roster, now: iso.date(from: "2021-11-16T22:00:00Z")!,
            storeDirectory: directory
        ) { bot in
            bot.clock.advance(to: iso.date(from: "2021-11-16T23:00:00Z")!)
            let held = await eventually { bot.channel.sent.count == 1 }
            #expect(held)
        }
        // Quiet hours now end at 09:00: the reminder would move to 09:00, but it was sent already.
        try await withTestBot(
            plugins: [try plugin("22:00-09:00")], roster: roster, now: iso.date(from: "2021-11-16T23:30:00Z")!,
            storeDirectory: directory
        ) { bot in
            let pending = try await bot.store.transaction {
                try $0.jobs(owner: "deadlines", keyPrefix: "deadline/", states: [.pending])
            }
            #expect(pending.isEmpty)
            bot.clock.advance(to: iso.date(from: "2021-11-17T01:00:00Z")!)
            try await Task.sleep(for: .milliseconds(200))
            #expect(bot.channel.sent.isEmpty)
        }
    }

    @Test func twoRemindersMovedToTheSameMorningAreSentOnce() {
        // Due 07:30 in Berlin: 2h and 1h before (05:30, 06:30) both wait until 07:00.
        let early = Deadline(
            id: "x", title: "x", due: iso.date(from: "2021-11-22T06:30:00Z")!, zone: "Europe/Berlin", teams: [],
            offsets: [2 * 3600, 3600])
        let at = early.reminderTimes(zone: TimeZone(identifier: "Europe/Berlin")!, quiet: .standard)
        #expect(at.map { iso.string(from: $0.at) } == ["2021-11-22T06:00:00Z"])
    }

    @Test func quietHoursAreConfigurable() throws {
        #expect(QuietHours(parsing: "23:30-06:15") == QuietHours(from: 23 * 60 + 30, to: 6 * 60 + 15))
        #expect(QuietHours(parsing: "13:00-14:00")?.contains(minuteOfDay: 13 * 60 + 30) == true)
        #expect(QuietHours(parsing: "13:00-14:00")?.contains(minuteOfDay: 14 * 60) == false)
        for bad in ["22-07", "25:00-07:00", "22:00", "07:00-07:00", "late"] {
            #expect(QuietHours(parsing: bad) == nil, "\(bad)")
            #expect(throws: PluginConfigurationError.self) {
                try DeadlinesPlugin(configuration: .init(quietHours: bad))
            }
        }
        #expect(try DeadlinesPlugin(configuration: .init(quietHours: "off")).quietHours == nil)
        #expect(try DeadlinesPlugin(configuration: .init()).quietHours == .standard)
    }

    @Test func aTeamsDeadlineRemindersAreBookedOutsideItsNight() async throws {
        let roster = Roster(
            teams: [
                Team(
                    id: "mongolia", name: "Mongolia", timeZone: "Asia/Ulaanbaatar",
                    chats: [ChatRef(platform: "test", id: "mn")])
            ],
            participants: [UserRef(platform: "test", id: "saran"): "mongolia"])
        let plugin = LoadedPlugin(
            try DeadlinesPlugin(
                configuration: .init(
                    defaultTimeZone: "Europe/Berlin",
                    deadlines: [
                        .init(
                            id: "first-draft", title: "First draft", due: "2021-11-19 17:00",
                            remind: ["72h", "24h", "2h"])
                    ])))
        try await withTestBot(plugins: [plugin], roster: roster, now: iso.date(from: "2021-11-15T08:00:00Z")!) { bot in
            let jobs = try await bot.store.transaction {
                try $0.jobs(owner: "deadlines", keyPrefix: "deadline/", states: [.pending])
            }
            let holds =
                jobs.map { iso.string(from: $0.dueAt) } == [
                    "2021-11-16T23:00:00Z", "2021-11-18T23:00:00Z", "2021-11-19T13:59:00Z",
                ]
            #expect(holds)
            // The team sees the same plan, in its zone.
            let plan = await bot.say("/deadline first-draft", from: "saran").joined(separator: "\n")
            #expect(
                plan.contains("Reminders for your team: Wed 17 Nov 07:00; Fri 19 Nov 07:00; Fri 19 Nov 21:59"),
                "\(plan)")
            // At 07:00 in Ulaanbaatar the 72-hour reminder arrives (2 days 17 h before the deadline).
            bot.clock.advance(to: iso.date(from: "2021-11-16T23:00:00Z")!)
            let held = await eventually { bot.channel.sent.count == 2 }
            #expect(held)
            #expect(bot.channel.sent.last?.chat.id == "mn")
            #expect(bot.channel.sent.last?.reply.plainText.contains("First draft is due in 2 days 17 h") == true)
        }
    }
}

struct DeadlinePlanTests {
    @Test func aTeamsReminderPlanIsWorkedOutOncePerDeadlineAndZone() async throws {
        let now = try #require(iso.date(from: "2021-11-15T08:00:00Z"))
        let roster = Roster(
            teams: [
                Team(
                    id: "lao", name: "Lao PDR", timeZone: "Asia/Vientiane",
                    chats: [ChatRef(platform: "test", id: "lao-chat")])
            ],
            participants: [UserRef(platform: "test", id: "bounmy"): "lao", UserRef(platform: "test", id: "keo"): "lao"])
        let reminders = try DeadlinesPlugin(
            configuration: .init(
                defaultTimeZone: "Europe/Berlin",
                deadlines: [
                    .init(
                        id: "first-draft", title: "First draft", due: "2021-11-19 17:00", remind: ["72h", "24h", "2h"])
                ]))
        try await withTestBot(plugins: [LoadedPlugin(reminders)], roster: roster, now: now) { bot in
            let first = await bot.say("/deadline first-draft", from: "bounmy")
            // 17:00 Berlin is 23:00 in Vientiane: the 2h reminder (21:00) is kept; 72h and 24h land at 23:00,
            // in the team's quiet hours, and come the next morning at 07:00 instead.
            #expect(
                first.joined().contains("Reminders for your team: Wed 17 Nov 07:00; Fri 19 Nov 07:00; Fri 19 Nov 21:00")
            )
            #expect(await bot.say("/deadline first-draft", from: "keo") == first)
            #expect(reminders.plans.count == 1)
            _ = await bot.say("/deadline first-draft", from: "alice")
            #expect(reminders.plans.count == 2)
        }
    }
}
