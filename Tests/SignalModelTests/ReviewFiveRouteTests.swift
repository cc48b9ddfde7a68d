import Foundation
import Testing

@testable import SignalModel

/// The fifth review of `docs/routes.md` (REVIEW5-routes.md, M1-M3): findings read on the page's
/// situations as that reader reads them.
@Suite("Fifth route review (REVIEW5 M1-M3)")
struct ReviewFiveRouteTests {
    static func page(_ role: Role) -> [RouteSituation] { ReviewThreeRouteTests.page(role) }
    static func parts(_ situation: RouteSituation) -> [RouteStep] { ReviewThreeRouteTests.parts(situation) }

    // MARK: M1

    @Test("M1: at night the care worker's voogd/jeugdbeschermer call is a NU step (sorted with the NU steps, in 'NU DOEN'), the crisis route only if unreachable and the child cannot stay safely, 'bel de politie' and custody marked as not from the sources; nl + en")
    func careNightGuardianNow() throws {
        let page = Self.page(.care)
        let nights = page.enumerated().filter { $0.element.officeHours == .no && $0.element.level >= .suspicion }.map { $0.offset + 1 }
        #expect(Set([4, 5, 7, 9, 10, 14]).isSubset(of: Set(nights)), "\(nights)")
        for number in nights {
            let situation = page[number - 1]
            let route = knowledge.routing.route(for: situation)
            let parts = Self.parts(situation)
            let asylum = situation.answer("context.asylum_unaccompanied") == .yes
            for id in ["care_placement_guardian_call", "care_placement_safety_tonight"] where !(asylum && id == "care_placement_guardian_call") {
                let step = try #require(parts.first { $0.id == id }, "care \(number)")
                #expect(step.urgency == .now && step.conditionalNow, "care \(number) \(id): \(step.urgency)")
            }
            // Sorted with the NU steps: no step put off to the next working day comes before the GI.
            let gi = try #require(route.firstIndex { $0.party == "gi" })
            #expect(route[..<gi].allSatisfy { $0.urgency == .now }, "care \(number): \(route.map { "\($0.party) \($0.urgency)" })")
            // The triage end screen "NU DOEN" (urgency now only) shows the call.
            let now = EndBlock.nowByParty(route)
            #expect(now.urgency == .now)
            if asylum { continue }  // L4: the Nidos step calls the asylum child's voogd.
            let giNow = now.steps.first { $0.party == "gi" }?.steps ?? []
            #expect(giNow.contains { (step: RouteStep) in (step.parts.isEmpty ? [step] : step.parts).contains { $0.id == "care_placement_guardian_call" } }, "care \(number): \(now.steps.map { $0.party })")

            let call = try #require(parts.first { $0.id == "care_placement_guardian_call" })
            #expect(call.action.nl.contains("Niet bereikbaar en kan het kind vannacht niet veilig blijven waar het is: bel de politie (0900-8844, bij dreiging 112; algemene praktijk, niet uit de bronnen) en vraag de regionale crisishulp voor minderjarigen in te schakelen. Anders: houd de afspraak dat het kind aan niemand wordt meegegeven en bel de gecertificeerde instelling de volgende ochtend."), "\(call.action.nl)")
            #expect(!call.action.nl.contains("Niet bereikbaar: bel de politie"))
            #expect(call.action.nl.contains("Bij voogdij heeft de voogd het gezag (algemeen recht, niet uit de bronnen)"))
            #expect(call.action.en.contains("If they cannot be reached and the child cannot stay safely where it is tonight: call the police (0900-8844, 112 if there is a threat; general practice, not from the sources)")
                && call.action.en.contains("Otherwise: keep to the agreement that the child is handed over to no one, and call the certified institution the next morning.")
                && call.action.en.contains("(general law, not from the sources)"), "\(call.action.en)")
            #expect(call.citations.count == 1 && call.citations[0].source.hasPrefix("003") && call.citations[0].lines == 146...148)
        }
        // care 4 (custodial parent, no danger): step 1 puts the other steps off, except the voogd call below it.
        let four = Self.parts(page[3])
        let tonight = try #require(four.first { $0.id == "tonight_veilig_thuis_care" })
        #expect(tonight.action.nl.contains("De andere stappen zet je de eerstvolgende werkdag, behalve: heeft het kind een jeugdbeschermer of voogd, bel die nu (zie hieronder)."), "\(tonight.action.nl)")
        #expect(tonight.action.en.contains("Take the other steps on the next working day, except: if the child has a youth protection worker or guardian, call them now (see below)."))
        let route4 = knowledge.routing.route(for: page[3])
        #expect(route4.first?.party == "veilig_thuis" && route4.firstIndex { $0.party == "gi" } == 1, "\(route4.map(\.party))")
        // Every other reader keeps the plain sentence (they have no voogd step).
        for role in [Role.education, .other] {
            for situation in Self.page(role) {
                for step in Self.parts(situation) where step.id == "tonight_veilig_thuis" {
                    #expect(!step.action.nl.contains("behalve"), "\(role)")
                }
            }
        }
        // care 7 (no custodial parent): the crisis route only without a reachable jeugdbeschermer.
        let seven = Self.parts(page[6])
        let crisis = try #require(seven.first { $0.id == "crisis_via_police_care" })
        #expect(crisis.action.nl.hasPrefix("Heeft het kind nog geen jeugdbeschermer, of is die niet bereikbaar: bel de politie (0900-8844)"), "\(crisis.action.nl)")
        #expect(crisis.action.en.hasPrefix("If the child has no youth protection worker yet, or they cannot be reached: call the police (0900-8844)"))
        for situation in Self.page(.education) {
            for step in Self.parts(situation) where step.id == "crisis_via_police" {
                #expect(step.action.nl.hasPrefix("Bel de politie (0900-8844)"))
            }
        }
    }

    // MARK: M2

    @Test("M2: school/care, someone unverified at the door: the heading is the police with 0900-8844 and the 112 rule, and the first sentence ('NU DOEN', the ACUUT box) carries the rule, not a bare 112; also at night without a custodial parent; nl + en")
    func collectorHeadingCarriesRule() throws {
        for language in Language.allCases {
            let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
            for role in [Role.education, .care] {
                let reach = renderer.reach("police_collector", region: nil, role: role)
                #expect(reach.phone == "0900-8844", "\(role)")
                #expect(reach.detail?.contains(language == .nl ? "112 als die persoon aandringt, niet weggaat, dreigt of het kind wil meenemen" : "112 if that person insists, will not leave, threatens or wants to take the child") == true, "\(reach)")
            }
        }
        for role in [Role.education, .care] {
            let door = try #require(Self.page(role).last)
            #expect(door.level == .acute && door.answer(ReviewThreeRouteTests.claimant) == .yes)
            for situation in [door, RouteSituation(role: role, ageBand: .minor, level: .acute, acute: .yes, guardian: .no, registered: .yes, officeHours: .no, offence: nil, answers: [ReviewThreeRouteTests.claimant: .yes])] {
                let route = knowledge.routing.route(for: situation)
                #expect(route.first?.party == "police_collector", "\(role): \(route.map(\.party))")
                #expect(!route.contains { $0.party == "police_emergency" }, "\(role) \(situation.officeHours): a bare 112 heading")
                let now = EndBlock.nowByParty(route)
                let first = try #require(now.steps.first)
                #expect(first.party == "police_collector")
                let lead = try #require(first.steps.first.map { $0.parts.first ?? $0 })
                let nl = EndBlock.firstSentence(lead.action.nl)
                #expect(nl == "Geef het kind niet mee en houd het binnen; bel de politie: 112 als die persoon aandringt, niet weggaat, dreigt of het kind probeert mee te nemen, anders 0900-8844.", "\(nl)")
                let en = EndBlock.firstSentence(lead.action.en)
                #expect(en == "Do not hand the child over and keep it inside; call the police: 112 if that person insists, will not leave, threatens or tries to take the child, otherwise 0900-8844.", "\(en)")
                #expect(lead.citations.contains { $0.source.hasPrefix("002") && $0.lines == 105...107 })
            }
        }
    }

    // MARK: M3

    @Test("M3: RvdK, drug smuggling without a custodial parent: Nidos and the KMar only if the KMar stopped the child at Schiphol or the border; otherwise VOVO, (secure) placement and LJ&R (003 L86-91); no 'voor vannacht'; nl + en")
    func rvdkSmugglingConditional() throws {
        let rules = knowledge.routing.rules.filter { $0.steps.contains { $0.id.hasPrefix("rvdk_schiphol_nidos") } }
        #expect(rules.count == 2, "\(rules.map(\.id))")
        for rule in rules {
            let step = try #require(rule.steps.first { $0.id.hasPrefix("rvdk_schiphol_nidos") })
            let night = rule.when.officeHours == [.no]
            #expect(step.id == (night ? "rvdk_schiphol_nidos" : "rvdk_schiphol_nidos_office"))
            #expect(step.action.nl.hasPrefix("Is het kind door de KMar op Schiphol of aan de grens aangehouden (Schipholprotocol): stem nu met Nidos en de KMar de opvang " + (night ? "voor vannacht af" : "af") + " en vraag direct een voorlopige voogdij (VOVO) aan"), "\(rule.id): \(step.action.nl)")
            #expect(step.action.nl.contains("Anders: er is geen gezaghebbende ouder in Nederland, dus overweeg altijd een VOVO en zo nodig een plaatsing in een (gesloten) jeugdhulpinstelling, en neem LJ&R in het rekest op als gecertificeerde instelling."))
            // "voor vannacht" only outside office hours.
            #expect(step.action.nl.contains("voor vannacht") == night && step.action.en.contains("for tonight") == night, "\(rule.id)")
            #expect(step.action.en.hasPrefix("If the KMar stopped the child at Schiphol or at the border (Schiphol protocol)")
                && step.action.en.contains("Otherwise: there is no parent with custody in the Netherlands, so always consider a VOVO"))
            #expect(step.citations.contains { $0.source.hasPrefix("000") && $0.lines == 2380...2380 })
            #expect(step.citations.contains { $0.source.hasPrefix("003") && $0.lines == 86...88 })
            #expect(step.citations.contains { $0.source.hasPrefix("003") && $0.lines == 90...91 })
        }
        // On the page: every RvdK situation with drug smuggling and no custodial parent shows it.
        let smuggling = Self.page(.rvdk).filter { $0.offence == "drug_smuggling" && $0.guardian == .no }
        for situation in smuggling {
            #expect(Self.parts(situation).contains { $0.id.hasPrefix("rvdk_schiphol_nidos") })
        }
    }

    // MARK: L3, L4, leftover 5

    @Test("L3: tonight the child goes to no one but whom the jeugdbeschermer or, without one, the parent with custody named in advance; doubts about the parents: the police; nl + en")
    func safetyTonightParent() throws {
        let step = try #require(knowledge.routing.rules.flatMap(\.steps).first { $0.id == "care_placement_safety_tonight" })
        #expect(step.action.nl.contains("vannacht aan niemand anders wordt meegegeven dan wie de jeugdbeschermer (of, zonder jeugdbeschermer, de ouder met gezag) vooraf heeft opgegeven; twijfel je aan de ouders, bel dan de politie (algemene praktijk, niet uit de bronnen)."), "\(step.action.nl)")
        #expect(!step.action.nl.contains("die de jeugdbeschermer niet heeft genoemd"))
        #expect(step.action.en.contains("is handed over tonight to no one other than whom the youth protection worker (or, without one, the parent with custody) named in advance; if you doubt the parents, call the police (general practice, not from the sources)."))
    }

    @Test("L4: care at night, unaccompanied asylum child: no second 'bel de voogd nu' beside the Nidos step; other night situations keep it")
    func asylumNoSecondGuardianCall() throws {
        let page = Self.page(.care)
        let asylum = page.filter { $0.officeHours == .no && $0.answer("context.asylum_unaccompanied") == .yes && $0.level >= .suspicion }
        #expect(!asylum.isEmpty)
        for situation in asylum {
            let ids = Self.parts(situation).map(\.id)
            #expect(!ids.contains("care_placement_guardian_call"), "\(ids)")
            #expect(knowledge.routing.route(for: situation).contains { $0.party == "nidos" }, "\(ids)")
        }
        let other = page.filter { $0.officeHours == .no && $0.answer("context.asylum_unaccompanied") != .yes && $0.level >= .suspicion }
        #expect(!other.isEmpty && other.allSatisfy { Self.parts($0).contains { $0.id == "care_placement_guardian_call" } })
    }

    @Test("leftover 5: the RvdK's acute police step: 112 does not put you through to the AVIM; ask the police who come, then your regular contact; nl + en")
    func rvdkAcuteAvim() throws {
        let steps = knowledge.routing.rules.flatMap(\.steps).filter { $0.id == "rvdk_acute_police" }
        #expect(!steps.isEmpty)
        for step in steps {
            #expect(step.action.nl.contains("anders bel je 112 en vraag je de politie die komt de AVIM of het team mensenhandel in te schakelen; de AVIM bereik je daarna via je vaste contact."), "\(step.action.nl)")
            #expect(step.action.nl.contains("Via 112 word je niet met de AVIM doorverbonden (algemene praktijk, niet uit de bronnen)."))
            #expect(!step.action.nl.contains("vraag naar de AVIM"))
            #expect(step.action.en.contains("otherwise call 112 and ask the police who come to call in AVIM or the trafficking team; you reach AVIM afterwards through your regular contact.")
                && step.action.en.contains("112 does not put you through to AVIM (general practice, not from the sources)."))
        }
    }
}
