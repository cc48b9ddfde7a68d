/// The routing table compiled into positions: the one router. `Engine.assess`, batch mode,
/// `RoutingTable.route(for:)` and the interview's acute steps all ask it, so a routing rule is
/// changed in one place.
///
/// The table's data model stays `RoutingTable` / `RouteRule` / `RouteCondition` (what the decoder
/// builds and people edit); this value only flattens it: every rule's steps in one array (`steps`),
/// each rule's steps as a range of positions, each step's id as a number (equal ids, equal
/// numbers) and its urgency as a rank. A route is a list of positions into `steps`, so routing a
/// case copies no `RouteStep`. Conditions are matched as bit masks (`RouteMask`) for the fixed
/// dimensions and a row of yes/no per offence slot (no offence, an offence no rule names, each
/// routed offence); a test holds both equal to `RouteCondition.matches` for every rule and note over
/// every situation.
package struct Router: Sendable {
    /// Every rule's steps, in table order.
    package let steps: [RouteStep]
    /// The legal notes, in table order.
    package let notes: [LegalNote]
    private let conditions: [UInt64]
    private let ruleSteps: [Range<Int>]
    /// Per rule: whether it can only match an acute case (the interview's at-once steps).
    private let acuteOnly: [Bool]
    /// Per step: its id as a number and its urgency's rank.
    private let stepKeys: [Int]
    private let stepUrgency: [Int]
    private let noteConditions: [UInt64]
    /// The offences some rule or note names; a situation's offence slot is 0 for none, 1 for any
    /// other offence, 2 + its position here for a routed one.
    private let offences: [String]
    /// Per rule (and per note): whether each offence slot is allowed, rule after rule.
    private let ruleOffences: [Bool]
    private let noteOffences: [Bool]
    /// The indicators some rule or note depends on (`RouteCondition.answers`); each has three bits
    /// (unknown, yes, no) in the answer masks below.
    package let answerIDs: [String]
    private let ruleAnswers: [UInt64]
    private let noteAnswers: [UInt64]
    /// The answer bits of a situation with every routed answer unknown.
    private let unknownAnswers: UInt64
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
        var ranges: [Range<Int>] = []
        for rule in rules {
            ranges.append(flat.count..<(flat.count + rule.steps.count))
            flat.append(contentsOf: rule.steps)
        }
        steps = flat
        ruleSteps = ranges
        conditions = rules.map { RouteMask.of($0.when) }
        acuteOnly = rules.map(\.when.appliesOnlyWhenAcute)
        var numbers: [String: Int] = [:]
        stepKeys = flat.map { step in
            if let known = numbers[step.id] { return known }
            numbers[step.id] = numbers.count
            return numbers.count - 1
        }
        stepUrgency = flat.map(\.urgency.rank)
        notes = tableNotes
        noteConditions = tableNotes.map { RouteMask.of($0.when) }
        let routed = RoutingTable.routedOffences(rules: rules, notes: tableNotes)
        offences = routed
        ruleOffences = rules.flatMap { Self.offenceRow($0.when, routed) }
        noteOffences = tableNotes.flatMap { Self.offenceRow($0.when, routed) }
        let answered = Array(RoutingTable.routedAnswers(rules: rules, notes: tableNotes).prefix(Self.maximumRoutedAnswers))
        answerIDs = answered
        ruleAnswers = rules.map { Self.answerMask($0.when, answered) }
        noteAnswers = tableNotes.map { Self.answerMask($0.when, answered) }
        var unknown: UInt64 = 0
        for index in answered.indices { unknown |= 1 << UInt64(index * 3) }
        unknownAnswers = unknown
    }

    private static let answerStates: [TriState] = [.unknown, .yes, .no]

    /// The answer states a condition allows: three bits per routed answer (all three when it does
    /// not name that answer).
    private static func answerMask(_ condition: RouteCondition, _ ids: [String]) -> UInt64 {
        var mask: UInt64 = 0
        for (index, id) in ids.enumerated() {
            for (offset, state) in answerStates.enumerated() where condition.answers?[id].map({ $0.contains(state) }) ?? true {
                mask |= 1 << UInt64(index * 3 + offset)
            }
        }
        return mask
    }

    /// A situation's answer states: one bit of three per routed answer.
    private func answerBits(_ situation: RouteSituation) -> UInt64 {
        if situation.answers.isEmpty { return unknownAnswers }
        var bits: UInt64 = 0
        for (index, id) in answerIDs.enumerated() {
            let state = situation.answers.isEmpty ? .unknown : situation.answer(id)
            let offset = state == .yes ? 1 : state == .no ? 2 : 0
            bits |= 1 << UInt64(index * 3 + offset)
        }
        return bits
    }

    /// Whether a condition allows each offence slot, by `RouteCondition.matches` on its offence
    /// lists and `offenceGiven` alone ("" stands for an offence no rule names: ids are never empty).
    private static func offenceRow(_ condition: RouteCondition, _ routed: [String]) -> [Bool] {
        let offenceOnly = RouteCondition(
            offences: condition.offences, offencesExcluded: condition.offencesExcluded, offenceGiven: condition.offenceGiven)
        return ([nil, ""] + routed).map { offence in
            offenceOnly.matches(
                RouteSituation(
                    role: .other, ageBand: .unknown, level: .none, acute: .unknown, guardian: .unknown, registered: .unknown,
                    officeHours: .unknown, offence: offence))
        }
    }

    private func offenceSlot(_ offence: String?) -> Int {
        guard let offence else { return 0 }
        for (index, routed) in offences.enumerated() where routed.utf8.count == offence.utf8.count && routed == offence {
            return index + 2
        }
        return 1
    }

    /// Whether rule `rule` applies to a situation (what `RouteCondition.matches` says).
    package func ruleMatches(_ rule: Int, _ situation: RouteSituation) -> Bool {
        let bits = RouteMask.of(situation)
        let answers = answerBits(situation)
        return conditions[rule] & bits == bits && ruleOffences[rule * (offences.count + 2) + offenceSlot(situation.offence)]
            && ruleAnswers[rule] & answers == answers
    }

    /// Whether note `note` applies to a situation.
    package func noteMatches(_ note: Int, _ situation: RouteSituation) -> Bool {
        let bits = RouteMask.of(situation)
        let answers = answerBits(situation)
        return noteConditions[note] & bits == bits && noteOffences[note * (offences.count + 2) + offenceSlot(situation.offence)]
            && noteAnswers[note] & answers == answers
    }

    /// The route for a situation, as positions in `steps`: the steps of every matching rule, each
    /// step id once (its first occurrence in table order), ordered by urgency and then table order.
    package func route(for situation: RouteSituation, rules: Rules = .all, into positions: inout [Int]) {
        positions.removeAll(keepingCapacity: true)
        let bits = RouteMask.of(situation)
        let stride = offences.count + 2
        let slot = offenceSlot(situation.offence)
        let answers = answerBits(situation)
        for rule in 0..<conditions.count
        where conditions[rule] & bits == bits && ruleOffences[rule * stride + slot] && ruleAnswers[rule] & answers == answers {
            if case .acuteOnly = rules, !acuteOnly[rule] { continue }
            // A route has a handful of steps: scanning them beats hashing.
            for step in ruleSteps[rule] where !positions.contains(where: { stepKeys[$0] == stepKeys[step] }) {
                positions.append(step)
            }
        }
        // Stable insertion sort by urgency (a few elements; keeps table order within an urgency).
        var index = 1
        while index < positions.count {
            let moving = positions[index]
            var slot = index
            while slot > 0 && stepUrgency[positions[slot - 1]] > stepUrgency[moving] {
                positions[slot] = positions[slot - 1]
                slot -= 1
            }
            positions[slot] = moving
            index += 1
        }
    }

    /// The legal notes that apply to a situation, as positions in `notes`, in table order.
    package func notes(for situation: RouteSituation, into positions: inout [Int]) {
        positions.removeAll(keepingCapacity: true)
        let bits = RouteMask.of(situation)
        let stride = offences.count + 2
        let slot = offenceSlot(situation.offence)
        let answers = answerBits(situation)
        for note in 0..<noteConditions.count
        where noteConditions[note] & bits == bits && noteOffences[note * stride + slot] && noteAnswers[note] & answers == answers {
            positions.append(note)
        }
    }

    /// The route as steps (for callers outside the hot path).
    package func route(for situation: RouteSituation, rules: Rules = .all) -> [RouteStep] {
        var positions: [Int] = []
        route(for: situation, rules: rules, into: &positions)
        return positions.map { steps[$0] }
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
    /// The catalogue positions of the routed answers (`Router.answerIDs`, same order; -1: not in
    /// the catalogue).
    let routedAnswerPositions: [Int]
    /// Per routed answer (same order): the positions of the indicators that presuppose it
    /// (`Indicator.presupposes`), whose yes is a yes to it.
    let routedAnswerPresupposedBy: [[Int]]
    /// The combination rules, with their indicators as positions.
    package let combinations: [CompiledCombination]
    /// Per indicator: when it is worth checking next if not answered (`Indicator.isCheckNext`).
    let checkNext: CheckNextTable
    /// Per indicator: how telling a yes would be, for the order of "check next" (acute, then hard,
    /// then by weight; lower first).
    let telling: [UInt8]
    /// The offence slots of `CheckNextTable`: the catalogue's offences, then no offence, then an id
    /// the catalogue does not have.
    private let offenceIDs: [String]
    /// The roles away from the arrest (`Indicator.awayFromArrest`) as role bits.
    private let awayRoles: UInt16 = Indicator.awayFromArrest.reduce(0) { $0 | CheckNextTable.bit($1) }
    private let catalog: Catalog

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
        routedAnswerPositions = knowledge.routing.router.answerIDs.map { knowledge.catalog.order(of: $0) ?? -1 }
        routedAnswerPresupposedBy = knowledge.routing.router.answerIDs.map { id in
            all.indices.filter { all[$0].presupposes.contains(id) }
        }
        let offenceIDs = knowledge.catalog.offences.map(\.id)
        self.offenceIDs = offenceIDs
        let catalog = knowledge.catalog
        checkNext = CheckNextTable(all, offences: offenceIDs, position: { catalog.order(of: $0) })
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
                rule: combination, offences: combination.when.offences,
                allYes: combination.when.allYes.compactMap(catalog.order(of:)),
                anyYes: combination.when.anyYes.compactMap(catalog.order(of:)))
        }
    }

    /// The answers routing rules depend on, as the router reads them (yes or no; unknown is left
    /// out): the indicator's own answer, and yes when an indicator that presupposes it is answered
    /// yes. `answer` gives the answer at a catalogue position. Shared by `Engine.assess` and the
    /// interview's acute steps.
    func routedAnswerStates(_ answer: (Int) -> Answer?) -> [String: TriState] {
        var states: [String: TriState] = [:]
        for (slot, position) in routedAnswerPositions.enumerated() {
            var state = position >= 0 ? answer(position) : nil
            if routedAnswerPresupposedBy[slot].contains(where: { answer($0) == .yes }) { state = .yes }
            if let state, state != .unknown { states[router.answerIDs[slot]] = state }
        }
        return states
    }

    /// The bits of a case for `CheckNextTable`: its role, age band and offence slot.
    func checkNextKey(offence: String?, role: Role, ageBand: AgeBand) -> CheckNextTable.Key {
        var slot = offenceIDs.count + 1
        if let offence {
            for (index, id) in offenceIDs.enumerated() where id.utf8.count == offence.utf8.count && id == offence {
                slot = index
                break
            }
        } else {
            slot = offenceIDs.count
        }
        return CheckNextTable.Key(
            role: CheckNextTable.bit(role), ageBand: CheckNextTable.bit(ageBand), offence: 1 << UInt64(slot),
            away: CheckNextTable.bit(role) & awayRoles != 0)
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
/// are scored and always count, so "answered yes" is the whole test).
package struct CompiledCombination: Sendable {
    package let rule: Combination
    let offences: [String]?
    let allYes: [Int]
    let anyYes: [Int]

    /// Whether the rule names this indicator position.
    func names(_ position: Int) -> Bool { allYes.contains(position) || anyYes.contains(position) }

    /// Whether the rule can apply to a case with this offence.
    func applies(to offence: String?) -> Bool {
        guard let offences else { return true }
        guard let offence else { return false }
        return offences.contains(offence)
    }

    /// Whether the rule holds, given whether each of its positions counts (answered yes, or, for
    /// the level if confirmed, yes or open).
    func holds(_ isTrue: (Int) -> Bool) -> Bool {
        allYes.allSatisfy(isTrue) && (anyYes.isEmpty || anyYes.contains(where: isTrue))
    }
}

/// "Check next" compiled as bit masks (`Indicator.isCheckNext` over values, which a test holds
/// equal): per indicator its fit (roles; offence slots, which do not narrow for a role away from the
/// arrest) and its `ask` clauses, each as the roles, age bands and offence slots it allows with the
/// positions of its `anyYes` (none: no condition on answers). Offence slots are the catalogue's
/// offences, then "no offence" (counts as `other` in a clause, and never narrows the fit), then an
/// id the catalogue does not have. Flat arrays of plain values, so checking an indicator in the
/// engine's loop copies and retains nothing.
struct CheckNextTable: Sendable {
    struct Key: Sendable {
        var role: UInt16
        var ageBand: UInt16
        var offence: UInt64
        /// A role away from the arrest: the offence does not narrow the fit.
        var away: Bool
    }

    /// Offence slots are bits of a `UInt64`: one per catalogue offence, then no offence and an id the
    /// catalogue does not have. The catalogue reader refuses more offences (a shift past bit 63
    /// would give 0, and the fit would silently list nothing).
    static let maximumOffences = 62

    private var fitRoles: [UInt16] = []
    private var fitOffences: [UInt64] = []
    /// Per indicator, its clauses are `clauseStart[i]..<clauseStart[i + 1]`.
    private var clauseStart: [Int] = [0]
    private var clauseRoles: [UInt16] = []
    private var clauseBands: [UInt16] = []
    private var clauseOffences: [UInt64] = []
    /// Per clause, its `anyYes` positions are `yesStart[c]..<yesStart[c + 1]` in `yesPositions`.
    private var yesStart: [Int] = [0]
    private var yesPositions: [Int] = []

    static func bit<Value: CaseIterable & Equatable>(_ value: Value) -> UInt16 {
        for (index, candidate) in Value.allCases.enumerated() where candidate == value { return 1 << UInt16(index) }
        return 0
    }

    private static func bits<Value: CaseIterable & Equatable>(_ allowed: [Value]?) -> UInt16 {
        var result: UInt16 = 0
        for value in Value.allCases where allowed?.contains(value) ?? true { result |= bit(value) }
        return result
    }

    /// The offence slots a list allows: every slot when nil; a listed id's slot; "no offence" when
    /// `noOffence` says so.
    private static func slots(_ list: [String]?, _ offences: [String], noOffence: Bool) -> UInt64 {
        guard let list else { return ~0 }
        var result: UInt64 = 0
        for (index, id) in offences.enumerated() where list.contains(id) { result |= 1 << UInt64(index) }
        if noOffence { result |= 1 << UInt64(offences.count) }
        return result
    }

    init(_ indicators: [Indicator], offences: [String], position: (String) -> Int?) {
        for indicator in indicators {
            fitRoles.append(Self.bits(indicator.roles))
            // The fit never narrows for no offence or an open offence (`Indicator.fits`).
            var fit = Self.slots(indicator.offences, offences, noOffence: true)
            for (index, id) in offences.enumerated() where Indicator.openOffences.contains(id) { fit |= 1 << UInt64(index) }
            fitOffences.append(fit)
            for clause in indicator.ask {
                clauseRoles.append(Self.bits(clause.roles))
                clauseBands.append(Self.bits(clause.ageBands))
                clauseOffences.append(Self.slots(clause.offences, offences, noOffence: clause.offences?.contains("other") ?? true))
                yesPositions += (clause.anyYes ?? []).compactMap(position)
                yesStart.append(yesPositions.count)
            }
            clauseStart.append(clauseRoles.count)
        }
    }

    /// Whether indicator `index`, not answered, is worth checking next: it fits the case and a clause
    /// holds (`isYes` tells whether a position is answered yes; asked only for `anyYes` clauses).
    func applies(_ index: Int, _ key: Key, isYes: (Int) -> Bool) -> Bool {
        let clauses = clauseStart[index]..<clauseStart[index + 1]
        guard !clauses.isEmpty, fitRoles[index] & key.role != 0, key.away || fitOffences[index] & key.offence != 0 else {
            return false
        }
        for clause in clauses
        where clauseRoles[clause] & key.role != 0 && clauseBands[clause] & key.ageBand != 0
            && clauseOffences[clause] & key.offence != 0
        {
            let partners = yesStart[clause]..<yesStart[clause + 1]
            if partners.isEmpty { return true }
            for partner in partners where isYes(yesPositions[partner]) { return true }
        }
        return false
    }
}
