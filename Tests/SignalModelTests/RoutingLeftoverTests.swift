import Foundation
import Testing

@testable import SignalModel

/// The routing leftovers of issues 20 and 26 (routes2): ZSM only with an offence, the RvdK's own
/// acute step, the Schiphol protocol for the RvdK, the embassy step's group, "do not hand over" and
/// leerplicht tied to the answers, and the own-organisation check on free text.
@Suite("Routing leftovers (issues 20, 26)")
struct RoutingLeftoverTests {
    static let claimant = "collection.unverified_claimant"
    static let absence = "daily_life.school_absence"
    /// Monday 21 December 2026, 19:30 in the Netherlands (casus 4).
    static let monday1930 = Timestamp(iso8601: "2026-12-21T19:30:00+01:00")!

    static func ids(_ assessment: Assessment) -> [String] { assessment.route.flatMap(\.stepIDs) }

    static func parts(_ assessment: Assessment) -> [RouteStep] { assessment.route.flatMap { $0.parts.isEmpty ? [$0] : $0.parts } }

    // MARK: 1. ZSM handles minors who committed an offence (000 L1988)

    @Test("a police reader with no offence (a report about a child) gets no ZSM step or ZSM note; with any offence it does",
          arguments: [[String: Answer](), ["residence.address_unknown": .yes], ["proceeds.handed_over": .yes]])
    func noZSMWithoutOffence(answers: [String: Answer]) {
        let report = RouteFitTests.assess(answers, age: 14, role: .police, offence: nil)
        #expect(!report.route.contains { $0.party == "zsm" }, "\(Self.ids(report))")
        #expect(!report.notes.contains { $0.id == "zsm_every_case" })
        for offence in ["shoplifting", "other", "money_mule"] {
            let arrest = RouteFitTests.assess(answers, age: 14, role: .police, offence: offence)
            #expect(arrest.route.contains { $0.party == "zsm" }, "\(offence): \(Self.ids(arrest))")
            #expect(arrest.notes.contains { $0.id == "zsm_every_case" })
        }
    }

    @Test("every police, RvdK and care situation with no offence: no step at the ZSM table", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func noZSMWithoutOffenceAnywhere() {
        var checked = 0
        for situation in knowledge.routing.situations where situation.offence == nil && situation.role != .zsm {
            #expect(!knowledge.routing.route(for: situation).contains { $0.party == "zsm" }, "\(situation)")
            checked += 1
        }
        #expect(checked > 1000)
    }

    @Test("the travelling family (police, no offence, no signal): no ZSM step")
    func travellingFamily() throws {
        let scenario = try #require(ScenarioFixtures.bundled.first { $0.id == "profile_trap_travelling_family" })
        let route = ScenarioCheck.run(scenario, engine: engine).route
        #expect(!route.contains("zsm_consider_exploitation"), "\(route)")
        #expect(!scenario.expected.route.contains("zsm_consider_exploitation"))
    }

    // MARK: 2. The RvdK reader at acute danger

    @Test("RvdK, acute: the police step is worded for a professional (the police on the case, else 112), never the public's 'Bel nu 112'; do not hand over is part of it")
    func rvdkAcute() throws {
        for answers: [String: Answer] in [["collection.claimant_at_station_now": .yes], ["proceeds.handed_over": .yes]] {
            let acute = RouteFitTests.assess(answers, age: 16, role: .rvdk, guardian: .no, registered: .no, acute: .yes)
            let first = try #require(acute.route.first)
            #expect(first.stepIDs.first == "rvdk_acute_police", "\(Self.ids(acute))")
            #expect(first.party == "police_emergency")
            #expect(!Self.ids(acute).contains("call_112"))
            #expect(first.action.nl.contains("politie in de zaak") && !first.action.nl.hasPrefix("Bel nu 112"))
            let handover = Self.parts(acute).filter { $0.id.hasPrefix("no_handover") }.map(\.id)
            // The RvdK's own wording: the police or the shelter do not hand the child over (REVIEW3 B2).
            #expect(handover == [answers[Self.claimantHere] == .yes ? "no_handover_rvdk_acute_claimant" : "no_handover_rvdk_acute"])
        }
        if Exhaustive.on {
            for situation in knowledge.routing.situations where situation.role == .rvdk {
                #expect(!knowledge.routing.steps(for: situation).contains { $0.id == "call_112" }, "\(situation)")
            }
        }
    }

    static let claimantHere = "collection.claimant_at_station_now"

    // MARK: 3. Casus 4: the Raad is on the case through the Schiphol protocol (000 L1423, L2376-2380)

    @Test("RvdK, drug smuggling at 19:30, no custodial parent in NL, the mother with custody collects: no crisis step, no 'if someone comes'; the Schiphol protocol as the Raad's own work with KMar and Nidos")
    func casus4() {
        let answers: [String: Answer] = ["recruitment.older_partner": .yes, "disclosure.protects_someone": .yes, Self.claimant: .no]
        let assessment = RouteFitTests.assess(answers, age: 13, role: .rvdk, offence: "drug_smuggling", guardian: .no, registered: .unknown, at: Self.monday1930)
        #expect(assessment.situation.officeHours == .no)
        let ids = Self.ids(assessment)
        for step in ["rvdk_after_hours_crisis", "rvdk_after_hours_crisis_if", "no_handover_tell_police", "no_handover_rvdk", "schiphol_protocol", "nidos_guardianship"] {
            #expect(!ids.contains(step), "\(step) in \(ids)")
        }
        #expect(ids.contains("rvdk_schiphol_protocol") && ids.contains("rvdk_schiphol_nidos"), "\(ids)")
        for step in Self.parts(assessment) {
            #expect(!step.action.nl.contains("de Raad") && !step.action.nl.contains("Raad voor de Kinderbescherming"), "\(step.id)")
        }
        // Without drug smuggling the night crisis step stays for the RvdK (003 L143-148).
        let other = RouteFitTests.assess(answers, age: 13, role: .rvdk, offence: "shoplifting", guardian: .no, at: Self.monday1930)
        #expect(Self.ids(other).contains("rvdk_after_hours_crisis"))
    }

    @Test("the casus 4 scenario: no crisis step and no 'if someone comes to collect' step")
    func casus4Scenario() throws {
        let scenario = try #require(ScenarioFixtures.bundled.first { $0.id == "casus4_drug_smuggling_schiphol" })
        let route = ScenarioCheck.run(scenario, engine: engine).route
        #expect(!route.contains("rvdk_after_hours_crisis") && !route.contains("no_handover_tell_police") && !route.contains("no_handover_rvdk"), "\(route)")
    }

    // MARK: 4. Embassy and Centrale Autoriteit: the Raad's method for children without custodial parents in NL (003 L80-101)

    @Test("every situation: the embassy step only for the RvdK, a child with no custodial parent in NL, not registered, not in the asylum procedure", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func embassyOnlyForItsGroupEverywhere() {
        var seen = 0
        for situation in knowledge.routing.situations where knowledge.routing.steps(for: situation).contains(where: { $0.id == "centrale_autoriteit_identity" }) {
            #expect(situation.role == .rvdk && situation.guardian == .no && situation.registered == .no, "\(situation)")
            #expect(situation.answer("context.asylum_unaccompanied") != .yes)
            seen += 1
        }
        #expect(seen > 0)
    }

    @Test("the embassy step: only the RvdK, only without a custodial parent in NL, with the caution on return")
    func embassyOnlyForItsGroup() throws {
        let step = try #require(knowledge.routing.rules.flatMap(\.steps).first { $0.id == "centrale_autoriteit_identity" })
        #expect(step.action.nl.contains("criminele netwerk") && step.citations.contains { $0.lines == 130...132 })
        for role in Role.allCases where role != .rvdk {
            let foreign = RouteFitTests.assess(["proceeds.handed_over": .yes], age: 15, role: role, guardian: .no, registered: .no)
            #expect(!foreign.route.contains { $0.party == "centrale_autoriteit" }, "\(role)")
        }
        let withParents = RouteFitTests.assess(["proceeds.handed_over": .yes], age: 15, role: .rvdk, guardian: .yes, registered: .no)
        #expect(!withParents.route.contains { $0.party == "centrale_autoriteit" })
    }

    // MARK: 5. "Do not hand over" and leerplicht follow the answers

    static let away: [Role] = [.education, .care, .municipality, .other, .rvdk]

    @Test("away from the police, no acute danger: 'if someone comes to collect' only for a child without a (known) custodial parent in NL; with a parent only when someone came",
          arguments: away)
    func noHandoverFollowsTheCase(role: Role) {
        let base: [String: Answer] = ["instigation.adult_instructs_at_scene": .yes]
        let parents = Self.ids(RouteFitTests.assess(base, age: 15, role: role, guardian: .yes))
        #expect(!parents.contains { $0.hasPrefix("no_handover") }, "\(role): \(parents)")
        for guardian in [TriState.no, .unknown] {
            let none = Self.ids(RouteFitTests.assess(base, age: 15, role: role, guardian: guardian))
            // The RvdK gets its own wording (REVIEW3 B2).
            #expect(none.contains(role == .rvdk ? "no_handover_rvdk" : "no_handover_tell_police"), "\(role) \(guardian): \(none)")
        }
        var came = base
        came[Self.claimant] = .yes
        #expect(Self.ids(RouteFitTests.assess(came, age: 15, role: role, guardian: .yes)).contains(role == .rvdk ? "no_handover_rvdk_now" : "no_handover_tell_police_now"))
    }

    @Test("leerplicht only when school absence was told (yes), for school, care and the municipality", arguments: [Role.education, .care, .municipality])
    func leerplichtFollowsAbsence(role: Role) {
        let step = role == .municipality ? "leerplicht_absence_own" : "leerplicht_absence"
        for answer in [nil, Answer.unknown, .no] {
            var answers: [String: Answer] = ["proceeds.handed_over": .yes]
            answers[Self.absence] = answer
            #expect(!Self.ids(RouteFitTests.assess(answers, age: 15, role: role)).contains(step), "\(role) \(answer.map(\.rawValue) ?? "-")")
        }
        let told = Self.ids(RouteFitTests.assess(["proceeds.handed_over": .yes, Self.absence: .yes], age: 15, role: role))
        #expect(told.contains(step), "\(role): \(told)")
    }

    @Test("the scenarios where nobody collects the child and no absence was told get neither step",
          arguments: ["drug_running_debt_school", "early_signal_online_friend", "online_recruitment_quick_money", "casus5_children_mother_absent", "money_mule_bank_card", "katvanger_contracts_in_name"])
    func scenariosFollowTheAnswers(id: String) throws {
        let scenario = try #require(ScenarioFixtures.bundled.first { $0.id == id })
        let assessment = engine.assessment(of: scenario.case, at: nil)
        let ids = Self.ids(assessment)
        #expect(!ids.contains("no_handover_tell_police"), "\(id): \(ids)")
        let absence = scenario.case.answers[Self.absence]?.answer == .yes
        #expect(ids.contains { $0.hasPrefix("leerplicht") } == absence, "\(id): \(ids)")
    }

    @Test("the compiled router agrees with RouteCondition.matches on the new conditions (offence given, school absence), rule by rule", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func compiledAgrees() {
        let table = knowledge.routing
        #expect(table.routedAnswers.contains(Self.absence))
        let named = table.rules.indices.filter { table.rules[$0].when.offenceGiven != nil || table.rules[$0].when.answers?[Self.absence] != nil }
        #expect(named.count >= 5)
        for situation in table.situations where [.police, .education, .municipality].contains(situation.role) {
            for index in named {
                #expect(table.router.ruleMatches(index, situation) == table.rules[index].when.matches(situation), "\(table.rules[index].id) \(situation)")
            }
        }
    }

    // MARK: 6. The own-organisation check reads the words too

    static func load(routing: (String, String)? = nil, contacts: (String, String)? = nil) -> SignalError? {
        var files = knowledge.files
        for (name, patch) in [("routing.json", routing), ("contacts.json", contacts)] {
            guard let (from, to) = patch, let text = files[name] else { continue }
            #expect(text.contains(from), "\(name): the patch no longer applies")
            files[name] = text.replacingOccurrences(of: from, with: to)
        }
        do {
            _ = try Knowledge.load(files: files)
            return nil
        } catch {
            return error
        }
    }

    @Test("a step that names the reader's own organisation in its action is a located error (file, line, path to the text)")
    func stepTextNamingOwnOrganisation() throws {
        // The RvdK reader told in words to call the Raad, in a step whose party is not the Raad.
        let from = "\"nl\": \"Overleg met de AVIM van de politie in je regio.\""
        let error = try #require(Self.load(routing: (from, "\"nl\": \"Overleg met de AVIM van de politie in je regio en bel het Adviesteam van de Raad.\"")))
        let message = error.message(knowledge.texts, .en)
        #expect(message.contains("rvdk_consult_avim") && message.contains("own organisation") && message.contains("de Raad"), "\(message)")
        #expect(error.location.file == "Resources/routing.json")
        #expect(error.location.path?.description.hasSuffix(".action.nl") == true, "\(String(describing: error.location.path))")
        let text = try #require(knowledge.files["routing.json"])
        let found = try #require(text.range(of: from))
        let line = text[..<found.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(error.location.position?.line == line)
        // Police told to go "via de politie" in a step of another party.
        let police = try #require(Self.load(routing: ("\"nl\": \"Maak een zorgmelding bij Veilig Thuis.\"", "\"nl\": \"Maak via de politie een zorgmelding bij Veilig Thuis.\"")))
        #expect(police.message(knowledge.texts, .en).contains("\"via de politie\""), "\(police.message(knowledge.texts, .en))")
    }

    @Test("a contact's hours naming the reader's own organisation, with no line for that reader, is a located error in contacts.json")
    func hoursNamingOwnOrganisation() throws {
        // Nidos without its line for the RvdK, and hours that send the RvdK through the Raad (REVIEW-routes.md 5).
        let text = try #require(knowledge.files["contacts.json"])
        let line = try #require(text.range(of: "\"rvdk\": {\n          \"nl\": \"Neem rechtstreeks contact op met Nidos"))
        let lineEnd = try #require(text.range(of: "\n        }\n", range: line.upperBound..<text.endIndex))
        var files = knowledge.files
        files["contacts.json"] = text.replacingCharacters(in: line.lowerBound..<lineEnd.upperBound, with: "\"other\": {\"nl\": \"x\", \"en\": \"x\"}\n")
            .replacingOccurrences(of: "is Nidos al voogd, dan via de eigen voogd van het kind.", with: "via de Raad of via de eigen voogd van het kind.")
        do {
            _ = try Knowledge.load(files: files)
            Issue.record("accepted hours that send the RvdK through the Raad")
        } catch {
            let message = error.message(knowledge.texts, .en)
            #expect(message.contains("nidos") && message.contains("rvdk reader") && message.contains("de Raad"), "\(message)")
            #expect(error.location.file == "Resources/contacts.json")
            #expect(error.location.path?.description.hasSuffix(".hours.nl") == true, "\(String(describing: error.location.path))")
            #expect(error.location.position != nil)
        }
    }

    @Test("a party reached via the reader's own organisation needs a line for that reader")
    func viaOwnOrganisation() throws {
        // The municipality's ketenregisseur (via the OOV officer, the municipality) without its line for the municipality.
        let line = "\"lines\": {\n        \"municipality\": {\n          \"nl\": \"Binnen je eigen gemeente; de ambtenaar OOV weet wie het is.\","
        let error = try #require(Self.load(contacts: (line, "\"lines\": {\n        \"care\": {\n          \"nl\": \"Binnen je eigen gemeente; de ambtenaar OOV weet wie het is.\",")))
        #expect(error.message(knowledge.texts, .en).contains("ketenregisseur is reached via gemeente_oov"), "\(error.message(knowledge.texts, .en))")
        #expect(error.location.file == "Resources/contacts.json")
        #expect(error.location.path?.description.hasSuffix(".via") == true, "\(String(describing: error.location.path))")
    }

    @Test("a name is found as whole words only, its first letter in either case")
    func nameMatching() {
        var contact = Contact(id: "x", name: LocalizedText(nl: "x", en: "x"), hours: LocalizedText(nl: "", en: ""), asOf: "2016", citations: [])
        contact.names = [.nl: ["de Raad", "112"], .en: ["the Board"]]
        #expect(contact.nameMentioned(in: "De Raad zet in.", .nl) == "de Raad")
        #expect(contact.nameMentioned(in: "met de raadsonderzoeker", .nl) == nil)
        #expect(contact.nameMentioned(in: "met de Raadsonderzoeker", .nl) == nil)
        #expect(contact.nameMentioned(in: "bel 1120", .nl) == nil)
        #expect(contact.nameMentioned(in: "bel 112.", .nl) == "112")
        #expect(contact.nameMentioned(in: "the Board's investigator", .en) == "the Board")
        #expect(contact.nameMentioned(in: "the Board", .nl) == nil)
    }
}

/// REVIEW2-scenarios.md route findings (second batch).
@Suite("Routing leftovers: the trainer's second review")
struct RoutingReviewTwoTests {
    static let saturday1745 = Timestamp(iso8601: "2026-11-14T17:45:00+01:00")!

    @Test("17: the header says 'crisisroute' only when the route has a crisis step")
    func header() {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .nl)
        let parents = RouteFitTests.assess(["proceeds.handed_over": .yes], age: 14, role: .police, offence: "shoplifting", at: Self.saturday1745)
        #expect(renderer.text(parents).contains("(buiten kantoortijden)"), "\(renderer.text(parents))")
        let none = RouteFitTests.assess(["proceeds.handed_over": .yes], age: 14, role: .police, offence: "shoplifting", guardian: .no, at: Self.saturday1745)
        #expect(renderer.text(none).contains("(buiten kantoortijden: crisisroute)"))
    }

    @Test("12: keeping the child safe is never put off to the next working day (002 L151-153)")
    func secureChildNow() {
        let night = RouteFitTests.assess(["proceeds.handed_over": .yes], age: 13, role: .rvdk, offence: "drug_smuggling", guardian: .no, at: RoutingLeftoverTests.monday1930)
        let step = night.route.flatMap { $0.parts.isEmpty ? [$0] : $0.parts }.first { $0.id == "rvdk_secure_child" }
        #expect(step?.urgency == .now)
    }

    @Test("3: a note on the parents' part in the network also for a child whose parents are not in NL (about return, REVIEW3 N1); 4: the acute level text names no number")
    func parentsAndLevelText() throws {
        let abroad = RouteFitTests.assess(["proceeds.handed_over": .yes], age: 16, role: .rvdk, guardian: .no, registered: .no)
        #expect(abroad.notes.contains { $0.id == "parents_abroad" })
        let acute = try #require(knowledge.catalog.describe(.acute))
        #expect(!acute.meaning.nl.contains("112") && !acute.meaning.en.contains("112"))
    }

    @Test("15: the unknown-age note does not frame 18 as the end of protection, and names the under-12 route")
    func ageNote() throws {
        let note = try #require(knowledge.routing.notes.first { $0.id == "age_unknown" })
        #expect(!note.text.nl.contains("beëindigt de wettelijke plicht") && note.text.nl.contains("jonger dan 12"))
    }

    @Test("16: acute_claimant and casus2 answer the collector question; 8, 9: danger not known, so the route checks it first",
          arguments: ["acute_claimant_at_station", "casus2_burglary_two_girls", "drug_running_debt_school", "profile_trap_dutch_boy_drug_runner"])
    func scenarios(id: String) throws {
        let scenario = try #require(ScenarioFixtures.bundled.first { $0.id == id })
        let assessment = engine.assessment(of: scenario.case, at: nil)
        if id.hasPrefix("acute") || id.hasPrefix("casus2") {
            #expect(scenario.case.answers["collection.unverified_claimant"]?.answer == .yes)
            #expect(!assessment.openQuestions.contains { $0.indicator.id == "collection.unverified_claimant" })
        } else {
            #expect(assessment.route.first?.stepIDs.first?.hasPrefix("check_danger_now") == true, "\(assessment.route.flatMap(\.stepIDs))")
        }
    }
}
