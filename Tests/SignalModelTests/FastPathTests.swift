import Testing

@testable import SignalModel

/// The old writer's string escaping, scalar by scalar: the oracle for the byte-level writer.
private func referenceEscaped(_ value: String) -> String {
    var output = "\""
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": output += "\\\""
        case "\\": output += "\\\\"
        case "\n": output += "\\n"
        case "\r": output += "\\r"
        case "\t": output += "\\t"
        case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
            let hex = String(scalar.value, radix: 16)
            output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: output.unicodeScalars.append(scalar)
        }
    }
    return output + "\""
}

/// A small seeded generator (SplitMix64), so generated cases are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Texts that exercise every escape and multi-byte sequence the writer treats specially.
let trickyTexts = [
    "plain", "", "quote \" and backslash \\", "line\nbreak\r\ttab", "\u{0}\u{1}\u{8}\u{C}\u{1F}\u{7F}",
    "line separator \u{2028} paragraph \u{2029}", "euro € dash — ellipsis … arrow →", "é ß 汉字 🧒🏽",
    "\u{E2}", "ends with e2 \u{2027}\u{202A}", "\\u2028 written out",
]

/// Random cases over the real catalogue: every answer kind, notes with tricky text, overrides,
/// regions, ages, roles and moments inside and outside office hours.
func generatedCases(count: Int, seed: UInt64) -> [Case] {
    var random = SeededGenerator(state: seed)
    let catalog = knowledge.catalog
    let regions: [String?] = [nil] + knowledge.contacts.regions.map(\.id)
    return (0..<count).map { number in
        var answers: [String: CaseAnswer] = [:]
        for indicator in catalog.indicators.shuffled(using: &random).prefix(Int.random(in: 0...20, using: &random)) {
            let answer = Answer.allCases.randomElement(using: &random) ?? .yes
            let note = Bool.random(using: &random) ? trickyTexts.randomElement(using: &random) : nil
            answers[indicator.id] = CaseAnswer(answer, note: note?.isEmpty == true ? nil : note)
        }
        let context = CaseContext(
            age: Bool.random(using: &random) ? Int.random(in: 8...25, using: &random) : nil,
            role: Role.allCases.randomElement(using: &random) ?? .police,
            offence: Bool.random(using: &random) ? catalog.offences.randomElement(using: &random)?.id : nil,
            acuteDanger: TriState.allCases.randomElement(using: &random) ?? .unknown,
            guardianPresent: TriState.allCases.randomElement(using: &random) ?? .unknown,
            registeredInNL: TriState.allCases.randomElement(using: &random) ?? .unknown,
            assessedAt: Bool.random(using: &random)
                ? Timestamp(iso8601: "2026-11-\(10 + number % 18)T\(10 + number % 14):15:00+01:00") : nil,
            region: regions.randomElement(using: &random) ?? nil)
        let override = Int.random(in: 0..<5, using: &random) == 0
            ? Override(level: Level.allCases.randomElement(using: &random) ?? .none, reason: trickyTexts.randomElement(using: &random) ?? "x")
            : nil
        let reference = Bool.random(using: &random) ? "SYN-\(number) \(trickyTexts.randomElement(using: &random) ?? "")" : nil
        return Case(reference: reference, context: context, answers: answers, override: override)
    }
}

@Suite("Fast paths write exactly what the plain ones write")
struct FastPathTests {
    @Test("the byte writer escapes strings exactly like the scalar writer", arguments: trickyTexts)
    func escaping(text: String) {
        #expect(JSONOutput.string(text).serialized(pretty: false) == referenceEscaped(text))
        #expect(JSONOutput.object([(text, .string(text))]).serialized(pretty: true) == "{\n  \(referenceEscaped(text)): \(referenceEscaped(text))\n}")
    }

    @Test("every control character and every scalar near U+2028 is escaped as before")
    func escapingEveryScalar() {
        var scalars = (0..<0x80).compactMap(Unicode.Scalar.init)
        scalars += (0x2000..<0x2100).compactMap(Unicode.Scalar.init)
        scalars += [Unicode.Scalar(0xE2 as UInt8), "€"]
        for scalar in scalars {
            let text = "a" + String(Character(scalar)) + "b"
            #expect(JSONOutput.string(text).serialized(pretty: false) == referenceEscaped(text), "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test("integers, nesting and empty containers")
    func values() {
        let value = JSONOutput.object([
            ("a", .array([.int(0), .int(9), .int(10), .int(-1), .int(Int.min), .int(Int.max)])), ("b", .array([])), ("c", .object([])),
            ("d", .bool(true)), ("e", .null), ("f", .array([.object([("g", .bool(false))])])),
        ])
        #expect(value.serialized(pretty: false) == #"{"a":[0,9,10,-1,-9223372036854775808,9223372036854775807],"b":[],"c":{},"d":true,"e":null,"f":[{"g":false}]}"#)
        #expect(value.serialized(pretty: true) == """
            {
              "a": [
                0,
                9,
                10,
                -1,
                -9223372036854775808,
                9223372036854775807
              ],
              "b": [],
              "c": {},
              "d": true,
              "e": null,
              "f": [
                {
                  "g": false
                }
              ]
            }
            """)
    }

    /// What the one engine and writer must give for any case, checked as properties and against the
    /// one definition of each rule rather than a second engine: yes answers are signals or context
    /// findings (catalogue order), no answers are ruled out, unknown answers are open; an unanswered
    /// indicator is open exactly when `Indicator.isCheckNext` says so; the score is the signals'
    /// weights; the level if confirmed is never below the level, nor the level below a combination
    /// that holds; the route and notes are the table's for the situation; the JSON says the same,
    /// compact and indented alike.
    private func propertiesHold(_ input: Case, at time: Timestamp?, _ name: String) -> Bool {
        let assessment = engine.assessment(of: input, at: time)
        let catalog = knowledge.catalog
        let context = input.context
        var holds = true
        func check(_ condition: Bool, _ what: String) {
            if !condition {
                holds = false
                Issue.record("\(name): \(what)")
            }
        }
        func answered(_ answer: Answer) -> [String] { catalog.indicators.map(\.id).filter { input.answers[$0]?.answer == answer } }
        let yes = answered(.yes)
        check(Set(assessment.signals.map(\.indicator.id)).union(assessment.contextFindings.map(\.indicator.id)) == Set(yes), "yes answers")
        check(assessment.signals.map(\.indicator.id) == yes.filter(Set(assessment.signals.map(\.indicator.id)).contains), "signal order")
        check(assessment.ruledOut.map(\.id) == answered(.no), "ruled out")
        let open = assessment.openQuestions
        check(Set(open.filter { $0.reason == .answeredUnknown }.map(\.indicator.id)) == Set(answered(.unknown)), "answered unknown")
        let worthChecking = catalog.indicators.filter { indicator in
            input.answers[indicator.id] == nil
                && indicator.isCheckNext(
                    offence: context.offence, role: context.role, ageBand: context.ageBand, in: catalog,
                    isYes: { input.answers[$0]?.answer == .yes })
        }
        check(Set(open.filter { $0.reason == .notAnswered }.map(\.indicator.id)) == Set(worthChecking.map(\.id)), "check next")
        check(Set(open.map(\.indicator.id)).count == open.count, "open questions once each")
        check(assessment.score == assessment.signals.map(\.indicator.weight).reduce(0, +), "score")
        check(assessment.levelIfOpenConfirmed >= assessment.level, "level if confirmed")
        for combination in assessment.combinations { check(assessment.level >= combination.atLeast, "combination \(combination.id)") }
        check(assessment.situation.level == assessment.routeLevel, "route level")
        check(assessment.route == knowledge.routing.route(for: assessment.situation), "route")
        check(assessment.notes == knowledge.routing.notes(for: assessment.situation), "notes")
        for language in Language.allCases {
            let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
            let compact = renderer.json(assessment, pretty: false)
            check(String(decoding: JSONOutput.indented(Array(compact.utf8)), as: UTF8.self) == renderer.json(assessment), "indented \(language)")
            guard case .object(let members)? = try? JSONParser.parse(compact).value else {
                check(false, "JSON \(language)")
                continue
            }
            func ids(_ key: String) -> [String] {
                guard case .array(let items)? = members.first(where: { $0.key == key })?.value.value else { return ["missing " + key] }
                return items.map { item in
                    guard case .object(let fields) = item.value, case .string(let id)? = fields.first(where: { $0.key == "id" })?.value.value
                    else { return "?" }
                    return id
                }
            }
            func string(_ key: String) -> String? {
                guard case .string(let value)? = members.first(where: { $0.key == key })?.value.value else { return nil }
                return value
            }
            check(string("level") == assessment.level.rawValue && string("routeLevel") == assessment.routeLevel.rawValue, "JSON level \(language)")
            check(ids("signals") == assessment.signals.map(\.indicator.id), "JSON signals \(language)")
            check(ids("unknowns") == open.map(\.indicator.id), "JSON unknowns \(language)")
            check(ids("route") == assessment.route.map(\.id), "JSON route \(language)")
            check(ids("notes") == assessment.notes.map(\.id), "JSON notes \(language)")
        }
        return holds
    }

    @Test("the engine and writer keep their properties for generated cases", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func generated() {
        let moments: [Timestamp?] = [nil, Timestamp(iso8601: "2026-11-23T10:00:00+01:00"), Timestamp(iso8601: "2026-11-22T03:00:00Z")]
        for (index, input) in generatedCases(count: 600, seed: 8).enumerated() {
            if !propertiesHold(input, at: moments[index % moments.count], "case \(index)") { return }
        }
    }

    @Test("a few generated cases keep the properties (the 600 run with SIGNAAL_EXHAUSTIVE=1)")
    func generatedFew() {
        for (index, input) in generatedCases(count: 40, seed: 8).enumerated() {
            if !propertiesHold(input, at: index % 2 == 0 ? nil : Timestamp(iso8601: "2026-11-22T03:00:00Z"), "case \(index)") { return }
        }
    }

    @Test("the engine and writer keep their properties for every indicator example")
    func examples() {
        for (name, input) in allExamples { _ = propertiesHold(input, at: nil, name) }
    }

    @Test("answers the catalogue does not know count for nothing; a note on them is still kept")
    func unknownIDs() {
        var input = generatedCases(count: 1, seed: 5)[0]
        input.answers["not.in_catalogue"] = CaseAnswer(.yes, note: "n")
        #expect(propertiesHold(input, at: nil, "unknown id"))
        #expect(engine.assessment(of: input).answerNotes["not.in_catalogue"] == "n")
    }

    @Test("one writer over assessments of two knowledge bases writes each with its own indicators and steps")
    func fragmentsBelongToTheirKnowledge() throws {
        var changed = knowledge
        changed.catalog.indicators = changed.catalog.indicators.map { indicator in
            var indicator = indicator
            indicator.question = LocalizedText(nl: "anders", en: "changed \u{2028} " + indicator.id)
            return indicator
        }
        changed.routing.rules = changed.routing.rules.map { rule in
            var rule = rule
            rule.steps = rule.steps.map { step in
                var step = step
                step.why = LocalizedText(nl: "anders", en: "changed why")
                return step
            }
            return rule
        }
        let other = Engine(knowledge: changed)
        let input = try #require(generatedCases(count: 50, seed: 3).first { !engine.assessment(of: $0).signals.isEmpty && !engine.assessment(of: $0).route.isEmpty })
        var writer = AssessmentWriter(renderer: AssessmentRenderer(knowledge: knowledge, language: .en))
        for assessment in [engine.assessment(of: input), other.assessment(of: input), engine.assessment(of: input)] {
            var bytes: [UInt8] = []
            writer.write(assessment, into: &bytes)
            // A reused writer writes what a fresh one does.
            #expect(String(decoding: bytes, as: UTF8.self) == AssessmentRenderer(knowledge: knowledge, language: .en).json(assessment, pretty: false))
        }
        #expect(other.assessment(of: input).signals.first?.indicator.question.en.hasPrefix("changed") == true)
    }

    /// A route as the table defines it: the steps of the rules given, each step id once (its first
    /// occurrence in table order), by urgency and then table order.
    private func isRoute(_ steps: [RouteStep], of rules: [RouteRule]) -> Bool {
        let offered = rules.flatMap(\.steps)
        let ids = steps.map(\.id)
        guard Set(ids).count == ids.count, Set(ids) == Set(offered.map(\.id)) else { return false }
        let first = steps.map { step in offered.firstIndex { $0.id == step.id } ?? -1 }
        for (index, step) in steps.enumerated() where offered[first[index]] != step { return false }
        for index in steps.indices.dropFirst() {
            let before = (steps[index - 1].urgency, first[index - 1]), now = (steps[index].urgency, first[index])
            if before.0 > now.0 || (before.0 == now.0 && before.1 > now.1) { return false }
        }
        return true
    }

    @Test("the route is the matching rules' steps by urgency, then table order, each step id once, for every situation", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func routeOrder() {
        let table = knowledge.routing
        let situations = table.situations
        // A rule is for acute cases only when it matches no situation that is not acute.
        let acuteOnly = table.rules.map { rule in !situations.contains { $0.acute != .yes && rule.when.matches($0) } }
        for situation in situations {
            let matching = table.rules.filter { $0.when.matches(situation) }
            let steps = table.steps(for: situation)
            #expect(isRoute(steps, of: matching), "\(situation)")
            #expect(table.route(for: situation) == RouteStep.mergedByParty(steps), "\(situation)")
            #expect(table.notes(for: situation) == table.notes.filter { $0.when.matches(situation) }, "\(situation)")
            let acuteRules = table.rules.indices.filter { acuteOnly[$0] && table.rules[$0].when.matches(situation) }.map { table.rules[$0] }
            #expect(isRoute(engine.compiled.router.route(for: situation, rules: .acuteOnly), of: acuteRules), "\(situation)")
        }
    }

    @Test("a route is ordered by urgency, then table order, each step id once (small table)")
    func routeOrderSmall() throws {
        let base = try #require(knowledge.routing.rules.first?.steps.first)
        func step(_ id: String, _ urgency: Urgency) -> RouteStep {
            var copy = base
            copy.id = id
            copy.urgency = urgency
            return copy
        }
        let rules = [
            RouteRule(id: "a", when: RouteCondition(), steps: [step("later", .soon), step("first", .now)]),
            RouteRule(id: "b", when: RouteCondition(roles: [.police]), steps: [step("today", .today), step("later", .now)]),
            RouteRule(id: "c", when: RouteCondition(roles: [.care]), steps: [step("never", .now)]),
        ]
        let table = RoutingTable(officeHours: knowledge.routing.officeHours, rules: rules, notes: [])
        let situation = RouteSituation(role: .police, ageBand: .minor, level: .suspicion, acute: .no, guardian: .yes, registered: .yes, officeHours: .yes)
        #expect(table.steps(for: situation).map(\.id) == ["first", "today", "later"])
        #expect(table.steps(for: situation).last?.urgency == .soon, "the first occurrence of an id is the one kept")
        #expect(isRoute(table.steps(for: situation), of: [rules[0], rules[1]]))
    }

    @Test("every field of RouteCondition has its part in the compiled router")
    func everyFieldHasAPart() {
        let fields = Set(Mirror(reflecting: RouteCondition()).children.compactMap(\.label))
        #expect(fields == RouteMask.fieldsWithAPart, "a new field of RouteCondition needs its part in RouteMask.of / Router")
    }

    @Test("the router's compiled conditions match exactly the situations RouteCondition.matches does", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func masks() {
        var random = SeededGenerator(state: 12)
        func some<Value: CaseIterable>(_: Value.Type) -> [Value]? {
            Bool.random(using: &random) ? nil : Array(Value.allCases).filter { _ in Bool.random(using: &random) }
        }
        let offences = knowledge.catalog.offences.map(\.id)
        func someOffences() -> [String]? {
            Int.random(in: 0..<3, using: &random) > 0 ? nil : offences.filter { _ in Int.random(in: 0..<4, using: &random) == 0 }
        }
        var conditions = knowledge.routing.rules.map(\.when) + knowledge.routing.notes.map(\.when)
        for _ in 0..<100 {
            conditions.append(
                RouteCondition(
                    roles: some(Role.self), ageBands: some(AgeBand.self), levels: some(Level.self), acute: some(TriState.self),
                    guardian: some(TriState.self), registered: some(TriState.self), officeHours: some(TriState.self),
                    offences: someOffences(), offencesExcluded: someOffences(),
                    offenceGiven: Int.random(in: 0..<3, using: &random) == 0 ? Bool.random(using: &random) : nil))
        }
        // Each condition as a rule and as a note of one table, so both compiled forms are checked.
        let step = knowledge.routing.rules[0].steps[0]
        let table = RoutingTable(
            officeHours: knowledge.routing.officeHours,
            rules: conditions.enumerated().map { RouteRule(id: "r\($0.offset)", when: $0.element, steps: [step]) },
            notes: conditions.enumerated().map { LegalNote(id: "n\($0.offset)", when: $0.element, text: LocalizedText(nl: "", en: ""), citations: []) })
        let router = table.router
        var matched = 0
        // A spread of situations, each with no offence, an offence no rule names, or a routed one.
        let offenceChoices: [String?] = [nil, "not_an_offence"] + offences
        let situations = RouteSituation.all.enumerated().filter { $0.offset % 7 == 0 }.map { item in
            var situation = item.element
            situation.offence = offenceChoices[(item.offset / 7) % offenceChoices.count]
            return situation
        }
        var mismatches = 0
        for situation in situations {
            for (index, condition) in conditions.enumerated() {
                let expected = condition.matches(situation)
                if router.ruleMatches(index, situation) != expected || router.noteMatches(index, situation) != expected {
                    mismatches += 1
                    if mismatches <= 5 { Issue.record("\(condition) on \(situation): matches says \(expected)") }
                }
                if expected { matched += 1 }
            }
        }
        #expect(mismatches == 0)
        #expect(matched > 500)
        // Every value of every fixed dimension has its own bit, and the bits fit in the mask.
        #expect(RouteMask.of(RouteCondition()).nonzeroBitCount == 7 + 4 + 4 + 3 + 3 + 3 + 3)
    }

    @Test("indenting the compact bytes gives the tree's pretty form", arguments: trickyTexts)
    func indenting(text: String) {
        let value = JSONOutput.object([
            (text, .array([.string(text), .array([]), .object([]), .int(-3), .null, .bool(true)])),
            ("b", .object([("c", .array([.object([(text, .string("{[,:]}"))])]))])), ("", .string("\\")),
        ])
        let compact = Array(value.serialized(pretty: false).utf8)
        #expect(String(decoding: JSONOutput.indented(compact), as: UTF8.self) == value.serialized(pretty: true))
    }

    @Test("batch records written as bytes equal the string records, failed lines included")
    func batchBytes() {
        let lines = [
            #"{"version":1,"context":{"age":15,"role":"police"},"answers":{"proceeds.handed_over":"yes"}}"#,
            "", "  ", #"{"version":1,"context":{"age":15,"role":"police"},"answers":{"nope":"yes"}}"#, "{", "[1,2]",
            #"{"version":1,"context":{"age":"unknown","role":"zsm","region":"utrecht"},"answers":{"coercion.danger_now":{"answer":"unknown","note":"n \" \u2028"}}}"#,
        ]
        for language in Language.allCases {
            var scorer = BatchScorer(knowledge: knowledge, language: language, time: Timestamp(iso8601: "2026-11-23T10:00:00+01:00"))
            for (index, line) in lines.enumerated() {
                let outcome = scorer.score(.line(number: index + 1, bytes: Array(line.utf8)))
                var bytes: [UInt8] = []
                scorer.write(outcome, into: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == scorer.record(outcome), "line \(index + 1)")
            }
            let tooLong = scorer.score(.tooLong(number: 99))
            var bytes: [UInt8] = []
            scorer.write(tooLong, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == scorer.record(tooLong))
        }
    }
}
