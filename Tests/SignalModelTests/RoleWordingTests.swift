import Foundation
import Testing

@testable import SignalModel

/// Issue 13: a route step speaks to the reader in their own role. Police and ZSM are not told what to
/// do "if you are not police", the other roles are not told what to do "if you are police", and a
/// ZSM reader of an under-12 is not told the child does not come to ZSM.
@Suite("Route wording fits the reader's role")
struct RoleWordingTests {
    static let policeRoles: Set<Role> = [.police, .zsm]
    static let awayRoles: [Role] = Role.allCases.filter { !policeRoles.contains($0) }

    /// The texts a reader sees for a step (action and reason, both languages), parts opened up.
    static func texts(_ step: RouteStep) -> [String] {
        (step.parts.isEmpty ? [step] : step.parts).flatMap { [$0.action.nl, $0.action.en, $0.why.nl, $0.why.en] }
    }

    /// The steps of a case's route with merged parties opened up.
    static func steps(_ assessment: Assessment) -> [RouteStep] {
        assessment.route.flatMap { $0.parts.isEmpty ? [$0] : $0.parts }
    }

    static let notPolice = ["Ben je geen politie", "If you are not police", "If you are not the police"]
    static let ifPolice = ["Ben je politie", "If you are police:", "If you are the police:"]

    @Test("every situation: no police or ZSM step says 'if you are not police', no other role's step says 'if you are police'", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func everySituation() {
        var checked = 0
        for situation in knowledge.routing.situations {
            let forbidden = Self.policeRoles.contains(situation.role) ? Self.notPolice : Self.ifPolice
            for step in knowledge.routing.steps(for: situation) {
                for text in Self.texts(step) {
                    for phrase in forbidden where text.contains(phrase) {
                        Issue.record("\(situation.role) \(step.id): '\(phrase)' in \(text)")
                    }
                }
                checked += 1
            }
        }
        #expect(checked > 1000, "the situations have routes to check")
    }

    static let crisisQuotes: [(source: String, lines: ClosedRange<Int>)] = [
        ("003_8892b0406b107248.txt", 143...146), ("003_8892b0406b107248.txt", 146...148),
        ("002_5e39b681f2b3d329.txt", 105...107),
    ]

    @Test("out of hours without a guardian: police reach the crisis service through their control room, ZSM through the Board at the table, the RvdK under its own crisis arrangements, the others call the police; with a guardian and no danger there is no crisis step (issue 20)",
          arguments: Role.allCases)
    func crisisService(role: Role) throws {
        let cases = [
            RouteFitTests.assess(
                ["instigation.adult_instructs_at_scene": .yes], role: role, guardian: .no, at: RouteFitTests.saturdayNight),
            RouteFitTests.assess([:], role: role, guardian: .no, at: RouteFitTests.saturdayNight),
        ]
        let own: String
        switch role {
        case .police: own = "crisis_service_rvdk"
        case .zsm: own = "zsm_crisis_rvdk_table"
        case .rvdk: own = "rvdk_after_hours_crisis"
        case .care: own = "crisis_via_police_care"
        default: own = "crisis_via_police"
        }
        let all = ["crisis_service_rvdk", "zsm_crisis_rvdk_table", "rvdk_after_hours_crisis", "crisis_via_police", "crisis_via_112", "crisis_via_police_care", "crisis_via_112_collector"]
        for assessment in cases {
            let route = Self.steps(assessment)
            #expect(!route.contains { all.contains($0.id) && $0.id != own }, "\(role): \(route.map(\.id))")
            let step = try #require(route.first { $0.id == own }, "\(role): \(route.map(\.id))")
            #expect(step.urgency == .now)
            switch role {
            case .police:
                #expect(step.party == "crisis_service" && step.action.nl.contains("via je OC/meldkamer") && step.action.en.contains("through your control room"))
                #expect(!step.action.nl.contains("0900-8844") && !step.action.nl.contains("Bel de politie"))
            case .zsm:
                #expect(step.action.nl.contains("raadsonderzoeker aan tafel") && !step.action.nl.contains("meldkamer"))
            case .rvdk:
                #expect(step.action.nl.contains("regionale crisisafspraken") && !step.action.nl.contains("Bel de politie"))
            default:
                #expect(step.party == "police_non_emergency")
                // The care reader first calls the child's jeugdbeschermer, if any (REVIEW5 M1): "… niet bereikbaar: bel de politie".
                #expect(step.action.nl.lowercased().contains("bel de politie (0900-8844)") && step.action.en.lowercased().contains("call the police (0900-8844)"))
                #expect(step.action.nl.hasPrefix("Heeft het kind nog geen jeugdbeschermer") == (role == .care), "\(role)")
                #expect(step.action.nl.contains("crisishulp") && !step.action.nl.contains("meldkamer"))
            }
            for cited in Self.crisisQuotes.prefix(2) {
                #expect(step.citations.contains { $0.source == cited.source && $0.lines == cited.lines }, "\(role): \(step.citations)")
            }
        }
        // Signals at night with a custodial parent and no danger: no crisis step at all.
        let parents = RouteFitTests.assess(["proceeds.handed_over": .yes], role: role, at: RouteFitTests.saturdayNight)
        #expect(parents.level >= .suspicion)
        #expect(!Self.steps(parents).contains { all.contains($0.id) }, "\(role): \(Self.steps(parents).map(\.id))")
    }

    @Test("every crisis step keeps the factsheet's two sources, quoted verbatim")
    func crisisCitations() throws {
        let all = knowledge.routing.rules.flatMap(\.steps)
        var actions: [String] = []
        for id in ["crisis_service_rvdk", "zsm_crisis_rvdk_table", "rvdk_after_hours_crisis", "crisis_via_police", "crisis_via_112", "crisis_via_police_care", "crisis_via_112_collector"] {
            let step = try #require(all.first { $0.id == id })
            for cited in Self.crisisQuotes.prefix(2) {
                #expect(step.citations.contains { $0.source == cited.source && $0.lines == cited.lines }, "\(id)")
            }
            // The school/care collector variant is crisis_via_112 under the police_collector heading (REVIEW5 M2).
            if id != "crisis_via_112_collector" { actions.append(step.action.nl) }
        }
        #expect(Set(actions).count == actions.count, "each reader its own wording")
    }

    @Test("a ZSM reader of an under-12 is told why a care report matters without 'the child does not go to ZSM'")
    func zsmUnderTwelve() throws {
        let assessment = RouteFitTests.assess(["proceeds.handed_over": .yes], age: 10, role: .zsm)
        let zorgmelding = try #require(Self.steps(assessment).first { $0.id == "zorgmelding_under12_signals_zsm" })
        // REVIEW3 B6/N2: the police (basisteam) make the zorgmelding for an under-12, ZSM makes sure they
        // did (else makes it itself); 000 L811 and L1762, not L1766 (arrested children of 12 and over).
        // So the ZSM action differs from the police's now, on purpose.
        #expect(zorgmelding.why.nl.contains("niet strafrechtelijk vervolgd") && zorgmelding.why.en.contains("cannot be prosecuted"))
        #expect(zorgmelding.citations.contains { $0.lines == 811...811 } && zorgmelding.citations.contains { $0.lines == 1762...1762 })
        #expect(!zorgmelding.citations.contains { $0.lines == 1766...1766 })
        let police = try #require(
            Self.steps(RouteFitTests.assess(["proceeds.handed_over": .yes], age: 10, role: .police)).first { $0.id == "zorgmelding_under12_signals" })
        #expect(zorgmelding.action.nl.hasPrefix("Zorg dat de politie (basisteam)") && !police.action.nl.hasPrefix("Zorg dat de politie"))
        // The sweep over every situation runs in the full run (SIGNAAL_EXHAUSTIVE=1), as the other route sweeps do.
        if Exhaustive.on {
            for situation in knowledge.routing.situations where situation.role == .zsm && situation.ageBand == .under12 {
                let texts = knowledge.routing.steps(for: situation).flatMap(Self.texts)
                    + knowledge.routing.notes(for: situation).flatMap { [$0.text.nl, $0.text.en] }
                for text in texts where text.contains("niet bij ZSM") || text.contains("not go to ZSM") {
                    Issue.record("\(situation): \(text)")
                }
            }
        }
    }
}
