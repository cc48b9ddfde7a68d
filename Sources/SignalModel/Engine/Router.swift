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
    }

    /// Whether a condition allows each offence slot, by `RouteCondition.matches` on its offence
    /// lists alone ("" stands for an offence no rule names: ids are never empty).
    private static func offenceRow(_ condition: RouteCondition, _ routed: [String]) -> [Bool] {
        let offenceOnly = RouteCondition(offences: condition.offences, offencesExcluded: condition.offencesExcluded)
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
        return conditions[rule] & bits == bits && ruleOffences[rule * (offences.count + 2) + offenceSlot(situation.offence)]
    }

    /// Whether note `note` applies to a situation.
    package func noteMatches(_ note: Int, _ situation: RouteSituation) -> Bool {
        let bits = RouteMask.of(situation)
        return noteConditions[note] & bits == bits && noteOffences[note * (offences.count + 2) + offenceSlot(situation.offence)]
    }

    /// The route for a situation, as positions in `steps`: the steps of every matching rule, each
    /// step id once (its first occurrence in table order), ordered by urgency and then table order.
    package func route(for situation: RouteSituation, rules: Rules = .all, into positions: inout [Int]) {
        positions.removeAll(keepingCapacity: true)
        let bits = RouteMask.of(situation)
        let stride = offences.count + 2
        let slot = offenceSlot(situation.offence)
        for rule in 0..<conditions.count where conditions[rule] & bits == bits && ruleOffences[rule * stride + slot] {
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
        for note in 0..<noteConditions.count where noteConditions[note] & bits == bits && noteOffences[note * stride + slot] {
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
    /// Per indicator: its weight, and its flags (`scored`, `hard`, `acute`, `core`).
    let weights: [Int]
    let flags: [UInt8]
    static let scored: UInt8 = 1
    static let hard: UInt8 = 2
    static let acute: UInt8 = 4
    /// Asked of everyone in the interview, so an unanswered one is an open question.
    static let core: UInt8 = 8
    /// Counts only when a partner counts (`Indicator.countsOnlyWith`).
    static let conditional: UInt8 = 16
    /// Per conditional indicator: the positions of its partners (empty for all others).
    let partners: [[Int]]
    /// The combination rules, with their indicators as positions.
    package let combinations: [CompiledCombination]
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
        let catalog = knowledge.catalog
        combinations = catalog.combinations.map { combination in
            CompiledCombination(
                rule: combination, offences: combination.when.offences,
                allYes: combination.when.allYes.compactMap(catalog.order(of:)),
                anyYes: combination.when.anyYes.compactMap(catalog.order(of:)))
        }
    }

    static func flags(_ indicator: Indicator) -> UInt8 {
        var value: UInt8 = 0
        if indicator.isScored { value |= scored }
        if indicator.kind == .hard { value |= hard }
        if indicator.kind == .acute { value |= acute }
        if indicator.ask.contains(where: { $0 == AskClause() }) { value |= core }
        if !indicator.countsOnlyWith.isEmpty { value |= conditional }
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
