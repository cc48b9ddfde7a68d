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

    /// The one engine and writer against the old ones (`ReferenceOracle.swift`): the same
    /// assessment field by field, and the same bytes, compact and indented.
    private func agreeWithReference(_ input: Case, at time: Timestamp?, _ name: String) -> Bool {
        let assessment = engine.assess(input, at: time)
        let expected = ReferenceAssessment(assessing: input, at: time, knowledge: knowledge)
        #expect(ReferenceAssessment(assessment) == expected, "\(name)")
        for language in Language.allCases {
            let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
            let tree = referenceJSON(assessment, knowledge, language)
            #expect(renderer.json(assessment, pretty: false) == tree.serialized(pretty: false), "\(name) \(language)")
            #expect(renderer.json(assessment) == tree.serialized(pretty: true), "\(name) \(language)")
        }
        return ReferenceAssessment(assessment) == expected
    }

    @Test("the engine and writer give the old engine's result and the old tree's bytes for generated cases", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func generated() {
        let moments: [Timestamp?] = [nil, Timestamp(iso8601: "2026-11-23T10:00:00+01:00"), Timestamp(iso8601: "2026-11-22T03:00:00Z")]
        for (index, input) in generatedCases(count: 600, seed: 8).enumerated() {
            if !agreeWithReference(input, at: moments[index % moments.count], "case \(index)") { return }
        }
    }

    @Test("the engine and writer give the old engine's result and the old tree's bytes for every indicator example", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func examples() {
        for (name, input) in allExamples { _ = agreeWithReference(input, at: nil, name) }
    }

    @Test("answers the catalogue does not know count for nothing; a note on them is still kept")
    func unknownIDs() {
        var input = generatedCases(count: 1, seed: 5)[0]
        input.answers["not.in_catalogue"] = CaseAnswer(.yes, note: "n")
        #expect(agreeWithReference(input, at: nil, "unknown id"))
        #expect(engine.assess(input).answerNotes["not.in_catalogue"] == "n")
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
        let input = try #require(generatedCases(count: 50, seed: 3).first { !engine.assess($0).signals.isEmpty && !engine.assess($0).route.isEmpty })
        var writer = AssessmentWriter(renderer: AssessmentRenderer(knowledge: knowledge, language: .en))
        for assessment in [engine.assess(input), other.assess(input), engine.assess(input)] {
            var bytes: [UInt8] = []
            writer.write(assessment, into: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == referenceJSON(assessment, knowledge, .en).serialized(pretty: false))
        }
        #expect(other.assess(input).signals.first?.indicator.question.en.hasPrefix("changed") == true)
    }

    @Test("the route is the old sort's: by urgency, then table order, each step id once, for every situation", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func routeOrder() {
        let table = knowledge.routing
        for situation in table.situations {
            #expect(table.steps(for: situation) == referenceRoute(table, situation), "\(situation)")
            #expect(table.route(for: situation) == RouteStep.mergedByParty(referenceRoute(table, situation)), "\(situation)")
            #expect(table.notes(for: situation) == table.notes.filter { $0.when.matches(situation) }, "\(situation)")
            #expect(
                engine.compiled.router.route(for: situation, rules: .acuteOnly)
                    == referenceRoute(table, situation, onlyAcuteRules: true), "\(situation)")
        }
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
