/// A yes / no / unknown answer. Unknown is an answer of its own and never scored as no.
public enum Answer: String, Sendable, CaseIterable, Hashable {
    case yes
    case no
    case unknown
}

/// The three-valued context facts (acute danger, guardian present, registered in NL, office hours).
public typealias TriState = Answer
