import Testing

@testable import SignalModel

/// Compact records in the library (issue 24): the batch's fused path writes what the plain path
/// writes, and the ids a compact record names mean one thing each in the knowledge document.
@Suite("Record forms: full and compact")
struct RecordFormTests {
    @Test("writeInt writes every whole number as Swift prints it (digits on the stack, no String per number)")
    func wholeNumbers() {
        for value in [0, 9, 10, 11, 99, 100, 4_711, -1, -9, -10, -12_345, 1 << 40, Int.max, Int.min] {
            var bytes: [UInt8] = [0x78]
            JSONOutput.writeInt(value, into: &bytes)
            #expect(bytes == [0x78] + Array(String(value).utf8), "\(value)")
        }
    }

    @Test("compact: scoreAndWrite gives the bytes and tallies of score + write, and the renderer's one-line JSON")
    func fusedEqualsPlain() {
        let time = Timestamp(iso8601: "2026-11-23T10:00:00+01:00")
        for language in Language.allCases {
            var fused = BatchScorer(knowledge: knowledge, language: language, time: time, records: .compact)
            var plain = BatchScorer(knowledge: knowledge, language: language, time: time, records: .compact)
            let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
            for (index, input) in generatedCases(count: 300, seed: 31).enumerated() {
                let line = Array(input.encoded(order: knowledge.catalog).serialized(pretty: false).utf8)
                let event = LineSplitter.Event.line(number: index + 1, bytes: line)
                var fast: [UInt8] = []
                let failure = fused.scoreAndWrite(event, into: &fast)
                let outcome = plain.score(event)
                var expected: [UInt8] = []
                plain.write(outcome, into: &expected)
                #expect(fast == expected, "case \(index)")
                guard case .scored(let assessment) = outcome else {
                    // Some generated cases are refused (a blank override reason, a bidi mark in the reference).
                    if case .failed(let error) = outcome { #expect(failure == error) }
                    continue
                }
                #expect(failure == nil, "case \(index)")
                #expect(String(decoding: fast, as: UTF8.self) == renderer.json(assessment, pretty: false, records: .compact))
                #expect(plain.record(outcome) == renderer.json(assessment, pretty: false, records: .compact))
                #expect(fast.starts(with: Array(#"{"outputVersion":1,"records":"compact","#.utf8)))
            }
            #expect(fused.tally == plain.tally && fused.tally.scored > 200)
        }
    }

    @Test("a step id names one step: every rule that repeats it repeats the same step (the knowledge document lists it once)")
    func stepIDsAreUnique() {
        var seen: [String: RouteStep] = [:]
        for rule in knowledge.routing.rules {
            for step in rule.steps {
                if let earlier = seen[step.id] { #expect(earlier == step, "step \(step.id) in rule \(rule.id)") }
                seen[step.id] = seen[step.id] ?? step
            }
        }
        let listed = KnowledgeRenderer(knowledge: knowledge, language: .en).steps
        #expect(Set(listed.map(\.id)).count == listed.count)
        #expect(Set(listed.map(\.id)) == Set(seen.keys))
    }

    @Test("the full record is unchanged by the writer's compact fragments: one writer per form, same assessment")
    func formsDoNotMix() {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .nl)
        let engine = Engine(knowledge: knowledge)
        for input in generatedCases(count: 40, seed: 5) {
            let assessment = engine.assessment(of: input)
            let full = renderer.json(assessment, pretty: false)
            #expect(full == renderer.json(assessment, pretty: false, records: .full))
            #expect(full.hasPrefix(#"{"outputVersion":1,"records":"full","catalogVersion":"#))
            #expect(renderer.json(assessment, pretty: false, records: .compact).utf8.count * 3 < full.utf8.count)
        }
    }
}
