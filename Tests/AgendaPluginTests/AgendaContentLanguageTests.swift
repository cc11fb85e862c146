import BotConfig
import BotCore
import BotRuntime
import BotTesting
import DeadlinesPlugin
import Foundation
import Testing

@testable import AgendaPlugin

/// Sessions whose title, description and room a facilitator gives per language in agenda.yaml: each reader sees
/// their language's, else English's.
@Suite("Agenda content in several languages")
struct AgendaContentLanguageTests {
    static let yaml = makeConfiguration(
        sessions: """
              - id: opening
                title: {en: "Opening plenary", fr: "Séance plénière d'ouverture", ru: "Пленарное открытие", zh: "开幕全体会议"}
                description:
                  en: Welcome and aims of the workshop.
                  fr: Accueil et objectifs de l'atelier.
                start: 2021-11-08 09:00
                end: 10:30
                where: {en: Main hall, fr: Grande salle}
              - id: mon-drafting
                title: {en: Mongolian drafting, ru: Работа над проектом Монголии}
                start: 2021-11-08 11:00
                duration: 1h
                team: mon
              - id: review
                title: Peer review
                start: 2021-11-09 14:00
                duration: 1h
            """)
    /// Monday 8 November 2021, 08:00 Hamburg (07:00 UTC).
    static let morning = Date(timeIntervalSince1970: 1_636_354_800)

    @Test("a French, Russian and Chinese reader read the title in their language, an English one in English")
    func titlesInEachReadersLanguage() async throws {
        let roster = AgendaLanguageTests.roster
        try await withTestBot(plugins: [try load(Self.yaml)], roster: roster, now: Self.morning) { bot in
            let french = await bot.say("/agenda", language: "fr").joined(separator: "\n")
            #expect(french.contains("09:00–10:30 Séance plénière d'ouverture"), "\(french)")
            let russian = await bot.say("/agenda", language: "ru").joined(separator: "\n")
            #expect(russian.contains("09:00–10:30 Пленарное открытие"), "\(russian)")
            let chinese = await bot.say("/agenda", language: "zh").joined(separator: "\n")
            #expect(chinese.contains("09:00–10:30 开幕全体会议"), "\(chinese)")
            // Asked again, each language's cached view stays its own.
            let english = await bot.say("/agenda").joined(separator: "\n")
            #expect(english.contains("09:00–10:30 Opening plenary"), "\(english)")
            #expect(!english.contains("Séance"), "\(english)")
            let frenchAgain = await bot.say("/agenda", language: "fr").joined(separator: "\n")
            #expect(frenchAgain == french)
            let week = await bot.say("/agenda week", language: "ru").joined(separator: "\n")
            #expect(week.contains("09:00 Пленарное открытие"), "\(week)")
            let next = await bot.say("/next", language: "zh").joined(separator: "\n")
            #expect(next.hasPrefix("下一个：开幕全体会议，"), "\(next)")
            // A session written once reads the same for everyone.
            let tomorrow = await bot.say("/agenda tomorrow", language: "zh").joined(separator: "\n")
            #expect(tomorrow.contains("14:00–15:00 Peer review"), "\(tomorrow)")
        }
    }

    @Test("/session shows the title, room and description in the reader's language, else English's")
    func detailsFallBackToEnglish() async throws {
        try await withTestBot(plugins: [try load(Self.yaml)], roster: AgendaLanguageTests.roster, now: Self.morning) {
            bot in
            let french = await bot.say("/session opening", language: "fr").joined(separator: "\n")
            #expect(french.hasPrefix("Séance plénière d'ouverture (opening)\n"), "\(french)")
            #expect(french.contains("Grande salle"), "\(french)")
            #expect(french.hasSuffix("Accueil et objectifs de l'atelier."), "\(french)")
            // Russian: the title is given in Russian, the room and description are not: English's.
            let russian = await bot.say("/session opening", language: "ru").joined(separator: "\n")
            #expect(russian.hasPrefix("Пленарное открытие (opening)\n"), "\(russian)")
            #expect(russian.contains("Main hall"), "\(russian)")
            #expect(russian.hasSuffix("Welcome and aims of the workshop."), "\(russian)")
            // Chinese: the Mongolian drafting has no Chinese title: English's.
            let chinese = await bot.say("/session mon-drafting", language: "zh").joined(separator: "\n")
            #expect(chinese.hasPrefix("Mongolian drafting (mon-drafting)\n"), "\(chinese)")
            let english = await bot.say("/session opening").joined(separator: "\n")
            #expect(english.hasPrefix("Opening plenary (opening)\n"), "\(english)")
            #expect(english.contains("Where: Main hall"), "\(english)")
        }
    }

    @Test("/agenda search finds a session by its text in any language, whatever the reader's")
    func searchMatchesEveryLanguage() async throws {
        try await withTestBot(plugins: [try load(Self.yaml)], roster: AgendaLanguageTests.roster, now: Self.morning) {
            bot in
            let byFrench = await bot.say("/agenda search pleniere").joined(separator: "\n")
            #expect(byFrench.contains("Opening plenary"), "\(byFrench)")
            let byRussian = await bot.say("/agenda search пленарное", language: "fr").joined(separator: "\n")
            #expect(byRussian.contains("Séance plénière d'ouverture"), "\(byRussian)")
            let byDescription = await bot.say("/agenda search objectifs").joined(separator: "\n")
            #expect(byDescription.contains("Opening plenary"), "\(byDescription)")
        }
    }

    @Test("a team session's announcement is posted in the team chat's language")
    func announcementInTheTeamsLanguage() async throws {
        let roster = AgendaLanguageTests.roster
        try await withTestBot(plugins: [try load(Self.yaml)], roster: roster, now: Self.morning) { bot in
            let booked = await eventually { bot.clock.sleeperCount > 0 }
            #expect(booked)
            // 08:50: the opening in the announcement chat, in the workshop's English.
            bot.clock.advance(by: 50 * 60)
            let opening = await eventually { bot.channel.sent.count == 1 }
            #expect(opening)
            #expect(
                bot.channel.sent.first?.reply.plainText
                    == "Starting in 10 min: Opening plenary at 09:00 Hamburg time.\nWhere: Main hall")
            // 10:50: the Mongolian team's drafting, in its chat's Russian.
            bot.clock.advance(by: 120 * 60)
            let team = await eventually { bot.channel.sent.count == 2 }
            #expect(team)
            let posted = bot.channel.sent.last
            #expect(posted?.chat.id == "mon-chat")
            #expect(
                posted?.reply.plainText == "Начало через 10 мин: Работа над проектом Монголии в 11:00 (время: Hamburg)."
            )
        }
    }

    @Test("a session from a calendar file keeps its one title for every reader")
    func calendarSessionsArePlain() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let calendar = """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            BEGIN:VEVENT\r
            UID:clinic\r
            DTSTART:20211109T080000Z\r
            DTEND:20211109T090000Z\r
            SUMMARY:Drafting clinic\r
            LOCATION:Room 4\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        try calendar.write(to: folder.appendingPathComponent("agenda.ics"), atomically: true, encoding: .utf8)
        let plugin = try PluginFactory(AgendaPlugin.self).load(
            yaml: makeConfiguration(sessions: "  []", extra: "source: agenda.ics"),
            file: folder.appendingPathComponent("agenda.yaml").path, decoder: YAMLConfigDecoder())
        try await withTestBot(plugins: [plugin], now: Self.morning) { bot in
            for language in ["en", "fr", "ru", "zh"] {
                let day = await bot.say("/agenda tomorrow", language: language).joined(separator: "\n")
                #expect(day.contains("09:00–10:00 Drafting clinic"), "\(language): \(day)")
                let detail = await bot.say("/session clinic", language: language).joined(separator: "\n")
                #expect(detail.hasPrefix("Drafting clinic (clinic)\n"), "\(language): \(detail)")
                #expect(detail.contains("Room 4"), "\(language): \(detail)")
            }
        }
    }

    @Test("a deadline's title given per language shows in the agenda's day view in the reader's language")
    func deadlinesInTheAgendaInTheReadersLanguage() async throws {
        let deadlines = try PluginFactory(DeadlinesPlugin.self).load(
            yaml: """
                default_time_zone: Europe/Berlin
                deadlines:
                  - id: first-draft
                    title: {en: First draft, fr: Premier jet, ru: Первый вариант, zh: 初稿}
                    due: 2021-11-08 17:00
                """, file: "deadlines.yaml", decoder: YAMLConfigDecoder())
        let plugins = [try load(Self.yaml), deadlines]
        try await withTestBot(plugins: plugins, roster: AgendaLanguageTests.roster, now: Self.morning) { bot in
            let french = await bot.say("/agenda", language: "fr").joined(separator: "\n")
            #expect(french.contains("Premier jet"), "\(french)")
            let chinese = await bot.say("/agenda", language: "zh").joined(separator: "\n")
            #expect(chinese.contains("初稿"), "\(chinese)")
            let english = await bot.say("/agenda").joined(separator: "\n")
            #expect(english.contains("First draft"), "\(english)")
            #expect(!english.contains("Premier jet"), "\(english)")
        }
    }

    @Test("/session asks another plugin for the session's links in the reader's language")
    func lookupsAreAskedInTheReadersLanguage() async throws {
        let links = LoadedPlugin(
            name: "links", summary: "answers lookups", commands: [],
            lookups: [
                Lookup("session-resources") { key, _ in
                    let (session, language) = Lookup.parts(of: key)
                    return session == "opening" ? [RichText("Slides (\(language.code))")] : []
                }
            ])
        try await withTestBot(plugins: [try load(Self.yaml), links], roster: AgendaLanguageTests.roster) { bot in
            let french = await bot.say("/session opening", language: "fr").joined(separator: "\n")
            #expect(french.hasSuffix("\nSlides (fr)"), "\(french)")
            let english = await bot.say("/session opening").joined(separator: "\n")
            #expect(english.hasSuffix("\nSlides (en)"), "\(english)")
        }
    }

    @Test(
        "a broken per-language text in agenda.yaml is refused at its line",
        arguments: [
            ("{english!: Opening}", "is not a language code"),
            ("{}", "at least one language"),
        ])
    func brokenTextsAreRefusedAtTheirLine(value: String, reason: String) throws {
        let yaml = makeConfiguration(
            sessions: """
                  - id: opening
                    title: Opening
                    start: 2021-11-08 09:00
                    end: 10:30
                  - id: review
                    title: \(value)
                    start: 2021-11-09 14:00
                    duration: 1h
                """)
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("title: \(value)") }) + 1
        do {
            _ = try load(yaml)
            Issue.record("accepted")
        } catch let errors as ConfigErrors {
            #expect(errors.description.contains("agenda.yaml:\(line):"), "\(errors)")
            #expect(errors.description.contains(reason), "\(errors)")
        }
    }
}
