import Foundation

/// A `multipart/form-data` body (RFC 7578): text fields and files, for uploads such as Telegram's
/// `sendDocument`. Built in memory and sent as an ordinary request body by `HTTPClient`.
///
/// The boundary is random and checked against every part, so no content can end a part early. Field names,
/// file names and media types go into part headers: quotes, backslashes and line breaks in them are replaced,
/// so no value can add a header or a part (callers should still pass safe file names, `Attachment` makes them).
public struct MultipartForm: Sendable {
    private enum Part: Sendable {
        case field(name: String, value: String)
        case file(name: String, fileName: String, mediaType: String, data: Data)
    }

    private var parts: [Part] = []

    public init() {}

    /// Adds a text field.
    public mutating func add(_ name: String, _ value: String) { parts.append(.field(name: name, value: value)) }

    /// Adds a file.
    public mutating func addFile(_ name: String, fileName: String, mediaType: String, data: Data) {
        parts.append(.file(name: name, fileName: fileName, mediaType: mediaType, data: data))
    }

    /// The `Content-Type` header value and the body, under a fresh random boundary that occurs in no part.
    public func encoded() -> (contentType: String, body: Data) {
        var boundary = Self.randomBoundary()
        while parts.contains(where: { Self.contains($0, Data(boundary.utf8)) }) { boundary = Self.randomBoundary() }
        var body = Data()
        for part in parts {
            body.append(Data("--\(boundary)\r\n".utf8))
            switch part {
            case .field(let name, let value):
                body.append(Data("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n\r\n".utf8))
                body.append(Data(value.utf8))
            case .file(let name, let fileName, let mediaType, let data):
                body.append(
                    Data(
                        ("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"; "
                            + "filename=\"\(Self.quoted(fileName))\"\r\n"
                            + "Content-Type: \(Self.headerValue(mediaType))\r\n\r\n").utf8))
                body.append(data)
            }
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        return ("multipart/form-data; boundary=\(boundary)", body)
    }

    /// `----workshop-bot-` and 32 random hex digits.
    static func randomBoundary() -> String {
        "----workshop-bot-" + (0..<4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max)) }.joined()
    }

    private static func contains(_ part: Part, _ boundary: Data) -> Bool {
        switch part {
        case .field(let name, let value):
            Data(name.utf8).range(of: boundary) != nil || Data(value.utf8).range(of: boundary) != nil
        case .file(_, _, _, let data): data.range(of: boundary) != nil
        }
    }

    /// A value for inside a header's quotes: no quote, backslash or control character survives.
    static func quoted(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map {
                    $0 == "\"" || $0 == "\\" || $0.properties.generalCategory == .control ? "_" : $0
                }
            ))
    }

    /// A header value: no control character (so no line break) survives.
    static func headerValue(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
