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

    private var owner: CompiledKnowledge?
    /// Where every fragment's bytes are kept (`FragmentStore`): memory that never moves, shared by
    /// the copies of this writer (the parallel batch's workers each score with a copy). The tables
    /// below are this copy's own and hold `Fragment`s (a pointer and a count): copying one into a
    /// record retains and releases nothing. A fragment that is a member of a list (signal, open
    /// question, route step and note objects, the id strings) is kept with a comma in front, which
    /// `append(_:first:)` leaves out for a list's first member: one copy per member.
    private var store = FragmentStore()
    /// `{"outputVersion":N,"records":"full|compact","catalogVersion":"…","reference":`: the same
    /// for every record of this writer.
    private var recordHead = Fragment.none
    /// Per indicator: its signal object with `"note":null` (`signalWhole`), and the same object up
    /// to `"note":` and from after the note, for a signal with a note; made when first used.
    private var signalWhole: [Fragment] = []
    private var signalHeads: [Fragment] = []
    private var signalTails: [Fragment] = []
    /// Per open question (answered unknown at 2i, not answered at 2i+1): its object with
    /// `"note":null`, and up to `"note":` (the rest is `}`).
    private var unknownWhole: [Fragment] = []
    private var unknownHeads: [Fragment] = []
    /// Per combination rule: its object up to `"offence":` and from `],"rationale":` to its end.
    private var combinationHeads: [Fragment] = []
    private var combinationTails: [Fragment] = []
    /// Per legal note: its object; made when first used.
    private var noteObjects: [Fragment] = []
    /// Per route step position: its party as a number (equal parties, equal numbers).
    private var stepParty: [Int] = []
    /// What a step object takes from the contacts (`AssessmentRenderer.reach`: the party's name and
    /// phone) as a number per party, role and region slot (`reachSlot`); -1 until asked.
    private var reachNumbers: [Int] = []
    private var reachValues: [Reach] = []
    private var regionIDs: [String] = []
    /// Step objects this copy has used, without hashing or lock: `stepChains[p]` is the newest entry
    /// whose first step is at position p (-1: none), each entry the steps it stands for (one, or a
    /// party's merged steps; `count` positions from `stepPositions[positions]`), the reach number,
    /// the object, and the entry before it with the same first step.
    private var stepChains: [Int] = []
    private var stepEntries: [StepEntry] = []
    private var stepPositions: [Int] = []
    /// The region of the last record whose route needed its slot (`regionSlot(of:)`).
    private var lastRegion: String?
    private var lastRegionSlot = 1
    /// By level rank: full records' `,"level":"…","levelName":"…","score":`, compact records'
    /// `,"level":"…","score":`; `,"routeLevel":"…"`; `,"levelIfUnknownsConfirmed":"…","assessedAt":`.
    private var levelHeads: [Fragment] = []
    private var routeLevels: [Fragment] = []
    private var confirmedLevels: [Fragment] = []
    /// `,"situation":{"role":…,"ageBand":…,"level":…` by role, age band and level, and
    /// `,"acute":…,"guardian":…,"registered":…,"officeHours":…}}` by the four answers
    /// (`situationSlots`): all made at once when the knowledge is adopted.
    private var situationHeads: [Fragment] = []
    private var situationTails: [Fragment] = []
    /// Each indicator's, step's, note's and combination's id as a JSON string, by position.
    private var indicatorIDs: [Fragment] = []
    private var stepIDs: [Fragment] = []
    private var noteIDs: [Fragment] = []
    private var combinationIDs: [Fragment] = []
    /// Compact records: per open question slot (as `unknownWhole`) `["id","unknown"]`; per step
    /// position `["party","urgency",[` (a party's group starts with its first step); made when first used.
    private var compactUnknowns: [Fragment] = []
    private var compactRouteHeads: [Fragment] = []
    /// Each level's name as a JSON string, by rank; its raw value as one.
    private let levelNames: [[UInt8]]
    private let levelNamesRaw: [[UInt8]]

    /// One step object this copy has used (see `stepChains`).
    private struct StepEntry {
        var previous: Int
        var reach: Int
        var positions: Int
        var count: Int
        var object: Fragment
    }

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
        Self.append(recordHead, &output)
        optional(reference, &output)
        Self.append(levelHeads[evaluation.level.rank], &output)
        JSONOutput.writeInt(evaluation.score, into: &output)
        writeOverride(override, into: &output)
        Self.append(routeLevels[(override?.level ?? evaluation.level).rank], &output)
        Self.append(confirmedLevels[evaluation.levelIfOpenConfirmed.rank], &output)
        optional(evaluation.assessedAt?.text, &output)

        put(#","signals":["#, &output)
        writeSignals(evaluation.signals, compiled, into: &output)
        put(#"],"combinations":["#, &output)
        for number in evaluation.combinations.indices {
            if number > 0 { output.append(UInt8(ascii: ",")) }
            combinationObject(evaluation.combinations[number], evaluation, compiled, into: &output)
        }
        put(#"],"context":["#, &output)
        writeSignals(evaluation.contextFindings, compiled, into: &output)
        put(#"],"unknowns":["#, &output)
        let unknowns = evaluation.unknowns
        for number in unknowns.indices {
            let slot = Self.unknownSlot(unknowns[number])
            if !unknownWhole[slot].isMade { makeUnknown(slot, compiled) }
            if unknowns[number].note == nil {
                Self.append(unknownWhole[slot], first: number == 0, &output)
            } else {
                Self.append(unknownHeads[slot], first: number == 0, &output)
                optional(unknowns[number].note, &output)
                output.append(UInt8(ascii: "}"))
            }
        }
        put(#"],"route":["#, &output)
        writeRoute(evaluation.route, region: region, role: evaluation.situation.role, compiled, into: &output)
        put(#"],"notes":["#, &output)
        let notes = evaluation.notes
        for number in notes.indices {
            let position = notes[number]
            if !noteObjects[position].isMade { noteObjects[position] = store.keep([UInt8(ascii: ",")] + noteObject(compiled.router.notes[position])) }
            Self.append(noteObjects[position], first: number == 0, &output)
        }
        output.append(UInt8(ascii: "]"))
        writeSituation(evaluation.situation, into: &output)
    }

    /// An open question's slot in `unknownWhole` and the like: 2i answered unknown, 2i+1 not answered.
    private static func unknownSlot(_ open: Evaluation.Open) -> Int {
        2 * open.index + (open.reason == .answeredUnknown ? 0 : 1)
    }

    /// The route's step objects: each party once, its steps (positions) grouped in route order, as
    /// `RouteStep.mergedByParty`. An object depends on its steps and on what the contacts give for
    /// the party (`AssessmentRenderer.reach`: name and phone) and nothing else, so it is kept by
    /// those: first in this copy's own list (no lock, no hashing), then in the shared `store`.
    private mutating func writeRoute(
        _ route: [Int], region: String?, role: Role, _ compiled: CompiledKnowledge, into output: inout [UInt8]
    ) {
        let count = route.count
        guard count > 0 else { return }
        var regionSlot = -1
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * count) { scratch in
            // scratch[0..<count]: 1 once a position is written in an earlier party's group;
            // scratch[count...]: the group being written.
            for index in 0..<count { scratch[index] = 0 }
            for start in 0..<count where scratch[start] == 0 {
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
                let reach = reachNumber(party: party, step: first, region: region, regionSlot: &regionSlot, role: role, compiled)
                Self.append(stepObject(group, reach: reach, compiled), first: start == 0, &output)
            }
        }
    }

    /// A region's slot in `reachNumbers`: 1 for no region, or one the directory does not have
    /// (`ContactsDirectory.region` finds nothing, as for none); 2 + i for the directory's region i
    /// (its first with that id). The last region asked is remembered.
    private mutating func regionSlot(of region: String?) -> Int {
        guard let region else { return 1 }
        if region == lastRegion { return lastRegionSlot }
        lastRegion = region
        lastRegionSlot = regionIDs.firstIndex(of: region).map { $0 + 2 } ?? 1
        return lastRegionSlot
    }

    /// The object of a party's steps (`group`, route order) with this reach: from this copy's list,
    /// else from the shared store, else made (and kept in both).
    private mutating func stepObject(_ group: UnsafeBufferPointer<Int>, reach: Int, _ compiled: CompiledKnowledge) -> Fragment {
        let first = group[0]
        var entry = stepChains[first]
        search: while entry >= 0 {
            let known = stepEntries[entry]
            entry = known.previous
            guard known.reach == reach, known.count == group.count else { continue }
            for index in 1..<max(1, known.count) where stepPositions[known.positions + index] != group[index] { continue search }
            return known.object
        }
        let positions = Array(group)
        let value = reachValues[reach]
        let key = FragmentStore.StepKey(positions: positions, name: value.name, phone: value.phone)
        let object: Fragment
        if let kept = store.step(key, of: compiled) {
            object = kept
        } else {
            let steps = compiled.router.steps
            let step = positions.count > 1 ? RouteStep.mergedByParty(positions.map { steps[$0] })[0] : steps[first]
            object = store.keepStep([UInt8(ascii: ",")] + stepObject(step, reach: value), for: key, of: compiled)
        }
        stepEntries.append(
            StepEntry(previous: stepChains[first], reach: reach, positions: stepPositions.count, count: positions.count, object: object))
        stepPositions.append(contentsOf: positions)
        stepChains[first] = stepEntries.count - 1
        return object
    }

    /// The name and phone a step object shows for a party (`AssessmentRenderer.reach`).
    private struct Reach: Equatable {
        var name: String
        var phone: String?
    }

    /// The number of the reach of the party (numbered, of the step at position `step`) for this
    /// region and role. The region's slot (`regionSlot(of:)`, once per record) is looked up only
    /// for a party whose reach depends on it.
    private mutating func reachNumber(
        party: Int, step: Int, region: String?, regionSlot: inout Int, role: Role, _ compiled: CompiledKnowledge
    ) -> Int {
        let base = (party * Role.count + role.ordinal) * (regionIDs.count + 2)
        // Slot 0 of each party and role: the number when the region does not matter, -2 when it
        // does, -1 not known yet.
        var known = reachNumbers[base]
        if known == -1 {
            let id = compiled.router.steps[step].party
            let reaches = ([nil] + regionIDs).map { reachOf(id, region: $0, role: role) }
            known = reaches.allSatisfy({ $0 == reaches[0] }) ? intern(reaches[0]) : -2
            reachNumbers[base] = known
        }
        if known >= 0 { return known }
        if regionSlot < 0 { regionSlot = self.regionSlot(of: region) }
        var number = reachNumbers[base + regionSlot]
        if number == -1 {
            let id = compiled.router.steps[step].party
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
        guard let override else { return put(#","override":null"#, &output) }
        put(#","override":{"level":"#, &output)
        output.append(contentsOf: levelNamesRaw[override.level.rank])
        put(#","reason":"#, &output)
        JSONOutput.writeString(override.reason, into: &output)
        output.append(UInt8(ascii: "}"))
    }

    /// `,"situation":{…}}`: the values the route was derived from, and the record's end.
    private func writeSituation(_ situation: RouteSituation, into output: inout [UInt8]) {
        let slots = Self.situationSlots(situation)
        Self.append(situationHeads[slots.head], &output)
        Self.append(situationTails[slots.tail], &output)
    }

    /// A situation's slots in `situationHeads` (by role, age band and level) and `situationTails`
    /// (by acute, guardian, registered and office hours).
    private static func situationSlots(_ situation: RouteSituation) -> (head: Int, tail: Int) {
        let head = (situation.role.ordinal * AgeBand.count + situation.ageBand.ordinal) * Level.count + situation.level.rank
        let answers = Answer.count
        let tail =
            ((situation.acute.ordinal * answers + situation.guardian.ordinal) * answers + situation.registered.ordinal) * answers
            + situation.officeHours.ordinal
        return (head, tail)
    }

    /// The situation's fragments, every value of each slot (`situationSlots` gives the same numbers).
    private func situationFragments() -> (heads: [Fragment], tails: [Fragment]) {
        let roles = Role.allCases.sorted { $0.ordinal < $1.ordinal }
        let ages = AgeBand.allCases.sorted { $0.ordinal < $1.ordinal }
        let levels = Level.allCases.sorted()
        let states = Answer.allCases.sorted { $0.ordinal < $1.ordinal }
        var heads: [[UInt8]] = []
        for role in roles {
            for age in ages {
                for level in levels {
                    var bytes: [UInt8] = []
                    put(#","situation":{"role":"#, &bytes)
                    JSONOutput.writeString(role.rawValue, into: &bytes)
                    put(#","ageBand":"#, &bytes)
                    JSONOutput.writeString(age.rawValue, into: &bytes)
                    put(#","level":"#, &bytes)
                    JSONOutput.writeString(level.rawValue, into: &bytes)
                    heads.append(bytes)
                }
            }
        }
        var tails: [[UInt8]] = []
        for acute in states {
            for guardian in states {
                for registered in states {
                    for officeHours in states {
                        var bytes: [UInt8] = []
                        put(#","acute":"#, &bytes)
                        JSONOutput.writeString(acute.rawValue, into: &bytes)
                        put(#","guardian":"#, &bytes)
                        JSONOutput.writeString(guardian.rawValue, into: &bytes)
                        put(#","registered":"#, &bytes)
                        JSONOutput.writeString(registered.rawValue, into: &bytes)
                        put(#","officeHours":"#, &bytes)
                        JSONOutput.writeString(officeHours.rawValue, into: &bytes)
                        put("}}", &bytes)
                        tails.append(bytes)
                    }
                }
            }
        }
        return (store.keep(heads), store.keep(tails))
    }

    /// Starts fresh fragments for another compiled knowledge.
    private mutating func adopt(_ compiled: CompiledKnowledge) {
        owner = compiled
        // Fragments of the knowledge before are dropped with this copy's tables; when no other copy
        // shares the store, their memory goes too.
        if isKnownUniquelyReferenced(&store) { store.removeAll() }
        var head: [UInt8] = []
        put(#"{"outputVersion":"#, &head)
        JSONOutput.writeInt(RecordForm.outputVersion, into: &head)
        put(form == .compact ? #","records":"compact","catalogVersion":"# : #","records":"full","catalogVersion":"#, &head)
        JSONOutput.writeString(compiled.catalogVersion, into: &head)
        put(#","reference":"#, &head)
        recordHead = store.keep(head)
        let indicators = compiled.indicators.count
        let steps = compiled.router.steps.count
        let levels = Level.allCases.sorted()
        levelHeads = store.keep(levels.map { level in
            var bytes: [UInt8] = []
            put(#","level":"#, &bytes)
            JSONOutput.writeString(level.rawValue, into: &bytes)
            if form == .full {
                put(#","levelName":"#, &bytes)
                bytes.append(contentsOf: levelNames[level.rank])
            }
            put(#","score":"#, &bytes)
            return bytes
        })
        routeLevels = store.keep(levels.map { level in
            var bytes: [UInt8] = []
            put(#","routeLevel":"#, &bytes)
            bytes.append(contentsOf: levelNamesRaw[level.rank])
            return bytes
        })
        confirmedLevels = store.keep(levels.map { level in
            var bytes: [UInt8] = []
            put(#","levelIfUnknownsConfirmed":"#, &bytes)
            bytes.append(contentsOf: levelNamesRaw[level.rank])
            put(#","assessedAt":"#, &bytes)
            return bytes
        })
        (situationHeads, situationTails) = situationFragments()
        func quoted(_ texts: [String]) -> [Fragment] {
            store.keep(texts.map { text in
                var bytes: [UInt8] = [UInt8(ascii: ",")]
                JSONOutput.writeString(text, into: &bytes)
                return bytes
            })
        }
        indicatorIDs = quoted(compiled.indicators.map(\.id))
        combinationIDs = quoted(compiled.combinations.map(\.rule.id))
        switch form {
        case .full:
            signalWhole = Array(repeating: .none, count: indicators)
            signalHeads = signalWhole
            signalTails = signalWhole
            unknownWhole = Array(repeating: .none, count: 2 * indicators)
            unknownHeads = unknownWhole
            noteObjects = Array(repeating: .none, count: compiled.router.notes.count)
            combinationHeads = store.keep(compiled.combinations.map { combinationHead($0.rule) })
            combinationTails = store.keep(compiled.combinations.map { combinationTail($0.rule) })
            var parties: [String: Int] = [:]
            stepParty = compiled.router.steps.map { step in
                if let known = parties[step.party] { return known }
                parties[step.party] = parties.count
                return parties.count - 1
            }
            regionIDs = renderer.knowledge.contacts.regions.map(\.id)
            reachNumbers = Array(repeating: -1, count: max(1, parties.count) * Role.count * (regionIDs.count + 2))
            reachValues = []
            stepChains = Array(repeating: -1, count: steps)
            stepEntries = []
            stepPositions = []
            lastRegion = nil
        case .compact:
            var parties: [String: Int] = [:]
            stepParty = compiled.router.steps.map { step in
                if let known = parties[step.party] { return known }
                parties[step.party] = parties.count
                return parties.count - 1
            }
            stepIDs = quoted(compiled.router.steps.map(\.id))
            noteIDs = quoted(compiled.router.notes.map(\.id))
            compactUnknowns = Array(repeating: .none, count: 2 * indicators)
            compactRouteHeads = Array(repeating: .none, count: steps)
        }
    }

    // MARK: Compact records

    /// A compact record: what belongs to this case, by id (see `RecordForm.compact`).
    private mutating func writeCompact(
        reference: String?, region: String?, override: Override?, _ evaluation: Evaluation, of compiled: CompiledKnowledge,
        into output: inout [UInt8]
    ) {
        Self.append(recordHead, &output)
        optional(reference, &output)
        Self.append(levelHeads[evaluation.level.rank], &output)
        JSONOutput.writeInt(evaluation.score, into: &output)
        writeOverride(override, into: &output)
        Self.append(confirmedLevels[evaluation.levelIfOpenConfirmed.rank], &output)
        optional(evaluation.assessedAt?.text, &output)
        put(#","offence":"#, &output)
        optional(evaluation.situation.offence, &output)
        put(#","region":"#, &output)
        optional(region, &output)
        put(#","signals":["#, &output)
        let signals = evaluation.signals
        for number in signals.indices {
            Self.append(indicatorIDs[signals[number].index], first: number == 0, &output)
        }
        put(#"],"combinations":["#, &output)
        let combinations = evaluation.combinations
        for number in combinations.indices {
            Self.append(combinationIDs[combinations[number]], first: number == 0, &output)
        }
        put(#"],"context":["#, &output)
        let context = evaluation.contextFindings
        for number in context.indices {
            Self.append(indicatorIDs[context[number].index], first: number == 0, &output)
        }
        put(#"],"unknowns":["#, &output)
        let unknowns = evaluation.unknowns
        var notes = 0
        for number in unknowns.indices {
            let slot = Self.unknownSlot(unknowns[number])
            if !compactUnknowns[slot].isMade {
                var bytes: [UInt8] = Array(",[".utf8)
                bytes.append(contentsOf: indicatorIDs[slot / 2].afterFirst.bytes)
                put(slot % 2 == 0 ? #","unknown"]"# : #","not_answered"]"#, &bytes)
                compactUnknowns[slot] = store.keep(bytes)
            }
            Self.append(compactUnknowns[slot], first: number == 0, &output)
            if unknowns[number].note != nil { notes += 1 }
        }
        // The notes the full record shows (on signals, context findings and open questions), by id.
        put(#"],"answerNotes":{"#, &output)
        if notes > 0 || signals.contains(where: { $0.note != nil }) || context.contains(where: { $0.note != nil }) {
            var first = true
            for mark in signals where mark.note != nil { writeNote(mark.index, mark.note, first: &first, into: &output) }
            for mark in context where mark.note != nil { writeNote(mark.index, mark.note, first: &first, into: &output) }
            for open in unknowns where open.note != nil { writeNote(open.index, open.note, first: &first, into: &output) }
        }
        put(#"},"route":["#, &output)
        writeCompactRoute(evaluation.route, compiled, into: &output)
        put(#"],"notes":["#, &output)
        let legal = evaluation.notes
        for number in legal.indices {
            Self.append(noteIDs[legal[number]], first: number == 0, &output)
        }
        output.append(UInt8(ascii: "]"))
        writeSituation(evaluation.situation, into: &output)
    }

    /// One member of a compact record's `answerNotes`: `"id":"note"`.
    private func writeNote(_ index: Int, _ text: String?, first: inout Bool, into output: inout [UInt8]) {
        guard let text else { return }
        Self.append(indicatorIDs[index], first: first, &output)
        first = false
        output.append(UInt8(ascii: ":"))
        JSONOutput.writeString(text, into: &output)
    }

    /// Each party once, in the order of its first step, as in the full record:
    /// `[party, urgency of its first step, [step ids]]`.
    private mutating func writeCompactRoute(_ route: [Int], _ compiled: CompiledKnowledge, into output: inout [UInt8]) {
        let count = route.count
        guard count > 0 else { return }
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: count) { written in
            for index in 0..<count { written[index] = false }
            for start in 0..<count where !written[start] {
                let first = route[start]
                if !compactRouteHeads[first].isMade {
                    let step = compiled.router.steps[first]
                    var bytes: [UInt8] = Array(",[".utf8)
                    JSONOutput.writeString(step.party, into: &bytes)
                    bytes.append(UInt8(ascii: ","))
                    JSONOutput.writeString(step.urgency.rawValue, into: &bytes)
                    put(",[", &bytes)
                    compactRouteHeads[first] = store.keep(bytes)
                }
                Self.append(compactRouteHeads[first], first: start == 0, &output)
                Self.append(stepIDs[first].afterFirst, &output)
                let party = stepParty[first]
                for later in (start + 1)..<count where !written[later] && stepParty[route[later]] == party {
                    written[later] = true
                    Self.append(stepIDs[route[later]], &output)
                }
                put("]]", &output)
            }
        }
    }

    private mutating func writeSignals(_ marks: [Evaluation.Mark], _ compiled: CompiledKnowledge, into output: inout [UInt8]) {
        for number in marks.indices {
            let index = marks[number].index
            if !signalWhole[index].isMade { makeSignal(index, compiled) }
            if marks[number].note == nil {
                Self.append(signalWhole[index], first: number == 0, &output)
            } else {
                Self.append(signalHeads[index], first: number == 0, &output)
                optional(marks[number].note, &output)
                Self.append(signalTails[index], &output)
            }
        }
    }

    /// Keeps an indicator's signal object: whole with `"note":null`, and around the note.
    private mutating func makeSignal(_ index: Int, _ compiled: CompiledKnowledge) {
        let (head, tail) = signalObject(compiled.indicators[index])
        let null: [UInt8] = Array("null".utf8)
        let whole = store.keep([UInt8(ascii: ",")] + head + null + tail)
        signalWhole[index] = whole
        signalHeads[index] = whole.prefix(1 + head.count)
        signalTails[index] = whole.suffix(tail.count)
    }

    /// Keeps an open question's object: whole with `"note":null`, and up to the note.
    private mutating func makeUnknown(_ slot: Int, _ compiled: CompiledKnowledge) {
        let head = unknownObject(compiled.indicators[slot / 2], reason: slot % 2 == 0 ? .answeredUnknown : .notAnswered)
        let whole = store.keep([UInt8(ascii: ",")] + head + Array("null}".utf8))
        unknownWhole[slot] = whole
        unknownHeads[slot] = whole.prefix(1 + head.count)
    }

    // MARK: The objects

    /// A signal or context finding: `{"id","family","kind","weight","question","note","citations"}`,
    /// up to `"note":` and from after the note.
    private func signalObject(_ indicator: Indicator) -> (head: [UInt8], tail: [UInt8]) {
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
        return (head, tail)
    }

    /// A combination rule that held: `{"id","name","atLeast","offence","signals","rationale","citations"}`,
    /// `signals` being the ids of its indicators answered yes in this case.
    private func combinationObject(
        _ position: Int, _ evaluation: Evaluation, _ compiled: CompiledKnowledge, into output: inout [UInt8]
    ) {
        let combination = compiled.combinations[position]
        Self.append(combinationHeads[position], &output)
        optional(evaluation.situation.offence, &output)
        put(#","signals":["#, &output)
        var first = true
        for mark in evaluation.signals where combination.names(mark.index) {
            Self.append(indicatorIDs[mark.index], first: first, &output)
            first = false
        }
        Self.append(combinationTails[position], &output)
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

    /// An open question: `{"id","reason","question","note"}` up to `"note":`.
    private func unknownObject(_ indicator: Indicator, reason: OpenQuestion.Reason) -> [UInt8] {
        var head: [UInt8] = []
        put(#"{"id":"#, &head)
        JSONOutput.writeString(indicator.id, into: &head)
        put(#","reason":"#, &head)
        JSONOutput.writeString(reason.rawValue, into: &head)
        put(#","question":"#, &head)
        JSONOutput.writeString(indicator.question[renderer.language], into: &head)
        put(#","note":"#, &head)
        return head
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

    /// Copies a fragment's bytes: one bounds check and one copy, no reference counted.
    @inline(__always)
    private static func append(_ fragment: Fragment, _ output: inout [UInt8]) {
        output.append(contentsOf: fragment.bytes)
    }

    /// Copies a fragment that starts with a comma (a list's member): without it for the first one.
    @inline(__always)
    private static func append(_ fragment: Fragment, first: Bool, _ output: inout [UInt8]) {
        output.append(contentsOf: first ? fragment.afterFirst.bytes : fragment.bytes)
    }
}

/// Bytes kept in a `FragmentStore`: where they start and how many. A fragment stays valid as long
/// as the store that kept it (each `AssessmentWriter` copy holds its store), and its bytes never
/// change, so it may be read from any thread.
struct Fragment: @unchecked Sendable {
    /// Nil for a fragment not made yet.
    private(set) var start: UnsafePointer<UInt8>?
    private(set) var count: Int

    static let none = Fragment(start: nil, count: 0)

    init(start: UnsafePointer<UInt8>?, count: Int) {
        self.start = start
        self.count = count
    }

    var isMade: Bool { start != nil }
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

    /// Its first `length` bytes.
    func prefix(_ length: Int) -> Fragment {
        precondition(length >= 0 && length <= count)
        return Fragment(start: start, count: length)
    }

    /// Without its first byte (the comma of a fragment kept with one in front).
    var afterFirst: Fragment {
        Fragment(start: start.map { $0 + 1 }, count: count - 1)
    }

    /// Its last `length` bytes.
    func suffix(_ length: Int) -> Fragment {
        precondition(length >= 0 && length <= count)
        return Fragment(start: start.map { $0 + (count - length) }, count: length)
    }
}

/// Where an `AssessmentWriter` keeps its fragments: blocks of memory that are only ever appended
/// to, never moved or changed, so a `Fragment` (pointer and count) stays good for the store's life
/// and copying one into a record retains nothing. The route step objects (the bulk of a full
/// record's bytes: about 1.5 MB for the bench's cases) are also kept by the steps they stand for
/// and the party's name and phone, so the copies of a writer (the parallel batch's workers) share
/// one set. A lock around each keep and look-up: fragments are made once, then only read.
final class FragmentStore: Sendable {
    struct StepKey: Hashable, Sendable {
        var positions: [Int]
        var name: String
        var phone: String?
    }

    /// The size of a block; a fragment larger than that gets a block of its own.
    static let blockSize = 64 * 1024

    private struct State {
        var blocks: [UnsafeMutablePointer<UInt8>] = []
        /// The free part of the last block.
        var free: UnsafeMutablePointer<UInt8>?
        var left = 0
        var kept = 0
        var owner: CompiledKnowledge?
        var steps: [StepKey: Fragment] = [:]

        mutating func keep(_ bytes: UnsafeBufferPointer<UInt8>) -> Fragment {
            let count = bytes.count
            if count > left || free == nil {
                let size = max(FragmentStore.blockSize, count)
                let block = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
                blocks.append(block)
                if count > FragmentStore.blockSize {
                    // A block of its own; the free part of the last one stays in use.
                    if count > 0 { block.initialize(from: bytes.baseAddress!, count: count) }
                    kept += count
                    return Fragment(start: UnsafePointer(block), count: count)
                }
                free = block
                left = size
            }
            let start = free!
            if count > 0 { start.initialize(from: bytes.baseAddress!, count: count) }
            free = start + count
            left -= count
            kept += count
            return Fragment(start: UnsafePointer(start), count: count)
        }

        mutating func removeAll() {
            for block in blocks { block.deallocate() }
            self = State()
        }
    }

    private let state = Mutex(State())

    init() {}

    deinit {
        state.withLock { $0.removeAll() }
    }

    /// Keeps a copy of `bytes`.
    func keep(_ bytes: [UInt8]) -> Fragment {
        state.withLock { state in bytes.withUnsafeBufferPointer { state.keep($0) } }
    }

    /// Keeps each of `list`, side by side, under one lock.
    func keep(_ list: [[UInt8]]) -> [Fragment] {
        state.withLock { state in list.map { bytes in bytes.withUnsafeBufferPointer { state.keep($0) } } }
    }

    /// The number of bytes kept so far.
    var byteCount: Int { state.withLock { $0.kept } }

    /// Frees every fragment: only for a store no fragment of which is used any more.
    func removeAll() {
        state.withLock { $0.removeAll() }
    }

    /// The step object kept for `key`, if it was made from `compiled`.
    func step(_ key: StepKey, of compiled: CompiledKnowledge) -> Fragment? {
        state.withLock { state in
            guard state.owner === compiled else { return nil }
            return state.steps[key]
        }
    }

    /// Keeps a step object made from `compiled` for `key` (the look-up of those of another
    /// knowledge starts afresh; their bytes stay until the store goes) and gives its fragment.
    func keepStep(_ bytes: [UInt8], for key: StepKey, of compiled: CompiledKnowledge) -> Fragment {
        state.withLock { state in
            if state.owner !== compiled {
                state.owner = compiled
                state.steps = [:]
            }
            if let known = state.steps[key] { return known }
            let fragment = bytes.withUnsafeBufferPointer { state.keep($0) }
            state.steps[key] = fragment
            return fragment
        }
    }
}
