/// An indicator answered yes, with what it contributed.
public struct Signal: Sendable, Equatable {
    public var indicator: Indicator
    public var note: String?
    /// Whether this yes alone decided the level (hard or acute kind).
    public var isTrigger: Bool { indicator.kind == .hard || indicator.kind == .acute }
}

/// Something still to check: answered unknown, or a core question nobody answered.
public struct OpenQuestion: Sendable, Equatable {
    public enum Reason: String, Sendable, Equatable {
        case answeredUnknown = "unknown"
        case notAnswered = "not_answered"
    }

    public var indicator: Indicator
    public var reason: Reason
    public var note: String?
}

/// What the engine concluded for one case. A signal to act on, not a verdict or a probability.
public struct Assessment: Sendable, Equatable {
    public var reference: String?
    public var context: CaseContext
    public var catalogVersion: String
    /// Sum of the weights of scored yes answers.
    public var score: Int
    /// The level the rules give.
    public var level: Level
    /// A professional's override, recorded beside the computed level.
    public var override: Override?
    /// The level the route follows: the override's when there is one, else the computed level.
    public var routeLevel: Level { override?.level ?? level }
    /// Scored yes answers in catalogue order.
    public var signals: [Signal]
    /// Context-kind yes answers: shown for the care route, never scored.
    public var contextFindings: [Signal]
    /// Answers marked no, in catalogue order (shown so a reader sees what was ruled out).
    public var ruledOut: [Indicator]
    /// What to check next.
    public var openQuestions: [OpenQuestion]
    /// The level the case would reach if every open question turned out yes.
    public var levelIfOpenConfirmed: Level
    /// The moment the assessment refers to (the case's `assessedAt`, else the time passed in).
    public var assessedAt: Timestamp?
    /// The dimension values the route was derived from.
    public var situation: RouteSituation
    /// Ordered steps.
    public var route: [RouteStep]
    public var notes: [LegalNote]
    /// Notes the assessor wrote on answers, by indicator id (for reports).
    public var answerNotes: [String: String]
}

/// The rule engine: pure and deterministic. It reads no clock, environment or locale.
public struct Engine: Sendable {
    public let knowledge: Knowledge

    public init(knowledge: Knowledge) {
        self.knowledge = knowledge
    }

    /// The score and level that a set of answers gives (acute danger in the context makes it acute).
    public func level(answers: [String: Answer], acuteDanger: TriState) -> (score: Int, level: Level) {
        let catalog = knowledge.catalog
        var score = 0
        var hard = false
        var acute = acuteDanger == .yes
        for (id, answer) in answers where answer == .yes {
            guard let indicator = catalog.indicator(id) else { continue }
            Self.count(indicator, score: &score, hard: &hard, acute: &acute)
        }
        return (score, Self.level(score: score, hard: hard, acute: acute, scoring: catalog.scoring))
    }

    /// Adds a yes to `indicator` to a running score (context items count for nothing).
    private static func count(_ indicator: Indicator, score: inout Int, hard: inout Bool, acute: inout Bool) {
        guard indicator.isScored else { return }
        score += indicator.weight
        switch indicator.kind {
        case .hard: hard = true
        case .acute: acute = true
        case .weighted, .context: break
        }
    }

    private static func level(score: Int, hard: Bool, acute: Bool, scoring: ScoringRules) -> Level {
        if acute { return .acute }
        if hard || score >= scoring.suspicionAt { return .suspicion }
        if score >= scoring.attentionAt { return .attention }
        return .none
    }

    /// Whether a moment is inside office hours; unknown when no moment is known.
    public func officeHours(at time: Timestamp?) -> TriState {
        guard let time else { return .unknown }
        return knowledge.routing.officeHours.contains(time) ? .yes : .no
    }

    /// Assesses a case. `time` is used for office hours when the case has no `assessedAt`.
    public func assess(_ input: Case, at time: Timestamp? = nil) -> Assessment {
        let catalog = knowledge.catalog
        // The answers in catalogue order (ids outside the catalogue count for nothing, as in `level`).
        var given = [CaseAnswer?](repeating: nil, count: catalog.indicators.count)
        for (id, answer) in input.answers {
            if let index = catalog.order(of: id) { given[index] = answer }
        }

        // The score as answered, and as it would be if every open question turned out yes.
        var score = 0
        var hard = false
        var isAcute = input.context.acuteDanger == .yes
        var confirmedScore = 0
        var confirmedHard = false
        var confirmedAcute = isAcute
        var signals: [Signal] = []
        var contextFindings: [Signal] = []
        var ruledOut: [Indicator] = []
        var open: [OpenQuestion] = []
        for (index, indicator) in catalog.indicators.enumerated() {
            let answer = given[index]
            switch answer?.answer {
            case .yes?:
                Self.count(indicator, score: &score, hard: &hard, acute: &isAcute)
                Self.count(indicator, score: &confirmedScore, hard: &confirmedHard, acute: &confirmedAcute)
                let signal = Signal(indicator: indicator, note: answer?.note)
                if indicator.isScored { signals.append(signal) } else { contextFindings.append(signal) }
            case .no?:
                ruledOut.append(indicator)
            case .unknown?:
                open.append(OpenQuestion(indicator: indicator, reason: .answeredUnknown, note: answer?.note))
                Self.count(indicator, score: &confirmedScore, hard: &confirmedHard, acute: &confirmedAcute)
            case nil:
                // A core interview question nobody answered is worth checking; others are not listed.
                if indicator.ask.contains(where: { $0 == AskClause() }) {
                    open.append(OpenQuestion(indicator: indicator, reason: .notAnswered, note: nil))
                    Self.count(indicator, score: &confirmedScore, hard: &confirmedHard, acute: &confirmedAcute)
                }
            }
        }
        let level = Self.level(score: score, hard: hard, acute: isAcute, scoring: catalog.scoring)
        let ifConfirmed = Self.level(score: confirmedScore, hard: confirmedHard, acute: confirmedAcute, scoring: catalog.scoring)

        let routeLevel = input.override?.level ?? level
        let acute = RouteSituation.acute(computed: level, route: routeLevel, danger: input.context.acuteDanger)
        let moment = input.context.assessedAt ?? time
        let situation = RouteSituation(
            role: input.context.role, ageBand: input.context.ageBand, level: routeLevel, acute: acute,
            guardian: input.context.guardianPresent, registered: input.context.registeredInNL,
            officeHours: officeHours(at: moment), offence: input.context.offence)
        var answerNotes: [String: String] = [:]
        for (id, answer) in input.answers { if let note = answer.note { answerNotes[id] = note } }
        return Assessment(
            reference: input.reference, context: input.context, catalogVersion: catalog.catalogVersion, score: score,
            level: level, override: input.override, signals: signals, contextFindings: contextFindings,
            ruledOut: ruledOut, openQuestions: open, levelIfOpenConfirmed: max(ifConfirmed, level), assessedAt: moment,
            situation: situation,
            route: knowledge.routing.route(for: situation), notes: knowledge.routing.notes(for: situation),
            answerNotes: answerNotes)
    }
}
