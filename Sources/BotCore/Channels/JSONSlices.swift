import Foundation

/// Splits JSON text into the raw bytes of an object's members or an array's elements, without parsing what
/// is inside them, so that each can be decoded on its own.
///
/// A platform's answer holds many independent items (the updates of a `getUpdates` batch, the events of a
/// sync). Decoded as one document, a single item nested deeper than the decoder's limit, or with a number
/// that does not fit, makes the whole answer unreadable, and the good items beside it wait forever. Split
/// first, one bad item fails alone. The scanner keeps no stack (only a depth counter), so any nesting depth
/// is scanned in constant memory and without recursion; it checks only the outer structure and leaves the
/// validity of each slice to whoever decodes it.
public enum JSONSlices {
    /// The elements of a JSON array, each as its own bytes; nil when `data` is not one array (with nothing
    /// but whitespace around it) or ends early.
    public static func elements(of data: Data) -> [Data]? {
        let bytes = [UInt8](data)
        var index = skipSpace(bytes, 0)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else { return nil }
        index = skipSpace(bytes, index + 1)
        var elements: [Data] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { return end(bytes, index + 1) ? elements : nil }
        while true {
            guard let valueEnd = valueEnd(bytes, index) else { return nil }
            elements.append(Data(bytes[index..<valueEnd]))
            index = skipSpace(bytes, valueEnd)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "]") { return end(bytes, index + 1) ? elements : nil }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index = skipSpace(bytes, index + 1)
        }
    }

    /// The members of a JSON object in order, each key (unescaped) with its value's own bytes; nil when `data`
    /// is not one object or ends early. A key that occurs twice is listed twice.
    public static func members(of data: Data) -> [(key: String, value: Data)]? {
        let bytes = [UInt8](data)
        var index = skipSpace(bytes, 0)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index = skipSpace(bytes, index + 1)
        var members: [(key: String, value: Data)] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { return end(bytes, index + 1) ? members : nil }
        while true {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let keyEnd = stringEnd(bytes, index),
                let key = string(bytes[index..<keyEnd])
            else { return nil }
            index = skipSpace(bytes, keyEnd)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index = skipSpace(bytes, index + 1)
            guard let valueEnd = valueEnd(bytes, index) else { return nil }
            members.append((key, Data(bytes[index..<valueEnd])))
            index = skipSpace(bytes, valueEnd)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "}") { return end(bytes, index + 1) ? members : nil }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index = skipSpace(bytes, index + 1)
        }
    }

    /// The value of the first member named `key` of a JSON object, as its own bytes; nil when there is none.
    public static func member(_ key: String, of data: Data) -> Data? {
        members(of: data)?.first { $0.key == key }?.value
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func skipSpace(_ bytes: [UInt8], _ start: Int) -> Int {
        var index = start
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }

    /// Whether only whitespace follows `index`.
    private static func end(_ bytes: [UInt8], _ index: Int) -> Bool { skipSpace(bytes, index) == bytes.count }

    /// Where the string starting at `start` (its opening quote) ends: just after its closing quote.
    private static func stringEnd(_ bytes: [UInt8], _ start: Int) -> Int? {
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return nil
    }

    /// Where the value starting at `start` ends: after a string's quote, after the bracket that closes an
    /// object or array (counting depth, skipping strings), or before the delimiter that ends a number or word.
    private static func valueEnd(_ bytes: [UInt8], _ start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return stringEnd(bytes, start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard let after = stringEnd(bytes, index) else { return nil }
                    index = after
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return nil
        case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ":"):
            return nil
        default:
            var index = start
            while index < bytes.count {
                let byte = bytes[index]
                if isSpace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
                {
                    break
                }
                index += 1
            }
            return index
        }
    }

    /// A key's text: taken as it is when it has no escapes, else decoded by the JSON decoder.
    private static func string(_ quoted: ArraySlice<UInt8>) -> String? {
        let inner = quoted.dropFirst().dropLast()
        if !inner.contains(UInt8(ascii: "\\")) { return String(decoding: inner, as: UTF8.self) }
        var list: [UInt8] = [UInt8(ascii: "[")]
        list.append(contentsOf: quoted)
        list.append(UInt8(ascii: "]"))
        return (try? JSONDecoder().decode([String].self, from: Data(list)))?.first
    }
}
