import BotCore
import BotTesting
import Testing

@testable import DashboardPlugin

/// The dashboard's catalogues: the same languages as the other plugins, each complete.
struct DashboardLanguageTests {
    @Test func everyCatalogueHasExactlyEnglishsKeysPlaceholdersAndPluralForms() {
        #expect(CatalogueChecks.problems(DashboardMessages.tables) == [])
        #expect(Set(DashboardMessages.tables.map(\.language)) == Set(Language.shipped))
    }
}
