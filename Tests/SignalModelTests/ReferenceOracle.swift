@testable import SignalModel

// The engine, router and JSON tree as they were before the engine was compiled into positions
// (issue 12), kept here only as test oracles: the straightforward versions, written over values,
// that the one engine (`Engine.evaluate`, `Router`, `AssessmentWriter`) must agree with exactly.
// Nothing in Sources/ uses them.

/// What the old `Engine.assess` returned, field by field.
struct ReferenceAssessment: Equatable {
    var score: Int
    var level: Level
    var levelIfOpenConfirmed: Level
    var assessedAt: Timestamp?
    var situation: RouteSituation
    var signals: [Signal]
    var combinations: [Combination]
    var contextFindings: [Signal]
    var ruledOut: [Indicator]
    var openQuestions: [OpenQuestion]
    var route: [RouteStep]
    var notes: [LegalNote]
    var answerNotes: [String: String]

    init(_ assessment: Assessment) {
        score = assessment.score
        level = assessment.level
        levelIfOpenConfirmed = assessment.levelIfOpenConfirmed
        assessedAt = assessment.assessedAt
        situation = assessment.situation
        signals = assessment.signals
        combinations = assessment.combinations
        contextFindings = assessment.contextFindings
        ruledOut = assessment.ruledOut
        openQuestions = assessment.openQuestions
        route = assessment.route
        notes = assessment.notes
        answerNotes = assessment.answerNotes
    }

    /// The old engine: a loop over the catalogue, then a route from rule values sorted by urgency.
    init(assessing input: Case, at time: Timestamp?, knowledge: Knowledge) {
        let catalog = knowledge.catalog
        var given = [CaseAnswer?](repeating: nil, count: catalog.indicators.count)
        for (id, answer) in input.answers {
            if let index = catalog.order(of: id) { given[index] = answer }
        }
        func count(_ indicator: Indicator, _ score: inout Int, _ hard: inout Bool, _ acute: inout Bool) {
            guard indicator.kind != .context else { return }
            score += indicator.weight
            if indicator.kind == .hard { hard = true }
            if indicator.kind == .acute { acute = true }
        }
        func plainLevel(_ score: Int, _ hard: Bool, _ acute: Bool) -> Level {
            if acute { return .acute }
            if hard || score >= catalog.scoring.suspicionAt { return .suspicion }
            if score >= catalog.scoring.attentionAt { return .attention }
            return .none
        }
        // `suspicionOnlyWith`: the weight of such a yes without a partner yes (if confirmed: yes or
        // open) lifts the level to attention at most.
        var capped = 0, confirmedCapped = 0
        func level(_ score: Int, _ hard: Bool, _ acute: Bool, capped: Int) -> Level {
            let full = plainLevel(score - capped, hard, acute)
            return capped > 0 ? max(full, min(.attention, plainLevel(score, hard, acute))) : full
        }
        var score = 0, hard = false, acute = input.context.acuteDanger == .yes
        var confirmedScore = 0, confirmedHard = false, confirmedAcute = acute
        signals = []
        contextFindings = []
        ruledOut = []
        openQuestions = []
        // `countsOnlyWith`: a conditional indicator counts only beside a partner yes (if confirmed:
        // beside a partner that is yes or open). Written over values, separately from the engine.
        // "Check next" over values: `Indicator.isCheckNext` with the yes answers of the case.
        func isYes(_ id: String) -> Bool { catalog.order(of: id).flatMap { given[$0]?.answer } == .yes }
        func worthChecking(_ indicator: Indicator) -> Bool {
            indicator.isCheckNext(
                offence: input.context.offence, role: input.context.role, ageBand: input.context.ageBand, isYes: isYes)
        }
        func partnerState(_ indicator: Indicator) -> (yes: Bool, open: Bool) {
            var yes = false, open = false
            for (index, other) in catalog.indicators.enumerated() where indicator.isPartner(other) {
                switch given[index]?.answer {
                case .yes?: yes = true
                case .unknown?: open = true
                case .no?: break
                case nil: if worthChecking(other) { open = true }
                }
            }
            return (yes, open)
        }
        func suspicionPartnerState(_ indicator: Indicator) -> (yes: Bool, open: Bool) {
            var yes = false, open = false
            for (index, other) in catalog.indicators.enumerated() where indicator.isSuspicionPartner(other) {
                switch given[index]?.answer {
                case .yes?: yes = true
                case .unknown?: open = true
                case .no?: break
                case nil: if worthChecking(other) { open = true }
                }
            }
            return (yes, open)
        }
        for (index, original) in catalog.indicators.enumerated() {
            let answer = given[index]
            var indicator = original
            var confirmedIndicator = original
            if !original.countsOnlyWith.isEmpty {
                let partners = partnerState(original)
                if !partners.yes { indicator.kind = .context }
                if !partners.yes && !partners.open { confirmedIndicator.kind = .context }
            }
            var alone = false, confirmedAlone = false
            if !original.suspicionOnlyWith.isEmpty {
                let partners = suspicionPartnerState(original)
                alone = !partners.yes
                confirmedAlone = !partners.yes && !partners.open
            }
            switch answer?.answer {
            case .yes?:
                count(indicator, &score, &hard, &acute)
                count(confirmedIndicator, &confirmedScore, &confirmedHard, &confirmedAcute)
                if alone { capped += original.weight }
                if confirmedAlone { confirmedCapped += original.weight }
                let signal = Signal(indicator: original, note: answer?.note)
                if indicator.kind != .context { signals.append(signal) } else { contextFindings.append(signal) }
            case .no?:
                ruledOut.append(original)
            case .unknown?:
                openQuestions.append(OpenQuestion(indicator: original, reason: .answeredUnknown, note: answer?.note))
                count(confirmedIndicator, &confirmedScore, &confirmedHard, &confirmedAcute)
                if confirmedAlone { confirmedCapped += original.weight }
            case nil:
                if worthChecking(original) {
                    openQuestions.append(OpenQuestion(indicator: original, reason: .notAnswered, note: nil))
                    count(confirmedIndicator, &confirmedScore, &confirmedHard, &confirmedAcute)
                    if confirmedAlone { confirmedCapped += original.weight }
                }
            }
        }
        // Most telling first: acute, hard, then by weight (stable: catalogue order within a rank).
        func telling(_ indicator: Indicator) -> Int {
            switch indicator.kind {
            case .acute: 0
            case .hard: 1
            case .weighted: 5 - indicator.weight
            case .context: 5
            }
        }
        openQuestions = openQuestions.enumerated().sorted { left, right in
            telling(left.element.indicator) != telling(right.element.indicator)
                ? telling(left.element.indicator) < telling(right.element.indicator) : left.offset < right.offset
        }.map(\.element)
        self.score = score
        // Combination rules: the offence is one of the rule's, all `allYes` and one `anyYes` (if
        // any) are yes (if confirmed: yes or open); then the level is at least the rule's.
        func holds(_ rule: Combination, _ counts: (Answer?, Indicator) -> Bool) -> Bool {
            if let offences = rule.when.offences {
                guard let offence = input.context.offence, offences.contains(offence) else { return false }
            }
            func check(_ id: String) -> Bool {
                guard let index = catalog.order(of: id) else { return false }
                return counts(given[index]?.answer, catalog.indicators[index])
            }
            return rule.when.allYes.allSatisfy(check) && (rule.when.anyYes.isEmpty || rule.when.anyYes.contains(where: check))
        }
        var answeredLevel = level(score, hard, acute, capped: capped)
        var confirmedLevel = level(confirmedScore, confirmedHard, confirmedAcute, capped: confirmedCapped)
        combinations = []
        for rule in catalog.combinations {
            if holds(rule, { answer, _ in answer == .yes }) {
                combinations.append(rule)
                answeredLevel = max(answeredLevel, rule.atLeast)
            }
            let yesOrOpen = holds(rule) { answer, indicator in
                answer == .yes || answer == .unknown || (answer == nil && worthChecking(indicator))
            }
            if yesOrOpen { confirmedLevel = max(confirmedLevel, rule.atLeast) }
        }
        self.level = answeredLevel
        levelIfOpenConfirmed = max(confirmedLevel, self.level)
        let routeLevel = input.override?.level ?? self.level
        let moment = input.context.assessedAt ?? time
        assessedAt = moment
        let hours: TriState = moment.map { knowledge.routing.officeHours.contains($0) ? .yes : .no } ?? .unknown
        situation = RouteSituation(
            role: input.context.role, ageBand: input.context.ageBand, level: routeLevel,
            acute: self.level == .acute || routeLevel == .acute ? .yes : input.context.acuteDanger,
            guardian: input.context.guardianPresent, registered: input.context.registeredInNL, officeHours: hours,
            offence: input.context.offence,
            answers: knowledge.routing.routedAnswers.reduce(into: [:]) { states, id in
                // A yes to an indicator that presupposes this one is a yes to it (`Indicator.presupposes`).
                let presupposed = catalog.indicators.contains { $0.presupposes.contains(id) && input.answers[$0.id]?.answer == .yes }
                states[id] = presupposed ? .yes : input.answers[id]?.answer
            })
        let routeSituation = situation
        route = RouteStep.mergedByParty(referenceRoute(knowledge.routing, routeSituation))
        notes = knowledge.routing.notes.filter { $0.when.matches(routeSituation) }
        answerNotes = [:]
        for (id, answer) in input.answers { if let note = answer.note { answerNotes[id] = note } }
    }
}

/// The old route: steps of the matching rules, each id once, stably sorted by urgency.
func referenceRoute(_ table: RoutingTable, _ situation: RouteSituation, onlyAcuteRules: Bool = false) -> [RouteStep] {
    var seen = Set<String>()
    var steps: [(offset: Int, step: RouteStep)] = []
    for rule in table.rules where rule.when.matches(situation) && (!onlyAcuteRules || rule.when.appliesOnlyWhenAcute) {
        for step in rule.steps where seen.insert(step.id).inserted { steps.append((steps.count, step)) }
    }
    return steps.sorted { left, right in
        left.step.urgency != right.step.urgency ? left.step.urgency < right.step.urgency : left.offset < right.offset
    }.map(\.step)
}

/// The old JSON tree of an assessment (`AssessmentRenderer.json` before issue 12), member by member.
func referenceJSON(_ assessment: Assessment, _ knowledge: Knowledge, _ language: Language) -> JSONOutput {
    let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
    func citations(_ list: [Citation]) -> JSONOutput {
        .array(
            list.map {
                .object([
                    ("source", .string($0.source)), ("lines", .array([.int($0.lines.lowerBound), .int($0.lines.upperBound)])),
                    ("quote", .string($0.quote)),
                ])
            })
    }
    func signal(_ signal: Signal) -> JSONOutput {
        .object([
            ("id", .string(signal.indicator.id)), ("family", .string(signal.indicator.family)),
            ("kind", .string(signal.indicator.kind.rawValue)), ("weight", .int(signal.indicator.weight)),
            ("question", .string(signal.indicator.question[language])), ("note", .optional(signal.note)),
            ("citations", citations(signal.indicator.citations)),
        ])
    }
    func step(_ step: RouteStep) -> JSONOutput {
        let reach = renderer.reach(step.party, region: assessment.context.region, role: assessment.context.role)
        return .object([
            ("id", .string(step.id)), ("steps", .array(step.stepIDs.map { .string($0) })),
            ("party", .string(step.party)), ("partyName", .string(reach.name)),
            ("phone", .optional(reach.phone)), ("urgency", .string(step.urgency.rawValue)),
            ("conditionalNow", .array((step.parts.isEmpty ? [step] : step.parts).filter(\.conditionalNow).map { .string($0.id) })),
            ("action", .string(step.action[language])), ("why", .string(step.why[language])),
            ("citations", citations(step.citations)),
        ])
    }
    let situation = assessment.situation
    let override: JSONOutput = assessment.override.map {
        .object([("level", .string($0.level.rawValue)), ("reason", .string($0.reason))])
    } ?? .null
    return .object([
        ("outputVersion", .int(RecordForm.outputVersion)),
        ("records", .string("full")),
        ("catalogVersion", .string(assessment.catalogVersion)),
        ("reference", .optional(assessment.reference)),
        ("level", .string(assessment.level.rawValue)),
        ("levelName", .string(renderer.levelName(assessment.level))),
        ("score", .int(assessment.score)),
        ("override", override),
        ("routeLevel", .string(assessment.routeLevel.rawValue)),
        ("levelIfUnknownsConfirmed", .string(assessment.levelIfOpenConfirmed.rawValue)),
        ("assessedAt", .optional(assessment.assessedAt?.text)),
        ("signals", .array(assessment.signals.map(signal))),
        (
            "combinations",
            .array(
                assessment.combinations.map { rule in
                    .object([
                        ("id", .string(rule.id)), ("name", .string(rule.name[language])),
                        ("atLeast", .string(rule.atLeast.rawValue)), ("offence", .optional(assessment.context.offence)),
                        (
                            "signals",
                            .array(assessment.signals.map(\.indicator.id).filter(rule.when.indicators.contains).map { .string($0) })
                        ),
                        ("rationale", .string(rule.rationale[language])), ("citations", citations(rule.citations)),
                    ])
                })
        ),
        ("context", .array(assessment.contextFindings.map(signal))),
        (
            "unknowns",
            .array(
                assessment.openQuestions.map {
                    .object([
                        ("id", .string($0.indicator.id)), ("reason", .string($0.reason.rawValue)),
                        ("question", .string($0.indicator.question[language])), ("note", .optional($0.note)),
                    ])
                })
        ),
        ("route", .array(assessment.route.map(step))),
        (
            "notes",
            .array(
                assessment.notes.map {
                    .object([("id", .string($0.id)), ("text", .string($0.text[language])), ("citations", citations($0.citations))])
                })
        ),
        (
            "situation",
            .object([
                ("role", .string(situation.role.rawValue)), ("ageBand", .string(situation.ageBand.rawValue)),
                ("level", .string(situation.level.rawValue)), ("acute", .string(situation.acute.rawValue)),
                ("guardian", .string(situation.guardian.rawValue)), ("registered", .string(situation.registered.rawValue)),
                ("officeHours", .string(situation.officeHours.rawValue)),
            ])
        ),
    ])
}
