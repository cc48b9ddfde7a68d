import Foundation
import Testing

@testable import SignalModel

/// A valid indicator id from the catalogue (the first one), for building cases.
let someIndicator = knowledge.catalog.indicators[0].id

func decodeError(_ text: String) -> SignalError? {
    do {
        _ = try Case.decode(Array(text.utf8), knowledge: knowledge)
        return nil
    } catch {
        return error
    }
}

@Suite("Case decoding")
struct CaseDecodingTests {
    @Test("a full case decodes with every field")
    func full() throws {
        let text = """
            {
              "version": 1,
              "reference": "ZSM-2026-0142",
              "context": {"age": 13, "role": "zsm", "offence": "pickpocketing", "acuteDanger": "no",
                          "guardianPresent": "unknown", "registeredInNL": "no",
                          "assessedAt": "2026-11-21T23:40:00+01:00"},
              "answers": {"\(someIndicator)": {"answer": "unknown", "note": "zegt niets"}},
              "override": {"level": "suspicion", "reason": "ervaring van de collega"}
            }
            """
        let decoded = try Case.decode(Array(text.utf8), knowledge: knowledge)
        #expect(decoded.reference == "ZSM-2026-0142")
        #expect(decoded.context.age == 13)
        #expect(decoded.context.role == .zsm)
        #expect(decoded.context.offence == "pickpocketing")
        #expect(decoded.context.registeredInNL == .no)
        #expect(decoded.context.assessedAt?.hour == 23)
        #expect(decoded.answers[someIndicator] == CaseAnswer(.unknown, note: "zegt niets"))
        #expect(decoded.override == Override(level: .suspicion, reason: "ervaring van de collega"))
    }

    @Test("the minimum case: version, age, role, answers; tri-states default to unknown")
    func minimal() throws {
        let decoded = try Case.decode(
            Array(#"{"version":1,"context":{"age":"unknown","role":"police"},"answers":{}}"#.utf8), knowledge: knowledge)
        #expect(decoded.context.age == nil)
        #expect(decoded.context.ageBand == .unknown)
        #expect(decoded.context.acuteDanger == .unknown)
        #expect(decoded.context.guardianPresent == .unknown)
    }

    @Test(
        "bad input gives one located error of the right kind",
        arguments: [
            (#"{"version":3,"context":{},"answers":{}}"#, SignalErrorKind.unsupportedVersions(found: "3", supported: 1...2), "$.version", 1),
            (#"{"context":{"age":3,"role":"police"},"answers":{}}"#, .missingKey("version"), "$", 1),
            ("{\"version\":1,\n\"context\":{\"age\":230,\"role\":\"police\"},\"answers\":{}}", .outOfRange("230", range: 0...120), "$.context.age", 2),
            (#"{"version":1,"context":{"age":-1,"role":"police"},"answers":{}}"#, .outOfRange("-1", range: 0...120), "$.context.age", 1),
            (#"{"version":1,"context":{"age":13.5,"role":"police"},"answers":{}}"#, .wrongType(expected: "integer", found: "number"), "$.context.age", 1),
            (#"{"version":1,"context":{"age":"13","role":"police"},"answers":{}}"#, .invalidAge("13"), "$.context.age", 1),
            (#"{"version":1,"context":{"age":99999999999999999999999,"role":"police"},"answers":{}}"#, .outOfRange("99999999999999999999999", range: 0...120), "$.context.age", 1),
            (#"{"version":1,"context":{"age":13,"role":"judge"},"answers":{}}"#, .invalidValue("judge", allowed: Role.allCases.map(\.rawValue)), "$.context.role", 1),
            (#"{"version":1,"context":{"age":13},"answers":{}}"#, .missingKey("role"), "$.context", 1),
            (#"{"version":1,"context":{"age":13,"role":"police"}}"#, .missingKey("answers"), "$", 1),
            (#"{"version":1,"context":{"age":13,"role":"police"},"answers":[]}"#, .wrongType(expected: "object", found: "array"), "$.answers", 1),
            (#"{"version":1,"context":{"age":13,"role":"police","acuteDanger":true},"answers":{}}"#, .wrongType(expected: "string", found: "boolean"), "$.context.acuteDanger", 1),
            (#"{"version":1,"context":{"age":13,"role":"police","assessedAt":"gisteren"},"answers":{}}"#, .invalidTimestamp("gisteren"), "$.context.assessedAt", 1),
            (#"{"version":1,"context":{"age":13,"role":"police"},"answers":{},"extra":1}"#, .unknownKey("extra", suggestion: nil), "$.extra", 1),
            (#"{"version":1,"context":{"age":13,"role":"police"},"answer":{}}"#, .unknownKey("answer", suggestion: "answers"), "$.answer", 1),
            (#"{"version":1,"context":{"age":13,"role":"police"},"answers":{},"overide":{}}"#, .unknownKey("overide", suggestion: "override"), "$.overide", 1),
            (#"{"version":1,"reference":"123456789","context":{"age":13,"role":"police"},"answers":{}}"#, .personalIdentifier(character: 1), "$.reference", 1),
            (#"{"version":1,"context":{"age":13,"role":"police"},"answers":{},"override":{"level":"high","reason":"x"}}"#, .invalidValue("high", allowed: Level.allCases.map(\.rawValue)), "$.override.level", 1),
            (#"{"version":1,"context":{"age":13,"role":"police"},"answers":{},"override":{"level":"acute"}}"#, .missingKey("reason"), "$.override", 1),
            (#"{"version":1,"context":{"age":13,"role":"police","region":"atlantis"},"answers":{}}"#, .unknownRegion("atlantis", suggestion: nil), "$.context.region", 1),
            ("[]", .wrongType(expected: "object", found: "array"), "$", 1),
        ])
    func badInput(text: String, kind: SignalErrorKind, path: String, line: Int) {
        let error = decodeError(text)
        #expect(error?.kind == kind)
        #expect(error?.location.path?.description == path)
        #expect(error?.location.position?.line == line)
    }

    @Test("an unknown indicator id is named, with a suggestion for a typo")
    func unknownIndicator() throws {
        let typo = String(someIndicator.dropLast())
        let error = try #require(decodeError(#"{"version":1,"context":{"age":13,"role":"police"},"answers":{"\#(typo)":"yes"}}"#))
        #expect(error.kind == .unknownIndicator(typo, suggestion: someIndicator))
        #expect(error.location.path?.description == "$.answers[\"\(typo)\"]")
        let answerError = try #require(decodeError(#"{"version":1,"context":{"age":13,"role":"police"},"answers":{"\#(someIndicator)":"ja"}}"#))
        #expect(answerError.kind == .invalidValue("ja", allowed: ["yes", "no", "unknown"]))
    }

    @Test(
        "a case identical to a valid one except for a profile attribute is rejected, wherever the attribute is",
        arguments: [
            (#"{"version":1,"context":{"age":13,"role":"police"},"answers":{},"ethnicity":"x"}"#, "ethnicity", "$.ethnicity"),
            (#"{"version":1,"context":{"age":13,"role":"police","nationality":"x"},"answers":{}}"#, "nationality", "$.context.nationality"),
            (#"{"version":1,"context":{"age":13,"role":"police","Roma":true},"answers":{}}"#, "Roma", "$.context.Roma"),
            (#"{"version":1,"context":{"age":13,"role":"police","gender":"f"},"answers":{}}"#, "gender", "$.context.gender"),
            (#"{"version":1,"context":{"age":13,"role":"police","geslacht":"m"},"answers":{}}"#, "geslacht", "$.context.geslacht"),
            (#"{"version":1,"context":{"age":13,"role":"police"},"answers":{"context.religion":"yes"}}"#, "context.religion", "$.answers[\"context.religion\"]"),
            (#"{"version":1,"context":{"age":13,"role":"police"},"answers":{"poverty":"yes"}}"#, "poverty", "$.answers.poverty"),
            (#"{"version":1,"context":{"age":13,"role":"police","country_of_origin":"x"},"answers":{}}"#, "country_of_origin", "$.context.country_of_origin"),
        ])
    func profileRejected(text: String, key: String, path: String) throws {
        let valid = #"{"version":1,"context":{"age":13,"role":"police"},"answers":{}}"#
        #expect(decodeError(valid) == nil)
        let error = try #require(decodeError(text))
        #expect(error.kind == .profileAttribute(key))
        #expect(error.location.path?.description == path)
        let message = error.message(knowledge.texts, .en)
        #expect(message.contains("personal attribute") && message.contains("tunnel vision"))
    }

    @Test("every error message names the location and exists in both languages")
    func messages() throws {
        let error = try #require(decodeError("{\"version\":1,\n \"context\":{\"age\":230,\"role\":\"police\"},\"answers\":{}}"))
        #expect(error.inFile("zaak.json").message(knowledge.texts, .nl) == "zaak.json:2:19: $.context.age: 230 ligt buiten het bereik 0–120")
        #expect(error.inFile("case.json").message(knowledge.texts, .en) == "case.json:2:19: $.context.age: 230 is outside the range 0–120")
    }
}
