/// The facts around a case that decide the route (not the level).
public struct CaseContext: Sendable, Equatable {
    /// Age in years, or nil when unknown.
    public var age: Int?
    /// Who is assessing: decides the route.
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

    /// A case's facts; what is not given is unknown.
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

    package var ageBand: AgeBand { AgeBand(age: age) }
}

/// One answer in a case, with the assessor's optional note.
public struct CaseAnswer: Sendable, Equatable {
    /// Yes, no or unknown.
    public var answer: Answer
    /// The assessor's note on the answer (no names, no BSN).
    public var note: String?

    /// An answer with an optional note.
    public init(_ answer: Answer, note: String? = nil) {
        self.answer = answer
        self.note = note
    }
}

/// A professional's judgement that differs from the computed level; recorded beside it.
public struct Override: Sendable, Equatable {
    /// The level the professional judges right.
    public var level: Level
    /// Why (required: an override is always explained).
    public var reason: String

    /// An override with its reason.
    public init(level: Level, reason: String) {
        self.level = level
        self.reason = reason
    }
}

/// One reader's contribution to a case as it travels along the chain (case format version 2): the
/// role that added it (never a name), when, the answers it set or changed, an optional note, and the
/// route steps the reader says were taken. Contributions are only ever appended.
public struct Contribution: Sendable, Equatable {
    /// The role of the reader who added it (never a name).
    public var role: Role
    /// When the contribution was made, when known.
    public var at: Timestamp?
    /// The answers this reader set or changed, by indicator id.
    public var answers: [String: CaseAnswer]
    /// The reader's note on the contribution.
    public var note: String?
    /// Route step ids this reader took.
    public var done: [String]

    /// A contribution; answers, note and steps taken are optional.
    public init(role: Role, at: Timestamp? = nil, answers: [String: CaseAnswer] = [:], note: String? = nil, done: [String] = []) {
        self.role = role
        self.at = at
        self.answers = answers
        self.note = note
        self.done = done
    }
}

/// A case as a ZSM desk or the interview supplies it (format version 1, or 2 with its history).
public struct Case: Sendable, Equatable {
    /// The newest case format this library reads and writes.
    package static let formatVersion = 2
    /// The formats it reads: version 1 is version 2 without `history`.
    package static let readableVersions = 1...formatVersion

    /// A pseudonymous reference (no names, no BSN).
    public var reference: String?
    /// The facts around the case (age, role, offence, danger, guardian, registration, moment, region).
    public var context: CaseContext
    /// Answers by indicator id.
    public var answers: [String: CaseAnswer]
    /// A professional's override of the computed level, with the reason.
    public var override: Override?
    /// The contributions of the readers so far, oldest first (empty for a version-1 case). The current
    /// answers (`answers`) agree with the latest answer per indicator in it; answers no contribution
    /// gave came from before the history was kept.
    public var history: [Contribution]

    /// A case built in code; assess it with `Engine.assess`, which refuses ids the knowledge does not know.
    public init(
        reference: String? = nil, context: CaseContext, answers: [String: CaseAnswer] = [:], override: Override? = nil,
        history: [Contribution] = []
    ) {
        self.reference = reference
        self.context = context
        self.answers = answers
        self.override = override
        self.history = history
    }

    /// The version the case is written in: 1 when it has no history (as every older Signaal reads
    /// it), else 2.
    package var writtenVersion: Int { history.isEmpty ? 1 : 2 }

    /// The latest answer per indicator in the history, with the index of the contribution that gave it.
    package var latestInHistory: [String: (answer: CaseAnswer, contribution: Int)] {
        var latest: [String: (answer: CaseAnswer, contribution: Int)] = [:]
        for (index, contribution) in history.enumerated() {
            for (id, answer) in contribution.answers { latest[id] = (answer, index) }
        }
        return latest
    }
}
