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

    @Test("the compact writer gives the tree's bytes for generated cases", arguments: Language.allCases)
    func compactGenerated(language: Language) {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
        var writer = CompactAssessmentWriter(renderer: renderer)
        let moments: [Timestamp?] = [nil, Timestamp(iso8601: "2026-11-23T10:00:00+01:00"), Timestamp(iso8601: "2026-11-22T03:00:00Z")]
        for (index, input) in generatedCases(count: 600, seed: 8).enumerated() {
            let assessment = engine.assess(input, at: moments[index % moments.count])
            var bytes: [UInt8] = []
            writer.write(assessment, into: &bytes)
            let expected = renderer.json(assessment).serialized(pretty: false)
            #expect(String(decoding: bytes, as: UTF8.self) == expected, "case \(index)")
            if String(decoding: bytes, as: UTF8.self) != expected { return }
        }
    }

    @Test("the compact writer gives the tree's bytes for every indicator example")
    func compactExamples() {
        for language in Language.allCases {
            let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
            var writer = CompactAssessmentWriter(renderer: renderer)
            for (name, input) in allExamples {
                let assessment = engine.assess(input)
                var bytes: [UInt8] = []
                writer.write(assessment, into: &bytes)
                #expect(String(decoding: bytes, as: UTF8.self) == renderer.json(assessment).serialized(pretty: false), "\(name)")
            }
        }
    }

    @Test("a changed indicator or step under a cached id is written afresh")
    func cacheKeysHoldTheirValue() throws {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .en)
        var writer = CompactAssessmentWriter(renderer: renderer)
        let input = try #require(generatedCases(count: 50, seed: 3).first { !engine.assess($0).signals.isEmpty && !engine.assess($0).route.isEmpty })
        var assessment = engine.assess(input)
        var bytes: [UInt8] = []
        writer.write(assessment, into: &bytes)
        assessment.signals[0].indicator.question = LocalizedText(nl: "anders", en: "changed \u{2028}")
        assessment.route[0].why = LocalizedText(nl: "anders", en: "changed why")
        bytes = []
        writer.write(assessment, into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == renderer.json(assessment).serialized(pretty: false))
    }

    @Test("the route is the old sort's: by urgency, then table order, each step id once, for every situation")
    func routeOrder() {
        let table = knowledge.routing
        for situation in knowledge.routing.situations {
            var seen = Set<String>()
            var steps: [(offset: Int, step: RouteStep)] = []
            for rule in table.matchingRules(for: situation) {
                for step in rule.steps where seen.insert(step.id).inserted { steps.append((steps.count, step)) }
            }
            let expected = steps.sorted { left, right in
                left.step.urgency != right.step.urgency ? left.step.urgency < right.step.urgency : left.offset < right.offset
            }.map(\.step)
            #expect(table.route(for: situation) == expected, "\(situation)")
        }
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
