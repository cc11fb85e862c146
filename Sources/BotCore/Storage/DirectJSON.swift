import Foundation

/// A value written straight into JSON bytes, for what is written on a hot path: a channel's request bodies sent
/// once per reply and the records written by every command of its kind (a ballot on every `/vote`).
/// Foundation's `JSONEncoder` cost more than the rest of such a call (a ballot of a few numbers took about 8 µs, a
/// sixth of a `/vote`, docs/BENCHMARKS.md).
///
/// Each type keeps its `Encodable` conformance, and its tests hold both forms to the same JSON: bytes written
/// either way read back with `JSONDecoder` as the same value. `PluginTransaction.put` picks this form for such a
/// type.
public protocol DirectJSON: Encodable {
    func write(into json: inout JSONBytes)
}

extension DirectJSON {
    /// The value's JSON, written directly; `JSONEncoder`'s when the writer met a value JSON cannot hold (a
    /// non-finite number), which then throws the encoder's error.
    public func directJSON() throws -> Data {
        var json = JSONBytes()
        write(into: &json)
        guard !json.holdsInvalidNumber else { return try JSONEncoder().encode(self) }
        return Data(json.bytes)
    }
}

/// The bytes of one JSON value, written in order: objects are opened, filled with members and closed. Keys are
/// the caller's constants, written as they are; strings are escaped.
public struct JSONBytes {
    public private(set) var bytes: [UInt8] = []
    /// Whether the object being written has no member yet (no comma before the next).
    private var firstMember = true
    /// Whether a number JSON cannot hold (infinite, NaN) was asked for; `null` stands in its place.
    public private(set) var holdsInvalidNumber = false

    public init() { bytes.reserveCapacity(512) }

    public mutating func object(_ fill: (inout JSONBytes) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        firstMember = true
        fill(&self)
        bytes.append(UInt8(ascii: "}"))
        firstMember = false
    }

    public mutating func member(_ key: StaticString, _ write: (inout JSONBytes) -> Void) {
        if !firstMember { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: "\":".utf8)
        write(&self)
        firstMember = false
    }

    public mutating func member(_ key: StaticString, _ text: String) { member(key) { $0.string(text) } }
    public mutating func member(_ key: StaticString, _ number: Int64) { member(key) { $0.number(number) } }
    public mutating func member(_ key: StaticString, _ flag: Bool) {
        member(key) { $0.bytes.append(contentsOf: (flag ? "true" : "false").utf8) }
    }
    /// A time as `Date.encode(to:)` writes it: seconds since 2001-01-01.
    public mutating func member(_ key: StaticString, _ time: Date) {
        member(key) { $0.number(time.timeIntervalSinceReferenceDate) }
    }

    public mutating func array<Element>(_ elements: [Element], _ write: (inout JSONBytes, Element) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(&self, element)
        }
        bytes.append(UInt8(ascii: "]"))
        firstMember = false
    }

    public mutating func number(_ value: Int64) { bytes.append(contentsOf: String(value).utf8) }

    /// `description` is the shortest text that reads back as the same Double, and valid JSON for a finite value
    /// ("1e-05", "718000000.25", "-3.0"); a non-finite one is noted (`holdsInvalidNumber`).
    public mutating func number(_ value: Double) {
        guard value.isFinite else {
            holdsInvalidNumber = true
            bytes.append(contentsOf: "null".utf8)
            return
        }
        bytes.append(contentsOf: value.description.utf8)
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// A JSON string: `"` and `\` escaped, control characters as `\uXXXX` (or their short forms), everything
    /// else as its UTF-8 bytes.
    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                switch byte {
                case 0x22: bytes.append(contentsOf: #"\""#.utf8)
                case 0x5C: bytes.append(contentsOf: #"\\"#.utf8)
                case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
                case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
                case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
                default:
                    bytes.append(contentsOf: #"\u00"#.utf8)
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0x0F)])
                }
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
