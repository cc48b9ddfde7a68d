/// How an indicator contributes to the level.
public enum IndicatorKind: String, Sendable, CaseIterable, Hashable {
    /// A yes adds the weight to the score.
    case weighted
    /// A yes adds the weight and lifts the level to at least suspicion on its own.
    case hard
    /// A yes makes the level acute.
    case acute
    /// Recorded and shown, never lifts the level (vulnerabilities, offence context).
    case context
}
