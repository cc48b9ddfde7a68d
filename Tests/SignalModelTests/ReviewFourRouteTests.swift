import Foundation
import Testing

@testable import SignalModel

/// The fourth review of `docs/routes.md` (REVIEW4-routes.md): findings after sign-off, read on the
/// page's situations as that reader reads them.
@Suite("Fourth route review (REVIEW4 R1)")
struct ReviewFourRouteTests {
    static func page(_ role: Role) -> [RouteSituation] { ReviewThreeRouteTests.page(role) }
    static func parts(_ situation: RouteSituation) -> [RouteStep] { ReviewThreeRouteTests.parts(situation) }

    // MARK: R1

    @Test("R1: at night a care worker calls the child's voogd/jeugdbeschermer and agrees who may collect tonight 'NU, als het zich voordoet' (care 4, 5, 7, 9, 10, 14), nl + en; informing and written agreements stay next working day; daytime unchanged")
    func careNightGuardian() throws {
        let page = Self.page(.care)
        let nights = page.enumerated().filter { $0.element.officeHours == .no && $0.element.level >= .suspicion }.map { $0.offset + 1 }
        #expect(Set([5, 7, 9, 10, 14]).isSubset(of: Set(nights)), "\(nights)")
        for number in nights {
            let situation = page[number - 1]
            let parts = Self.parts(situation)
            let call = try #require(parts.first { $0.party == "gi" && $0.action.nl.contains("bel die nu via de 24-uursbereikbaarheid") }, "care \(number): \(parts.map(\.id))")
            #expect(call.conditionalNow, "care \(number)")
            #expect(call.action.nl.contains("algemene praktijk, niet uit de bronnen"), "calling the GI's 24-hour line is general practice")
            #expect(call.action.en.contains("call them now through the certified institution's 24-hour line")
                && call.action.en.contains("general practice, not from the sources"))
            let tonight = try #require(parts.first { $0.party == "gi" && $0.action.nl.contains("vannacht aan niemand wordt meegegeven") }, "care \(number)")
            #expect(tonight.conditionalNow)
            #expect(tonight.action.en.contains("is not handed over tonight to anyone"))
            #expect(tonight.citations.contains { $0.source.hasPrefix("003") && $0.lines == 182...184 })
            // The party's heading (the page's numbered step) reads "NU, als het zich voordoet".
            for language in Language.allCases {
                let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
                let step = try #require(knowledge.routing.route(for: situation).first { $0.party == "gi" })
                let label = renderer.urgencyLabel(step, situation)
                #expect(label == (language == .nl ? "NU, ALS HET ZICH VOORDOET" : "NOW, IF IT HAPPENS") && label == renderer.urgencyLabel(call, situation), "care \(number) \(language): \(label)")
            }
            // Informing about the suspicion (273f) and the written agreements stay next working day.
            let inform = try #require(parts.first { $0.id == "care_placement_guardian" })
            #expect(!inform.conditionalNow && inform.urgency == .today)
            #expect(parts.contains { $0.id == "care_placement_safety" && !$0.conditionalNow })
            // Nothing about the guardian is put off while another step says to call them now (care 14).
            for part in parts where part.party == "gi" && !part.conditionalNow {
                #expect(!part.action.nl.contains("Nidos"), "care \(number) \(part.id): the Nidos step covers the asylum guardian")
            }
        }
        // Daytime: no night call, the steps as before.
        for (index, situation) in page.enumerated() where situation.officeHours == .yes && situation.level >= .suspicion {
            let gi = Self.parts(situation).filter { $0.party == "gi" }
            #expect(!gi.contains { $0.conditionalNow }, "care \(index + 1): \(gi.map(\.id))")
        }
    }
}
