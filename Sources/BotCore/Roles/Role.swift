/// What a person may do. Ordered: a facilitator may do everything a participant may.
public enum Role: String, Sendable, Hashable, Codable, Comparable, CaseIterable, CustomStringConvertible {
    case participant
    case facilitator

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .participant: return 0
        case .facilitator: return 1
        }
    }

    public var description: String { rawValue }
}
