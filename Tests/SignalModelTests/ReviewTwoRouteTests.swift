import Foundation
import Testing

@testable import SignalModel

/// The second review of `docs/routes.md` (REVIEW2-routes.md), harm first: each finding's case,
/// read as the reader of that role reads it.
@Suite("Second route review (REVIEW2 A1-A6)")
struct ReviewTwoRouteTests {
    static let claimant = "collection.unverified_claimant"
    static let asylum = "context.asylum_unaccompanied"
    static let away: [Role] = [.education, .care, .municipality, .other]

    /// Every single step of a route (the parts of a merged step), with the party it was merged under.
    static func parts(_ route: [RouteStep]) -> [RouteStep] {
        route.flatMap { $0.parts.isEmpty ? [$0] : $0.parts }
    }

    static func situation(
        _ role: Role, _ level: Level, acute: TriState = .no, guardian: TriState = .yes, registered: TriState = .yes,
        hours: TriState, offence: String? = nil, answers: [String: TriState] = [:]
    ) -> RouteSituation {
        RouteSituation(
            role: role, ageBand: .minor, level: level, acute: level == .acute ? .yes : acute, guardian: guardian,
            registered: registered, officeHours: hours, offence: offence, answers: answers)
    }

    // MARK: A1

    @Test("A1: an unaccompanied asylum child at night (cannabis grow, no guardian yet) gets the crisis service NOW, worded for the reader, Nidos and no LJ&R",
          arguments: Role.allCases)
    func asylumAtNight(role: Role) throws {
        for acute in [TriState.no, .yes] {
            let night = Self.situation(
                role, acute == .yes ? .acute : .suspicion, guardian: .no, registered: .no, hours: .no, offence: "cannabis",
                answers: [Self.claimant: .no, Self.asylum: .yes])
            let route = knowledge.routing.route(for: night)
            let parts = Self.parts(route)
            let crisis = try #require(
                parts.first { $0.urgency == .now && $0.action.nl.contains("crisishulp") },
                "\(role) acute \(acute): \(parts.map(\.id))")
            #expect(crisis.action.en.contains("crisis service"))
            #expect(route.contains { $0.party == "nidos" }, "\(role): \(route.map(\.party))")
            #expect(!route.contains { $0.party == "ljr" }, "\(role): \(route.map(\.party))")
            for part in parts {
                switch role {
                case .police: #expect(!part.action.nl.contains("via de politie") && !part.action.nl.contains("0900-8844"), "\(part.id)")
                case .zsm: #expect(!part.action.nl.lowercased().contains("bel het adviesteam"), "\(part.id)")
                default: break
                }
            }
        }
    }

    @Test("A1/B12: the Nidos step says the court gives guardianship at the Raad's request, not that it 'goes to Nidos'")
    func nidosWording() {
        for step in knowledge.routing.rules.flatMap(\.steps) where step.party == "nidos" {
            #expect(!step.action.nl.contains("zodat de voogdij naar Nidos gaat"), "\(step.id)")
        }
    }

    // MARK: A2

    /// A step that starts with "if it is urgent", "if someone comes to collect" or names acute unsafety.
    static func isConditionalSafetyStep(_ step: RouteStep) -> Bool {
        let text = step.action.nl
        return text.hasPrefix("Is het dringend") || text.hasPrefix("Meldt zich iemand") || text.hasPrefix("Is er acute")
            || text.contains("als er acute") || text.contains("acute of structurele")
    }

    @Test("A2: no urgent 'if …' safety step is moved to the next working day, for any role in any situation", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func conditionalSafetyStepsStayNow() {
        var seen = 0
        for situation in knowledge.routing.situations where situation.ageBand != .adult {
            let renderer = AssessmentRenderer(knowledge: knowledge, language: .nl)
            for step in Self.parts(knowledge.routing.route(for: situation)) where Self.isConditionalSafetyStep(step) {
                seen += 1
                #expect(step.urgency == .now || step.conditionalNow, "\(situation.role) \(step.id): \(step.urgency)")
                let label = renderer.urgencyLabel(step, situation)
                #expect(label.hasPrefix("NU"), "\(situation.role) \(step.id): \(label)")
            }
        }
        #expect(seen > 0)
    }

    @Test("A2: structural unsafety may wait for the Meldcode; acute unsafety goes to Veilig Thuis now (beside the police in danger)",
          arguments: [Role.education, .care, .municipality])
    func meldcodeSplit(role: Role) {
        let day = Self.parts(knowledge.routing.route(for: Self.situation(role, .suspicion, hours: .yes, answers: [Self.claimant: .no])))
        #expect(day.contains { $0.id == "report_veilig_thuis_acute" && $0.conditionalNow }, "\(day.map(\.id))")
        #expect(day.contains { $0.id == "report_veilig_thuis" && $0.action.nl.contains("structurele") && !$0.action.nl.contains("acute") })
        let danger = Self.parts(knowledge.routing.route(for: Self.situation(role, .acute, hours: .no, answers: [Self.claimant: .no])))
        #expect(danger.contains { $0.id == "report_veilig_thuis_beside_police" && $0.urgency == .now }, "\(danger.map(\.id))")
    }

    // MARK: A3

    @Test("A3: the money-mule step fits the reader; nobody is told to help the child call the bank; 001 L1036 is the reason for care",
          arguments: Role.allCases)
    func moneyMule(role: Role) throws {
        let route = knowledge.routing.route(for: Self.situation(role, .suspicion, hours: .yes, offence: "money_mule", answers: [Self.claimant: .no]))
        let parts = Self.parts(route)
        for part in parts { #expect(!part.action.nl.contains("Help het kind"), "\(role) \(part.id)") }
        let mule = try #require(parts.first { $0.citations.contains { $0.source.hasPrefix("001") && $0.lines.lowerBound == 1036 } }, "\(role)")
        switch role {
        case .police: #expect(mule.action.nl.contains("slachtoffer") && mule.action.nl.contains("niet uit de bronnen"))
        case .zsm: #expect(mule.own && mule.party == "zsm" && mule.action.nl.contains("afdoening"))
        case .rvdk: #expect(mule.own && mule.party == "rvdk" && mule.action.nl.contains("onderzoek"))
        default:
            // REVIEW3-scenarios N2: police, then the bank together with the child; REVIEW4-scenarios F4: talk with the child first.
            #expect(mule.action.nl.hasPrefix("Bespreek eerst met het kind") && mule.action.nl.contains("Meld het dan bij de politie"))
            #expect(mule.party.hasPrefix("police"))
        }
    }

    // MARK: A4

    @Test("A4: docs/routes.md lists every region's Raad number; a reader without a region is told how to find it")
    func regionNumbers() {
        let page = ReaderRouteRenderer(knowledge: knowledge).markdown()
        for region in knowledge.contacts.regions { #expect(page.contains("| " + region.rvdkPhone + " |"), "\(region.id)") }
        for language in Language.allCases {
            let reach = AssessmentRenderer(knowledge: knowledge, language: language).reach("rvdk", region: nil, role: .care)
            #expect(reach.phone == nil && reach.detail?.contains("--region") == true && reach.detail?.contains("signaal contacts") == true)
        }
    }

    @Test("A4: every NOW step has a number, the reader's own line, a party it is reached through, or says how to find the number", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func everyNowStepReachable() {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .nl)
        for situation in knowledge.routing.situations where situation.ageBand != .adult {
            for step in knowledge.routing.route(for: situation) where step.urgency == .now {
                let contact = knowledge.contacts.contact(step.party)
                let reach = renderer.reach(step.party, region: nil, role: situation.role)
                let reachable = reach.phone != nil || contact?.lines[situation.role] != nil || contact?.via != nil
                    || reach.detail?.contains("--region") == true
                    // Nidos: through the child's own guardian; its number is not in the sources, and
                    // the night steps say what to do when the guardian cannot be reached.
                    || step.party == "nidos"
                    // The child's own jeugdbeschermer/voogd (REVIEW5 M1/L1, NOW steps for a care worker):
                    // the call goes through the certified institution's 24-hour line, which the step names
                    // (its number is not in the sources); the agreement for tonight is made with the staff on
                    // duty or the foster parents, where the child is.
                    || (step.party == "gi" && (step.action.nl.contains("24-uursbereikbaarheid") || step.action.nl.contains("dienstdoende groepsleiding")))
                #expect(reachable, "\(situation.role) \(step.party): \(reach)")
            }
        }
    }

    // MARK: A5

    @Test("A5: acute danger with a parent, nobody at the door: the network check comes with the parent call, and no claimant wording",
          arguments: Role.allCases)
    func dangerWithParent(role: Role) throws {
        let route = knowledge.routing.route(for: Self.situation(role, .acute, hours: .no, answers: [Self.claimant: .no]))
        let parts = Self.parts(route)
        for part in parts { #expect(!part.action.nl.contains("niet via degene die zich meldde"), "\(role) \(part.id)") }
        let crisis = try #require(parts.first { $0.party == "crisis_service" || $0.action.nl.contains("crisishulp") }, "\(role): \(parts.map(\.id))")
        #expect(crisis.action.nl.contains("netwerk") && crisis.action.en.contains("network"), "\(role) \(crisis.id)")
        // With someone at the door the claimant wording is still there (police and ZSM).
        if role == .police || role == .zsm {
            let door = Self.parts(knowledge.routing.route(for: Self.situation(role, .suspicion, hours: .no, answers: [Self.claimant: .yes])))
            #expect(door.contains { $0.action.nl.contains("niet via degene die zich meldde") && $0.action.nl.contains("netwerk") })
        }
    }

    // MARK: A6

    @Test("A6: police at night with a custodial parent: the Raad step also in danger (S9) and with someone at the door (S5)")
    func policeRaadAfterCrisis() {
        for (level, claimant) in [(Level.acute, TriState.no), (.suspicion, .yes), (.acute, .yes)] {
            let route = Self.parts(knowledge.routing.route(for: Self.situation(.police, level, hours: .no, answers: [Self.claimant: claimant])))
            #expect(route.contains { $0.party == "rvdk" }, "\(level) \(claimant): \(route.map(\.id))")
        }
        // S4 keeps its plain next-working-day step; without a parent the crisis service brings in the Raad.
        let s4 = Self.parts(knowledge.routing.route(for: Self.situation(.police, .suspicion, hours: .no, answers: [Self.claimant: .no])))
        #expect(s4.map(\.id).contains("police_contact_rvdk_next_day") && !s4.map(\.id).contains("police_contact_rvdk_if_no_crisis"))
        let s7 = Self.parts(knowledge.routing.route(for: Self.situation(.police, .suspicion, guardian: .no, hours: .no, answers: [Self.claimant: .no, Self.asylum: .no])))
        #expect(!s7.contains { $0.id.hasPrefix("police_contact_rvdk") })
    }
}
