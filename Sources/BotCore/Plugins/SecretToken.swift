/// The secrets in links the bot hands out (a calendar feed's, a dashboard sign-in's) and in session cookies:
/// 128 random bits from the system's generator, as 32 lower-case hex digits. Whoever holds one has what it gives,
/// so they are never logged.
public enum SecretToken {
    /// A new token.
    public static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return String((0..<32).map { _ in digits[Int(generator.next() % 16)] })
    }

    /// Whether `text` has a token's shape: checked before it reaches the store.
    public static func isToken(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
