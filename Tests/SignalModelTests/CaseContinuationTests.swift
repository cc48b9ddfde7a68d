import Foundation
import Testing

@testable import SignalModel

/// Issue 25: a saved case continued as the next reader (`signaal triage --case FILE --role ROLE`). The
/// interview is the same pure state machine: open points first, one checklist, the steps taken; the
/// contribution is appended to the case's history and nothing earlier changes.
@Suite("Case continuation: open points, one checklist, append only")
struct CaseContinuationTests {
    static let night = Timestamp(iso8601: "2026-12-06T23:40:00+01:00")
    static let morning = Timestamp(iso8601: "2026-12-07T09:10:00+01:00")

    /// The police officer's case at 23:40, made by the interview itself: a 14-year-old caught
    /// shoplifting, three signals ticked (changing groups, knows procedures, school absence), threats
    /// and debt not known, reference ZSM-2026-0317. Saved as a version-1 case, as `triage --save` does.
    static func policeCase() throws -> Case {
        var interview = Interview(knowledge: knowledge, role: .police, assessedAt: night, region: "zwolle")
        try interview.answer(.age(14))
        try interview.answer(.answer(.no))
        try interview.answer(.answer(.yes))
        try interview.answer(.answer(.yes))
        try interview.answer(.offence("shoplifting"))
        try interview.answer(.checklist(["instigation.changing_groups", "arrest_behaviour.knows_procedures", "daily_life.school_absence"]))
        while let question = interview.current, case .indicator = question.id { try interview.answer(.answer(.unknown)) }
        try interview.answer(.text("ZSM-2026-0317"))
        #expect(interview.isFinished)
        let saved = interview.case
        #expect(saved.history.isEmpty && saved.writtenVersion == 1)
        return saved
    }

    /// The ZSM secretary at 09:10 continuing it: what the must-show asks (issue 25) — two signals
    /// added, one answer changed — and the number of prompts it took.
    static func zsmContinues(_ base: Case) throws -> (interview: Interview, prompts: Int) {
        var interview = Interview(knowledge: knowledge, continuing: base, role: .zsm, assessedAt: morning)
        var prompts = 0
        while let question = interview.current {
            prompts += 1
            switch question.id {
            case .indicator("proceeds.handed_over"):
                try interview.answer(.answer(.yes), notes: ["proceeds.handed_over": "moest de spullen afgeven aan een oudere jongen"])
            case .indicator("coercion.threats_violence"), .indicator("coercion.danger_now"):
                try interview.answer(.answer(.no))
            case .indicator:
                try interview.skip()
            case .checklist:
                try interview.answer(.checklist(["proceeds.goods_not_fitting_age"]))
            default:
                Issue.record("a continuation asked \(question.id)")
                return (interview, prompts)
            }
        }
        prompts += 1  // "Welke stappen heb je al gezet?"
        try interview.markDone(["zsm_weigh_nonpunishment"])
        return (interview, prompts)
    }

    /// Answers the facts of the moment asked again first (C1): no danger now, nobody to collect.
    static func pastNowFacts(_ interview: inout Interview) throws {
        while let id = interview.current?.id, case .indicator(let indicator) = id, interview.nowFacts.contains(indicator) {
            try interview.answer(.answer(.no))
        }
    }

    @Test("the open points come first (check next for the reader's role), then one checklist; no gate is asked again")
    func openPointsFirst() throws {
        let base = try Self.policeCase()
        let interview = Interview(knowledge: knowledge, continuing: base, role: .zsm, assessedAt: Self.morning)
        // The open points are "check next" for ZSM and this offence and age, most telling first.
        var asZSM = base
        asZSM.context.role = .zsm
        asZSM.context.assessedAt = Self.morning
        let open = Engine(knowledge: knowledge).assessment(of: asZSM).openQuestions.map(\.indicator).filter { $0.kind != .acute }.map(\.id)
        #expect(interview.openPoints == Array(open.filter { $0 != "coercion.danger_now" }.prefix(Interview.maximumOpenPoints)))
        #expect(interview.openPoints.contains("coercion.threats_violence"), "answered unknown by the police: an open point")
        #expect(interview.nowFacts == ["coercion.danger_now"], "danger now is asked again first")
        #expect(interview.path == (interview.nowFacts + interview.openPoints).map(QuestionID.indicator) + [.checklist])
        // What the police answered yes or no is never asked as a question, and is on the checklist, marked.
        let settled = base.answers.filter { $0.value.answer != .unknown }.keys
        for id in settled {
            #expect(!interview.path.contains(.indicator(id)))
            #expect(interview.checklistItems.contains { $0.id == id }, "\(id) is not shown")
            #expect(interview.earlierAnswers[id]?.by?.role == .police)
        }
        #expect(interview.checklistItems.allSatisfy { !interview.openPoints.contains($0.id) })
        // The short checklist is the rest of "check next" and what is known; `m` shows the others.
        #expect(
            Set(interview.checklistItems.map(\.id))
                == Set(open.dropFirst(Interview.maximumOpenPoints)).union(base.answers.keys).subtracting(interview.openPoints))
        #expect(!interview.hiddenItems.isEmpty)
    }

    @Test("must-show: ZSM adds two signals and changes one answer in at most 8 prompts; the level and the ZSM route follow")
    func mustShow() throws {
        let base = try Self.policeCase()
        let before = Engine(knowledge: knowledge).assessment(of: base)
        #expect(before.level == .attention && before.signals.count == 3)
        let (interview, prompts) = try Self.zsmContinues(base)
        #expect(prompts <= 8, "\(prompts) prompts")
        let continued = interview.case
        let after = Engine(knowledge: knowledge).assessment(of: continued)
        #expect(after.level == .suspicion)
        #expect(after.context.role == .zsm && after.context.assessedAt == Self.morning)
        // The route is the ZSM reader's: the ZSM table first.
        #expect(after.route.first?.party == "zsm")
        #expect(after.route.flatMap(\.stepIDs).contains("zsm_weigh_nonpunishment"))
        let summaries = Engine(knowledge: knowledge).history(of: continued)
        #expect(summaries.count == 2)
        // Danger now, asked again first, is recorded too (C1): ZSM confirmed "no" at 09:10.
        #expect(summaries[1].added == ["proceeds.handed_over", "proceeds.goods_not_fitting_age", "coercion.danger_now"])
        #expect(summaries[1].changed == ["coercion.threats_violence"])
        #expect(summaries[1].levelBefore == .attention && summaries[1].levelAfter == .suspicion)
        #expect(summaries[1].contribution.role == .zsm && summaries[1].contribution.done == ["zsm_weigh_nonpunishment"])
        // The step taken is marked for the next reader, by role and time.
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .nl)
        let step = try #require(after.route.first { $0.stepIDs.contains("zsm_weigh_nonpunishment") })
        #expect(renderer.doneBy(step, continued) == "ZSM, 7 dec 09:10")
    }

    @Test("a continuation only appends: the earlier history and the case's facts are unchanged, byte for byte")
    func appendOnly() throws {
        let base = try Self.policeCase()
        let (interview, _) = try Self.zsmContinues(base)
        let continued = interview.case
        let begun = base.withHistoryBegun()
        #expect(continued.history.count == begun.history.count + 1)
        #expect(Array(continued.history.prefix(begun.history.count)) == begun.history)
        #expect(continued.reference == base.reference && continued.context.age == base.context.age)
        #expect(continued.context.offence == base.context.offence && continued.context.guardianPresent == base.context.guardianPresent)
        // Every earlier answer the reader did not touch is the same; the changed one keeps its earlier value in history.
        for (id, answer) in base.answers where continued.history.last?.answers[id] == nil { #expect(continued.answers[id] == answer) }
        #expect(continued.history[0].answers["coercion.threats_violence"]?.answer == .unknown)
        #expect(continued.answers["coercion.threats_violence"]?.answer == .no)
        // Written: the earlier contribution is the same JSON.
        guard case .object(let members) = continued.encoded(order: knowledge.catalog),
            case .array(let history)? = members.first(where: { $0.0 == "history" })?.1,
            case .object(let beforeMembers) = begun.encoded(order: knowledge.catalog),
            case .array(let beforeHistory)? = beforeMembers.first(where: { $0.0 == "history" })?.1
        else {
            Issue.record("no history written")
            return
        }
        #expect(Array(history.prefix(beforeHistory.count)) == beforeHistory)
        // The history holds the role, never a name: only these keys in a contribution.
        guard case .object(let last)? = history.last else {
            Issue.record("no contribution")
            return
        }
        #expect(Set(last.map(\.0)).isSubset(of: ["role", "at", "answers", "note", "done"]))
        // Read back as `score` reads it.
        let bytes = Array(continued.encoded(order: knowledge.catalog).serialized(pretty: true).utf8)
        #expect(try { () throws(SignalError) in try Case.decode(bytes, knowledge: knowledge) }() == continued)
    }

    @Test("an earlier yes can be taken back (now no) and an earlier no ticked; repeating an answer adds nothing")
    func changesOnTheChecklist() throws {
        let base = try Self.policeCase()
        var interview = Interview(knowledge: knowledge, continuing: base, role: .zsm, assessedAt: Self.morning)
        try Self.pastNowFacts(&interview)
        while interview.current?.id != .checklist { try interview.skip() }
        // Ticked again (no change), and the police's yes on "knows procedures" taken back.
        try interview.answer(.checklist(["instigation.changing_groups"]), notSeen: ["arrest_behaviour.knows_procedures"])
        let contribution = interview.contribution
        #expect(contribution.answers == ["arrest_behaviour.knows_procedures": CaseAnswer(.no), "coercion.danger_now": CaseAnswer(.no)])
        let continued = interview.case
        #expect(continued.answers["instigation.changing_groups"] == base.answers["instigation.changing_groups"])
        #expect(continued.history[0].answers["arrest_behaviour.knows_procedures"]?.answer == .yes)
        #expect(continued.answers["arrest_behaviour.knows_procedures"]?.answer == .no)
        // A new note on an earlier yes is added to the note there, not put in its place.
        var withNote = base
        withNote.answers["instigation.changing_groups"] = CaseAnswer(.yes, note: "met twee oudere jongens")
        var noted = Interview(knowledge: knowledge, continuing: withNote, role: .rvdk, assessedAt: Self.morning)
        try Self.pastNowFacts(&noted)
        while noted.current?.id != .checklist { try noted.skip() }
        try noted.answer(.checklist(["instigation.changing_groups"]), notes: ["instigation.changing_groups": "ook op school"])
        #expect(noted.contribution.answers["instigation.changing_groups"]?.note == "met twee oudere jongens; ook op school")
    }

    @Test("an open point can be skipped (nothing recorded); nothing else can; a skipped interview adds an empty contribution")
    func skip() throws {
        let base = try Self.policeCase()
        var interview = Interview(knowledge: knowledge, continuing: base, role: .rvdk, assessedAt: Self.morning)
        // Danger now is asked again first and cannot be skipped ("?" is an answer).
        #expect(!interview.canSkip)
        #expect(throws: InterviewError.self) { try interview.skip() }
        try interview.answer(.answer(.unknown))
        #expect(interview.canSkip)
        for _ in interview.openPoints { try interview.skip() }
        #expect(interview.current?.id == .checklist && !interview.canSkip)
        #expect(throws: InterviewError.self) { try interview.skip() }
        try interview.answer(.checklist([]))
        #expect(interview.isFinished)
        #expect(interview.contribution.answers == ["coercion.danger_now": CaseAnswer(.unknown)])
        #expect(interview.case.answers.filter { $0.key != "coercion.danger_now" } == base.answers)
        // A fresh interview never skips.
        var fresh = Interview(knowledge: knowledge, role: .police)
        #expect(!fresh.canSkip)
        #expect(throws: InterviewError.self) { try fresh.skip() }
    }

    @Test("steps taken: known step ids only, each once; the steps offered are the route's now")
    func markDone() throws {
        let base = try Self.policeCase()
        var interview = Interview(knowledge: knowledge, continuing: base, role: .zsm, assessedAt: Self.morning)
        #expect(throws: InterviewError.unknownStep("zsm_weigh")) { try interview.markDone(["zsm_weigh"]) }
        #expect(interview.done.isEmpty)
        try interview.markDone(["zsm_weigh_every_case", "zsm_weigh_every_case"])
        #expect(interview.done == ["zsm_weigh_every_case"])
        let offered = interview.stepsToMark.map(\.id)
        let route = Engine(knowledge: knowledge).assessment(of: interview.case).route.flatMap(\.stepIDs)
        #expect(offered == route.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } })
    }

    @Test("notes of a continuation are checked: a BSN or a name is refused, and nothing changes")
    func notesChecked() throws {
        let base = try Self.policeCase()
        var interview = Interview(knowledge: knowledge, continuing: base, role: .zsm, assessedAt: Self.morning)
        try Self.pastNowFacts(&interview)
        let answered = interview.answers
        let position = interview.position
        let id = try #require(interview.openPoints.first)
        #expect(throws: InterviewError.looksLikeName(.indicator(id))) {
            try interview.answer(.answer(.yes), notes: [id: "Jan de Vries stuurde hem"])
        }
        #expect(throws: InterviewError.personalIdentifier(.indicator(id))) {
            try interview.answer(.answer(.yes), notes: [id: "bsn 123456782"])
        }
        #expect(interview.answers == answered && interview.position == position)
    }

    @Test("the draft of a continuation keeps the case and the steps (version 3) and resumes where it stopped")
    func draftRoundTrip() throws {
        let base = try Self.policeCase()
        var interview = Interview(knowledge: knowledge, continuing: base, role: .zsm, assessedAt: Self.morning)
        try Self.pastNowFacts(&interview)
        try interview.skip()
        try interview.answer(.answer(.yes), notes: ["proceeds.handed_over": "afgeven"])
        try interview.markDone(["zsm_weigh_every_case"])
        let text = interview.draft.encoded().serialized(pretty: true)
        #expect(text.hasPrefix("{\n  \"version\": 3,"))
        let decoded = try { () throws(SignalError) in try InterviewDraft.decode(Array(text.utf8), knowledge: knowledge) }()
        let resumed = try Interview(knowledge: knowledge, resuming: decoded)
        #expect(resumed.continuing == interview.continuing)
        #expect(resumed.openPoints == interview.openPoints && resumed.position == interview.position)
        #expect(resumed.done == ["zsm_weigh_every_case"])
        #expect(resumed.case == interview.case)
        // A new case's draft is still version 2, and a version-2 draft may not carry a case.
        let fresh = Interview(knowledge: knowledge, role: .police).draft.encoded().serialized(pretty: false)
        #expect(fresh.hasPrefix(#"{"version":2,"#))
        let smuggled = text.replacingOccurrences(of: "\"version\": 3", with: "\"version\": 2")
        #expect(throws: SignalError.self) { try InterviewDraft.decode(Array(smuggled.utf8), knowledge: knowledge) }
    }

    @Test("history lines name the steps taken by their text, not their id")
    func stepTextsInHistory() throws {
        let bytes = [UInt8](try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/cases/chain_police_then_zsm.json")))
        let chain = try { () throws(SignalError) in try Case.decode(bytes, knowledge: knowledge) }()
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .nl)
        let lines = renderer.historyLines(Engine(knowledge: knowledge).history(of: chain))
        let stepLines = lines.filter { $0.contains("Gezette stappen") }
        #expect(stepLines.count == 2)
        #expect(stepLines.allSatisfy { !$0.contains("police_attention_avim") && !$0.contains("zsm_involve_rvdk") })
        #expect(stepLines.contains { $0.contains(renderer.stepLabel("zsm_involve_rvdk")) })
        #expect(renderer.stepLabel("zsm_involve_rvdk") != "zsm_involve_rvdk")
        let markdown = renderer.historyLines(Engine(knowledge: knowledge).history(of: chain), markdown: true)
        #expect(!markdown.joined().contains("`police_attention_avim`"))
    }

    /// Review 5 C1: a police case at 23:40 (no danger) with a ZSM contribution at 09:10 that answered
    /// someone is at the station to collect the child and took both acute steps.
    static func collectedAtNine() throws -> Case {
        let base = try policeCase()
        var zsm = Interview(knowledge: knowledge, continuing: base, role: .zsm, assessedAt: morning)
        try pastNowFacts(&zsm)
        while zsm.current?.id != .checklist { try zsm.skip() }
        try zsm.answer(.checklist(["collection.unverified_claimant"]))
        #expect(zsm.current?.id == .indicator("collection.claimant_at_station_now"))
        try zsm.answer(.answer(.yes))
        try zsm.markDone(["zsm_acute_police_at_table", "no_handover_unverified_zsm"])
        return zsm.case
    }

    @Test("C1: danger now and someone collecting now are asked again first, stamped with who and when; the answer goes into the new contribution")
    func nowFactsAskedAgain() throws {
        let base = try Self.policeCase()
        var zsm = Interview(knowledge: knowledge, continuing: base, role: .zsm, assessedAt: Self.morning)
        #expect(zsm.current?.id == .indicator("coercion.danger_now"))
        #expect(zsm.current?.text.nl == "Volgens politie (6 dec 23:40): geen acuut gevaar. Is het kind nu in gevaar of kan het niet veilig naar huis?")
        #expect(zsm.current?.text.en == "According to police (6 Dec 23:40): no acute danger. Is the child in danger now, or can it not go home safely?")
        // The same "no" is still recorded: ZSM confirmed it at 09:10.
        try zsm.answer(.answer(.no))
        #expect(zsm.contribution.answers["coercion.danger_now"] == CaseAnswer(.no))
        #expect(zsm.case.history.last?.answers["coercion.danger_now"] == CaseAnswer(.no))
        #expect(zsm.case.acuteDangerSource(dangerNow: "coercion.danger_now")?.role == .zsm)
        // A yes now makes the case's danger now yes (one fact), and acute.
        var danger = Interview(knowledge: knowledge, continuing: base, role: .zsm, assessedAt: Self.morning)
        try danger.answer(.answer(.yes))
        #expect(danger.case.context.acuteDanger == .yes && danger.isAcute)
        #expect(danger.case.history[0] == base.withHistoryBegun().history[0], "append only")

        // The next reader (RvdK, 24 nov 10:00) is asked both again: collecting first, with ZSM's time.
        let collected = try Self.collectedAtNine()
        let later = Timestamp(iso8601: "2026-12-08T10:00:00+01:00")
        var rvdk = Interview(knowledge: knowledge, continuing: collected, role: .rvdk, assessedAt: later)
        #expect(rvdk.nowFacts == ["collection.claimant_at_station_now", "coercion.danger_now"])
        #expect(rvdk.current?.text.nl == "Op 7 dec 09:10 (ZSM) stond er iemand om het kind op te halen. Is dat nu nog zo?")
        #expect(rvdk.current?.text.en == "At 7 Dec 09:10 (ZSM) someone was there to collect the child. Is that still so now?")
        #expect(!rvdk.canSkip)
        try rvdk.answer(.answer(.no))
        #expect(rvdk.current?.text.nl.hasPrefix("Volgens ZSM (7 dec 09:10): geen acuut gevaar.") == true)
        try rvdk.answer(.answer(.no))
        #expect(rvdk.case.answers["collection.claimant_at_station_now"]?.answer == .no)
        #expect(rvdk.case.history.last?.answers["collection.claimant_at_station_now"] == CaseAnswer(.no))
        // After a no, "is that still so?" would turn the answer round: the plain question is asked.
        let none = rvdk.case
        let rvdk2 = Interview(knowledge: knowledge, continuing: none, role: .police, assessedAt: later)
        let question = try #require(knowledge.catalog.indicator("collection.claimant_at_station_now")?.question.nl)
        #expect(rvdk2.current?.text.nl == "Op 8 dec 10:00 (Raad voor de Kinderbescherming) stond er niemand om het kind op te halen. " + question)
    }

    @Test("C1: the report says who answered danger now, and when")
    func reportStampsDanger() throws {
        let (interview, _) = try Self.zsmContinues(try Self.policeCase())
        let continued = interview.case
        let assessment = Engine(knowledge: knowledge).assessment(of: continued)
        let nl = ReportRenderer(knowledge: knowledge, language: .nl).markdown(assessment, case: continued)
        #expect(nl.contains("- Acuut gevaar: nee (ZSM, 7 dec 09:10)"))
        let police = try Self.policeCase().withHistoryBegun()
        let first = ReportRenderer(knowledge: knowledge, language: .en).markdown(Engine(knowledge: knowledge).assessment(of: police), case: police)
        #expect(first.contains("- Acute danger: no (police, 6 Dec 23:40)"))
    }
}
