import Foundation
import Testing

@testable import SignalModel

/// Answers every remaining question with `choose` until the interview is finished.
private func drive(_ interview: inout Interview, _ choose: (QuestionID) -> InterviewAnswer) throws {
    var guardCount = 0
    while let question = interview.current {
        try interview.answer(choose(question.id))
        guardCount += 1
        #expect(guardCount < 200, "interview does not end")
        if guardCount >= 200 { return }
    }
}

/// Answers for a 13-year-old, no acute danger, guardian present, registered, the given offence,
/// the given checklist ticks, region unknown and no reference; nil for signal questions.
private func gates(age: Int? = 13, offence: String?, acute: Answer = .no, ticks: Set<String> = [])
    -> (QuestionID) -> InterviewAnswer?
{
    { id in
        switch id {
        case .gate(.age): .age(age)
        case .gate(.acuteDanger): .answer(acute)
        case .gate(.guardianPresent): .answer(.yes)
        case .gate(.registeredInNL): .answer(.yes)
        case .gate(.offence): .offence(offence)
        case .checklist: .checklist(ticks)
        case .region: .region(nil)
        case .reference: .text(nil)
        case .indicator: nil
        }
    }
}

/// `back()` for use inside `#expect`, which cannot call a mutating method.
private func stepBack(_ interview: inout Interview) -> Bool { interview.back() }

private let gateIDs = GateQuestion.allCases.map(QuestionID.gate)
/// The indicators worth checking next in a case with no answers (the catalogue's `ask` over values).
private func checkNextIDs(_ context: CaseContext) -> Set<String> {
    Set(knowledge.catalog.indicators.filter {
        $0.isCheckNext(offence: context.offence, role: context.role, ageBand: context.ageBand, in: knowledge.catalog, isYes: { _ in false })
    }.map(\.id))
}
private let acuteIDs = Set(knowledge.catalog.indicators.filter { $0.kind == .acute }.map(\.id))

/// An interview answered up to (not including) the checklist.
private func atChecklist(role: Role = .police, offence: String?, acute: Answer = .no) throws -> Interview {
    var interview = Interview(knowledge: knowledge, role: role, region: "utrecht")
    let answer = gates(offence: offence, acute: acute)
    while let id = interview.current?.id, id != .checklist { try interview.answer(try #require(answer(id))) }
    return interview
}

@Suite("Interview state machine")
struct InterviewTests {
    @Test("the age comes first; 18 or older ends at once; an unknown age goes on as a minor")
    func ageFirst() throws {
        var interview = Interview(knowledge: knowledge, role: .police)
        #expect(interview.current?.id == .gate(.age))
        #expect(interview.current?.format == .age)
        #expect(interview.progress.number == 1)
        let update = try interview.answer(.age(18))
        #expect(update.endedAsAdult)
        #expect(interview.isFinished)
        #expect(interview.isAdult)
        #expect(interview.path == [.gate(.age)])
        #expect(interview.case.context.ageBand == .adult)
        #expect(interview.case.answers.isEmpty)
        // Back and a minor's age: the whole interview again.
        #expect(stepBack(&interview))
        let minor = try interview.answer(.age(17))
        #expect(!minor.endedAsAdult)
        #expect(interview.current?.id == .region)
        var unknown = Interview(knowledge: knowledge, role: .police, region: "utrecht")
        #expect(try unknown.answer(.age(nil)).endedAsAdult == false)
        #expect(unknown.current?.id == .gate(.acuteDanger))
        #expect(unknown.path.contains(.checklist))
    }

    @Test("nothing ticked asks the gates, the checklist and the reference; the region only without a default")
    func nothingTicked() throws {
        for region in ["utrecht", nil] as [String?] {
            var interview = Interview(knowledge: knowledge, role: .police, region: region)
            var asked: [QuestionID] = []
            let answer = gates(offence: "pickpocketing")
            try drive(&interview) { id in
                asked.append(id)
                return answer(id) ?? .answer(.no)
            }
            let expected: [QuestionID] = [.gate(.age)] + (region == nil ? [.region] : []) + gateIDs.dropFirst() + [.checklist, .reference]
            #expect(asked == expected)
            #expect(interview.case.answers.isEmpty)
            #expect(interview.case.context == CaseContext(
                age: 13, role: .police, offence: "pickpocketing", acuteDanger: .no, guardianPresent: .yes, registeredInNL: .yes,
                region: region))
            // Untouched items are listed as not checked; those worth checking for a pickpocket at the
            // police are the engine's open questions (and all of them were on the checklist).
            #expect(interview.notChecked.count == interview.checklistItems.filter(\.isScored).count)
            let assessment = Engine(knowledge: knowledge).assessment(of: interview.case)
            #expect(assessment.level == .none)
            #expect(Set(assessment.openQuestions.map(\.indicator.id)) == checkNextIDs(interview.case.context))
            #expect(checkNextIDs(interview.case.context).isSubset(of: interview.notChecked.map(\.id)))
            #expect(checkNextIDs(interview.case.context).contains("proceeds.daily_quota"))
        }
    }

    @Test("the checklist fits the offence and the role, and every non-acute indicator is on one")
    func checklistFits() throws {
        func ids(_ role: Role, _ offence: String?) -> Set<String> {
            Set(InterviewPlan.checklist(catalog: knowledge.catalog, offence: offence, role: role).flatMap(\.items).map(\.id))
        }
        let drugs = ids(.police, "drug_running")
        #expect(drugs.contains("daily_life.work_phone"))
        #expect(drugs.contains("instigation.remote_instructions"))
        #expect(!drugs.contains("money_mule.contracts_in_name"))
        #expect(!drugs.contains("instigation.stealing_to_order"))
        let theft = ids(.police, "shoplifting")
        #expect(theft.contains("instigation.stealing_to_order"))
        #expect(!theft.contains("daily_life.work_phone"))
        #expect(ids(.police, "fraud").contains("money_mule.contracts_in_name"))
        // Records an officer can check at the arrest are on it (missing, school, possessions).
        for id in ["daily_life.missing_episodes", "daily_life.school_absence", "daily_life.unexplained_possessions",
                   "coercion.sextortion", "coercion.unexplained_injuries", "instigation.adult_nearby"] {
            #expect(theft.contains(id) && drugs.contains(id), "\(id)")
        }
        // A teacher sees no arrest, and no single offence narrows what they may have noticed.
        let teacher = ids(.education, "shoplifting")
        #expect(!teacher.contains(where: { $0.hasPrefix("arrest_behaviour.") }))
        #expect(teacher.contains("money_mule.contracts_in_name"))
        for role in Role.allCases {
            let everything = ids(role, nil)
            for indicator in knowledge.catalog.indicators where indicator.kind != .acute {
                if knowledge.catalog.interview.rolesAwayFromArrest.contains(role), indicator.family == "arrest_behaviour" { continue }
                #expect(everything.contains(indicator.id), "\(role): \(indicator.id) is on no checklist")
            }
            for offence in knowledge.catalog.offences.map(\.id) + [nil] {
                #expect(ids(role, offence).isDisjoint(with: acuteIDs))
            }
        }
        // Numbered in family groups, in catalogue order within a family.
        let groups = InterviewPlan.checklist(catalog: knowledge.catalog, offence: "begging", role: .police)
        #expect(groups.map(\.family.id) == knowledge.catalog.families.map(\.id).filter { id in groups.contains { $0.family.id == id } })
        for group in groups {
            let order = group.items.compactMap { knowledge.catalog.order(of: $0.id) }
            #expect(order == order.sorted())
            #expect(group.items.allSatisfy { $0.family == group.family.id })
        }
    }

    @Test("ticks count as yes; notes go with them; untouched items stay unanswered")
    func ticks() throws {
        var interview = try atChecklist(offence: "drug_running")
        let items = interview.checklistItems
        let work = try #require(items.first { $0.id == "daily_life.work_phone" })
        let school = try #require(items.first { $0.id == "daily_life.school_absence" })
        try interview.answer(.checklist([work.id, school.id]), notes: [work.id: "twee nummers"])
        let answers = interview.case.answers
        #expect(answers == [work.id: CaseAnswer(.yes, note: "twee nummers"), school.id: CaseAnswer(.yes)])
        #expect(!interview.notChecked.contains { $0.id == work.id })
        #expect(interview.notChecked.contains { $0.id == "instigation.remote_instructions" })
        #expect(Engine(knowledge: knowledge).assessment(of: interview.case).level == .attention)
        // Neither deepens (daily life): the reference is next.
        #expect(interview.current?.id == .reference)
    }

    @Test("acute at once: a collection tick asks 'here now?' next, a coercion yes asks 'danger now?' next")
    func acuteAtOnce() throws {
        var interview = try atChecklist(offence: "pickpocketing")
        try interview.answer(.checklist(["collection.before_family_informed", "identity.doubtful"]))
        #expect(interview.current?.id == .indicator("collection.claimant_at_station_now"))
        let update = try interview.answer(.answer(.yes))
        #expect(update.becameAcute)
        // The interview's reader is police: assistance through the control room, not 112 (issue 20).
        #expect(interview.acuteSteps.map(\.id).contains("police_acute_assistance"))
        #expect(Engine(knowledge: knowledge).assessment(of: interview.case).level == .acute)

        var both = try atChecklist(offence: "begging", acute: .unknown)
        try both.answer(.checklist(["coercion.fear_of_reprisal", "collection.unverified_claimant"]))
        #expect(Array(both.path.drop { $0 != .checklist }.dropFirst().prefix(2)) == [
            .indicator("collection.claimant_at_station_now"), .indicator("coercion.danger_now"),
        ])

        // A direct yes to threats: danger now is the very next question.
        var direct = try atChecklist(offence: "drug_dealing", acute: .unknown)
        try direct.answer(.checklist(["instigation.remote_instructions"]))
        #expect(direct.current?.id == .indicator("coercion.threats_violence"))
        try direct.answer(.answer(.yes))
        #expect(direct.current?.id == .indicator("coercion.danger_now"))
        #expect(try direct.answer(.answer(.yes)).becameAcute)
        #expect(direct.current?.id == .indicator("coercion.debt_bondage"))

        // Danger already said at the gate: not asked again.
        var gate = try atChecklist(offence: "drug_dealing", acute: .yes)
        try gate.answer(.checklist(["coercion.threats_violence"]))
        #expect(!gate.path.contains(.indicator("coercion.danger_now")))
    }

    @Test("a yes on instigation deepens into the coercion questions not ticked, then danger now (only when the gate was ?)")
    func deepening() throws {
        var interview = try atChecklist(offence: "shoplifting", acute: .unknown)
        try interview.answer(.checklist(["instigation.adult_nearby"]))
        #expect(Array(interview.path.drop { $0 != .checklist }.dropFirst()) == [
            .indicator("coercion.threats_violence"), .indicator("coercion.debt_bondage"), .indicator("coercion.danger_now"),
            .reference,
        ])
        var ticked = try atChecklist(offence: "shoplifting", acute: .unknown)
        try ticked.answer(.checklist(["proceeds.handed_over", "coercion.threats_violence"]))
        #expect(Array(ticked.path.drop { $0 != .checklist }.dropFirst()) == [
            .indicator("coercion.danger_now"), .indicator("coercion.debt_bondage"), .reference,
        ])
        // Danger is asked once: a gate answer of no (or yes) is not asked again.
        var gateNo = try atChecklist(offence: "shoplifting", acute: .no)
        try gateNo.answer(.checklist(["instigation.adult_nearby", "coercion.threats_violence"]))
        #expect(Array(gateNo.path.drop { $0 != .checklist }.dropFirst()) == [.indicator("coercion.debt_bondage"), .reference])
        // Context and daily-life ticks do not deepen.
        var context = try atChecklist(offence: "shoplifting")
        try context.answer(.checklist(["context.youth_care", "daily_life.behaviour_change"]))
        #expect(context.current?.id == .reference)
        #expect(Engine(knowledge: knowledge).assessment(of: context.case).contextFindings.map(\.indicator.id) == ["context.youth_care"])
    }

    @Test("back then Enter keeps every answer; back at the start does nothing")
    func backKeeps() throws {
        var interview = Interview(knowledge: knowledge, role: .zsm, region: "zwolle")
        #expect(stepBack(&interview) == false)
        let answer = gates(offence: "shoplifting", ticks: ["instigation.adult_nearby", "proceeds.daily_quota"])
        for _ in 0..<8 {
            let id = try #require(interview.current?.id)
            try interview.answer(answer(id) ?? .answer(.unknown))
        }
        let before = interview.case
        let position = interview.progress.number
        #expect(stepBack(&interview))
        #expect(stepBack(&interview))
        #expect(interview.progress.number == position - 2)
        let previous = try #require(interview.current?.previousAnswer)
        #expect(previous == .answer(.unknown))
        #expect(interview.case == before, "stepping back alone changes no answer")
        try interview.answer(previous)
        try interview.answer(try #require(interview.current?.previousAnswer))
        #expect(interview.case == before)
        #expect(interview.progress.number == position)
        #expect(interview.current?.previousAnswer == nil)
    }

    @Test("a changed checklist drops the follow-ups it opened, and their notes")
    func backHidesFollowUp() throws {
        var interview = try atChecklist(offence: "pickpocketing", acute: .unknown)
        try interview.answer(.checklist(["instigation.adult_instructs_at_scene"]))
        try interview.answer(.answer(.yes), notes: ["coercion.threats_violence": "broer bedreigd"])
        try interview.answer(.answer(.no))
        #expect(interview.case.answers["coercion.threats_violence"] == CaseAnswer(.yes, note: "broer bedreigd"))
        #expect(interview.case.answers["coercion.danger_now"] == CaseAnswer(.no))
        #expect(Engine(knowledge: knowledge).assessment(of: interview.case).score == 6)

        while interview.current?.id != .checklist { #expect(stepBack(&interview)) }
        #expect(interview.current?.previousAnswer == .checklist(["instigation.adult_instructs_at_scene"]))
        let update = try interview.answer(.checklist(["identity.doubtful"]))
        #expect(update.dropped == [.indicator("coercion.threats_violence"), .indicator("coercion.danger_now")])
        #expect(interview.case.answers == ["identity.doubtful": CaseAnswer(.yes)])
        #expect(interview.notes.isEmpty)
        #expect(interview.current?.id == .reference)
        // A changed offence drops ticks the new checklist does not show.
        var offence = try atChecklist(offence: "fraud")
        try offence.answer(.checklist(["money_mule.contracts_in_name", "recruitment.quick_money_offer"]))
        while offence.current?.id != .gate(.offence) { #expect(stepBack(&offence)) }
        let changed = try offence.answer(.offence("shoplifting"))
        #expect(changed.dropped == [.indicator("money_mule.contracts_in_name")])
        #expect(offence.case.answers == ["recruitment.quick_money_offer": CaseAnswer(.yes)])
    }

    @Test("hidden questions are never in the case, whatever the answers and back-steps")
    func neverScoresHidden() throws {
        let offences: [String?] = knowledge.catalog.offences.map(\.id) + [nil]
        var seed: UInt64 = 42
        func next(_ bound: Int) -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int((seed >> 33) % UInt64(bound))
        }
        for (number, role) in Role.allCases.enumerated() {
            // The full run (SIGNAAL_EXHAUSTIVE=1) walks every role with every offence; `--quick` and a
            // plain `swift test` every role with a third of them, each offence with some role.
            for (index, offence) in offences.enumerated() where Exhaustive.on || index % 3 == number % 3 {
                var interview = Interview(knowledge: knowledge, role: role)
                var step = 0
                while let question = interview.current {
                    step += 1
                    let id = question.id
                    let items = interview.checklistItems.map(\.id)
                    let ticks = Set((0..<next(6)).map { _ in items[next(items.count)] })
                    let answer = gates(offence: offence, ticks: ticks)(id) ?? .answer([.yes, .yes, .no, .unknown][next(4)])
                    try interview.answer(answer)
                    // Every few answers, go back two and change the answer there.
                    if step % 5 == 0, interview.back(), interview.back(), let again = interview.current {
                        let items = interview.checklistItems.map(\.id)
                        let changed: InterviewAnswer =
                            again.format == .checklist ? .checklist([items[next(items.count)]])
                            : again.previousAnswer == .answer(.yes) ? .answer(.no)
                            : (gates(offence: offence)(again.id) ?? .answer(.yes))
                        try interview.answer(changed)
                    }
                    let onPath = Set(interview.path.map(\.key))
                    var ticked = Set<String>()
                    if case .checklist(let set)? = interview.answers[.checklist] { ticked = set }
                    let shown = Set(interview.checklistItems.map(\.id))
                    for key in interview.case.answers.keys {
                        #expect(onPath.contains(key) || (ticked.contains(key) && shown.contains(key)), "\(role) \(offence ?? "-") scored hidden \(key)")
                    }
                    // Danger now is one fact: asked later only when the gate was "?", and then the
                    // gate says the same.
                    let current = interview.case
                    if let later = current.answers["coercion.danger_now"]?.answer {
                        #expect(current.context.acuteDanger == later)
                    }
                    #expect(step < 300)
                    if step >= 300 { break }
                }
                #expect(interview.isFinished)
                // Back-steps and changes leave no trace: a straight run giving the final answers in
                // order asks the same questions and ends with the same case.
                var straight = Interview(knowledge: knowledge, role: role)
                var asked: [QuestionID] = []
                while let question = straight.current, asked.count < 300 {
                    asked.append(question.id)
                    let answer = try #require(interview.answers[question.id], "\(role) \(offence ?? "-"): straight run asks \(question.id), not answered")
                    try straight.answer(answer)
                }
                #expect(straight.isFinished)
                #expect(asked == interview.path, "\(role) \(offence ?? "-")")
                #expect(straight.case == interview.case, "\(role) \(offence ?? "-")")
            }
        }
    }

    @Test("acute danger at the gate raises the alert at once, with the routing table's acute steps")
    func acuteGate() throws {
        var interview = Interview(knowledge: knowledge, role: .police, region: "utrecht")
        try interview.answer(.age(14))
        #expect(interview.isAcute == false)
        let update = try interview.answer(.answer(.yes))
        #expect(update.becameAcute)
        #expect(interview.isAcute)
        #expect(interview.acuteSteps.map(\.id) == ["police_acute_assistance", "no_handover_unverified"])
        #expect(interview.acuteSteps.first?.party == "police_emergency")
        // Further answers do not raise it again.
        let next = try interview.answer(.answer(.no))
        #expect(next.becameAcute == false)
    }

    @Test("wrong answers and notes are refused and change nothing")
    func refusals() throws {
        var interview = Interview(knowledge: knowledge, role: .police)
        #expect(throws: InterviewError.wrongFormat(.gate(.age), expected: .age)) { try interview.answer(.answer(.yes)) }
        #expect(throws: InterviewError.ageOutOfRange(121)) { try interview.answer(.age(121)) }
        #expect(throws: InterviewError.ageOutOfRange(-1)) { try interview.answer(.age(-1)) }
        #expect(throws: InterviewError.noteNotAllowed(.gate(.age))) { try interview.answer(.age(3), notes: ["proceeds.handed_over": "x"]) }
        #expect(interview.history.isEmpty)
        try interview.answer(.age(nil))
        #expect(interview.case.context.age == nil)
        #expect(throws: InterviewError.unknownRegion("atlantis")) { try interview.answer(.region("atlantis")) }
        try interview.answer(.region(nil))
        try interview.answer(.answer(.unknown))
        try interview.answer(.answer(.unknown))
        try interview.answer(.answer(.unknown))
        #expect(throws: InterviewError.unknownOffence("arson")) { try interview.answer(.offence("arson")) }
        #expect(throws: InterviewError.wrongFormat(.gate(.offence), expected: .offence)) { try interview.answer(.age(3)) }
        try interview.answer(.offence("shoplifting"))
        #expect(throws: InterviewError.notOnChecklist("daily_life.work_phone")) {
            try interview.answer(.checklist(["daily_life.work_phone"]))
        }
        #expect(throws: InterviewError.notOnChecklist("coercion.danger_now")) { try interview.answer(.checklist(["coercion.danger_now"])) }
        #expect(throws: InterviewError.noteNotAllowed(.checklist)) {
            try interview.answer(.checklist(["identity.doubtful"]), notes: ["identity.aliases": "x"])
        }
        #expect(interview.current?.id == .checklist)
        // A BSN never gets into the case: not in a note, not in the reference.
        #expect(throws: InterviewError.personalIdentifier(.checklist)) {
            try interview.answer(.checklist(["identity.doubtful"]), notes: ["identity.doubtful": "BSN 123456782"])
        }
        try interview.answer(.checklist([]))
        #expect(interview.current?.id == .reference)
        #expect(throws: InterviewError.personalIdentifier(.reference)) { try interview.answer(.text("123 456 782")) }
        #expect(throws: InterviewError.textTooLong(.reference, limit: Case.maximumReferenceLength)) {
            try interview.answer(.text(String(repeating: "x", count: Case.maximumReferenceLength + 1)))
        }
        try interview.answer(.text("\u{200B} "))
        #expect(interview.case.reference == nil, "a blank reference is no reference")
        try drive(&interview) { _ in .text(nil) }
        #expect(throws: InterviewError.finished) { try interview.answer(.answer(.no)) }
        // Nothing ticked is never scored as no: every question worth checking stays open.
        let assessment = Engine(knowledge: knowledge).assessment(of: interview.case)
        #expect(assessment.ruledOut.isEmpty)
        #expect(!assessment.openQuestions.isEmpty)
        #expect(Set(assessment.openQuestions.map(\.indicator.id)) == checkNextIDs(interview.case.context))
        #expect(stepBack(&interview))
        #expect(interview.isFinished == false)
    }

    @Test("a draft serialised halfway resumes exactly there and ends in the same case")
    func resume() throws {
        let time = try #require(Timestamp(iso8601: "2026-11-21T23:40:00+01:00"))
        let answer = gates(age: 12, offence: "drug_running", ticks: ["proceeds.small_payment", "daily_life.work_phone"])
        func choose(_ id: QuestionID) -> InterviewAnswer {
            if id == .reference { return .text("BVH-2026-0001") }
            return answer(id) ?? .answer(id.key.hasPrefix("coercion.debt") ? .yes : .no)
        }
        var straight = Interview(knowledge: knowledge, role: .zsm, assessedAt: time)
        try drive(&straight, choose)
        #expect(straight.case.reference == "BVH-2026-0001")

        for stop in 1..<straight.path.count {
            var first = Interview(knowledge: knowledge, role: .zsm, assessedAt: time)
            for _ in 0..<stop { try first.answer(choose(try #require(first.current?.id))) }
            if stop % 2 == 0 { #expect(stepBack(&first)) }
            var draft = first.draft
            draft.language = .nl
            let text = draft.encoded().serialized(pretty: true)
            let decoded = try InterviewDraft.decode(Array(text.utf8), knowledge: knowledge)
            #expect(decoded == draft)
            var resumed = try Interview(knowledge: knowledge, resuming: decoded)
            #expect(resumed.current == first.current)
            #expect(resumed.progress.number == first.progress.number)
            #expect(resumed.progress.estimatedTotal == first.progress.estimatedTotal)
            #expect(resumed.case == first.case)
            #expect(resumed.history == first.history)
            try drive(&resumed, choose)
            #expect(resumed.case == straight.case)
            #expect(resumed.draft.current == nil)
        }
    }

    @Test("the draft format is exact and strict; version 1 drafts are still read")
    func draftFormat() throws {
        var interview = Interview(
            knowledge: knowledge, role: .police, assessedAt: Timestamp(iso8601: "2026-11-21T23:40:00+01:00"))
        try interview.answer(.age(nil))
        try interview.answer(.region("zwolle"))
        try interview.answer(.answer(.no))
        try interview.answer(.answer(.yes))
        try interview.answer(.answer(.unknown))
        try interview.answer(.offence("begging"))
        try interview.answer(.checklist(["proceeds.daily_quota", "instigation.adult_nearby"]), notes: ["proceeds.daily_quota": "50 euro"])
        #expect(
            interview.draft.encoded().serialized(pretty: false)
                == #"{"version":2,"role":"police","language":null,"assessedAt":"2026-11-21T23:40:00+01:00","region":null,"#
                + #""answers":{"age":"unknown","region":"zwolle","acuteDanger":"no","guardianPresent":"yes","registeredInNL":"unknown","#
                + #""offence":"begging","checklist":["instigation.adult_nearby","proceeds.daily_quota"]},"#
                + #""notes":{"proceeds.daily_quota":"50 euro"},"current":"coercion.threats_violence"}"#)

        func failure(_ text: String) -> SignalError? {
            do {
                _ = try InterviewDraft.decode(Array(text.utf8), knowledge: knowledge)
                return nil
            } catch {
                return error
            }
        }
        let newer = failure(#"{"version": 4, "role": "police", "answers": {}}"#)
        #expect(newer?.kind == .unsupportedVersion(found: "4", supported: 3))
        #expect(newer?.location.path == JSONPath.root.appending("version"))
        let unknownKey = failure(#"{"version": 2, "role": "police", "answers": {}, "extra": 1}"#)
        #expect(unknownKey?.kind == .unknownKey("extra", suggestion: nil))
        let notesInOld = failure(#"{"version": 1, "role": "police", "answers": {}, "notes": {}}"#)
        #expect(notesInOld?.kind == .unknownKey("notes", suggestion: nil))
        let badIndicator = failure(#"{"version": 2, "role": "police", "answers": {"proceeds.handed_ovr": "yes"}}"#)
        #expect(badIndicator?.kind == .unknownIndicator("proceeds.handed_ovr", suggestion: "proceeds.handed_over"))
        #expect(badIndicator?.location.path?.description == #"$.answers["proceeds.handed_ovr"]"#)
        let badTick = failure(#"{"version": 2, "role": "police", "answers": {"checklist": ["proceeds.handed_ovr"]}}"#)
        #expect(badTick?.kind == .unknownIndicator("proceeds.handed_ovr", suggestion: "proceeds.handed_over"))
        let badAge = failure(#"{"version": 2, "role": "police", "answers": {"age": 130}}"#)
        #expect(badAge?.kind == .outOfRange("130", range: 0...120))
        let badOffence = failure(#"{"version": 2, "role": "police", "answers": {"offence": "arson"}}"#)
        #expect(badOffence?.location.path?.description == "$.answers.offence")
        let profile = failure(#"{"version": 2, "role": "police", "answers": {"nationality": "x"}}"#)
        #expect(profile?.kind == .profileAttribute("nationality"))
        let truncated = failure(#"{"version": 2, "role": "police", "answers": {"age": 1"#)
        #expect(truncated?.kind == .syntax(.unexpectedEnd))
        let badCurrent = failure(#"{"version": 2, "role": "police", "answers": {}, "current": "nope"}"#)
        #expect(badCurrent?.kind == .unknownIndicator("nope", suggestion: nil))

        // A version 1 draft (the interview before the checklist): answers kept, on at the checklist.
        let old = #"{"version":1,"role":"police","language":"nl","assessedAt":null,"region":"utrecht","answers":{"age":13,"#
            + #""acuteDanger":"no","guardianPresent":"yes","registeredInNL":"yes","offence":"pickpocketing","#
            + #""instigation.adult_instructs_at_scene":"yes","proceeds.handed_over":"no"},"current":"arrest_behaviour.coached_story"}"#
        let draft = try InterviewDraft.decode(Array(old.utf8), knowledge: knowledge)
        #expect(draft.readFromVersion == 1)
        let resumed = try Interview(knowledge: knowledge, resuming: draft)
        #expect(resumed.current?.id == .checklist)
        #expect(resumed.case.context.offence == "pickpocketing")
        // Issue 22 N2: every old answer is carried over: the yes on a checklist item as a tick (shown
        // as the checklist's previous answer), the no as an answer the interview keeps.
        #expect(resumed.current?.previousAnswer == .checklist(["instigation.adult_instructs_at_scene"]))
        #expect(resumed.case.answers == [
            "instigation.adult_instructs_at_scene": CaseAnswer(.yes), "proceeds.handed_over": CaseAnswer(.no),
        ])
        #expect(resumed.carried == ["proceeds.handed_over": .no])
        #expect(resumed.draft.encoded().serialized(pretty: false).hasPrefix(#"{"version":2,"#))
        // Written again and read again, nothing is lost.
        let again = try Interview(knowledge: knowledge, resuming: try InterviewDraft.decode(
            Array(resumed.draft.encoded().serialized(pretty: false).utf8), knowledge: knowledge))
        #expect(again.case.answers == resumed.case.answers)
    }

    // Issue 22 N3: a tick the checklist no longer shows and a follow-up yes with a note resumed as
    // "6 answers saved" with both and the note gone, and the draft was rewritten at once.
    @Test("a resumed draft keeps a tick the checklist does not show and an unasked yes with its note, also in the draft it writes")
    func resumeKeepsUnasked() throws {
        let items = Set(InterviewPlan.checklist(catalog: knowledge.catalog, offence: "pickpocketing", role: .police).flatMap(\.items).map(\.id))
        let notShown = try #require(knowledge.catalog.indicators.map(\.id).first { !items.contains($0) && !$0.hasPrefix("coercion.") })
        let draft = InterviewDraft(
            role: .police, language: nil, assessedAt: nil, region: "utrecht",
            answers: [
                InterviewStep(question: .gate(.age), answer: .age(14)),
                InterviewStep(question: .gate(.acuteDanger), answer: .answer(.no)),
                InterviewStep(question: .gate(.guardianPresent), answer: .answer(.yes)),
                InterviewStep(question: .gate(.registeredInNL), answer: .answer(.yes)),
                InterviewStep(question: .gate(.offence), answer: .offence("pickpocketing")),
                InterviewStep(question: .checklist, answer: .checklist([notShown])),
                InterviewStep(question: .indicator("coercion.debt_bondage"), answer: .answer(.yes)),
            ],
            current: .reference, notes: ["coercion.debt_bondage": "moet schuld afbetalen", notShown: "gezien"])
        let interview = try Interview(knowledge: knowledge, resuming: draft)
        #expect(interview.case.answers[notShown] == CaseAnswer(.yes, note: "gezien"))
        #expect(interview.case.answers["coercion.debt_bondage"] == CaseAnswer(.yes, note: "moet schuld afbetalen"))
        #expect(interview.carried == [notShown: .yes, "coercion.debt_bondage": .yes])
        let written = interview.draft
        #expect(written.notes["coercion.debt_bondage"] == "moet schuld afbetalen")
        #expect(written.notes[notShown] == "gezien")
        let again = try Interview(knowledge: knowledge, resuming: try InterviewDraft.decode(
            Array(written.encoded().serialized(pretty: false).utf8), knowledge: knowledge))
        #expect(again.case.answers == interview.case.answers)
    }

    @Test("a draft whose saved position no longer applies resumes at the first open question")
    func resumeFallback() throws {
        let draft = InterviewDraft(
            role: .police, language: nil, assessedAt: nil, region: "utrecht",
            answers: [
                InterviewStep(question: .gate(.age), answer: .age(14)),
                InterviewStep(question: .gate(.acuteDanger), answer: .answer(.no)),
                // Not asked by this interview (no yes opens it): still a fact about the child, so
                // carried and scored (issue 22 N3), never dropped unseen.
                InterviewStep(question: .indicator("coercion.danger_now"), answer: .answer(.yes)),
            ],
            current: .indicator("coercion.danger_now"))
        let interview = try Interview(knowledge: knowledge, resuming: draft)
        #expect(interview.current?.id == .gate(.guardianPresent))
        #expect(interview.case.answers == ["coercion.danger_now": CaseAnswer(.yes)])
        #expect(interview.carried == ["coercion.danger_now": .yes])
        #expect(interview.isAcute == true)
        let wrong = InterviewDraft(
            role: .police, language: nil, assessedAt: nil, region: nil,
            answers: [InterviewStep(question: .gate(.age), answer: .answer(.yes))], current: nil)
        #expect(throws: InterviewError.wrongFormat(.gate(.age), expected: .age)) {
            try Interview(knowledge: knowledge, resuming: wrong)
        }
    }

    @Test("every gate question cites the routing step it decides; every question and item has its texts")
    func gateSourcesAndTexts() {
        let interview = Interview(knowledge: knowledge, role: .police)
        for gate in GateQuestion.allCases {
            #expect(!interview.sources(for: .gate(gate)).isEmpty, "no routing step \(knowledge.routing.gateSources[gate] ?? "(none in gateSources)")")
            for key in ["triage.question.", "triage.help."] {
                #expect(knowledge.texts.strings[key + gate.rawValue] != nil, "missing \(key + gate.rawValue)")
            }
        }
        for key in ["checklist", "region", "reference"] {
            #expect(knowledge.texts.strings["triage.question." + key] != nil)
            #expect(knowledge.texts.strings["triage.help." + key] != nil)
        }
        for format in [AnswerFormat.age, .triState, .offence, .checklist, .region, .text] {
            #expect(knowledge.texts.strings["triage.choices." + format.rawValue] != nil)
            #expect(knowledge.texts.strings["triage.invalid." + format.rawValue] != nil)
        }
        for family in knowledge.catalog.families { #expect(knowledge.texts.strings["triage.family." + family.id] != nil) }
    }
}

@Suite("Interview replies")
struct InterviewReplyTests {
    static func question(_ id: QuestionID, previous: InterviewAnswer? = nil) -> InterviewQuestion {
        InterviewQuestion(id: id, indicator: nil, previousAnswer: previous, sources: [])
    }

    @Test("yes, no and unknown in both languages; notes; commands; invalid input")
    func triState() {
        let question = Self.question(.indicator("proceeds.handed_over"))
        let offences = knowledge.catalog.offences
        func parse(_ word: String) -> InterviewReply { InterviewReply.parse(word, for: question, offences: offences) }
        for word in ["j", "J", "ja", "y", "Yes", " yes "] { #expect(parse(word) == .answer(.answer(.yes), notes: [:])) }
        for word in ["n", "nee", "NO"] { #expect(parse(word) == .answer(.answer(.no), notes: [:])) }
        for word in ["?", "onbekend", "unknown"] { #expect(parse(word) == .answer(.answer(.unknown), notes: [:])) }
        for word in ["b", "terug", "back"] { #expect(parse(word) == .back) }
        for word in ["h", "help"] { #expect(parse(word) == .help) }
        for word in ["q", "stop"] { #expect(parse(word) == .quit) }
        for word in ["", "  ", "jaa", "1", "misschien", "misschien: ja"] { #expect(parse(word) == .invalid, "\(word)") }
        #expect(parse("j: man bij de deur") == .answer(.answer(.yes), notes: ["proceeds.handed_over": "man bij de deur"]))
        #expect(parse("? : zegt niets") == .answer(.answer(.unknown), notes: ["proceeds.handed_over": "zegt niets"]))
        #expect(parse("n:") == .answer(.answer(.no), notes: [:]))
        let gate = Self.question(.gate(.acuteDanger))
        #expect(InterviewReply.parse("j: broer buiten", for: gate, offences: offences) == .noteNotAllowed)
        let answered = Self.question(.indicator("proceeds.handed_over"), previous: .answer(.no))
        #expect(InterviewReply.parse("", for: answered, offences: offences) == .keep)
    }

    @Test("ages, offences and regions")
    func ageAndOffence() {
        let offences = knowledge.catalog.offences
        let age = Self.question(.gate(.age))
        #expect(InterviewReply.parse("13", for: age, offences: offences) == .answer(.age(13), notes: [:]))
        #expect(InterviewReply.parse("0", for: age, offences: offences) == .answer(.age(0), notes: [:]))
        #expect(InterviewReply.parse("?", for: age, offences: offences) == .answer(.age(nil), notes: [:]))
        for word in ["13 jaar", "13j", "dertien", "13 years", "thirteen", " 13  JAAR "] {
            #expect(InterviewReply.parse(word, for: age, offences: offences) == .answer(.age(13), notes: [:]), "\(word)")
        }
        for word in ["121", "-3", "1e2", "j", "jaar", "honderd"] {
            #expect(InterviewReply.parse(word, for: age, offences: offences) == .invalid, "\(word)")
        }
        let offence = Self.question(.gate(.offence))
        #expect(InterviewReply.parse("2", for: offence, offences: offences) == .answer(.offence(offences[1].id), notes: [:]))
        #expect(InterviewReply.parse("begging", for: offence, offences: offences) == .answer(.offence("begging"), notes: [:]))
        #expect(InterviewReply.parse("?", for: offence, offences: offences) == .answer(.offence(nil), notes: [:]))
        for word in ["0", String(offences.count + 1), "arson", "n"] {
            #expect(InterviewReply.parse(word, for: offence, offences: offences) == .invalid, "\(word)")
        }
        let regions = knowledge.contacts.regions
        let region = Self.question(.region)
        func parseRegion(_ word: String) -> InterviewReply { InterviewReply.parse(word, for: region, offences: offences, regions: regions) }
        #expect(parseRegion("1") == .answer(.region(regions[0].id), notes: [:]))
        #expect(parseRegion(regions[2].name.uppercased()) == .answer(.region(regions[2].id), notes: [:]))
        #expect(parseRegion("zwolle") == .answer(.region("zwolle"), notes: [:]))
        #expect(parseRegion("?") == .answer(.region(nil), notes: [:]))
        for word in ["0", String(regions.count + 1), "atlantis", ""] { #expect(parseRegion(word) == .invalid, "\(word)") }
        let reference = Self.question(.reference)
        #expect(InterviewReply.parse("", for: reference, offences: offences) == .answer(.text(nil), notes: [:]))
        #expect(InterviewReply.parse(" BVH 12 ", for: reference, offences: offences) == .answer(.text("BVH 12"), notes: [:]))
    }

    @Test("checklist numbers with commas, spaces and notes; Enter or 0 for none; bad numbers refused")
    func checklist() throws {
        var question = Self.question(.checklist)
        question.checklist = InterviewPlan.checklist(catalog: knowledge.catalog, offence: "shoplifting", role: .police)
        let items = question.checklist.flatMap(\.items).map(\.id)
        let offences = knowledge.catalog.offences
        func parse(_ line: String) -> InterviewReply { InterviewReply.parse(line, for: question, offences: offences) }
        #expect(parse("") == .answer(.checklist([]), notes: [:]))
        // 0 or geen: looked for and not seen; ? : not checked; m: more signals.
        #expect(parse("0") == .noneSeen(ticked: [], notes: [:]))
        #expect(parse("geen") == .noneSeen(ticked: [], notes: [:]))
        #expect(parse("1, 3, 0") == .noneSeen(ticked: [items[0], items[2]], notes: [:]))
        #expect(parse("?") == .notChecked)
        #expect(parse("m") == .more)
        #expect(parse("1, 3;4 5") == .answer(.checklist([items[0], items[2], items[3], items[4]]), notes: [:]))
        #expect(parse("2: man bij de deur, 7") == .answer(.checklist([items[1], items[6]]), notes: [items[1]: "man bij de deur"]))
        // Commas in a note: the note runs on until a part that is only numbers.
        #expect(parse("2: man, rond de 25, 7") == .answer(.checklist([items[1], items[6]]), notes: [items[1]: "man, rond de 25"]))
        #expect(parse("1: a, 1: b") == .answer(.checklist([items[0]]), notes: [items[0]: "a; b"]))
        #expect(parse("1, 99") == .badEntry("99", .notOnList(99)))
        #expect(parse("a") == .badEntry("a", .notANumber))
        #expect(parse("1 2: x") == .badEntry("1 2: x", .noteAfterSeveral))
        // A minus number takes a tick away (issue 21); mixed with ticks it is not understood.
        #expect(parse("-1") == .untick([items[0]]))
        #expect(parse("-1, 2") == .badEntry("-1", .untickOnItsOwnLine(1)))
        #expect(parse("2 21 -23") == .badEntry("-23", .untickOnItsOwnLine(23)))
        #expect(parse("2, 21, -23") == .badEntry("-23", .untickOnItsOwnLine(23)))
        // A minus inside a note is part of the note.
        #expect(parse("2: min -5 graden") == .answer(.checklist([items[1]]), notes: [items[1]: "min -5 graden"]))
        for word in ["b", "h", "q"] { #expect(parse(word) != .invalid) }
        var answered = question
        answered.previousAnswer = .checklist([items[0]])
        #expect(InterviewReply.parse("", for: answered, offences: offences) == .keep)
    }

    @Test("answer words are never file names")
    func answerWords() {
        for word in ["j", "y", "n", "nee", "?", "q", "h", "b", "stop", "yes", "ja", "0", "-", " J "] {
            #expect(InterviewReply.isAnswerWord(word), "\(word)")
        }
        for name in ["zaak.json", "case", "/tmp/x.json", "jan.json"] { #expect(!InterviewReply.isAnswerWord(name), "\(name)") }
    }
}

@Suite("Case encoder")
struct CaseEncoderTests {
    @Test("an encoded case decodes to the same case, for every indicator example")
    func roundTripExamples() throws {
        for (name, input) in allExamples {
            let text = input.encoded(order: knowledge.catalog).serialized(pretty: true)
            let decoded = try Case.decode(Array(text.utf8), knowledge: knowledge)
            #expect(decoded == input, "\(name)")
        }
    }

    @Test("all fields, notes and override round-trip; output is exact")
    func fullCase() throws {
        let input = Case(
            reference: "ZSM-2026-0142",
            context: CaseContext(
                age: nil, role: .zsm, offence: "pickpocketing", acuteDanger: .no, guardianPresent: .unknown,
                registeredInNL: .no, assessedAt: Timestamp(iso8601: "2026-11-21T23:40:00+01:00"), region: "zwolle"),
            answers: [
                "proceeds.handed_over": CaseAnswer(.unknown, note: "zegt niets over het geld \"x\""),
                "instigation.adult_instructs_at_scene": CaseAnswer(.yes),
            ],
            override: Override(level: .suspicion, reason: "camerabeelden"))
        let text = input.encoded(order: knowledge.catalog).serialized(pretty: false)
        #expect(
            text
                == #"{"version":1,"reference":"ZSM-2026-0142","context":{"age":"unknown","role":"zsm","offence":"pickpocketing","#
                + #""acuteDanger":"no","guardianPresent":"unknown","registeredInNL":"no","assessedAt":"2026-11-21T23:40:00+01:00","#
                + #""region":"zwolle"},"answers":{"instigation.adult_instructs_at_scene":"yes","proceeds.handed_over":"#
                + #"{"answer":"unknown","note":"zegt niets over het geld \"x\""}},"override":{"level":"suspicion","reason":"camerabeelden"}}"#)
        #expect(try Case.decode(Array(text.utf8), knowledge: knowledge) == input)
        let minimal = Case(context: CaseContext(age: 9))
        #expect(
            minimal.encoded().serialized(pretty: false)
                == #"{"version":1,"context":{"age":9,"role":"police","acuteDanger":"unknown","guardianPresent":"unknown","#
                + #""registeredInNL":"unknown"},"answers":{}}"#)
        #expect(try Case.decode(Array(minimal.encoded().serialized(pretty: true).utf8), knowledge: knowledge) == minimal)
    }
}

/// How many prompts each path asks: every role × offence (and offence unknown), with everything
/// on the checklist ticked and every direct question answered yes (the longest), and with
/// nothing ticked (the shortest).
enum QuestionBudget {
    struct Row {
        var role: Role
        var offence: String?
        var allYes: Int
        var allNo: Int
    }

    static func count(role: Role, offence: String?, everything: Bool) throws -> Int {
        var interview = Interview(knowledge: knowledge, role: role)
        var asked = 0
        // `gates` answers a custodial parent in NL: the asylum question is not asked then.
        let all = Set(InterviewPlan.checklist(catalog: knowledge.catalog, offence: offence, role: role, guardian: .yes).flatMap(\.items).map(\.id))
        try drive(&interview) { id in
            asked += 1
            let ticks = everything ? all : []
            return gates(offence: offence, ticks: ticks)(id) ?? .answer(everything ? .yes : .no)
        }
        return asked
    }

    static func rows() throws -> [Row] {
        var rows: [Row] = []
        for role in Role.allCases {
            for offence in knowledge.catalog.offences.map(\.id) + [nil] {
                rows.append(
                    Row(
                        role: role, offence: offence, allYes: try count(role: role, offence: offence, everything: true),
                        allNo: try count(role: role, offence: offence, everything: false)))
            }
        }
        return rows
    }
}

@Suite("Interview length")
struct InterviewLengthTests {
    @Test("longest path ≤ 12 prompts (region asked); nothing seen = 8 prompts")
    func budget() throws {
        let rows = try QuestionBudget.rows()
        for row in rows {
            #expect(row.allYes <= 12, "\(row.role) \(row.offence ?? "-") asks \(row.allYes) prompts with everything ticked")
            #expect(row.allNo == 8, "\(row.role) \(row.offence ?? "-") asks \(row.allNo) prompts with nothing ticked")
        }
    }
}

@Suite("Checklist labels")
struct ChecklistLabelTests {
    @Test("every indicator has a short checklist label in both languages (at most 60 characters)")
    func labels() {
        for indicator in knowledge.catalog.indicators {
            let key = "triage.item." + indicator.id
            let label = knowledge.texts.strings[key]
            #expect(label != nil, "no checklist label \(key)")
            if let label { #expect(label.nl.count <= 60 && label.en.count <= 60 && !label.nl.isEmpty && !label.en.isEmpty, "\(key)") }
        }
    }
}
