/// What a person may do, and where. Ordered: each level may do everything the levels below it may.
///
/// A workshop facilitator (`.facilitator`: the roster's, or an id configured in `bot.yaml`) may change what
/// reaches beyond one chat: deadlines, resources, everything that is scheduled. A chat facilitator
/// (`.chatFacilitator`) holds a role a platform gave them (chat administrator, room creator, power level) in one
/// of the workshop's own chats, and may run that chat's own business (its polls) only. A command that declares
/// `role: .facilitator` is therefore for workshop facilitators: a command must say `.chatFacilitator` to let
/// platform-granted roles run it, so the safe reading is the default.
public enum Role: String, Sendable, Hashable, Codable, Comparable, CaseIterable, CustomStringConvertible {
    case participant
    /// A facilitator of one chat, by a platform's grant in that chat; never beyond it.
    case chatFacilitator = "chat_facilitator"
    /// A facilitator of the whole workshop.
    case facilitator

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .participant: return 0
        case .chatFacilitator: return 1
        case .facilitator: return 2
        }
    }

    /// The role as people read it: `participant`, `facilitator of this chat`, `workshop facilitator`.
    public var description: String {
        switch self {
        case .participant: return "participant"
        case .chatFacilitator: return "facilitator of this chat"
        case .facilitator: return "workshop facilitator"
        }
    }

    /// Who may use what needs this role, for refusals and `/help`: `participants`, `facilitators` (of the chat
    /// or of the workshop), `the workshop's facilitators`.
    public var audience: String {
        switch self {
        case .participant: return "participants"
        case .chatFacilitator: return "facilitators"
        case .facilitator: return "the workshop's facilitators"
        }
    }
}
