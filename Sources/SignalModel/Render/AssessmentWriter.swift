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
    /// The same objects whole, for the usual case without a note (`"note":null`), by the same slots.
    private var signalWhole: [[UInt8]?] = []
    private var unknownWhole: [[UInt8]?] = []
    /// Per combination rule: its object up to `"offence":` and from `],"rationale":` to its end.
    private var combinationHeads: [[UInt8]] = []
    private var combinationTails: [[UInt8]] = []
    /// Per route step position: its party as a number (equal parties, equal numbers).
    private var stepParty: [Int] = []
    /// What a step object takes from the contacts (`AssessmentRenderer.reach`: the party's name and
    /// phone) as a number per party, role and region slot (`reachSlot`); -1 until asked.
    private var reachNumbers: [Int] = []
    private var reachValues: [Reach] = []
    private var regionIDs: [String] = []
    /// Step objects this copy has used, by the first step's position: the steps they stand for (one,
    /// or a party's merged steps), the reach number and the bytes (shared with `routeFragments`).
    private var localSteps: [[(positions: [Int], reach: Int, bytes: [UInt8])]] = []
    /// Each level's `,"level":"…","levelName":"…","score":`, by rank; the situation's members, each
    /// with its key, by value (`SituationBytes`).
    private var levelHeads: [[UInt8]] = []
    private var situationBytes = SituationBytes()
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
    /// Each level's name as a JSON string, by rank; its raw value as one.
    private let levelNames: [[UInt8]]
    private let levelNamesRaw: [[UInt8]]

    package init(renderer: AssessmentRenderer, form: RecordForm = .full) {
        self.renderer = renderer
        self.form = form
        levelNames = Level.allCases.sorted().map { level in
            var bytes: [UInt8] = []
            JSONOutput.writeString(renderer.levelName(level), into: &bytes)
            return bytes
        }
        levelNamesRaw = Level.allCases.sorted().map { level in
            var bytes: [UInt8] = []
            JSONOutput.writeString(level.rawValue, into: &bytes)
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
        output.append(contentsOf: levelHeads[evaluation.level.rank])
        JSONOutput.writeInt(evaluation.score, into: &output)
        writeOverride(override, into: &output)
        put(#","routeLevel":"#, &output)
        output.append(contentsOf: levelNamesRaw[(override?.level ?? evaluation.level).rank])
        put(#","levelIfUnknownsConfirmed":"#, &output)
        output.append(contentsOf: levelNamesRaw[evaluation.levelIfOpenConfirmed.rank])
        put(#","assessedAt":"#, &output)
        optional(evaluation.assessedAt?.text, &output)

        put(#","signals":["#, &output)
        writeSignals(evaluation.signals, compiled, into: &output)
        put(#"],"combinations":["#, &output)
        for (number, position) in evaluation.combinations.enumerated() {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            combinationObject(position, evaluation, compiled, into: &output)
        }
        put(#"],"context":["#, &output)
        writeSignals(evaluation.contextFindings, compiled, into: &output)
        put(#"],"unknowns":["#, &output)
        for (number, open) in evaluation.unknowns.enumerated() {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            let slot = 2 * open.index + (open.reason == .answeredUnknown ? 0 : 1)
            if open.note == nil, let whole = unknownWhole[slot] {
                output.append(contentsOf: whole)
                continue
            }
            let parts: Split
            if let cached = unknownParts[slot] {
                parts = cached
            } else {
                parts = unknownObject(compiled.indicators[open.index], reason: open.reason)
                unknownParts[slot] = parts
                unknownWhole[slot] = parts.head + Array("null".utf8) + parts.tail
            }
            output.append(contentsOf: parts.head)
            optional(open.note, &output)
            output.append(contentsOf: parts.tail)
        }
        put(#"],"route":["#, &output)
        writeRoute(evaluation.route, region: region, role: evaluation.situation.role, compiled, into: &output)
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

    /// The route's step objects: each party once, its steps (positions) grouped in route order, as
    /// `RouteStep.mergedByParty`. An object depends on its steps and on what the contacts give for
    /// the party (`AssessmentRenderer.reach`: name and phone) and nothing else, so it is kept by
    /// those: first in this copy's own list (no lock, no hashing), then in the shared `routeFragments`.
    private mutating func writeRoute(
        _ route: [Int], region: String?, role: Role, _ compiled: CompiledKnowledge, into output: inout [UInt8]
    ) {
        let count = route.count
        var regionSlot = -1
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * count) { scratch in
            // scratch[0..<count]: 1 once a position is written in an earlier party's group;
            // scratch[count...]: the group being written.
            for index in 0..<count { scratch[index] = 0 }
            for start in 0..<count where scratch[start] == 0 {
                if start > 0 { output.append(UInt8(ascii: ",")) }
                let first = route[start]
                let party = stepParty[first]
                scratch[count] = first
                var size = 1
                for later in (start + 1)..<count where scratch[later] == 0 && stepParty[route[later]] == party {
                    scratch[count + size] = route[later]
                    size += 1
                    scratch[later] = 1
                }
                let group = UnsafeBufferPointer(rebasing: scratch[count..<(count + size)])
                let reach = reachNumber(
                    party: party, id: compiled.router.steps[first].party, region: region, regionSlot: &regionSlot, role: role)
                if let bytes = localSteps[first].first(where: { $0.reach == reach && $0.positions.elementsEqual(group) })?.bytes {
                    output.append(contentsOf: bytes)
                    continue
                }
                let positions = Array(group)
                let value = reachValues[reach]
                let key = RouteFragments.Key(positions: positions, name: value.name, phone: value.phone)
                let bytes: [UInt8]
                if let cached = routeFragments.bytes(key, of: compiled) {
                    bytes = cached
                } else {
                    let steps = compiled.router.steps
                    let step = size > 1 ? RouteStep.mergedByParty(positions.map { steps[$0] })[0] : steps[first]
                    bytes = stepObject(step, reach: value)
                    routeFragments.keep(bytes, for: key, of: compiled)
                }
                localSteps[first].append((positions, reach, bytes))
                output.append(contentsOf: bytes)
            }
        }
    }

    /// The name and phone a step object shows for a party (`AssessmentRenderer.reach`).
    private struct Reach: Equatable {
        var name: String
        var phone: String?
    }

    /// The number of the reach of the party of the step at `position` for this region and role. The
    /// region is looked up (`regionSlot`, once per record) only for a party whose reach depends on it.
    private mutating func reachNumber(party: Int, id: String, region: String?, regionSlot: inout Int, role: Role) -> Int {
        let base = (party * Role.count + role.ordinal) * (regionIDs.count + 2)
        // Slot 0 of each party and role: the number when the region does not matter, -2 when it
        // does, -1 not known yet.
        var known = reachNumbers[base]
        if known == -1 {
            let reaches = ([nil] + regionIDs).map { reachOf(id, region: $0, role: role) }
            known = reaches.allSatisfy({ $0 == reaches[0] }) ? intern(reaches[0]) : -2
            reachNumbers[base] = known
        }
        if known >= 0 { return known }
        if regionSlot < 0 {
            // 1: no region, or one the directory does not have (`ContactsDirectory.region` finds
            // nothing, as for none); 2 + i: the directory's region i (its first with that id).
            regionSlot = 1
            if let region { regionSlot = regionIDs.firstIndex(of: region).map { $0 + 2 } ?? 1 }
        }
        var number = reachNumbers[base + regionSlot]
        if number == -1 {
            number = intern(reachOf(id, region: regionSlot >= 2 ? regionIDs[regionSlot - 2] : nil, role: role))
            reachNumbers[base + regionSlot] = number
        }
        return number
    }

    private func reachOf(_ party: String, region: String?, role: Role) -> Reach {
        let reach = renderer.reach(party, region: region, role: role)
        return Reach(name: reach.name, phone: reach.phone)
    }

    private mutating func intern(_ reach: Reach) -> Int {
        if let known = reachValues.firstIndex(of: reach) { return known }
        reachValues.append(reach)
        return reachValues.count - 1
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
        let bytes = situationBytes
        output.append(contentsOf: bytes.role[situation.role.ordinal])
        output.append(contentsOf: bytes.ageBand[situation.ageBand.ordinal])
        output.append(contentsOf: bytes.level[situation.level.rank])
        output.append(contentsOf: bytes.acute[situation.acute.ordinal])
        output.append(contentsOf: bytes.guardian[situation.guardian.ordinal])
        output.append(contentsOf: bytes.registered[situation.registered.ordinal])
        output.append(contentsOf: bytes.officeHours[situation.officeHours.ordinal])
        put("}}", &output)
    }

    /// The members of `situation`, each with its key (`,"situation":{"role":"police"`,
    /// `,"ageBand":"minor"`, …), by the value's ordinal.
    private struct SituationBytes {
        var role: [[UInt8]] = []
        var ageBand: [[UInt8]] = []
        var level: [[UInt8]] = []
        var acute: [[UInt8]] = []
        var guardian: [[UInt8]] = []
        var registered: [[UInt8]] = []
        var officeHours: [[UInt8]] = []

        init() {}

        init(_ put: (StaticString, inout [UInt8]) -> Void) {
            func member<Value: RawRepresentable<String>>(_ key: StaticString, _ values: [Value]) -> [[UInt8]] {
                values.map { value in
                    var bytes: [UInt8] = []
                    put(key, &bytes)
                    JSONOutput.writeString(value.rawValue, into: &bytes)
                    return bytes
                }
            }
            role = member(#","situation":{"role":"#, Role.allCases.sorted { $0.ordinal < $1.ordinal })
            ageBand = member(#","ageBand":"#, AgeBand.allCases.sorted { $0.ordinal < $1.ordinal })
            level = member(#","level":"#, Level.allCases.sorted())
            let states = Answer.allCases.sorted { $0.ordinal < $1.ordinal }
            acute = member(#","acute":"#, states)
            guardian = member(#","guardian":"#, states)
            registered = member(#","registered":"#, states)
            officeHours = member(#","officeHours":"#, states)
        }
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
        signalWhole = Array(repeating: nil, count: compiled.indicators.count)
        unknownWhole = Array(repeating: nil, count: 2 * compiled.indicators.count)
        noteBytes = Array(repeating: nil, count: compiled.router.notes.count)
        levelHeads = Level.allCases.sorted().map { level in
            var bytes: [UInt8] = []
            put(#","level":"#, &bytes)
            JSONOutput.writeString(level.rawValue, into: &bytes)
            put(#","levelName":"#, &bytes)
            bytes.append(contentsOf: levelNames[level.rank])
            put(#","score":"#, &bytes)
            return bytes
        }
        situationBytes = SituationBytes(put)
        combinationHeads = compiled.combinations.map { combinationHead($0.rule) }
        combinationTails = compiled.combinations.map { combinationTail($0.rule) }
        var parties: [String: Int] = [:]
        stepParty = compiled.router.steps.map { step in
            if let known = parties[step.party] { return known }
            parties[step.party] = parties.count
            return parties.count - 1
        }
        regionIDs = renderer.knowledge.contacts.regions.map(\.id)
        reachNumbers = Array(repeating: -1, count: max(1, parties.count) * Role.count * (regionIDs.count + 2))
        reachValues = []
        localSteps = Array(repeating: [], count: compiled.router.steps.count)
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
            if mark.note == nil, let whole = signalWhole[mark.index] {
                output.append(contentsOf: whole)
                continue
            }
            let parts: Split
            if let cached = signalParts[mark.index] {
                parts = cached
            } else {
                parts = signalObject(compiled.indicators[mark.index])
                signalParts[mark.index] = parts
                signalWhole[mark.index] = parts.head + Array("null".utf8) + parts.tail
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
        _ position: Int, _ evaluation: Evaluation, _ compiled: CompiledKnowledge, into output: inout [UInt8]
    ) {
        let combination = compiled.combinations[position]
        output.append(contentsOf: combinationHeads[position])
        optional(evaluation.situation.offence, &output)
        put(#","signals":["#, &output)
        var first = true
        for mark in evaluation.signals where combination.names(mark.index) {
            if !first { output.append(UInt8(ascii: ",")) }
            first = false
            output.append(contentsOf: indicatorIDs[mark.index])
        }
        output.append(contentsOf: combinationTails[position])
    }

    /// A combination's object up to `"offence":`.
    private func combinationHead(_ rule: Combination) -> [UInt8] {
        var output: [UInt8] = []
        put(#"{"id":"#, &output)
        JSONOutput.writeString(rule.id, into: &output)
        put(#","name":"#, &output)
        JSONOutput.writeString(rule.name[renderer.language], into: &output)
        put(#","atLeast":"#, &output)
        JSONOutput.writeString(rule.atLeast.rawValue, into: &output)
        put(#","offence":"#, &output)
        return output
    }

    /// A combination's object from the end of its `signals`.
    private func combinationTail(_ rule: Combination) -> [UInt8] {
        var output: [UInt8] = []
        put(#"],"rationale":"#, &output)
        JSONOutput.writeString(rule.rationale[renderer.language], into: &output)
        put(#","citations":"#, &output)
        citations(rule.citations, &output)
        output.append(UInt8(ascii: "}"))
        return output
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
    private func stepObject(_ step: RouteStep, reach: Reach) -> [UInt8] {
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
/// merged) and what the contacts give for the party (name and phone), for one compiled knowledge;
/// shared by the copies of an `AssessmentWriter` (a lock around each look-up: the objects are built
/// once, then only read; each copy keeps what it used in a list of its own, so this is asked once
/// per object and copy).
private final class RouteFragments: Sendable {
    struct Key: Hashable, Sendable {
        var positions: [Int]
        var name: String
        var phone: String?
    }

    private struct Store {
        var owner: CompiledKnowledge?
        var objects: [Key: [UInt8]] = [:]
    }

    private let store = Mutex(Store(owner: nil))

    /// The bytes kept for `key`, if they were made from `compiled`.
    func bytes(_ key: Key, of compiled: CompiledKnowledge) -> [UInt8]? {
        store.withLock { store in
            guard store.owner === compiled else { return nil }
            return store.objects[key]
        }
    }

    /// Keeps the bytes made from `compiled` for `key` (those of another knowledge are dropped).
    func keep(_ bytes: [UInt8], for key: Key, of compiled: CompiledKnowledge) {
        store.withLock { store in
            if store.owner !== compiled { store = Store(owner: compiled) }
            store.objects[key] = bytes
        }
    }
}
