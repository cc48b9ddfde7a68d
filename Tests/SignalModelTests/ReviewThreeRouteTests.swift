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
        nl: "Zorg dat de politie of de opvang het kind niet meegeeft aan de ophaler en diens identiteit en gezag nagaat; bel de politie in de zaak (is er nog geen politie bij: 112)",
        en: "Make sure the police or the shelter do not hand the child over to the collector and check the collector's identity and custody; call the police on the case (if no police are involved yet: 112)")

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
                #expect(note.text.nl.hasPrefix("Gaat het om contact met of terugkeer naar de ouders in het land van herkomst"))
                #expect(note.text.nl.contains("Geef het kind niet mee aan iemand die zich als ouder of familie meldt zolang identiteit en gezag niet vaststaan"))
                #expect(note.text.en.contains("Do not hand the child over to anyone who comes forward as a parent or relative"))
                #expect(note.text.nl.contains("via de voogd (Nidos)") == asylum && note.text.en.contains("guardian (Nidos)") == asylum)
                for text in [note.text.nl, note.text.en] {
                    #expect(!text.contains("veilig thuis") && !text.contains("safe home"), "no 'safe home' for parents abroad")
                }
                #expect(note.citations.contains { $0.source.hasPrefix("003") && $0.lines == 124...136 })
                #expect(note.citations.contains { $0.source.hasPrefix("000") && $0.lines == 1738...1738 })
            } else {
                #expect(ids.contains("parents_network") && !ids.contains("parents_abroad"), "\(role) \(index + 1): \(ids)")
            }
        }
    }
}
