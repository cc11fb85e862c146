import Testing

@testable import BotCore

/// Ranking through the index: every word must match some field, the heaviest matching field counts per word, ties keep order.
struct TextSearchRankingTests {
    struct Item: Equatable {
        var name: String
        var fields: [(text: String, weight: Int)]
        static func == (lhs: Item, rhs: Item) -> Bool { lhs.name == rhs.name }
    }

    /// The rule as first written, over whole items, for comparing the index's answers with.
    static func referenceRank(_ items: [Item], _ words: [String]) -> [String] {
        let needles = words.map(TextSearch.fold).filter { !$0.isEmpty }
        guard !needles.isEmpty else { return [] }
        let scored = items.enumerated().compactMap { index, item -> (String, Int, Int)? in
            var score = 0
            for needle in needles {
                var best: Int?
                for field in item.fields where TextSearch.fold(field.text).contains(needle) {
                    best = max(best ?? field.weight, field.weight)
                }
                guard let best else { return nil }
                score += best
            }
            return (item.name, score, index)
        }
        return scored.sorted { ($1.1, $0.2) < ($0.1, $1.2) }.map(\.0)
    }

    @Test func heavierFieldsRankFirstAndTiesKeepTheirOrder() {
        let items = [
            Item(name: "a", fields: [("Climate finance", 1)]),
            Item(name: "b", fields: [("Climate", 3), ("finance", 1)]),
            Item(name: "c", fields: [("Educación y clima", 2)]),
            Item(name: "d", fields: [("climate", 1), ("FINANCE", 1)]),
        ]
        let index = TextSearch.Index(items) { $0.fields }
        #expect(index.rank(["climate"]).map(\.name) == ["b", "a", "d"])
        #expect(index.rank(["climate", "finance"]).map(\.name) == ["b", "a", "d"])
        #expect(index.rank(["educacion"]).map(\.name) == ["c"])
        #expect(index.rank(["", ""]).isEmpty)
        #expect(index.rank(["nothing"]).isEmpty)
    }

    @Test func theIndexRanksAsTheRuleOverRandomItems() {
        let words = ["climate", "Finance", "educación", "EDU", "cli", "a", "ß", "straße", "x", "learning", "年"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let items = (0..<Int.random(in: 0...12, using: &generator)).map { n in
                Item(
                    name: "item\(n)",
                    fields: (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                        let text = (0..<Int.random(in: 1...3, using: &generator)).map { _ in
                            words.randomElement(using: &generator) ?? ""
                        }.joined(separator: " ")
                        return (text, Int.random(in: 1...3, using: &generator))
                    })
            }
            let query = (0..<Int.random(in: 1...3, using: &generator)).map { _ in
                words.randomElement(using: &generator) ?? ""
            }
            let ranked = TextSearch.Index(items) { $0.fields }.rank(query).map(\.name)
            let expected = Self.referenceRank(items, query)
            #expect(ranked == expected, "\(query)")
        }
    }
}
