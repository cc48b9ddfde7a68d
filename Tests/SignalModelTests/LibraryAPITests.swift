import Foundation
import Testing

@testable import SignalModel

@Suite("The library for other apps: Codable, question texts, no traps, unknown ids refused")
struct LibraryAPITests {
    @Test("Case survives JSONEncoder and JSONDecoder, and its Codable form is the case-file format the strict reader takes")
    func caseCodable() throws {
        var strictlyRead = 0
        var refused = 0
        for input in generatedCases(count: 300, seed: 21) {
            let bytes = try JSONEncoder().encode(input)
            #expect(try JSONDecoder().decode(Case.self, from: bytes) == input)
            // Whatever the strict reader makes of the library's own encoding, it makes of the Codable one.
            // Both outcomes are compared whole: the case, or the error's kind and JSON path (the
            // positions differ, the two encodings lay the text out differently).
            let own = Self.strictRead(Array(input.encoded(order: knowledge.catalog).serialized(pretty: false).utf8))
            let coded = Self.strictRead(Array(bytes))
            #expect(own == coded)
            switch coded {
            case .read: strictlyRead += 1
            case .refused: refused += 1
            }
        }
        #expect(strictlyRead > 30)
        #expect(refused > 0)
    }

    /// What the strict reader makes of some bytes: the case, or the kind and place of its refusal.
    enum StrictRead: Equatable {
        case read(Case)
        case refused(SignalErrorKind, JSONPath?)
    }

    static func strictRead(_ bytes: [UInt8]) -> StrictRead {
        do { return .read(try Case.decode(bytes, knowledge: knowledge)) } catch { return .refused(error.kind, error.location.path) }
    }

    @Test("Case decoding refuses another format version and bad values")
    func caseCodableRefuses() {
        for text in [
            #"{"version":3,"context":{"age":14,"role":"police"},"answers":{}}"#,
            #"{"version":1,"context":{"age":140,"role":"police"},"answers":{}}"#,
            #"{"version":1,"context":{"age":14,"role":"judge"},"answers":{}}"#,
            #"{"version":1,"context":{"age":14,"role":"police","assessedAt":"gisteren"},"answers":{}}"#,
            #"{"version":1,"context":{"age":14,"role":"police"},"answers":{"a.b":"maybe"}}"#,
        ] {
            #expect(throws: DecodingError.self, "\(text)") { try JSONDecoder().decode(Case.self, from: Data(text.utf8)) }
        }
        #expect(throws: Never.self) {
            try JSONDecoder().decode(Case.self, from: Data(#"{"version":1,"context":{"age":"unknown","role":"zsm"},"answers":{"a.b":{"answer":"yes","note":"n"}}}"#.utf8))
        }
    }

    @Test("an Assessment has one JSON form, the renderer's JSON result: it is not Codable")
    func oneJSONForm() throws {
        // A second form (the Codable one: case plus result ids) existed beside the JSON result.
        #expect(!(Assessment.self is any Encodable.Type))
        #expect(!(Assessment.self is any Decodable.Type))
        // The one form carries the result and the case it came from: the full record.
        let input = Case(context: CombinationTests.context, answers: ["residence.sent_to_other_places": CaseAnswer(.yes)])
        let assessment = try engine.assess(input)
        let json = AssessmentRenderer(knowledge: knowledge, language: .en).json(assessment)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["level"] as? String == assessment.level.rawValue)
        #expect(object["score"] as? Int == assessment.score)
        #expect(assessment.combinations.map(\.id) == ["dealing_line"] && json.contains("\"dealing_line\""))
        #expect(json == AssessmentRenderer(knowledge: knowledge, language: .en).json(assessment, pretty: true, records: .full))
    }

    @Test("assess refuses an answer id outside the catalogue, naming it with a did-you-mean, instead of counting it for nothing")
    func unknownAnswerIDRefused() throws {
        let context = CaseContext(age: 15, role: .police, offence: "drug_running", assessedAt: Timestamp(iso8601: "2026-11-23T10:00:00+01:00"))
        let typo = Case(context: context, answers: ["instigation.remote_instruction": CaseAnswer(.yes), "proceeds.handed_over": CaseAnswer(.yes)])
        let error = try #require(throws: SignalError.self) { try engine.assess(typo) }
        #expect(error.kind == .unknownIndicator("instigation.remote_instruction", suggestion: "instigation.remote_instructions"))
        #expect(error.location.path == JSONPath.root.appending("answers").appending("instigation.remote_instruction"))
        let message = error.message(in: knowledge, language: .en)
        #expect(message.contains("instigation.remote_instruction") && message.contains("instigation.remote_instructions"), "\(message)")
        // A person characteristic is never an input; every other id the case names is checked too.
        let refused: [(Case, SignalErrorKind, JSONPath)] = [
            (Case(context: context, answers: ["nationality": CaseAnswer(.yes)]), .profileAttribute("nationality"), JSONPath.root.appending("answers").appending("nationality")),
            (Case(context: CaseContext(age: 15, role: .police, offence: "drug_runing"), answers: [:]),
             .invalidValue("drug_runing", allowed: knowledge.catalog.offences.map(\.id)), JSONPath.root.appending("context").appending("offence")),
            (Case(context: CaseContext(age: 15, role: .police, region: "nowhere"), answers: [:]),
             .unknownRegion("nowhere", suggestion: nil), JSONPath.root.appending("context").appending("region")),
            (Case(context: context, answers: [:], history: [Contribution(role: .police), Contribution(role: .care, answers: ["proceeds.handed_ovr": CaseAnswer(.no)])]),
             .unknownIndicator("proceeds.handed_ovr", suggestion: "proceeds.handed_over"),
             JSONPath.root.appending("history").appending(index: 1).appending("answers").appending("proceeds.handed_ovr")),
            (Case(context: context, answers: [:], history: [Contribution(role: .police, done: ["no_such_step"])]),
             .unknownStep("no_such_step", suggestion: nil), JSONPath.root.appending("history").appending(index: 0).appending("done").appending(index: 0)),
        ]
        for (input, kind, path) in refused {
            let error = try #require(throws: SignalError.self) { try engine.assess(input) }
            #expect(error.kind == kind)
            #expect(error.location.path == path, "\(error.location.path?.description ?? "-")")
        }
        // A case whose ids are all known assesses as before.
        for input in generatedCases(count: 100, seed: 24) {
            #expect(try engine.assess(input, at: RouteFitTests.tuesdayMorning) == engine.assessment(of: input, at: RouteFitTests.tuesdayMorning))
        }
    }

    @Test("assess refuses an unknown id as the case decoder refuses it in a file: same kind, same JSON path")
    func unknownIDLikeTheDecoder() throws {
        let ids = knowledge.catalog.indicators.map(\.id)
        var compared = 0
        for (number, input) in generatedCases(count: 200, seed: 25).enumerated() {
            guard case .read = Self.strictRead(Array(input.encoded(order: knowledge.catalog).serialized(pretty: false).utf8)) else { continue }
            var wrong = input
            let id = ids[number % ids.count]
            wrong.answers[[String(id.dropLast()), "ethnicity", "x.y", id + "s"][number % 4]] = CaseAnswer(.unknown)
            let decoded = Self.strictRead(Array(wrong.encoded(order: knowledge.catalog).serialized(pretty: false).utf8))
            do {
                _ = try engine.assess(wrong)
                Issue.record("case \(number) assessed with an unknown id")
            } catch {
                #expect(decoded == .refused(error.kind, error.location.path), "case \(number)")
                compared += 1
            }
        }
        #expect(compared > 30)
    }

    @Test("a number against an empty offence, region or checklist list is refused, not a trap")
    func noTrapOnEmptyLists() {
        let questions: [QuestionID] = [.gate(.offence), .region, .checklist, .gate(.age), .gate(.acuteDanger), .reference]
        for id in questions {
            let question = InterviewQuestion(id: id, indicator: nil, previousAnswer: nil, sources: [])
            for word in ["0", "1", "2", "120", "999", "-1", "1,2", "1: note", "", " ", "?", "j"] {
                let reply = InterviewReply.parse(word, for: question, offences: [], regions: [])
                if [.gate(.offence), .region].contains(id), ["1", "2", "999"].contains(word) { #expect(reply == .invalid, "\(id) \(word)") }
                // The checklist names the entry it refuses.
                if id == .checklist, ["1", "2", "999"].contains(word) { #expect(reply == .badEntry(word, .notOnList(Int(word) ?? -1)), "\(word)") }
            }
        }
    }

    @Test("every question carries its own wording in both languages, gates and closing questions included")
    func questionTexts() throws {
        var interview = Interview(knowledge: knowledge, role: .police)
        var seen = Set<QuestionID>()
        while let question = interview.current, seen.count < 200 {
            seen.insert(question.id)
            for language in Language.allCases {
                #expect(!question.text[language].isEmpty && !question.text[language].contains("⟦"), "\(question.id)")
                #expect(!question.help[language].isEmpty && !question.help[language].contains("⟦"), "\(question.id)")
            }
            if case .indicator(let id) = question.id {
                #expect(question.text == knowledge.catalog.indicator(id)?.question)
            } else {
                #expect(question.text == knowledge.texts.strings["triage.question." + question.id.key])
            }
            let answer: InterviewAnswer
            switch question.format {
            case .age: answer = .age(14)
            case .offence: answer = .offence("shoplifting")
            case .region: answer = .region(nil)
            case .checklist: answer = .checklist([])
            case .text: answer = .text(nil)
            case .triState: answer = .answer(.no)
            }
            try interview.answer(answer)
        }
        #expect(seen.contains(.gate(.age)) && seen.contains(.gate(.offence)))
        #expect(interview.text(for: .gate(.age)).en == knowledge.texts.strings["triage.question.age"]?.en)
    }
}
