import Foundation

/// Reading what a browser sends with a page request: its cookies and an urlencoded form. Anything malformed is
/// skipped, never trusted: the pages check what they need is there.
enum WebForms {
    /// The cookies of `Cookie` header values (`a=1; b=2`), the first of a repeated name kept.
    static func cookies(_ headers: [String]) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in headers {
            for pair in header.split(separator: ";") {
                guard let equals = pair.firstIndex(of: "=") else { continue }
                let name = pair[..<equals].trimmingCharacters(in: .whitespaces)
                let value = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                if !name.isEmpty, cookies[name] == nil { cookies[name] = value }
            }
        }
        return cookies
    }

    /// The fields of an `application/x-www-form-urlencoded` body; the first of a repeated name kept.
    static func fields(of body: Data) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), !name.isEmpty else { continue }
            let value = parts.count > 1 ? decode(parts[1]) : ""
            if let value, fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Whether a POST comes from another site's page, by what the browser says (a forged sign-in would sign the
    /// victim in as the forger, which the SameSite cookie cannot stop, since a sign-in carries no cookie yet):
    /// `Sec-Fetch-Site` other than `same-origin` or `none` (typed or bookmarked), or an `Origin` other than
    /// `null` (what a page with `Referrer-Policy: no-referrer` sends) and other than the dashboard's own
    /// (`expected`, the origin of `public_url`). A client that sends neither, such as curl, is not a browser a
    /// forged page could drive.
    static func isCrossSite(fetchSite: String?, origin: String?, expected: String?) -> Bool {
        if let site = fetchSite?.lowercased(), site != "same-origin", site != "none" { return true }
        guard let origin = origin?.lowercased(), origin != "null" else { return false }
        return origin != expected?.lowercased()
    }
}
