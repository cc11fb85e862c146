import Foundation

/// A file a reply carries (a poll's export): a file name, a media type and the bytes.
///
/// The name and the media type are made safe when the attachment is made or decoded, whatever text they came
/// from: the name has no path separators, no leading dot, no control characters or quotes, and only ASCII
/// letters, digits, `.`, `-` and `_`, so a channel can put it into a folder, a multipart header or a query
/// string as it is. It is stored in the outbox with its reply, so its size is bounded (`maximumSize`): the
/// runtime refuses a larger one with a line saying so instead of sending it.
public struct Attachment: Sendable, Hashable, Codable {
    /// A safe file name (see `safeFileName`).
    public private(set) var fileName: String
    /// A media type such as `text/csv; charset=utf-8`; `application/octet-stream` when the one given was not
    /// a plain `type/subtype`.
    public private(set) var mediaType: String
    public var data: Data

    /// The largest file a reply may carry: 5 MB. The chat platforms take ten times more, but the bytes are kept
    /// in the store's outbox until they are sent.
    public static let maximumSize = 5_000_000

    public init(fileName: String, mediaType: String, data: Data) {
        self.fileName = Self.safeFileName(fileName)
        self.mediaType = Self.safeMediaType(mediaType)
        self.data = data
    }

    enum CodingKeys: String, CodingKey { case fileName, mediaType, data }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            fileName: try c.decode(String.self, forKey: .fileName),
            mediaType: try c.decode(String.self, forKey: .mediaType),
            data: try c.decode(Data.self, forKey: .data))
    }

    /// Whether the file is larger than a reply may carry.
    public var isTooLarge: Bool { data.count > Self.maximumSize }

    /// The file's size for people: `812 bytes`, `4.2 MB`.
    public static func describeSize(_ bytes: Int) -> String {
        if bytes < 1000 { return "\(bytes) bytes" }
        if bytes < 1_000_000 { return "\((Double(bytes) / 1000).formatted(.number.precision(.fractionLength(1)))) kB" }
        return "\((Double(bytes) / 1_000_000).formatted(.number.precision(.fractionLength(1)))) MB"
    }

    /// The longest safe file name, in characters (all ASCII).
    public static let longestFileName = 100

    /// `name` as a file name that is safe anywhere: accents dropped (`Café` → `Cafe`); every run of other
    /// characters than ASCII letters, digits, `.`, `-` and `_` (slashes, backslashes, spaces, quotes, control
    /// characters, other scripts) becomes one `-`; no leading `.` or `-` (no hidden file, no option), no `..`
    /// and at most `longestFileName` characters, the extension kept. A name with nothing left is `file`.
    public static func safeFileName(_ name: String) -> String {
        let folded = name.folding(options: [.diacriticInsensitive], locale: nil)
        var out = ""
        var pendingDash = false
        for scalar in folded.unicodeScalars {
            let allowed =
                scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || "._-".unicodeScalars.contains(scalar))
            if allowed {
                if pendingDash, !out.isEmpty { out.unicodeScalars.append("-") }
                pendingDash = false
                out.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        // A dash next to a dot stood for something left out there: `Café Ω.csv` is `Cafe.csv`, not `Cafe-.csv`.
        for pair in ["..", "-.", ".-"] {
            while out.contains(pair) { out = out.replacingOccurrences(of: pair, with: ".") }
        }
        out = String(out.drop { $0 == "." || $0 == "-" })
        // A trailing dot or dash says nothing, and some systems drop a trailing dot themselves.
        while let last = out.last, last == "." || last == "-" { out.removeLast() }
        if out.count > longestFileName {
            let dot = out.lastIndex(of: ".")
            let suffix = dot.map { String(out[$0...]) }.flatMap { $0.count <= 10 ? $0 : nil } ?? ""
            out = String(out.prefix(longestFileName - suffix.count)) + suffix
        }
        return out.isEmpty ? "file" : out
    }

    /// `type` when it reads as a media type (`type/subtype`, optionally `; name=value` parameters, all plain
    /// ASCII without quotes), else `application/octet-stream`.
    public static func safeMediaType(_ type: String) -> String {
        let token = CharacterSet(
            charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&^_.+-")
        let parts = type.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        let kind = parts[0].split(separator: "/", omittingEmptySubsequences: false)
        func isToken(_ text: Substring) -> Bool {
            !text.isEmpty && text.unicodeScalars.allSatisfy { token.contains($0) }
        }
        guard type.count <= 200, kind.count == 2, isToken(kind[0]), isToken(kind[1]) else {
            return "application/octet-stream"
        }
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", omittingEmptySubsequences: false)
            guard pair.count == 2, isToken(pair[0]), isToken(pair[1]) else { return "application/octet-stream" }
        }
        return parts.joined(separator: "; ")
    }

    /// The bare `type/subtype`, without parameters.
    public var essence: String { String(mediaType.prefix { $0 != ";" }) }
}
