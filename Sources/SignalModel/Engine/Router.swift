import Synchronization

/// The routing table compiled into positions: the one router. `Engine.assess`, batch mode,
/// `RoutingTable.route(for:)` and the interview's acute steps all ask it, so a routing rule is
/// changed in one place.
///
/// The table's data model stays `RoutingTable` / `RouteRule` / `RouteCondition` (what the decoder
/// builds and people edit); this value only flattens it: every rule's steps in one array (`steps`),
/// each rule's steps as a range of positions, each step's id as a number (equal ids, equal
/// numbers) and its urgency as a rank. A route is a list of positions into `steps`, so routing a
/// case copies no `RouteStep`. Conditions are matched as bit masks (`RouteMask`) for the fixed
/// dimensions, a row of yes/no per offence slot (no offence, an offence no rule names, each routed
/// offence) and three bits per routed answer. Every bit and every row entry is what
/// `RouteCondition.matches` — the one definition of a condition's meaning — answers for that
/// dimension's part of the condition and that value, so the compiled form agrees with it by
/// construction (an exhaustive test still sweeps every situation: `RouteAnswerTests/compiledAgrees`).
package final class Router: Sendable {
    /// Every rule's steps, in table order.
    package let steps: [RouteStep]
    /// The legal notes, in table order.
    package let notes: [LegalNote]
    /// The routing table's numbers, pinned (`Pinning`): read through pointers, so routing a case
    /// does no reference counting. Built from the arrays `init` computes (each described there).
    private let table: Table
    private let pinned: Pinned
    /// The offences some rule or note names; a situation's offence slot is 0 for none, 1 for any
    /// other offence, 2 + its position here for a routed one.
    private let offences: [String]
    /// The indicators some rule or note depends on (`RouteCondition.answers`); each has three bits
    /// (unknown, yes, no) in the answer masks.
    package let answerIDs: [String]
    /// The answer bits of a situation with every routed answer unknown.
    private let unknownAnswers: UInt64

    /// The compiled table as pinned numbers.
    fileprivate struct Table: Sendable {
        /// Which rules, and which notes, match a key (`Matcher`).
        let rules: Matcher
        let notes: Matcher
        /// The rules that can only match an acute case (the interview's at-once steps), as bits.
        let acuteOnly: PinnedPointer<UInt64>
        /// Sets of positions in `steps` (`stepWords` words each): per rule, its steps; per step,
        /// the later steps with the same id (`laterSame`), and the steps that have one
        /// (`duplicated`); per urgency rank, the steps of that urgency.
        let stepWords: Int
        let ruleSteps: PinnedPointer<UInt64>
        let laterSame: PinnedPointer<UInt64>
        let duplicated: PinnedPointer<UInt64>
        let urgencySteps: PinnedPointer<UInt64>
        /// Urgency ranks (`Urgency.rank` is below this).
        let urgencies: Int
    }

    /// 64 bits, three per routed answer.
    package static let maximumRoutedAnswers = 21

    /// Which rules a route takes its steps from.
    package enum Rules: Sendable {
        /// Every rule that matches.
        case all
        /// Only matching rules that can apply to an acute case alone (112, AVIM, no handover).
        case acuteOnly
    }

    package init(rules: [RouteRule], notes tableNotes: [LegalNote]) {
        var flat: [RouteStep] = []
        var ruleStepStart: [Int] = []
        for rule in rules {
            ruleStepStart.append(flat.count)
            flat.append(contentsOf: rule.steps)
        }
        ruleStepStart.append(flat.count)
        steps = flat
        let unconstrained = RouteMask.of(RouteCondition())
        let conditions = rules.map { RouteMask.of($0.when, unconstrained: unconstrained) }
        // A rule can only match an acute case when it allows no level but acute, or no acute answer
        // but yes (an acute level always comes with acute yes): read off its evaluated bits.
        let lowerLevels = RouteMask.of(
            RouteCondition(roles: [], ageBands: [], levels: [.none, .attention, .suspicion], acute: [], guardian: [], registered: [], officeHours: []))
        let notAcute = RouteMask.of(
            RouteCondition(roles: [], ageBands: [], levels: [], acute: [.no, .unknown], guardian: [], registered: [], officeHours: []))
        let acuteOnly = conditions.map { $0 & lowerLevels == 0 || $0 & notAcute == 0 }
        var numbers: [String: Int] = [:]
        let stepKeys = flat.map { step in
            if let known = numbers[step.id] { return known }
            numbers[step.id] = numbers.count
            return numbers.count - 1
        }
        let stepUrgency = flat.map(\.urgency.rank)
        notes = tableNotes
        let noteConditions = tableNotes.map { RouteMask.of($0.when, unconstrained: unconstrained) }
        let routed = RoutingTable.routedOffences(rules: rules, notes: tableNotes)
        offences = routed
        let openOffenceRow = Self.offenceRow(RouteCondition(), routed, open: nil)
        let ruleOffences = rules.flatMap { Self.offenceRow($0.when, routed, open: openOffenceRow) }
        let noteOffences = tableNotes.flatMap { Self.offenceRow($0.when, routed, open: openOffenceRow) }
        let answered = Array(RoutingTable.routedAnswers(rules: rules, notes: tableNotes).prefix(Self.maximumRoutedAnswers))
        answerIDs = answered
        let openAnswer = Self.allowedStates(RouteCondition(), nil)
        let ruleAnswers = rules.map { Self.answerMask($0.when, answered, open: openAnswer) }
        let noteAnswers = tableNotes.map { Self.answerMask($0.when, answered, open: openAnswer) }
        var unknown: UInt64 = 0
        for index in answered.indices { unknown |= 1 << UInt64(index * 3) }
        unknownAnswers = unknown
        var pinning = Pinning()
        let stepWords = Bits.words(flat.count)
        let urgencies = (stepUrgency.max() ?? 0) + 1
        var ruleSteps = [UInt64](repeating: 0, count: rules.count * stepWords)
        for rule in rules.indices {
            for step in ruleStepStart[rule]..<ruleStepStart[rule + 1] { ruleSteps[rule * stepWords + (step >> 6)] |= 1 << UInt64(step & 63) }
        }
        var laterSame = [UInt64](repeating: 0, count: flat.count * stepWords)
        var duplicated = [UInt64](repeating: 0, count: stepWords)
        for step in flat.indices {
            for later in (step + 1)..<max(step + 1, flat.count) where stepKeys[later] == stepKeys[step] {
                laterSame[step * stepWords + (later >> 6)] |= 1 << UInt64(later & 63)
                Bits.set(&duplicated, step)
            }
        }
        var urgencySteps = [UInt64](repeating: 0, count: urgencies * stepWords)
        for (step, urgency) in stepUrgency.enumerated() { urgencySteps[urgency * stepWords + (step >> 6)] |= 1 << UInt64(step & 63) }
        table = Table(
            rules: Matcher(conditions: conditions, offences: ruleOffences, answers: ruleAnswers, stride: routed.count + 2, &pinning),
            notes: Matcher(conditions: noteConditions, offences: noteOffences, answers: noteAnswers, stride: routed.count + 2, &pinning),
            acuteOnly: pinning.pointer(Bits.of(acuteOnly)), stepWords: stepWords, ruleSteps: pinning.pointer(ruleSteps),
            laterSame: pinning.pointer(laterSame), duplicated: pinning.pointer(duplicated), urgencySteps: pinning.pointer(urgencySteps),
            urgencies: urgencies)
        pinned = Pinned(pinning)
    }

    private static let answerStates: [TriState] = [.unknown, .yes, .no]

    /// The states (bits 0–2: unknown, yes, no) that the part of a condition naming answer `id` allows,
    /// by `RouteCondition.matches` (`id` nil: the empty part).
    private static func allowedStates(_ condition: RouteCondition, _ id: String?) -> UInt64 {
        let part = RouteCondition(answers: id.flatMap { id in condition.answers?[id].map { [id: $0] } })
        var bits: UInt64 = 0
        for (offset, state) in answerStates.enumerated() {
            var situation = RouteMask.base
            if let id { situation.answers = state == .unknown ? [:] : [id: state] }
            if part.matches(situation) { bits |= 1 << UInt64(offset) }
        }
        return bits
    }

    /// The answer states a condition allows: three bits per routed answer, each asked of
    /// `RouteCondition.matches` (`open`: the bits of a part that names no answer, evaluated once).
    private static func answerMask(_ condition: RouteCondition, _ ids: [String], open: UInt64) -> UInt64 {
        var mask: UInt64 = 0
        for (index, id) in ids.enumerated() {
            let bits = condition.answers?[id] == nil ? open : allowedStates(condition, id)
            mask |= bits << UInt64(index * 3)
        }
        return mask
    }

    /// A situation's answer states: one bit of three per routed answer.
    private func answerBits(_ situation: RouteSituation) -> UInt64 {
        if situation.answers.isEmpty { return unknownAnswers }
        return answerBits { situation.answer(answerIDs[$0]) }
    }

    /// The answer bits of the routed answers' states (`state(n)`: the state of `answerIDs[n]`):
    /// the one place that lays them out (bit 0 unknown, 1 yes, 2 no, three bits per answer).
    package func answerBits(_ state: (Int) -> TriState) -> UInt64 {
        var bits: UInt64 = 0
        for index in 0..<answerIDs.count {
            let value = state(index)
            let offset = value == .yes ? 1 : value == .no ? 2 : 0
            bits |= 1 << UInt64(index * 3 + offset)
        }
        return bits
    }

    /// Whether a condition allows each offence slot, by `RouteCondition.matches` on its offence
    /// part (its offence lists and `offenceGiven` alone; "" stands for an offence no rule names: ids
    /// are never empty). `open`: the row of the empty part, evaluated once, for a condition without one.
    private static func offenceRow(_ condition: RouteCondition, _ routed: [String], open: [Bool]?) -> [Bool] {
        let part = RouteCondition(
            offences: condition.offences, offencesExcluded: condition.offencesExcluded, offenceGiven: condition.offenceGiven)
        if let open, part == RouteCondition() { return open }
        return ([nil, ""] + routed).map { offence in
            var situation = RouteMask.base
            situation.offence = offence
            return part.matches(situation)
        }
    }

    /// A situation's offence slot (see `offences`).
    package func offenceSlot(_ offence: String?) -> Int {
        guard let offence else { return 0 }
        for (index, routed) in offences.enumerated() where routed.utf8.count == offence.utf8.count && routed == offence {
            return index + 2
        }
        return 1
    }

    /// Whether rule `rule` applies to a situation (what `RouteCondition.matches` says).
    package func ruleMatches(_ rule: Int, _ situation: RouteSituation) -> Bool {
        table.rules.matches(rule, key(for: situation))
    }

    /// Whether note `note` applies to a situation.
    package func noteMatches(_ note: Int, _ situation: RouteSituation) -> Bool {
        table.notes.matches(note, key(for: situation))
    }

    /// A situation as the router matches it: its fixed dimensions' bits, its offence slot and its
    /// answers' bits.
    package struct Key {
        let bits: UInt64
        let slot: Int
        let answers: UInt64
    }

    package func key(for situation: RouteSituation) -> Key {
        key(situation, slot: offenceSlot(situation.offence), answers: answerBits(situation))
    }

    /// The key of a situation whose offence slot (`offenceSlot`) and answer bits (`answerBits`) are known.
    func key(_ situation: RouteSituation, slot: Int, answers: UInt64) -> Key {
        Key(bits: RouteMask.of(situation), slot: slot, answers: answers)
    }

    /// The route for a situation, as positions in `steps`: the steps of every matching rule, each
    /// step id once (its first occurrence in table order), ordered by urgency and then table order.
    package func route(for situation: RouteSituation, rules: Rules = .all, into positions: inout [Int]) {
        route(for: key(for: situation), rules: rules, into: &positions)
    }

    package func route(for key: Key, rules: Rules = .all, into positions: inout [Int]) {
        if !positions.isEmpty { positions.removeAll(keepingCapacity: true) }
        let table = table
        let ruleWords = table.rules.words
        let stepWords = table.stepWords
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: ruleWords + stepWords) { buffer in
            let matched = UnsafeMutableBufferPointer(rebasing: buffer[0..<ruleWords])
            let taken = UnsafeMutableBufferPointer(rebasing: buffer[ruleWords...])
            table.rules.match(key, into: matched)
            if case .acuteOnly = rules {
                for word in 0..<ruleWords { matched[word] &= table.acuteOnly[word] }
            }
            // The matching rules' steps, each step id once: its first position in table order
            // (a later step with the same id is dropped).
            for word in 0..<stepWords { taken[word] = 0 }
            Bits.forEach(UnsafeBufferPointer(matched)) { rule in
                for word in 0..<stepWords { taken[word] |= table.ruleSteps[rule * stepWords + word] }
            }
            var count = 0
            for word in 0..<stepWords {
                var repeated = taken[word] & table.duplicated[word]
                while repeated != 0 {
                    let step = word << 6 | repeated.trailingZeroBitCount
                    repeated &= repeated - 1
                    for other in 0..<stepWords { taken[other] &= ~table.laterSame[step * stepWords + other] }
                }
                count += taken[word].nonzeroBitCount
            }
            // By urgency, most urgent first, and in table order within an urgency (the order of a
            // stable sort by urgency of the steps in table order).
            withUnsafeTemporaryAllocation(of: Int.self, capacity: count) { route in
                var next = 0
                for urgency in 0..<table.urgencies {
                    for word in 0..<stepWords {
                        var steps = taken[word] & table.urgencySteps[urgency * stepWords + word]
                        while steps != 0 {
                            route[next] = word << 6 | steps.trailingZeroBitCount
                            next += 1
                            steps &= steps - 1
                        }
                    }
                }
                positions.append(contentsOf: UnsafeBufferPointer(rebasing: route[0..<next]))
            }
        }
    }

    /// The legal notes that apply to a situation, as positions in `notes`, in table order.
    package func notes(for situation: RouteSituation, into positions: inout [Int]) {
        notes(for: key(for: situation), into: &positions)
    }

    package func notes(for key: Key, into positions: inout [Int]) {
        if !positions.isEmpty { positions.removeAll(keepingCapacity: true) }
        let notes = table.notes
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: notes.words) { matched in
            notes.match(key, into: matched)
            Bits.forEach(UnsafeBufferPointer(matched)) { note in positions.append(note) }
        }
    }

    /// The route as steps (for callers outside the hot path).
    package func route(for situation: RouteSituation, rules: Rules = .all) -> [RouteStep] {
        var positions: [Int] = []
        route(for: situation, rules: rules, into: &positions)
        return positions.map { steps[$0] }
    }
}

/// Which of a list of conditions (the table's rules, or its notes) match a key, as sets: per bit of
/// a situation's mask, the conditions whose mask has it; per answer bit likewise; per offence slot,
/// the conditions that allow it. A condition matches a key when its mask has all the key's bits,
/// it allows the key's offence slot and its answer mask has all the key's answer bits: so the
/// conditions that match are the intersection of the sets of the key's bits and slot (a handful of
/// words), and the router reads no condition one by one.
fileprivate struct Matcher: Sendable {
    /// Words of a set of conditions (`Bits`).
    let words: Int
    let byBit: PinnedPointer<UInt64>
    let byAnswerBit: PinnedPointer<UInt64>
    let bySlot: PinnedPointer<UInt64>

    /// `conditions[c]`: condition c's mask (`RouteMask`); `offences[c * stride + slot]`: whether it
    /// allows the offence slot; `answers[c]`: its answer mask.
    init(conditions: [UInt64], offences: [Bool], answers: [UInt64], stride: Int, _ pinning: inout Pinning) {
        let count = conditions.count
        let words = Bits.words(count)
        func sets(_ slots: Int, _ has: (Int, Int) -> Bool) -> [UInt64] {
            var sets = [UInt64](repeating: 0, count: slots * words)
            for slot in 0..<slots {
                for condition in 0..<count where has(condition, slot) {
                    sets[slot * words + (condition >> 6)] |= 1 << UInt64(condition & 63)
                }
            }
            return sets
        }
        self.words = words
        byBit = pinning.pointer(sets(64) { conditions[$0] >> UInt64($1) & 1 != 0 })
        byAnswerBit = pinning.pointer(sets(64) { answers[$0] >> UInt64($1) & 1 != 0 })
        bySlot = pinning.pointer(sets(stride) { offences[$0 * stride + $1] })
    }

    /// The conditions that match `key`, as bits (`words` words).
    @inline(__always)
    func match(_ key: Router.Key, into matched: UnsafeMutableBufferPointer<UInt64>) {
        for word in 0..<words { matched[word] = bySlot[key.slot * words + word] }
        var bits = key.bits
        while bits != 0 {
            let base = bits.trailingZeroBitCount * words
            bits &= bits - 1
            for word in 0..<words { matched[word] &= byBit[base + word] }
        }
        var answers = key.answers
        while answers != 0 {
            let base = answers.trailingZeroBitCount * words
            answers &= answers - 1
            for word in 0..<words { matched[word] &= byAnswerBit[base + word] }
        }
    }

    /// Whether condition `condition` matches `key`.
    func matches(_ condition: Int, _ key: Router.Key) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { matched in
            match(key, into: matched)
            return matched[condition >> 6] >> UInt64(condition & 63) & 1 != 0
        }
    }
}

/// The catalogue and routing table compiled once for the engine: per-indicator weights and flags as
/// arrays, and the router. Immutable and shared by reference, so an assessment refers to its
/// indicators, steps and notes by position instead of copying them.
package final class CompiledKnowledge: Sendable {
    package let catalogVersion: String
    /// The catalogue's indicators (the same storage, not a copy).
    package let indicators: [Indicator]
    package let scoring: ScoringRules
    package let officeHours: OfficeHours
    package let router: Router
    /// Per indicator: its weight, and its flags (`scored`, `hard`, `acute`, `conditional`).
    let weights: [Int]
    let flags: [UInt8]
    static let scored: UInt8 = 1
    static let hard: UInt8 = 2
    static let acute: UInt8 = 4
    /// Counts only when a partner counts (`Indicator.countsOnlyWith`).
    static let conditional: UInt8 = 16
    /// Per conditional indicator: the positions of its partners (empty for all others).
    let partners: [[Int]]
    /// Counts toward suspicion only beside a partner (`Indicator.suspicionOnlyWith`); alone at most attention.
    static let limited: UInt8 = 32
    /// Per limited indicator: the positions of the indicators that let it count toward suspicion.
    let suspicionPartners: [[Int]]
    /// `partners` and `suspicionPartners` as bits (`Bits`): `Bits.words(indicators.count)` words per indicator.
    let partnerBits: [UInt64]
    let suspicionPartnerBits: [UInt64]
    /// The catalogue positions of the routed answers (`Router.answerIDs`, same order; -1: not in
    /// the catalogue).
    let routedAnswerPositions: [Int]
    /// Per routed answer (same order): the positions of the indicators that presuppose it
    /// (`Indicator.presupposes`), whose yes is a yes to it.
    let routedAnswerPresupposedBy: [[Int]]
    /// The combination rules, with their indicators as positions.
    package let combinations: [CompiledCombination]
    /// Per combination rule: the level it lifts a case to at least (`Combination.atLeast`).
    let combinationLevels: [Level]
    /// "Check next" per role, age band and offence, evaluated from `Indicator.isCheckNext`.
    let checkNext: CheckNextTable
    /// Per indicator: how telling a yes would be, for the order of "check next" (acute, then hard,
    /// then by weight; lower first).
    let telling: [UInt8]
    /// Per combination of the routed answers' states (routed answer n's state is digit n, base 3: `routedDigit`): the answers as
    /// `routedAnswerStates` gives them, made once (empty when there are too many combinations).
    let routedAnswerDictionaries: [[String: TriState]]
    /// The numbers the engine reads for every case, pinned (`Pinning`): the arrays above as
    /// pointers, so scoring a case does no reference counting.
    let table: Table
    private let pinned: Pinned
    private let catalog: Catalog

    /// `CompiledKnowledge`'s per-indicator arrays, pinned (each the copy of the array it names).
    struct Table: Sendable {
        /// Indicators, and words of a set of them (`Bits`).
        let count: Int
        let words: Int
        let flags: PinnedPointer<UInt8>
        let weights: PinnedPointer<Int>
        let partnerBits: PinnedPointer<UInt64>
        let suspicionPartnerBits: PinnedPointer<UInt64>
        /// Per rank of `telling` (0 first): the indicators of that rank as bits, `words` words each.
        let tellingBits: PinnedPointer<UInt64>
        let tellingRanks: Int
        /// `routedAnswerPositions`, and `routedAnswerPresupposedBy` as bits (`words` words each).
        let routedCount: Int
        let routedPositions: PinnedPointer<Int>
        let routedPresupposedBits: PinnedPointer<UInt64>
        /// Per combination of the routed answers' states (routed answer n's state is digit n, base 3: `routedDigit`): the router's answer
        /// bits (`Router.answerBits`), beside `routedAnswerDictionaries`.
        let routedAnswerBits: PinnedPointer<UInt64>
        /// Per combination rule: its `allYes` positions at `combinationPositions[combinationStart[2c]..<
        /// combinationStart[2c + 1]]`, its `anyYes` positions up to `combinationStart[2c + 2]`.
        let combinationStart: PinnedPointer<Int>
        let combinationPositions: PinnedPointer<Int>
        /// `scoring`'s thresholds.
        let attentionAt: Int
        let suspicionAt: Int

        /// Combination rule `number`'s `allYes` and `anyYes` positions (`CompiledCombination`'s).
        @inline(__always)
        func combination(_ number: Int) -> (allYes: UnsafeBufferPointer<Int>, anyYes: UnsafeBufferPointer<Int>) {
            let start = combinationStart[2 * number]
            let middle = combinationStart[2 * number + 1]
            let end = combinationStart[2 * number + 2]
            let base = combinationPositions.base
            return (UnsafeBufferPointer(start: base + start, count: middle - start), UnsafeBufferPointer(start: base + middle, count: end - middle))
        }
    }

    package init(_ knowledge: Knowledge) {
        catalog = knowledge.catalog
        catalogVersion = knowledge.catalog.catalogVersion
        indicators = knowledge.catalog.indicators
        scoring = knowledge.catalog.scoring
        officeHours = knowledge.routing.officeHours
        router = knowledge.routing.router
        weights = indicators.map(\.weight)
        flags = indicators.map(Self.flags)
        let all = indicators
        partners = all.map { indicator in
            indicator.countsOnlyWith.isEmpty ? [] : all.indices.filter { indicator.isPartner(all[$0]) }
        }
        suspicionPartners = all.map { indicator in
            indicator.suspicionOnlyWith.isEmpty ? [] : all.indices.filter { indicator.isSuspicionPartner(all[$0]) }
        }
        let words = Bits.words(all.count)
        func bits(_ lists: [[Int]]) -> [UInt64] {
            var bits = [UInt64](repeating: 0, count: lists.count * words)
            for (index, list) in lists.enumerated() {
                for position in list { bits[index * words + (position >> 6)] |= 1 << UInt64(position & 63) }
            }
            return bits
        }
        partnerBits = bits(partners)
        suspicionPartnerBits = bits(suspicionPartners)
        routedAnswerPositions = knowledge.routing.router.answerIDs.map { knowledge.catalog.order(of: $0) ?? -1 }
        routedAnswerPresupposedBy = knowledge.routing.router.answerIDs.map { id in
            all.indices.filter { all[$0].presupposes.contains(id) }
        }
        let catalog = knowledge.catalog
        checkNext = CheckNextTable(catalog, router: knowledge.routing.router)
        telling = all.map { indicator in
            switch indicator.kind {
            case .acute: 0
            case .hard: 1
            case .weighted: UInt8(5 - min(indicator.weight, 3))
            case .context: 5
            }
        }
        combinations = catalog.combinations.map { combination in
            CompiledCombination(
                rule: combination, allYes: combination.when.allYes.compactMap(catalog.order(of:)),
                anyYes: combination.when.anyYes.compactMap(catalog.order(of:)))
        }
        let routedIDs = knowledge.routing.router.answerIDs
        var dictionaries: [[String: TriState]] = []
        var answerBits: [UInt64] = []
        if routedIDs.count <= Self.maximumRoutedCombinations {
            var combinationCount = 1
            for _ in routedIDs { combinationCount *= 3 }
            for index in 0..<combinationCount {
                func state(_ slot: Int) -> TriState { Self.routedStates[Self.routedDigit(index, slot)] }
                dictionaries.append(Self.routedAnswerDictionary(routedIDs, state))
                answerBits.append(knowledge.routing.router.answerBits(state))
            }
        }
        routedAnswerDictionaries = dictionaries
        let ranks = Int(telling.max() ?? 0) + 1
        var tellingBits = [UInt64](repeating: 0, count: ranks * words)
        for (index, rank) in telling.enumerated() { tellingBits[Int(rank) * words + (index >> 6)] |= 1 << UInt64(index & 63) }
        var combinationStart = [0]
        var combinationPositions: [Int] = []
        for combination in combinations {
            combinationPositions += combination.allYes
            combinationStart.append(combinationPositions.count)
            combinationPositions += combination.anyYes
            combinationStart.append(combinationPositions.count)
        }
        combinationLevels = combinations.map(\.rule.atLeast)
        var pinning = Pinning()
        table = Table(
            count: all.count, words: words, flags: pinning.pointer(flags), weights: pinning.pointer(weights),
            partnerBits: pinning.pointer(partnerBits), suspicionPartnerBits: pinning.pointer(suspicionPartnerBits),
            tellingBits: pinning.pointer(tellingBits), tellingRanks: ranks, routedCount: routedAnswerPositions.count,
            routedPositions: pinning.pointer(routedAnswerPositions),
            routedPresupposedBits: pinning.pointer(bits(routedAnswerPresupposedBy)), routedAnswerBits: pinning.pointer(answerBits),
            combinationStart: pinning.pointer(combinationStart), combinationPositions: pinning.pointer(combinationPositions),
            attentionAt: scoring.attentionAt, suspicionAt: scoring.suspicionAt)
        pinned = Pinned(pinning)
    }

    /// At most this many routed answers get their dictionaries made in advance (3^6 = 729).
    static let maximumRoutedCombinations = 6
    /// The states of a routed answer, by digit of `routedAnswerIndex`.
    static let routedStates: [TriState] = [.unknown, .yes, .no]

    /// The digit of a routed answer's state in a combination index (`routedStates[digit]` is the state).
    @inline(__always)
    static func routedDigit(of state: TriState) -> Int { state == .yes ? 1 : state == .no ? 2 : 0 }

    /// Digit `slot` (base 3) of a combination index: the state of routed answer `slot`.
    static func routedDigit(_ index: Int, _ slot: Int) -> Int {
        var value = index
        for _ in 0..<slot { value /= 3 }
        return value % 3
    }

    /// The state routing reads for a routed answer: yes when an indicator that presupposes it is
    /// answered yes, else its own answer (nil: not answered, or not in the catalogue). The only copy
    /// of this rule (`routedAnswerStates` and the engine both ask it).
    @inline(__always)
    static func routedState(own: Answer?, presupposedYes: Bool) -> TriState {
        presupposedYes ? .yes : own ?? .unknown
    }

    /// The routed answers' states as a situation holds them: yes and no by id, unknown left out.
    static func routedAnswerDictionary(_ ids: [String], _ state: (Int) -> TriState) -> [String: TriState] {
        var states: [String: TriState] = [:]
        for (slot, id) in ids.enumerated() {
            let value = state(slot)
            if value != .unknown { states[id] = value }
        }
        return states
    }

    /// The answers routing rules depend on, as the router reads them (yes or no; unknown is left
    /// out): the indicator's own answer, and yes when an indicator that presupposes it is answered
    /// yes. `answer` gives the answer at a catalogue position. Shared by `Engine.assess` and the
    /// interview's acute steps.
    func routedAnswerStates(_ answer: (Int) -> Answer?) -> [String: TriState] {
        Self.routedAnswerDictionary(router.answerIDs) { slot in
            let position = routedAnswerPositions[slot]
            return Self.routedState(
                own: position >= 0 ? answer(position) : nil,
                presupposedYes: routedAnswerPresupposedBy[slot].contains(where: { answer($0) == .yes }))
        }
    }

    static func flags(_ indicator: Indicator) -> UInt8 {
        var value: UInt8 = 0
        if indicator.isScored { value |= scored }
        if indicator.kind == .hard { value |= hard }
        if indicator.kind == .acute { value |= acute }
        if !indicator.countsOnlyWith.isEmpty { value |= conditional }
        if !indicator.suspicionOnlyWith.isEmpty { value |= limited }
        return value
    }

    /// The catalogue position of an indicator id.
    func position(of id: String) -> Int? { catalog.order(of: id) }
}

/// A combination rule with its indicators as catalogue positions (the decoder made sure they exist,
/// are scored and always count, so "answered yes" is the whole test). Its meaning is
/// `CombinationCondition`'s: `applies(to:)` and `holds` call the same definitions with positions
/// for ids.
package struct CompiledCombination: Sendable {
    package let rule: Combination
    let allYes: [Int]
    let anyYes: [Int]

    /// Whether the rule names this indicator position.
    func names(_ position: Int) -> Bool { allYes.contains(position) || anyYes.contains(position) }

    /// Whether the rule can apply to a case with this offence (`CombinationCondition.applies`).
    func applies(to offence: String?) -> Bool { rule.when.applies(to: offence) }

    /// Whether the rule holds, given whether each of its positions counts (answered yes, or, for
    /// the level if confirmed, yes or open): `CombinationCondition.holds(allYes:anyYes:isYes:)`.
    func holds(_ isTrue: (Int) -> Bool) -> Bool {
        CombinationCondition.holds(allYes: allYes, anyYes: anyYes, isYes: isTrue)
    }
}

/// "Check next", evaluated: per role, age band and offence slot (each catalogue offence, no offence,
/// an id the catalogue does not have) a row that says for each indicator whether
/// `Indicator.isCheckNext` — the one definition — holds with no answer yes, and otherwise which
/// answers, each alone answered yes, make it hold. A row is built the first time a case needs it
/// (one per process for a single case; at most roles × age bands × slots for a batch) and kept, so
/// checking an indicator in the engine's loop is an array read. Exact because `isCheckNext` holds
/// either with no yes or with any one of the answers it asks about (`AskClause.anyYes`); a test
/// holds the rows equal to `isCheckNext` for every role, age band and offence
/// (`CheckNextTests/rowsAreTheDefinition`).
final class CheckNextTable: Sendable {
    /// The catalogue reader refuses more offences than this (the bit masks this table once used had
    /// one bit per offence slot; kept so the reader's limit and its test stay as they were).
    static let maximumOffences = 62

    /// One case's row: per indicator 0 never, 1 always, 2 when one of its partners is answered yes.
    final class Row: Sendable {
        let state: [UInt8]
        /// Per indicator, its partners are `partnerStart[i]..<partnerStart[i + 1]` in `partners`.
        let partnerStart: [Int]
        let partners: [Int]

        init(_ catalog: Catalog, offence: String?, role: Role, ageBand: AgeBand, router: Router? = nil) {
            var state: [UInt8] = []
            var partnerStart = [0]
            var partners: [Int] = []
            state.reserveCapacity(catalog.indicators.count)
            for indicator in catalog.indicators {
                var asked: [String] = []
                if indicator.isCheckNext(offence: offence, role: role, ageBand: ageBand, in: catalog, isYes: { asked.append($0); return false }) {
                    state.append(1)
                } else {
                    var seen: [String] = []
                    for id in asked where !seen.contains(id) {
                        seen.append(id)
                        if let position = catalog.order(of: id),
                            indicator.isCheckNext(offence: offence, role: role, ageBand: ageBand, in: catalog, isYes: { $0 == id })
                        {
                            partners.append(position)
                        }
                    }
                    state.append(partners.count > partnerStart[partnerStart.count - 1] ? 2 : 0)
                }
                partnerStart.append(partners.count)
            }
            self.state = state
            self.partnerStart = partnerStart
            self.partners = partners
            let words = Bits.words(catalog.indicators.count)
            var always = [UInt64](repeating: 0, count: words)
            var conditional: [Int] = []
            var conditionalPartners: [UInt64] = []
            for (index, value) in state.enumerated() {
                if value == 1 { Bits.set(&always, index) }
                guard value == 2 else { continue }
                conditional.append(index)
                var bits = [UInt64](repeating: 0, count: words)
                for partner in partnerStart[index]..<partnerStart[index + 1] { Bits.set(&bits, partners[partner]) }
                conditionalPartners += bits
            }
            // The offence's facts for routing and the combination rules, when the offence is nil or
            // one of the catalogue's (a row for an id the catalogue lacks serves every such id).
            var combinations: [Int] = []
            if let offence, catalog.offence(offence) == nil {
                offenceKnown = false
                routerSlot = nil
            } else {
                offenceKnown = true
                routerSlot = router?.offenceSlot(offence)
                combinations = catalog.combinations.indices.filter { catalog.combinations[$0].when.applies(to: offence) }
            }
            var pinning = Pinning()
            table = Table(
                words: words, always: pinning.pointer(always), conditional: pinning.pointer(conditional),
                conditionalCount: conditional.count, conditionalPartners: pinning.pointer(conditionalPartners),
                combinations: pinning.pointer(combinations), combinationCount: combinations.count)
            pinned = Pinned(pinning)
        }

        /// The same as bits (`Bits`, one word per 64 indicators), pinned (`Pinning`): the indicators
        /// that always apply; those that apply when a partner is answered yes, and their partners,
        /// `words` words each.
        struct Table: Sendable {
            let words: Int
            let always: PinnedPointer<UInt64>
            let conditional: PinnedPointer<Int>
            let conditionalCount: Int
            let conditionalPartners: PinnedPointer<UInt64>
            /// The combination rules that apply to the row's offence (`CombinationCondition.applies`),
            /// by position; none when `offenceKnown` is false.
            let combinations: PinnedPointer<Int>
            let combinationCount: Int
        }
        let table: Table
        private let pinned: Pinned
        /// Whether the row's offence is none or one of the catalogue's: then `routerSlot` (made with
        /// a router) and `Table.combinations` hold for every case of the row. A row for an id the
        /// catalogue lacks serves every such id, so those facts are looked up per case.
        let offenceKnown: Bool
        /// The row's offence slot in the router (`Router.offenceSlot`).
        let routerSlot: Int?

        /// The indicators not answered that are worth checking next (what `applies` says of each),
        /// into `open`, given the positions answered (`answered`) and answered yes (`yes`).
        @inline(__always)
        func openUnanswered(answered: UnsafeBufferPointer<UInt64>, yes: UnsafeBufferPointer<UInt64>, into open: UnsafeMutableBufferPointer<UInt64>) {
            let table = table
            let words = table.words
            for word in 0..<words { open[word] = table.always[word] }
            for number in 0..<table.conditionalCount {
                let index = table.conditional[number]
                let base = number * words
                for word in 0..<words where table.conditionalPartners[base + word] & yes[word] != 0 {
                    open[index >> 6] |= 1 << UInt64(index & 63)
                    break
                }
            }
            for word in 0..<words { open[word] &= ~answered[word] }
        }

        /// Whether indicator `index`, not answered, is worth checking next (`isYes` tells whether a
        /// position is answered yes; asked only about its partners).
        func applies(_ index: Int, isYes: (Int) -> Bool) -> Bool {
            switch state[index] {
            case 1: return true
            case 2:
                for partner in partnerStart[index]..<partnerStart[index + 1] where isYes(partners[partner]) { return true }
                return false
            default: return false
            }
        }
    }

    private let catalog: Catalog
    private let offences: [String]
    private let rows: Mutex<[Int: Row]>
    /// The router whose offence slot each row records (`Row.routerSlot`).
    private let router: Router?

    init(_ catalog: Catalog, router: Router? = nil) {
        self.catalog = catalog
        self.router = router
        offences = catalog.offences.map(\.id)
        rows = Mutex([:])
    }

    /// The row for a case of this offence, role and age band.
    func row(offence: String?, role: Role, ageBand: AgeBand) -> Row {
        var slot = offences.count + 1
        if let offence {
            for (index, id) in offences.enumerated() where id.utf8.count == offence.utf8.count && id == offence {
                slot = index
                break
            }
        } else {
            slot = offences.count
        }
        let key = (slot * Role.allCases.count + Self.index(role)) * AgeBand.allCases.count + Self.index(ageBand)
        return rows.withLock { rows in
            if let row = rows[key] { return row }
            let row = Row(catalog, offence: offence, role: role, ageBand: ageBand, router: router)
            rows[key] = row
            return row
        }
    }

    private static func index<Value: CaseIterable & Equatable>(_ value: Value) -> Int {
        for (index, candidate) in Value.allCases.enumerated() where candidate == value { return index }
        return 0
    }
}

// The position of a value in `allCases`, by a switch (`allCases` is an array made at each use), and
// the number of values: what the router's masks and the writer's tables are indexed by
// (`RouterOrdinalTests` holds each equal to `allCases.firstIndex`).
extension Role {
    package var ordinal: Int {
        switch self {
        case .police: 0
        case .zsm: 1
        case .education: 2
        case .care: 3
        case .municipality: 4
        case .rvdk: 5
        case .other: 6
        }
    }

    package static let count = allCases.count
}

extension AgeBand {
    package var ordinal: Int {
        switch self {
        case .under12: 0
        case .minor: 1
        case .adult: 2
        case .unknown: 3
        }
    }

    package static let count = allCases.count
}

extension Answer {
    package var ordinal: Int {
        switch self {
        case .yes: 0
        case .no: 1
        case .unknown: 2
        }
    }

    package static let count = allCases.count
}

extension Level {
    package var ordinal: Int { rank }
    package static let count = allCases.count
}

/// Sets of catalogue positions as bits: position p is bit p % 64 of word p / 64.
enum Bits {
    static func words(_ count: Int) -> Int { (count + 63) >> 6 }

    static func set(_ bits: inout [UInt64], _ position: Int) {
        bits[position >> 6] |= 1 << UInt64(position & 63)
    }

    @inline(__always)
    static func contains(_ bits: UnsafeBufferPointer<UInt64>, _ position: Int) -> Bool {
        bits[position >> 6] >> UInt64(position & 63) & 1 != 0
    }

    /// The positions in a set, in order.
    @inline(__always)
    static func forEach(_ bits: UnsafeBufferPointer<UInt64>, _ body: (Int) -> Void) {
        for word in 0..<bits.count {
            var remaining = bits[word]
            while remaining != 0 {
                body(word << 6 | remaining.trailingZeroBitCount)
                remaining &= remaining - 1
            }
        }
    }

    /// The positions whose flag is set, as a set.
    static func of(_ flags: [Bool]) -> [UInt64] {
        var bits = [UInt64](repeating: 0, count: words(flags.count))
        for (position, flag) in flags.enumerated() where flag { set(&bits, position) }
        return bits
    }

    /// Whether `set` (words `base..<base + other.count` of a pinned table) shares a position with `other`.
    @inline(__always)
    static func meets(_ sets: PinnedPointer<UInt64>, _ base: Int, _ other: UnsafeBufferPointer<UInt64>) -> Bool {
        for word in 0..<other.count where sets[base + word] & other[word] != 0 { return true }
        return false
    }

    /// Whether `set` (words `base..<base + count` of `sets`) shares a position with `other`.
    @inline(__always)
    static func meets(_ sets: [UInt64], _ base: Int, _ other: UnsafeBufferPointer<UInt64>) -> Bool {
        for word in 0..<other.count where sets[base + word] & other[word] != 0 { return true }
        return false
    }
}
