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
}
