/// The triage interview as a pure state machine: which question comes next, skip rules, back-steps
/// and resume. It never prints, reads input, or consults the clock; `signaal triage` renders it and
/// the tests drive it.
///
/// The path is the gate questions (`GateQuestion.allCases`, in that order), then every indicator in
/// catalogue order whose `ask` clauses hold for the role, the age band, the offence and the yes
/// answers to *earlier visible* questions (a clause naming a later indicator never holds). Answers
/// are kept for questions before and after the cursor, so stepping back and forward again keeps
/// them; but when a changed answer hides a follow-up, that follow-up's answer is dropped at once:
/// a hidden question is never scored.
public struct Interview: Sendable {
    /// The catalogue, routing table and texts the interview follows.
    public let knowledge: Knowledge
    /// Who is asking: decides which questions are asked and the route.
    public let role: Role
    /// The moment of the assessment (office hours); supplied by the caller.
    public var assessedAt: Timestamp?
    /// A region id from the contacts directory, if known.
    public var region: String?

    /// Every answer in force, by question. Only questions on the current path appear here.
    public private(set) var answers: [QuestionID: InterviewAnswer] = [:]
    /// The questions that apply given the answers so far, in the order they are asked.
    public private(set) var path: [QuestionID] = []
    /// Index into `path` of the current question; `path.count` when finished.
    public private(set) var position = 0

    /// A fresh interview at its first question.
    public init(knowledge: Knowledge, role: Role, assessedAt: Timestamp? = nil, region: String? = nil) {
        self.knowledge = knowledge
        self.role = role
        self.assessedAt = assessedAt
        self.region = region
        path = Self.path(catalog: knowledge.catalog, role: role, answers: [:])
    }

    /// Continues a saved draft exactly where it stopped.
    ///
    /// Answers to questions that no longer apply (say, the catalogue changed) are dropped; the
    /// position falls back to the first unanswered question when the saved one no longer applies.
    public init(knowledge: Knowledge, resuming draft: InterviewDraft) throws(InterviewError) {
        self.init(knowledge: knowledge, role: draft.role, assessedAt: draft.assessedAt, region: draft.region)
        for step in draft.answers {
            try validate(step.answer, for: step.question)
            answers[step.question] = step.answer
        }
        _ = refreshPath()
        let firstOpen = path.firstIndex { answers[$0] == nil } ?? path.count
        position = draft.current.flatMap { path.firstIndex(of: $0) } ?? firstOpen
    }

    // MARK: Reading the state

    /// The question to ask now, or nil when every question on the path is answered.
    public var current: InterviewQuestion? {
        guard position < path.count else { return nil }
        let id = path[position]
        return InterviewQuestion(id: id, indicator: indicator(id), previousAnswer: answers[id], sources: sources(for: id))
    }

    /// Whether every question that applies has been answered and the cursor is past the last.
    public var isFinished: Bool { position >= path.count }

    /// "Question `number` of about `estimatedTotal`": the total grows when a yes opens follow-ups.
    public var progress: (number: Int, estimatedTotal: Int) {
        (min(position + 1, path.count), path.count)
    }

    /// The answers in force, in interview order (what a draft stores).
    public var history: [InterviewStep] {
        path.compactMap { id in answers[id].map { InterviewStep(question: id, answer: $0) } }
    }

    /// The case the answers so far describe: gate facts in the context, indicator answers by id.
    public var `case`: Case {
        var age: Int?
        var offence: String?
        var facts: [GateQuestion: Answer] = [:]
        var caseAnswers: [String: CaseAnswer] = [:]
        for (id, answer) in answers {
            switch (id, answer) {
            case (.gate(.age), .age(let value)): age = value
            case (.gate(.offence), .offence(let value)): offence = value
            case (.gate(let gate), .answer(let value)): facts[gate] = value
            case (.indicator(let indicator), .answer(let value)): caseAnswers[indicator] = CaseAnswer(value)
            default: break  // validate() keeps every other combination out
            }
        }
        let context = CaseContext(
            age: age, role: role, offence: offence, acuteDanger: facts[.acuteDanger] ?? .unknown,
            guardianPresent: facts[.guardianPresent] ?? .unknown, registeredInNL: facts[.registeredInNL] ?? .unknown,
            assessedAt: assessedAt, region: region)
        return Case(context: context, answers: caseAnswers)
    }

    /// Whether the answers make the case acute (danger now, or an acute indicator answered yes).
    public var isAcute: Bool {
        let current = self.case
        return Engine(knowledge: knowledge).level(
            answers: current.answers.mapValues(\.answer), acuteDanger: current.context.acuteDanger
        ).level == .acute
    }

    /// What to do at once when the case is acute, from the routing table: the steps of the rules
    /// that apply only because the case is acute (112, AVIM, do not hand the child over).
    public var acuteSteps: [RouteStep] {
        let context = self.case.context
        let situation = RouteSituation(
            role: role, ageBand: context.ageBand, level: .acute, acute: .yes, guardian: context.guardianPresent,
            registered: context.registeredInNL, officeHours: Engine(knowledge: knowledge).officeHours(at: assessedAt),
            offence: context.offence)
        var seen = Set<String>()
        var steps: [RouteStep] = []
        for rule in knowledge.routing.matchingRules(for: situation) where rule.when.appliesOnlyWhenAcute {
            for step in rule.steps where seen.insert(step.id).inserted { steps.append(step) }
        }
        // Stable: urgency first, then table order.
        return steps.enumerated().sorted { left, right in
            left.element.urgency != right.element.urgency
                ? left.element.urgency < right.element.urgency : left.offset < right.offset
        }.map(\.element)
    }

    /// The draft to save: every answer in force and the current question.
    public var draft: InterviewDraft {
        InterviewDraft(
            role: role, language: nil, assessedAt: assessedAt, region: region, answers: history,
            current: position < path.count ? path[position] : nil)
    }

    /// The sources of a question: an indicator's citations, or its gate's routing step citations.
    public func sources(for id: QuestionID) -> [Citation] {
        switch id {
        case .indicator(let indicatorID):
            return knowledge.catalog.indicator(indicatorID)?.citations ?? []
        case .gate(let gate):
            for rule in knowledge.routing.rules {
                if let step = rule.steps.first(where: { $0.id == gate.sourceStep }) { return step.citations }
            }
            return []
        }
    }

    // MARK: Changing the state

    /// Answers the current question and moves on.
    ///
    /// Throws without changing anything when the answer does not fit the question.
    @discardableResult
    public mutating func answer(_ answer: InterviewAnswer) throws(InterviewError) -> InterviewUpdate {
        guard position < path.count else { throw .finished }
        let id = path[position]
        try validate(answer, for: id)
        let wasAcute = isAcute
        answers[id] = answer
        // Only questions after `id` depend on its answer, so `id` keeps its index.
        let dropped = refreshPath()
        position += 1
        return InterviewUpdate(becameAcute: !wasAcute && isAcute, dropped: dropped)
    }

    /// Steps back to the previous question, keeping its answer as the suggestion. False at the start.
    @discardableResult
    public mutating func back() -> Bool {
        guard position > 0 else { return false }
        position -= 1
        return true
    }

    // MARK: Rules

    private func indicator(_ id: QuestionID) -> Indicator? {
        guard case .indicator(let indicatorID) = id else { return nil }
        return knowledge.catalog.indicator(indicatorID)
    }

    private func validate(_ answer: InterviewAnswer, for id: QuestionID) throws(InterviewError) {
        if case .indicator(let indicatorID) = id, knowledge.catalog.indicator(indicatorID) == nil {
            throw .unknownQuestion(indicatorID)
        }
        guard answer.format == id.format else { throw .wrongFormat(id, expected: id.format) }
        switch answer {
        case .age(let age?) where !(0...120).contains(age):
            throw .ageOutOfRange(age)
        case .offence(let offence?) where knowledge.catalog.offence(offence) == nil:
            throw .unknownOffence(offence)
        default:
            break
        }
    }

    /// Recomputes the path and drops answers to questions that no longer apply; returns those.
    private mutating func refreshPath() -> [QuestionID] {
        path = Self.path(catalog: knowledge.catalog, role: role, answers: answers)
        let onPath = Set(path)
        let dropped = answers.keys.filter { !onPath.contains($0) }
        for id in dropped { answers[id] = nil }
        return dropped.sorted { (knowledge.catalog.order(of: $0.key) ?? -1) < (knowledge.catalog.order(of: $1.key) ?? -1) }
    }

    /// The questions that apply, in order, given a set of answers.
    public static func path(catalog: Catalog, role: Role, answers: [QuestionID: InterviewAnswer]) -> [QuestionID] {
        var result = GateQuestion.allCases.map(QuestionID.gate)
        var age: Int?
        if case .age(let value)? = answers[.gate(.age)] { age = value }
        var offence: String?
        if case .offence(let value)? = answers[.gate(.offence)] { offence = value }
        let ageBand = AgeBand(age: age)
        var visibleYes = Set<String>()
        for indicator in catalog.indicators {
            let asked = indicator.ask.contains {
                $0.holds(offence: offence, role: role, ageBand: ageBand, isYes: visibleYes.contains)
            }
            guard asked else { continue }
            result.append(.indicator(indicator.id))
            if answers[.indicator(indicator.id)] == .answer(.yes) { visibleYes.insert(indicator.id) }
        }
        return result
    }
}

extension RouteCondition {
    /// Whether the rule can only match an acute case (its level list is just acute, or its acute
    /// list is just yes).
    var appliesOnlyWhenAcute: Bool {
        if let levels, !levels.isEmpty, levels.allSatisfy({ $0 == .acute }) { return true }
        if let acute, !acute.isEmpty, acute.allSatisfy({ $0 == .yes }) { return true }
        return false
    }
}
