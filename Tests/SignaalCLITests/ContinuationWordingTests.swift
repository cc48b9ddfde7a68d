import SignalKnowledge
import SignalModel
import Testing

@testable import SignaalCLI

/// Review 5, findings on the continuation (`triage --case`): what a later reader sees of facts and
/// steps that belong to an earlier moment, at 80 columns, in Dutch and English.
@Suite("Continuation wording (review 5 C1–C4)")
struct ContinuationWordingTests {
    private let knowledge = Knowledge.bundled
    static let night = Timestamp(iso8601: "2026-12-06T23:40:00+01:00")
    static let morning = Timestamp(iso8601: "2026-12-07T09:10:00+01:00")
    static let afternoon = Timestamp(iso8601: "2026-12-07T15:00:00+01:00")

    /// The police at 23:40 (no danger, an unverified person came for the child), ZSM at 09:10 (that
    /// person is at the station now; both acute steps taken).
    static func collectedCase() -> Case {
        let yes = CaseAnswer(.yes)
        return Case(
            context: CaseContext(
                age: 14, role: .zsm, offence: "shoplifting", acuteDanger: .no, guardianPresent: .yes, registeredInNL: .yes,
                assessedAt: morning, region: "zwolle"),
            answers: ["collection.unverified_claimant": yes, "collection.claimant_at_station_now": yes],
            history: [
                Contribution(role: .police, at: night, answers: ["collection.unverified_claimant": yes]),
                Contribution(
                    role: .zsm, at: morning, answers: ["collection.claimant_at_station_now": yes],
                    done: ["zsm_acute_police_at_table", "no_handover_unverified_zsm"]),
            ])
    }

    private func flat(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    @Test("C1: the ACUUT box marks the steps an earlier reader took, with who and when; the header says who answered danger now")
    func acuteBoxMarksDone() throws {
        let interview = Interview(knowledge: knowledge, continuing: Self.collectedCase(), role: .zsm, assessedAt: Self.afternoon)
        #expect(interview.isAcute)
        let steps = interview.acuteSteps.map(\.id)
        #expect(steps.contains("zsm_acute_police_at_table") && steps.contains("no_handover_unverified_zsm"))
        for (language, mark, header) in [
            (Language.nl, "(✓ al gedaan volgens ZSM, 7 dec 09:10)", "Acuut gevaar: nee (politie, 6 dec 23:40)"),
            (.en, "(✓ already done according to ZSM, 7 Dec 09:10)", "Acute danger: no (police, 6 Dec 23:40)"),
        ] {
            let screen = TriageScreen(knowledge: knowledge, language: language, width: 80, colour: false, rows: 24)
            let alert = flat(screen.acuteAlert(interview))
            #expect(alert.components(separatedBy: mark).count - 1 == 2, "\(alert)")
            #expect(flat(screen.continuationSummary(interview)).contains(header))
        }
    }

    @Test("C2: at 80 columns the ✓ mark of a step already taken stands before the text and is never cut off")
    func stepMarksAt80() throws {
        let interview = Interview(knowledge: knowledge, continuing: Self.collectedCase(), role: .zsm, assessedAt: Self.afternoon)
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .nl)
        let steps = interview.stepsToMark
        let taken = steps.filter { renderer.doneBy($0, interview.case) != nil }.count
        #expect(taken >= 2)
        for (language, mark) in [(Language.nl, "✓ (ZSM, 7 dec 09:10) "), (.en, "✓ (ZSM, 7 Dec 09:10) ")] {
            let screen = TriageScreen(knowledge: knowledge, language: language, width: 80, colour: false, rows: 24)
            let lines = screen.stepsLines(steps, interview: interview)
            #expect(lines.allSatisfy { $0.count <= 80 })
            #expect(lines.filter { $0.contains(mark) }.count == taken, "\(lines)")
        }
    }

    @Test("C4d: the steps question says before or during this conversation, and that what is left follows")
    func stepsQuestion() throws {
        let interview = Interview(knowledge: knowledge, continuing: Self.collectedCase(), role: .zsm, assessedAt: Self.afternoon)
        let screen = TriageScreen(knowledge: knowledge, language: .nl, width: 80, colour: false, rows: 24)
        let text = flat(screen.stepsLines(interview.stepsToMark, interview: interview).joined(separator: "\n"))
        #expect(text.contains("Welke stappen heb je al gezet (vóór of tijdens dit gesprek)? Wat je nog moet doen, staat hierna."))
    }

    @Test("C4c: one item is 'punt', not '1 punten', in the end block (looked and not checked)")
    func singular() throws {
        var interview = Interview(knowledge: knowledge, role: .police, region: "utrecht")
        while let id = interview.current?.id, id != .checklist {
            switch id {
            case .gate(.age): try interview.answer(.age(14))
            case .gate(.offence): try interview.answer(.offence("shoplifting"))
            default: try interview.answer(.answer(.unknown))
            }
        }
        let scored = interview.checklistItems.filter(\.isScored).map(\.id)
        var one = interview
        try one.answer(.checklist([]), notSeen: Set(scored.dropFirst()))
        #expect(one.notChecked.count == 1)
        var looked = interview
        try looked.answer(.checklist([]), notSeen: [scored[0]])
        #expect(looked.lookedNotSeen.count == 1)
        for (language, notChecked, seen) in [
            (Language.nl, "Niet nagegaan: 1 punt van de lijst (staat niet als nee in de zaak).", "Nagekeken en niet gezien: 1 punt (staat als nee in de zaak)."),
            (.en, "Not checked: 1 item on the list (not recorded as no).", "Checked and not seen: 1 item (recorded as no)."),
        ] {
            let screen = TriageScreen(knowledge: knowledge, language: language, width: 200, colour: false, rows: nil)
            let first = screen.endBlock(Engine(knowledge: knowledge).assessment(of: one.case), interview: one, savedPath: nil, reportPath: nil, printedFull: false)
            #expect(first.contains(notChecked) && !first.contains("1 punten"))
            let second = screen.endBlock(Engine(knowledge: knowledge).assessment(of: looked.case), interview: looked, savedPath: nil, reportPath: nil, printedFull: false)
            #expect(second.contains(seen) && !second.contains("1 punten"))
        }
    }

    @Test("C4a/b/e end to end: first contribution 'niveau Aandacht'; 'Gezet:' without '.;'; a changed ✗ says what it was")
    func wordingEndToEnd() throws {
        let folder = try ChainEndToEndTests.Folder()
        defer { folder.remove() }
        try ChainEndToEndTests.policeCase(in: folder)
        let score = try folder.run(["score", "zaak.json", "--lang", "nl"])
        // A version-1 case has no history line; continue it once so the first contribution is shown.
        #expect(score.status == 0)
        var zsm = ChainEndToEndTests.zsm
        zsm[zsm.count - 1] = "1, 2"
        let second = try folder.run(
            ["triage", "--case", "zaak.json", "--role", "zsm", "--at", ChainEndToEndTests.morning, "--lang", "nl", "--save", "b.json"], answers: zsm)
        #expect(second.status == 0, "\(second.stderr)")
        let taken = try #require(second.stderr.components(separatedBy: "\nGezet: ").last?.components(separatedBy: "\n\n").first)
        #expect(taken.contains("; ") && !taken.contains(".;"), "\(taken)")
        let history = try folder.run(["score", "b.json", "--lang", "nl"])
        #expect(history.stdout.contains("  1. politie, 6 dec 23:40: 5 antwoorden, 3 signalen — niveau Aandacht\n"))
        #expect(!history.stdout.contains("Geen signalen → Aandacht"))
        // REVIEW6 C4b: the history's "Gezette stappen" line joins the steps without ".;" too.
        let steps = try #require(history.stdout.components(separatedBy: "Gezette stappen: ").dropFirst().first?.components(separatedBy: "\n").first)
        #expect(steps.contains("; ") && !steps.contains(".;"), "\(steps)")
        // The RvdK ticks "threats", which ZSM answered no at 09:10.
        let threats = String(checklistNumber("coercion.threats_violence", offence: "shoplifting", role: .rvdk))
        let third = try folder.run(
            ["triage", "--case", "b.json", "--role", "rvdk", "--at", "2026-12-08T10:00:00+01:00", "--lang", "nl", "--save", "c.json"],
            answers: ["n", "", "", "", "", threats, "", "", ""])
        #expect(third.status == 0, "\(third.stderr)")
        #expect(flat(third.stderr).contains("(was: nee, ZSM 7 dec 09:10)"), "\(third.stderr)")
    }
}

