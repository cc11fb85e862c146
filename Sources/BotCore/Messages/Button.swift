/// A one-tap button under a reply. Pressing it runs `command` as if the presser had typed it, through the
/// same parsing, role check and handler, so a button can do nothing a typed command could not.
public struct Button: Sendable, Hashable, Codable {
    public var title: String
    /// A command line such as `/vote 2` (at most 64 bytes: the smallest limit of a platform's button data).
    public var command: String
    /// What a choice that stays chosen runs, on platforms where choosing leaves a lasting mark (a reaction)
    /// rather than being a press, such as `/vote #1 +2` where a press toggles; nil: the same as `command`.
    public var select: String?
    /// What taking the choice back runs, on platforms where the mark can be withdrawn (a reaction removed),
    /// such as `/vote #1 -2`; nil when it cannot be undone.
    public var undo: String?

    public init(_ title: String, command: String, select: String? = nil, undo: String? = nil) {
        self.title = title
        self.command = command
        self.select = select
        self.undo = undo
    }
}
