import Foundation
import Testing

@testable import SignalModel

/// The second review of `docs/routes.md` (REVIEW2-routes.md), B (wrong reader, wrong or unclear) and
/// C (wording): each finding's text, checked over every situation the table can tell apart or on the
/// page's situation it was found in.
@Suite("Second route review (REVIEW2 B and C)")
struct ReviewTwoWordingTests {
    static let claimant = "collection.unverified_claimant"
    static let asylum = "context.asylum_unaccompanied"

    static func parts(_ situation: RouteSituation) -> [RouteStep] {
        ReviewTwoRouteTests.parts(knowledge.routing.route(for: situation))
    }

    static func every(_ role: Role) -> [RouteSituation] {
        knowledge.routing.situations.filter { $0.role == role && $0.ageBand != .adult }
    }

    @Test("B1 (part): ZSM is not told to take the 273f report itself", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func zsmNoPoliceActions() {
        for situation in Self.every(.zsm) {
            for part in Self.parts(situation) {
                #expect(!part.action.nl.contains("Neem de aangifte 273f op"), "\(part.id)")
            }
        }
    }

    @Test("B2 (part): the RvdK reaches AVIM through its own chain contact, not the public line")
    func rvdkNotPolice() {
        let reach = AssessmentRenderer(knowledge: knowledge, language: .nl).reach("avim", region: nil, role: .rvdk)
        #expect(reach.phone == nil && reach.detail?.contains("0900") == false && reach.detail?.contains("vaste contact") == true, "\(reach)")
    }

    @Test("B3: the RvdK's measures are named as the law names them", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func rvdkMeasures() {
        for situation in Self.every(.rvdk) {
            for part in Self.parts(situation) {
                #expect(!part.action.nl.contains("spoedmaatregel (machtiging uithuisplaatsing)"), "\(part.id)")
                #expect(!part.action.nl.contains("spoedmaatregel (VOVO, machtiging uithuisplaatsing)"), "\(part.id)")
            }
        }
        let steps = knowledge.routing.rules.flatMap(\.steps)
        #expect(steps.first { $0.id == "rvdk_after_hours_crisis_danger" }?.action.nl.contains("voorlopige ondertoezichtstelling met een spoedmachtiging uithuisplaatsing") == true)
        #expect(steps.first { $0.id == "rvdk_after_hours_crisis" }?.action.nl.contains("machtiging gesloten jeugdhulp") == true)
    }

    @Test("B4: school, care and others are not told to check identity, registration or custody themselves", .enabled(if: Exhaustive.on, Exhaustive.skipReason), arguments: [Role.education, .care, .other])
    func noChecksForCareAndSchool(role: Role) {
        for situation in Self.every(role) {
            for part in Self.parts(situation) {
                let text = part.action.nl
                #expect(!text.hasPrefix("Vraag de politie de identiteit te laten onderzoeken"), "\(part.id)")
                #expect(!text.hasPrefix("Ga na of het kind in Nederland staat ingeschreven"), "\(part.id)")
                #expect(!text.hasPrefix("Ga na wie het gezag"), "\(part.id)")
            }
        }
    }

    @Test("B5: at night ZSM's crisis steps say what to do when no raadsonderzoeker is at the table", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func zsmNightWithoutRaad() {
        var seen = 0
        for situation in Self.every(.zsm) where situation.officeHours == .no {
            for part in Self.parts(situation) where part.party == "crisis_service" {
                seen += 1
                #expect(part.action.nl.contains("geen raadsonderzoeker aan tafel"), "\(part.id)")
                #expect(part.why.nl.contains("niet uit de bronnen"), "\(part.id)")
            }
        }
        #expect(seen > 0)
    }

    @Test("B6 (part): under 12, police and ZSM are not told about a next arrest or a suspect", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func underTwelve() {
        for role in [Role.police, .zsm] {
            for situation in Self.every(role) where situation.ageBand == .under12 {
                for part in Self.parts(situation) { #expect(!part.action.nl.contains("volgende aanhouding"), "\(role) \(part.id)") }
                for note in knowledge.routing.notes(for: situation) { #expect(!note.text.nl.contains("verdachte"), "\(note.id)") }
            }
        }
    }

    @Test("B7: the police call from care, school, municipality and others says it may be trafficking and asks for AVIM",
          arguments: [Role.education, .care, .municipality, .other])
    func policeCallSaysWhat(role: Role) {
        let door = RouteSituation(role: role, ageBand: .minor, level: .suspicion, acute: .no, guardian: .yes, registered: .yes, officeHours: .no, answers: [Self.claimant: .yes])
        let noParent = RouteSituation(role: role, ageBand: .minor, level: .suspicion, acute: .no, guardian: .no, registered: .yes, officeHours: .no, answers: [Self.claimant: .no, Self.asylum: .no])
        for situation in [door, noParent] {
            let call = Self.parts(situation).filter { $0.party == "police_non_emergency" && $0.urgency == .now }
            #expect(!call.isEmpty)
            for part in call { #expect(part.action.nl.contains("mensenhandel") && part.action.nl.contains("AVIM"), "\(part.id)") }
        }
    }

    @Test("B8: care, school, municipality and others get at most two police entries (112 if there is danger, and one police line)",
          arguments: [Role.education, .care, .municipality, .other])
    func onePoliceEntry(role: Role) {
        let unknown = RouteSituation(role: role, ageBand: .unknown, level: .suspicion, acute: .unknown, guardian: .unknown, registered: .unknown, officeHours: .unknown)
        let police = knowledge.routing.route(for: unknown).filter { knowledge.contacts.contact($0.party)?.organisationID == "police" }
        #expect(police.count <= 2, "\(police.map(\.party))")
    }

    @Test("B9/C4: with a parent at night, the crisis placement is 'as a rule' not needed, and Veilig Thuis is one bullet")
    func tonight() {
        let night = RouteSituation(role: .other, ageBand: .minor, level: .suspicion, acute: .no, guardian: .yes, registered: .yes, officeHours: .no, answers: [Self.claimant: .no])
        let parts = Self.parts(night)
        #expect(parts.contains { $0.action.nl.contains("in de regel niet nodig") })
        #expect(!parts.contains { $0.action.nl.contains("Een crisisplaatsing is niet nodig") })
        #expect(parts.filter { $0.party == "veilig_thuis" }.count == 1, "\(parts.map(\.id))")
        let under12 = RouteSituation(role: .other, ageBand: .under12, level: .attention, acute: .no, guardian: .yes, registered: .yes, officeHours: .yes, answers: [Self.claimant: .no])
        #expect(Self.parts(under12).filter { $0.party == "veilig_thuis" }.count == 1, "\(Self.parts(under12).map(\.id))")
    }

    @Test("B11: the EU-citizen sentence is not shown for a child in the asylum procedure, and 'does not apply' is marked as not from the sources", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func dublinNote() {
        for situation in knowledge.routing.situations where situation.registered == .no && situation.ageBand != .adult {
            for note in knowledge.routing.notes(for: situation) where note.text.nl.contains("EU-burger") {
                #expect(situation.answer(Self.asylum) != .yes, "\(note.id)")
                #expect(note.text.nl.contains("niet uit de bronnen") && note.text.en.contains("not from the sources"))
            }
        }
    }

    @Test("C6/C7: the Raad's own no-signs step discusses in the team; ZSM's Raad step does not rest 'outside office hours' on 000 L1766")
    func raadWording() {
        let none = RouteSituation(role: .rvdk, ageBand: .minor, level: .none, acute: .no, guardian: .yes, registered: .yes, officeHours: .yes)
        for part in Self.parts(none) { #expect(!part.action.nl.contains("vraag Veilig Thuis om advies"), "\(part.id)") }
        let zsm = knowledge.routing.rules.flatMap(\.steps).first { $0.id == "zsm_guardian_rvdk_table" }
        #expect(zsm?.action.nl.contains("ook buiten kantooruren") == false)
        #expect(zsm?.citations.contains { $0.lines.lowerBound == 1766 } == false)
    }

    @Test("C1/C2/C3: no 'peildatum onbekend', the non-emergency line is named 'Politie', and 'crisisroute' only when the route has a crisis step")
    func contactWording() {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .nl)
        for id in ["police_emergency", "police_non_emergency", "comensha", "veilig_thuis"] {
            let reach = renderer.reach(id, region: nil, role: .care)
            #expect(reach.detail?.contains("peildatum onbekend") == false, "\(id): \(reach)")
        }
        #expect(renderer.reach("police_non_emergency", region: nil, role: .care).name == "Politie")
        let parents = RouteFitTests.assess(["proceeds.handed_over": .yes], age: 15, role: .care, guardian: .yes, acute: .no, at: ReaderRouteTests.saturday2330)
        #expect(!renderer.text(parents).contains("crisisroute"))
        let alone = RouteFitTests.assess(["proceeds.handed_over": .yes], age: 15, role: .care, guardian: .no, acute: .no, at: ReaderRouteTests.saturday2330)
        #expect(renderer.text(alone).contains("crisisroute"))
    }
}
