import Synchronization

/// The one writer of an assessment as JSON: the key order of the documented result (README,
/// `--format json`, batch records) is written here and nowhere else. `AssessmentRenderer.json`
/// indents its bytes for one case; batch mode writes them as one line per case.
///
/// Most of a result is the same for every case: an indicator's id, question and citations, a route
/// step with its contact, a legal note. Those fragments are written once per position (indicator,
/// step, note — see `Evaluation`) and copied in afterwards; only what belongs to the case
/// (reference, score, notes, situation) is written each time. The fragments belong to the compiled
/// knowledge they were made from and are dropped when an assessment from another one comes.
///
/// A compact record (`RecordForm.compact`) holds only what belongs to the case — ids, the case's
/// notes, the route as (party, urgency, step ids) — and none of the texts that are the same for
/// every case: those come once from `KnowledgeRenderer` (`signaal knowledge --format json`).
package struct AssessmentWriter: Sendable {
    /// Texts, contacts and level names come from the renderer's knowledge and language.
    package let renderer: AssessmentRenderer
    /// Full records (every text, as `--format json` always gave) or compact ones.
    package let form: RecordForm

    /// An object written around one member that belongs to the case: `head` ends with `"key":`.
    private struct Split: Sendable {
        var head: [UInt8]
        var tail: [UInt8]
    }

    private var owner: CompiledKnowledge?
    /// `{"outputVersion":N,"records":"full|compact","catalogVersion":"…","reference":`: the same
    /// for every record of this writer.
    private var recordHead: [UInt8] = []
    /// Per indicator: its signal object; its open-question object (answered unknown at 2i, not
    /// answered at 2i+1). Per note: its object. (Route steps: `routeFragments`.)
    private var signalParts: [Split?] = []
    private var unknownParts: [Split?] = []
    /// Route step objects (the bulk of a full record's bytes, and of the fragments: about 1.5 MB for
    /// the bench's cases), shared by every copy of this writer: the parallel batch's workers each
    /// score with a copy, and one set of steps serves them all.
    private let routeFragments = RouteFragments()
    private var noteBytes: [[UInt8]?] = []
    /// Compact records: each indicator's, step's, party's and note's id as a JSON string, by position.
    private var indicatorIDs: [[UInt8]] = []
    private var stepIDs: [[UInt8]] = []
    private var partyIDs: [[UInt8]] = []
    private var noteIDs: [[UInt8]] = []
    private var combinationIDs: [[UInt8]] = []
    /// Each level's name as a JSON string, by rank.
    private let levelNames: [[UInt8]]

    package init(renderer: AssessmentRenderer, form: RecordForm = .full) {
        self.renderer = renderer
        self.form = form
        levelNames = Level.allCases.sorted().map { level in
            var bytes: [UInt8] = []
            JSONOutput.writeString(renderer.levelName(level), into: &bytes)
            return bytes
        }
    }

    /// Appends the compact JSON of an assessment (no newline).
    package mutating func write(_ assessment: Assessment, into output: inout [UInt8]) {
        write(
            reference: assessment.reference, region: assessment.context.region, override: assessment.override,
            assessment.evaluation, of: assessment.compiled, into: &output)
        guard !assessment.input.history.isEmpty, output.last == UInt8(ascii: "}") else { return }
        // A case with its history (case format version 2): last, `history` with one object per
        // contribution in a full record, only the number of `contributions` in a compact one.
        output.removeLast()
        switch form {
        case .full:
            put(#","history":"#, &output)
            let summaries = Engine(knowledge: renderer.knowledge).history(of: assessment.input)
            output.append(contentsOf: Self.history(summaries, catalog: renderer.knowledge.catalog).serialized(pretty: false).utf8)
        case .compact:
            put(#","contributions":"#, &output)
            JSONOutput.writeInt(assessment.input.history.count, into: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// The history as JSON: each contribution as in the case file, with `added` and `changed` ids
    /// and the computed level before and after it.
    static func history(_ summaries: [ContributionSummary], catalog: Catalog) -> JSONOutput {
        .array(summaries.map { summary in
            guard case .object(var members) = Case.encoded(summary.contribution, order: catalog) else { return .null }
            members += [
                ("added", .array(summary.added.map { .string($0) })), ("changed", .array(summary.changed.map { .string($0) })),
                ("signals", .int(summary.signals)), ("levelBefore", .string(summary.levelBefore.rawValue)),
                ("levelAfter", .string(summary.levelAfter.rawValue)),
            ]
            return .object(members)
        })
    }

    /// Appends the compact JSON of an evaluation made by the engine over `compiled`, for a case
    /// with this reference, region and override (no newline).
    package mutating func write(
        reference: String?, region: String?, override: Override?, _ evaluation: Evaluation, of compiled: CompiledKnowledge,
        into output: inout [UInt8]
    ) {
        if owner !== compiled { adopt(compiled) }
        if form == .compact {
            return writeCompact(reference: reference, region: region, override: override, evaluation, of: compiled, into: &output)
        }
        output.append(contentsOf: recordHead)
        optional(reference, &output)
        put(#","level":"#, &output)
        JSONOutput.writeString(evaluation.level.rawValue, into: &output)
        put(#","levelName":"#, &output)
        output.append(contentsOf: levelNames[evaluation.level.rank])
        put(#","score":"#, &output)
        JSONOutput.writeInt(evaluation.score, into: &output)
        writeOverride(override, into: &output)
        put(#","routeLevel":"#, &output)
        JSONOutput.writeString((override?.level ?? evaluation.level).rawValue, into: &output)
        put(#","levelIfUnknownsConfirmed":"#, &output)
        JSONOutput.writeString(evaluation.levelIfOpenConfirmed.rawValue, into: &output)
        put(#","assessedAt":"#, &output)
        optional(evaluation.assessedAt?.text, &output)

        put(#","signals":["#, &output)
        writeSignals(evaluation.signals, compiled, into: &output)
        put(#"],"combinations":["#, &output)
        for (number, position) in evaluation.combinations.enumerated() {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            combinationObject(compiled.combinations[position], evaluation, compiled, into: &output)
        }
        put(#"],"context":["#, &output)
        writeSignals(evaluation.contextFindings, compiled, into: &output)
        put(#"],"unknowns":["#, &output)
        for (number, open) in evaluation.unknowns.enumerated() {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            let slot = 2 * open.index + (open.reason == .answeredUnknown ? 0 : 1)
            let parts: Split
            if let cached = unknownParts[slot] {
                parts = cached
            } else {
                parts = unknownObject(compiled.indicators[open.index], reason: open.reason)
                unknownParts[slot] = parts
            }
            output.append(contentsOf: parts.head)
            optional(open.note, &output)
            output.append(contentsOf: parts.tail)
        }
        put(#"],"route":["#, &output)
        // Each party once: its steps (positions) grouped in route order, as `RouteStep.mergedByParty`;
        // a party with one step (most) is looked up by its position, without a key to build.
        let steps = compiled.router.steps
        let role = evaluation.situation.role
        let route = evaluation.route
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: route.count) { taken in
            taken.initialize(repeating: false)
            var first = true
            for start in route.indices where !taken[start] {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                let party = steps[route[start]].party
                var group: [Int] = []
                for later in (start + 1)..<route.count where !taken[later] && steps[route[later]].party == party {
                    if group.isEmpty { group.append(route[start]) }
                    group.append(route[later])
                    taken[later] = true
                }
                if group.isEmpty {
                    if let cached = routeFragments.single(route[start], region: region, role: role, of: compiled) {
                        output.append(contentsOf: cached)
                        continue
                    }
                    group = [route[start]]
                }
                let key = RouteFragments.Key(positions: group, region: region, role: role)
                if let cached = routeFragments.bytes(key, of: compiled) {
                    output.append(contentsOf: cached)
                    continue
                }
                let step = group.count > 1 ? RouteStep.mergedByParty(group.map { steps[$0] })[0] : steps[group[0]]
                let bytes = stepObject(step, region: region, role: role)
                routeFragments.keep(bytes, for: key, of: compiled)
                output.append(contentsOf: bytes)
            }
        }
        put(#"],"notes":["#, &output)
        for (number, position) in evaluation.notes.enumerated() {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            if let cached = noteBytes[position] {
                output.append(contentsOf: cached)
            } else {
                let bytes = noteObject(compiled.router.notes[position])
                noteBytes[position] = bytes
                output.append(contentsOf: bytes)
            }
        }
        put("]", &output)
        writeSituation(evaluation.situation, into: &output)
    }

    /// `,"override":{"level","reason"}` or `,"override":null`: the same in full and compact records.
    private func writeOverride(_ override: Override?, into output: inout [UInt8]) {
        put(#","override":"#, &output)
        guard let override else { return put("null", &output) }
        put(#"{"level":"#, &output)
        JSONOutput.writeString(override.level.rawValue, into: &output)
        put(#","reason":"#, &output)
        JSONOutput.writeString(override.reason, into: &output)
        output.append(UInt8(ascii: "}"))
    }

    /// `,"situation":{…}}`: the values the route was derived from, and the record's end.
    private func writeSituation(_ situation: RouteSituation, into output: inout [UInt8]) {
        put(#","situation":{"role":"#, &output)
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
    }

    /// Starts fresh fragments for another compiled knowledge.
    private mutating func adopt(_ compiled: CompiledKnowledge) {
        owner = compiled
        recordHead = []
        put(#"{"outputVersion":"#, &recordHead)
        JSONOutput.writeInt(RecordForm.outputVersion, into: &recordHead)
        put(form == .compact ? #","records":"compact","catalogVersion":"# : #","records":"full","catalogVersion":"#, &recordHead)
        JSONOutput.writeString(compiled.catalogVersion, into: &recordHead)
        put(#","reference":"#, &recordHead)
        signalParts = Array(repeating: nil, count: compiled.indicators.count)
        unknownParts = Array(repeating: nil, count: 2 * compiled.indicators.count)
        noteBytes = Array(repeating: nil, count: compiled.router.notes.count)
        func quoted(_ text: String) -> [UInt8] {
            var bytes: [UInt8] = []
            JSONOutput.writeString(text, into: &bytes)
            return bytes
        }
        indicatorIDs = compiled.indicators.map { quoted($0.id) }
        stepIDs = compiled.router.steps.map { quoted($0.id) }
        partyIDs = compiled.router.steps.map { quoted($0.party) }
        noteIDs = compiled.router.notes.map { quoted($0.id) }
        combinationIDs = compiled.combinations.map { quoted($0.rule.id) }
    }

    // MARK: Compact records

    /// A compact record: what belongs to this case, by id (see `RecordForm.compact`).
    private mutating func writeCompact(
        reference: String?, region: String?, override: Override?, _ evaluation: Evaluation, of compiled: CompiledKnowledge,
        into output: inout [UInt8]
    ) {
        output.append(contentsOf: recordHead)
        optional(reference, &output)
        put(#","level":"#, &output)
        JSONOutput.writeString(evaluation.level.rawValue, into: &output)
        put(#","score":"#, &output)
        JSONOutput.writeInt(evaluation.score, into: &output)
        writeOverride(override, into: &output)
        put(#","levelIfUnknownsConfirmed":"#, &output)
        JSONOutput.writeString(evaluation.levelIfOpenConfirmed.rawValue, into: &output)
        put(#","assessedAt":"#, &output)
        optional(evaluation.assessedAt?.text, &output)
        put(#","offence":"#, &output)
        optional(evaluation.situation.offence, &output)
        put(#","region":"#, &output)
        optional(region, &output)
        put(#","signals":["#, &output)
        for (number, mark) in evaluation.signals.enumerated() {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: indicatorIDs[mark.index])
        }
        put(#"],"combinations":["#, &output)
        for (number, position) in evaluation.combinations.enumerated() {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: combinationIDs[position])
        }
        put(#"],"context":["#, &output)
        for (number, mark) in evaluation.contextFindings.enumerated() {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: indicatorIDs[mark.index])
        }
        put(#"],"unknowns":["#, &output)
        for (number, open) in evaluation.unknowns.enumerated() {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "["))
            output.append(contentsOf: indicatorIDs[open.index])
            put(open.reason == .answeredUnknown ? #","unknown"]"# : #","not_answered"]"#, &output)
        }
        // The notes the full record shows (on signals, context findings and open questions), by id.
        put(#"],"answerNotes":{"#, &output)
        var firstNote = true
        func note(_ index: Int, _ text: String?) {
            guard let text else { return }
            if !firstNote { output.append(UInt8(ascii: ",")) }
            firstNote = false
            output.append(contentsOf: indicatorIDs[index])
            output.append(UInt8(ascii: ":"))
            JSONOutput.writeString(text, into: &output)
        }
        for mark in evaluation.signals { note(mark.index, mark.note) }
        for mark in evaluation.contextFindings { note(mark.index, mark.note) }
        for open in evaluation.unknowns { note(open.index, open.note) }
        put(#"},"route":["#, &output)
        // Each party once, as in the full record: [party, urgency of its first step, [step ids]].
        let steps = compiled.router.steps
        var groups: [[Int]] = []
        for position in evaluation.route {
            if let group = groups.firstIndex(where: { steps[$0[0]].party == steps[position].party }) {
                groups[group].append(position)
            } else {
                groups.append([position])
            }
        }
        for (number, group) in groups.enumerated() {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "["))
            output.append(contentsOf: partyIDs[group[0]])
            output.append(UInt8(ascii: ","))
            JSONOutput.writeString(steps[group[0]].urgency.rawValue, into: &output)
            put(",[", &output)
            for (index, position) in group.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                output.append(contentsOf: stepIDs[position])
            }
            put("]]", &output)
        }
        put(#"],"notes":["#, &output)
        for (number, position) in evaluation.notes.enumerated() {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: noteIDs[position])
        }
        put("]", &output)
        writeSituation(evaluation.situation, into: &output)
    }

    private mutating func writeSignals(_ marks: [Evaluation.Mark], _ compiled: CompiledKnowledge, into output: inout [UInt8]) {
        for (number, mark) in marks.enumerated() {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            let parts: Split
            if let cached = signalParts[mark.index] {
                parts = cached
            } else {
                parts = signalObject(compiled.indicators[mark.index])
                signalParts[mark.index] = parts
            }
            output.append(contentsOf: parts.head)
            optional(mark.note, &output)
            output.append(contentsOf: parts.tail)
        }
    }

    // MARK: The objects

    /// A signal or context finding: `{"id","family","kind","weight","question","note","citations"}`.
    private func signalObject(_ indicator: Indicator) -> Split {
        var head: [UInt8] = []
        put(#"{"id":"#, &head)
        JSONOutput.writeString(indicator.id, into: &head)
        put(#","family":"#, &head)
        JSONOutput.writeString(indicator.family, into: &head)
        put(#","kind":"#, &head)
        JSONOutput.writeString(indicator.kind.rawValue, into: &head)
        put(#","weight":"#, &head)
        JSONOutput.writeInt(indicator.weight, into: &head)
        put(#","question":"#, &head)
        JSONOutput.writeString(indicator.question[renderer.language], into: &head)
        put(#","note":"#, &head)
        var tail: [UInt8] = []
        put(#","citations":"#, &tail)
        citations(indicator.citations, &tail)
        tail.append(UInt8(ascii: "}"))
        return Split(head: head, tail: tail)
    }

    /// A combination rule that held: `{"id","name","atLeast","offence","signals","rationale","citations"}`,
    /// `signals` being the ids of its indicators answered yes in this case.
    private func combinationObject(
        _ combination: CompiledCombination, _ evaluation: Evaluation, _ compiled: CompiledKnowledge, into output: inout [UInt8]
    ) {
        let rule = combination.rule
        put(#"{"id":"#, &output)
        JSONOutput.writeString(rule.id, into: &output)
        put(#","name":"#, &output)
        JSONOutput.writeString(rule.name[renderer.language], into: &output)
        put(#","atLeast":"#, &output)
        JSONOutput.writeString(rule.atLeast.rawValue, into: &output)
        put(#","offence":"#, &output)
        optional(evaluation.situation.offence, &output)
        put(#","signals":["#, &output)
        var first = true
        for mark in evaluation.signals where combination.names(mark.index) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            JSONOutput.writeString(compiled.indicators[mark.index].id, into: &output)
        }
        put(#"],"rationale":"#, &output)
        JSONOutput.writeString(rule.rationale[renderer.language], into: &output)
        put(#","citations":"#, &output)
        citations(rule.citations, &output)
        output.append(UInt8(ascii: "}"))
    }

    /// An open question: `{"id","reason","question","note"}`.
    private func unknownObject(_ indicator: Indicator, reason: OpenQuestion.Reason) -> Split {
        var head: [UInt8] = []
        put(#"{"id":"#, &head)
        JSONOutput.writeString(indicator.id, into: &head)
        put(#","reason":"#, &head)
        JSONOutput.writeString(reason.rawValue, into: &head)
        put(#","question":"#, &head)
        JSONOutput.writeString(indicator.question[renderer.language], into: &head)
        put(#","note":"#, &head)
        return Split(head: head, tail: [UInt8(ascii: "}")])
    }

    /// A route step: `{"id","steps","party","partyName","phone","urgency","conditionalNow","action","why","citations"}`.
    /// `conditionalNow` lists the ids in `steps` that are done at once, at any hour, if their condition
    /// holds (`RouteStep.conditionalNow`; the text reads them "NU, als het zich voordoet").
    private func stepObject(_ step: RouteStep, region: String?, role: Role) -> [UInt8] {
        let reach = renderer.reach(step.party, region: region, role: role)
        let language = renderer.language
        var bytes: [UInt8] = []
        put(#"{"id":"#, &bytes)
        JSONOutput.writeString(step.id, into: &bytes)
        put(#","steps":["#, &bytes)
        for (index, id) in step.stepIDs.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONOutput.writeString(id, into: &bytes)
        }
        put(#"],"party":"#, &bytes)
        JSONOutput.writeString(step.party, into: &bytes)
        put(#","partyName":"#, &bytes)
        JSONOutput.writeString(reach.name, into: &bytes)
        put(#","phone":"#, &bytes)
        optional(reach.phone, &bytes)
        put(#","urgency":"#, &bytes)
        JSONOutput.writeString(step.urgency.rawValue, into: &bytes)
        put(#","conditionalNow":["#, &bytes)
        var firstConditional = true
        for part in step.parts.isEmpty ? [step] : step.parts where part.conditionalNow {
            if !firstConditional { bytes.append(UInt8(ascii: ",")) }
            firstConditional = false
            JSONOutput.writeString(part.id, into: &bytes)
        }
        put(#"],"action":"#, &bytes)
        JSONOutput.writeString(step.action[language], into: &bytes)
        put(#","why":"#, &bytes)
        JSONOutput.writeString(step.why[language], into: &bytes)
        put(#","citations":"#, &bytes)
        citations(step.citations, &bytes)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// A legal note: `{"id","text","citations"}`.
    private func noteObject(_ note: LegalNote) -> [UInt8] {
        var bytes: [UInt8] = []
        put(#"{"id":"#, &bytes)
        JSONOutput.writeString(note.id, into: &bytes)
        put(#","text":"#, &bytes)
        JSONOutput.writeString(note.text[renderer.language], into: &bytes)
        put(#","citations":"#, &bytes)
        citations(note.citations, &bytes)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// `[{"source","lines":[first,last],"quote"}]`.
    private func citations(_ list: [Citation], _ output: inout [UInt8]) {
        output.append(UInt8(ascii: "["))
        for (number, citation) in list.enumerated() {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            put(#"{"source":"#, &output)
            JSONOutput.writeString(citation.source, into: &output)
            put(#","lines":["#, &output)
            JSONOutput.writeInt(citation.lines.lowerBound, into: &output)
            output.append(UInt8(ascii: ","))
            JSONOutput.writeInt(citation.lines.upperBound, into: &output)
            put(#"],"quote":"#, &output)
            JSONOutput.writeString(citation.quote, into: &output)
            output.append(UInt8(ascii: "}"))
        }
        output.append(UInt8(ascii: "]"))
    }

    private func put(_ text: StaticString, _ output: inout [UInt8]) {
        JSONOutput.append(text, to: &output)
    }

    private func optional(_ text: String?, _ output: inout [UInt8]) {
        if let text { JSONOutput.writeString(text, into: &output) } else { put("null", &output) }
    }
}

/// The route step objects of full records by the steps they stand for (one step, or a party's steps
/// merged), the region and the role, for one compiled knowledge; shared by the copies of an
/// `AssessmentWriter` (a lock around each look-up: the objects are built once, then only read).
private final class RouteFragments: Sendable {
    struct Key: Hashable, Sendable {
        var positions: [Int]
        var region: String?
        var role: Role
    }

    private struct Store {
        var owner: CompiledKnowledge?
        /// One step's objects by its position: one per region and role seen (regions come from the
        /// contacts directory or one --region, so these lists stay short).
        var single: [[(region: String?, role: Role, bytes: [UInt8])]] = []
        /// A party's merged steps.
        var merged: [Key: [UInt8]] = [:]

        init(owner: CompiledKnowledge?) {
            self.owner = owner
            single = Array(repeating: [], count: owner?.router.steps.count ?? 0)
        }
    }

    private let store = Mutex(Store(owner: nil))

    /// The bytes kept for `key`, if they were made from `compiled`.
    func bytes(_ key: Key, of compiled: CompiledKnowledge) -> [UInt8]? {
        store.withLock { store in
            guard store.owner === compiled else { return nil }
            guard key.positions.count == 1 else { return store.merged[key] }
            return store.single[key.positions[0]].first(where: { $0.region == key.region && $0.role == key.role })?.bytes
        }
    }

    /// The bytes kept for the step at `position` alone (`bytes` with a one-position key).
    func single(_ position: Int, region: String?, role: Role, of compiled: CompiledKnowledge) -> [UInt8]? {
        store.withLock { store in
            guard store.owner === compiled else { return nil }
            return store.single[position].first(where: { $0.region == region && $0.role == role })?.bytes
        }
    }

    /// Keeps the bytes made from `compiled` for `key` (those of another knowledge are dropped).
    func keep(_ bytes: [UInt8], for key: Key, of compiled: CompiledKnowledge) {
        store.withLock { store in
            if store.owner !== compiled { store = Store(owner: compiled) }
            if key.positions.count == 1 {
                store.single[key.positions[0]].append((key.region, key.role, bytes))
            } else {
                store.merged[key] = bytes
            }
        }
    }
}
