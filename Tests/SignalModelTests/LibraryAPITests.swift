import Foundation
import Testing

@testable import SignalModel

@Suite("The library for other apps: Codable, question texts, no traps")
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

    @Test("an Assessment round-trips with the engine in userInfo, and is refused when it does not match the engine's result")
    func assessmentCodable() throws {
        let decoder = JSONDecoder()
        decoder.userInfo[.signaalEngine] = engine
        let moments: [Timestamp?] = [nil, Timestamp(iso8601: "2026-11-23T10:00:00+01:00")]
        for (index, input) in generatedCases(count: 120, seed: 22).enumerated() {
            let assessment = engine.assess(input, at: moments[index % 2])
            let bytes = try JSONEncoder().encode(assessment)
            #expect(try decoder.decode(Assessment.self, from: bytes) == assessment, "case \(index)")
        }
        let assessment = engine.assess(generatedCases(count: 1, seed: 23)[0])
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(assessment)) as? [String: Any])
        object["score"] = assessment.score + 1
        let tampered = try JSONSerialization.data(withJSONObject: object)
        #expect(throws: DecodingError.self) { try decoder.decode(Assessment.self, from: tampered) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Assessment.self, from: JSONEncoder().encode(assessment)) }
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
