import BotCore
import Foundation
import Testing

@Suite("ZoneNames")
struct ZoneNamesTests {
    @Test(
        "IANA names in any case, and UTC, name their zone",
        arguments: [
            ("Asia/Vientiane", "Asia/Vientiane"), ("asia/vientiane", "Asia/Vientiane"),
            ("  Europe/Berlin ", "Europe/Berlin"), ("ASIA/ULAANBAATAR", "Asia/Ulaanbaatar"), ("utc", "UTC"),
            ("UTC", "UTC"), ("Etc/UTC", "UTC"),
        ])
    func known(written: String, shown: String) throws {
        let zone = try ZoneNames.zone(named: written).get()
        #expect(ZoneNames.displayName(of: zone) == shown)
    }

    @Test("an abbreviation is refused with the IANA names it may mean", arguments: ["CST", "cst", "IST", "BST"])
    func abbreviations(written: String) {
        guard case .failure(let problem) = ZoneNames.zone(named: written) else {
            Issue.record("\(written) was accepted")
            return
        }
        #expect(problem.description.contains("abbreviation"))
        #expect(problem.description.contains("/"))
    }

    @Test(
        "a problem reads in the reader's language, and in English exactly as check-config writes it",
        arguments: ["CST", "JST", "Asia/Vientane", "nowhere at all"])
    func problemsInTheReadersLanguage(written: String) throws {
        guard case .failure(let problem) = ZoneNames.identifier(named: written) else {
            Issue.record("\(written) was accepted")
            return
        }
        let localization = Localization.coreOnly
        #expect(problem.message(in: localization.texts(.english)) == problem.description)
        let russian = problem.message(in: localization.texts(.russian))
        #expect(russian != problem.description)
        #expect(russian.contains("часовой пояс"), "\(russian)")
        #expect(problem.message(in: localization.texts(.chinese)).contains("时区"))
    }

    @Test("CST names both the US and China")
    func chinaStandardTime() {
        guard case .failure(let problem) = ZoneNames.zone(named: "CST") else {
            Issue.record("CST was accepted")
            return
        }
        #expect(problem.description.contains("Asia/Shanghai") && problem.description.contains("America/Chicago"))
    }

    @Test("a misspelt name gets the closest zone; nonsense gets an example; a huge text is cut short")
    func unknown() {
        guard case .failure(let typo) = ZoneNames.zone(named: "Asia/Vientaine"),
            case .failure(let nonsense) = ZoneNames.zone(named: "Mars/Base"),
            case .failure(let huge) = ZoneNames.zone(named: String(repeating: "x", count: 10_000))
        else {
            Issue.record("accepted")
            return
        }
        #expect(typo.description == "unknown time zone 'Asia/Vientaine' (did you mean Asia/Vientiane?)")
        #expect(nonsense.description.contains("such as Asia/Vientiane"))
        #expect(huge.description.count < 200)
    }
}
