/// An indicator answered yes, with what it contributed.
public struct Signal: Sendable, Equatable {
    /// The indicator answered yes.
    public var indicator: Indicator
    /// The assessor's note on the answer.
    public var note: String?

    package init(indicator: Indicator, note: String? = nil) {
        self.indicator = indicator
        self.note = note
    }

    /// Whether this yes alone decided the level (hard or acute kind).
    public var isTrigger: Bool { indicator.kind == .hard || indicator.kind == .acute }
}

/// Something still to check: answered unknown, or a core question nobody answered.
public struct OpenQuestion: Sendable, Equatable {
    /// Why a question is open: the assessor answered unknown, or nobody answered it.
    public enum Reason: String, Sendable, Equatable, Codable {
        case answeredUnknown = "unknown"
        case notAnswered = "not_answered"
    }

    /// The indicator still to check.
    public var indicator: Indicator
    /// Why it is open.
    public var reason: Reason
    /// The assessor's note, when answered unknown with one.
    public var note: String?

    package init(indicator: Indicator, reason: Reason, note: String? = nil) {
        self.indicator = indicator
        self.reason = reason
        self.note = note
    }
}

/// What the engine computes for one case, by position: indicators by catalogue position, route
/// steps and notes by position in the compiled routing table (`Router`). Batch mode reuses one value
/// for every line, so scoring a case allocates nothing once the arrays have grown.
package struct Evaluation: Sendable, Equatable {
    /// An indicator position with the assessor's note.
    package struct Mark: Sendable, Equatable {
        package var index: Int
        package var note: String?
    }

    /// An open question: an indicator position, why it is open, and the note.
    package struct Open: Sendable, Equatable {
        package var index: Int
        package var reason: OpenQuestion.Reason
        package var note: String?
    }

    package var score = 0
    package var level = Level.none
    package var levelIfOpenConfirmed = Level.none
    package var assessedAt: Timestamp?
    package var situation = RouteSituation(
        role: .other, ageBand: .unknown, level: .none, acute: .unknown, guardian: .unknown, registered: .unknown,
        officeHours: .unknown)
    /// Scored yes answers, context-kind yes answers, no answers, open questions: catalogue order.
    package var signals: [Mark] = []
    package var contextFindings: [Mark] = []
    package var ruledOut: [Int] = []
    /// Combination rules that hold, by position in `CompiledKnowledge.combinations`.
    package var combinations: [Int] = []
    package var unknowns: [Open] = []
    /// Positions in `Router.steps`, in route order, and in `Router.notes`.
    package var route: [Int] = []
    package var notes: [Int] = []

    package init() {}
}

/// What the engine concluded for one case. A signal to act on, not a verdict or a probability.
///
/// It refers to the knowledge it was computed from by position; the indicator, step and note
/// values are looked up when read.
public struct Assessment: Sendable, Equatable {
    /// The case as assessed (with the region a batch run or `--region` gave it).
    public let input: Case
    package let evaluation: Evaluation
    package let compiled: CompiledKnowledge

    /// The case's pseudonymous reference.
    public var reference: String? { input.reference }
    /// The facts around the case that decide the route.
    public var context: CaseContext { input.context }
    /// A professional's override, recorded beside the computed level.
    public var override: Override? { input.override }
    /// Notes the assessor wrote on answers, by indicator id (for reports).
    public var answerNotes: [String: String] { input.answers.compactMapValues(\.note) }

    /// The version of the catalogue the assessment was made with.
    public var catalogVersion: String { compiled.catalogVersion }
    /// Sum of the weights of scored yes answers.
    public var score: Int { evaluation.score }
    /// The level the rules give.
    public var level: Level { evaluation.level }
    /// The level the route follows: the override's when there is one, else the computed level.
    public var routeLevel: Level { override?.level ?? level }
    /// The level the case would reach if every open question turned out yes.
    public var levelIfOpenConfirmed: Level { evaluation.levelIfOpenConfirmed }
    /// The moment the assessment refers to (the case's `assessedAt`, else the time passed in).
    public var assessedAt: Timestamp? { evaluation.assessedAt }
    /// The dimension values the route was derived from.
    package var situation: RouteSituation { evaluation.situation }
    /// Scored yes answers in catalogue order.
    public var signals: [Signal] {
        evaluation.signals.map { Signal(indicator: compiled.indicators[$0.index], note: $0.note) }
    }
    /// Context-kind yes answers: shown for the care route, never scored.
    public var contextFindings: [Signal] {
        evaluation.contextFindings.map { Signal(indicator: compiled.indicators[$0.index], note: $0.note) }
    }
    /// The combination rules that hold (each lifts the level to at least its `atLeast`), in
    /// catalogue order.
    package var combinations: [Combination] { evaluation.combinations.map { compiled.combinations[$0].rule } }
    /// Answers marked no, in catalogue order (shown so a reader sees what was ruled out).
    public var ruledOut: [Indicator] { evaluation.ruledOut.map { compiled.indicators[$0] } }
    /// What to check next.
    public var openQuestions: [OpenQuestion] {
        evaluation.unknowns.map { OpenQuestion(indicator: compiled.indicators[$0.index], reason: $0.reason, note: $0.note) }
    }
    /// The route, each party once (its steps merged in route order).
    public var route: [RouteStep] { RouteStep.mergedByParty(evaluation.route.map { compiled.router.steps[$0] }) }
    /// The legal notes that apply.
    package var notes: [LegalNote] { evaluation.notes.map { compiled.router.notes[$0] } }

    public static func == (left: Assessment, right: Assessment) -> Bool {
        guard left.input == right.input else { return false }
        if left.compiled === right.compiled { return left.evaluation == right.evaluation }
        return left.catalogVersion == right.catalogVersion && left.score == right.score && left.level == right.level
            && left.levelIfOpenConfirmed == right.levelIfOpenConfirmed && left.assessedAt == right.assessedAt
            && left.situation == right.situation && left.signals == right.signals && left.combinations == right.combinations
            && left.contextFindings == right.contextFindings && left.ruledOut == right.ruledOut
            && left.openQuestions == right.openQuestions && left.route == right.route && left.notes == right.notes
    }
}

extension ScoringRules {
    /// The level rule: acute danger wins; a hard signal or a score at the suspicion threshold is
    /// suspicion; a score at the attention threshold is attention. The only copy of this rule.
    func level(score: Int, hard: Bool, acute: Bool) -> Level {
        Self.level(score: score, hard: hard, acute: acute, attentionAt: attentionAt, suspicionAt: suspicionAt)
    }

    /// `level(score:hard:acute:)` with the thresholds passed in (the engine reads them from its
    /// pinned table, without copying the rules' texts).
    @inline(__always)
    static func level(score: Int, hard: Bool, acute: Bool, attentionAt: Int, suspicionAt: Int) -> Level {
        if acute { return .acute }
        if hard || score >= suspicionAt { return .suspicion }
        if score >= attentionAt { return .attention }
        return .none
    }
}

/// A running score: what yes answers add up to.
private struct Tally {
    var score = 0
    /// The part of `score` from limited indicators without a partner yes: it raises the level to
    /// attention at most (`Indicator.suspicionOnlyWith`).
    var capped = 0
    var hard = false
    var acute: Bool

    /// Adds a yes to an indicator with these flags and weight (context items count for nothing). A
    /// limited indicator whose partner is not there counts toward attention only.
    mutating func count(_ flags: UInt8, _ weight: Int, partnered: Bool = true) {
        guard flags & CompiledKnowledge.scored != 0 else { return }
        score += weight
        if flags & CompiledKnowledge.limited != 0 && !partnered { capped += weight }
        if flags & CompiledKnowledge.hard != 0 { hard = true }
        if flags & CompiledKnowledge.acute != 0 { acute = true }
    }

    /// The level the rule gives the full score, and at most attention for the capped part.
    func level(_ table: CompiledKnowledge.Table) -> Level {
        func level(_ score: Int) -> Level {
            ScoringRules.level(score: score, hard: hard, acute: acute, attentionAt: table.attentionAt, suspicionAt: table.suspicionAt)
        }
        let full = level(score - capped)
        guard capped > 0 else { return full }
        return max(full, min(.attention, level(score)))
    }
}

/// The rule engine: pure and deterministic. It reads no clock, environment or locale.
///
/// One engine serves every path: `assess` for one case (the interview's and the trainer's running
/// level too), batch mode through `evaluate`, and the same router.
public struct Engine: Sendable {
    /// The knowledge the engine was made from.
    public let knowledge: Knowledge
    package let compiled: CompiledKnowledge

    /// An engine for this knowledge: compiles the catalogue and routing table once; make one and reuse it.
    public init(knowledge: Knowledge) {
        self.knowledge = knowledge
        self.compiled = CompiledKnowledge(knowledge)
    }

    /// Whether a moment is inside office hours; unknown when no moment is known.
    package func officeHours(at time: Timestamp?) -> TriState {
        guard let time else { return .unknown }
        return compiled.officeHours.contains(time) ? .yes : .no
    }

    /// Assesses a case. `time` is used for office hours when the case has no `assessedAt`.
    ///
    /// Every id the case names must be known to the knowledge: an answer id outside the catalogue
    /// (`unknownIndicator`, with the closest catalogue id), an unknown offence, region or route step
    /// is refused with the error the case decoder gives for it, located by JSON path
    /// (`answers.<id>`), never counted for nothing.
    public func assess(_ input: Case, at time: Timestamp? = nil) throws(SignalError) -> Assessment {
        if let error = input.unknownID(in: knowledge) { throw error }
        return assessment(of: input, at: time)
    }

    /// Assesses a case whose ids are known: read by a case decoder (which refuses unknown ids,
    /// located in the file) or built from the knowledge by the interview and the trainer.
    package func assessment(of input: Case, at time: Timestamp? = nil) -> Assessment {
        // The answers by catalogue position (the callers' ids are the catalogue's).
        var answers: [(index: Int, answer: CaseAnswer)] = []
        answers.reserveCapacity(input.answers.count)
        for (id, answer) in input.answers {
            if let index = compiled.position(of: id) { answers.append((index, answer)) }
        }
        var evaluation = Evaluation()
        evaluate(context: input.context, override: input.override, answers: answers, at: time, into: &evaluation)
        return Assessment(input: input, evaluation: evaluation, compiled: compiled)
    }

    /// The one scoring and routing pass. `answers` are catalogue positions (when a position repeats,
    /// the later answer counts); `evaluation` is overwritten.
    package func evaluate(
        context: CaseContext, override: Override?, answers: [(index: Int, answer: CaseAnswer)], at time: Timestamp?,
        into evaluation: inout Evaluation
    ) {
        let checkNext = compiled.checkNext.row(offence: context.offence, role: context.role, ageBand: context.ageBand)
        evaluate(context: context, override: override, answers: answers, checkNext: checkNext, at: time, into: &evaluation)
    }

    /// `evaluate(context:override:answers:at:into:)` with the case's "check next" row
    /// (`CheckNextTable.row` for its offence, role and age band) already looked up.
    func evaluate(
        context: CaseContext, override: Override?, answers: [(index: Int, answer: CaseAnswer)], checkNext: CheckNextTable.Row,
        at time: Timestamp?, into evaluation: inout Evaluation
    ) {
        // Each position's answer (the later one when it repeats), so every look-up below is one
        // read: 0 not answered, else `Self.code`; and which answer it came from. The answered
        // positions, those answered yes, those open (answered unknown, or not answered and worth
        // checking next) and those not answered but worth checking next, as bits (`Bits`). All on
        // the stack: a catalogue has about a hundred indicators.
        let table = compiled.table
        let count = table.count
        let words = table.words
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { states in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: count) { given in
                withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 4 * words) { bits in
                    states.initialize(repeating: 0)
                    bits.initialize(repeating: 0)
                    let answered = UnsafeMutableBufferPointer(rebasing: bits[0..<words])
                    let yes = UnsafeMutableBufferPointer(rebasing: bits[words..<(2 * words)])
                    let open = UnsafeMutableBufferPointer(rebasing: bits[(2 * words)..<(3 * words)])
                    let unanswered = UnsafeMutableBufferPointer(rebasing: bits[(3 * words)..<(4 * words)])
                    answers.withUnsafeBufferPointer { answers in
                        for number in answers.indices {
                            let index = answers[number].index
                            let code = Self.code(answers[number].answer.answer)
                            states[index] = code
                            given[index] = Int32(truncatingIfNeeded: number)
                            let word = index >> 6
                            let bit: UInt64 = 1 << UInt64(index & 63)
                            answered[word] |= bit
                            if code == Self.yesCode { yes[word] |= bit } else { yes[word] &= ~bit }
                            if code == 3 { open[word] |= bit } else { open[word] &= ~bit }
                        }
                    }
                    checkNext.openUnanswered(answered: UnsafeBufferPointer(answered), yes: UnsafeBufferPointer(yes), into: unanswered)
                    for word in 0..<words { open[word] |= unanswered[word] }
                    let sets = Sets(
                        states: UnsafeBufferPointer(states), answered: UnsafeBufferPointer(answered), yes: UnsafeBufferPointer(yes),
                        open: UnsafeBufferPointer(open), unanswered: UnsafeBufferPointer(unanswered))
                    evaluate(
                        context: context, override: override, answers: answers, given: UnsafeBufferPointer(given), sets,
                        checkNext: checkNext, at: time, into: &evaluation)
                }
            }
        }
    }

    /// One case's answers as `evaluate` reads them (see there).
    private struct Sets {
        let states: UnsafeBufferPointer<UInt8>
        let answered: UnsafeBufferPointer<UInt64>
        let yes: UnsafeBufferPointer<UInt64>
        let open: UnsafeBufferPointer<UInt64>
        let unanswered: UnsafeBufferPointer<UInt64>

        func isYes(_ position: Int) -> Bool { states[position] == Engine.yesCode }

        /// Answered yes, or open (`isYesOrOpen`).
        func isYesOrOpen(_ position: Int) -> Bool { Bits.contains(yes, position) || Bits.contains(open, position) }

        /// Whether any partner (a set at `base` in `partners`) is answered yes, and whether any is open.
        @inline(__always)
        func partners(_ partners: PinnedPointer<UInt64>, _ base: Int) -> (yes: Bool, open: Bool) {
            (Bits.meets(partners, base, yes), Bits.meets(partners, base, open))
        }
    }

    fileprivate static let yesCode: UInt8 = 1
    private static func code(_ answer: Answer) -> UInt8 {
        switch answer {
        case .yes: 1
        case .no: 2
        case .unknown: 3
        }
    }
    private static func answer(_ code: UInt8) -> Answer? {
        switch code {
        case 1: .yes
        case 2: .no
        case 3: .unknown
        default: nil
        }
    }

    /// Empties a result array, keeping its storage: element by element from the end, which for
    /// the handful a case has is cheaper than `removeAll(keepingCapacity:)`.
    @inline(__always)
    private static func clear<Element>(_ array: inout [Element]) {
        while !array.isEmpty { array.removeLast() }
    }

    private func evaluate(
        context: CaseContext, override: Override?, answers: [(index: Int, answer: CaseAnswer)], given: UnsafeBufferPointer<Int32>,
        _ sets: Sets, checkNext: CheckNextTable.Row, at time: Timestamp?, into evaluation: inout Evaluation
    ) {
        Self.clear(&evaluation.signals)
        Self.clear(&evaluation.contextFindings)
        Self.clear(&evaluation.ruledOut)
        Self.clear(&evaluation.unknowns)
        Self.clear(&evaluation.combinations)
        let table = compiled.table
        // The score as answered, and as it would be if every open question turned out yes.
        var answered = Tally(acute: context.acuteDanger == .yes)
        var confirmed = answered
        let words = table.words
        let states = sets.states
        // Only positions answered or worth checking next count or are listed; in catalogue order.
        for word in 0..<words {
            var listed = sets.answered[word] | sets.unanswered[word]
            while listed != 0 {
                let index = word << 6 | listed.trailingZeroBitCount
                listed &= listed - 1
                let state = states[index]
                // A `no` counts for nothing and needs no partner.
                if state == 2 {
                    evaluation.ruledOut.append(index)
                    continue
                }
                var flag = table.flags[index]
                var confirmedFlag = flag
                if flag & CompiledKnowledge.conditional != 0 {
                    // Counts only beside a partner: as answered, a partner yes; if confirmed, yes or open.
                    let (partnerYes, partnerOpen) = sets.partners(table.partnerBits, index * words)
                    if !partnerYes { flag &= ~CompiledKnowledge.scored }
                    if !partnerYes && !partnerOpen { confirmedFlag &= ~CompiledKnowledge.scored }
                }
                // Counts toward suspicion only beside a partner: alone, toward attention at most.
                var partnered = true
                var confirmedPartnered = true
                if flag & CompiledKnowledge.limited != 0 {
                    let (partnerYes, partnerOpen) = sets.partners(table.suspicionPartnerBits, index * words)
                    partnered = partnerYes
                    confirmedPartnered = partnerYes || partnerOpen
                }
                let weight = table.weights[index]
                if state == Self.yesCode {
                    answered.count(flag, weight, partnered: partnered)
                    confirmed.count(confirmedFlag, weight, partnered: confirmedPartnered)
                    let mark = Evaluation.Mark(index: index, note: answers[Int(given[index])].answer.note)
                    if flag & CompiledKnowledge.scored != 0 {
                        evaluation.signals.append(mark)
                    } else {
                        evaluation.contextFindings.append(mark)
                    }
                } else {
                    // Answered unknown, or not answered and worth checking for this offence, role
                    // and age band (or after a yes it follows up): open, listed below.
                    confirmed.count(confirmedFlag, weight, partnered: confirmedPartnered)
                }
            }
        }
        // "Check next" most telling first (acute, hard, then by weight: `telling`), catalogue
        // order within a rank: the open positions rank by rank.
        for rank in 0..<table.tellingRanks {
            for word in 0..<words {
                var ranked = sets.open[word] & table.tellingBits[rank * words + word]
                while ranked != 0 {
                    let index = word << 6 | ranked.trailingZeroBitCount
                    ranked &= ranked - 1
                    if states[index] == 3 {
                        evaluation.unknowns.append(
                            Evaluation.Open(index: index, reason: .answeredUnknown, note: answers[Int(given[index])].answer.note))
                    } else {
                        evaluation.unknowns.append(Evaluation.Open(index: index, reason: .notAnswered, note: nil))
                    }
                }
            }
        }
        var level = answered.level(table)
        var confirmedLevel = confirmed.level(table)
        // Combination rules: weak signals that together (with the offence) are decisive. Those
        // that apply to the offence come with the row (`CheckNextTable.Row`), for a catalogue offence.
        func combine(_ number: Int) {
            let (allYes, anyYes) = table.combination(number)
            let holds = CombinationCondition.holds(allYes: allYes, anyYes: anyYes) { sets.isYes($0) }
            if holds || CombinationCondition.holds(allYes: allYes, anyYes: anyYes, isYes: { sets.isYesOrOpen($0) }) {
                let atLeast = compiled.combinationLevels[number]
                if holds {
                    evaluation.combinations.append(number)
                    level = max(level, atLeast)
                }
                confirmedLevel = max(confirmedLevel, atLeast)
            }
        }
        if checkNext.offenceKnown {
            let row = checkNext.table
            for number in 0..<row.combinationCount { combine(row.combinations[number]) }
        } else {
            for number in compiled.combinations.indices where compiled.combinations[number].applies(to: context.offence) {
                combine(number)
            }
        }
        evaluation.score = answered.score
        evaluation.level = level
        evaluation.levelIfOpenConfirmed = max(confirmedLevel, level)

        let routeLevel = override?.level ?? level
        evaluation.assessedAt = context.assessedAt ?? time
        // The situation is filled in place (its offence and answers replace the last case's).
        evaluation.situation.role = context.role
        evaluation.situation.ageBand = context.ageBand
        evaluation.situation.level = routeLevel
        evaluation.situation.acute = RouteSituation.acute(computed: level, route: routeLevel, danger: context.acuteDanger)
        evaluation.situation.guardian = context.guardianPresent
        evaluation.situation.registered = context.registeredInNL
        evaluation.situation.officeHours = officeHours(at: evaluation.assessedAt)
        evaluation.situation.offence = context.offence
        let router = compiled.router
        // The answers a routing rule depends on (someone came to collect the child): yes or no only,
        // by `CompiledKnowledge.routedState`; as an index into the dictionaries and bits made once.
        var answerBits: UInt64
        if table.routedCount <= CompiledKnowledge.maximumRoutedCombinations {
            var combination = 0
            var digit = 1
            for slot in 0..<table.routedCount {
                let position = table.routedPositions[slot]
                let state = CompiledKnowledge.routedState(
                    own: position >= 0 ? Self.answer(states[position]) : nil,
                    presupposedYes: Bits.meets(table.routedPresupposedBits, slot * words, sets.yes))
                combination += CompiledKnowledge.routedDigit(of: state) * digit
                digit *= 3
            }
            evaluation.situation.answers = compiled.routedAnswerDictionaries[combination]
            answerBits = table.routedAnswerBits[combination]
        } else {
            evaluation.situation.answers = compiled.routedAnswerStates { Self.answer(states[$0]) }
            answerBits = router.answerBits { evaluation.situation.answer(router.answerIDs[$0]) }
        }
        let slot = checkNext.offenceKnown ? checkNext.routerSlot ?? router.offenceSlot(context.offence) : router.offenceSlot(context.offence)
        let key = router.key(evaluation.situation, slot: slot, answers: answerBits)
        router.route(for: key, into: &evaluation.route)
        router.notes(for: key, into: &evaluation.notes)
    }
}
