/// Batch mode's hot path: `Engine.assess` and `CompactAssessmentWriter.write` fused, over positions
/// in the catalogue and routing table instead of copies of their structs.
///
/// It computes exactly what `Engine.assess` computes for the parts the batch record shows (score,
/// level, level if the open questions were confirmed, signals, context findings, open questions,
/// situation, route, legal notes) and writes the same bytes as `CompactAssessmentWriter`. Indicator,
/// route step and note fragments are serialized once, by the same renderer, and looked up by
/// position; nothing is hashed by string per case. The knowledge is fixed for the life of the value,
/// so a position always means the same indicator or step. `BatchFastPathTests` compares its output
/// with the engine and writer's on fixtures and generated cases.
struct BatchFastPath {
    let knowledge: Knowledge
    let renderer: AssessmentRenderer

    /// Per indicator, in catalogue order.
    private let weights: [Int]
    private let flags: [UInt8]
    private static let scored: UInt8 = 1
    private static let hard: UInt8 = 2
    private static let acute: UInt8 = 4
    private static let core: UInt8 = 8

    /// The catalogue version and each level's name, as JSON strings; indexed by `Level.rank`.
    private let catalogVersion: [UInt8]
    private let levelNames: [[UInt8]]

    /// The routing table flattened: every rule's steps in one array; a rule's steps as positions.
    private let conditions: [RouteCondition]
    private let ruleSteps: [[Int]]
    private let steps: [RouteStep]
    /// Per flattened step: its id as a number (equal ids, equal numbers) and its urgency's rank.
    private let stepKeys: [Int]
    private let stepUrgency: [Int]
    private let urgencyCount: Int
    private let noteConditions: [RouteCondition]
    private let noteBytes: [[UInt8]]

    /// Fragments made on first use: a signal per indicator; an open question per indicator and
    /// reason (answered unknown at 2i, not answered at 2i+1); a route step per flat step and region.
    private var signalParts: [CompactAssessmentWriter.Split?]
    private var unknownParts: [CompactAssessmentWriter.Split?]
    private var stepBytes: [[(region: String?, bytes: [UInt8])]]

    /// Scratch, reused for every case.
    private var given: [CaseAnswer?]
    private var chosen: [Int] = []

    init(knowledge: Knowledge, renderer: AssessmentRenderer) {
        self.knowledge = knowledge
        self.renderer = renderer
        let indicators = knowledge.catalog.indicators
        weights = indicators.map(\.weight)
        flags = indicators.map { indicator in
            var value: UInt8 = 0
            if indicator.isScored { value |= Self.scored }
            if indicator.kind == .hard { value |= Self.hard }
            if indicator.kind == .acute { value |= Self.acute }
            if indicator.ask.contains(where: { $0 == AskClause() }) { value |= Self.core }
            return value
        }
        var version: [UInt8] = []
        JSONOutput.writeString(knowledge.catalog.catalogVersion, into: &version)
        catalogVersion = version
        levelNames = Level.allCases.sorted { $0.rank < $1.rank }.map { level in
            var bytes: [UInt8] = []
            JSONOutput.writeString(renderer.levelName(level), into: &bytes)
            return bytes
        }

        let routing = knowledge.routing
        conditions = routing.rules.map(\.when)
        var flat: [RouteStep] = []
        var rulePositions: [[Int]] = []
        for rule in routing.rules {
            rulePositions.append(Array(flat.count..<(flat.count + rule.steps.count)))
            flat.append(contentsOf: rule.steps)
        }
        ruleSteps = rulePositions
        steps = flat
        var ids: [String] = []
        stepKeys = flat.map { step in
            if let known = ids.firstIndex(of: step.id) { return known }
            ids.append(step.id)
            return ids.count - 1
        }
        let urgencies = Urgency.allCases.sorted()
        urgencyCount = urgencies.count
        stepUrgency = flat.map { step in urgencies.firstIndex(of: step.urgency) ?? 0 }
        noteConditions = routing.notes.map(\.when)
        noteBytes = routing.notes.map { note in
            var bytes: [UInt8] = []
            JSONOutput.object(renderer.noteMembers(note)).write(into: &bytes, pretty: false)
            return bytes
        }

        signalParts = Array(repeating: nil, count: indicators.count)
        unknownParts = Array(repeating: nil, count: indicators.count * 2)
        stepBytes = Array(repeating: [], count: flat.count)
        given = Array(repeating: nil, count: indicators.count)
    }

    /// Scores one case and appends its record (the bytes of `CompactAssessmentWriter.write` for
    /// `Engine.assess(case, at: time)`). Returns the computed level.
    mutating func write(
        reference: String?, context: CaseContext, override: Override?, answers: [(index: Int, answer: CaseAnswer)],
        time: Timestamp?, into output: inout [UInt8]
    ) -> Level {
        for (index, answer) in answers { given[index] = answer }
        defer { for (index, _) in answers { given[index] = nil } }

        // The score as answered, and as it would be if every open question turned out yes.
        var score = 0
        var hard = false
        var isAcute = context.acuteDanger == .yes
        var confirmedScore = 0
        var confirmedHard = false
        var confirmedAcute = isAcute
        for index in 0..<given.count {
            let flag = flags[index]
            switch given[index]?.answer {
            case .yes?:
                Self.count(flag, weights[index], &score, &hard, &isAcute)
                Self.count(flag, weights[index], &confirmedScore, &confirmedHard, &confirmedAcute)
            case .unknown?:
                Self.count(flag, weights[index], &confirmedScore, &confirmedHard, &confirmedAcute)
            case .no?:
                break
            case nil:
                if flag & Self.core != 0 { Self.count(flag, weights[index], &confirmedScore, &confirmedHard, &confirmedAcute) }
            }
        }
        let scoring = knowledge.catalog.scoring
        let level = Self.level(score, hard, isAcute, scoring)
        let ifConfirmed = max(Self.level(confirmedScore, confirmedHard, confirmedAcute, scoring), level)
        let routeLevel = override?.level ?? level
        let moment = context.assessedAt ?? time
        let officeHours: TriState
        if let moment { officeHours = knowledge.routing.officeHours.contains(moment) ? .yes : .no } else { officeHours = .unknown }
        let situation = RouteSituation(
            role: context.role, ageBand: context.ageBand, level: routeLevel,
            acute: RouteSituation.acute(computed: level, route: routeLevel, danger: context.acuteDanger),
            guardian: context.guardianPresent,
            registered: context.registeredInNL, officeHours: officeHours, offence: context.offence)

        put(#"{"catalogVersion":"#, &output)
        output.append(contentsOf: catalogVersion)
        put(#","reference":"#, &output)
        optional(reference, &output)
        put(#","level":"#, &output)
        JSONOutput.writeString(level.rawValue, into: &output)
        put(#","levelName":"#, &output)
        output.append(contentsOf: levelNames[level.rank])
        put(#","score":"#, &output)
        JSONOutput.writeInt(score, into: &output)
        put(#","override":"#, &output)
        if let override {
            put(#"{"level":"#, &output)
            JSONOutput.writeString(override.level.rawValue, into: &output)
            put(#","reason":"#, &output)
            JSONOutput.writeString(override.reason, into: &output)
            output.append(UInt8(ascii: "}"))
        } else {
            put("null", &output)
        }
        put(#","routeLevel":"#, &output)
        JSONOutput.writeString(routeLevel.rawValue, into: &output)
        put(#","levelIfUnknownsConfirmed":"#, &output)
        JSONOutput.writeString(ifConfirmed.rawValue, into: &output)
        put(#","assessedAt":"#, &output)
        optional(moment?.text, &output)

        // Signals (scored yes), context findings (unscored yes), open questions: catalogue order.
        put(#","signals":["#, &output)
        writeSignals(scored: true, into: &output)
        put(#"],"context":["#, &output)
        writeSignals(scored: false, into: &output)
        put(#"],"unknowns":["#, &output)
        var first = true
        for index in 0..<given.count {
            let reason: Int
            let note: String?
            switch given[index] {
            case let answer? where answer.answer == .unknown:
                reason = 0
                note = answer.note
            case nil where flags[index] & Self.core != 0:
                reason = 1
                note = nil
            default:
                continue
            }
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            let parts = unknownFragment(index, reason)
            output.append(contentsOf: parts.head)
            optional(note, &output)
            output.append(contentsOf: parts.tail)
        }

        put(#"],"route":["#, &output)
        writeRoute(situation, region: context.region, into: &output)
        put(#"],"notes":["#, &output)
        first = true
        for index in 0..<noteConditions.count where noteConditions[index].matches(situation) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            output.append(contentsOf: noteBytes[index])
        }
        put(#"],"situation":{"role":"#, &output)
        JSONOutput.writeString(situation.role.rawValue, into: &output)
        put(#","ageBand":"#, &output)
        JSONOutput.writeString(situation.ageBand.rawValue, into: &output)
        put(#","level":"#, &output)
        JSONOutput.writeString(situation.level.rawValue, into: &output)
        put(#","acute":"#, &output)
        JSONOutput.writeString(situation.acute.rawValue, into: &output)
        put(#","guardian":"#, &output)
        JSONOutput.writeString(situation.guardian.rawValue, into: &output)
        put(#","registered":"#, &output)
        JSONOutput.writeString(situation.registered.rawValue, into: &output)
        put(#","officeHours":"#, &output)
        JSONOutput.writeString(situation.officeHours.rawValue, into: &output)
        put("}}", &output)
        return level
    }

    private static func count(_ flag: UInt8, _ weight: Int, _ score: inout Int, _ hard: inout Bool, _ acute: inout Bool) {
        guard flag & Self.scored != 0 else { return }
        score += weight
        if flag & Self.hard != 0 { hard = true }
        if flag & Self.acute != 0 { acute = true }
    }

    /// `Engine.level`.
    private static func level(_ score: Int, _ hard: Bool, _ acute: Bool, _ scoring: ScoringRules) -> Level {
        if acute { return .acute }
        if hard || score >= scoring.suspicionAt { return .suspicion }
        if score >= scoring.attentionAt { return .attention }
        return .none
    }

    private func put(_ text: StaticString, _ output: inout [UInt8]) {
        JSONOutput.append(text, to: &output)
    }

    private func optional(_ text: String?, _ output: inout [UInt8]) {
        if let text { JSONOutput.writeString(text, into: &output) } else { put("null", &output) }
    }

    private mutating func writeSignals(scored: Bool, into output: inout [UInt8]) {
        var first = true
        for index in 0..<given.count {
            guard let answer = given[index], answer.answer == .yes, (flags[index] & Self.scored != 0) == scored else {
                continue
            }
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            let parts: CompactAssessmentWriter.Split
            if let cached = signalParts[index] {
                parts = cached
            } else {
                let signal = Signal(indicator: knowledge.catalog.indicators[index], note: nil)
                parts = CompactAssessmentWriter.split(renderer.signalMembers(signal), at: AssessmentRenderer.signalNoteIndex)
                signalParts[index] = parts
            }
            output.append(contentsOf: parts.head)
            optional(answer.note, &output)
            output.append(contentsOf: parts.tail)
        }
    }

    private mutating func unknownFragment(_ index: Int, _ reason: Int) -> CompactAssessmentWriter.Split {
        if let cached = unknownParts[2 * index + reason] { return cached }
        let open = OpenQuestion(
            indicator: knowledge.catalog.indicators[index], reason: reason == 0 ? .answeredUnknown : .notAnswered, note: nil)
        let members = renderer.unknownMembers(open)
        let parts = CompactAssessmentWriter.split(members, at: members.count - 1)
        unknownParts[2 * index + reason] = parts
        return parts
    }

    /// `RoutingTable.route(for:)` over positions: the steps of every matching rule, each id once
    /// (its first occurrence), then a stable pass per urgency.
    private mutating func writeRoute(_ situation: RouteSituation, region: String?, into output: inout [UInt8]) {
        chosen.removeAll(keepingCapacity: true)
        for rule in 0..<conditions.count where conditions[rule].matches(situation) {
            for step in ruleSteps[rule] where !chosen.contains(where: { stepKeys[$0] == stepKeys[step] }) {
                chosen.append(step)
            }
        }
        var first = true
        for urgency in 0..<urgencyCount {
            for position in 0..<chosen.count where stepUrgency[chosen[position]] == urgency {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                let step = chosen[position]
                if let cached = stepBytes[step].first(where: { $0.region == region }) {
                    output.append(contentsOf: cached.bytes)
                    continue
                }
                var bytes: [UInt8] = []
                JSONOutput.object(renderer.routeStepMembers(steps[step], region: region)).write(into: &bytes, pretty: false)
                // Regions come from the contacts directory (or one --region), so this list stays short.
                stepBytes[step].append((region, bytes))
                output.append(contentsOf: bytes)
            }
        }
    }
}
