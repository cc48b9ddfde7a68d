/// The facts around a case that decide the route (not the level).
public struct CaseContext: Sendable, Equatable {
    /// Age in years, or nil when unknown.
    public var age: Int?
    public var role: Role
    /// An offence id from the catalogue, or nil.
    public var offence: String?
    /// Is the child in danger right now?
    public var acuteDanger: TriState
    /// Is a parent or guardian with custody present in the Netherlands?
    public var guardianPresent: TriState
    /// Is the child registered in the Netherlands (BRP)?
    public var registeredInNL: TriState
    /// When the assessment was made (decides office hours).
    public var assessedAt: Timestamp?
    /// A region id from the contacts directory.
    public var region: String?

    public init(
        age: Int?, role: Role = .police, offence: String? = nil, acuteDanger: TriState = .unknown,
        guardianPresent: TriState = .unknown, registeredInNL: TriState = .unknown, assessedAt: Timestamp? = nil,
        region: String? = nil
    ) {
        self.age = age
        self.role = role
        self.offence = offence
        self.acuteDanger = acuteDanger
        self.guardianPresent = guardianPresent
        self.registeredInNL = registeredInNL
        self.assessedAt = assessedAt
        self.region = region
    }

    public var ageBand: AgeBand { AgeBand(age: age) }
}

/// One answer in a case, with the assessor's optional note.
public struct CaseAnswer: Sendable, Equatable {
    public var answer: Answer
    public var note: String?

    public init(_ answer: Answer, note: String? = nil) {
        self.answer = answer
        self.note = note
    }
}

/// A professional's judgement that differs from the computed level; recorded beside it.
public struct Override: Sendable, Equatable {
    public var level: Level
    public var reason: String

    public init(level: Level, reason: String) {
        self.level = level
        self.reason = reason
    }
}

/// A case as a ZSM desk or the interview supplies it (format version 1).
public struct Case: Sendable, Equatable {
    public static let formatVersion = 1

    /// A pseudonymous reference (no names, no BSN).
    public var reference: String?
    public var context: CaseContext
    /// Answers by indicator id.
    public var answers: [String: CaseAnswer]
    public var override: Override?

    public init(
        reference: String? = nil, context: CaseContext, answers: [String: CaseAnswer] = [:], override: Override? = nil
    ) {
        self.reference = reference
        self.context = context
        self.answers = answers
        self.override = override
    }
}
