import Foundation
import Synchronization
import Testing

@testable import BotCore

/// What replies showed when they were written with a `DateFormatter` per reply: the reference.
private func reference(_ instant: Date, _ zone: TimeZone, _ pattern: String) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = zone
    formatter.dateFormat = pattern
    return formatter.string(from: instant)
}

struct ZoneFormatTests {
    /// Instants around clock changes (Berlin's and Almaty's), a leap day, New Year, midnight and late evening.
    static let instants: [Date] = [
        "2021-11-08T07:30:00Z", "2021-03-28T00:59:00Z", "2021-03-28T01:00:00Z", "2021-10-31T00:30:00Z",
        "2021-10-31T01:30:00Z", "2024-02-29T23:59:00Z", "2021-12-31T23:00:00Z", "2000-01-01T00:00:00Z",
        "2030-06-15T12:05:00Z", "1995-07-04T18:45:00Z",
    ].compactMap { ISO8601DateFormatter().date(from: $0) }

    @Test(
        "the same text as en_US_POSIX patterns",
        arguments: [
            "Europe/Berlin", "Asia/Kathmandu", "Asia/Ulaanbaatar", "America/St_Johns", "Pacific/Chatham", "UTC",
        ])
    func matchesTheFormatterItReplaces(_ identifier: String) throws {
        let zone = try #require(TimeZone(identifier: identifier))
        let format = ZoneFormat(zone)
        #expect(Self.instants.count == 10)
        for instant in Self.instants {
            #expect(format.time(instant) == reference(instant, zone, "HH:mm"))
            #expect(format.day(instant) == reference(instant, zone, "EEEE d MMMM"))
            #expect(format.shortDay(instant) == reference(instant, zone, "EEE d MMM"))
            #expect(format.shortDayAndTime(instant) == reference(instant, zone, "EEE d MMM HH:mm"))
            #expect(format.dateAndTime(instant) == reference(instant, zone, "yyyy-MM-dd HH:mm"))
        }
    }

    /// The parts worked out from the zone's offset equal the zone calendar's, in the workshop's zones and
    /// zones with odd offsets, at random instants from 1902 to 9998 and around clock changes, fractions of a
    /// second included; outside those years the calendar answers.
    @Test func partsFromTheOffsetAreTheCalendars() throws {
        let zones = [
            "Europe/Berlin", "Asia/Vientiane", "Asia/Ulaanbaatar", "Asia/Almaty", "Africa/Kampala", "Asia/Shanghai",
            "America/St_Johns", "Asia/Kathmandu", "Pacific/Chatham", "Pacific/Kiritimati", "America/Adak", "UTC",
        ].compactMap(TimeZone.init(identifier:))
        #expect(zones.count == 12)
        var generator = SystemRandomNumberGenerator()
        var instants = Self.instants
        for _ in 0..<3_000 {
            instants.append(
                Date(timeIntervalSince1970: Double.random(in: -2_145_000_000...253_300_000_000, using: &generator)))
        }
        for instant in Self.instants {
            for step in stride(from: -7_200.0, through: 7_200, by: 599.5) { instants.append(instant + step) }
        }
        var mismatches: [String] = []
        for zone in zones {
            let format = ZoneFormat(uncached: zone, language: .english)
            for instant in instants where format.parts(instant) != format.calendarParts(instant) {
                mismatches.append("\(zone.identifier) \(instant.timeIntervalSince1970)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        let early = Date(timeIntervalSince1970: -3e9), late = Date(timeIntervalSince1970: 3e11)
        let outside = [ZoneFormat.civilParts(early) { _ in 0 }, ZoneFormat.civilParts(late) { _ in 0 }]
        #expect(outside == [nil, nil])
        let utc = ZoneFormat(uncached: try #require(TimeZone(identifier: "UTC")), language: .english)
        #expect(utc.parts(early) == utc.calendarParts(early))
    }

    @Test func dayBoundsFollowClockChanges() throws {
        let format = ZoneFormat(try #require(TimeZone(identifier: "Europe/Berlin")))
        let short = try #require(format.bounds(of: DateComponents(year: 2021, month: 3, day: 28)))
        #expect(short.end.timeIntervalSince(short.start) == 23 * 3600)
        let long = try #require(format.bounds(of: DateComponents(year: 2021, month: 10, day: 31)))
        #expect(long.end.timeIntervalSince(long.start) == 25 * 3600)
        #expect(format.calendarDay(of: long.start) == DateComponents(year: 2021, month: 10, day: 31))
    }

    @Test func formatsAreKeptPerZoneAndLanguageUpToTheCapacity() throws {
        let cache = ZoneFormatCache(capacity: 2)
        let zones = try ["Asia/Almaty", "Africa/Kampala", "Asia/Shanghai"].map {
            try #require(TimeZone(identifier: $0))
        }
        for zone in zones + zones { _ = cache.format(zone, language: .english) }
        #expect(cache.count == 2)
        #expect(cache.contains(ZoneFormat.Key(zone: "Asia/Almaty", language: "en")))
        #expect(cache.contains(ZoneFormat.Key(zone: "Africa/Kampala", language: "en")))
        #expect(!cache.contains(ZoneFormat.Key(zone: "Asia/Shanghai", language: "en")))
        // Past the capacity a zone is still formatted, by a format that is not kept.
        let instant = Self.instants[0]
        #expect(cache.format(zones[2], language: .english).time(instant) == "15:30")
        // The same zone in another language is another entry.
        let other = DateLanguage.russian
        let wide = ZoneFormatCache(capacity: 10)
        _ = wide.format(zones[0], language: .english)
        _ = wide.format(zones[0], language: other)
        #expect(wide.count == 2)
    }

    @Test(
        "days are written in each shipped language's words and order",
        arguments: [
            (Language.english, "Monday 8 November", "Mon 8 Nov 09:00"),
            (Language.french, "lundi 8 novembre", "lun. 8 nov. 09:00"),
            (Language.russian, "понедельник, 8 ноября", "пн, 8 нояб. 09:00"),
            (Language.chinese, "11月8日 星期一", "11月8日 周一 09:00"),
            (Language("zh-hans") ?? .english, "11月8日 星期一", "11月8日 周一 09:00"),
            (Language("kk") ?? .english, "Monday 8 November", "Mon 8 Nov 09:00"),
        ])
    func daysInEachLanguage(language: Language, long: String, short: String) throws {
        let zone = try #require(TimeZone(identifier: "Europe/Berlin"))
        let format = ZoneFormat(zone, language: .of(language))
        let instant = Date(timeIntervalSince1970: 1_636_358_400)  // Monday 8 November 2021, 08:00 UTC
        #expect(format.day(instant) == long)
        #expect(format.shortDayAndTime(instant) == short)
        #expect(format.time(instant) == "09:00")
    }

    @Test func theSharedCacheKeepsAFormatUsedOnce() throws {
        let zone = try #require(TimeZone(identifier: "America/Argentina/Ushuaia"))
        _ = ZoneFormat(zone).time(Self.instants[0])
        #expect(ZoneFormat.shared.contains(ZoneFormat.Key(zone: "America/Argentina/Ushuaia", language: "en")))
    }

    @Test func paddingKeepsDigitsAndSign() {
        #expect(ZoneFormat.padded(7, 2) == "07")
        #expect(ZoneFormat.padded(2021, 4) == "2021")
        #expect(ZoneFormat.padded(123_456, 2) == "123456")
        #expect(ZoneFormat.padded(-5, 3) == "-005")
        #expect(ZoneFormat.padded(Int.min, 2) == "-9223372036854775808")
    }
}

struct ViewCacheTests {
    @Test func aValueIsComputedOncePerKeyAndNoMoreAreKeptThanTheCapacity() {
        let cache = ViewCache<Int, String>(capacity: 3)
        let computed = Mutex(0)
        func view(_ key: Int) -> String {
            cache.value(for: key) {
                computed.withLock { $0 += 1 }
                return "view \(key)"
            }
        }
        for _ in 0..<5 { #expect(view(1) == "view 1") }
        #expect(computed.withLock { $0 } == 1)
        for key in 2...5 { #expect(view(key) == "view \(key)") }
        #expect(cache.count == 3)
        // Keys past the capacity are computed every time, never kept.
        #expect(view(5) == "view 5")
        #expect(computed.withLock { $0 } == 6)
    }

    @Test func aThrowingComputationKeepsNothing() {
        struct Failure: Error {}
        let cache = ViewCache<String, Int>(capacity: 3)
        #expect(throws: Failure.self) { try cache.value(for: "a") { throw Failure() } }
        #expect(cache.count == 0)
    }
}

struct TextSearchTests {
    @Test(
        "the byte comparison of ASCII text agrees with Foundation's",
        arguments: [
            ("climate change", "mate"), ("climate", "climate change"), ("abc", ""), ("", "a"), ("aaab", "aab"),
            ("line\r\nnext", "\r"), ("line\r\nnext", "\n"), ("educación", "educacion"), ("x", "x"),
        ])
    func containsAgrees(_ text: String, _ needle: String) {
        #expect(TextSearch.contains(text, needle) == text.contains(needle))
    }

    @Test func foldingASCIIOnlyLowerCasesAndOtherTextLosesItsAccents() {
        #expect(TextSearch.fold("Climate CHANGE 2021") == "climate change 2021")
        #expect(TextSearch.fold("Éducation Öffentlich") == "education offentlich")
    }

    @Test func anIndexRanksTitlesFirstAndKeepsTheOrderOfEqualMatches() {
        let items = ["Educación para todos", "Climate education", "Education climate", "Digital skills"]
        let index = TextSearch.Index(items) { item in [(item, item.hasPrefix("Ed") ? 3 : 1)] }
        #expect(index.rank(["educacion"]) == ["Educación para todos"])
        #expect(index.rank(["EDUCA"]) == ["Educación para todos", "Education climate", "Climate education"])
        #expect(index.rank(["CLIMATE", "education"]) == ["Education climate", "Climate education"])
        #expect(index.rank([""]).isEmpty)
        #expect(index.rank(["nothing"]).isEmpty)
        #expect(TextSearch.rank(items, words: ["skills"]) { [($0, 1)] } == ["Digital skills"])
    }
}

struct StoreCacheTests {
    @Test func aValueIsReadOnceUntilAWriteInvalidatesIt() async {
        let cache = StoreCache<String, String?>(name: "test.\(#function)", capacity: 10)
        let reads = Mutex(0)
        let stored = Mutex<String?>(nil)
        func zone() async -> String? {
            await cache.value(for: "alice") {
                reads.withLock { $0 += 1 }
                return stored.withLock { $0 }
            }
        }
        #expect(await zone() == nil)
        #expect(await zone() == nil)
        #expect(reads.withLock { $0 } == 1)
        stored.withLock { $0 = "Asia/Almaty" }
        cache.invalidate("alice")
        #expect(await zone() == "Asia/Almaty")
        #expect(await zone() == "Asia/Almaty")
        #expect(reads.withLock { $0 } == 2)
    }

    @Test func aReadDuringAWriteIsAnsweredButNotKept() async {
        let cache = StoreCache<String, String?>(name: "test.\(#function)", capacity: 10)
        // The read sees the old value; a write commits and is noted before the read ends.
        let answer = await cache.value(for: "alice") {
            cache.invalidate("bob")
            return "Europe/Berlin"
        }
        #expect(answer == "Europe/Berlin")
        #expect(cache.count == 0)
    }

    @Test func aWriteThroughTheCacheOfOneConfigurationReachesTheNextOnesCache() async {
        // A reload built a new plugin (and cache) while a command of the old one was writing.
        let old = StoreCache<String, String?>(name: "test.reload", capacity: 10)
        let new = StoreCache<String, String?>(name: "test.reload", capacity: 10)
        let other = StoreCache<String, String?>(name: "test.other", capacity: 10)
        #expect(await new.value(for: "alice") { nil } == nil)
        #expect(await other.value(for: "alice") { nil } == nil)
        old.invalidate("alice")
        #expect(await new.value(for: "alice") { "Asia/Almaty" } == "Asia/Almaty")
        #expect(await other.value(for: "alice") { "Asia/Almaty" } == nil)
        _ = old
    }

    @Test func noMoreKeysAreKeptThanTheCapacity() async {
        let cache = StoreCache<Int, Int>(name: "test.capacity", capacity: 2)
        for key in 0..<5 { #expect(await cache.value(for: key) { key * 10 } == key * 10) }
        #expect(cache.count == 2)
    }
}

struct QualifiedIdentityTests {
    /// What the parser gave before its byte fast path: trimmed, checked by characters.
    static func reference(_ text: String) -> (String, String)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let platform = text[..<colon].trimmingWhitespace()
        let id = text[text.index(after: colon)...].trimmingWhitespace()
        guard !platform.isEmpty, !id.isEmpty,
            platform.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else { return nil }
        return (String(platform).lowercased(), String(id))
    }

    @Test(
        "platform:id reads as before",
        arguments: [
            "telegram:-1001234", "matrix:@alice:example.org", "Console:Bob", "console: bob ", " console:bob",
            "console:bob\u{00A0}", "console:\u{2003}x", "console:", ":x", "nocolon", "con sole:x", "cönsole:x",
            "console:é", "console:x\r\n", "tele_gram-2:a:b:c", "console::", "console:a b",
        ])
    func parsesAsBefore(_ text: String) {
        let parsed = splitQualified(text)
        let expected = Self.reference(text)
        #expect(parsed?.0.rawValue == expected?.0)
        #expect(parsed?.1 == expected?.1)
    }
}

struct WallClockTests {
    @Test(
        "a typed date and time is read in the zone, and only a real one of a four-digit year",
        arguments: [
            ("2021-11-19", "17:00", "Europe/Berlin", "2021-11-19T16:00:00Z"),
            ("2021-11-19", "17:00", "Asia/Vientiane", "2021-11-19T10:00:00Z"),
            ("2021-2-3", "9:05", "UTC", "2021-02-03T09:05:00Z"),
        ])
    func real(_ day: String, _ time: String, _ zone: String, _ expected: String) throws {
        let date = ZoneFormat(try #require(TimeZone(identifier: zone))).wallClock(day, time)
        #expect(date == (try? Date(expected, strategy: .iso8601)))
    }

    @Test(
        "not a date: 31 February, 25:00, a year of more or fewer than four digits, signs and spaces",
        arguments: [
            ("2021-02-31", "10:00"), ("2021-11-19", "25:00"), ("2021-11-19", "10:60"), ("99999-01-01", "10:00"),
            ("0999-01-01", "10:00"), ("2021-11--1", "10:00"), ("2021-11-19", "10"), ("2021-11-19", " 10:00"),
            ("99999999999999999999-01-01", "10:00"),
        ])
    func refused(_ day: String, _ time: String) throws {
        #expect(ZoneFormat(try #require(TimeZone(identifier: "UTC"))).wallClock(day, time) == nil)
    }
}
