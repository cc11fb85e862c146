/// A CLDR plural category: which form of a counted phrase a number takes.
public enum PluralCategory: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case zero, one, two, few, many, other

    public static func < (lhs: PluralCategory, rhs: PluralCategory) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// The CLDR cardinal plural rules for whole numbers (https://www.unicode.org/cldr/charts/latest/supplemental/
/// language_plural_rules.html), for the languages the workshop reads: English, French, Russian, Chinese, and
/// Kazakh, Mongolian and Lao for facilitators' own catalogues. Replies count whole things (votes, posts,
/// minutes), so only the integer rules are needed (CLDR's `v = 0`).
///
/// A language without rules here is read with English's (`one` for 1, `other` otherwise), the most common
/// shape among European languages.
public enum PluralRules {
    /// The category `number` takes in `language` (its base language's rules).
    public static func category(of number: Int, in language: Language) -> PluralCategory {
        // Magnitudes: the rules look at the last digits only, and `abs` of Int.min would trap.
        let n = number == Int.min ? Int.max : abs(number)
        switch language.base.code {
        case "zh", "lo", "ja", "ko", "th", "vi", "id", "ms":
            return .other
        case "fr":
            // one: i = 0,1; many: i != 0 and i % 1000000 = 0 (un million de votes).
            if n == 0 || n == 1 { return .one }
            if n % 1_000_000 == 0 { return .many }
            return .other
        case "ru", "uk", "be":
            let last = n % 10, lastTwo = n % 100
            if last == 1, lastTwo != 11 { return .one }
            if (2...4).contains(last), !(12...14).contains(lastTwo) { return .few }
            return .many
        default:
            // en, kk, mn and the languages without rules here: one for exactly 1.
            return n == 1 ? .one : .other
        }
    }

    /// The forms a catalogue must give a counted message in `language`, in CLDR order. French's `many` (whole
    /// millions) is optional: when a catalogue leaves it out, `other` is used, which reads correctly for the
    /// counts a workshop has. Russian's `other` (fractions in CLDR) is required as every language's fallback.
    public static func requiredCategories(for language: Language) -> [PluralCategory] {
        switch language.base.code {
        case "zh", "lo", "ja", "ko", "th", "vi", "id", "ms": return [.other]
        case "ru", "uk", "be": return [.one, .few, .many, .other]
        default: return [.one, .other]
        }
    }

    /// Every form a catalogue may give in `language`: the required ones and the optional ones (French `many`).
    public static func allowedCategories(for language: Language) -> [PluralCategory] {
        language.base.code == "fr" ? [.one, .many, .other] : requiredCategories(for: language)
    }
}
