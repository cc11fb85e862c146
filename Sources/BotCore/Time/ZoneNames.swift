import Foundation

/// Reads a time zone name as people write it, in configuration files and in `/tz`: an IANA name in any case
/// (`asia/vientiane`), or `UTC`. Abbreviations are refused even where Foundation would accept them: `CST` is US
/// Central to Foundation but China Standard Time to the China team, and `IST`, `BST` have the same problem, so
/// the answer names the IANA zones the abbreviation may mean.
public enum ZoneNames {
    /// What went wrong with a zone name: `description` in English (for `check-config`), `message(in:)` in a
    /// reader's language (the core's `zone.*` messages).
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
        /// The name as written (at most 64 characters), the zones an abbreviation may mean, and the zone a
        /// misspelt name may mean.
        var written: String = ""
        var meanings: [String] = []
        var suggestion: String?

        /// The problem in `texts`' language.
        public func message(in texts: Texts) -> String {
            if !meanings.isEmpty {
                return texts.plain(
                    meanings.count > 1 ? "zone.abbreviation-many" : "zone.abbreviation",
                    ["name": .text(written), "zones": .text(meanings.joined(separator: ", "))])
            }
            if let suggestion {
                return texts.plain("zone.unknown-suggestion", ["name": .text(written), "zone": .text(suggestion)])
            }
            return texts.plain("zone.unknown", ["name": .text(written)])
        }
    }

    /// Abbreviations people write, with the IANA zones each may mean (the first is what Foundation picks).
    static let abbreviations: [String: [String]] = [
        "CST": ["America/Chicago", "Asia/Shanghai", "America/Havana"],
        "CDT": ["America/Chicago", "America/Havana"],
        "IST": ["Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"],
        "BST": ["Europe/London", "Asia/Dhaka"],
        "EST": ["America/New_York", "Australia/Sydney"],
        "EDT": ["America/New_York"],
        "PST": ["America/Los_Angeles", "Asia/Manila"],
        "PDT": ["America/Los_Angeles"],
        "MST": ["America/Denver", "America/Phoenix"],
        "CET": ["Europe/Berlin", "Europe/Paris"],
        "CEST": ["Europe/Berlin", "Europe/Paris"],
        "EET": ["Europe/Kyiv", "Europe/Athens"],
        "WET": ["Europe/Lisbon"],
        "MSK": ["Europe/Moscow"],
        "EAT": ["Africa/Kampala", "Africa/Nairobi"],
        "ICT": ["Asia/Vientiane", "Asia/Bangkok"],
        "ULAT": ["Asia/Ulaanbaatar"],
        "ALMT": ["Asia/Almaty"],
        "HKT": ["Asia/Hong_Kong"],
        "JST": ["Asia/Tokyo"],
        "KST": ["Asia/Seoul"],
        "AEST": ["Australia/Sydney", "Australia/Brisbane"],
    ]

    /// Known IANA names by their lower-cased spelling.
    private static let known: [String: String] = {
        var names: [String: String] = [:]
        for identifier in TimeZone.knownTimeZoneIdentifiers { names[identifier.lowercased()] = identifier }
        names["utc"] = "UTC"
        names["etc/utc"] = "UTC"
        return names
    }()

    /// The zone `text` names, or why it names none (with a suggestion when it looks like a typo of one).
    public static func zone(named text: String) -> Result<TimeZone, Problem> {
        identifier(named: text).flatMap { identifier in
            TimeZone(identifier: identifier).map { .success($0) }
                ?? .failure(Problem(description: "unknown time zone '\(identifier)'", written: identifier))
        }
    }

    /// The IANA name (as the zone database spells it, or `UTC`) that `text` names, or why it names none.
    public static func identifier(named text: String) -> Result<String, Problem> {
        let written = text.trimmingCharacters(in: .whitespaces)
        let shown = String(written.prefix(64))
        if let identifier = known[written.lowercased()] { return .success(identifier) }
        if let meanings = abbreviations[written.uppercased()] {
            let names = meanings.joined(separator: ", ")
            return .failure(
                Problem(
                    description:
                        "'\(shown)' is an abbreviation, not a zone: write the IANA name it means (\(meanings.count > 1 ? "it may mean " : "")\(names))",
                    written: shown, meanings: meanings))
        }
        let suggestion =
            written.count <= 64
            ? TextSearch.closest(to: written.lowercased(), among: known.keys.sorted()).flatMap { known[$0] } : nil
        return .failure(
            Problem(
                description: "unknown time zone '\(shown)'"
                    + (suggestion.map { " (did you mean \($0)?)" } ?? " (use an IANA name such as Asia/Vientiane)"),
                written: shown, suggestion: suggestion))
    }

    /// How a zone is shown to people: `UTC` for UTC (Foundation says `GMT`), else its IANA name.
    public static func displayName(of zone: TimeZone) -> String {
        zone.secondsFromGMT() == 0 && ["GMT", "UTC", "Etc/UTC", "Etc/GMT"].contains(zone.identifier)
            ? "UTC" : zone.identifier
    }
}
