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

/// Gate answers for a 13-year-old, no acute danger, guardian present, registered, given offence.
private func gates(age: Int? = 13, offence: String?, acute: Answer = .no) -> (QuestionID) -> InterviewAnswer? {
    { id in
        switch id {
        case .gate(.age): .age(age)
        case .gate(.acuteDanger): .answer(acute)
        case .gate(.guardianPresent): .answer(.yes)
        case .gate(.registeredInNL): .answer(.yes)
        case .gate(.offence): .offence(offence)
        case .indicator: nil
        }
    }
}

/// `back()` for use inside `#expect`, which cannot call a mutating method.
private func stepBack(_ interview: inout Interview) -> Bool { interview.back() }

private let gateIDs = GateQuestion.allCases.map(QuestionID.gate)
private let coreIDs = knowledge.catalog.indicators.filter { $0.ask.contains(AskClause()) }.map { QuestionID.indicator($0.id) }

@Suite("Interview state machine")
struct InterviewTests {
    @Test("a fresh interview starts with the gate questions in order")
    func gateOrder() throws {
        var interview = Interview(knowledge: knowledge, role: .police)
        #expect(interview.current?.id == .gate(.age))
        #expect(interview.current?.format == .age)
        #expect(interview.progress.number == 1)
        #expect(interview.history.isEmpty)
        var seen: [QuestionID] = []
        let answer = gates(offence: "pickpocketing")
        for _ in 0..<5 {
            let id = try #require(interview.current?.id)
            seen.append(id)
            try interview.answer(try #require(answer(id)))
        }
        #expect(seen == gateIDs)
        #expect(interview.current?.id == coreIDs.first)
    }

    @Test("all no for a police pickpocketing arrest asks exactly the gates and the core questions")
    func allNoPath() throws {
        var interview = Interview(knowledge: knowledge, role: .police)
        var asked: [QuestionID] = []
        let answer = gates(offence: "pickpocketing")
        try drive(&interview) { id in
            asked.append(id)
            return answer(id) ?? .answer(.no)
        }
        #expect(asked == gateIDs + coreIDs)
        #expect(asked.count == 12)
        #expect(interview.isFinished)
        #expect(interview.current == nil)
        let result = interview.case
        #expect(result.context == CaseContext(
            age: 13, role: .police, offence: "pickpocketing", acuteDanger: .no, guardianPresent: .yes, registeredInNL: .yes))
        #expect(result.answers == Dictionary(uniqueKeysWithValues: coreIDs.map { ($0.key, CaseAnswer(.no)) }))
        #expect(Engine(knowledge: knowledge).assess(result).level == .none)
    }

    @Test("a yes opens exactly the follow-ups whose ask clauses name it")
    func followUps() throws {
        var interview = Interview(knowledge: knowledge, role: .police)
        var asked: [String] = []
        let answer = gates(offence: "pickpocketing")
        try drive(&interview) { id in
            if case .indicator(let indicator) = id { asked.append(indicator) }
            if id == .indicator("instigation.adult_instructs_at_scene") { return .answer(.yes) }
            return answer(id) ?? .answer(.no)
        }
        #expect(asked == coreIDs.map(\.key) + [
            "coercion.threats_violence", "arrest_behaviour.denies_knowing_adult", "instigation.changing_groups",
        ])
        let assessment = Engine(knowledge: knowledge).assess(interview.case)
        #expect(assessment.signals.map(\.indicator.id) == ["instigation.adult_instructs_at_scene"])
        #expect(assessment.level == .suspicion)
    }

    @Test("back then Enter keeps every answer; back at the start does nothing")
    func backKeeps() throws {
        var interview = Interview(knowledge: knowledge, role: .zsm)
        #expect(stepBack(&interview) == false)
        let answer = gates(offence: "shoplifting")
        for _ in 0..<7 {
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

    @Test("a back-step that hides a follow-up drops its answer from the case")
    func backHidesFollowUp() throws {
        var interview = Interview(knowledge: knowledge, role: .police)
        let answer = gates(offence: "pickpocketing")
        // Instigation yes opens threats; threats yes opens danger now (answered no).
        func choose(_ id: QuestionID) -> InterviewAnswer {
            switch id {
            case .indicator("instigation.adult_instructs_at_scene"), .indicator("coercion.threats_violence"): .answer(.yes)
            default: answer(id) ?? .answer(.no)
            }
        }
        while let id = interview.current?.id, id != .indicator("arrest_behaviour.denies_knowing_adult") {
            try interview.answer(choose(id))
        }
        #expect(interview.case.answers["coercion.threats_violence"] == CaseAnswer(.yes))
        #expect(interview.case.answers["coercion.danger_now"] == CaseAnswer(.no))
        #expect(Engine(knowledge: knowledge).assess(interview.case).score == 6)

        // Back to the instigation question: every later answer is still remembered.
        while interview.current?.id != .indicator("instigation.adult_instructs_at_scene") { #expect(stepBack(&interview)) }
        #expect(interview.current?.previousAnswer == .answer(.yes))
        let update = try interview.answer(.answer(.no))
        #expect(update.dropped == [.indicator("coercion.threats_violence"), .indicator("coercion.danger_now")])
        #expect(update.becameAcute == false)
        #expect(interview.case.answers["coercion.threats_violence"] == nil)
        #expect(interview.case.answers["coercion.danger_now"] == nil)
        #expect(!interview.path.contains(.indicator("coercion.threats_violence")))
        // Remembered answers that still apply are kept and offered again.
        #expect(interview.current?.id == .indicator("proceeds.handed_over"))
        #expect(interview.current?.previousAnswer == .answer(.no))
        try drive(&interview) { $0 == .indicator("instigation.adult_instructs_at_scene") ? .answer(.no) : choose($0) }
        let assessment = Engine(knowledge: knowledge).assess(interview.case)
        #expect(assessment.score == 0)
        #expect(assessment.level == .none)
        #expect(Set(interview.case.answers.keys) == Set(coreIDs.map(\.key)))
    }

    @Test("hidden questions are never in the case, whatever the answers and back-steps")
    func neverScoresHidden() throws {
        let offences: [String?] = knowledge.catalog.offences.map(\.id) + [nil]
        for role in Role.allCases {
            for offence in offences {
                var interview = Interview(knowledge: knowledge, role: role)
                var step = 0
                let answer = gates(offence: offence)
                while let id = interview.current?.id {
                    step += 1
                    let value: Answer = [.yes, .yes, .no, .unknown][step % 4]
                    try interview.answer(answer(id) ?? .answer(value))
                    // Every few answers, go back two and flip the answer there.
                    if step % 5 == 0, interview.back(), interview.back(), let again = interview.current {
                        let flipped: InterviewAnswer =
                            again.previousAnswer == .answer(.yes) ? .answer(.no) : (answer(again.id) ?? .answer(.yes))
                        try interview.answer(flipped)
                    }
                    let onPath = Set(interview.path.map(\.key))
                    for key in interview.case.answers.keys { #expect(onPath.contains(key), "\(role) \(offence ?? "-") scored hidden \(key)") }
                    #expect(step < 300)
                    if step >= 300 { break }
                }
                #expect(interview.isFinished)
                #expect(interview.path == Interview.path(catalog: knowledge.catalog, role: role, answers: interview.answers))
            }
        }
    }

    @Test("acute danger at the gate raises the alert at once, with the routing table's acute steps")
    func acuteGate() throws {
        var interview = Interview(knowledge: knowledge, role: .police)
        try interview.answer(.age(14))
        #expect(interview.isAcute == false)
        let update = try interview.answer(.answer(.yes))
        #expect(update.becameAcute)
        #expect(interview.isAcute)
        #expect(interview.acuteSteps.map(\.id) == ["call_112", "acute_ask_avim", "no_handover_unverified"])
        #expect(interview.acuteSteps.first?.party == "police_emergency")
        // Further answers do not raise it again.
        let next = try interview.answer(.answer(.no))
        #expect(next.becameAcute == false)
    }

    @Test("an acute indicator raises the alert when answered yes, once")
    func acuteIndicator() throws {
        var interview = Interview(knowledge: knowledge, role: .police)
        let answer = gates(offence: "shoplifting")
        var alerts: [QuestionID] = []
        while let id = interview.current?.id {
            let yes = id == .indicator("collection.unverified_claimant") || id == .indicator("collection.claimant_at_station_now")
                || id == .indicator("identity.doubtful")
            if try interview.answer(answer(id) ?? .answer(yes ? .yes : .no)).becameAcute { alerts.append(id) }
        }
        #expect(alerts == [.indicator("collection.claimant_at_station_now")])
        #expect(Engine(knowledge: knowledge).assess(interview.case).level == .acute)
        // Adult band: the alert still says call 112, but not the child-specific step.
        var adult = Interview(knowledge: knowledge, role: .police)
        try adult.answer(.age(19))
        let adultUpdate = try adult.answer(.answer(.yes))
        #expect(adultUpdate.becameAcute)
        #expect(adult.acuteSteps.map(\.id) == ["call_112", "acute_ask_avim"])
    }

    @Test("wrong answers are refused and change nothing")
    func refusals() throws {
        var interview = Interview(knowledge: knowledge, role: .police)
        #expect(throws: InterviewError.wrongFormat(.gate(.age), expected: .age)) { try interview.answer(.answer(.yes)) }
        #expect(throws: InterviewError.ageOutOfRange(121)) { try interview.answer(.age(121)) }
        #expect(throws: InterviewError.ageOutOfRange(-1)) { try interview.answer(.age(-1)) }
        #expect(interview.history.isEmpty)
        try interview.answer(.age(nil))
        #expect(interview.case.context.age == nil)
        try interview.answer(.answer(.unknown))
        try interview.answer(.answer(.unknown))
        try interview.answer(.answer(.unknown))
        #expect(throws: InterviewError.unknownOffence("arson")) { try interview.answer(.offence("arson")) }
        #expect(throws: InterviewError.wrongFormat(.gate(.offence), expected: .offence)) { try interview.answer(.age(3)) }
        try interview.answer(.offence(nil))
        try drive(&interview) { _ in .answer(.unknown) }
        #expect(throws: InterviewError.finished) { try interview.answer(.answer(.no)) }
        // Unknown is never scored as no: every core question stays open.
        let assessment = Engine(knowledge: knowledge).assess(interview.case)
        #expect(assessment.ruledOut.isEmpty)
        #expect(assessment.openQuestions.map(\.indicator.id) == coreIDs.map(\.key))
        #expect(stepBack(&interview))
        #expect(interview.isFinished == false)
    }

    @Test("a draft serialised halfway resumes exactly there and ends in the same case")
    func resume() throws {
        let time = try #require(Timestamp(iso8601: "2026-11-21T23:40:00+01:00"))
        let answer = gates(age: 12, offence: "drug_running")
        func choose(_ id: QuestionID) -> InterviewAnswer {
            answer(id) ?? .answer(id.key.hasPrefix("proceeds") || id.key.hasPrefix("coercion.debt") ? .yes : .no)
        }
        var straight = Interview(knowledge: knowledge, role: .zsm, assessedAt: time, region: "zwolle")
        try drive(&straight, choose)

        var first = Interview(knowledge: knowledge, role: .zsm, assessedAt: time, region: "zwolle")
        for _ in 0..<9 { try first.answer(choose(try #require(first.current?.id))) }
        #expect(stepBack(&first))
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
        #expect(resumed.case.context.region == "zwolle")
        #expect(resumed.draft.current == nil)
    }

    @Test("the draft format is exact and strict")
    func draftFormat() throws {
        var interview = Interview(
            knowledge: knowledge, role: .police, assessedAt: Timestamp(iso8601: "2026-11-21T23:40:00+01:00"))
        try interview.answer(.age(nil))
        try interview.answer(.answer(.no))
        try interview.answer(.answer(.yes))
        try interview.answer(.answer(.unknown))
        try interview.answer(.offence("begging"))
        try interview.answer(.answer(.yes))
        #expect(
            interview.draft.encoded().serialized(pretty: false)
                == #"{"version":1,"role":"police","language":null,"assessedAt":"2026-11-21T23:40:00+01:00","region":null,"#
                + #""answers":{"age":"unknown","acuteDanger":"no","guardianPresent":"yes","registeredInNL":"unknown","#
                + #""offence":"begging","instigation.adult_instructs_at_scene":"yes"},"current":"proceeds.handed_over"}"#)

        func failure(_ text: String) -> SignalError? {
            do {
                _ = try InterviewDraft.decode(Array(text.utf8), knowledge: knowledge)
                return nil
            } catch {
                return error
            }
        }
        let newer = failure(#"{"version": 2, "role": "police", "answers": {}}"#)
        #expect(newer?.kind == .unsupportedVersion(found: "2", supported: 1))
        #expect(newer?.location.path == JSONPath.root.appending("version"))
        let unknownKey = failure(#"{"version": 1, "role": "police", "answers": {}, "extra": 1}"#)
        #expect(unknownKey?.kind == .unknownKey("extra", suggestion: nil))
        let badIndicator = failure(#"{"version": 1, "role": "police", "answers": {"proceeds.handed_ovr": "yes"}}"#)
        #expect(badIndicator?.kind == .unknownIndicator("proceeds.handed_ovr", suggestion: "proceeds.handed_over"))
        #expect(badIndicator?.location.path?.description == #"$.answers["proceeds.handed_ovr"]"#)
        let badAge = failure(#"{"version": 1, "role": "police", "answers": {"age": 130}}"#)
        #expect(badAge?.kind == .outOfRange("130", range: 0...120))
        let badOffence = failure(#"{"version": 1, "role": "police", "answers": {"offence": "arson"}}"#)
        #expect(badOffence?.location.path?.description == "$.answers.offence")
        let profile = failure(#"{"version": 1, "role": "police", "answers": {"nationality": "x"}}"#)
        #expect(profile?.kind == .profileAttribute("nationality"))
        let truncated = failure(#"{"version": 1, "role": "police", "answers": {"age": 1"#)
        #expect(truncated?.kind == .syntax(.unexpectedEnd))
        let badCurrent = failure(#"{"version": 1, "role": "police", "answers": {}, "current": "nope"}"#)
        #expect(badCurrent?.kind == .unknownIndicator("nope", suggestion: nil))
    }

    @Test("a draft whose saved position no longer applies resumes at the first open question")
    func resumeFallback() throws {
        let draft = InterviewDraft(
            role: .police, language: nil, assessedAt: nil, region: nil,
            answers: [
                InterviewStep(question: .gate(.age), answer: .age(14)),
                InterviewStep(question: .gate(.acuteDanger), answer: .answer(.no)),
                // Hidden (no yes opens it): dropped on resume, never scored.
                InterviewStep(question: .indicator("coercion.danger_now"), answer: .answer(.yes)),
            ],
            current: .indicator("coercion.danger_now"))
        let interview = try Interview(knowledge: knowledge, resuming: draft)
        #expect(interview.current?.id == .gate(.guardianPresent))
        #expect(interview.case.answers.isEmpty)
        #expect(interview.isAcute == false)
        let wrong = InterviewDraft(
            role: .police, language: nil, assessedAt: nil, region: nil,
            answers: [InterviewStep(question: .gate(.age), answer: .answer(.yes))], current: nil)
        #expect(throws: InterviewError.wrongFormat(.gate(.age), expected: .age)) {
            try Interview(knowledge: knowledge, resuming: wrong)
        }
    }

    @Test("every gate question cites the routing step it decides, and has its texts")
    func gateSourcesAndTexts() {
        let interview = Interview(knowledge: knowledge, role: .police)
        for gate in GateQuestion.allCases {
            #expect(!interview.sources(for: .gate(gate)).isEmpty, "no routing step \(gate.sourceStep)")
            for key in ["triage.question.", "triage.help."] {
                #expect(knowledge.texts.strings[key + gate.rawValue] != nil, "missing \(key + gate.rawValue)")
            }
        }
        for format in [AnswerFormat.age, .triState, .offence] {
            #expect(knowledge.texts.strings["triage.choices." + format.rawValue] != nil)
            #expect(knowledge.texts.strings["triage.invalid." + format.rawValue] != nil)
        }
    }
}

@Suite("Interview replies")
struct InterviewReplyTests {
    static func question(_ id: QuestionID, previous: InterviewAnswer? = nil) -> InterviewQuestion {
        InterviewQuestion(id: id, indicator: nil, previousAnswer: previous, sources: [])
    }

    @Test("yes, no and unknown in both languages; commands; invalid input")
    func triState() {
        let question = Self.question(.indicator("proceeds.handed_over"))
        let offences = knowledge.catalog.offences
        for word in ["j", "J", "ja", "y", "Yes", " yes "] { #expect(InterviewReply.parse(word, for: question, offences: offences) == .answer(.answer(.yes))) }
        for word in ["n", "nee", "NO"] { #expect(InterviewReply.parse(word, for: question, offences: offences) == .answer(.answer(.no))) }
        for word in ["?", "onbekend", "unknown"] { #expect(InterviewReply.parse(word, for: question, offences: offences) == .answer(.answer(.unknown))) }
        for word in ["b", "terug", "back"] { #expect(InterviewReply.parse(word, for: question, offences: offences) == .back) }
        for word in ["h", "help"] { #expect(InterviewReply.parse(word, for: question, offences: offences) == .help) }
        for word in ["q", "stop"] { #expect(InterviewReply.parse(word, for: question, offences: offences) == .quit) }
        for word in ["", "  ", "jaa", "1", "misschien"] { #expect(InterviewReply.parse(word, for: question, offences: offences) == .invalid) }
        let answered = Self.question(.indicator("proceeds.handed_over"), previous: .answer(.no))
        #expect(InterviewReply.parse("", for: answered, offences: offences) == .keep)
    }

    @Test("ages and offences")
    func ageAndOffence() {
        let offences = knowledge.catalog.offences
        let age = Self.question(.gate(.age))
        #expect(InterviewReply.parse("13", for: age, offences: offences) == .answer(.age(13)))
        #expect(InterviewReply.parse("0", for: age, offences: offences) == .answer(.age(0)))
        #expect(InterviewReply.parse("?", for: age, offences: offences) == .answer(.age(nil)))
        for word in ["121", "-3", "13 jaar", "dertien", "1e2", "j"] {
            #expect(InterviewReply.parse(word, for: age, offences: offences) == .invalid, "\(word)")
        }
        let offence = Self.question(.gate(.offence))
        #expect(InterviewReply.parse("2", for: offence, offences: offences) == .answer(.offence(offences[1].id)))
        #expect(InterviewReply.parse("begging", for: offence, offences: offences) == .answer(.offence("begging")))
        #expect(InterviewReply.parse("?", for: offence, offences: offences) == .answer(.offence(nil)))
        for word in ["0", String(offences.count + 1), "arson", "n"] {
            #expect(InterviewReply.parse(word, for: offence, offences: offences) == .invalid, "\(word)")
        }
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

/// How many questions each path asks: every role × offence (and offence unknown), all yes (the
/// longest, since a yes only ever opens questions) and all no (the shortest).
enum QuestionBudget {
    struct Row {
        var role: Role
        var offence: String?
        var allYes: Int
        var allNo: Int
    }

    static func count(role: Role, offence: String?, indicators: Answer) throws -> Int {
        var interview = Interview(knowledge: knowledge, role: role)
        var asked = 0
        let answer = gates(offence: offence, acute: indicators)
        try drive(&interview) { id in
            asked += 1
            return answer(id) ?? .answer(indicators)
        }
        return asked
    }

    static func rows() throws -> [Row] {
        var rows: [Row] = []
        for role in Role.allCases {
            for offence in knowledge.catalog.offences.map(\.id) + [nil] {
                rows.append(
                    Row(
                        role: role, offence: offence, allYes: try count(role: role, offence: offence, indicators: .yes),
                        allNo: try count(role: role, offence: offence, indicators: .no)))
            }
        }
        return rows
    }
}

@Suite("Interview length")
struct InterviewLengthTests {
    @Test("longest path ≤ 25 questions; a typical shoplifting or pickpocketing arrest ≤ 12")
    func budget() throws {
        let rows = try QuestionBudget.rows()
        var table = "role          offence            all-no  all-yes\n"
        for row in rows {
            table += row.role.rawValue.padding(toLength: 14, withPad: " ", startingAt: 0)
                + (row.offence ?? "(unknown)").padding(toLength: 19, withPad: " ", startingAt: 0)
                + String(row.allNo).padding(toLength: 8, withPad: " ", startingAt: 0) + String(row.allYes) + "\n"
        }
        print(table)
        for row in rows {
            #expect(row.allYes <= 25, "\(row.role) \(row.offence ?? "-") asks \(row.allYes) questions with all yes")
            #expect(row.allNo <= row.allYes)
        }
        for row in rows where row.role == .police && ["shoplifting", "pickpocketing"].contains(row.offence) {
            #expect(row.allNo <= 12, "typical \(row.offence ?? "") arrest asks \(row.allNo)")
        }
    }
}
