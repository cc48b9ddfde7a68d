import Foundation
import Testing

@testable import SignalModel

/// The fourth review of `docs/routes.md` (REVIEW4-routes.md): findings after sign-off, read on the
/// page's situations as that reader reads them.
@Suite("Fourth route review (REVIEW4 R1-R6)")
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
            // REVIEW5 L4: an unaccompanied asylum child's voogd is Nidos, called in the Nidos step (care 14).
            if situation.answer("context.asylum_unaccompanied") == .yes {
                #expect(!parts.contains { $0.id == "care_placement_guardian_call" }, "care \(number)")
                continue
            }
            let call = try #require(parts.first { $0.party == "gi" && $0.action.nl.contains("bel die nu via de 24-uursbereikbaarheid") }, "care \(number): \(parts.map(\.id))")
            #expect(call.conditionalNow, "care \(number)")
            #expect(call.action.nl.contains("algemene praktijk, niet uit de bronnen"), "calling the GI's 24-hour line is general practice")
            #expect(call.action.en.contains("call them now through the certified institution's 24-hour line")
                && call.action.en.contains("general practice, not from the sources"))
            // REVIEW5 L3: "aan niemand anders … dan wie de jeugdbeschermer (of … de ouder met gezag) vooraf heeft opgegeven".
            let tonight = try #require(parts.first { $0.party == "gi" && $0.action.nl.contains("vannacht aan niemand anders wordt meegegeven") }, "care \(number)")
            #expect(tonight.conditionalNow)
            #expect(tonight.action.en.contains("is handed over tonight to no one other than"))
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

    // MARK: R3

    @Test("R3: the parents-abroad notes tell readers who do not hold the child 'zorg dat … niet wordt meegegeven', not 'Geef het kind niet mee'; abroad, not only the country of origin; the three options of 003 L124-136 named; the asylum 'via de voogd (Nidos)' marked general practice; nl + en")
    func parentsAbroadNotes() throws {
        let notes = knowledge.routing.notes
        let plain = try #require(notes.first { $0.id == "parents_abroad" })
        let asylum = try #require(notes.first { $0.id == "parents_abroad_asylum" })
        for note in [plain, asylum] {
            #expect(!note.text.nl.contains("Geef het kind niet mee"), "\(note.id)")
            #expect(note.text.nl.contains("Zorg dat het kind niet wordt meegegeven aan iemand die zich als ouder of familie meldt, zolang identiteit en gezag niet vaststaan"), "\(note.id)")
            #expect(note.text.en.contains("Make sure the child is not handed over to anyone who comes forward as a parent or relative"), "\(note.id)")
            // The three options (003 L129-136).
            #expect(note.text.nl.contains("begeleide opvang in het land van herkomst (via de Centrale Autoriteit)") && note.text.nl.contains("blijven in Nederland"), "\(note.id)")
            #expect(note.text.en.contains("supervised care in the country of origin (through the Central Authority)") && note.text.en.contains("staying in the Netherlands"), "\(note.id)")
            #expect(note.citations.contains { $0.source.hasPrefix("003") && $0.lines.contains(133) && $0.quote.contains("begeleide opvang") })
            #expect(note.citations.contains { $0.source.hasPrefix("003") && $0.lines.contains(136) && $0.quote.contains("Integratie in Nederland") })
            // Each range once (REVIEW4 R2): no citation's lines lie inside another's of the same source.
            for (i, a) in note.citations.enumerated() {
                for b in note.citations[(i + 1)...] where a.source == b.source {
                    #expect(!(a.lines.overlaps(b.lines)), "\(note.id): \(a.lines) and \(b.lines)")
                }
            }
        }
        #expect(plain.text.nl.contains("de ouders in het buitenland (of het land van herkomst)"))
        #expect(plain.text.en.contains("the parents abroad (or in the country of origin)"))
        #expect(asylum.text.nl.contains("dat loopt via de voogd (Nidos) (algemene praktijk, niet uit de bronnen)"))
        #expect(asylum.text.en.contains("that goes through the guardian (Nidos) (general practice, not from the sources)"))
        // On the page: no note tells ZSM, the Board or the municipality to hold the child.
        for role in [Role.zsm, .rvdk, .municipality] {
            for (index, situation) in Self.page(role).enumerated() {
                for note in knowledge.routing.notes(for: situation) {
                    #expect(!note.text.nl.contains("Geef het kind niet mee") && !note.text.en.contains("Do not hand the child over"), "\(role) \(index + 1): \(note.id)")
                }
            }
        }
    }

    // MARK: R4

    @Test("R4: age unknown at ZSM: 'under 12' reads as B6 (the police's local team files the care report, otherwise you do), cited 000 L811 and L1762; the police reader keeps filing it itself; nl + en")
    func zsmAgeUnknownUnderTwelve() throws {
        let zsm = Self.page(.zsm).filter { $0.ageBand == .unknown }
        #expect(!zsm.isEmpty)
        for situation in zsm {
            let age = try #require(Self.parts(situation).first { $0.action.nl.hasPrefix("Stel de leeftijd vast") })
            #expect(age.action.nl.contains("Blijkt het kind jonger dan 12: zorg dat de politie (basisteam) een zorgmelding bij Veilig Thuis maakt; is dat niet gebeurd, maak hem zelf."), "\(age.action.nl)")
            #expect(!age.action.nl.contains("jonger dan 12: maak een zorgmelding"))
            #expect(age.action.en.contains("If the child turns out to be under 12: make sure the police (local team) file a care report with Veilig Thuis; if that has not happened, file it yourself."))
            #expect(age.citations.contains { $0.source.hasPrefix("000") && $0.lines == 811...811 })
            #expect(age.citations.contains { $0.source.hasPrefix("000") && $0.lines == 1762...1762 })
        }
        for situation in Self.page(.police) where situation.ageBand == .unknown {
            let age = try #require(Self.parts(situation).first { $0.action.nl.hasPrefix("Stel de leeftijd vast") })
            #expect(age.action.nl.contains("Blijkt het kind jonger dan 12: maak een zorgmelding bij Veilig Thuis."))
        }
    }

    // MARK: R5

    @Test("R5: ZSM reaches the AVIM through the police on the case, and for a child under 12 (not at the ZSM table, 000 L1766) through the local team; nl + en")
    func zsmAvimUnderTwelve() throws {
        let nl = AssessmentRenderer(knowledge: knowledge, language: .nl).reach("avim", region: nil, role: .zsm)
        let en = AssessmentRenderer(knowledge: knowledge, language: .en).reach("avim", region: nil, role: .zsm)
        #expect(nl.phone == nil && en.phone == nil)
        #expect(nl.detail == "Via de politie die de zaak heeft: aan de ZSM-tafel, bij een kind onder de 12 het basisteam.")
        #expect(en.detail == "Through the police on the case: at the ZSM table, for a child under 12 the local team.")
        // zsm 12 (under 12) shows it at its AVIM step.
        let underTwelve = try #require(Self.page(.zsm).first { $0.ageBand == .under12 })
        #expect(knowledge.routing.route(for: underTwelve).contains { $0.party == "avim" })
    }

    // MARK: R6

    @Test("R6: no route step says 'ophaler' or 'collector'; the Board's step: the police or the shelter do not hand the child over to the person who comes to collect it, and the police check that person's identity and custody; nl + en")
    func plainCollectorWording() throws {
        for rule in knowledge.routing.rules {
            for step in rule.steps {
                #expect(!step.action.nl.contains("ophaler") && !step.action.en.contains("collector"), "\(step.id)")
            }
        }
        for number in [5, 13] {
            let situation = Self.page(.rvdk)[number - 1]
            let step = try #require(Self.parts(situation).first { $0.action.nl.contains("niet meegeeft") }, "rvdk \(number)")
            #expect(step.action.nl.contains("zorg dat de politie of de opvang het kind niet meegeeft aan degene die het komt ophalen, en dat de politie diens identiteit en gezag nagaat") || step.action.nl.contains("Zorg dat de politie of de opvang het kind niet meegeeft aan degene die het komt ophalen, en dat de politie diens identiteit en gezag nagaat"), "rvdk \(number): \(step.action.nl)")
            #expect(step.action.en.contains("not hand the child over to the person who comes to collect it, and that the police check that person's identity and custody"), "rvdk \(number): \(step.action.en)")
        }
    }

    // MARK: R2

    @Test("R2: the care placement step reads 'maak (met de jeugdbeschermer, als die er is) veiligheidsafspraken met de instelling of het pleeggezin', the GI is reached through the child's certified institution, and each cited range appears once; nl + en")
    func carePlacementWording() throws {
        let steps = knowledge.routing.rules.flatMap(\.steps).filter { $0.id == "care_placement_safety" }
        #expect(!steps.isEmpty)
        for step in steps {
            #expect(step.action.nl.contains("maak (met de jeugdbeschermer, als die er is) veiligheidsafspraken met de instelling of het pleeggezin over wie het kind mag ophalen of bezoeken"))
            #expect(!step.action.nl.contains("voor veiligheidsafspraken voor"))
            #expect(step.action.en.contains("make safety agreements (with the youth protection worker, if there is one) with the institution or foster family"))
        }
        for step in knowledge.routing.rules.flatMap(\.steps) where step.party == "gi" {
            for (i, a) in step.citations.enumerated() {
                for b in step.citations[(i + 1)...] where a.source == b.source {
                    #expect(!a.lines.overlaps(b.lines), "\(step.id): \(a.lines) and \(b.lines)")
                }
            }
        }
        let nl = AssessmentRenderer(knowledge: knowledge, language: .nl).reach("gi", region: nil, role: .care)
        let en = AssessmentRenderer(knowledge: knowledge, language: .en).reach("gi", region: nil, role: .care)
        #expect(nl.detail?.hasPrefix("Via de gecertificeerde instelling van het kind") == true && nl.detail?.contains("algemene praktijk") == true, "\(nl)")
        #expect(en.detail?.hasPrefix("Through the child's certified institution") == true && en.detail?.contains("general practice") == true, "\(en)")
    }
}
