/// Age bands that decide the legal frame: under 12 cannot be prosecuted; 12–17 go through ZSM.
package enum AgeBand: String, Sendable, CaseIterable, Hashable {
    case under12
    case minor
    case adult
    case unknown

    package init(age: Int?) {
        switch age {
        case nil: self = .unknown
        case let value? where value < 12: self = .under12
        case let value? where value < 18: self = .minor
        default: self = .adult
        }
    }
}
