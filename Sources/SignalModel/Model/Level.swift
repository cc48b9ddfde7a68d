/// The ordered signal level. A signal to act on, never a finding or a probability.
public enum Level: String, Sendable, CaseIterable, Comparable, Hashable {
    case none
    case attention
    case suspicion
    case acute

    var rank: Int {
        switch self {
        case .none: 0
        case .attention: 1
        case .suspicion: 2
        case .acute: 3
        }
    }

    public static func < (left: Level, right: Level) -> Bool { left.rank < right.rank }
}
