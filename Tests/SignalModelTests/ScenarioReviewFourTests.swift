import Testing

@testable import SignalModel

/// REVIEW4-scenarios (issue 26 follow-ups F1-F6): what a class would carry into practice.
@Suite struct ScenarioReviewFourTests {
    static func scenario(_ id: String) throws -> Scenario { try ScenarioReviewThreeTests.scenario(id) }
    static func step(_ id: String) throws -> RouteStep {
        try #require(knowledge.routing.rules.flatMap(\.steps).first { $0.id == id })
    }

    @Test("F1: school or care, someone unverified at the door and acute: keep the child inside, hand it only to a parent with custody or someone registered in advance; 112 only if that person insists, stays, threatens or tries to take the child (or the child wants to go), otherwise 0900-8844 and ask for the AVIM; route and teaching point agree; nl + en")
    func schoolCollectorProtocol() throws {
        let school = try Self.scenario("school_unverified_collector")
        let assessment = engine.assessment(of: school.case, at: nil)
        let first = try #require(assessment.route.first)
        // REVIEW5 M2: the heading is the police with 0900-8844 and the 112 rule, not a bare 112.
        #expect(first.party == "police_collector" && first.stepIDs == ["no_handover_keep_inside", "collector_call_police"], "\(first.stepIDs)")
        #expect(!assessment.route.contains { $0.stepIDs.contains("call_112") })
        let keep = try Self.step("no_handover_keep_inside")
        #expect(keep.action.nl.contains("Geef het kind niet mee en houd het binnen") && keep.action.nl.contains("Houd het kind bij een collega") && keep.action.nl.contains("alleen mee aan een ouder met gezag of aan iemand die de ouders (of de jeugdbeschermer) vooraf"))
        #expect(keep.action.en.contains("keep it inside") && keep.action.en.contains("Keep the child with a colleague") && keep.action.en.contains("only to a parent with custody"))
        let call = try Self.step("collector_call_police")
        #expect(call.action.nl.contains("112 als die persoon aandringt, niet weggaat, dreigt of het kind probeert mee te nemen, als het kind zelf mee wil"))
        #expect(call.action.nl.contains("Anders bel je meteen 0900-8844 en vraag je naar de AVIM") && call.action.nl.contains("via 112 word je niet met de AVIM doorverbonden"))
        #expect(call.action.nl.contains("algemene praktijk, niet uit de bronnen"))
        #expect(call.action.en.contains("112 if that person insists, will not leave, threatens or tries to take the child") && call.action.en.contains("Otherwise call 0900-8844 straight away and ask for AVIM"))
        #expect(call.citations.contains { $0.source.hasPrefix("002") && $0.lines == 105...107 })
        // The teaching point says the same.
        #expect(ScenarioReviewThreeTests.teaches(school, "112 als hij aandringt, niet weggaat, dreigt", "anders meteen 0900-8844", "vraag daar naar de AVIM", "binnen bij een collega", "ouder met gezag", "algemene praktijk"))
        #expect(school.teachingPoints.contains { $0.en.contains("112 if he insists, will not leave, threatens") && $0.en.contains("otherwise 0900-8844 straight away") })
        #expect(!school.teachingPoints.contains { $0.nl.contains("want hij staat er nu") || $0.en.contains("because he is there now") })
        // The reader page shows it (education and care, situation 16).
        for role in [Role.education, .care] {
            let door = try #require(ReviewThreeRouteTests.page(role).last)
            #expect(door.level == .acute && door.answer(ReviewThreeRouteTests.claimant) == .yes)
            #expect(knowledge.routing.route(for: door).first?.stepIDs == ["no_handover_keep_inside", "collector_call_police"], "\(role)")
        }
        // Every reader of the general 112 step hears that 112 does not put you through to the AVIM.
        for step in knowledge.routing.rules.flatMap(\.steps) where step.id == "call_112" {
            #expect(step.action.nl.contains("via 112 word je niet met de AVIM doorverbonden (algemene praktijk, niet uit de bronnen)"))
            #expect(step.action.en.contains("112 does not put you through to AVIM (general practice, not from the sources)"))
        }
        // Only readers who hold the child get the protocol; the municipality still calls 112; acute without a
        // collector still calls 112 first; an adult is not "het kind".
        for role in [Role.education, .care, .municipality, .other] {
            for claimant in [TriState.yes, .no, .unknown] {
                for age in [AgeBand.minor, .adult] {
                    let situation = RouteSituation(
                        role: role, ageBand: age, level: .acute, acute: .yes, guardian: .yes, registered: .yes, officeHours: .yes,
                        offence: nil, answers: [ReviewThreeRouteTests.claimant: claimant])
                    let route = knowledge.routing.route(for: situation)
                    let holds = [Role.education, .care].contains(role) && claimant == .yes && age == .minor
                    #expect(route.first?.party == (holds ? "police_collector" : "police_emergency"), "\(role) \(claimant) \(age)")
                    #expect(route.contains { $0.stepIDs.contains("collector_call_police") } == holds, "\(role) \(claimant) \(age)")
                    #expect(route.contains { $0.stepIDs.contains("call_112") } == !holds, "\(role) \(claimant) \(age)")
                }
            }
        }
    }

    @Test("F2: katvanger: a safety talk first, the report through the AVIM or the trafficking team, Burgerzaken told she is a victim (general practice); no asking Burgerzaken to watch her applications; nl + en")
    func katvangerSafetyFirst() throws {
        let katvanger = try Self.scenario("katvanger_contracts_in_name")
        let point = try #require(katvanger.teachingPoints.first { $0.nl.contains("Burgerzaken") })
        #expect(point.nl.hasPrefix("Bespreek eerst met haar hoe ze veilig blijft"))
        #expect(point.nl.contains("vraag naar de AVIM of het team mensenhandel") && point.nl.contains("als mogelijk slachtoffer wordt gezien"))
        #expect(point.nl.contains("Leg Burgerzaken uit dat ze slachtoffer is") && point.nl.contains("(Algemene praktijk, niet uit de bronnen.)"))
        #expect(!point.nl.contains("herhaalde aanvragen") && !point.en.contains("repeated requests"))
        #expect(point.en.hasPrefix("First discuss with her how she stays safe") && point.en.contains("(General practice, not from the sources.)"))
    }

    @Test("F3: casus4 (RvdK, Schiphol, no parent in NL): the VOVO is requested now at the Nidos step; no next-working-day VOVO line beside it")
    func casusFourOneVovo() throws {
        let casus4 = engine.assessment(of: try Self.scenario("casus4_drug_smuggling_schiphol").case, at: nil)
        let ids = casus4.route.flatMap(\.stepIDs)
        #expect(ids.contains("rvdk_schiphol_nidos") && !ids.contains("rvdk_request_vovo"), "\(ids)")
        // Without drug smuggling the Board still considers a VOVO at the next working day.
        var other = try Self.scenario("casus4_drug_smuggling_schiphol").case
        other.context.offence = "shoplifting"
        #expect(engine.assessment(of: other, at: nil).route.flatMap(\.stepIDs).contains("rvdk_request_vovo"))
    }

    @Test("F4: money mule: the police report is discussed with the child first (general practice); nl + en")
    func moneyMuleTalkFirst() throws {
        let step = try Self.step("money_mule_tell_police")
        #expect(step.action.nl.hasPrefix("Bespreek eerst met het kind wat je gaat doen en hoe het veilig blijft (algemene praktijk, niet uit de bronnen). Meld het dan bij de politie"))
        #expect(step.action.en.hasPrefix("First discuss with the child what you are going to do and how it stays safe (general practice, not from the sources). Then report it to the police"))
        let mule = engine.assessment(of: try Self.scenario("money_mule_bank_card").case, at: nil)
        #expect(mule.route.flatMap(\.stepIDs).contains("money_mule_tell_police"))
    }

    @Test("F5: an adult without signals gets no check-next list about 'het kind', a close in the adult's words instead (text and report, nl + en); with a signal the list stays")
    func adultNoCheckNext() throws {
        let adult = engine.assessment(of: try Self.scenario("adult_no_signals").case, at: nil)
        #expect(adult.nothingToCheckNextKey == "render.nothing_to_check_adult")
        for language in Language.allCases {
            let text = AssessmentRenderer(knowledge: knowledge, language: language).text(adult)
            #expect(!text.contains(language == .nl ? "Nog onbekend" : "Still unknown"), "\(text)")
            #expect(!text.contains(language == .nl ? "om het kind op te halen" : "to collect the child"))
            #expect(text.contains(language == .nl ? "Deze persoon is 18 jaar of ouder en je ziet geen signalen van uitbuiting" : "This person is 18 or older and you see no signs of exploitation"), "\(text)")
            #expect(!text.contains(language == .nl ? "Er is geen delict" : "There is no offence"))
            let report = ReportRenderer(knowledge: knowledge, language: language).markdown(adult, case: adult.input)
            #expect(report.contains(language == .nl ? "Deze persoon is 18 jaar of ouder" : "This person is 18 or older"), "\(report)")
        }
        // A minor with the same answers keeps the list (there is an offence).
        var minor = try Self.scenario("adult_no_signals").case
        minor.context.age = 16
        #expect(engine.assessment(of: minor, at: nil).nothingToCheckNextKey == nil)
    }

    @Test("F6: the 09:30 ZSM meeting about the Dutch boy says 'vandaag', not 'vannacht'; nl + en")
    func dutchBoyToday() throws {
        let boy = try Self.scenario("profile_trap_dutch_boy_drug_runner")
        let reasons = boy.stages.flatMap(\.questions).map(\.reason)
        #expect(!reasons.contains { $0.nl.contains("vannacht") || $0.en.contains("danger tonight") })
        #expect(reasons.contains { $0.nl.hasPrefix("Onbekend. Of hij vandaag veilig naar huis kan, weet je niet.") })
        #expect(reasons.contains { $0.en.hasPrefix("Unknown. Whether he can safely go home today, you do not know.") })
    }
}
