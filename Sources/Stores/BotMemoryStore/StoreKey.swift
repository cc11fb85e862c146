/// A key compared as its UTF-8 bytes, as a database compares text: Swift's `String` equality would merge
/// canonically equivalent spellings (`é` and `e` + U+0301) that `SQLiteStore` keeps apart, and its order is
/// not byte order.
struct StoreKey: Hashable, Comparable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (left: StoreKey, right: StoreKey) -> Bool { left.text.utf8.elementsEqual(right.text.utf8) }

    static func < (left: StoreKey, right: StoreKey) -> Bool {
        left.text.utf8.lexicographicallyPrecedes(right.text.utf8)
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(text.utf8.count)
        for byte in text.utf8 { hasher.combine(byte) }
    }

    /// Whether the key lies in the range a prefix query reads: from `prefix` up to (not including) `prefix`
    /// followed by U+10FFFF, the range `SQLiteStore` reads through its index.
    func isInPrefixRange(of prefix: String) -> Bool {
        let bytes = text.utf8
        guard !bytes.lexicographicallyPrecedes(prefix.utf8) else { return false }
        return bytes.lexicographicallyPrecedes((prefix + "\u{10FFFF}").utf8)
    }
}
