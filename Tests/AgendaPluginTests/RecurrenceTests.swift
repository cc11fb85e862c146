import BotTesting
import Foundation
import Testing

@testable import AgendaPlugin

@Suite("Recurrence rules")
struct RecurrenceTests {
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    /// A rule's occurrences from `start` (`YYYYMMDDTHHMMSS`, wall clock), as `YYYY-MM-DD HH:MM` texts.
    func expand(_ rule: String, from start: String, through limit: String = "20301231T235959") throws -> [String] {
        let parsed = try RecurrenceRule.parse(rule) { text throws(RecurrenceError) in
            guard let local = Self.local(text) else { throw RecurrenceError("bad UNTIL") }
            return .local(local)
        }
        let from = try #require(Self.local(start))
        let through = try #require(Self.local(limit))
        return parsed.occurrences(from: from, in: Self.berlin, through: through).map {
            String(
                format: "%04d-%02d-%02d %02d:%02d", $0.date.year, $0.date.month, $0.date.day, $0.seconds / 3600,
                $0.seconds / 60 % 60)
        }
    }

    static func local(_ text: String) -> LocalDateTime? {
        let digits = Array(text.filter(\.isNumber))
        guard digits.count == 14 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int { Int(String(digits[from..<(from + count)])) ?? 0 }
        return LocalDateTime(
            date: CivilDate(year: number(0, 4), month: number(4, 2), day: number(6, 2)),
            seconds: number(8, 2) * 3600 + number(10, 2) * 60 + number(12, 2))
    }

    @Test("day numbers and weekdays agree with the Gregorian calendar, over four centuries")
    func civilDates() {
        // From 1601: Foundation's calendar is Julian before the reform of 1582.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for day in stride(from: CivilDate(year: 1601, month: 1, day: 1).dayNumber, through: 146_097, by: 97) {
            let date = CivilDate(dayNumber: day)
            #expect(date.dayNumber == day)
            let components = calendar.dateComponents(
                [.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(day) * 86_400))
            #expect([date.year, date.month, date.day] == [components.year, components.month, components.day])
            #expect(date.weekday == ((components.weekday ?? 1) + 5) % 7 + 1)
        }
    }

    @Test("the examples of RFC 5545, 3.8.5.3")
    func rfcExamples() throws {
        // Every other week on Monday, Wednesday and Friday until 24 December 1997, from 2 September 1997.
        let everyOtherWeek = try expand(
            "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000;WKST=SU;BYDAY=MO,WE,FR", from: "19970902T090000")
        #expect(everyOtherWeek.count == 25)
        #expect(
            Array(everyOtherWeek.prefix(4)) == [
                "1997-09-02 09:00", "1997-09-03 09:00", "1997-09-05 09:00", "1997-09-15 09:00",
            ])
        #expect(everyOtherWeek.last == "1997-12-22 09:00")
        // The last work day of the month, 6 times.
        #expect(
            try expand("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=6", from: "19970930T090000") == [
                "1997-09-30 09:00", "1997-10-31 09:00", "1997-11-28 09:00", "1997-12-31 09:00", "1998-01-30 09:00",
                "1998-02-27 09:00",
            ])
        // Monthly on the first and last day of the month for 10 occurrences.
        #expect(
            try expand("FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1", from: "19970930T090000") == [
                "1997-09-30 09:00", "1997-10-01 09:00", "1997-10-31 09:00", "1997-11-01 09:00", "1997-11-30 09:00",
                "1997-12-01 09:00", "1997-12-31 09:00", "1998-01-01 09:00", "1998-01-31 09:00", "1998-02-01 09:00",
            ])
        // Every Friday the 13th, 5 times (the start is not a Friday the 13th, and counts).
        #expect(
            try expand("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=5", from: "19970902T090000") == [
                "1997-09-02 09:00", "1998-02-13 09:00", "1998-03-13 09:00", "1998-11-13 09:00", "1999-08-13 09:00",
            ])
        // Every 20th Monday of the year, 3 times.
        #expect(
            try expand("FREQ=YEARLY;BYDAY=20MO;COUNT=3", from: "19970519T090000") == [
                "1997-05-19 09:00", "1998-05-18 09:00", "1999-05-17 09:00",
            ])
        // Working days, as Outlook writes a daily weekday series.
        #expect(
            try expand("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=7", from: "20211108T090000") == [
                "2021-11-08 09:00", "2021-11-09 09:00", "2021-11-10 09:00", "2021-11-11 09:00", "2021-11-12 09:00",
                "2021-11-15 09:00", "2021-11-16 09:00",
            ])
    }

    @Test("a rule without end stops at the limit; one that never matches ends")
    func unboundedRules() throws {
        #expect(try expand("FREQ=DAILY", from: "20211108T090000", through: "20211112T235959").count == 5)
        #expect(try expand("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", from: "20210101T090000") == ["2021-01-01 09:00"])
    }

    @Test(
        "rules that cannot be used are refused with what is wrong",
        arguments: [
            ("FREQ=HOURLY", "not supported"), ("FREQ=WEEKLY;COUNT=-5", "COUNT"), ("FREQ=WEEKLY;COUNT=0", "COUNT"),
            ("FREQ=WEEKLY;COUNT=2;UNTIL=20211201T000000", "both"), ("FREQ=WEEKLY;BYDAY=2MO", "MONTHLY or YEARLY"),
            ("FREQ=MONTHLY;BYDAY=XX", "weekday"), ("FREQ=DAILY;BYHOUR=9", "BYHOUR"), ("INTERVAL=2", "FREQ is missing"),
            ("FREQ=DAILY;INTERVAL=0", "INTERVAL"), ("FREQ=DAILY;INTERVAL=99999999999999999999", "INTERVAL"),
            ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY"), ("FREQ=DAILY;FREQ=WEEKLY", "twice"),
        ])
    func refused(rule: String, expected: String) {
        #expect {
            _ = try RecurrenceRule.parse(rule) { _ throws(RecurrenceError) in .never }
        } throws: { error in
            (error as? RecurrenceError)?.description.contains(expected) == true
        }
    }

    @Test("wall-clock times through clock changes: a skipped time moves forward, a repeated one is the first")
    func clockChanges() {
        let skipped = LocalDateTime(date: CivilDate(year: 2021, month: 3, day: 28), seconds: 2 * 3600 + 30 * 60)
        #expect(skipped.instant(in: Self.berlin) == Date(timeIntervalSince1970: 1_616_895_000))  // 03:30 CEST
        let repeated = LocalDateTime(date: CivilDate(year: 2021, month: 10, day: 31), seconds: 2 * 3600 + 30 * 60)
        #expect(repeated.instant(in: Self.berlin) == Date(timeIntervalSince1970: 1_635_640_200))  // 02:30 CEST
    }
}

/// The expansion compared with python-dateutil's, on rules drawn at random (with a fixed seed, so a failure
/// is repeatable): frequencies, intervals, by-parts, counts and ends, in zones with clock changes.
@Suite("Recurrence oracle")
struct RecurrenceOracleTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A small deterministic generator (SplitMix64).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
        }
        mutating func chance(_ percent: Int) -> Bool { int(1...100) <= percent }
        mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
    }

    struct Case: Codable {
        var rule: String
        var anchor: String
        var zone: String
        var limit: String
    }

    struct Expected: Codable {
        var start: String?
        var instants: [Int]
        var error: String?
    }

    static func randomCase(_ random: inout Generator) -> Case {
        let frequency = random.pick(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"])
        var parts = ["FREQ=\(frequency)"]
        if random.chance(50) { parts.append("INTERVAL=\(random.int(1...4))") }
        let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
        if random.chance(60) {
            // All plain weekdays, or all with ordinals: dateutil intersects the two kinds when a rule mixes them,
            // where RFC 5545 (and this expansion) takes their union; exports do not mix them.
            let counted = (frequency == "MONTHLY" || frequency == "YEARLY") && random.chance(50)
            let days = (0..<random.int(1...3)).map { _ -> String in
                let code = random.pick(codes)
                guard counted else { return code }
                let limit = frequency == "YEARLY" ? 52 : 4
                let ordinal = random.int(1...limit) * (random.chance(30) ? -1 : 1)
                return "\(ordinal)\(code)"
            }
            parts.append("BYDAY=\(Array(Set(days)).sorted().joined(separator: ","))")
        }
        if frequency != "WEEKLY", random.chance(35) {
            let days = (0..<random.int(1...2)).map { _ in random.chance(25) ? -random.int(1...5) : random.int(1...28) }
            parts.append("BYMONTHDAY=\(Array(Set(days)).sorted().map(String.init).joined(separator: ","))")
        }
        if random.chance(30) {
            let months = (0..<random.int(1...3)).map { _ in random.int(1...12) }
            parts.append("BYMONTH=\(Array(Set(months)).sorted().map(String.init).joined(separator: ","))")
        }
        // Not in weekly rules: dateutil applies BYSETPOS to the part of the first week from DTSTART on, where
        // RFC 5545 applies it to the whole week (a difference in the first week only).
        if frequency == "MONTHLY" || frequency == "YEARLY", random.chance(20) {
            parts.append("BYSETPOS=\(random.pick([1, 2, -1, -2]))")
        }
        if frequency == "WEEKLY", random.chance(40) { parts.append("WKST=\(random.pick(codes))") }
        let year = random.int(2019...2027)
        let month = random.pick([1, 3, 3, 6, 10, 10, 11, 12])
        let day = random.int(1...28)
        // Times around the small hours, where clock changes happen, and ordinary session times.
        let hour = random.pick([0, 1, 2, 2, 3, 9, 14, 23])
        let minute = random.pick([0, 15, 30, 45])
        let anchor = String(format: "%04d%02d%02dT%02d%02d00", year, month, day, hour, minute)
        let spanDays = random.int(20...900)
        let end = Date(timeIntervalSince1970: 0).addingTimeInterval(
            Double(CivilDate(year: year, month: month, day: day).dayNumber + spanDays) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let endDay = calendar.dateComponents([.year, .month, .day], from: end)
        let limit = String(format: "%04d%02d%02dT235959", endDay.year ?? 0, endDay.month ?? 0, endDay.day ?? 0)
        switch random.int(1...3) {
        case 1: parts.append("COUNT=\(random.int(1...40))")
        case 2:
            let until = String(
                format: "%04d%02d%02dT120000", endDay.year ?? 0, endDay.month ?? 0, max(1, (endDay.day ?? 1) - 3))
            parts.append("UNTIL=\(until)")
        default: break
        }
        let zone = random.pick([
            "Europe/Berlin", "America/New_York", "Asia/Vientiane", "Asia/Ulaanbaatar", "Asia/Almaty", "Africa/Kampala",
            "Asia/Shanghai", "Australia/Lord_Howe", "America/Sao_Paulo", "Europe/Moscow", "Pacific/Apia",
        ])
        return Case(rule: parts.joined(separator: ";"), anchor: anchor, zone: zone, limit: limit)
    }

    @Test("400 random rules expand to the same instants as python-dateutil")
    func matchesDateutil() async throws {
        var random = Generator(state: 20_211_108)
        let cases = (0..<400).map { _ in Self.randomCase(&random) }
        let python = Self.repository.appendingPathComponent(".venv/bin/python")
        try #require(
            FileManager.default.isExecutableFile(atPath: python.path),
            "the test virtualenv is missing: run scripts/test (it installs python-dateutil into .venv)")
        let process = Process()
        process.executableURL = python
        process.arguments = [Self.repository.appendingPathComponent("Tests/Oracles/rrule_oracle.py").path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(try JSONEncoder().encode(cases))
        try input.fileHandleForWriting.close()
        let outReader = output.fileHandleForReading, errReader = errors.fileHandleForReading
        async let outRead = offThePool { outReader.readDataToEndOfFile() }
        async let errRead = offThePool { errReader.readDataToEndOfFile() }
        let (data, problemData) = await (outRead, errRead)
        let problems = String(decoding: problemData, as: UTF8.self)
        await process.exited()
        try #require(process.terminationStatus == 0, "the oracle failed: \(problems)")
        let expected = try JSONDecoder().decode([Expected].self, from: data)
        try #require(expected.count == cases.count)
        var compared = 0
        var occurrences = 0
        var oracleFailures: [String] = []
        for (test, oracle) in zip(cases, expected) {
            if let error = oracle.error { oracleFailures.append("\(test.rule): \(error)") }
            guard let startText = oracle.start else { continue }
            let zone = try #require(TimeZone(identifier: test.zone))
            let rule = try RecurrenceRule.parse(test.rule) { text throws(RecurrenceError) in
                guard let local = RecurrenceTests.local(text) else { throw RecurrenceError("bad UNTIL") }
                return .local(local)
            }
            let start = try #require(RecurrenceTests.local(startText))
            let limit = try #require(RecurrenceTests.local(test.limit))
            let ours = rule.occurrences(from: start, in: zone, through: limit).map {
                Int($0.instant(in: zone).timeIntervalSince1970)
            }
            #expect(ours == oracle.instants, "\(test.rule) from \(startText) in \(test.zone) through \(test.limit)")
            compared += 1
            occurrences += ours.count
        }
        // The draw must exercise the expansion: most rules have a start, and together thousands of occurrences.
        #expect(compared > 300)
        #expect(occurrences > 3000)
        #expect(oracleFailures.count < 20, "dateutil failed on: \(oracleFailures)")
    }
}
