import BotCore
import Testing

@Suite("Edit distance and closest names")
struct EditDistanceTests {
    @Test(
        "the edit distance counts insertions, deletions and substitutions",
        arguments: [
            ("agenda", "agenda", 0), ("agnda", "agenda", 1), ("agendaa", "agenda", 1), ("agemda", "agenda", 1),
            ("", "vote", 4), ("vote", "", 4), ("kitten", "sitting", 3), ("zeitzone", "time_zone", 5),
        ])
    func editDistance(lhs: String, rhs: String, expected: Int) {
        #expect(TextSearch.editDistance(lhs, rhs) == expected)
        #expect(TextSearch.editDistance(rhs, lhs) == expected)
    }

    @Test("only the first 64 characters count, so a huge text costs no more than a name")
    func editDistanceIsBounded() {
        let long = String(repeating: "a", count: 100_000)
        #expect(TextSearch.editDistance(long, "") == 64)
        #expect(TextSearch.editDistance(long, String(repeating: "a", count: 64) + "b") == 0)
    }

    @Test("the closest candidate within two edits; ties go to the first candidate; nothing when all are far")
    func closest() {
        #expect(TextSearch.closest(to: "agnda", among: ["vote", "agenda", "agendas"]) == "agenda")
        #expect(TextSearch.closest(to: "vot", among: ["vat", "vit"]) == "vat")
        #expect(TextSearch.closest(to: "vot", among: ["vit", "vat"]) == "vit")
        #expect(TextSearch.closest(to: "resources", among: ["vote", "agenda"]) == nil)
        #expect(TextSearch.closest(to: "abcd", among: ["abxy"], maximumDistance: 1) == nil)
    }
}
