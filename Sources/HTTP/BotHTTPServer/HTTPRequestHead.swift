import Foundation

/// One request to the bot's local HTTP server: what the request line and the header fields said, and the body.
public struct HTTPServerRequest: Sendable {
    /// The method as sent, upper case by the grammar (`GET`, `POST`); `HEAD` reaches handlers as `GET`.
    public var method: String
    /// The target's path, percent-encoded as sent (`/calendar/abc.ics`), without the query.
    public var path: String
    /// What followed `?` in the target, or empty.
    public var query: String
    public var fields: [HTTPField]
    public var body: Data

    /// The value of the first field named `name` (any case).
    public subscript(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every value of the fields named `name` (`Cookie` may come several times).
    public func values(_ name: String) -> [String] {
        fields.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }
}

/// A header field, as sent or to be sent.
public struct HTTPField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An answer of the bot's local HTTP server. The server adds `Content-Length` and `Connection: close`.
public struct HTTPServerResponse: Sendable {
    public var status: Int
    public var fields: [HTTPField]
    public var body: Data

    public init(status: Int, fields: [HTTPField] = [], body: Data = Data()) {
        self.status = status
        self.fields = fields
        self.body = body
    }

    /// A short plain-text answer, which repeats nothing of the request.
    public static func plain(_ status: Int, _ text: String, fields: [HTTPField] = []) -> HTTPServerResponse {
        HTTPServerResponse(
            status: status, fields: [HTTPField("Content-Type", "text/plain; charset=utf-8")] + fields,
            body: Data(text.utf8))
    }
}

/// Reading a request's head (the request line and the header fields) from the bytes received so far, in one pass
/// over each byte however the bytes arrive, and within fixed limits: a request line longer than
/// `largestRequestLine` is refused with 414, a head larger than `largestHead` with 431, as soon as that many bytes
/// are in, without waiting for the rest. Lines end with CRLF or a bare LF (RFC 9112 §2.2).
struct HTTPHeadReader {
    /// The largest head accepted, request line included: browsers send 1 to 3 kB.
    static let largestHead = 16 * 1024
    /// The longest request line accepted (414 beyond): nginx's default buffer for one line.
    static let largestRequestLine = 8 * 1024
    /// The most header fields accepted.
    static let mostFields = 100

    /// Where the next byte to look at is.
    private var scanned = 0
    /// Where the current line starts.
    private var lineStart = 0
    /// The lines of the head so far, as ranges of the buffer (without CR LF).
    private var lines: [Range<Int>] = []

    /// What the bytes so far hold.
    enum Outcome: Equatable {
        /// Not a whole head yet: read more.
        case incomplete
        /// The head, and where the body starts in the buffer.
        case head(HTTPHead, bodyStart: Int)
        /// A refused request: answer `status` and close.
        case refused(status: Int, reason: String)
    }

    /// Looks at `buffer`'s bytes not seen before (the buffer only ever grows at its end).
    mutating func read(_ buffer: [UInt8]) -> Outcome {
        while scanned < buffer.count {
            let index = scanned
            scanned += 1
            guard buffer[index] == UInt8(ascii: "\n") else { continue }
            var end = index
            if end > lineStart, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let line = lineStart..<end
            lineStart = index + 1
            if line.isEmpty {
                // A client may send an empty line before the request line (RFC 9112 §2.2); the head ends at the
                // first empty line after it.
                if lines.isEmpty { continue }
                return Self.parse(buffer, lines, bodyStart: index + 1)
            }
            if lines.isEmpty, line.count > Self.largestRequestLine {
                return .refused(status: 414, reason: "the request line is too long")
            }
            lines.append(line)
            if lines.count > Self.mostFields + 1 { return .refused(status: 431, reason: "too many header fields") }
        }
        if buffer.count > Self.largestHead || (lines.isEmpty && buffer.count - lineStart > Self.largestRequestLine) {
            return lines.isEmpty
                ? .refused(status: 414, reason: "the request line is too long")
                : .refused(status: 431, reason: "the header fields are too large")
        }
        return .incomplete
    }

    private static func parse(_ buffer: [UInt8], _ lines: [Range<Int>], bodyStart: Int) -> Outcome {
        guard bodyStart <= largestHead + 2 else {
            return .refused(status: 431, reason: "the header fields are too large")
        }
        let requestLine = buffer[lines[0]].split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard requestLine.count == 3, !requestLine[0].isEmpty, requestLine[0].allSatisfy(isTokenByte),
            requestLine[1].first == UInt8(ascii: "/"),
            requestLine[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return .refused(status: 400, reason: "not an HTTP request line") }
        let version = String(decoding: requestLine[2], as: UTF8.self)
        guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
            return .refused(status: 505, reason: "only HTTP/1.1 and HTTP/1.0")
        }
        var fields: [HTTPField] = []
        for range in lines.dropFirst() {
            let line = buffer[range]
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                line[line.startIndex..<colon].allSatisfy(isTokenByte)
            else { return .refused(status: 400, reason: "a malformed header field") }
            let value = line[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 }
            guard value.allSatisfy({ $0 == 0x09 || $0 >= 0x20 && $0 != 0x7F }) else {
                return .refused(status: 400, reason: "a control character in a header field")
            }
            var text = String(decoding: value, as: UTF8.self)
            while text.last == " " || text.last == "\t" { text.removeLast() }
            fields.append(HTTPField(String(decoding: line[line.startIndex..<colon], as: UTF8.self), text))
        }
        // RFC 9112 §3.2: an HTTP/1.1 request carries exactly one Host, an HTTP/1.0 one at most one.
        let hosts = fields.count { $0.name.caseInsensitiveCompare("Host") == .orderedSame }
        guard hosts <= 1, hosts == 1 || version == "HTTP/1.0" else {
            return .refused(status: 400, reason: "an HTTP/1.1 request needs one Host field")
        }
        let target = String(decoding: requestLine[1], as: UTF8.self)
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let head = HTTPHead(
            method: String(decoding: requestLine[0], as: UTF8.self), path: String(parts[0]),
            query: parts.count > 1 ? String(parts[1]) : "", fields: fields)
        return .head(head, bodyStart: bodyStart)
    }

    /// A `tchar` of RFC 9110 §5.6.2: what methods and field names are made of.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

/// A request's head, before its body is read.
struct HTTPHead: Sendable, Equatable {
    var method: String
    var path: String
    var query: String
    var fields: [HTTPField]

    /// What the head says of the body: its length (0 when none is announced), or why it cannot be read.
    func bodyLength(largest: Int) -> Result<Int, HTTPHeadReader.Refusal> {
        let lower = fields.map { (name: $0.name.lowercased(), value: $0.value) }
        if lower.contains(where: { $0.name == "transfer-encoding" }) {
            return .failure(.init(status: 411, reason: "send the body with a Content-Length, not chunked"))
        }
        let lengths = Set(lower.filter { $0.name == "content-length" }.map(\.value))
        guard let text = lengths.first else { return .success(0) }
        guard lengths.count == 1, !text.isEmpty, text.count <= 18, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let length = Int(text)
        else { return .failure(.init(status: 400, reason: "a malformed Content-Length")) }
        guard length <= largest else { return .failure(.init(status: 413, reason: "the body is too large")) }
        return .success(length)
    }
}

extension HTTPHeadReader {
    /// A request refused before its body is read.
    struct Refusal: Error, Equatable {
        var status: Int
        var reason: String
    }
}
