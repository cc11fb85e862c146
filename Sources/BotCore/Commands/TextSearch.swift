import Foundation

/// Word search for plugins: every word must match some field, ignoring case and accents ("educacion" finds
/// "Educación"); the better the fields a word matches, the higher the item ranks.
public enum TextSearch {
    /// Lower-cased, accents removed.
    public static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    /// The items matching every word, best first; equal scores keep the items' order.
    /// - Parameter fields: an item's searchable texts, each with the weight a match in it earns.
    public static func rank<T>(_ items: [T], words: [String], fields: (T) -> [(text: String, weight: Int)]) -> [T] {
        let needles = words.map(fold).filter { !$0.isEmpty }
        guard !needles.isEmpty else { return [] }
        let scored = items.enumerated().compactMap { index, item -> (T, Int, Int)? in
            let folded = fields(item).map { (fold($0.text), $0.weight) }
            var score = 0
            for needle in needles {
                guard let best = folded.filter({ $0.0.contains(needle) }).map(\.1).max() else { return nil }
                score += best
            }
            return (item, score, index)
        }
        return scored.sorted { ($1.1, $0.2) < ($0.1, $1.2) }.map(\.0)
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
