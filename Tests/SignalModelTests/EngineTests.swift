import Testing

@testable import SignalModel

/// All examples of all indicators, as (name, case) pairs for the invariant tests.
let allExamples: [(String, Case)] = knowledge.catalog.indicators.flatMap { indicator in
    indicator.examples.enumerated().map { ("\(indicator.id)#\($0.offset + 1)", exampleCase($0.element)) }
} + knowledge.catalog.combinations.flatMap { combination in
    combination.examples.enumerated().map {
        ("\(combination.id)#\($0.offset + 1)", Case(context: $0.element.context, answers: $0.element.answers.mapValues { CaseAnswer($0) }))
    }
}

@Suite("Engine invariants")
struct EngineTests {
    @Test("scoring follows the catalogue's thresholds and kinds")
    func thresholds() throws {
        let catalog = knowledge.catalog
        let weighted = catalog.indicators.filter { $0.kind == .weighted }
        let one = try #require(weighted.first { $0.weight < catalog.scoring.suspicionAt })
        let result = scored([one.id: .yes], acuteDanger: .no)
        #expect(result.score == one.weight)
        #expect(result.level == (one.weight >= catalog.scoring.attentionAt ? .attention : .none))
        let hard = try #require(catalog.indicators.first { $0.kind == .hard })
        #expect(scored([hard.id: .yes], acuteDanger: .no).level == .suspicion)
        let acute = try #require(catalog.indicators.first { $0.kind == .acute })
        #expect(scored([acute.id: .yes], acuteDanger: .no).level == .acute)
        #expect(scored([:], acuteDanger: .yes).level == .acute)
        #expect(scored([:], acuteDanger: .unknown).level == .none)
        // Enough weighted yeses reach suspicion without any hard trigger.
        var answers: [String: Answer] = [:]
        var total = 0
        for indicator in weighted where total < catalog.scoring.suspicionAt {
            answers[indicator.id] = .yes
            total += indicator.weight
        }
        #expect(scored(answers, acuteDanger: .no) == (total, .suspicion))
    }

    @Test("answer order does not change the result", arguments: allExamples.map(\.0))
    func answerOrder(name: String) throws {
        let input = try #require(allExamples.first { $0.0 == name }?.1)
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .en)
        let expected = renderer.json(engine.assessment(of: input), pretty: false)
        // Write the answers into JSON in reverse order and decode: same bytes out.
        let reversed = input.answers.sorted { $0.key > $1.key }.map { "\"\($0.key)\": \"\($0.value.answer.rawValue)\"" }
        let forward = input.answers.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \"\($0.value.answer.rawValue)\"" }
        // The offence can change the route (drug smuggling at the border), so it travels along.
        let offence = input.context.offence.map { #", "offence": "\#($0)""# } ?? ""
        for answers in [reversed, forward] {
            let text = """
                {"version": 1, "answers": {\(answers.joined(separator: ", "))},
                 "context": {"age": \(input.context.age ?? 14), "role": "\(input.context.role.rawValue)",
                 "acuteDanger": "\(input.context.acuteDanger.rawValue)", "guardianPresent": "\(input.context.guardianPresent.rawValue)",
                 "registeredInNL": "\(input.context.registeredInNL.rawValue)"\(offence)}}
                """
            let decoded = try Case.decode(Array(text.utf8), knowledge: knowledge)
            #expect(renderer.json(engine.assessment(of: decoded), pretty: false) == expected)
        }
    }

    @Test("language changes the words, never the result", arguments: allExamples.map(\.0))
    func language(name: String) throws {
        let input = try #require(allExamples.first { $0.0 == name }?.1)
        let assessment = engine.assessment(of: input)
        let dutch = try JSONParser.parse(AssessmentRenderer(knowledge: knowledge, language: .nl).json(assessment))
        let english = try JSONParser.parse(AssessmentRenderer(knowledge: knowledge, language: .en).json(assessment))
        #expect(Self.languageFree(dutch.value) == Self.languageFree(english.value))
        // What is compared still carries the result (level, score, every route step), and the words
        // did change: the comparison is not between two emptied documents.
        let kept = Self.languageFree(dutch.value).serialized(pretty: false)
        #expect(kept.contains("\"level\":\"\(assessment.level.rawValue)\""), "\(kept)")
        #expect(kept.contains("\"score\":\"#\(assessment.score)\""), "\(kept)")
        for step in assessment.route { #expect(kept.contains("\"\(step.id)\""), "\(step.id)") }
        #expect(AssessmentRenderer(knowledge: knowledge, language: .nl).json(assessment) != AssessmentRenderer(knowledge: knowledge, language: .en).json(assessment))
    }

    /// The JSON result with every free text removed (and positions dropped): what must not depend
    /// on the language.
    static func languageFree(_ value: JSONValue) -> JSONOutput {
        let textKeys: Set<String> = ["levelName", "question", "partyName", "action", "why", "text", "name", "rationale"]
        switch value {
        case .object(let members):
            return .object(members.filter { !textKeys.contains($0.key) }.map { ($0.key, languageFree($0.value.value)) })
        case .array(let elements): return .array(elements.map { languageFree($0.value) })
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let text): return .string("#" + text)
        case .string(let text): return .string(text)
        }
    }

    @Test("a free-text note never changes the score, level or route", arguments: allExamples.map(\.0))
    func notes(name: String) throws {
        var input = try #require(allExamples.first { $0.0 == name }?.1)
        let before = engine.assessment(of: input)
        for id in input.answers.keys { input.answers[id]?.note = "zegt dat zijn oom boos wordt als hij niets meeneemt" }
        let after = engine.assessment(of: input)
        #expect(after.score == before.score)
        #expect(after.level == before.level)
        #expect(after.route == before.route)
        #expect(after.signals.map(\.indicator.id) == before.signals.map(\.indicator.id))
    }

    @Test("adding a yes never lowers the level", arguments: allExamples.map(\.0))
    func monotone(name: String) throws {
        let input = try #require(allExamples.first { $0.0 == name }?.1)
        let before = engine.assessment(of: input).level
        for indicator in knowledge.catalog.indicators where input.answers[indicator.id]?.answer != .yes {
            var more = input
            more.answers[indicator.id] = CaseAnswer(.yes)
            #expect(engine.assessment(of: more).level >= before, "yes to \(indicator.id) lowered \(name)")
        }
    }

    @Test("unknown is never scored as no: it is listed to check and can only raise the outlook", arguments: knowledge.catalog.indicators)
    func unknownIsNotNo(indicator: Indicator) {
        let context = CaseContext(age: 14, role: .zsm, acuteDanger: .no, guardianPresent: .yes, registeredInNL: .yes)
        let unknown = engine.assessment(of: Case(context: context, answers: [indicator.id: CaseAnswer(.unknown)]))
        let no = engine.assessment(of: Case(context: context, answers: [indicator.id: CaseAnswer(.no)]))
        #expect(unknown.openQuestions.contains { $0.indicator.id == indicator.id && $0.reason == .answeredUnknown })
        #expect(!no.openQuestions.contains { $0.indicator.id == indicator.id })
        #expect(no.ruledOut.map(\.id) == [indicator.id])
        #expect(unknown.ruledOut.isEmpty)
        let yes = engine.assessment(of: Case(context: context, answers: [indicator.id: CaseAnswer(.yes)]))
        #expect(unknown.levelIfOpenConfirmed >= yes.level)
    }

    @Test("an override is recorded beside the computed level and the route follows it")
    func override() throws {
        let context = CaseContext(age: 13, role: .police, acuteDanger: .no, guardianPresent: .yes, registeredInNL: .yes)
        let plain = engine.assessment(of: Case(context: context))
        let overridden = engine.assessment(of: 
            Case(context: context, override: Override(level: .suspicion, reason: "gedrag wijst op instructies")))
        #expect(plain.level == .none)
        #expect(overridden.level == .none)
        #expect(overridden.override?.level == .suspicion)
        #expect(overridden.routeLevel == .suspicion)
        #expect(overridden.situation.level == .suspicion)
        // The route is the one a case in the same context reaches at suspicion by its answers
        // (found among the catalogue's examples, not computed from the override), not the plain one.
        let reached = allExamples.lazy.map { engine.assessment(of: Case(context: context, answers: $0.1.answers)) }
            .first { $0.level == .suspicion && !$0.signals.contains { $0.indicator.kind == .acute } }
        let natural = try #require(reached, "no example reaches suspicion in this context")
        #expect(overridden.route.map(\.id) == natural.route.map(\.id))
        #expect(overridden.route.map(\.id) != plain.route.map(\.id))
        #expect(!overridden.route.isEmpty)
    }

    @Test("an override below an acute level keeps 112 first: the route stays acute")
    func overrideCannotRemoveAcute() throws {
        let acuteIndicator = try #require(knowledge.catalog.indicators.first { $0.kind == .acute })
        let context = CaseContext(age: 13, role: .police, acuteDanger: .no, guardianPresent: .yes, registeredInNL: .yes)
        for lower in [Level.none, .attention, .suspicion] {
            let assessment = engine.assessment(of: 
                Case(
                    context: context, answers: [acuteIndicator.id: CaseAnswer(.yes)],
                    override: Override(level: lower, reason: "lager ingeschat")))
            #expect(assessment.level == .acute)
            #expect(assessment.routeLevel == lower)
            #expect(assessment.situation.acute == .yes)
            #expect(assessment.route.first?.party == "police_emergency", "override \(lower) removed 112")
        }
    }

    @Test("with no offence, the broad 'check next' list (the catalogue's clauses for 'other') is listed as not answered, most telling first")
    func notAnswered() {
        let context = CaseContext(age: 14, role: .police)
        let assessment = engine.assessment(of: Case(context: context))
        let broad = knowledge.catalog.indicators.filter {
            $0.isCheckNext(offence: "other", role: .police, ageBand: .minor, in: knowledge.catalog, isYes: { _ in false })
        }
        #expect(broad.count >= 5 && broad.count <= 8)
        #expect(Set(assessment.openQuestions.map(\.indicator.id)) == Set(broad.map(\.id)))
        #expect(assessment.openQuestions.allSatisfy { $0.reason == .notAnswered })
        // Hard signals (a yes decides the level alone) come before weighted ones.
        let kinds = assessment.openQuestions.map(\.indicator.kind)
        #expect(kinds == kinds.filter { $0 == .hard } + kinds.filter { $0 != .hard })
        #expect(engine.assessment(of: Case(context: CaseContext(age: 14, role: .police, offence: "other"))).openQuestions == assessment.openQuestions)
    }

    @Test("office hours are Dutch: the instant is read in Europe/Amsterdam whatever offset the case wrote")
    func officeHours() throws {
        let monday = try #require(Timestamp(iso8601: "2026-11-23T10:15:00+01:00"))
        let saturday = try #require(Timestamp(iso8601: "2026-11-21T23:40:00+01:00"))
        let evening = try #require(Timestamp(iso8601: "2026-11-23T17:00:00Z"))
        #expect(monday.weekday == 1)
        #expect(saturday.weekday == 6)
        #expect(engine.officeHours(at: monday) == .yes)
        #expect(engine.officeHours(at: saturday) == .no)
        #expect(engine.officeHours(at: evening) == .no)
        #expect(engine.officeHours(at: nil) == .unknown)
        // The opening minute counts, the closing minute does not; Dutch local time (issue 20.8).
        #expect(engine.officeHours(at: Timestamp(iso8601: "2026-11-23T09:00:00+01:00")) == .yes)
        #expect(engine.officeHours(at: Timestamp(iso8601: "2026-11-23T08:59:59+01:00")) == .no)
        #expect(engine.officeHours(at: Timestamp(iso8601: "2026-11-23T16:59:59+01:00")) == .yes)
        // 08:00 UTC is 09:00 in NL (CET): open. 09:00+02:00 is 08:00 in NL: not yet.
        #expect(engine.officeHours(at: Timestamp(iso8601: "2026-11-23T08:00:00Z")) == .yes)
        #expect(engine.officeHours(at: Timestamp(iso8601: "2026-11-23T09:00:00+02:00")) == .no)
        #expect(engine.officeHours(at: Timestamp(iso8601: "2026-11-23T07:59:00Z")) == .no)
        for bad in ["2026-02-30T10:00:00Z", "2026-11-23T10:00:00", "2026-11-23", "23-11-2026 10:00", "2026-11-23T25:00Z"] {
            #expect(Timestamp(iso8601: bad) == nil, "\(bad) accepted")
        }
    }
}
