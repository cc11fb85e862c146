import Foundation

/// A record type that writes its own JSON, for records written on a hot path: `JSONEncoder`'s generic
/// machinery costs more than the rest of a `/vote` (a ballot of a few numbers took about 8 µs to encode, a
/// sixth of the whole command, see docs/BENCHMARKS.md). `PluginTransaction.put` picks this for such a type.
///
/// The bytes must read back with `JSONDecoder` (and the type's `Decodable`) as the value written, exactly as
/// `JSONEncoder`'s would: records written either way stay readable by both. Each conforming type's tests
/// check that round trip.
public protocol JSONRecord: Encodable {
    /// Writes the value's fields; a field whose value `encodeIfPresent` would skip is left out.
    func writeJSON(to object: inout JSONObjectWriter)
}

/// Writes one JSON object field by field, as `JSONEncoder` would with its default strategies (a `Date` as
/// the number of seconds since 2001-01-01, as `Date.encode(to:)` does). Keys are the type's own constants,
/// written as they are; string values are escaped.
public struct JSONObjectWriter {
    private(set) var bytes: [UInt8]
    private var first = true
    /// Set when a value cannot be written as JSON (a non-finite number); the caller then falls back to
    /// `JSONEncoder`, which reports it as its error.
    private(set) var failed = false

    init() {
        bytes = [UInt8(ascii: "{")]
        bytes.reserveCapacity(64)
    }

    /// The object's bytes, closed.
    mutating func finish() -> Data {
        bytes.append(UInt8(ascii: "}"))
        return Data(bytes)
    }

    private mutating func key(_ key: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        writeInteger(value)
    }

    public mutating func field(_ name: StaticString, _ values: [Int]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            writeInteger(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Left out when nil, as `encodeIfPresent` does.
    public mutating func field(_ name: StaticString, _ value: String?) {
        guard let value else { return }
        key(name)
        writeString(value)
    }

    /// Left out when nil, as `encodeIfPresent` does; seconds since 2001-01-01, as `Date.encode(to:)` writes.
    public mutating func field(_ name: StaticString, _ value: Date?) {
        guard let value else { return }
        let seconds = value.timeIntervalSinceReferenceDate
        guard seconds.isFinite else {
            failed = true
            return
        }
        key(name)
        // `description` is the shortest text that reads back as the same Double, and always valid JSON for a
        // finite value ("1e-05", "718000000.25", "-3.0").
        bytes.append(contentsOf: seconds.description.utf8)
    }

    private mutating func writeInteger(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\u00XX`, everything else as its UTF-8.
    private mutating func writeString(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                bytes.append(UInt8(ascii: "\\"))
                bytes.append(byte)
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)],
                    hex[Int(byte & 0xF)],
                ])
            default:
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension JSONRecord {
    /// The record's JSON: its own writer's, or `JSONEncoder`'s when the writer could not write a value (which
    /// then throws the encoder's error).
    public func recordJSON() throws -> Data {
        var object = JSONObjectWriter()
        writeJSON(to: &object)
        guard !object.failed else { return try JSONEncoder().encode(self) }
        return object.finish()
    }
}
