/// A family of indicators (instigation, proceeds, …).
package struct Family: Sendable, Equatable {
    package var id: String
    package var name: LocalizedText
    package var citations: [Citation]

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(id: String, name: LocalizedText, citations: [Citation]) {
        self.id = id
        self.name = name
        self.citations = citations
    }
}

/// An offence type: context that shapes which questions the interview asks.
package struct Offence: Sendable, Equatable {
    package var id: String
    package var name: LocalizedText
    package var citations: [Citation]
    /// The offence says nothing about which items fit ("other", recruiting others): the checklist and
    /// "check next" are not narrowed for it (`open` in catalog.json).
    package var open: Bool = false

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(id: String, name: LocalizedText, citations: [Citation], open: Bool = false) {
        self.id = id
        self.name = name
        self.citations = citations
        self.open = open
    }
}

/// What the interview knows about the catalogue beyond its items (`interview` in catalog.json):
/// interview design, not from the sources (docs/FORMATS.md).
package struct InterviewFacts: Sendable, Equatable {
    /// An acute question that a yes opens at once.
    package struct FollowUp: Sendable, Equatable {
        /// The acute indicator asked.
        package var ask: String
        /// The families and indicator ids whose yes opens it.
        package var afterYes: [String]

        /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
        package init(ask: String, afterYes: [String]) {
            self.ask = ask
            self.afterYes = afterYes
        }
    }

    /// Roles away from the arrest: no single offence narrows what they may have noticed (a teacher
    /// or a municipality sees the whole picture).
    package var rolesAwayFromArrest: [Role] = []
    /// Families whose yes deepens into `deepeningQuestions` and then danger now.
    package var deepeningFamilies: [String] = []
    /// The questions a deepening asks when they were not ticked, in this order.
    package var deepeningQuestions: [String] = []
    /// The acute questions a yes opens at once, in the order to ask them.
    package var acuteFollowUps: [FollowUp] = []
    /// The later "is the child in danger now?" question: asked only when the gate was "?", and then
    /// its answer is the gate's (nil: none).
    package var dangerNow: String? = nil
    /// Items asked only when no custodial parent is in the Netherlands, or that is not known.
    package var onlyWithoutCustodialParent: [String] = []

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(
        rolesAwayFromArrest: [Role] = [],
        deepeningFamilies: [String] = [],
        deepeningQuestions: [String] = [],
        acuteFollowUps: [FollowUp] = [],
        dangerNow: String? = nil,
        onlyWithoutCustodialParent: [String] = []
    ) {
        self.rolesAwayFromArrest = rolesAwayFromArrest
        self.deepeningFamilies = deepeningFamilies
        self.deepeningQuestions = deepeningQuestions
        self.acuteFollowUps = acuteFollowUps
        self.dangerNow = dangerNow
        self.onlyWithoutCustodialParent = onlyWithoutCustodialParent
    }
}

/// A level's name and meaning as the catalogue words it.
package struct LevelDescription: Sendable, Equatable {
    package var level: Level
    package var name: LocalizedText
    package var meaning: LocalizedText

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(level: Level, name: LocalizedText, meaning: LocalizedText) {
        self.level = level
        self.name = name
        self.meaning = meaning
    }
}

/// The thresholds that turn a score into a level, with why they are what they are.
package struct ScoringRules: Sendable, Equatable {
    package var attentionAt: Int
    package var suspicionAt: Int
    package var rationale: LocalizedText
    package var citations: [Citation]

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(attentionAt: Int, suspicionAt: Int, rationale: LocalizedText, citations: [Citation]) {
        self.attentionAt = attentionAt
        self.suspicionAt = suspicionAt
        self.rationale = rationale
        self.citations = citations
    }
}

/// One clause of an indicator's interview skip rule: every field present must hold.
package struct AskClause: Sendable, Equatable {
    package var offences: [String]?
    package var anyYes: [String]?
    package var roles: [Role]?
    package var ageBands: [AgeBand]?

    /// Whether the clause holds for a case (or the interview so far). For "check next" a case
    /// without an offence is passed as `other` (nothing known about the offence).
    package func holds(offence: String?, role: Role, ageBand: AgeBand, isYes: (String) -> Bool) -> Bool {
        if let offences, !(offence.map { offences.contains($0) } ?? false) { return false }
        if let anyYes, !anyYes.contains(where: isYes) { return false }
        if let roles, !roles.contains(role) { return false }
        if let ageBands, !ageBands.contains(ageBand) { return false }
        return true
    }

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(offences: [String]? = nil, anyYes: [String]? = nil, roles: [Role]? = nil, ageBands: [AgeBand]? = nil) {
        self.offences = offences
        self.anyYes = anyYes
        self.roles = roles
        self.ageBands = ageBands
    }
}

/// A worked example that the test suite runs: these answers must give exactly this result.
package struct IndicatorExample: Sendable, Equatable {
    package var answers: [String: Answer]
    package var context: CaseContext
    package var signals: Set<String>
    package var level: Level
    package var unknowns: Set<String>?
    /// Every open question ("check next"), in the order the assessment lists them; nil: not checked.
    package var checkNext: [String]? = nil

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(
        answers: [String: Answer],
        context: CaseContext,
        signals: Set<String>,
        level: Level,
        unknowns: Set<String>? = nil,
        checkNext: [String]? = nil
    ) {
        self.answers = answers
        self.context = context
        self.signals = signals
        self.level = level
        self.unknowns = unknowns
        self.checkNext = checkNext
    }
}

/// A problem-based indicator: a feature of the exploitation, never of the person.
public struct Indicator: Sendable, Equatable, CustomStringConvertible {
    /// The stable id (`family.name`), the key of an answer in a case.
    public var id: String
    /// The family id it belongs to (`instigation`, `proceeds`, …).
    public var family: String
    /// How a yes counts: weighted, hard, acute or context.
    public var kind: IndicatorKind
    /// What a yes adds to the score (scored kinds).
    public var weight: Int
    /// The question as asked, in Dutch and English.
    public var question: LocalizedText
    /// What the question means, for the person answering.
    public var explanation: LocalizedText
    /// Why it points to exploitation.
    public var rationale: LocalizedText
    /// Where the seed documents say so.
    public var citations: [Citation]
    /// "Check next": when this indicator is not answered, it is listed as worth checking if any
    /// clause holds for the case's offence, role and age band (and, for a clause with `anyYes`, one
    /// of those is answered yes). Empty: never listed unless answered unknown.
    package var ask: [AskClause]
    package var examples: [IndicatorExample]
    /// Families or indicator ids of which at least one other scored yes must be present for a yes
    /// to this indicator to count; empty means it always counts. A yes without such a partner is
    /// shown as a context finding (seen, not scored). Used where a feature alone would frame the
    /// child rather than the exploitation (e.g. earlier records abroad, 000 L985).
    package var countsOnlyWith: [String] = []
    /// Families or indicator ids beside which this indicator's yes counts toward suspicion; without a
    /// yes in one of them it raises the level to attention at most (identity and residence: they
    /// describe travelling groups more than what is done to the child, 000 L1099, L1914, L1984).
    package var suspicionOnlyWith: [String] = []
    /// The offences this item fits (its place on the checklist, and a limit on "check next"); nil:
    /// every offence. Only narrows when the offence is known and the role is at the offence
    /// (`fits(offence:role:)`).
    package var offences: [String]? = nil
    /// The roles this item fits (behaviour at the arrest only for roles at an arrest); nil: every role.
    package var roles: [Role]? = nil
    /// Indicators a yes to this one presupposes: its question only makes sense when they are yes
    /// ("is the person who wants to take the child here now?" presupposes that someone came to
    /// collect it). Route conditions on answers (`answer` in routing.json) read a yes here as a yes
    /// there, so a step tied to that answer is not lost when only this follow-up was answered.
    /// Scoring is unchanged. Empty: none.
    package var presupposes: [String] = []

    public var description: String { id }

    /// Whether this item fits a case of this offence (nil: unknown) and role: the one offence and
    /// role fit, read by the checklist and by "check next". The offence does not narrow the fit for
    /// a role away from the arrest or an open offence (`catalog.interview`, `Offence.open`).
    package func fits(offence: String?, role: Role, in catalog: Catalog) -> Bool {
        if let roles, !roles.contains(role) { return false }
        guard let offences, let offence, !catalog.interview.rolesAwayFromArrest.contains(role),
            catalog.offence(offence)?.open != true
        else {
            return true
        }
        return offences.contains(offence)
    }

    /// Whether this indicator, not answered, is worth checking next in a case: it fits the offence
    /// and role, and one of its `ask` clauses holds (a case without an offence counts as `other`).
    package func isCheckNext(offence: String?, role: Role, ageBand: AgeBand, in catalog: Catalog, isYes: (String) -> Bool) -> Bool {
        fits(offence: offence, role: role, in: catalog)
            && ask.contains { $0.holds(offence: offence ?? "other", role: role, ageBand: ageBand, isYes: isYes) }
    }

    /// Whether a yes to `other` satisfies this indicator's `countsOnlyWith` (never itself, never a
    /// context item or another conditional indicator).
    package func isPartner(_ other: Indicator) -> Bool {
        guard other.id != id, other.isScored, other.countsOnlyWith.isEmpty else { return false }
        return countsOnlyWith.contains(other.family) || countsOnlyWith.contains(other.id)
    }

    /// Whether a yes to `other` lets this indicator count toward suspicion (`suspicionOnlyWith`): a
    /// scored indicator that always counts in full, never itself.
    package func isSuspicionPartner(_ other: Indicator) -> Bool {
        guard other.id != id, other.isScored, other.countsOnlyWith.isEmpty, other.suspicionOnlyWith.isEmpty else { return false }
        return suspicionOnlyWith.contains(other.family) || suspicionOnlyWith.contains(other.id)
    }

    /// Whether a yes to this indicator counts as a signal (context items never do).
    package var isScored: Bool { kind != .context }

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(
        id: String,
        family: String,
        kind: IndicatorKind,
        weight: Int,
        question: LocalizedText,
        explanation: LocalizedText,
        rationale: LocalizedText,
        citations: [Citation],
        ask: [AskClause],
        examples: [IndicatorExample],
        countsOnlyWith: [String] = [],
        suspicionOnlyWith: [String] = [],
        offences: [String]? = nil,
        roles: [Role]? = nil,
        presupposes: [String] = []
    ) {
        self.id = id
        self.family = family
        self.kind = kind
        self.weight = weight
        self.question = question
        self.explanation = explanation
        self.rationale = rationale
        self.citations = citations
        self.ask = ask
        self.examples = examples
        self.countsOnlyWith = countsOnlyWith
        self.suspicionOnlyWith = suspicionOnlyWith
        self.offences = offences
        self.roles = roles
        self.presupposes = presupposes
    }
}

/// When a combination rule holds: the case's offence is one of `offences` (when given), every
/// `allYes` indicator is answered yes, and at least one `anyYes` indicator is (when given). Only
/// features of the exploitation and the offence: never a property of the person.
package struct CombinationCondition: Sendable, Equatable {
    package var offences: [String]?
    package var allYes: [String]
    package var anyYes: [String]

    package init(offences: [String]?, allYes: [String], anyYes: [String]) {
        self.offences = offences
        self.allYes = allYes
        self.anyYes = anyYes
    }

    /// Every indicator the condition names, `allYes` first.
    package var indicators: [String] { allYes + anyYes.filter { !allYes.contains($0) } }

    /// Whether the condition holds, given whether each named indicator counts (`isYes`).
    package func holds(offence: String?, isYes: (String) -> Bool) -> Bool {
        applies(to: offence) && Self.holds(allYes: allYes, anyYes: anyYes, isYes: isYes)
    }

    /// Whether the rule can apply to a case with this offence (nil: none given): any, when it names none.
    package func applies(to offence: String?) -> Bool {
        guard let offences else { return true }
        return offence.map(offences.contains) ?? false
    }

    /// The rule over answers, for ids or for catalogue positions (`CompiledCombination`): every
    /// `allYes` counts, and one `anyYes` does when there are any. The only copy of this rule.
    static func holds<IDs: Collection>(allYes: IDs, anyYes: IDs, isYes: (IDs.Element) -> Bool) -> Bool {
        allYes.allSatisfy(isYes) && (anyYes.isEmpty || anyYes.contains(where: isYes))
    }
}

/// A worked example of a combination rule that the test suite runs: these answers in this context
/// give exactly this level, and exactly these combinations fire.
package struct CombinationExample: Sendable, Equatable {
    package var answers: [String: Answer]
    package var context: CaseContext
    package var level: Level
    package var combinations: Set<String>

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(answers: [String: Answer], context: CaseContext, level: Level, combinations: Set<String>) {
        self.answers = answers
        self.context = context
        self.level = level
        self.combinations = combinations
    }
}

/// A cited combination rule: weak signals that, together (and with the offence), are decisive.
/// When it holds, the level is at least `atLeast`; the score is not changed. Acute stays acute.
package struct Combination: Sendable, Equatable, CustomStringConvertible {
    package var id: String
    package var name: LocalizedText
    package var rationale: LocalizedText
    package var when: CombinationCondition
    /// The least level the case gets when the rule holds (attention or suspicion; never acute,
    /// which is only for danger now).
    package var atLeast: Level
    package var citations: [Citation]
    package var examples: [CombinationExample]

    package var description: String { id }

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(
        id: String,
        name: LocalizedText,
        rationale: LocalizedText,
        when: CombinationCondition,
        atLeast: Level,
        citations: [Citation],
        examples: [CombinationExample]
    ) {
        self.id = id
        self.name = name
        self.rationale = rationale
        self.when = when
        self.atLeast = atLeast
        self.citations = citations
        self.examples = examples
    }
}

/// The indicator catalogue: levels, thresholds, families, offences and indicators.
package struct Catalog: Sendable, Equatable {
    package var catalogVersion: String
    package var scoring: ScoringRules
    package var levels: [LevelDescription]
    package var families: [Family]
    package var offences: [Offence]
    package var indicators: [Indicator]
    /// Combination rules (`combinations` in catalog.json), in file order.
    package var combinations: [Combination]
    /// What the interview knows beyond the items (`interview` in catalog.json).
    package var interview: InterviewFacts

    private var indexByID: [String: Int] = [:]

    package init(
        catalogVersion: String, scoring: ScoringRules, levels: [LevelDescription], families: [Family],
        offences: [Offence], indicators: [Indicator], combinations: [Combination] = [],
        interview: InterviewFacts = InterviewFacts()
    ) {
        self.interview = interview
        self.catalogVersion = catalogVersion
        self.scoring = scoring
        self.levels = levels
        self.families = families
        self.offences = offences
        self.indicators = indicators
        self.combinations = combinations
        for (index, indicator) in indicators.enumerated() { indexByID[indicator.id] = index }
    }

    /// The indicator with this id.
    package func indicator(_ id: String) -> Indicator? {
        indexByID[id].map { indicators[$0] }
    }

    /// Position of an indicator in catalogue (= interview) order.
    package func order(of id: String) -> Int? { indexByID[id] }

    package func family(_ id: String) -> Family? { families.first { $0.id == id } }

    package func offence(_ id: String) -> Offence? { offences.first { $0.id == id } }

    package func combination(_ id: String) -> Combination? { combinations.first { $0.id == id } }

    package func describe(_ level: Level) -> LevelDescription? { levels.first { $0.level == level } }
}
