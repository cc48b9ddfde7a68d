/// The triage interview as a pure state machine: which question comes next, skip rules, back-steps
/// and resume. It never prints, reads input, or consults the clock; `signaal triage` renders it and
/// the tests drive it.
///
/// The path (see `InterviewPlan`): the age first (18 or older ends the interview at once); the
/// region when no default is set; the gate facts (danger now, guardian, registration, offence);
/// one checklist of what was seen or heard, fitted to the offence and role, whose ticks count as
/// yes; the acute question at once after a yes that can make the case acute; the coercion
/// questions and danger now after a yes on instigation, proceeds, disclosure, recruitment or
/// money-mule items; last the case reference. Answers are kept for questions before and after the
/// cursor, so stepping back and forward again keeps them; but when a changed answer hides a
/// follow-up, that follow-up's answer is dropped at once: a hidden question is never scored.
public struct Interview: Sendable {
    /// The catalogue, routing table and texts the interview follows.
    public let knowledge: Knowledge
    /// Who is asking: decides the checklist and the route.
    public let role: Role
    /// The engine over `knowledge`: the level rule and the router.
    private let engine: Engine
    /// The moment of the assessment (office hours); supplied by the caller.
    public var assessedAt: Timestamp?
    /// The default region id (from `--region` or the settings). When nil, the interview asks it.
    public var region: String? {
        didSet {
            guard (oldValue == nil) != (region == nil) else { return }
            let current = position < path.count ? path[position] : nil
            _ = refreshPath()
            reposition(at: current)
        }
    }

    /// Every answer in force, by question. Only questions on the current path appear here.
    public private(set) var answers: [QuestionID: InterviewAnswer] = [:]
    /// Free-text notes on yes/no/unknown answers and checklist ticks, by indicator id.
    package private(set) var notes: [String: String] = [:]
    /// The questions that apply given the answers so far, in the order they are asked.
    package private(set) var path: [QuestionID] = []
    /// Index into `path` of the current question; `path.count` when finished.
    package private(set) var position = 0
    /// Answers from a resumed draft to indicator questions this interview does not ask (a draft of
    /// an older Signaal, a tick the checklist no longer shows, a follow-up no tick opens): still facts
    /// about the child, so kept — in the case (and scored), in the draft, with their notes — never
    /// dropped unseen (issue 22 N2, N3). One whose question comes onto the path becomes that
    /// question's previous answer.
    package private(set) var carried: [String: Answer] = [:]
    /// Checklist items the officer looked for and confirmed not seen: recorded as "no". Only items
    /// that were shown and confirmed; everything else not ticked stays unknown ("not checked").
    package private(set) var notSeen: Set<String> = []
    /// Whether the checklist also shows the families the fit to offence and role hides ("m").
    package private(set) var checklistExpanded = false
    /// The stable number of every checklist item (`InterviewPlan.numbers`).
    package let itemNumbers: [String: Int]
    /// The resumed draft's reference looked like a person's name: it was not kept (a case stores no
    /// names, as on entry) and the reference is asked again.
    package private(set) var refusedReference = false

    // MARK: Continuing a saved case (issue 25)

    /// The saved case this interview continues as the next reader in the chain (`signaal triage
    /// --case FILE --role ROLE`), as it was read; nil for a new case. Its facts (age, offence, custody,
    /// registration, danger) and answers are known: they are shown, never asked again.
    package private(set) var continuing: Case?
    /// In a continuation, the open points asked first, one question each: what "check next" lists for
    /// this reader's role and the case's offence and age (answered unknown, or worth checking and not
    /// answered), most telling first, at most `maximumOpenPoints`. The rest stay on the checklist.
    package private(set) var openPoints: [String] = []
    /// The most open points a continuation asks one by one, so that the open points, the checklist
    /// and the question about the steps taken stay a short round for a reader at a desk.
    package static let maximumOpenPoints = 4
    /// In a continuation, what the checklist shows before `m`: the open points beyond
    /// `maximumOpenPoints` and every item an earlier reader answered (marked, so it can be changed).
    /// So it fits one screen; `m` shows every other item.
    package private(set) var checklistFocus: Set<String> = []
    /// Route step ids this reader says were taken (`--done STEP` or the question at the end); they go
    /// into the contribution, and the next reader sees them marked done.
    package private(set) var done: [String] = []
    /// In a continuation, the facts about the moment asked again first (review 5 C1): whether the child
    /// is in danger now (always) and whether someone is there now to collect the child (when the case
    /// has an answer to it). They belong to the time they were answered, so they never travel as if
    /// still true; the new answer is recorded in this reader's contribution even when it is the same.
    package private(set) var nowFacts: [String] = []

    /// A fresh interview at its first question (the age).
    public init(knowledge: Knowledge, role: Role, assessedAt: Timestamp? = nil, region: String? = nil) {
        self.knowledge = knowledge
        self.engine = Engine(knowledge: knowledge)
        self.role = role
        self.assessedAt = assessedAt
        self.region = region
        itemNumbers = InterviewPlan.numbers(catalog: knowledge.catalog)
        path = Self.path(catalog: knowledge.catalog, role: role, answers: [:], askRegion: region == nil)
    }

    /// Continues a saved case as the next reader: `role` is the reader now holding the case, `at` the
    /// moment of this contribution. The case's facts and answers are kept as they are; the path is the
    /// open points (`openPoints`), then the checklist without them, showing what earlier readers
    /// answered, then the acute question a new yes opens. A version-1 case has its history begun
    /// (`Case.withHistoryBegun`): its answers become the first contribution.
    package init(knowledge: Knowledge, continuing base: Case, role: Role, assessedAt: Timestamp?, region: String? = nil) {
        self.init(knowledge: knowledge, role: role, assessedAt: assessedAt, region: region ?? base.context.region)
        let begun = base.withHistoryBegun()
        continuing = begun
        var asReader = begun
        asReader.context.role = role
        if let assessedAt { asReader.context.assessedAt = assessedAt }
        let open = engine.assessment(of: asReader).openQuestions.map(\.indicator).filter { $0.kind != .acute }
        let catalog = knowledge.catalog
        nowFacts = catalog.interview.acuteFollowUps.map(\.ask).filter { id in
            catalog.indicator(id) != nil && (id == catalog.interview.dangerNow || begun.answers[id] != nil)
        }
        if let dangerNow = catalog.interview.dangerNow, catalog.indicator(dangerNow) != nil, !nowFacts.contains(dangerNow) {
            nowFacts.append(dangerNow)
        }
        openPoints = Array(open.filter { !nowFacts.contains($0.id) }.prefix(Self.maximumOpenPoints).map(\.id))
        checklistFocus = Set(open.dropFirst(Self.maximumOpenPoints).map(\.id)).union(begun.answers.keys)
        path = continuationPath(answers: [:])
        position = 0
    }

    /// Continues a saved draft exactly where it stopped.
    ///
    /// Answers to questions that no longer apply (say, the catalogue changed, or the draft comes
    /// from an older interview) are dropped; the position falls back to the first unanswered
    /// question when the saved one no longer applies.
    package init(knowledge: Knowledge, resuming draft: InterviewDraft) throws(InterviewError) {
        if let base = draft.continuing {
            self.init(knowledge: knowledge, continuing: base, role: draft.role, assessedAt: draft.assessedAt, region: draft.region)
            for step in draft.done where knowledge.routing.rules.contains(where: { $0.steps.contains { $0.id == step } }) {
                done.append(step)
            }
        } else {
            self.init(knowledge: knowledge, role: draft.role, assessedAt: draft.assessedAt, region: draft.region)
        }
        for step in draft.answers {
            // A reference that looks like a name is refused as on entry: not kept, asked again.
            if step.question == .reference, case .text(let text?) = step.answer, InterviewReply.looksLikeName(text) {
                refusedReference = true
                continue
            }
            try validate(step.answer, for: step.question)
            answers[step.question] = step.answer
        }
        for (id, note) in draft.notes where knowledge.catalog.indicator(id) != nil { notes[id] = note }
        // Ticks of items the fit hides were made after "m": the resumed checklist shows them again.
        if case .checklist(let ticked)? = answers[.checklist],
            !ticked.union(notSeen(in: draft)).isSubset(of: checklistItems.map(\.id))
        {
            checklistExpanded = true
        }
        notSeen = draft.notSeen.filter { knowledge.catalog.indicator($0) != nil }
        let askChecklist = carryOver()
        _ = refreshPath()
        reposition(at: askChecklist ? .checklist : draft.current)
    }

    /// A draft's items confirmed not seen that the catalogue knows.
    private func notSeen(in draft: InterviewDraft) -> Set<String> {
        draft.notSeen.filter { knowledge.catalog.indicator($0) != nil }
    }

    /// Keeps every answer of a resumed draft that this interview would not ask (see `carried`).
    /// A draft without a checklist answer (format 1, before the checklist existed) has its yes
    /// answers on checklist items turned into ticks, shown as the checklist's previous answer;
    /// returns whether it did, so the interview resumes at the checklist.
    private mutating func carryOver() -> Bool {
        var askChecklist = false
        if answers[.checklist] == nil, answers[.gate(.offence)] != nil {
            let shown = Set(checklistItems.map(\.id))
            let ticks = answers.compactMap { id, answer -> String? in
                guard case .indicator(let indicator) = id, shown.contains(indicator), answer == .answer(.yes) else { return nil }
                return indicator
            }
            if !ticks.isEmpty {
                for tick in ticks { answers[.indicator(tick)] = nil }
                answers[.checklist] = .checklist(Set(ticks))
                askChecklist = true
            }
        }
        // Until nothing changes: a tick taken off shortens the path, which can hide more answers.
        while true {
            var changed = false
            if case .checklist(let ticked)? = answers[.checklist] {
                let shown = Set(checklistItems.map(\.id))
                let gone = ticked.subtracting(shown)
                if !gone.isEmpty {
                    answers[.checklist] = .checklist(ticked.intersection(shown))
                    for id in gone where carried[id] == nil { carried[id] = .yes }
                    changed = true
                }
            }
            let onPath = Set(computePath(answers: answers))
            for (id, answer) in answers where !onPath.contains(id) {
                guard case .indicator(let indicator) = id, case .answer(let value) = answer else { continue }
                carried[indicator] = value
                answers[id] = nil
                changed = true
            }
            if !changed { return askChecklist }
        }
    }

    /// The cursor on `id` when it is on the path, else on the first unanswered question.
    private mutating func reposition(at id: QuestionID?) {
        let firstOpen = path.firstIndex { answers[$0] == nil } ?? path.count
        position = id.flatMap { path.firstIndex(of: $0) } ?? firstOpen
    }

    // MARK: Reading the state

    /// The question to ask now, or nil when every question on the path is answered.
    public var current: InterviewQuestion? {
        guard position < path.count else { return nil }
        let id = path[position]
        var question = InterviewQuestion(id: id, indicator: indicator(id), previousAnswer: answers[id], sources: sources(for: id))
        if id == .checklist {
            question.checklist = checklist
            question.checklistNumbers = itemNumbers
            question.hiddenCount = hiddenItems.count
            question.notAskedNumbers = Set(
                knowledge.catalog.interview.onlyWithoutCustodialParent.filter { !InterviewPlan.asks($0, guardian: guardian, catalog: knowledge.catalog) }
                .compactMap { itemNumbers[$0] })
        }
        question.text = text(for: id)
        question.help = help(for: id)
        return question
    }

    /// The wording of a question in Dutch and English, as a UI shows it: an indicator's question from
    /// the catalogue; for the gate and closing questions, the interview's texts
    /// (`triage.question.<key>` in `Resources/strings`). A missing text shows itself as `⟦key⟧`.
    public func text(for id: QuestionID) -> LocalizedText {
        if case .indicator(let indicatorID) = id, nowFacts.contains(indicatorID), let stamped = nowQuestion(indicatorID) {
            return stamped
        }
        if case .indicator(let indicatorID) = id, let indicator = knowledge.catalog.indicator(indicatorID) {
            return indicator.question
        }
        return interviewText("triage.question." + id.key)
    }

    /// What a question means, in Dutch and English: an indicator's explanation, or the interview's
    /// help for the gate and closing questions (`triage.help.<key>`).
    public func help(for id: QuestionID) -> LocalizedText {
        if case .indicator(let indicatorID) = id, let indicator = knowledge.catalog.indicator(indicatorID) {
            return indicator.explanation
        }
        return interviewText("triage.help." + id.key)
    }

    /// What the case says about a fact of the moment, and who said it (`nowFacts`): danger now is the
    /// case's `acuteDanger` (`Case.acuteDangerSource`), any other the latest answer to it.
    package func nowFactEarlier(_ id: String) -> (answer: Answer, by: Contribution?)? {
        guard let continuing else { return nil }
        if id == knowledge.catalog.interview.dangerNow {
            return (continuing.context.acuteDanger, continuing.acuteDangerSource(dangerNow: id))
        }
        return earlierAnswers[id].map { ($0.answer.answer, $0.by) }
    }

    /// A fact of the moment asked again, stamped with who answered it when: "Volgens politie (6 dec
    /// 23:40): geen acuut gevaar. Is het kind nu in gevaar …?" A yes to the question always means
    /// the danger or the person is there now.
    private func nowQuestion(_ id: String) -> LocalizedText? {
        guard let earlier = nowFactEarlier(id), let indicator = knowledge.catalog.indicator(id) else { return nil }
        let kind = id == knowledge.catalog.interview.dangerNow ? "danger" : "collect"
        func text(_ language: Language) -> String {
            let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
            let values = [
                "role": earlier.by.map { knowledge.texts.text("role." + $0.role.rawValue, language) } ?? knowledge.texts.text("triage.now.someone", language),
                "time": earlier.by?.at.map(renderer.shortTime) ?? knowledge.texts.text("triage.now.earlier", language),
            ]
            let stamp = knowledge.texts.text("triage.now.\(kind).\(earlier.answer.rawValue)", language, values)
            // "Is that still so?" only after a yes: after a no it would turn the answer around.
            let ask = kind == "danger" ? knowledge.texts.text("triage.now.danger.ask", language)
                : earlier.answer == .yes ? knowledge.texts.text("triage.now.collect.ask", language) : indicator.question[language]
            return stamp + " " + ask
        }
        return LocalizedText(nl: text(.nl), en: text(.en))
    }

    private func interviewText(_ key: String) -> LocalizedText {
        knowledge.texts.strings[key] ?? LocalizedText(nl: "⟦\(key)⟧", en: "⟦\(key)⟧")
    }

    /// The checklist for the offence answered so far and the role, in this order (each item keeps
    /// its stable number, `itemNumbers`); after "m" the families the fit hides follow.
    package var checklist: [ChecklistGroup] {
        let catalog = knowledge.catalog
        guard continuing != nil else {
            let fitted = InterviewPlan.checklist(catalog: catalog, offence: offence, role: role, guardian: guardian)
            guard checklistExpanded else { return fitted }
            return fitted + InterviewPlan.hidden(catalog: catalog, offence: offence, role: role, guardian: guardian)
        }
        // A continuation asks its open points one by one (they are not on the checklist too) and shows
        // its focus first; `m` shows every other item, in catalogue order.
        let guardian = self.guardian
        return InterviewPlan.groups(catalog: catalog) { item in
            !openPoints.contains(item.id) && InterviewPlan.asks(item.id, guardian: guardian, catalog: catalog)
                && (checklistExpanded || checklistFocus.contains(item.id))
        }
    }

    /// The checklist items in the order shown.
    package var checklistItems: [Indicator] { checklist.flatMap(\.items) }

    /// The checklist items the fit to offence and role leaves out and the officer has not asked for.
    package var hiddenItems: [Indicator] {
        guard !checklistExpanded else { return [] }
        guard continuing == nil else {
            let catalog = knowledge.catalog
            let guardian = self.guardian
            return InterviewPlan.groups(catalog: catalog) { item in
                !openPoints.contains(item.id) && !checklistFocus.contains(item.id) && InterviewPlan.asks(item.id, guardian: guardian, catalog: catalog)
            }.flatMap(\.items)
        }
        return InterviewPlan.hidden(catalog: knowledge.catalog, offence: offence, role: role, guardian: guardian).flatMap(\.items)
    }

    /// The checklist item with this stable number, if it is shown now.
    package func checklistItem(number: Int) -> Indicator? {
        checklistItems.first { itemNumbers[$0.id] == number }
    }

    /// Shows the families the fit hides on the checklist too ("m = meer signalen").
    package mutating func expandChecklist() {
        checklistExpanded = true
    }

    private var offence: String? {
        if let continuing { return continuing.context.offence }
        if case .offence(let value)? = answers[.gate(.offence)] { return value }
        return nil
    }

    /// The answer on a custodial parent in the Netherlands, if given (decides whether the asylum
    /// question is asked: `InterviewPlan.onlyWithoutCustodialParent`).
    private var guardian: Answer? {
        if let continuing { return continuing.context.guardianPresent == .unknown ? nil : continuing.context.guardianPresent }
        if case .answer(let value)? = answers[.gate(.guardianPresent)] { return value }
        return nil
    }

    /// Whether the age answer put the case outside this tool's scope (18 or older).
    package var isAdult: Bool {
        if let continuing { return (continuing.context.age ?? 0) >= 18 }
        if case .age(let age?)? = answers[.gate(.age)] { return age >= 18 }
        return false
    }

    /// Indicators the checklist showed but nobody ticked or answered: listed as not checked.
    package var notChecked: [Indicator] {
        guard answers[.checklist] != nil else { return [] }
        let answered = Set(self.case.answers.keys)
        return checklistItems.filter { $0.isScored && !answered.contains($0.id) }
    }

    /// Indicators the officer looked for and confirmed not seen (recorded as no).
    package var lookedNotSeen: [Indicator] {
        guard case .checklist(let ticked)? = answers[.checklist] else { return [] }
        return checklistItems.filter { notSeen.contains($0.id) && !ticked.contains($0.id) }
    }

    /// Whether every question that applies has been answered and the cursor is past the last.
    public var isFinished: Bool { position >= path.count }

    /// "Question `number` of `estimatedTotal`". The total never grows by going on (issue 21):
    /// - up to and on the checklist it is the most questions the answers so far can lead to: the
    ///   path as if every checklist item that opens a question were ticked (every family, also the
    ///   ones `m` shows) — only an answer can make it smaller (danger known at the gate: no later
    ///   danger question; 18 or older: the end);
    /// - past the checklist it is the exact count (`totalIsKnown`): no later answer adds a question.
    /// So once the offence is known the total only goes down as answers close questions. Going
    /// back to or before the checklist shows the bound again, since the ticks can then change.
    public var progress: (number: Int, estimatedTotal: Int) {
        (min(position + 1, path.count), totalIsKnown ? path.count : mostQuestions)
    }

    /// The length of the longest path the answers so far allow: the checklist answered with every
    /// item that opens a follow-up, the follow-ups themselves left open (`InterviewPlan`).
    package var mostQuestions: Int {
        guard !isAdult, continuing == nil else { return path.count }
        var most = answers
        let askable = InterviewPlan.groups(catalog: knowledge.catalog) { InterviewPlan.asks($0.id, guardian: guardian, catalog: knowledge.catalog) }.flatMap(\.items).map(\.id)
        most[.checklist] = .checklist(Set(askable).subtracting(knowledge.catalog.interview.deepeningQuestions))
        for id in knowledge.catalog.interview.deepeningQuestions { most[.indicator(id)] = nil }
        return max(path.count, Self.path(catalog: knowledge.catalog, role: role, answers: most, askRegion: region == nil).count)
    }

    /// Whether the total in `progress` is exact: past the checklist no later answer adds a question
    /// (the follow-ups of a tick are on the path at once, danger is asked once).
    package var totalIsKnown: Bool {
        guard answers[.checklist] != nil, let checklist = path.firstIndex(of: .checklist) else { return isAdult }
        return position > checklist
    }

    /// The answers in force, in interview order (what a draft stores).
    package var history: [InterviewStep] {
        path.compactMap { id in answers[id].map { InterviewStep(question: id, answer: $0) } }
    }

    /// The case the answers so far describe: gate facts in the context, indicator answers by id.
    /// In a continuation: the saved case with this reader's contribution appended (`Case.appending`),
    /// so nothing earlier is changed or removed.
    public var `case`: Case {
        if let continuing {
            let given = contribution
            var next = continuing.appending(given, confirmed: Set(nowFacts))
            next.context.region = region ?? continuing.context.region
            // Danger now is one fact: this reader's answer to it is the case's danger now.
            if let dangerNow = knowledge.catalog.interview.dangerNow, let now = given.answers[dangerNow] {
                next.context.acuteDanger = now.answer
            }
            return next
        }
        return newCase
    }

    /// What this reader added in a continuation: the answers they gave (a tick is yes, an item confirmed
    /// not seen or an earlier yes taken back is no), each with its note, the steps they took, their role
    /// and the time; never a name. An answer that repeats the case's current one without a new note is
    /// left out; a new note on it is added to the note there ("a; b").
    package var contribution: Contribution {
        var given: [String: CaseAnswer] = [:]
        for (id, answer) in answers {
            switch (id, answer) {
            case (.checklist, .checklist(let ticked)):
                for item in ticked { given[item] = CaseAnswer(.yes, note: notes[item]) }
                for item in notSeen where !ticked.contains(item) { given[item] = CaseAnswer(.no) }
            case (.indicator(let indicator), .answer(let value)):
                given[indicator] = CaseAnswer(value, note: notes[indicator])
            default:
                break
            }
        }
        for (id, value) in carried where given[id] == nil { given[id] = CaseAnswer(value, note: notes[id]) }
        if let continuing {
            for (id, answer) in given where !nowFacts.contains(id) {
                guard let earlier = continuing.answers[id], earlier.answer == answer.answer else { continue }
                switch (earlier.note, answer.note) {
                case (_, nil): given[id] = nil
                case (let old?, let new?) where old == new || old.hasSuffix("; " + new): given[id] = nil
                case (let old?, let new?): given[id] = CaseAnswer(answer.answer, note: old + "; " + new)
                case (nil, _): break
                }
            }
        }
        return Contribution(role: role, at: assessedAt, answers: given, done: done)
    }

    /// In a continuation, the answers earlier readers gave, by indicator id (the case's current
    /// answers), with who gave the latest one; empty for a new case.
    package var earlierAnswers: [String: (answer: CaseAnswer, by: Contribution?)] {
        guard let continuing else { return [:] }
        let latest = continuing.latestInHistory
        var result: [String: (answer: CaseAnswer, by: Contribution?)] = [:]
        for (id, answer) in continuing.answers {
            result[id] = (answer, latest[id].map { continuing.history[$0.contribution] })
        }
        return result
    }

    /// Checklist items an earlier reader answered yes or no: `0` ("the rest not seen") leaves them as
    /// they are; only a tick (yes) or taking an earlier yes back (no) changes them.
    package var settledBefore: Set<String> {
        guard let continuing else { return [] }
        return Set(continuing.answers.filter { $0.value.answer != .unknown }.keys)
    }

    /// Records the route steps this reader took (`--done STEP`, or the question at the end), replacing
    /// any given before. Each must be a step id of the routing table; throws naming the first that is not.
    package mutating func markDone(_ steps: [String]) throws(InterviewError) {
        let known = Set(knowledge.routing.rules.flatMap { $0.steps.map(\.id) })
        var result: [String] = []
        for step in steps {
            guard known.contains(step) else { throw .unknownStep(step) }
            if !result.contains(step) { result.append(step) }
        }
        done = result
    }

    /// The route steps a reader can mark as taken now: the parts of the route for the case as it is,
    /// each once, in route order (a merged step's parts one by one).
    package var stepsToMark: [RouteStep] {
        var seen = Set<String>()
        return engine.assessment(of: self.case).route.flatMap { $0.parts.isEmpty ? [$0] : $0.parts }.filter { seen.insert($0.id).inserted }
    }

    /// A new case from the gate answers and the indicator answers.
    private var newCase: Case {
        var age: Int?
        var offence: String?
        var facts: [GateQuestion: Answer] = [:]
        var caseAnswers: [String: CaseAnswer] = [:]
        var answeredRegion: String?
        var reference: String?
        for (id, answer) in answers {
            switch (id, answer) {
            case (.gate(.age), .age(let value)): age = value
            case (.gate(.offence), .offence(let value)): offence = value
            case (.gate(let gate), .answer(let value)): facts[gate] = value
            case (.checklist, .checklist(let ticked)):
                for item in ticked { caseAnswers[item] = CaseAnswer(.yes, note: notes[item]) }
                for item in notSeen where !ticked.contains(item) { caseAnswers[item] = CaseAnswer(.no) }
            case (.indicator(let indicator), .answer(let value)): caseAnswers[indicator] = CaseAnswer(value, note: notes[indicator])
            case (.region, .region(let value)): answeredRegion = value
            case (.reference, .text(let value)): reference = value
            default: break  // validate() keeps every other combination out
            }
        }
        for (id, value) in carried where caseAnswers[id] == nil { caseAnswers[id] = CaseAnswer(value, note: notes[id]) }
        // Danger now is one fact, asked once: the later question only comes when the gate was "?",
        // and then its answer is the gate's answer too, so the saved case never says both.
        var acuteDanger = facts[.acuteDanger] ?? .unknown
        if acuteDanger == .unknown, let dangerNow = knowledge.catalog.interview.dangerNow, let later = caseAnswers[dangerNow]?.answer {
            acuteDanger = later
        }
        let context = CaseContext(
            age: age, role: role, offence: offence, acuteDanger: acuteDanger,
            guardianPresent: facts[.guardianPresent] ?? .unknown, registeredInNL: facts[.registeredInNL] ?? .unknown,
            assessedAt: assessedAt, region: region ?? answeredRegion)
        return Case(reference: reference, context: context, answers: caseAnswers)
    }

    /// Whether the answers make the case acute (danger now, or an acute indicator answered yes).
    public var isAcute: Bool { engine.assessment(of: self.case).level == .acute }

    /// What to do at once when the case is acute, from the routing table: the steps of the rules
    /// that apply only because the case is acute (112, AVIM, do not hand the child over).
    package var acuteSteps: [RouteStep] {
        let current = self.case
        let context = current.context
        let compiled = engine.compiled
        let answers = compiled.routedAnswerStates { current.answers[compiled.indicators[$0].id]?.answer }
        let situation = RouteSituation(
            role: role, ageBand: context.ageBand, level: .acute, acute: .yes, guardian: context.guardianPresent,
            registered: context.registeredInNL, officeHours: engine.officeHours(at: assessedAt), offence: context.offence,
            answers: answers)
        return engine.compiled.router.route(for: situation, rules: .acuteOnly)
    }

    /// The draft to save: every answer in force and the current question.
    package var draft: InterviewDraft {
        let kept = carried.keys.sorted { (knowledge.catalog.order(of: $0) ?? -1) < (knowledge.catalog.order(of: $1) ?? -1) }
            .compactMap { id in carried[id].map { InterviewStep(question: .indicator(id), answer: .answer($0)) } }
        var draft = InterviewDraft(
            role: role, language: nil, assessedAt: assessedAt, region: region, answers: history + kept,
            current: position < path.count ? path[position] : nil, notes: notes)
        draft.notSeen = notSeen
        draft.continuing = continuing
        draft.done = done
        return draft
    }

    /// The sources of a question: an indicator's citations, or its gate's routing step citations.
    package func sources(for id: QuestionID) -> [Citation] {
        switch id {
        case .indicator(let indicatorID):
            return knowledge.catalog.indicator(indicatorID)?.citations ?? []
        case .gate(let gate):
            guard let source = knowledge.routing.gateSources[gate] else { return [] }
            for rule in knowledge.routing.rules {
                if let step = rule.steps.first(where: { $0.id == source }) { return step.citations }
            }
            return []
        case .checklist:
            return knowledge.catalog.scoring.citations
        case .region, .reference:
            return []
        }
    }

    // MARK: Changing the state

    /// Answers the current question and moves on. `notes` are free-text notes by indicator id:
    /// on a yes/no/unknown signal question its own id, on the checklist the ids of ticked items.
    ///
    /// Throws without changing anything when the answer or a note does not fit the question.
    ///
    /// `notSeen` (checklist only): shown items the officer looked for and confirmed not seen; they
    /// are recorded as "no". A note given again for an item or question that has one is added to it
    /// ("a; b"), and a tick or answer given again without a note keeps the note it had.
    @discardableResult
    public mutating func answer(
        _ answer: InterviewAnswer, notes newNotes: [String: String] = [:], notSeen newNotSeen: Set<String> = []
    ) throws(InterviewError) -> InterviewUpdate {
        guard position < path.count else { throw .finished }
        let id = path[position]
        var answer = answer
        if case .text(let text?) = answer, UserText.isBlank(text) { answer = .text(nil) }
        try validate(answer, for: id)
        if case .checklist(let ticked) = answer {
            let shown = Set(checklistItems.map(\.id))
            for item in ticked.sorted() where !shown.contains(item) { throw .notOnChecklist(item) }
        }
        for note in newNotes.values {
            if UserText.length(note) > Case.maximumNoteLength { throw .textTooLong(id, limit: Case.maximumNoteLength) }
            if UserText.containsBSN(note) { throw .personalIdentifier(id) }
            // A note travels with the case to the next reader: in a continuation a note that reads as
            // a person's name is refused like a reference (the history holds roles, never names).
            if continuing != nil, InterviewReply.looksLikeName(note) { throw .looksLikeName(id) }
        }
        if !newNotSeen.isEmpty {
            guard id == .checklist else { throw .wrongFormat(id, expected: .checklist) }
            let shown = Set(checklistItems.map(\.id))
            for item in newNotSeen.sorted() where !shown.contains(item) { throw .notOnChecklist(item) }
        }
        for key in newNotes.keys {
            switch (id, answer) {
            case (.indicator(let indicator), .answer) where indicator == key: continue
            case (.checklist, .checklist(let ticked)) where ticked.contains(key): continue
            default: throw .noteNotAllowed(id)
            }
        }
        // Notes given again are added to the note there; the result must still fit the case format.
        var merged: [String: String] = [:]
        for (key, note) in newNotes where !UserText.isBlank(note) {
            let note = note.trimmingWhitespace()
            if let old = notes[key], !old.isEmpty, old != note, !old.hasSuffix("; " + note), keepsNote(key, answer) {
                merged[key] = old + "; " + note
            } else {
                merged[key] = note
            }
            if UserText.length(merged[key] ?? "") > Case.maximumNoteLength { throw .textTooLong(id, limit: Case.maximumNoteLength) }
        }
        let wasAcute = isAcute
        let previous = answers[id]
        answers[id] = answer
        // A new answer keeps the notes of what it still says: a tick given again keeps its note, the
        // same yes/no/unknown keeps its note; a new note is added to the one there ("a; b").
        var kept: [String: String] = [:]
        switch (id, answer) {
        case (.indicator(let indicator), .answer):
            if previous == answer, let note = notes[indicator] { kept[indicator] = note }
            notes[indicator] = nil
        case (.checklist, .checklist(let ticked)):
            for item in checklistItems {
                if ticked.contains(item.id), let note = notes[item.id] { kept[item.id] = note }
                notes[item.id] = nil
            }
            notSeen = newNotSeen.subtracting(ticked)
        default: break
        }
        notes.merge(kept) { $1 }
        notes.merge(merged) { $1 }
        // Only questions after `id` depend on its answer, so `id` keeps its index.
        let dropped = refreshPath()
        position += 1
        return InterviewUpdate(becameAcute: !wasAcute && isAcute, dropped: dropped, endedAsAdult: id == .gate(.age) && isAdult)
    }

    /// Whether an earlier note on `key` still holds under this new answer (the same tick, or the
    /// same yes/no/unknown), so a new note is added to it rather than replacing it.
    private func keepsNote(_ key: String, _ answer: InterviewAnswer) -> Bool {
        switch answer {
        case .checklist: if case .checklist(let old)? = answers[.checklist] { return old.contains(key) } else { return false }
        case .answer: return answers[.indicator(key)] == answer
        default: return false
        }
    }

    /// Whether the current question is an open point of a continuation with no answer from this
    /// reader yet: it may be left as it is (`skip`).
    public var canSkip: Bool {
        guard continuing != nil, position < path.count, case .indicator(let id) = path[position] else { return false }
        return openPoints.contains(id) && answers[path[position]] == nil
    }

    /// In a continuation, leaves the current open point as the case has it (it stays open for the next
    /// reader; nothing is added to the history for it) and moves on. Throws when it cannot be skipped
    /// (`canSkip`): every other question takes an answer, and unknown is one.
    public mutating func skip() throws(InterviewError) {
        guard position < path.count else { throw .finished }
        guard canSkip else { throw .wrongFormat(path[position], expected: path[position].format) }
        position += 1
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
        case .region(let region?) where knowledge.contacts.region(region) == nil:
            throw .unknownRegion(region)
        case .text(let text?):
            // The same rules as a case file's reference: the saved case must be readable by `score`.
            if UserText.length(text) > Case.maximumReferenceLength { throw .textTooLong(id, limit: Case.maximumReferenceLength) }
            if Case.looksLikeBSN(text) { throw .personalIdentifier(id) }
            if InterviewReply.looksLikeName(text) { throw .looksLikeName(id) }
        case .checklist(let ticked):
            // A resumed draft's ticks are checked against the checklist once all its answers are
            // in (refreshPath drops ticks it no longer shows); `answer` checks them at once.
            for item in ticked.sorted() where knowledge.catalog.indicator(item) == nil { throw .unknownQuestion(item) }
        default:
            break
        }
    }

    /// Recomputes the path and drops answers (and checklist ticks) that no longer apply; returns those.
    private mutating func refreshPath() -> [QuestionID] {
        var dropped: [QuestionID] = []
        // Ticks of items the checklist no longer shows (the offence changed) are dropped first.
        if case .checklist(let ticked)? = answers[.checklist] {
            let shown = Set(checklistItems.map(\.id))
            let gone = ticked.subtracting(shown)
            if !gone.isEmpty {
                answers[.checklist] = .checklist(ticked.intersection(shown))
                dropped += gone.map(QuestionID.indicator)
            }
        }
        path = computePath(answers: answers)
        let onPath = Set(path)
        let hidden = answers.keys.filter { !onPath.contains($0) }
        for id in hidden { answers[id] = nil }
        dropped += hidden
        for id in dropped {
            if case .indicator(let indicator) = id { notes[indicator] = nil }
            if id == .checklist {
                for key in Array(notes.keys) where !answers.keys.contains(.indicator(key)) && carried[key] == nil { notes[key] = nil }
            }
        }
        // A carried answer whose question is now asked is that question's previous answer (a yes
        // there can open more questions: the path is computed again).
        var moved = false
        for id in path {
            guard case .indicator(let indicator) = id, answers[id] == nil, let value = carried[indicator] else { continue }
            answers[id] = .answer(value)
            carried[indicator] = nil
            moved = true
        }
        if moved { path = computePath(answers: answers) }
        let catalog = knowledge.catalog
        return dropped.sorted { (catalog.order(of: $0.key) ?? -1) < (catalog.order(of: $1.key) ?? -1) }
    }

    /// The path for these answers: a new interview's (`path(catalog:role:answers:askRegion:)`), or a
    /// continuation's (`continuationPath`).
    private func computePath(answers: [QuestionID: InterviewAnswer]) -> [QuestionID] {
        continuing == nil
            ? Self.path(catalog: knowledge.catalog, role: role, answers: answers, askRegion: region == nil)
            : continuationPath(answers: answers)
    }

    /// A continuation's path: the facts of the moment asked again (`nowFacts`), the open points, the
    /// checklist, then the acute question a new yes opens (the person who came to collect the child
    /// here now) when the case has no answer to it yet. No gate facts, no reference: the
    /// case has them. The coercion questions a new yes deepens into are not asked here: they are the
    /// next reader's open points.
    private func continuationPath(answers: [QuestionID: InterviewAnswer]) -> [QuestionID] {
        let catalog = knowledge.catalog
        var result = (nowFacts + openPoints).map(QuestionID.indicator) + [.checklist]
        guard let continuing, case .checklist(let ticked)? = answers[.checklist] else { return result }
        var yes = ticked
        for id in openPoints where answers[.indicator(id)] == .answer(.yes) { yes.insert(id) }
        var onPath = Set(result)
        for id in catalog.indicators.map(\.id) where yes.contains(id) && continuing.answers[id]?.answer != .yes {
            for next in InterviewPlan.acuteFollowUps(ofYes: id, catalog: catalog)
            where !nowFacts.contains(next) && continuing.answers[next] == nil {
                if onPath.insert(.indicator(next)).inserted { result.append(.indicator(next)) }
            }
        }
        return result
    }

    /// The questions that apply, in order, given a set of answers (see `InterviewPlan`).
    package static func path(
        catalog: Catalog, role: Role, answers: [QuestionID: InterviewAnswer], askRegion: Bool = false
    ) -> [QuestionID] {
        var result: [QuestionID] = [.gate(.age)]
        if case .age(let age?)? = answers[.gate(.age)], age >= 18 { return result }
        if askRegion { result.append(.region) }
        result += [.gate(.acuteDanger), .gate(.guardianPresent), .gate(.registeredInNL), .gate(.offence), .checklist]
        guard case .checklist(let ticked)? = answers[.checklist] else { return result + [.reference] }
        // Danger now is asked once: at the gate; the later question only when the gate was "?".
        let dangerAtGate = answers[.gate(.acuteDanger)] == .answer(.yes) || answers[.gate(.acuteDanger)] == .answer(.no)
        var onPath = Set(result)
        func add(_ id: String) {
            guard catalog.indicator(id) != nil, onPath.insert(.indicator(id)).inserted else { return }
            result.append(.indicator(id))
        }
        // Acute at once: the acute question right after the answer that opens it.
        func followUps(ofYes id: String) {
            for next in InterviewPlan.acuteFollowUps(ofYes: id, catalog: catalog)
            where !(next == catalog.interview.dangerNow && dangerAtGate) {
                add(next)
            }
        }
        let tickedInOrder = catalog.indicators.map(\.id).filter(ticked.contains)
        for id in tickedInOrder { followUps(ofYes: id) }
        // Deepening: a yes on the exploitation itself asks about coercion, then danger now.
        if tickedInOrder.contains(where: { InterviewPlan.deepens($0, catalog: catalog) }) {
            for id in catalog.interview.deepeningQuestions where !ticked.contains(id) && catalog.indicator(id) != nil {
                add(id)
                if answers[.indicator(id)] == .answer(.yes) { followUps(ofYes: id) }
            }
            if !dangerAtGate, let dangerNow = catalog.interview.dangerNow { add(dangerNow) }
        }
        result.append(.reference)
        return result
    }
}
