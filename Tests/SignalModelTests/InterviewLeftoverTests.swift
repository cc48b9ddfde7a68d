import Testing

@testable import SignalModel

/// An interview answered up to the checklist: 15, police, the given custodial-parent answer.
private func toChecklist(guardian: Answer, offence: String? = "cannabis") throws -> Interview {
    var interview = Interview(knowledge: knowledge, role: .police, region: "utrecht")
    try interview.answer(.age(15))
    try interview.answer(.answer(.no))
    try interview.answer(.answer(guardian))
    try interview.answer(.answer(.no))
    try interview.answer(.offence(offence))
    #expect(interview.current?.id == .checklist)
    return interview
}

private let asylum = "context.asylum_unaccompanied"

// Issues 20 and 21, the interview's leftovers of this session.
@Suite("Interview: asylum gate, refused names in drafts")
struct InterviewLeftoverTests {
    // Issue 20 item 6: the asylum question (a legal-status fact that decides Nidos or LJ&R) is asked
    // only when no custodial parent is in the Netherlands or that is not known; it was on every checklist.
    @Test("the asylum question is asked only without a custodial parent in NL (no or unknown), never with one, not even after m")
    func asylumGated() throws {
        for guardian in [Answer.no, .unknown] {
            let interview = try toChecklist(guardian: guardian)
            #expect(interview.checklistItems.contains { $0.id == asylum }, "\(guardian)")
        }
        var withParent = try toChecklist(guardian: .yes)
        #expect(!withParent.checklistItems.contains { $0.id == asylum })
        #expect(!withParent.hiddenItems.contains { $0.id == asylum })
        withParent.expandChecklist()
        #expect(!withParent.checklistItems.contains { $0.id == asylum })
        #expect(throws: InterviewError.notOnChecklist(asylum)) { try withParent.answer(.checklist([asylum])) }
        // Never scored: the tick changes the route's facts, not the level.
        var without = try toChecklist(guardian: .no)
        try without.answer(.checklist([asylum]))
        #expect(without.case.answers[asylum]?.answer == .yes)
        #expect(Engine(knowledge: knowledge).assessment(of: without.case).level == .none)
        // The parent answer changed to yes afterwards: the tick no longer applies and is dropped, said.
        #expect(without.back() && without.back() && without.back() && without.back())
        #expect(without.current?.id == .gate(.guardianPresent))
        let update = try without.answer(.answer(.yes))
        #expect(update.dropped.contains(.indicator(asylum)))
        #expect(without.case.answers[asylum] == nil)
    }

    // Issue 21 item 10: a name as the reference is refused on entry; a resumed draft carrying one
    // was accepted and the name went into the case.
    @Test("a resumed draft's name-like reference is not kept and the reference is asked again; the state machine refuses names")
    func nameInDraft() throws {
        var interview = try toChecklist(guardian: .yes, offence: "pickpocketing")
        try interview.answer(.checklist([]))
        #expect(interview.current?.id == .reference)
        #expect(throws: InterviewError.looksLikeName(.reference)) { try interview.answer(.text("Jan de Vries")) }
        try interview.answer(.text("BVH-2026-7"))
        var draft = interview.draft
        draft.answers = draft.answers.map { step in
            step.question == .reference ? InterviewStep(question: .reference, answer: .text("Jan de Vries")) : step
        }
        let resumed = try Interview(knowledge: knowledge, resuming: draft)
        #expect(resumed.refusedReference)
        #expect(resumed.current?.id == .reference)
        #expect(resumed.answers[.reference] == nil)
        #expect(resumed.case.reference == nil)
        #expect(!resumed.draft.answers.contains { $0.question == .reference })
        // A reference with digits resumes as it was.
        let kept = try Interview(knowledge: knowledge, resuming: interview.draft)
        #expect(!kept.refusedReference && kept.case.reference == "BVH-2026-7")
    }

    // Issue 21 item 7: the count jumped ("Question 7 of ~8", then "Question 8 of ~12").
    @Test("over every coverage case: from the offence on the shown total never grows and is never below the questions asked in the end")
    func stableCount() throws {
        for row in try CoverageBenchmark.rows() {
            // Only an adult case (18 or older: the age is the one question) ends before the offence.
            #expect(!row.totalsAfterOffence.isEmpty || row.asked == 1, "\(row.id)")
            for (earlier, later) in zip(row.totalsAfterOffence, row.totalsAfterOffence.dropFirst()) {
                #expect(later <= earlier, "\(row.id): the total grew from \(earlier) to \(later): \(row.totalsAfterOffence)")
            }
            #expect(row.totalsAfterOffence.allSatisfy { $0 >= row.asked }, "\(row.id): a total below the \(row.asked) questions asked")
        }
    }

    @Test("the total: the most questions the answers allow up to the checklist, exact after it; smaller only by an answer")
    func totalRule() throws {
        var interview = Interview(knowledge: knowledge, role: .police)
        // Region asked, danger not known yet: 8 questions + claimant here now, threats, debt, danger now.
        #expect(interview.progress == (1, 12) && !interview.totalIsKnown)
        try interview.answer(.age(15))
        try interview.answer(.region("utrecht"))
        try interview.answer(.answer(.no))  // danger known at the gate: no later danger question
        #expect(interview.progress.estimatedTotal == 11)
        try interview.answer(.answer(.yes))
        try interview.answer(.answer(.no))
        try interview.answer(.offence("pickpocketing"))
        #expect(interview.progress == (7, 11))
        // Nothing ticked: the checklist, then the reference, exact.
        try interview.answer(.checklist([]))
        #expect(interview.progress == (8, 8) && interview.totalIsKnown)
        // Back on the checklist the ticks can change again: the bound.
        interview.back()
        #expect(interview.progress == (7, 11))
        try interview.answer(.checklist(["instigation.adult_instructs_at_scene"]))
        #expect(interview.progress == (8, 10) && interview.totalIsKnown)
        // 18 or older ends at once: 1 of 1.
        var adult = Interview(knowledge: knowledge, role: .police, region: "utrecht")
        try adult.answer(.age(19))
        #expect(adult.progress == (1, 1))
    }
}

@Suite("Checklist reply: taking a tick away")
struct UntickReplyTests {
    @Test("-N (and -N, -M) takes ticks away; a minus number not on the list, or mixed with ticks, is named")
    func untick() throws {
        let items = InterviewPlan.checklist(catalog: knowledge.catalog, offence: "shoplifting", role: .police).flatMap(\.items)
        let numbers = InterviewPlan.numbers(catalog: knowledge.catalog)
        let a = try #require(items.first), b = try #require(items.last)
        let na = try #require(numbers[a.id]), nb = try #require(numbers[b.id])
        #expect(InterviewReply.checklist("-\(na)", items: items, numbers: numbers) == .untick([a.id]))
        #expect(InterviewReply.checklist("-\(na), -\(nb)", items: items, numbers: numbers) == .untick([a.id, b.id]))
        #expect(InterviewReply.checklist(" -\(nb) ", items: items, numbers: numbers) == .untick([b.id]))
        #expect(InterviewReply.checklist("-999", items: items, numbers: numbers) == .badEntry("-999", .notOnList(999)))
        #expect(InterviewReply.checklist("-\(na), \(nb)", items: items, numbers: numbers) == .badEntry("-\(na)", .untickOnItsOwnLine(na)))
        // "-" alone still says "none of these".
        #expect(InterviewReply.checklist("-", items: items, numbers: numbers) == .noneSeen(ticked: [], notes: [:]))
    }
}
