import Foundation
import Testing

@testable import BotHTTPServer

/// Reading a request's head: what is taken, what is refused with which status, and that a head arriving a byte
/// at a time reads as one arriving whole.
struct HTTPHeadReaderTests {
    static func read(_ text: String) -> HTTPHeadReader.Outcome {
        var reader = HTTPHeadReader()
        return reader.read(Array(text.utf8))
    }

    static func head(_ text: String) -> HTTPHead? {
        if case .head(let head, _) = read(text) { return head }
        return nil
    }

    static func status(_ text: String) -> Int? {
        if case .refused(let status, _) = read(text) { return status }
        return nil
    }

    @Test func aRequestLineAndItsFieldsAreRead() throws {
        let text = "GET /calendar/abc.ics?x=1&y HTTP/1.1\r\nHost: bot\r\ncookie: a=1\r\nCookie:  b=2 \t\r\n\r\nbody"
        let head = try #require(Self.head(text))
        #expect(head.method == "GET")
        #expect(head.path == "/calendar/abc.ics")
        #expect(head.query == "x=1&y")
        let request = HTTPServerRequest(
            method: head.method, path: head.path, query: head.query, fields: head.fields, body: Data())
        #expect(request["HOST"] == "bot")
        #expect(request.values("Cookie") == ["a=1", "b=2"])
        if case .head(_, let bodyStart) = Self.read(text) {
            #expect(String(decoding: Array(text.utf8)[bodyStart...], as: UTF8.self) == "body")
        } else {
            Issue.record("no head")
        }
    }

    @Test func bareLineFeedsAndALeadingEmptyLineAreAccepted() {
        #expect(Self.head("\r\nGET / HTTP/1.0\nHost: bot\n\n")?.fields == [HTTPField("Host", "bot")])
    }

    @Test func aHeadArrivingAByteAtATimeReadsAsAWholeOne() throws {
        let text = Array(
            "POST /dashboard/logout HTTP/1.1\r\nHost: bot\r\nContent-Length: 5\r\nOrigin: null\r\n\r\n".utf8)
        var reader = HTTPHeadReader()
        var buffer: [UInt8] = []
        var outcome = HTTPHeadReader.Outcome.incomplete
        for byte in text {
            #expect(outcome == .incomplete)
            buffer.append(byte)
            outcome = reader.read(buffer)
        }
        var whole = HTTPHeadReader()
        #expect(outcome == whole.read(text))
        if case .head(let head, let bodyStart) = outcome {
            #expect(bodyStart == text.count)
            #expect(head.bodyLength(largest: 8192) == .success(5))
        } else {
            Issue.record("\(outcome)")
        }
    }

    @Test(arguments: [
        ("GET /\r\n\r\n", 400),
        ("GET  / HTTP/1.1\r\n\r\n", 400),
        ("GET http://evil/ HTTP/1.1\r\n\r\n", 400),
        ("G(T / HTTP/1.1\r\n\r\n", 400),
        ("GET /\u{7F} HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\n\r\n", 505),
        ("GET / HTTP/1.1\r\nNo colon\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : bot\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n folded: value\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nX: a\u{01}b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", 400),
        ("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n", 400),
    ])
    func malformedHeadsAreRefused(text: String, status: Int) {
        #expect(Self.status(text) == status, "\(text.debugDescription)")
    }

    /// A head over the limit is refused as soon as that many bytes are in, whether or not its end has come.
    @Test func largeHeadsAreRefusedWithoutWaitingForTheirEnd() {
        let longLine = "GET /" + String(repeating: "a", count: HTTPHeadReader.largestRequestLine)
        #expect(Self.status(longLine) == 414)
        // Whole, with its end and the fields after it: still 414, not 431.
        #expect(Self.status(longLine + "a HTTP/1.1\r\nHost: bot\r\n\r\n") == 414)
        let longest = "GET /" + String(repeating: "a", count: HTTPHeadReader.largestRequestLine - 14) + " HTTP/1.1"
        #expect(Self.head(longest + "\r\nHost: bot\r\n\r\n") != nil)
        let manyBytes = "GET / HTTP/1.1\r\nX: " + String(repeating: "b", count: HTTPHeadReader.largestHead)
        #expect(Self.status(manyBytes) == 431)
        let manyFields = "GET / HTTP/1.1\r\n" + String(repeating: "X: 1\r\n", count: HTTPHeadReader.mostFields + 1)
        #expect(Self.status(manyFields) == 431)
        let justEnough =
            "GET / HTTP/1.1\r\nHost: bot\r\n" + String(repeating: "X: 1\r\n", count: HTTPHeadReader.mostFields - 1)
        #expect(Self.head(justEnough + "\r\n") != nil)
    }

    @Test func theBodyLengthIsReadFromOneContentLengthOnly() {
        func length(_ fields: [HTTPField]) -> Result<Int, HTTPHeadReader.Refusal> {
            HTTPHead(method: "POST", path: "/", query: "", fields: fields).bodyLength(largest: 8192)
        }
        #expect(length([]) == .success(0))
        #expect(length([HTTPField("content-length", "12")]) == .success(12))
        #expect(length([HTTPField("Content-Length", "3"), HTTPField("Content-Length", "3")]) == .success(3))
        for bad in ["", "-1", "+3", "1e3", " 3", "99999999999999999999", "0x10"] {
            #expect((try? length([HTTPField("Content-Length", bad)]).get()) == nil, "\(bad)")
        }
        #expect((try? length([HTTPField("Content-Length", "3"), HTTPField("Content-Length", "4")]).get()) == nil)
        if case .failure(let refusal) = length([HTTPField("Content-Length", "8193")]) {
            #expect(refusal.status == 413)
        } else {
            Issue.record("a body over the limit was taken")
        }
        if case .failure(let refusal) = length([HTTPField("Transfer-Encoding", "chunked")]) {
            #expect(refusal.status == 411)
        } else {
            Issue.record("a chunked body was taken")
        }
    }

    @Test func responseFieldsCannotAddFields() {
        let response = HTTPServerResponse(
            status: 303, fields: [HTTPField("Location", "/x\r\nSet-Cookie: evil=1")], body: Data("hi".utf8))
        let text = String(decoding: LocalHTTPServer.encode(response, withBody: true), as: UTF8.self)
        #expect(
            text == "HTTP/1.1 303 See Other\r\nLocation: /xSet-Cookie: evil=1\r\nContent-Length: 2\r\n"
                + "Connection: close\r\n\r\nhi")
        let head = String(decoding: LocalHTTPServer.encode(response, withBody: false), as: UTF8.self)
        #expect(head.hasSuffix("Content-Length: 2\r\nConnection: close\r\n\r\n"))
    }
}
