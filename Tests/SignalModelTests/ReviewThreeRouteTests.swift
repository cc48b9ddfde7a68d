import Foundation
import Testing

@testable import SignalModel

/// The third review of `docs/routes.md` (REVIEW3-routes.md): the findings left before sign-off,
/// each read on the page's situations as that reader reads them, and where cheap over every situation.
@Suite("Third route review (REVIEW3 B2, N1, B1, B6/N2, B10, C5)")
struct ReviewThreeRouteTests {
    static let claimant = "collection.unverified_claimant"
    static let asylum = "context.asylum_unaccompanied"

    /// Every single step of a route (the parts of a merged step).
    static func parts(_ situation: RouteSituation) -> [RouteStep] {
        ReviewTwoRouteTests.parts(knowledge.routing.route(for: situation))
    }

    /// The page's situations for a role (`docs/routes.md`), numbered as there (1-based).
    static func page(_ role: Role) -> [RouteSituation] {
        ReaderRouteRenderer.cases(for: role).map(\.situation)
    }

    // MARK: B2

    static let rvdkHandover = LocalizedText(
        // REVIEW4 R6: plain wording instead of "ophaler"/"collector"; the police, not the shelter, check gezag.
        nl: "Zorg dat de politie of de opvang het kind niet meegeeft aan degene die het komt ophalen, en dat de politie diens identiteit en gezag nagaat; bel de politie in de zaak (is er nog geen politie bij: 112)",
        en: "Make sure the police or the shelter do not hand the child over to the person who comes to collect it, and that the police check that person's identity and custody; call the police on the case (if no police are involved yet: 112)")

    /// What the RvdK reader must never be shown: the public police line, or "do not hand the child over"
    /// as if the Board held the child (002 L475-477, 003 L143-148).
    static func rvdkProblems(_ situation: RouteSituation) -> [String] {
        var found: [String] = []
        for language in Language.allCases {
            let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
            for step in knowledge.routing.route(for: situation) {
                let reach = renderer.reach(step.party, region: nil, role: .rvdk)
                if reach.phone == "0900-8844" || reach.detail?.contains("0900-8844") == true { found.append("\(step.party) reached via 0900-8844") }
                for part in step.parts.isEmpty ? [step] : step.parts {
                    let action = part.action[language]
                    if action.contains("0900-8844") { found.append("\(part.id): 0900-8844 in the action") }
                    if action.contains("Geef het kind niet mee") || action.contains("geef het kind niet mee")
                        || action.contains("Do not hand the child over") || action.contains("do not hand the child over:") {
                        found.append("\(part.id): told to hold the child")
                    }
                }
            }
        }
        return found
    }

    @Test("B2: the RvdK reader is never shown 0900-8844 nor told to keep the child itself, on every page situation and someone at the door in every state")
    func rvdkNoPublicLine() {
        var situations = Self.page(.rvdk)
        for level in [Level.attention, .suspicion, .acute] {
            for state in [TriState.yes, .unknown] {
                for hours in [TriState.yes, .no, .unknown] {
                    situations.append(RouteSituation(
                        role: .rvdk, ageBand: .minor, level: level, acute: level == .acute ? .yes : .no, guardian: .yes,
                        registered: .yes, officeHours: hours, offence: "other", answers: [Self.claimant: state]))
                }
            }
        }
        situations.append(RouteSituation(
            role: .rvdk, ageBand: .adult, level: .suspicion, acute: .no, guardian: .yes, registered: .yes, officeHours: .yes))
        for situation in situations {
            let problems = Self.rvdkProblems(situation)
            #expect(problems.isEmpty, "\(situation): \(problems)")
        }
    }

    @Test("B2: every RvdK situation the table can tell apart, the same", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func rvdkNoPublicLineAnywhere() {
        for situation in knowledge.routing.situations where situation.role == .rvdk {
            let problems = Self.rvdkProblems(situation)
            #expect(problems.isEmpty, "\(situation): \(problems)")
        }
    }

    @Test("B2: rvdk 5 (someone at the door) and rvdk 13 (not known) get the reviewer's text, NOW and 'NU, als het zich voordoet'")
    func rvdkPageFiveAndThirteen() throws {
        let page = Self.page(.rvdk)
        for (number, conditional) in [(5, false), (13, true)] {
            let parts = Self.parts(page[number - 1])
            // The reviewer's sentence, as a sentence of its own or after "Meldt zich iemand …:" (lower case).
            let step = try #require(parts.first { $0.action.nl.contains(Self.rvdkHandover.nl.dropFirst()) }, "rvdk \(number): \(parts.map(\.id))")
            #expect(step.action.en.contains(Self.rvdkHandover.en.dropFirst()))
            #expect(step.conditionalNow == conditional && (conditional || step.urgency == .now), "rvdk \(number): \(step.id)")
            #expect(step.citations.contains { $0.source.hasPrefix("002") && $0.lines == 475...477 })
        }
    }

    // MARK: N1

    @Test("N1: without a custodial parent in NL the parents note is about return to the country of origin, via the guardian (Nidos) for an asylum child",
          arguments: Role.allCases)
    func parentsAbroad(role: Role) throws {
        for (index, situation) in Self.page(role).enumerated() where situation.level != .none {
            let notes = knowledge.routing.notes(for: situation)
            let ids = notes.map(\.id)
            let asylum = situation.answer(Self.asylum) == .yes
            if situation.guardian == .no || asylum {
                #expect(!ids.contains("parents_network"), "\(role) \(index + 1): \(ids)")
                let id = asylum ? "parents_abroad_asylum" : "parents_abroad"
                let note = try #require(notes.first { $0.id == id }, "\(role) \(index + 1): \(ids)")
                // REVIEW4 R3: parents abroad (not only the country of origin); "zorg dat … niet wordt meegegeven".
                #expect(note.text.nl.hasPrefix(asylum ? "Gaat het om contact met of terugkeer naar de ouders in het land van herkomst" : "Gaat het om contact met of terugkeer naar de ouders in het buitenland"))
                #expect(note.text.nl.contains("Zorg dat het kind niet wordt meegegeven aan iemand die zich als ouder of familie meldt, zolang identiteit en gezag niet vaststaan"))
                #expect(note.text.en.contains("Make sure the child is not handed over to anyone who comes forward as a parent or relative"))
                #expect(note.text.nl.contains("via de voogd (Nidos)") == asylum && note.text.en.contains("guardian (Nidos)") == asylum)
                for text in [note.text.nl, note.text.en] {
                    #expect(!text.contains("veilig thuis") && !text.contains("safe home"), "no 'safe home' for parents abroad")
                }
                #expect(note.citations.contains { $0.source.hasPrefix("003") && $0.lines == 126...129 })
                #expect(note.citations.contains { $0.source.hasPrefix("000") && $0.lines == 1738...1738 })
            } else {
                #expect(ids.contains("parents_network") && !ids.contains("parents_abroad"), "\(role) \(index + 1): \(ids)")
            }
        }
    }

    // MARK: B1

    @Test("B1: ZSM is never told to hold the child or check identity itself: the police at the table do (zsm 5, 10, 13 and every collection state)")
    func zsmPoliceHoldTheChild() throws {
        var situations = Self.page(.zsm)
        for level in [Level.attention, .suspicion, .acute] {
            for state in [TriState.yes, .unknown] {
                situations.append(RouteSituation(
                    role: .zsm, ageBand: .minor, level: level, acute: level == .acute ? .yes : .no, guardian: .yes,
                    registered: .yes, officeHours: .no, offence: "other", answers: [Self.claimant: state]))
            }
        }
        for situation in situations {
            for part in Self.parts(situation) {
                for text in [part.action.nl, part.action.en] {
                    #expect(!text.hasPrefix("Geef het kind niet mee") && !text.contains("Ga identiteit en gezag na"), "\(part.id): \(text)")
                    #expect(!text.hasPrefix("Do not release the child") && !text.contains("Check identity and custody"), "\(part.id): \(text)")
                }
            }
        }
        let page = Self.page(.zsm)
        for number in [5, 10, 13] {
            let parts = Self.parts(page[number - 1])
            let step = try #require(parts.first { $0.action.nl.contains("Zorg dat de politie het kind niet meegeeft") }, "zsm \(number): \(parts.map(\.id))")
            #expect(step.action.nl.contains("laat de politie identiteit en gezag nagaan en vastleggen wie zich meldde"))
            #expect(step.action.en.contains("Make sure the police do not release the child") && step.action.en.contains("have the police check identity and custody"))
            #expect(step.citations.contains { $0.source.hasPrefix("000") && $0.lines == 1738...1738 })
        }
    }

    // MARK: B6 / N2

    @Test("B6/N2: ZSM under 12: the police (basisteam) make the zorgmelding, else ZSM does; cited 000 L811 and L1762, not L1766")
    func zsmUnderTwelveZorgmelding() throws {
        for level in [Level.none, .attention, .suspicion] {
            let situation = RouteSituation(
                role: .zsm, ageBand: .under12, level: level, acute: .no, guardian: .yes, registered: .yes, officeHours: .yes,
                offence: "other", answers: [Self.claimant: .no])
            let step = try #require(Self.parts(situation).first { $0.party == "veilig_thuis" && $0.id.hasPrefix("zorgmelding_under12") }, "\(level)")
            #expect(step.action.nl.hasPrefix("Zorg dat de politie (basisteam) een zorgmelding bij Veilig Thuis maakt"), "\(step.action.nl)")
            #expect(step.action.nl.contains("is dat niet gebeurd, maak hem zelf"))
            #expect(step.action.en.hasPrefix("Make sure the police (local team) file a care report") && step.action.en.contains("file it yourself"))
            #expect(step.citations.contains { $0.source.hasPrefix("000") && $0.lines == 811...811 })
            #expect(step.citations.contains { $0.source.hasPrefix("000") && $0.lines == 1762...1762 })
            #expect(!step.citations.contains { $0.lines.contains(1766) }, "000 L1766 is about children of 12 and over")
        }
    }

    // MARK: B10

    @Test("B10: a care worker at suspicion is told, as conditions, to involve the child's GI or guardian (who may report 273f) and to make safety agreements for a placement; cited; no other reader gets them")
    func carePlacement() throws {
        let care = Self.parts(Self.page(.care)[2])
        let guardian = try #require(care.first { $0.id == "care_placement_guardian" }, "\(care.map(\.id))")
        #expect(guardian.action.nl.hasPrefix("Heeft het kind een jeugdbeschermer of voogd") && guardian.action.nl.contains("273f"))
        #expect(guardian.action.nl.contains("niet uit de bronnen"), "informing the GI is general practice")
        #expect(guardian.action.en.hasPrefix("If the child has a youth protection worker or guardian"))
        #expect(guardian.citations.contains { $0.source.hasPrefix("003") && $0.lines == 159...163 })
        let safety = try #require(care.first { $0.id == "care_placement_safety" })
        #expect(safety.action.nl.hasPrefix("Verblijft het kind in een instelling of pleeggezin") && safety.action.nl.contains("veiligheidsafspraken"))
        #expect(safety.action.en.hasPrefix("If the child lives in a residential institution or foster family"))
        #expect(safety.citations.contains { $0.source.hasPrefix("003") && $0.lines == 182...184 })
        // Attention is lighter; other readers do not get the care worker's steps.
        #expect(!Self.parts(Self.page(.care)[1]).contains { $0.id.hasPrefix("care_placement") })
        for role in Role.allCases where role != .care {
            #expect(!Self.page(role).flatMap(Self.parts).contains { $0.id.hasPrefix("care_placement") }, "\(role)")
        }
    }

    // MARK: C5

    @Test("C5: the Raad party a ZSM reader sees is not labelled 'Adviesteam in je regio'; its line names the raadsonderzoeker at the table")
    func zsmRaadLabel() {
        for language in Language.allCases {
            let reach = AssessmentRenderer(knowledge: knowledge, language: language).reach("rvdk", region: "utrecht", role: .zsm)
            #expect(!reach.name.contains("Adviesteam") && !reach.name.contains("Advice Team"), "\(reach)")
            #expect(reach.phone == nil)
            #expect(reach.detail?.contains(language == .nl ? "raadsonderzoeker aan de ZSM-tafel" : "investigator at the ZSM table") == true, "\(reach)")
            // Readers away from the table are still told to ask for the Adviesteam.
            let care = AssessmentRenderer(knowledge: knowledge, language: language).reach("rvdk", region: nil, role: .care)
            #expect(care.detail?.contains("Adviesteam") == true || care.detail?.contains("Advice Team") == true, "\(care)")
        }
    }

    /// Whether a party's heading agrees with its steps: the heading reads as its most urgent step does.
    static func headingProblems(_ situation: RouteSituation) -> [String] {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .nl)
        var found: [String] = []
        for step in knowledge.routing.route(for: situation) where !step.parts.isEmpty {
            let heading = renderer.urgencyLabel(step, situation)
            let labels = step.parts.map { renderer.urgencyLabel($0, situation) }
            let mostUrgent = step.parts.map(\.urgency).min()
            if !labels.contains(heading) || mostUrgent != step.urgency {
                found.append("\(step.party): [\(heading)] over \(labels)")
            }
        }
        return found
    }

    @Test("C5: a party's urgency heading is the urgency of its most urgent shown step, on every page situation and with custody and registration unknown")
    func headingAgreesWithSteps() {
        for role in Role.allCases {
            for (index, situation) in Self.page(role).enumerated() {
                let problems = Self.headingProblems(situation)
                #expect(problems.isEmpty, "\(role) \(index + 1): \(problems)")
            }
            // The case the sweep found: the police line merges "Meldt zich iemand …" (conditional) and a
            // registration step (soon); it was headed [VANDAAG], a label none of its steps had.
            let open = RouteSituation(
                role: role, ageBand: .minor, level: .suspicion, acute: .no, guardian: .unknown, registered: .unknown,
                officeHours: .yes, offence: "other")
            let problems = Self.headingProblems(open)
            #expect(problems.isEmpty, "\(role): \(problems)")
        }
    }

    @Test("C5: the same over every situation the table can tell apart", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func headingAgreesEverywhere() {
        for situation in knowledge.routing.situations {
            let problems = Self.headingProblems(situation)
            #expect(problems.isEmpty, "\(situation): \(problems)")
        }
    }
}
