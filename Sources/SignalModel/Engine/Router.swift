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
    private let conditions: [UInt64]
    /// Per role and level (`Key.roleLevel`): the rules whose condition allows both, in table order.
    private let rulesByRoleLevel: [[Int]]
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
        let unconstrained = RouteMask.of(RouteCondition())
        conditions = rules.map { RouteMask.of($0.when, unconstrained: unconstrained) }
        // A rule can only match an acute case when it allows no level but acute, or no acute answer
        // but yes (an acute level always comes with acute yes): read off its evaluated bits.
        let lowerLevels = RouteMask.of(
            RouteCondition(roles: [], ageBands: [], levels: [.none, .attention, .suspicion], acute: [], guardian: [], registered: [], officeHours: []))
        let notAcute = RouteMask.of(
            RouteCondition(roles: [], ageBands: [], levels: [], acute: [.no, .unknown], guardian: [], registered: [], officeHours: []))
        acuteOnly = conditions.map { $0 & lowerLevels == 0 || $0 & notAcute == 0 }
        var byRoleLevel: [[Int]] = []
        for role in Role.allCases.sorted(by: { $0.ordinal < $1.ordinal }) {
            for level in Level.allCases.sorted(by: { $0.ordinal < $1.ordinal }) {
                var situation = RouteMask.base
                situation.role = role
                situation.level = level
                // The role's and the level's bits of a situation with this role and level.
                let bits = RouteMask.of(situation) & (RouteMask.roleBits | RouteMask.levelBits)
                let conditions = conditions
                byRoleLevel.append(conditions.indices.filter { conditions[$0] & bits == bits })
            }
        }
        rulesByRoleLevel = byRoleLevel
        var numbers: [String: Int] = [:]
        stepKeys = flat.map { step in
            if let known = numbers[step.id] { return known }
            numbers[step.id] = numbers.count
            return numbers.count - 1
        }
        stepUrgency = flat.map(\.urgency.rank)
        notes = tableNotes
        noteConditions = tableNotes.map { RouteMask.of($0.when, unconstrained: unconstrained) }
        let routed = RoutingTable.routedOffences(rules: rules, notes: tableNotes)
        offences = routed
        let openOffenceRow = Self.offenceRow(RouteCondition(), routed, open: nil)
        ruleOffences = rules.flatMap { Self.offenceRow($0.when, routed, open: openOffenceRow) }
        noteOffences = tableNotes.flatMap { Self.offenceRow($0.when, routed, open: openOffenceRow) }
        let answered = Array(RoutingTable.routedAnswers(rules: rules, notes: tableNotes).prefix(Self.maximumRoutedAnswers))
        answerIDs = answered
        let openAnswer = Self.allowedStates(RouteCondition(), nil)
        ruleAnswers = rules.map { Self.answerMask($0.when, answered, open: openAnswer) }
        noteAnswers = tableNotes.map { Self.answerMask($0.when, answered, open: openAnswer) }
        var unknown: UInt64 = 0
        for index in answered.indices { unknown |= 1 << UInt64(index * 3) }
        unknownAnswers = unknown
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
        var bits: UInt64 = 0
        for (index, id) in answerIDs.enumerated() {
            let state = situation.answers.isEmpty ? .unknown : situation.answer(id)
            let offset = state == .yes ? 1 : state == .no ? 2 : 0
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

    /// A situation as the router matches it: its fixed dimensions' bits, its offence slot, its
    /// answers' bits and its role and level (which rules can match at all).
    package struct Key {
        let bits: UInt64
        let slot: Int
        let answers: UInt64
        let roleLevel: Int
    }

    package func key(for situation: RouteSituation) -> Key {
        Key(
            bits: RouteMask.of(situation), slot: offenceSlot(situation.offence), answers: answerBits(situation),
            roleLevel: situation.role.ordinal * Level.count + situation.level.ordinal)
    }

    /// The route for a situation, as positions in `steps`: the steps of every matching rule, each
    /// step id once (its first occurrence in table order), ordered by urgency and then table order.
    package func route(for situation: RouteSituation, rules: Rules = .all, into positions: inout [Int]) {
        route(for: key(for: situation), rules: rules, into: &positions)
    }

    package func route(for key: Key, rules: Rules = .all, into positions: inout [Int]) {
        positions.removeAll(keepingCapacity: true)
        let bits = key.bits
        let stride = offences.count + 2
        let slot = key.slot
        let answers = key.answers
        // Only the rules that allow the situation's role and level (most allow a few), in table order.
        for rule in rulesByRoleLevel[key.roleLevel]
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
        notes(for: key(for: situation), into: &positions)
    }

    package func notes(for key: Key, into positions: inout [Int]) {
        positions.removeAll(keepingCapacity: true)
        let bits = key.bits
        let stride = offences.count + 2
        let slot = key.slot
        let answers = key.answers
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
    /// "Check next" per role, age band and offence, evaluated from `Indicator.isCheckNext`.
    let checkNext: CheckNextTable
    /// Per indicator: how telling a yes would be, for the order of "check next" (acute, then hard,
    /// then by weight; lower first).
    let telling: [UInt8]
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
        checkNext = CheckNextTable(catalog)
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

        init(_ catalog: Catalog, offence: String?, role: Role, ageBand: AgeBand) {
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
            let words = Bits.words(state.count)
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
            self.always = always
            self.conditional = conditional
            self.conditionalPartners = conditionalPartners
        }

        /// The same as bits (`Bits`, one word per 64 indicators): the indicators that always apply;
        /// those that apply when a partner is answered yes, and their partners, `words` words each.
        let always: [UInt64]
        let conditional: [Int]
        let conditionalPartners: [UInt64]

        /// The indicators not answered that are worth checking next (what `applies` says of each),
        /// into `open`, given the positions answered (`answered`) and answered yes (`yes`).
        func openUnanswered(answered: UnsafeBufferPointer<UInt64>, yes: UnsafeBufferPointer<UInt64>, into open: UnsafeMutableBufferPointer<UInt64>) {
            let words = open.count
            for word in 0..<words { open[word] = always[word] }
            for (number, index) in conditional.enumerated() {
                let base = number * words
                for word in 0..<words where conditionalPartners[base + word] & yes[word] != 0 {
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

    init(_ catalog: Catalog) {
        self.catalog = catalog
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
            let row = Row(catalog, offence: offence, role: role, ageBand: ageBand)
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

    /// Whether `set` (words `base..<base + count` of `sets`) shares a position with `other`.
    @inline(__always)
    static func meets(_ sets: [UInt64], _ base: Int, _ other: UnsafeBufferPointer<UInt64>) -> Bool {
        for word in 0..<other.count where sets[base + word] & other[word] != 0 { return true }
        return false
    }
}
