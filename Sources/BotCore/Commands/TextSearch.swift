import Foundation

/// Word search for plugins: every word must match some field, ignoring case and accents ("educacion" finds
/// "Educación"); the better the fields a word matches, the higher the item ranks.
public enum TextSearch {
    /// Lower-cased, accents removed. ASCII text, which has neither accents nor special case rules, is only
    /// lower-cased, without Foundation's folding.
    public static func fold(_ text: String) -> String {
        if isPlainASCII(text) { return text.lowercased() }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// Whether folded `text` contains folded `needle`, as `String.contains` compares them; text that is ASCII
    /// without carriage returns (where characters and bytes are one to one) is compared byte by byte.
    public static func contains(_ text: String, _ needle: String) -> Bool {
        contains(Folded(text), Folded(needle))
    }

    /// Folded text, with whether it is plain ASCII (worked out once).
    struct Folded: Sendable {
        var text: String
        var isPlainASCII: Bool

        init(_ folded: String) {
            text = folded
            isPlainASCII = TextSearch.isPlainASCII(folded)
        }
    }

    static func contains(_ text: Folded, _ needle: Folded) -> Bool {
        guard text.isPlainASCII, needle.isPlainASCII else { return text.text.contains(needle.text) }
        let found = text.text.utf8.withContiguousStorageIfAvailable { haystack in
            needle.text.utf8.withContiguousStorageIfAvailable { wanted in bytes(haystack, contain: wanted) }
        }
        return (found ?? nil) ?? text.text.contains(needle.text)
    }

    private static func bytes(_ haystack: UnsafeBufferPointer<UInt8>, contain wanted: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        guard !wanted.isEmpty else { return false }  // as Foundation answers for an empty needle
        guard wanted.count <= haystack.count else { return false }
        let first = wanted[0]
        for start in 0...(haystack.count - wanted.count) where haystack[start] == first {
            var offset = 1
            while offset < wanted.count, haystack[start + offset] == wanted[offset] { offset += 1 }
            if offset == wanted.count { return true }
        }
        return false
    }

    /// ASCII without `\r`, whose `\r\n` would be one character of two bytes.
    private static func isPlainASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D } }

    /// The items matching every word, best first; equal scores keep the items' order.
    /// - Parameter fields: an item's searchable texts, each with the weight a match in it earns.
    public static func rank<T>(_ items: [T], words: [String], fields: (T) -> [(text: String, weight: Int)]) -> [T] {
        Index(items, fields: fields).rank(words)
    }

    /// Items with their searchable texts folded once, for searching the same items again and again (a
    /// plugin builds one per configuration).
    public struct Index<T> {
        /// One item and its folded texts with their weights.
        public struct Entry {
            public var item: T
            var fields: [Field]

            public init(_ item: T, fields: [(text: String, weight: Int)]) {
                self.item = item
                self.fields = fields.map { Field(text: Folded(TextSearch.fold($0.text)), weight: $0.weight) }
            }
        }

        /// In the order equal scores keep.
        public let entries: [Entry]
        /// Each entry's fields, apart from the items: the search itself runs on these alone, in code that is
        /// not generic over the item type (a plugin's module calls it without a specialised copy).
        private let fieldLists: [[Field]]

        public init(entries: [Entry]) {
            self.entries = entries
            fieldLists = entries.map(\.fields)
        }

        public init(_ items: [T], fields: (T) -> [(text: String, weight: Int)]) {
            self.init(entries: items.map { Entry($0, fields: fields($0)) })
        }

        /// The items matching every word, best first; equal scores keep the entries' order.
        public func rank(_ words: [String]) -> [T] {
            TextSearch.ranked(fieldLists, words).map { entries[$0].item }
        }
    }

    /// One searchable text, folded, and the weight a match in it earns.
    struct Field: Sendable {
        var text: Folded
        var weight: Int
    }

    /// The positions of the field lists matching every word, best first; equal scores keep their order.
    static func ranked(_ fieldLists: [[Field]], _ words: [String]) -> [Int] {
        let needles = words.map(TextSearch.fold).filter { !$0.isEmpty }.map(Folded.init)
        guard !needles.isEmpty else { return [] }
        var scored: [(position: Int, score: Int)] = []
        for (position, fields) in fieldLists.enumerated() {
            var score = 0
            var matchesAll = true
            for needle in needles {
                var best: Int?
                for field in fields where best.map({ field.weight > $0 }) ?? true && contains(field.text, needle) {
                    best = field.weight
                }
                guard let best else {
                    matchesAll = false
                    break
                }
                score += best
            }
            if matchesAll { scored.append((position, score)) }
        }
        return scored.sorted { ($1.score, $0.position) < ($0.score, $1.position) }.map(\.position)
    }

    /// The candidate closest to `name` within an edit distance of `maximumDistance`, for "did you mean" hints
    /// (mistyped commands, unknown configuration keys); of equally close candidates, the first in `candidates`.
    public static func closest(to name: String, among candidates: some Sequence<String>, maximumDistance: Int = 2)
        -> String?
    {
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(name, candidate)
            if distance <= maximumDistance, distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// The Levenshtein distance between the first 64 characters of `lhs` and of `rhs`: names and keys are
    /// short, and the bound keeps the cost of a hint small whatever length a hostile text has.
    public static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs.prefix(64))
        let right = Array(rhs.prefix(64))
        guard !left.isEmpty else { return right.count }
        guard !right.isEmpty else { return left.count }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for (leftOffset, leftCharacter) in left.enumerated() {
            current[0] = leftOffset + 1
            for (rightOffset, rightCharacter) in right.enumerated() {
                let substitution = previous[rightOffset] + (leftCharacter == rightCharacter ? 0 : 1)
                current[rightOffset + 1] = min(previous[rightOffset + 1] + 1, current[rightOffset] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[right.count]
    }
}

extension TextSearch.Index: Sendable where T: Sendable {}
extension TextSearch.Index.Entry: Sendable where T: Sendable {}
