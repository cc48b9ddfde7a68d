/// Who is assessing: decides the route.
public enum Role: String, Sendable, CaseIterable, Hashable {
    case police
    case zsm
    case education
    case care
    case municipality
    case rvdk
    case other
}
