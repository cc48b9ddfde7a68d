import Foundation
import Testing

@testable import SignalModel

/// Issue 20: a step has a reader. Each route step's action, contact line and merged form are chosen
/// for the reader's role, and the out-of-hours crisis, VOVO, LJ&R and Nidos steps follow the
/// conditions of the sources (guardian, danger, someone at the door, asylum status).
@Suite("A step has a reader (issue 20)")
struct ReaderRouteTests {
    /// Saturday 5 December 2026, 23:30 in the Netherlands.
    static let saturday2330 = Timestamp(iso8601: "2026-12-05T23:30:00+01:00")!
    static let suspicion: [String: Answer] = ["proceeds.handed_over": .yes]

    static func ids(_ assessment: Assessment) -> [String] {
        assessment.route.flatMap(\.stepIDs)
    }

    static func parties(_ assessment: Assessment) -> [String] {
        assessment.route.map(\.party)
    }

    static let crisisSteps = [
        "crisis_service_rvdk", "zsm_crisis_rvdk_table", "rvdk_after_hours_crisis", "crisis_via_112", "crisis_via_police", "crisis_via_112_collector", "crisis_via_police_care",
        "crisis_service_rvdk_if", "zsm_crisis_rvdk_table_if", "rvdk_after_hours_crisis_if", "crisis_via_112_if", "crisis_via_police_if",
        "crisis_service_rvdk_danger", "zsm_crisis_rvdk_table_danger", "rvdk_after_hours_crisis_danger",
        "crisis_service_asylum_police", "zsm_crisis_asylum_table", "rvdk_after_hours_crisis_asylum", "crisis_via_police_asylum", "crisis_via_112_asylum",
    ]

    @Test("Saturday 23:30, 15, custodial parent in NL, suspicion, no danger: no crisis service, VOVO or LJ&R step",
          arguments: [Role.care, .police, .zsm, .education, .municipality, .other, .rvdk])
    func parentsNoCrisis(role: Role) {
        let assessment = RouteFitTests.assess(Self.suspicion, age: 15, role: role, guardian: .yes, acute: .no, at: Self.saturday2330)
        #expect(assessment.level == .suspicion)
        #expect(assessment.situation.officeHours == .no)
        let ids = Self.ids(assessment)
        for step in Self.crisisSteps + ["rvdk_request_vovo", "zsm_guardian_rvdk_table", "guardian_rvdk_now", "rvdk_ljr_in_request"] {
            #expect(!ids.contains(step), "\(role): \(step) in \(ids)")
        }
        #expect(!Self.parties(assessment).contains("crisis_service"), "\(role)")
        #expect(!Self.parties(assessment).contains("ljr") || role == .rvdk, "\(role): \(Self.parties(assessment))")
        for step in assessment.route.flatMap({ $0.parts.isEmpty ? [$0] : $0.parts }) {
            #expect(!step.action.nl.contains("VOVO"), "\(role) \(step.id)")
        }
        // Care and school are told what to do tonight and that the rest waits for the next working day.
        if [.care, .education, .other].contains(role) {
            #expect(ids.first == (role == .care ? "tonight_veilig_thuis_care" : "tonight_veilig_thuis"), "\(ids)")
        }
        if role == .police { #expect(ids.contains("police_contact_rvdk_next_day")) }
    }

    @Test("the same case without a custodial parent in NL: the crisis service NOW, with a way to reach it",
          arguments: [Role.care, .police, .zsm, .education, .municipality, .other, .rvdk])
    func noParentCrisis(role: Role) throws {
        let assessment = RouteFitTests.assess(Self.suspicion, age: 15, role: role, guardian: .no, acute: .no, at: Self.saturday2330)
        let crisis = try #require(
            assessment.route.first { step in step.stepIDs.contains { Self.crisisSteps.contains($0) } }, "\(role): \(Self.ids(assessment))")
        #expect(crisis.urgency == .now)
        let reach = AssessmentRenderer(knowledge: knowledge, language: .nl).reach(crisis.party, region: nil, role: role)
        #expect(reach.phone != nil || reach.detail != nil, "\(role): no way to reach \(crisis.party)")
        switch role {
        case .police: #expect(reach.phone == nil && reach.detail?.contains("OC/meldkamer") == true)
        case .zsm: #expect(reach.phone == nil && reach.detail?.contains("raadsonderzoeker") == true)
        case .rvdk: #expect(crisis.stepIDs.contains("rvdk_after_hours_crisis"))
        default: #expect(reach.phone == "0900-8844", "\(role): \(reach)")
        }
    }

    @Test("danger now or someone at the door brings the crisis service in at night even with parents")
    func dangerOrClaimant() {
        for role in Role.allCases {
            let danger = RouteFitTests.assess(Self.suspicion, age: 15, role: role, guardian: .yes, acute: .yes, at: Self.saturday2330)
            #expect(Self.ids(danger).contains { Self.crisisSteps.contains($0) }, "\(role) danger")
            var answers = Self.suspicion
            answers["collection.unverified_claimant"] = .yes
            let claimant = RouteFitTests.assess(answers, age: 15, role: role, guardian: .yes, acute: .no, at: Self.saturday2330)
            #expect(Self.ids(claimant).contains { Self.crisisSteps.contains($0) }, "\(role) claimant")
        }
    }

    static let policeOrOM: Set<String> = ["police", "om"]

    @Test("every role × situation: no step sends a reader to its own organisation unless written as its own task; police see no public number for police or OM; ZSM is never told to use a control room", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func everySituationHasItsReader() {
        let contacts = knowledge.contacts
        var checked = 0
        var renderers: [Language: AssessmentRenderer] = [:]
        for language in Language.allCases { renderers[language] = AssessmentRenderer(knowledge: knowledge, language: language) }
        // Every (reader, step) pair some situation can give, each checked once.
        var pairs: [Role: Set<Int>] = [:]
        var positions: [Int] = []
        for situation in knowledge.routing.situations {
            knowledge.routing.router.route(for: situation, into: &positions)
            pairs[situation.role, default: []].formUnion(positions)
        }
        for (role, steps) in pairs.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            for position in steps.sorted() {
                let step = knowledge.routing.router.steps[position]
                guard let contact = contacts.contact(step.party) else {
                    Issue.record("\(step.id): unknown party")
                    continue
                }
                #expect(role.owns(contact) == step.own, "\(role) \(step.id): own \(step.own), party \(contact.organisationID)")
                for language in Language.allCases {
                    let reach = renderers[language]!.reach(step.party, region: "utrecht", role: role)
                    if role == .police && Self.policeOrOM.contains(contact.organisationID) {
                        #expect(reach.phone == nil, "police shown \(reach.phone ?? "") for \(step.party)")
                        #expect(!(reach.detail ?? "").contains("0900") && !(reach.detail ?? "").contains("112"))
                    }
                    if role == .zsm {
                        let text = step.action[language] + " " + (reach.detail ?? "")
                        for phrase in ["je meldkamer", "je OC", "your control room", "Schakel die in via"] {
                            #expect(!text.contains(phrase), "ZSM \(step.id): \(phrase)")
                        }
                    }
                    if role == .rvdk {
                        for phrase in ["Bel nu het Adviesteam", "Call the Board", "Zorg dat de Raad", "Neem contact op met de Raad"] {
                            #expect(!step.action[language].contains(phrase), "RvdK \(step.id): \(phrase)")
                        }
                    }
                    if role == .police {
                        #expect(!step.action[language].contains("Bel nu 112") && !step.action[language].contains("noodhulp"), "police \(step.id)")
                    }
                }
                checked += 1
            }
        }
        #expect(checked > 200)
    }

    @Test("care, education and municipality get one police call, with everything to say in it")
    func onePoliceCall() {
        for role in [Role.care, .education, .municipality, .other] {
            var answers = Self.suspicion
            answers["collection.unverified_claimant"] = .yes
            let night = RouteFitTests.assess(answers, age: 15, role: role, guardian: .no, acute: .yes, at: Self.saturday2330)
            let police = night.route.filter { ["police_emergency", "police_non_emergency", "police_collector", "avim", "team_mensenhandel", "crisis_service"].contains($0.party) }
            #expect(police.count == 1, "\(role): \(police.map(\.party))")
            // School and care, who hold the child, get the 112-or-0900-8844 protocol as that call (REVIEW4-scenarios F1).
            let call = [Role.care, .education].contains(role) ? "collector_call_police" : "call_112"
            #expect(police.first?.stepIDs.contains(call) == true && police.first?.stepIDs.contains([Role.care, .education].contains(role) ? "crisis_via_112_collector" : "crisis_via_112") == true, "\(role)")
        }
    }

    @Test("an unaccompanied minor in the asylum procedure, cannabis grow, no parent in NL: Nidos, not LJ&R",
          arguments: Role.allCases)
    func nidos(role: Role) {
        let answers: [String: Answer] = ["proceeds.handed_over": .yes, "context.asylum_unaccompanied": .yes]
        for time in [RouteFitTests.tuesdayMorning, Self.saturday2330] {
            let assessment = RouteFitTests.assess(answers, age: 15, role: role, offence: "cannabis", guardian: .no, registered: .no, at: time)
            #expect(assessment.level == .suspicion, "the asylum answer is never scored")
            #expect(Self.parties(assessment).contains("nidos"), "\(role): \(Self.ids(assessment))")
            #expect(!Self.parties(assessment).contains("ljr"), "\(role): \(Self.ids(assessment))")
            #expect(!Self.ids(assessment).contains { $0.contains("ljr") })
        }
        // Without the asylum answer the RvdK still names LJ&R (003 L90-91).
        if role == .rvdk {
            let plain = RouteFitTests.assess(["proceeds.handed_over": .yes], age: 15, role: role, offence: "cannabis", guardian: .no)
            #expect(Self.ids(plain).contains("rvdk_ljr_in_request") && !Self.parties(plain).contains("nidos"))
        }
    }

    @Test("the asylum answer alone scores nothing")
    func asylumNotScored() {
        let assessment = RouteFitTests.assess(["context.asylum_unaccompanied": .yes], age: 15, guardian: .no)
        #expect(assessment.score == 0 && assessment.level == .none)
    }

    @Test("the zorgcoördinator is reached via CoMensha: CoMensha's number is never shown as the coordinator's own")
    func zorgcoordinatorViaCoMensha() {
        let reach = AssessmentRenderer(knowledge: knowledge, language: .nl).reach("zorgcoordinator", region: nil, role: .care)
        #expect(reach.phone == nil)
        #expect(reach.detail == "bereikbaar via CoMensha – helpdesk (Coördinatiecentrum tegen Mensenhandel): 033 448 11 86")
    }

    /// The bundled routing table text with one replacement.
    static func decode(_ from: String, _ to: String) throws -> Result<RoutingTable, SignalError> {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Resources/routing.json"), encoding: .utf8)
        #expect(text.contains(from))
        let changed = text.replacingOccurrences(of: from, with: to)
        do throws(SignalError) {
            return .success(try RoutingTable.decode(Array(changed.utf8), contacts: knowledge.contacts))
        } catch {
            return .failure(error)
        }
    }

    @Test("a step that tells its reader to contact its own organisation is a located error when the routing data is read")
    func ownOrganisationIsAnError() throws {
        // The RvdK reader's VOVO step without "own": the Raad told to contact the Raad.
        let from = "\"id\": \"rvdk_request_vovo\",\n          \"party\": \"rvdk\","
        guard case .failure(let error) = try Self.decode(from + "\n          \"own\": true,", from) else {
            Issue.record("accepted a step that sends the RvdK to the RvdK")
            return
        }
        let message = error.message(knowledge.texts, .en)
        #expect(message.contains("rvdk_request_vovo") && message.contains("own organisation"), "\(message)")
        #expect(error.location.path?.description.hasSuffix(".party") == true, "\(String(describing: error.location.path))")
        #expect(error.location.position != nil)
        // A step marked own for a reader of another organisation is refused too.
        let care = "\"id\": \"share_zorgcoordinator\",\n          \"party\": \"zorgcoordinator\","
        guard case .failure(let other) = try Self.decode(care, care + "\n          \"own\": true,") else {
            Issue.record("accepted an own step for a reader outside that organisation")
            return
        }
        #expect(other.message(knowledge.texts, .en).contains("not the"), "\(other.message(knowledge.texts, .en))")
    }

    // MARK: The reviewer's findings on docs/routes.md (REVIEW-routes.md)

    @Test("review 1: no reader is sent to the embassy or the Centrale Autoriteit about a child in the asylum procedure; only the RvdK gets that step at all",
          arguments: Role.allCases)
    func noEmbassyForAsylum(role: Role) {
        let asylum = RouteFitTests.assess(
            ["proceeds.handed_over": .yes, "context.asylum_unaccompanied": .yes], age: 15, role: role, offence: "cannabis", guardian: .no,
            registered: .no, at: Self.saturday2330)
        #expect(!Self.parties(asylum).contains("centrale_autoriteit"), "\(role): \(Self.ids(asylum))")
        #expect(asylum.notes.contains { $0.id == "asylum_no_embassy" })
        let foreign = RouteFitTests.assess(["proceeds.handed_over": .yes], age: 15, role: role, guardian: .no, registered: .no)
        #expect(Self.parties(foreign).contains("centrale_autoriteit") == (role == .rvdk), "\(role): \(Self.ids(foreign))")
    }

    @Test("review 2: for a child in the asylum procedure Nidos comes NOW, and no VOVO step is given", arguments: Role.allCases)
    func nidosFirst(role: Role) throws {
        for time in [RouteFitTests.tuesdayMorning, Self.saturday2330] {
            let assessment = RouteFitTests.assess(
                ["proceeds.handed_over": .yes, "context.asylum_unaccompanied": .yes], age: 15, role: role, guardian: .no, at: time)
            let nidos = try #require(assessment.route.first { $0.party == "nidos" }, "\(role)")
            #expect(nidos.urgency == .now)
            for id in ["guardian_rvdk_now", "zsm_guardian_rvdk_table", "rvdk_request_vovo", "crisis_service_rvdk", "crisis_via_police", "crisis_via_police_care", "zsm_crisis_rvdk_table"] {
                #expect(!Self.ids(assessment).contains(id), "\(role): \(id)")
            }
        }
    }

    @Test("review 3: someone at the door at night with a custodial parent: the crisis service only if that parent cannot be reached or the child cannot go home; no LJ&R",
          arguments: Role.allCases)
    func claimantWithParents(role: Role) {
        let assessment = RouteFitTests.assess(
            ["proceeds.handed_over": .yes, "collection.unverified_claimant": .yes], age: 15, role: role, guardian: .yes, at: Self.saturday2330)
        let steps = assessment.route.flatMap { $0.parts.isEmpty ? [$0] : $0.parts }
        #expect(steps.contains { $0.id.hasSuffix("_if") }, "\(role): \(Self.ids(assessment))")
        for step in steps where step.party == "crisis_service" || step.id.hasSuffix("_if") {
            #expect(!step.action.nl.contains("LJ&R") && !step.action.en.contains("LJ&R"), "\(role) \(step.id)")
        }
        #expect(!steps.contains { ["crisis_service_rvdk", "zsm_crisis_rvdk_table", "rvdk_after_hours_crisis", "crisis_via_police", "crisis_via_112", "crisis_via_police_care", "crisis_via_112_collector"].contains($0.id) })
    }

    @Test("review 4: under 12, care, school, municipality and other are told to go to Veilig Thuis", arguments: [Role.care, .education, .municipality, .other])
    func underTwelveVeiligThuis(role: Role) {
        let assessment = RouteFitTests.assess(["proceeds.handed_over": .yes], age: 10, role: role)
        #expect(assessment.route.contains { $0.party == "veilig_thuis" && ($0.stepIDs.contains("under12_veilig_thuis") || $0.stepIDs.contains("other_veilig_thuis")) }, "\(Self.ids(assessment))")
    }

    @Test("review 5 and 9: the RvdK reader at night is not told the Raad is brought in, and its VOVO step says 'overweeg'")
    func rvdkOwnWording() {
        for guardian in [TriState.no, .yes] {
            let night = RouteFitTests.assess(
                ["proceeds.handed_over": .yes, "collection.unverified_claimant": .yes], age: 15, role: .rvdk, guardian: guardian, at: Self.saturday2330)
            for step in night.route.flatMap({ $0.parts.isEmpty ? [$0] : $0.parts }) {
                #expect(!step.action.nl.contains("wordt de Raad ingezet") && !step.action.nl.contains("zet de Raad in"), "\(step.id)")
                if step.id == "rvdk_request_vovo" { #expect(step.action.nl.contains("overweeg")) }
            }
        }
    }

    @Test("review 10: ZSM asks the public prosecutor to refer; review 11: police have AVIM register the victim with CoMensha")
    func zsmAndPoliceWording() throws {
        let zsm = RouteFitTests.assess(["proceeds.handed_over": .yes], age: 15, role: .zsm)
        let refer = try #require(zsm.route.flatMap { $0.parts.isEmpty ? [$0] : $0.parts }.first { $0.id == "zsm_refer_trafficking" })
        #expect(refer.action.nl.hasPrefix("Vraag de officier van justitie"))
        let police = RouteFitTests.assess(["proceeds.handed_over": .yes], age: 15, role: .police)
        let register = try #require(police.route.flatMap { $0.parts.isEmpty ? [$0] : $0.parts }.first { $0.id == "police_register_comensha" })
        #expect(register.party == "avim" && register.own)
    }
}
