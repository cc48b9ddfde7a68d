/// How soon a route step must happen.
public enum Urgency: String, Sendable, CaseIterable, Comparable, Hashable {
    case now
    case today
    case soon
    case followUp

    var rank: Int {
        switch self {
        case .now: 0
        case .today: 1
        case .soon: 2
        case .followUp: 3
        }
    }

    public static func < (left: Urgency, right: Urgency) -> Bool { left.rank < right.rank }
}

/// The values of every dimension that decides the route, for one case.
package struct RouteSituation: Sendable, Equatable, Hashable, Codable {
    package var role: Role
    package var ageBand: AgeBand
    package var level: Level
    package var acute: TriState
    package var guardian: TriState
    package var registered: TriState
    package var officeHours: TriState
    /// The offence id, when a rule depends on it (drug smuggling at the border starts the Schiphol protocol).
    package var offence: String?
    /// Answers a rule depends on (someone came to collect the child), by indicator id: yes or no;
    /// an indicator not listed is unknown (answered unknown, or not answered).
    package var answers: [String: TriState]

    package init(
        role: Role, ageBand: AgeBand, level: Level, acute: TriState, guardian: TriState, registered: TriState,
        officeHours: TriState, offence: String? = nil, answers: [String: TriState] = [:]
    ) {
        self.role = role
        self.ageBand = ageBand
        self.level = level
        self.acute = acute
        self.guardian = guardian
        self.registered = registered
        self.officeHours = officeHours
        self.offence = offence
        self.answers = answers.filter { $0.value != .unknown }
    }

    /// The state of an answer a rule depends on: unknown when it is not listed.
    package func answer(_ id: String) -> TriState { answers[id] ?? .unknown }

    private enum CodingKeys: String, CodingKey {
        case role, ageBand, level, acute, guardian, registered, officeHours, offence, answers
    }

    /// `answers` is written only when a rule's answer is yes or no, and read when present.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            role: try container.decode(Role.self, forKey: .role), ageBand: try container.decode(AgeBand.self, forKey: .ageBand),
            level: try container.decode(Level.self, forKey: .level), acute: try container.decode(TriState.self, forKey: .acute),
            guardian: try container.decode(TriState.self, forKey: .guardian),
            registered: try container.decode(TriState.self, forKey: .registered),
            officeHours: try container.decode(TriState.self, forKey: .officeHours),
            offence: try container.decodeIfPresent(String.self, forKey: .offence),
            answers: try container.decodeIfPresent([String: TriState].self, forKey: .answers) ?? [:])
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(role, forKey: .role)
        try container.encode(ageBand, forKey: .ageBand)
        try container.encode(level, forKey: .level)
        try container.encode(acute, forKey: .acute)
        try container.encode(guardian, forKey: .guardian)
        try container.encode(registered, forKey: .registered)
        try container.encode(officeHours, forKey: .officeHours)
        try container.encodeIfPresent(offence, forKey: .offence)
        if !answers.isEmpty { try container.encode(answers, forKey: .answers) }
    }

    /// The `acute` dimension: yes when the computed level or the route's level is acute, else the
    /// case's acute-danger answer. An override can never take 112 out of an acute case.
    package static func acute(computed: Level, route: Level, danger: TriState) -> TriState {
        computed == .acute || route == .acute ? .yes : danger
    }

    /// Every combination of dimension values (with no offence), for exhaustive invariant tests.
    package static var all: [RouteSituation] { all(offences: [nil]) }

    /// Every combination of dimension values, once per offence given and per combination of the
    /// answers given (each unknown, yes or no).
    package static func all(offences: [String?], answers ids: [String]) -> [RouteSituation] {
        var combinations: [[String: TriState]] = [[:]]
        for id in ids {
            combinations = combinations.flatMap { partial in
                [TriState.unknown, .yes, .no].map { state in
                    var next = partial
                    next[id] = state
                    return next
                }
            }
        }
        return all(offences: offences).flatMap { situation in
            combinations.map { answers in
                var copy = situation
                copy.answers = answers.filter { $0.value != .unknown }
                return copy
            }
        }
    }

    /// Every combination of dimension values, once per offence given.
    package static func all(offences: [String?]) -> [RouteSituation] {
        var result: [RouteSituation] = []
        for role in Role.allCases {
            for ageBand in AgeBand.allCases {
                for level in Level.allCases {
                    for acute in TriState.allCases {
                        // Acute level always means acute yes: other combinations cannot occur.
                        if level == .acute && acute != .yes { continue }
                        for guardian in TriState.allCases {
                            for registered in TriState.allCases {
                                for officeHours in TriState.allCases {
                                    for offence in offences {
                                        result.append(
                                            RouteSituation(
                                                role: role, ageBand: ageBand, level: level, acute: acute,
                                                guardian: guardian, registered: registered, officeHours: officeHours,
                                                offence: offence))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}

/// A routing rule's condition: each dimension present lists the values for which the rule applies.
package struct RouteCondition: Sendable, Equatable {
    package var roles: [Role]?
    package var ageBands: [AgeBand]?
    package var levels: [Level]?
    package var acute: [TriState]?
    package var guardian: [TriState]?
    package var registered: [TriState]?
    package var officeHours: [TriState]?
    /// Offence ids; a case with no offence never matches a rule that names offences.
    package var offences: [String]?
    /// Offence ids for which the rule does not apply (a case with no offence is never excluded).
    package var offencesExcluded: [String]?
    /// Answers the rule depends on: per indicator id, the states for which it applies (unknown is
    /// answered unknown or not answered). Every listed indicator must be in one of its states.
    package var answers: [String: [TriState]]?
    /// Whether the case names an offence: true, the rule applies only when it does (the ZSM table
    /// handles minors suspected of an offence, 000 L1988); false, only when it does not.
    package var offenceGiven: Bool?

    package func matches(_ situation: RouteSituation) -> Bool {
        (offenceGiven.map { $0 == (situation.offence != nil) } ?? true)
            && (answers.map { list in list.allSatisfy { $0.value.contains(situation.answer($0.key)) } } ?? true)
            && (offences.map { list in situation.offence.map(list.contains) ?? false } ?? true)
            && !(offencesExcluded.map { list in situation.offence.map(list.contains) ?? false } ?? false)
            && (roles?.contains(situation.role) ?? true) && (ageBands?.contains(situation.ageBand) ?? true)
            && (levels?.contains(situation.level) ?? true) && (acute?.contains(situation.acute) ?? true)
            && (guardian?.contains(situation.guardian) ?? true) && (registered?.contains(situation.registered) ?? true)
            && (officeHours?.contains(situation.officeHours) ?? true)
    }

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(
        roles: [Role]? = nil,
        ageBands: [AgeBand]? = nil,
        levels: [Level]? = nil,
        acute: [TriState]? = nil,
        guardian: [TriState]? = nil,
        registered: [TriState]? = nil,
        officeHours: [TriState]? = nil,
        offences: [String]? = nil,
        offencesExcluded: [String]? = nil,
        answers: [String: [TriState]]? = nil,
        offenceGiven: Bool? = nil
    ) {
        self.roles = roles
        self.ageBands = ageBands
        self.levels = levels
        self.acute = acute
        self.guardian = guardian
        self.registered = registered
        self.officeHours = officeHours
        self.offences = offences
        self.offencesExcluded = offencesExcluded
        self.answers = answers
        self.offenceGiven = offenceGiven
    }
}

/// Conditions and situations as bit masks, for the compiled router (`Router`): every value of every
/// fixed dimension has one bit; a situation sets the bit of its value in each dimension. A
/// condition's bits are not read from its fields: each dimension's part of the condition (its field
/// alone, `RouteCondition(roles: condition.roles)`) is asked, by `RouteCondition.matches`, about
/// every value of that dimension, so the masks say what `matches` says by construction. A condition
/// matches a situation when it has all the situation's bits. A new dimension is added to both lists
/// below, in the same place, with its part (`RoutingTests` fails while a field of `RouteCondition`
/// has no part).
struct RouteMask {
    private(set) var bits: UInt64 = 0
    private var offset = 0
    /// The bits of the empty condition, evaluated once: a dimension whose part is empty takes them
    /// instead of asking `matches` again (nil: ask).
    private let unconstrained: UInt64?

    private init(unconstrained: UInt64?) { self.unconstrained = unconstrained }

    /// The situation each dimension's values are put into: a part names one dimension only, so the
    /// other values do not change its answer.
    static let base = RouteSituation(
        role: .other, ageBand: .unknown, level: .none, acute: .unknown, guardian: .unknown, registered: .unknown,
        officeHours: .unknown)

    /// A dimension of a condition: the bits of the values `part` allows, by `RouteCondition.matches`.
    /// `open`: the condition leaves this dimension out (its part is the empty condition), so the
    /// empty condition's bits are taken when known and the part is not even built.
    private mutating func allow<Value: CaseIterable>(
        open: Bool, _ part: @autoclosure () -> RouteCondition, _ put: (inout RouteSituation, Value) -> Void
    ) {
        let count = Value.allCases.count
        if let unconstrained, open {
            bits |= unconstrained & (((1 << UInt64(count)) - 1) << UInt64(offset))
        } else {
            let part = part()
            for (index, value) in Value.allCases.enumerated() {
                var situation = Self.base
                put(&situation, value)
                if part.matches(situation) { bits |= 1 << UInt64(offset + index) }
            }
        }
        offset += count
    }

    /// A dimension of a situation: the bit of its value.
    private mutating func set<Value: CaseIterable & Equatable>(_ value: Value) {
        for (index, candidate) in Value.allCases.enumerated() where candidate == value {
            bits |= 1 << UInt64(offset + index)
        }
        offset += Value.allCases.count
    }

    /// The bits of every value a condition's fixed dimensions allow. `unconstrained`: the empty
    /// condition's bits (`of(RouteCondition())`), reused for the dimensions a condition leaves open.
    static func of(_ condition: RouteCondition, unconstrained: UInt64? = nil) -> UInt64 {
        var mask = RouteMask(unconstrained: unconstrained)
        mask.allow(open: condition.roles == nil, RouteCondition(roles: condition.roles)) { $0.role = $1 }
        mask.allow(open: condition.ageBands == nil, RouteCondition(ageBands: condition.ageBands)) { $0.ageBand = $1 }
        mask.allow(open: condition.levels == nil, RouteCondition(levels: condition.levels)) { $0.level = $1 }
        mask.allow(open: condition.acute == nil, RouteCondition(acute: condition.acute)) { $0.acute = $1 }
        mask.allow(open: condition.guardian == nil, RouteCondition(guardian: condition.guardian)) { $0.guardian = $1 }
        mask.allow(open: condition.registered == nil, RouteCondition(registered: condition.registered)) { $0.registered = $1 }
        mask.allow(open: condition.officeHours == nil, RouteCondition(officeHours: condition.officeHours)) { $0.officeHours = $1 }
        return mask.bits
    }

    /// One bit per dimension: the value's position in `allCases`, as `allow` and `set` number them,
    /// without making an `allCases` array per dimension (the router asks this for every case).
    static func of(_ situation: RouteSituation) -> UInt64 {
        var bits: UInt64 = 0
        var offset = 0
        func put(_ ordinal: Int, _ count: Int) {
            bits |= 1 << UInt64(offset + ordinal)
            offset += count
        }
        put(situation.role.ordinal, Role.count)
        put(situation.ageBand.ordinal, AgeBand.count)
        put(situation.level.ordinal, Level.count)
        put(situation.acute.ordinal, Answer.count)
        put(situation.guardian.ordinal, Answer.count)
        put(situation.registered.ordinal, Answer.count)
        put(situation.officeHours.ordinal, Answer.count)
        return bits
    }

    /// `of(_:)` the slow way, by `allCases` (the reference `RouterOrdinalTests` holds it to).
    static func byAllCases(_ situation: RouteSituation) -> UInt64 {
        var mask = RouteMask(unconstrained: nil)
        mask.set(situation.role)
        mask.set(situation.ageBand)
        mask.set(situation.level)
        mask.set(situation.acute)
        mask.set(situation.guardian)
        mask.set(situation.registered)
        mask.set(situation.officeHours)
        return mask.bits
    }

    /// The fields of `RouteCondition` that have a part here or in `Router` (offence, answers): a
    /// test holds it equal to the struct's stored properties.
    static let fieldsWithAPart: Set<String> = [
        "roles", "ageBands", "levels", "acute", "guardian", "registered", "officeHours", "offences", "offencesExcluded",
        "offenceGiven", "answers",
    ]
}

/// One thing to do: who, what, why, how soon, and where the seeds say so.
public struct RouteStep: Sendable, Equatable {
    /// The stable step id (`done` lists in a case name it).
    public var id: String
    /// A contact id.
    public var party: String
    /// How soon: now, today, soon or follow-up.
    public var urgency: Urgency
    /// What to do, in Dutch and English.
    public var action: LocalizedText
    /// Why, in Dutch and English.
    public var why: LocalizedText
    /// Where the seed documents say so.
    public var citations: [Citation]
    /// When this step merges several steps for the same party: those steps, in route order.
    package var parts: [RouteStep] = []
    /// The step is the reader's own organisation's task or internal line (the RvdK starting its
    /// own investigation, police reaching AVIM through their control room). Checked when the
    /// routing table is read: a step addressed to a reader of the party's own organisation must say
    /// so, and only such a step may (`RoutingTable.checkReaders`).
    package var own: Bool = false
    /// The step is a safety step that starts with a condition ("Meldt zich iemand …", "Is het
    /// dringend …", "Is er acute onveiligheid …"): if the condition holds, it is done at once, at any
    /// hour. Its urgency keeps its place in the route; readers see it as "NU, als het zich voordoet"
    /// and the out-of-hours shift to the next working day never touches it (REVIEW2 A2).
    package var conditionalNow: Bool = false

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(
        id: String,
        party: String,
        urgency: Urgency,
        action: LocalizedText,
        why: LocalizedText,
        citations: [Citation],
        parts: [RouteStep] = [],
        own: Bool = false,
        conditionalNow: Bool = false
    ) {
        self.id = id
        self.party = party
        self.urgency = urgency
        self.action = action
        self.why = why
        self.citations = citations
        self.parts = parts
        self.own = own
        self.conditionalNow = conditionalNow
    }
}

/// A row of the routing table.
package struct RouteRule: Sendable, Equatable {
    package var id: String
    package var when: RouteCondition
    package var steps: [RouteStep]

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(id: String, when: RouteCondition, steps: [RouteStep]) {
        self.id = id
        self.when = when
        self.steps = steps
    }
}

/// A legal note that applies in some situations (non-punishment, under 12, …).
package struct LegalNote: Sendable, Equatable {
    package var id: String
    package var when: RouteCondition
    package var text: LocalizedText
    package var citations: [Citation]

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(id: String, when: RouteCondition, text: LocalizedText, citations: [Citation]) {
        self.id = id
        self.when = when
        self.text = text
        self.citations = citations
    }
}

/// Office hours as the routing table defines them (Dutch local time, Europe/Amsterdam).
package struct OfficeHours: Sendable, Equatable {
    /// ISO weekdays, 1 = Monday.
    package var weekdays: Set<Int> {
        didSet { weekdayBits = Self.bits(weekdays) }
    }
    /// Minutes after midnight.
    package var opens: Int
    package var closes: Int
    /// `weekdays` as bits (bit d for weekday d), so a batch's cases do not hash into the set.
    private var weekdayBits: UInt64

    /// Whether a moment falls inside office hours: a working day that is not a Dutch public holiday,
    /// read in Dutch local time (Europe/Amsterdam) whatever offset the timestamp was written with.
    package func contains(_ time: Timestamp) -> Bool {
        let local = time.amsterdamClock
        guard local.minuteOfDay >= opens && local.minuteOfDay < closes else { return false }
        return weekdayBits >> UInt64(Timestamp.weekday(days: local.days)) & 1 != 0
            && !AmsterdamYears.shared.isHoliday(year: local.year, month: local.month, day: local.day)
    }

    /// Every field (the built-in knowledge's generated code calls this; see SignalKnowledge).
    package init(weekdays: Set<Int>, opens: Int, closes: Int) {
        self.weekdays = weekdays
        self.opens = opens
        self.closes = closes
        weekdayBits = Self.bits(weekdays)
    }

    /// Bit d set for each weekday d (ISO weekdays are 1–7; others can never match a date).
    private static func bits(_ weekdays: Set<Int>) -> UInt64 {
        var bits: UInt64 = 0
        for day in weekdays where (0..<64).contains(day) { bits |= 1 << UInt64(day) }
        return bits
    }
}

/// The routing table: rules and notes, applied in order.
package struct RoutingTable: Sendable, Equatable {
    package var officeHours: OfficeHours
    package var rules: [RouteRule] {
        didSet { router = Router(rules: rules, notes: notes) }
    }
    package var notes: [LegalNote] {
        didSet { router = Router(rules: rules, notes: notes) }
    }
    /// The rules and notes compiled for routing, kept in step with them: the one router.
    package private(set) var router: Router
    /// Per gate question of the interview, the route step whose citations are its sources
    /// (`gateSources` in routing.json): a gate has no indicator record of its own, and its answer
    /// decides that step.
    package var gateSources: [GateQuestion: String]

    package init(officeHours: OfficeHours, rules: [RouteRule], notes: [LegalNote], gateSources: [GateQuestion: String] = [:]) {
        self.officeHours = officeHours
        self.rules = rules
        self.notes = notes
        self.gateSources = gateSources
        router = Router(rules: rules, notes: notes)
    }

    package static func == (left: RoutingTable, right: RoutingTable) -> Bool {
        left.officeHours == right.officeHours && left.rules == right.rules && left.notes == right.notes
            && left.gateSources == right.gateSources
    }

    /// The rules that apply to a situation, in table order.
    package func matchingRules(for situation: RouteSituation) -> [RouteRule] {
        rules.filter { $0.when.matches(situation) }
    }

    /// The route: steps of every matching rule, by urgency then table order, each step id once
    /// (by `Router`, the one router), and each party once with its actions merged in that order.
    package func route(for situation: RouteSituation) -> [RouteStep] {
        RouteStep.mergedByParty(router.route(for: situation))
    }

    /// The steps of every matching rule, by urgency then table order, each step id once (not merged).
    package func steps(for situation: RouteSituation) -> [RouteStep] {
        router.route(for: situation)
    }

    /// The offences some rule or note depends on: the only offence values that can change a route.
    package var routedOffences: [String] { Self.routedOffences(rules: rules, notes: notes) }

    static func routedOffences(rules: [RouteRule], notes: [LegalNote]) -> [String] {
        var seen: [String] = []
        for condition in rules.map(\.when) + notes.map(\.when) {
            for offence in (condition.offences ?? []) + (condition.offencesExcluded ?? []) where !seen.contains(offence) { seen.append(offence) }
        }
        return seen
    }

    /// The indicators some rule or note depends on (`RouteCondition.answers`), in table order.
    package var routedAnswers: [String] { Self.routedAnswers(rules: rules, notes: notes) }

    static func routedAnswers(rules: [RouteRule], notes: [LegalNote]) -> [String] {
        var seen: [String] = []
        for condition in rules.map(\.when) + notes.map(\.when) {
            for id in (condition.answers ?? [:]).keys.sorted() where !seen.contains(id) { seen.append(id) }
        }
        return seen
    }

    /// An offence id no rule or note names (`other`, unless a rule names it): stands for every such
    /// offence, which all route alike.
    package var unnamedOffence: String {
        let routed = routedOffences
        return ["other", "unnamed_offence"].first { !routed.contains($0) } ?? "unnamed_offence"
    }

    /// Every situation the table can tell apart: all dimension values, with no offence, an offence no
    /// rule names and each routed one, and each routed answer unknown, yes or no where a rule or note
    /// naming it can apply to the situation's role and age band (elsewhere it changes nothing and
    /// stays unknown).
    package var situations: [RouteSituation] {
        let conditions = rules.map(\.when) + notes.map(\.when)
        let ids = routedAnswers
        // Per role and age band, the combinations of the routed answers some condition there names.
        var combinationsFor: [String: [[String: TriState]]] = [:]
        for role in Role.allCases {
            for ageBand in AgeBand.allCases {
                var combinations: [[String: TriState]] = [[:]]
                var here = RouteMask.base
                here.role = role
                here.ageBand = ageBand
                for id in ids
                where conditions.contains(where: {
                    $0.answers?[id] != nil && RouteCondition(roles: $0.roles, ageBands: $0.ageBands).matches(here)
                }) {
                    combinations = combinations.flatMap { partial in
                        [TriState.unknown, .yes, .no].map { state in
                            var next = partial
                            next[id] = state
                            return next
                        }
                    }
                }
                combinationsFor[role.rawValue + "/" + ageBand.rawValue] = combinations
            }
        }
        return RouteSituation.all(offences: [nil, unnamedOffence] + routedOffences.map { $0 }).flatMap { situation in
            let combinations = combinationsFor[situation.role.rawValue + "/" + situation.ageBand.rawValue] ?? [[:]]
            return combinations.map { answers in
                var copy = situation
                copy.answers = answers.filter { $0.value != .unknown }
                return copy
            }
        }
    }

    /// The legal notes that apply to a situation, in table order.
    package func notes(for situation: RouteSituation) -> [LegalNote] {
        var positions: [Int] = []
        router.notes(for: situation, into: &positions)
        return positions.map { router.notes[$0] }
    }
}
