import Testing

@testable import SignalModel

/// REVIEW3-scenarios (issue 26): the findings still open after the second round.
@Suite struct ScenarioReviewThreeTests {
    static func scenario(_ id: String) throws -> Scenario {
        try #require(ScenarioFixtures.bundled.first { $0.id == id })
    }

    @Test("1c: no offence, no signals and nothing left open: no check-next list, a close instead (text and report, nl and en)")
    func noCheckNextWithoutOffence() throws {
        let family = engine.assessment(of: try Self.scenario("profile_trap_travelling_family").case, at: nil)
        #expect(family.nothingToCheckNext)
        for language in Language.allCases {
            let text = AssessmentRenderer(knowledge: knowledge, language: language).text(family)
            #expect(!text.contains(language == .nl ? "Nog onbekend" : "Still unknown"), "\(text)")
            #expect(!text.contains(language == .nl ? "wordt het niveau" : "the level becomes"))
            #expect(text.contains(language == .nl ? "Verder nagaan:" : "Further checks:"))
            let report = ReportRenderer(knowledge: knowledge, language: language).markdown(family, case: family.input)
            #expect(report.contains(language == .nl ? "geen lijst om nog na te gaan" : "not a list to check"), "\(report)")
        }
        // With an offence, the same answers keep the list (the ZSM questions are worth asking).
        var withOffence = try Self.scenario("profile_trap_travelling_family").case
        withOffence.context.offence = "shoplifting"
        #expect(!engine.assessment(of: withOffence, at: nil).nothingToCheckNext)
        // A blank case keeps its list: nothing has been checked yet.
        let blank = RouteFitTests.assess([:], age: 12, role: .police)
        #expect(!blank.nothingToCheckNext && !blank.openQuestions.isEmpty)
        // An answer the assessor left unknown stays on the list.
        let open = RouteFitTests.assess(["identity.doubtful": .unknown, "proceeds.handed_over": .no], age: 12, role: .police)
        #expect(open.level == .none && !open.nothingToCheckNext)
    }

    @Test("1b: police, no offence, no signals: one own 'no further steps' step, no Veilig Thuis; with an offence the old step stays")
    func policeNoFurtherSteps() {
        let none = RouteFitTests.assess(["proceeds.handed_over": .no], age: 12, role: .police)
        #expect(RouteFitTests.steps(none) == ["police_no_offence_no_further_steps"])
        #expect(!none.route.contains { $0.party == "veilig_thuis" })
        let offence = RouteFitTests.assess(["proceeds.handed_over": .no], age: 12, role: .police, offence: "shoplifting")
        #expect(RouteFitTests.steps(offence).contains("no_signals_reassess"))
        let school = RouteFitTests.assess(["proceeds.handed_over": .no], age: 12, role: .education)
        #expect(RouteFitTests.steps(school) == ["no_signals_reassess"])
    }

    @Test("1d: the travelling family's identity and goods questions are answered no on what stage 2 tells")
    func familyAnswers() throws {
        let family = try Self.scenario("profile_trap_travelling_family")
        #expect(family.case.answers["identity.doubtful"]?.answer == Answer.no)
        #expect(family.case.answers["proceeds.goods_not_fitting_age"]?.answer == Answer.no)
    }
}

extension ScenarioReviewThreeTests {
    @Test("1b: a police reader with a child under 12 keeps the Veilig Thuis steps (the zorgmelding), never beside 'no further steps'")
    func underTwelveKeepsVeiligThuis() {
        let child = RouteFitTests.assess(["proceeds.handed_over": .no], age: 9, role: .police)
        #expect(!RouteFitTests.steps(child).contains("police_no_offence_no_further_steps"))
        #expect(RouteFitTests.steps(child).contains("no_signals_reassess"))
    }
}

extension ScenarioReviewThreeTests {
    static func step(_ id: String) throws -> RouteStep {
        try #require(knowledge.routing.rules.flatMap(\.steps).first { $0.id == id })
    }

    static func answer(_ scenario: Scenario, _ indicator: String) -> ScenarioQuestion? {
        scenario.questions.first { $0.indicator == indicator }
    }

    static func teaches(_ scenario: Scenario, _ words: String...) -> Bool {
        scenario.teachingPoints.contains { point in words.allSatisfy { point.nl.contains($0) } }
    }

    @Test("N1: casus4 at 19:30: the Nidos shelter for tonight and the VOVO are NOW, not the next working day (000 L2380)")
    func schipholTonight() throws {
        let casus4 = engine.assessment(of: try Self.scenario("casus4_drug_smuggling_schiphol").case, at: nil)
        let nidos = try #require(casus4.route.flatMap { $0.parts.isEmpty ? [$0] : $0.parts }.first { $0.id == "rvdk_schiphol_nidos" })
        #expect(nidos.urgency == .now)
        #expect(nidos.action.nl.contains("vannacht") && nidos.action.nl.contains("VOVO") && nidos.action.nl.contains("KMar"))
        #expect(nidos.action.en.contains("tonight") && nidos.action.en.contains("VOVO"))
        #expect(nidos.citations.contains { $0.lines.lowerBound == 2380 })
        let text = AssessmentRenderer(knowledge: knowledge, language: .nl).text(casus4)
        #expect(text.contains("[NU] Nidos"), "\(text)")
    }

    // REVIEW4-scenarios F1 replaced "112 now because he is there" by the conditional protocol; the first
    // call the route and the teaching point give still agree (ScenarioReviewFourTests.schoolCollectorProtocol).
    @Test("5: the school's route and its teaching point give the same first call (the police, 112 or 0900-8844 by the same rule, 002 L105-107)")
    func schoolFirstCall() throws {
        let school = try Self.scenario("school_unverified_collector")
        let first = try #require(engine.assessment(of: school.case, at: nil).route.first)
        #expect(first.party == "police_collector" && first.stepIDs.contains("collector_call_police"))
        #expect(Self.teaches(school, "112 als hij aandringt", "anders meteen 0900-8844", "Geef het kind niet mee", "algemene praktijk"))
    }

    @Test("N2: the money-mule step for care readers: police first, then the bank together, marked as general practice")
    func moneyMuleBank() throws {
        let step = try Self.step("money_mule_tell_police")
        // REVIEW4-scenarios F4: the police report is discussed with the child first, then police, then the bank.
        #expect(step.action.nl.contains("Meld het dan bij de politie") && step.action.nl.contains("samen met het kind de bank"))
        #expect(step.action.nl.contains("(algemene praktijk, niet uit de bronnen)") && step.action.en.contains("(general practice, not from the sources)"))
        #expect(!step.why.nl.contains("te boek komen") && step.why.nl.contains("algemene praktijk"))
        #expect(step.citations.contains { $0.source == "public" })
    }

    @Test("8, 9: the fear question and the 'do not just stop' point in drug_running; the seized money in the dutch boy's danger question")
    func storyLines() throws {
        let school = try Self.scenario("drug_running_debt_school")
        #expect(Self.answer(school, "coercion.fear_of_reprisal")?.expert == .unknown)
        #expect(school.stages[2].questions.contains { $0.indicator == "coercion.fear_of_reprisal" })
        #expect(Self.teaches(school, "zomaar te stoppen", "algemene praktijk"))
        let boy = try Self.scenario("profile_trap_dutch_boy_drug_runner")
        let danger = try #require(Self.answer(boy, "coercion.danger_now"))
        #expect(danger.expert == .unknown && danger.reason.nl.contains("in beslag genomen") && danger.reason.nl.contains("dieper in de min"))
        #expect(boy.stages[1].narrative.nl.contains("in beslag genomen"))
    }

    @Test("N3: the age step's reason no longer says protection ends at 18; it names the under-12 route (000 L811)", arguments: ["establish_age", "establish_age_away"])
    func ageStep(id: String) throws {
        let step = try Self.step(id)
        #expect(!step.why.nl.contains("Vanaf 18") && !step.why.en.contains("From 18"))
        #expect(step.why.nl.contains("onder 12") && step.citations.contains { $0.lines.lowerBound == 811 })
        #expect(!step.citations.contains { $0.lines.lowerBound == 921 })
    }

    @Test("13: casus1 answers the collector question no (she is with her own mother), so ZSM gets no collector check")
    func casus1Collector() throws {
        let casus1 = try Self.scenario("casus1_shoplifting_mother_daughter")
        #expect(Self.answer(casus1, "collection.unverified_claimant")?.expert == .no)
        let ids = engine.assessment(of: casus1.case, at: nil).route.flatMap(\.stepIDs)
        #expect(!ids.contains { $0.hasPrefix("no_handover") }, "\(ids)")
    }

    @Test("18, N4, 2, 29: katvanger ID point; early_signal reason; casus2 contact line and return point; adult without custody 'yes'")
    func smallerPoints() throws {
        #expect(Self.teaches(try Self.scenario("katvanger_contracts_in_name"), "aangifte", "identiteitsbewijs", "niet uit de bronnen"))
        let early = try Self.scenario("early_signal_online_friend")
        #expect(!early.questions.contains { $0.reason.nl.contains("met haar toestemming") })
        let reach = AssessmentRenderer(knowledge: knowledge, language: .nl).reach("police_emergency", region: nil, role: .rvdk)
        #expect(reach.phone == nil && reach.detail?.contains("politie in de zaak") == true)
        let casus2 = try Self.scenario("casus2_burglary_two_girls")
        #expect(casus2.stages[2].narrative.nl.contains("terugkeer"))
        #expect(Self.teaches(casus2, "terugkeer", "netwerk"))
        #expect(try Self.scenario("adult_no_signals").context.guardianPresent == .unknown)
    }
}
