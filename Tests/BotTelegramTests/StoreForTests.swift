import BotSQLite
import Foundation

enum BotSQLiteStoreForTests {
    static func make() throws -> SQLiteStore {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteStore(path: folder.appendingPathComponent("s.sqlite").path)
    }
}
