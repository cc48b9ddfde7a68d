// A tiny client of the SignalModel library, as a web form, an iOS app or a case system would use
// it: build a case in code, assess it, render it. It uses only the public API (`import
// SignalModel` for the library, `import SignalKnowledge` for the knowledge built into it; no
// @testable, no package access); a test type-checks this file on its own to keep it that way.
// Run it with `swift run SignalModelExample`.
import SignalKnowledge
import SignalModel

// The knowledge built into the library: catalogue, routing table, contacts and texts.
let knowledge = Knowledge.bundled
let engine = Engine(knowledge: knowledge)

// A synthetic case: a 15-year-old stopped by the police, with three answers. No names, no BSN.
let facts = CaseContext(
    age: 15, role: .police, offence: "drug_running", acuteDanger: .no, guardianPresent: .yes, registeredInNL: .yes,
    assessedAt: Timestamp(iso8601: "2026-11-23T10:00:00+01:00"))
let input = Case(
    reference: "EXAMPLE-1", context: facts,
    answers: [
        "instigation.remote_instructions": CaseAnswer(.yes, note: "instructions came by phone"),
        "proceeds.handed_over": CaseAnswer(.yes),
        "coercion.debt_bondage": CaseAnswer(.unknown),
    ])

// Assess: a signal to act on, not a verdict.
let assessment = try engine.assess(input)  // an id the catalogue does not know is refused, named
print("level: \(assessment.level.rawValue) (score \(assessment.score))")
print("route: " + assessment.route.map { "\($0.urgency.rawValue) \($0.party)" }.joined(separator: ", "))

// Render for people (Dutch) and for systems (JSON, English texts).
print(AssessmentRenderer(knowledge: knowledge, language: .nl).text(assessment))
print(AssessmentRenderer(knowledge: knowledge, language: .en).json(assessment, pretty: false))
