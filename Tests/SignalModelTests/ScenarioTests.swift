import Foundation
import Testing

@testable import SignalModel

/// The test-owned scenarios under Tests/Fixtures/scenarios (valid ones at the top level).
enum ScenarioFixtures {
    /// SIGNAAL_UPDATE_GOLDEN=1: writes the engine's route as a bundled scenario's expected route
    /// (`Resources/scenarios/ID.json`, `expected.route`; the rest of the file as it is) and fails the
    /// run naming the file, so the diff is reviewed. The route is a generated file: never hand-edit it.
    static func rewriteExpectedRoute(_ id: String, to route: [String]) throws {
        let url = repositoryRoot.appendingPathComponent("Resources/scenarios/\(id).json")
        let text = try String(contentsOf: url, encoding: .utf8)
        let expected = try #require(text.range(of: "\n  \"expected\": {"), "\(id): no expected block")
        let start = try #require(text.range(of: "\"route\": [", range: expected.upperBound..<text.endIndex), "\(id): no expected route")
        let end = try #require(text.range(of: "]", range: start.upperBound..<text.endIndex))
        let list = route.isEmpty ? "" : "\n" + route.map { "      \"\($0)\"" }.joined(separator: ",\n") + "\n    "
        try GoldenUpdate.write(text.replacingCharacters(in: start.upperBound..<end.lowerBound, with: list), to: url)
    }

    static let directory = repositoryRoot.appendingPathComponent("Tests/Fixtures/scenarios")

    static func bytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(relativePath)))
    }

    static func load(_ relativePath: String) throws -> Scenario {
        try Scenario.decode(try bytes(relativePath), knowledge: knowledge)
    }

    /// The valid fixtures' file names.
    static var validNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    /// The bundled scenarios (empty when they do not decode; `bundledDecode` reports that).
    static let bundled: [Scenario] = (try? Scenario.bundled(in: knowledge)) ?? []

    /// A fixture as a mutable JSON object, for building broken variants.
    static func object(_ relativePath: String) throws -> [String: Any] {
        let data = Data(try bytes(relativePath))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Decodes a JSON object as a scenario, returning the error it throws.
    static func error(decoding object: [String: Any]) throws -> SignalError? {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        do {
            _ = try Scenario.decode(Array(data), knowledge: knowledge)
            return nil
        } catch {
            return error
        }
    }
}

@Suite("Scenarios: bundled data")
struct ScenarioBundleTests {
    @Test("the bundled scenarios decode")
    func bundledDecode() {
        do {
            _ = try Scenario.bundled(in: knowledge)
        } catch {
            Issue.record("bundled scenario invalid: \(error.message(knowledge.texts, .en))")
        }
    }

    @Test("at least 12 scenarios are bundled, at least two of which teach the profile trap")
    func coverage() {
        let scenarios = ScenarioFixtures.bundled
        #expect(scenarios.count >= 12, "\(scenarios.count) bundled scenarios")
        #expect(scenarios.filter(\.teachesProfileTrap).count >= 2)
    }

    @Test("every bundled scenario passes check: the engine gives exactly the expected level and route (SIGNAAL_UPDATE_GOLDEN=1 rewrites the expected route)", arguments: ScenarioFixtures.bundled)
    func bundledPasses(scenario: Scenario) throws {
        var result = ScenarioCheck.run(scenario, engine: engine)
        if GoldenUpdate.updating && !result.routeDifference.isEmpty {
            try ScenarioFixtures.rewriteExpectedRoute(scenario.id, to: result.route)
            result.scenario.expected.route = result.route
        }
        let renderer = ScenarioRenderer(knowledge: knowledge, language: .en)
        let passed = result.passed
        let problems = renderer.difference(result) + renderer.citationProblems(result) + renderer.evidenceProblems(result)
        #expect(passed, "\(scenario.id):\n\(problems.joined(separator: "\n"))")
    }

    @Test("every yes or no of a bundled scenario names at least one sentence of the story told by then", arguments: ScenarioFixtures.bundled)
    func bundledEvidence(scenario: Scenario) {
        #expect(ScenarioCheck.evidenceProblems(scenario) == [], "\(scenario.id)")
        for question in scenario.questions where question.expert != .unknown {
            #expect(!question.evidence.isEmpty, "\(scenario.id) \(question.indicator)")
        }
    }

    @Test("every bundled scenario has distinct Dutch and English texts", arguments: ScenarioFixtures.bundled)
    func bothLanguages(scenario: Scenario) {
        var texts = [scenario.title, scenario.summary] + scenario.teachingPoints
        for stage in scenario.stages { texts += [stage.narrative] + stage.questions.map(\.reason) }
        for text in texts { #expect(text.nl != text.en, "\(scenario.id): \(text.en)") }
    }
}

@Suite("Scenarios: decoding")
struct ScenarioDecodingTests {
    @Test("the valid fixtures decode and pass check", arguments: ScenarioFixtures.validNames)
    func fixturesPass(name: String) throws {
        let scenario = try ScenarioFixtures.load(name)
        let result = ScenarioCheck.run(scenario, engine: engine)
        #expect(result.passed, "\(ScenarioRenderer(knowledge: knowledge, language: .en).difference(result))")
    }

    @Test("the fixture decodes to the documented fields")
    func fields() throws {
        let scenario = try ScenarioFixtures.load("fixture_grandfather_trolley.json")
        #expect(scenario.id == "fixture_grandfather_trolley")
        #expect(scenario.tags == ["shoplifting", "under12"])
        #expect(scenario.context.age == 10 && scenario.context.role == .police && scenario.context.offence == "shoplifting")
        #expect(scenario.stages.count == 2)
        #expect(scenario.questions.map(\.indicator) == [
            "instigation.adult_nearby", "instigation.adult_instructs_at_scene", "proceeds.handed_over",
        ])
        #expect(scenario.expected.level == .attention)
        #expect(scenario.case.answers.mapValues(\.answer) == scenario.expertAnswers)
        #expect(scenario.case.context == scenario.context)
    }

    /// A broken variant of the fixture, the path the error must name and the kind it must have.
    static var broken: [(String, (inout [String: Any]) -> Void, String, SignalErrorKind)] {
        [
        ("newer version", { $0["version"] = 2 }, "$.version", .unsupportedVersion(found: "2", supported: 1)),
        ("unknown key", { $0["titel"] = ["nl": "x", "en": "x"] }, "$.titel", .unknownKey("titel", suggestion: "title")),
        ("missing expected", { $0["expected"] = nil }, "$", .missingKey("expected")),
        (
            "unknown indicator",
            { edit(&$0, stage: 0, question: 0) { $0["indicator"] = "instigation.adult_nearbye" } },
            "$.stages[0].questions[0].indicator", .unknownIndicator("instigation.adult_nearbye", suggestion: "instigation.adult_nearby")
        ),
        (
            "indicator asked twice",
            { edit(&$0, stage: 1, question: 0) { $0["indicator"] = "instigation.adult_nearby" } },
            "$.stages[1].questions[0].indicator",
            .inconsistentCatalog("indicator instigation.adult_nearby is already asked at $.stages[0].questions[0]")
        ),
        (
            "question without citations",
            { edit(&$0, stage: 0, question: 1) { $0["citations"] = [Any]() } },
            "$.stages[0].questions[1].citations", .badLength(min: 1, max: 100)
        ),
        (
            "stage without citations",
            { edit(&$0, stage: 1) { $0["citations"] = [Any]() } }, "$.stages[1].citations", .badLength(min: 1, max: 100)
        ),
        (
            "narrative without English",
            { edit(&$0, stage: 0) { $0["narrative"] = ["nl": "Een meisje."] } }, "$.stages[0].narrative", .missingKey("en")
        ),
        (
            "expert answer not yes/no/unknown",
            { edit(&$0, stage: 0, question: 0) { $0["expert"] = "maybe" } }, "$.stages[0].questions[0].expert",
            .invalidValue("maybe", allowed: ["yes", "no", "unknown"])
        ),
        (
            "profile attribute in the context",
            { var context = $0["context"] as? [String: Any] ?? [:]; context["ethnicity"] = "x"; $0["context"] = context },
            "$.context.ethnicity", .profileAttribute("ethnicity")
        ),
        ("no stages", { $0["stages"] = [Any]() }, "$.stages", .badLength(min: 1, max: 40)),
        ("no teaching points", { $0["teachingPoints"] = [Any]() }, "$.teachingPoints", .badLength(min: 1, max: 100)),
        ("upper-case id", { $0["id"] = "Fixture" }, "$.id", .invalidValue("Fixture", allowed: ["[a-z0-9_.]+"])),
    ]}

    static func edit(_ object: inout [String: Any], stage: Int, question: Int? = nil, _ change: (inout [String: Any]) -> Void) {
        guard var stages = object["stages"] as? [[String: Any]] else { return }
        if let question {
            guard var questions = stages[stage]["questions"] as? [[String: Any]] else { return }
            change(&questions[question])
            stages[stage]["questions"] = questions
        } else {
            change(&stages[stage])
        }
        object["stages"] = stages
    }

    @Test("strict: each broken variant is refused with the exact error and path", arguments: 0..<broken.count)
    func strict(index: Int) throws {
        let (name, change, path, kind) = Self.broken[index]
        var object = try ScenarioFixtures.object("fixture_grandfather_trolley.json")
        change(&object)
        let error = try #require(try ScenarioFixtures.error(decoding: object), "\(name): accepted")
        #expect(error.kind == kind, "\(name)")
        #expect(error.location.path?.description == path, "\(name)")
    }

    @Test("a route step the routing table does not know is refused, closest id first")
    func unknownRouteStep() throws {
        var object = try ScenarioFixtures.object("fixture_grandfather_trolley.json")
        object["expected"] = ["level": "attention", "route": ["zorgmelding_under_12"]]
        let error = try #require(try ScenarioFixtures.error(decoding: object))
        #expect(error.location.path?.description == "$.expected.route[0]")
        guard case .invalidValue(let value, let allowed) = error.kind else {
            Issue.record("wrong kind \(error.kind)")
            return
        }
        #expect(value == "zorgmelding_under_12")
        #expect(allowed.first == "zorgmelding_under12")
    }

    @Test("syntax errors are located")
    func syntax() {
        #expect(throws: SignalError.self) { try Scenario.decode(Array("{\"version\": 1,".utf8), knowledge: knowledge) }
    }

    @Test("two bundled-style files with the same id: the second is refused")
    func duplicateIDs() throws {
        let bytes = try ScenarioFixtures.bytes("fixture_grandfather_trolley.json")
        let outcomes = ScenarioCheck.check(files: [("a.json", bytes), ("b.json", bytes)], knowledge: knowledge)
        #expect(outcomes.first?.passed == true)
        guard case .invalid(let error) = outcomes.last else {
            Issue.record("duplicate id accepted")
            return
        }
        #expect(error.location.file == "b.json")
        #expect(error.kind == .inconsistentCatalog("scenario id fixture_grandfather_trolley is also used by a.json"))
    }
}

@Suite("Scenarios: check and route difference")
struct ScenarioCheckTests {
    @Test("missing, extra and out-of-order steps are named with their positions")
    func routeDifference() {
        let difference = RouteDifference(expected: ["a", "b", "c", "d", "e"], actual: ["a", "x", "d", "c", "e"])
        #expect(!difference.isEmpty)
        #expect(difference.missing.map(\.step) == ["b"])
        #expect(difference.missing.map(\.position) == [2])
        #expect(difference.extra.map(\.step) == ["x"])
        #expect(difference.extra.map(\.position) == [2])
        #expect(difference.outOfOrder == [RouteDifference.Moved(step: "c", expectedPosition: 3, actualPosition: 4)])
        let same = RouteDifference(expected: ["a", "b"], actual: ["a", "b"])
        #expect(same.isEmpty && same.missing.isEmpty && same.extra.isEmpty && same.outOfOrder.isEmpty)
    }

    @Test("the deliberately wrong fixture fails with the exact readable difference")
    func wrongFixture() throws {
        let scenario = try ScenarioFixtures.load("wrong/fixture_wrong_expectations.json")
        let result = ScenarioCheck.run(scenario, engine: engine)
        #expect(!result.passed)
        #expect(result.level == .attention)
        let text = ScenarioRenderer(knowledge: knowledge, language: .en).check(.checked(result), file: "wrong.json")
        #expect(
            text == """
                FAIL wrong.json — fixture_wrong_expectations
                  level: expected suspicion, the engine gives attention
                  route: expected 4 steps, the engine gives 3
                    missing: call_112 (expected as step 1)
                    missing: establish_custody (expected as step 2)
                    missing: zorgmelding_under12 (expected as step 3)
                    extra: zorgmelding_under12_signals (step 1 from the engine)
                    extra: avim_adults_under12 (step 2 from the engine)
                  expected route: call_112, establish_custody, zorgmelding_under12,
                    comensha_helpdesk_stuck
                  engine route:   zorgmelding_under12_signals, avim_adults_under12,
                    comensha_helpdesk_stuck

                """)
    }

    @Test("check reads no clock: office hours follow the scenario's assessedAt (the Saturday-night arrest moved to Monday 10:15 gets another route)")
    func deterministic() throws {
        let night = try #require(try Scenario.bundled(in: knowledge).first { $0.id == "night_arrest_no_guardian" })
        #expect(night.context.assessedAt == Timestamp(iso8601: "2026-11-21T23:40:00+01:00"))
        var day = night
        day.context.assessedAt = Timestamp(iso8601: "2026-11-23T10:15:00+01:00")
        #expect(day.context.assessedAt?.weekday == 1)
        let atNight = ScenarioCheck.run(night, engine: engine)
        let atDay = ScenarioCheck.run(day, engine: engine)
        // Whenever this runs, the night scenario gets its expected (after-hours) route and the moved
        // one does not: a check that read the clock would give both the same route.
        #expect(atNight.passed)
        #expect(atNight.route == night.expected.route)
        #expect(atDay.level == atNight.level)
        #expect(atDay.route != atNight.route, "\(atDay.route)")
    }
}

@Suite("Scenarios: evidence for the expert's answers")
struct ScenarioEvidenceTests {
    /// A two-stage scenario: stage 1 tells of a man who nods, stage 2 of the loot handed over.
    static func scenario(
        first: [ScenarioQuestion], second: [ScenarioQuestion] = []
    ) -> Scenario {
        let cite = [Citation(source: "000_e80dfccad85e2995.txt", lines: 1984...1984, quote: "de minderjarige staat de buit of winst (deels) af")]
        return Scenario(
            id: "evidence_test", title: LocalizedText(nl: "t", en: "t"), summary: LocalizedText(nl: "s", en: "s"),
            context: CaseContext(age: 13),
            stages: [
                ScenarioStage(
                    narrative: LocalizedText(
                        nl: "Op de markt knikt een man steeds naar een tas. De jongen pakt de portemonnee.",
                        en: "At the market a man keeps nodding at a bag. The boy takes the purse."),
                    citations: cite, questions: first),
                ScenarioStage(
                    narrative: LocalizedText(
                        nl: "Op de beelden geeft de jongen de portemonnee  meteen\naan de man.",
                        en: "On the footage the boy hands the purse straight to the man."),
                    citations: cite, questions: second),
            ],
            expected: ScenarioExpectation(level: .none, route: []), teachingPoints: [LocalizedText(nl: "p", en: "p")])
    }

    static func question(_ id: String, _ answer: Answer, reason: LocalizedText = LocalizedText(nl: "Ja. x", en: "Yes. x"), _ evidence: [LocalizedText]) -> ScenarioQuestion {
        ScenarioQuestion(indicator: id, expert: answer, reason: reason, citations: [], evidence: evidence)
    }

    static let nodding = LocalizedText(nl: "knikt een man steeds naar een tas", en: "a man keeps nodding at a bag")
    static let handing = LocalizedText(nl: "geeft de jongen de portemonnee meteen aan de man", en: "the boy hands the purse straight to the man")

    @Test("a quote from this stage or an earlier one passes, whitespace folded; none is needed for unknown")
    func told() {
        let scenario = Self.scenario(
            first: [Self.question("instigation.adult_instructs_at_scene", .yes, [Self.nodding])],
            second: [
                Self.question("proceeds.handed_over", .yes, [Self.handing, Self.nodding]),
                Self.question("daily_life.school_absence", .unknown, reason: LocalizedText(nl: "Onbekend. Of hij naar school gaat, weet niemand.", en: "Unknown. Whether he goes to school, nobody knows."), []),
            ])
        #expect(ScenarioCheck.evidenceProblems(scenario) == [])
    }

    @Test("a quote told only in a later stage fails and names that stage; one told nowhere fails without a stage; in each language")
    func notTold() {
        let scenario = Self.scenario(
            first: [
                Self.question("proceeds.handed_over", .yes, [Self.handing]),
                Self.question("instigation.adult_instructs_at_scene", .no, [LocalizedText(nl: "knikt een man steeds naar een tas", en: "a man whispers to the boy")]),
            ])
        let problems = ScenarioCheck.evidenceProblems(scenario)
        #expect(problems.map(\.path.description) == [
            "$.stages[0].questions[0].evidence[0].nl", "$.stages[0].questions[0].evidence[0].en",
            "$.stages[0].questions[1].evidence[0].en",
        ])
        #expect(problems[0].kind == .notTold(quote: Self.handing.nl, language: .nl, laterStage: 2))
        #expect(problems[2].kind == .notTold(quote: "a man whispers to the boy", language: .en, laterStage: nil))
    }

    @Test("a yes or no without evidence fails; so does a quote of fewer than three words")
    func missingAndShort() {
        let scenario = Self.scenario(first: [
            Self.question("proceeds.handed_over", .no, []),
            Self.question("instigation.adult_instructs_at_scene", .yes, [LocalizedText(nl: "een man", en: "a man keeps")]),
        ])
        let problems = ScenarioCheck.evidenceProblems(scenario)
        #expect(problems.count == 2)
        #expect(problems[0] == EvidenceProblem(path: JSONPath.root.appending("stages").appending(index: 0).appending("questions").appending(index: 0), indicator: "proceeds.handed_over", kind: .missing(.no)))
        #expect(problems[1].kind == .tooShort(quote: "een man", language: .nl))
    }

    @Test("an unknown whose reason opens with a fact is flagged", arguments: [
        ("Onbekend. Haar papieren kloppen niet, maar of ze bekend is met vergelijkbare delicten is nog niet nagegaan.", Language.nl, "Haar papieren kloppen niet"),
        ("Onbekend. Er waren dreigementen, maar die waren gericht tegen haar familie.", .nl, "Er waren dreigementen"),
        ("Onbekend. We weten dat ze werd aangezet tot stelen, maar niet hoe.", .nl, "We weten dat ze werd aangezet tot stelen"),
        ("Unknown. Her papers do not match, but whether she is known has not been checked.", .en, "Her papers do not match"),
        ("Unknown: He looks away.", .en, "He looks away"),
    ])
    func unknownStatesFact(reason: String, language: Language, clause: String) {
        #expect(ScenarioCheck.unknownReasonStatesFact(reason, language: language) == clause)
    }

    @Test("an unknown whose reason opens with what is not known passes", arguments: [
        ("Onbekend. Of ze bekend is met vergelijkbare delicten, is nog niet nagegaan.", Language.nl),
        ("Onbekend. Wat er met de gestolen spullen gebeurde, vertelt het verhaal niet.", .nl),
        ("Onbekend. Of de kinderen naar school gingen, zegt het verhaal niet.", .nl),
        ("Onbekend. Of hij haar opdrachten gaf, blijkt nergens uit. Ze had wel dag en nacht contact met hem.", .nl),
        ("Onbekend. Hij zegt niet of iemand hem stuurde; dat blijft open.", .nl),
        ("Unknown. Whether she was threatened, we do not know. There were threats against her family.", .en),
        ("Unknown. Who keeps the goods, nobody knows yet.", .en),
    ])
    func unknownOpensWithTheQuestion(reason: String, language: Language) {
        #expect(ScenarioCheck.unknownReasonStatesFact(reason, language: language) == nil)
    }

    @Test("the heuristic only looks at unknowns: a yes may open with a fact")
    func onlyUnknowns() {
        let scenario = Self.scenario(first: [
            Self.question("instigation.adult_instructs_at_scene", .yes, reason: LocalizedText(nl: "Ja. Hij knikt.", en: "Yes. He nods."), [Self.nodding]),
            Self.question("proceeds.handed_over", .unknown, reason: LocalizedText(nl: "Onbekend. De jongen pakt de portemonnee.", en: "Unknown. Whether he hands it over, nobody knows."), []),
        ])
        let problems = ScenarioCheck.evidenceProblems(scenario)
        #expect(problems.map(\.path.description) == ["$.stages[0].questions[1].reason.nl"])
        #expect(problems.first?.kind == .unknownStatesFact(clause: "De jongen pakt de portemonnee", language: .nl))
    }

    @Test("evidence decodes from the file and fails check when a stage-1 story no longer holds it")
    func decodedAndNeutralised() throws {
        var object = try ScenarioFixtures.object("fixture_mother_daughter.json")
        let scenario = try ScenarioFixtures.load("fixture_mother_daughter.json")
        #expect(scenario.questions[0].evidence.first?.nl == "Haar dochter van dertien zegt meteen dat die spullen in een andere winkel zijn gekocht.")
        #expect(ScenarioCheck.run(scenario, engine: engine).passed)
        var stages = try #require(object["stages"] as? [[String: Any]])
        stages[0]["narrative"] = ["nl": "Het is een rustige dag in de winkel.", "en": "It is a quiet day in the shop."]
        object["stages"] = stages
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        let neutral = try Scenario.decode(Array(data), knowledge: knowledge)
        let result = ScenarioCheck.run(neutral, engine: engine)
        #expect(!result.passed)
        #expect(result.level == scenario.expected.level && result.routeDifference.isEmpty)
        #expect(result.evidenceProblems.map(\.indicator) == [
            "arrest_behaviour.coached_story", "arrest_behaviour.coached_story", "instigation.adult_nearby", "instigation.adult_nearby",
        ])
    }
}

@Suite("Scenarios: classroom session")
struct ScenarioSessionTests {
    @Test("the session goes narrative → questions → reveal per stage, then finishes")
    func phases() throws {
        let scenario = try ScenarioFixtures.load("fixture_grandfather_trolley.json")
        var session = ScenarioSession(scenario: scenario)
        #expect(session.phase == .narrative(stage: 0))
        var taken = session.answer(.yes)
        #expect(!taken, "an answer before the question is ignored")
        var moved = session.proceed()
        #expect(moved)
        #expect(session.phase == .question(stage: 0, question: 0))
        #expect(session.currentQuestion?.indicator == "instigation.adult_nearby")
        moved = session.proceed()
        #expect(!moved, "a question waits for an answer")
        taken = session.answer(.no)
        #expect(taken)
        #expect(session.phase == .question(stage: 0, question: 1))
        session.answer(.yes)
        #expect(session.phase == .reveal(stage: 0))
        session.proceed()
        #expect(session.phase == .narrative(stage: 1))
        session.proceed()
        session.answer(.no)
        #expect(session.phase == .reveal(stage: 1))
        session.proceed()
        #expect(session.phase == .finished)
        moved = session.proceed()
        taken = session.answer(.yes)
        #expect(!moved && !taken)
        #expect(session.classAnswers == [
            "instigation.adult_nearby": .no, "instigation.adult_instructs_at_scene": .yes, "proceeds.handed_over": .no,
        ])
    }

    @Test("b takes back the stage's previous answer (also from the reveal), never one of a revealed stage")
    func back() throws {
        let scenario = try ScenarioFixtures.load("fixture_grandfather_trolley.json")
        var session = ScenarioSession(scenario: scenario)
        var took = session.back()
        #expect(!took, "nothing to take back at the story")
        session.proceed()
        took = session.back()
        #expect(!took, "nothing to take back at the first question")
        session.answer(.yes)
        took = session.back()
        #expect(took)
        #expect(session.phase == .question(stage: 0, question: 0))
        #expect(session.classAnswers.isEmpty)
        session.answer(.no)
        session.answer(.no)
        #expect(session.phase == .reveal(stage: 0))
        took = session.back()
        #expect(took, "before the reveal is shown the last answer can be changed")
        #expect(session.phase == .question(stage: 0, question: 1))
        #expect(session.classAnswers == ["instigation.adult_nearby": .no])
        session.answer(.yes)
        session.proceed()
        #expect(session.phase == .narrative(stage: 1))
        took = session.back()
        #expect(!took, "a revealed stage is closed")
        session.proceed()
        took = session.back()
        #expect(!took, "the first question of a stage has no previous answer in the stage")
        #expect(session.classAnswers == ["instigation.adult_nearby": .no, "instigation.adult_instructs_at_scene": .yes])
    }

    @Test("typed lines: b and h in both languages besides the answers", arguments: [
        ("b", ClassAnswerInput.back), ("terug", .back), ("BACK", .back), ("h", .help), ("uitleg", .help), ("help", .help),
        ("j", .answer(.yes)), ("nee", .answer(.no)), ("?", .answer(.unknown)),
    ])
    func replies(text: String, reply: ClassAnswerInput) {
        #expect(ClassAnswerInput.reply(text) == reply)
    }

    @Test("the reveal gives the expert's and the class's score movement, and what moved it")
    func reveal() throws {
        let scenario = try ScenarioFixtures.load("fixture_grandfather_trolley.json")
        var session = ScenarioSession(scenario: scenario)
        session.proceed()
        session.answer(.no)
        session.answer(.yes)
        let reveal = session.reveal(stage: 0, engine: engine)
        #expect(reveal.expertBefore == ScoreLevel(score: 0, level: .none))
        #expect(reveal.expertAfter == ScoreLevel(score: 2, level: .attention))
        #expect(reveal.classAfter == ScoreLevel(score: 3, level: .suspicion))
        #expect(reveal.contributions.map(\.id) == ["instigation.adult_nearby"])
        #expect(reveal.answers.map(\.agrees) == [false, false])
    }

    @Test("the summary lists each miss with its direction and compares level and route")
    func summary() throws {
        let scenario = try ScenarioFixtures.load("fixture_grandfather_trolley.json")
        var session = ScenarioSession(scenario: scenario)
        session.proceed()
        session.answer(.no)
        session.answer(.yes)
        session.proceed()
        session.proceed()
        session.answer(.no)
        let summary = session.summary(engine: engine)
        #expect(summary.misses.map(\.kind) == [.missedSignal, .unfoundedYes, .ruledOutTooSoon])
        #expect(summary.agreed == 0 && summary.total == 3)
        #expect(summary.expert.level == .attention && summary.classAssessment.level == .suspicion)
        #expect(summary.route.expected == scenario.expected.route)
    }

    @Test("the class summary groups misses across all stages: missed signals, over-scored, other")
    func classSummary() throws {
        let scenario = try ScenarioFixtures.load("fixture_grandfather_trolley.json")
        var session = ScenarioSession(scenario: scenario)
        session.proceed()
        session.answer(.no)
        session.answer(.yes)
        session.proceed()
        session.proceed()
        session.answer(.no)
        let summary = session.summary(engine: engine)
        #expect(summary.missedSignals.map(\.answer.indicator.id) == ["instigation.adult_nearby"])
        #expect(summary.overScored.map(\.answer.indicator.id) == ["instigation.adult_instructs_at_scene"])
        #expect(summary.otherDifferences.map(\.answer.indicator.id) == ["proceeds.handed_over"])
        let text = ScenarioRenderer(knowledge: knowledge, language: .en).summary(summary)
        #expect(text.contains("Points to discuss with the class (3 differences from the expert, across all stages):\n"))
        #expect(text.contains("  Signals missed: 1 (2 points the class did not count)\n"))
        #expect(text.contains("  Over-scored: 1 (3 points the story does not support)\n"))
        #expect(text.contains("  Other differences: 1\n"))
        #expect(!text.contains("── The expert's assessment ──"), "the full assessment is optional")
        #expect(ScenarioRenderer(knowledge: knowledge, language: .en).summary(summary, fullAssessment: true).contains("── The expert's assessment ──"))
    }

    @Test("a class that answers as the expert has no misses and the expert's route")
    func expertClass() throws {
        for name in ScenarioFixtures.validNames {
            let scenario = try ScenarioFixtures.load(name)
            var session = ScenarioSession(scenario: scenario)
            while session.phase != .finished {
                if let question = session.currentQuestion { session.answer(question.expert) } else { session.proceed() }
            }
            let summary = session.summary(engine: engine)
            #expect(summary.misses.isEmpty && summary.agreed == summary.total, "\(name)")
            #expect(summary.route.isEmpty, "\(name)")
            #expect(summary.classAssessment.level == scenario.expected.level, "\(name)")
        }
    }

    @Test("miss directions: unknown is never no")
    func missKinds() {
        #expect(ClassMiss.kind(expert: .yes, classAnswer: .yes) == nil)
        #expect(ClassMiss.kind(expert: .yes, classAnswer: .unknown) == .missedSignal)
        #expect(ClassMiss.kind(expert: .no, classAnswer: .yes) == .unfoundedYes)
        #expect(ClassMiss.kind(expert: .unknown, classAnswer: .no) == .ruledOutTooSoon)
        #expect(ClassMiss.kind(expert: .no, classAnswer: .unknown) == .leftOpen)
    }

    @Test("typed answers in Dutch and English", arguments: [
        ("j", Answer.yes), (" JA ", .yes), ("y", .yes), ("yes", .yes), ("n", .no), ("nee", .no), ("no", .no),
        ("?", .unknown), ("o", .unknown), ("onbekend", .unknown), ("u", .unknown), ("unknown", .unknown),
    ])
    func typedAnswers(text: String, answer: Answer) {
        #expect(ClassAnswerInput.parse(text) == answer)
    }

    @Test("lines that are no answer are refused", arguments: ["", "x", "jaa", "yes no"])
    func notAnswers(text: String) {
        #expect(ClassAnswerInput.parse(text) == nil)
    }
}

@Suite("Scenarios: class answers file")
struct ScenarioAnswersFileTests {
    static func decode(_ text: String) throws -> [String: Answer] {
        try ScenarioFixtures.load("fixture_grandfather_trolley.json").decodeClassAnswers(Array(text.utf8))
    }

    static func error(_ text: String) throws -> SignalError? {
        do {
            _ = try decode(text)
            return nil
        } catch let error as SignalError {
            return error
        }
    }

    @Test("the fixture's answers file decodes")
    func valid() throws {
        let scenario = try ScenarioFixtures.load("fixture_grandfather_trolley.json")
        let answers = try scenario.decodeClassAnswers(try ScenarioFixtures.bytes("answers/fixture_grandfather_trolley.class.json"))
        #expect(answers["instigation.adult_instructs_at_scene"] == .yes)
        #expect(answers.count == 3)
    }

    @Test("strict: version, scenario id, unknown and missing answers")
    func strict() throws {
        let all = #""instigation.adult_nearby":"no","instigation.adult_instructs_at_scene":"yes","proceeds.handed_over":"no""#
        #expect(try Self.error(#"{"version":2,"answers":{}}"#)?.kind == .unsupportedVersion(found: "2", supported: 1))
        #expect(try Self.error(#"{"version":1,"scenario":"other","answers":{\#(all)}}"#)?.kind == .invalidValue("other", allowed: ["fixture_grandfather_trolley"]))
        #expect(
            try Self.error(#"{"version":1,"answers":{"instigation.adult_nearby":"no"}}"#)?.kind
                == .missingKeys(["instigation.adult_instructs_at_scene", "proceeds.handed_over"]))
        #expect(
            try Self.error(#"{"version":1,"answers":{"instigation.adult_nearby":"no","proceeds.handed_over":"no"}}"#)?.kind
                == .missingKey("instigation.adult_instructs_at_scene"))
        let extra = try Self.error(#"{"version":1,"answers":{\#(all),"coercion.id_taken":"yes"}}"#)
        #expect(extra?.location.path?.description == "$.answers[\"coercion.id_taken\"]" || extra?.location.path?.description == "$.answers.coercion.id_taken")
        #expect(try Self.error(#"{"version":1,"answers":{\#(all)},"notes":""}"#)?.kind == .unknownKey("notes", suggestion: nil))
        #expect(try Self.error(#"{"version":1,"answers":{\#(all)}}"#) == nil)
    }
}

@Suite("Scenarios: texts and sources")
struct ScenarioTextTests {
    static var everyScenario: [Scenario] {
        ScenarioFixtures.bundled + ScenarioFixtures.validNames.compactMap { try? ScenarioFixtures.load($0) }
    }

    @Test("every rendering uses only existing text keys, in both languages")
    func noMissingKeys() throws {
        for scenario in Self.everyScenario {
            for language in Language.allCases {
                let renderer = ScenarioRenderer(knowledge: knowledge, language: language)
                var session = ScenarioSession(scenario: scenario)
                var text = renderer.show(scenario, engine: engine) + renderer.instructions()
                while session.phase != .finished {
                    if case .reveal(let stage) = session.phase { text += renderer.reveal(session.reveal(stage: stage, engine: engine)) }
                    if session.currentQuestion != nil { session.answer(.unknown) } else { session.proceed() }
                }
                text += renderer.summary(session.summary(engine: engine))
                let check = ScenarioCheck.run(scenario, engine: engine)
                text += renderer.check(check.passed ? .checked(check) : .invalid(SignalError(.missingKey("x"), at: InputLocation())), file: "f")
                #expect(!text.contains("⟦"), "\(scenario.id) \(language): missing text key")
            }
        }
    }

    @Test("every scenario citation's quote stands in its seed at the lines it names", .enabled(if: SourceTexts.available, SourceTexts.skipReason))
    func citationsAreVerbatim() throws {
        try CatalogTests.checkQuotes(Self.everyScenario.flatMap { scenario in scenario.allCitations.map { (scenario.id, $0) } })
    }
}

/// What the class sees before its last answer names no outcome, level or route.
@Suite("Scenarios: no spoilers")
struct ScenarioSpoilerTests {
    /// Everything a class sees up to (not including) the reveal of the last stage, answering `answer`.
    static func beforeLastAnswer(_ scenario: Scenario, _ language: Language, answer: Answer) -> String {
        let renderer = ScenarioRenderer(knowledge: knowledge, language: language)
        var session = ScenarioSession(scenario: scenario)
        var text = renderer.classIntro(scenario) + renderer.instructions()
        while true {
            switch session.phase {
            case .narrative(let stage):
                text += renderer.narrative(scenario, stage: stage)
                session.proceed()
            case .question(let stage, let index):
                text += renderer.question(scenario, stage: stage, question: index) + renderer.classAnswer(answer)
                text += renderer.explanation(scenario.stages[stage].questions[index].indicator)
                session.answer(answer)
            case .reveal(let stage):
                if stage + 1 == scenario.stages.count { return text }
                text += renderer.reveal(session.reveal(stage: stage, engine: engine))
                session.proceed()
            case .finished:
                return text
            }
        }
    }

    /// The text without the source quotes in curly quotes (“…”), which the renderer uses only for quotes.
    static func withoutSourceQuotes(_ text: String) -> String {
        var result = ""
        var quoted = false
        for character in text {
            if character == "“" { quoted = true } else if character == "”" { quoted = false } else if !quoted { result.append(character) }
        }
        return result
    }

    @Test("before the last answer: no title, summary, level name, route party or acute danger", arguments: ScenarioFixtures.bundled)
    func noSpoilers(scenario: Scenario) {
        for language in Language.allCases {
            for answer in Answer.allCases {
                let text = Self.beforeLastAnswer(scenario, language, answer: answer)
                #expect(!text.contains(scenario.title[language]), "\(scenario.id) \(language): title shown")
                #expect(!text.contains(scenario.summary[language]), "\(scenario.id) \(language): summary shown")
                #expect(!text.contains(scenario.id), "\(scenario.id) \(language): id shown")
                // Source quotes (“…”) are the seeds' own words: the Dutch "Acute dreiging?" (002 L105) under the
                // danger-now question is not the English level name "Acute".
                let ownWords = Self.withoutSourceQuotes(text)
                for level in Level.allCases {
                    let name = knowledge.catalog.describe(level)?.name[language] ?? level.rawValue
                    #expect(!ownWords.contains(name), "\(scenario.id) \(language): level \(name) shown")
                }
                let acute = knowledge.texts.text("scenario.context.acute", language, ["value": ""])
                #expect(!text.contains(acute), "\(scenario.id) \(language): acute danger shown")
                for step in engine.assessment(of: scenario.case, at: nil).route {
                    #expect(!text.contains(step.action[language]), "\(scenario.id) \(language): route step \(step.id) shown")
                }
            }
        }
    }

    /// Words that tell how a case ended in court; they belong in `summary`, which comes at the end.
    static let outcomeWords = [
        "veroordeel", "rechtbank", "rechter ", "vrijgesproken", "jeugddetentie", "convict", "sentence", "court",
        "acquitted", "youth detention",
    ]

    @Test("no narrative, and no reason revealed before the last stage, tells how the case ended in court", arguments: ScenarioFixtures.bundled)
    func noOutcomeInStory(scenario: Scenario) {
        for (index, stage) in scenario.stages.enumerated() {
            var texts = [stage.narrative.nl, stage.narrative.en]
            if index + 1 < scenario.stages.count { texts += stage.questions.flatMap { [$0.reason.nl, $0.reason.en] } }
            for text in texts {
                for word in Self.outcomeWords {
                    #expect(!text.lowercased().contains(word), "\(scenario.id) stage \(index + 1): '\(word)' before the last answer")
                }
            }
        }
    }

    @Test("list shows no expected level: the list is the same whatever the expected levels are")
    func list() {
        for language in Language.allCases {
            let renderer = ScenarioRenderer(knowledge: knowledge, language: language)
            let changed = ScenarioFixtures.bundled.map { scenario in
                var copy = scenario
                copy.expected.level = scenario.expected.level == .acute ? .none : .acute
                return copy
            }
            for trainer in [false, true] {
                #expect(renderer.list(changed, trainer: trainer) == renderer.list(ScenarioFixtures.bundled, trainer: trainer))
            }
        }
    }

    @Test("list for the class: each scenario by number with its parts and situation, no id, title or tags; --trainer adds them")
    func classList() throws {
        for language in Language.allCases {
            let renderer = ScenarioRenderer(knowledge: knowledge, language: language)
            let scenarios = ScenarioFixtures.bundled
            let forClass = renderer.list(scenarios)
            let trainer = renderer.list(scenarios, trainer: true)
            let tagsLabel = knowledge.texts.text("scenario.tags", language, ["tags": ""])
            #expect(!forClass.contains(tagsLabel) && trainer.contains(tagsLabel))
            for (index, scenario) in scenarios.enumerated() {
                #expect(!forClass.contains(scenario.id), "\(scenario.id): id on the class's list")
                #expect(!forClass.contains(scenario.title[language]), "\(scenario.id): title on the class's list")
                // The trainer's list names the same number, id and title on one line.
                let number = String(index + 1)
                let padded = String(repeating: " ", count: String(scenarios.count).count - number.count) + number
                let line = try #require(trainer.split(separator: "\n").first { $0.hasPrefix("  " + padded + "  ") })
                #expect(line.contains(scenario.id) && line.hasSuffix(scenario.title[language]), "\(line)")
                let classLine = try #require(forClass.split(separator: "\n").first { $0.hasPrefix("  " + padded + "  ") })
                let stages = scenario.stages.count == 1 ? (language == .nl ? "1 deel · " : "1 stage · ") : "\(scenario.stages.count) "
                #expect(classLine.dropFirst(4 + padded.count).hasPrefix(stages), "\(classLine)")
            }
        }
    }

    @Test("the summary, after the last answer, reveals title, summary, acute danger and the expert's route by party")
    func summaryReveals() throws {
        let scenario = try #require(ScenarioFixtures.bundled.first { $0.context.acuteDanger == .yes })
        var session = ScenarioSession(scenario: scenario)
        while session.phase != .finished {
            if session.currentQuestion != nil { session.answer(.unknown) } else { session.proceed() }
        }
        let text = ScenarioRenderer(knowledge: knowledge, language: .nl).summary(session.summary(engine: engine))
        #expect(text.contains(scenario.title.nl))
        #expect(text.contains("acuut gevaar: ja"))
        #expect(text.contains("De route van de expert:\n  1. Politie"), "\(text)")
    }
}

@Suite("Scenarios: handouts")
struct ScenarioHandoutTests {
    @Test("every bundled scenario's handout: the class's page gives nothing away, the trainer's page after one page break has every answer, reason, source, the level and the route", arguments: ScenarioFixtures.bundled)
    func handout(scenario: Scenario) throws {
        for language in Language.allCases {
            let handout = ScenarioHandout(knowledge: knowledge, language: language)
            let text = handout.markdown(scenario, engine: engine)
            #expect(!text.contains("⟦"), "\(scenario.id) \(language): missing text key")
            let pages = text.components(separatedBy: "\n" + ScenarioHandout.pageBreak + "\n")
            try #require(pages.count == 2, "\(scenario.id): exactly one page break")
            let (classPage, trainerPage) = (pages[0], pages[1])
            let e = ScenarioHandout.escaped
            let assessment = engine.assessment(of: scenario.case, at: nil)
            let levelName = try #require(knowledge.catalog.describe(assessment.level)?.name[language])
            // The class's page: the story and every question, nothing of the outcome.
            for stage in scenario.stages { #expect(classPage.contains(e(stage.narrative[language])), "\(scenario.id): narrative") }
            for question in scenario.questions {
                let asked = try #require(knowledge.catalog.indicator(question.indicator)).question[language]
                #expect(classPage.contains(e(asked)), "\(scenario.id): question \(question.indicator)")
                #expect(!classPage.contains(e(question.reason[language])), "\(scenario.id): reason on the class's page")
            }
            #expect(!classPage.contains(e(scenario.title[language])) && !classPage.contains(e(scenario.summary[language])))
            for level in Level.allCases {
                let name = knowledge.catalog.describe(level)?.name[language] ?? level.rawValue
                #expect(!classPage.contains(e(name)), "\(scenario.id): level on the class's page")
            }
            for step in assessment.route { #expect(!classPage.contains(e(step.action[language])), "\(scenario.id): route on the class's page") }
            // The trainer's page: what happened, every answer with reason and sources, level, route, points, quotes.
            #expect(trainerPage.contains(e(scenario.title[language])) && trainerPage.contains(e(scenario.summary[language])))
            for question in scenario.questions {
                #expect(trainerPage.contains(e(question.reason[language])), "\(scenario.id): reason \(question.indicator)")
                // Sources by seed title and "regel", as the assessment gives them (issue 20), not file names.
                let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
                for citation in question.citations { #expect(trainerPage.contains(e(renderer.source(citation)))) }
            }
            #expect(trainerPage.contains(e(levelName)), "\(scenario.id): level")
            #expect(assessment.level == scenario.expected.level)
            var position = trainerPage.startIndex
            for (index, step) in assessment.route.enumerated() {
                let line = "\(index + 1). **" + e(AssessmentRenderer(knowledge: knowledge, language: language).reach(step.party, region: nil).name) + "** — " + e(step.action[language])
                let found = try #require(trainerPage.range(of: line, range: position..<trainerPage.endIndex), "\(scenario.id): route step \(step.id) in order")
                position = found.upperBound
            }
            for point in scenario.teachingPoints { #expect(trainerPage.contains(e(point[language]))) }
            for citation in scenario.allCitations { #expect(trainerPage.contains(e(citation.quote)), "\(scenario.id): quote") }
        }
    }

    @Test("each line of a list item stays a line when the Markdown is rendered: a hard break before it, indented to the item", arguments: ScenarioFixtures.bundled)
    func lineBreaks(scenario: Scenario) throws {
        for language in Language.allCases {
            let lines = ScenarioHandout(knowledge: knowledge, language: language).markdown(scenario, engine: engine)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var marker = 0
            for (index, line) in lines.enumerated() {
                if let dot = line.firstIndex(of: "."), line[..<dot].allSatisfy(\.isNumber), !line[..<dot].isEmpty,
                    line[line.index(after: dot)...].hasPrefix(" ")
                {
                    marker = line.distance(from: line.startIndex, to: dot) + 2
                    continue
                }
                guard line.hasPrefix(" ") else { continue }
                let previous = lines[index - 1]
                let backslashes = previous.reversed().prefix { $0 == "\\" }.count
                #expect(backslashes % 2 == 1, "\(scenario.id) \(language): no hard break before “\(line)”")
                #expect(line.prefix { $0 == " " }.count == marker, "\(scenario.id) \(language): “\(line)” not indented to its item")
            }
        }
    }

    @Test("Markdown in a scenario's text is made literal, so it cannot move or hide the page break")
    func escaping() {
        #expect(ScenarioHandout.escaped("<div>*a* [b](c) # _d_ `e` | f\\") == "\\<div\\>\\*a\\* \\[b\\](c) \\# \\_d\\_ \\`e\\` \\| f\\\\")
        #expect(ScenarioHandout.escaped("line\none") == "line one")
    }
}
