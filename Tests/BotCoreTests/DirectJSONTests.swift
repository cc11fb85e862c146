import BotMemoryStore
import BotTesting
import Foundation
import Testing

@testable import BotCore

/// A value written directly reads back with `JSONDecoder` as the value written, and as `JSONEncoder`'s bytes of
/// it do, whatever its strings and numbers.
struct DirectJSONTests {
    struct Sample: Codable, Equatable, DirectJSON {
        var count: Int
        var numbers: [Int]
        var name: String?
        var at: Date?

        func write(into json: inout JSONBytes) {
            json.object { json in
                json.member("count", Int64(count))
                json.member("numbers") { json in json.array(numbers) { $0.number(Int64($1)) } }
                if let name { json.member("name", name) }
                if let at { json.member("at", at) }
            }
        }
    }

    /// Every kind of character a string can hold: quotes, backslashes, every control character, NUL, slashes,
    /// letters beyond ASCII, emoji, and a combining sequence.
    static let hardStrings: [String] = [
        "", "plain", "\"quoted\"", #"back\slash"#, "a/b</script>", "\u{0}", "tab\there", "line\nbreak\r",
        String((0..<32).map { Character(Unicode.Scalar(UInt8($0))) }), "Lao ລາວ", "Монгол", "中国", "👩🏽‍💻 🇺🇬",
        "e\u{301}", "\u{7F}\u{80}\u{FFFF}", "\u{2028}\u{2029}",
    ]

    static let hardDates: [Date?] = [
        nil, Date(timeIntervalSinceReferenceDate: 0), Date(timeIntervalSinceReferenceDate: 818_000_000.123_456),
        Date(timeIntervalSinceReferenceDate: -3), Date(timeIntervalSinceReferenceDate: 1e-5),
        Date(timeIntervalSinceReferenceDate: 1e20), .distantPast, .distantFuture,
        Date(timeIntervalSinceReferenceDate: 0.1 + 0.2),
    ]

    @Test func handWrittenBytesReadBackAsTheValueAndAsTheEncodersDo() throws {
        var samples: [Sample] = []
        for (index, name) in Self.hardStrings.enumerated() {
            samples.append(
                Sample(
                    count: index - 5, numbers: Array(0..<index), name: name,
                    at: Self.hardDates[index % Self.hardDates.count]))
        }
        samples.append(Sample(count: .min, numbers: [.max, .min, 0, -1], name: nil, at: nil))
        var random = SplitMix(seed: 16)
        for _ in 0..<200 {
            let scalars = (0..<Int.random(in: 0...12, using: &random)).compactMap { _ in
                Unicode.Scalar(UInt32.random(in: 0...0x1_0FFF, using: &random))
            }
            var name = ""
            name.unicodeScalars.append(contentsOf: scalars)
            let seconds = Double(bitPattern: random.next())
            samples.append(
                Sample(
                    count: Int(truncatingIfNeeded: random.next()), numbers: [Int(truncatingIfNeeded: random.next())],
                    name: name, at: seconds.isFinite ? Date(timeIntervalSinceReferenceDate: seconds) : nil))
        }
        for sample in samples {
            let written = try sample.directJSON()
            let read = try JSONDecoder().decode(Sample.self, from: written)
            #expect(read == sample, "\(String(decoding: written, as: UTF8.self))")
            let encoded = try JSONDecoder().decode(Sample.self, from: JSONEncoder().encode(sample))
            #expect(read == encoded)
        }
    }

    @Test func absentOptionalsAreLeftOutAsTheEncoderLeavesThem() throws {
        let written = String(
            decoding: try Sample(count: 2, numbers: [], name: nil, at: nil).directJSON(), as: UTF8.self)
        #expect(written == #"{"count":2,"numbers":[]}"#)
        let withName = String(
            decoding: try Sample(count: 0, numbers: [1, -2], name: "a\"b\u{1}", at: nil).directJSON(), as: UTF8.self)
        #expect(withName == #"{"count":0,"numbers":[1,-2],"name":"a\"b\u0001"}"#)
    }

    /// A time the encoder cannot write is the encoder's error, not a record that reads back as something else.
    @Test func aValueJSONCannotHoldFailsAsTheEncoderFails() {
        for seconds in [Double.infinity, -.infinity, .nan] {
            let sample = Sample(count: 1, numbers: [], name: "x", at: Date(timeIntervalSinceReferenceDate: seconds))
            #expect(throws: EncodingError.self) { try sample.directJSON() }
        }
    }

    /// `put` of a `DirectJSON` value stores the writer's bytes, which `get` reads back.
    @Test func putStoresTheWritersBytes() async throws {
        let store = MemoryStore()
        let sample = Sample(count: 7, numbers: [3], name: "n", at: Date(timeIntervalSinceReferenceDate: 1.5))
        let (stored, read) = try await store.transaction { tx in
            let records = PluginTransaction(transaction: tx, namespace: "test", now: Date())
            try records.put(sample, "c", "k")
            return (try tx.record(namespace: "test", collection: "c", key: "k"), try records.get(Sample.self, "c", "k"))
        }
        #expect(stored == (try sample.directJSON()))
        #expect(read == sample)
    }
}
