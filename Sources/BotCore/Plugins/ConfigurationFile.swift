import Foundation

/// Where the configuration being loaded comes from, so a plugin can resolve files its YAML names relative to
/// it (the agenda's `source: agenda.ics`). Set by the runtime while it decodes and builds a plugin.
public enum ConfigurationFile {
    /// The YAML file being loaded, when loading from a folder.
    @TaskLocal public static var current: URL?

    /// `path` resolved against the folder of the file being loaded (absolute paths stay as they are).
    public static func resolve(_ path: String) -> URL {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path) }
        let folder =
            current?.deletingLastPathComponent() ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return folder.appendingPathComponent(path)
    }
}
