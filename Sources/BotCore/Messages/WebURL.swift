/// True when `url` is an absolute http or https URL: the only kind the bot links to or fetches.
public func isWebURL(_ url: String) -> Bool {
    let lower = url.lowercased()
    guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { return false }
    let rest = lower.drop(while: { $0 != "/" }).dropFirst(2)
    return !rest.isEmpty && !url.contains(where: { $0.isWhitespace || $0 == "\0" })
}
