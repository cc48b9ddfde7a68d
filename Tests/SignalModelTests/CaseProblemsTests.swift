import Foundation
import Testing

@testable import SignalModel

@Suite("Every problem of a case at once; suggestions")
struct CaseProblemsTests {
    static let handWritten = """
        {
         "version": 1,
         "reference": "  ",
         "context": {"age": "11", "role": "polic", "nationality": "x"},
         "answers": {"instigation.adult_instruct": "yes", "proceeds.handed_over": "ja", "identity.doubtful": {"answer": "yes", "note": 5}},
         "override": {"level": "high"},
         "extra": 1
        }
        """

    @Test("all problems, in input order, each located; decode throws the first of them")
    func all() throws {
        do {
            _ = try Case.decodeReportingAll(Array(Self.handWritten.utf8), knowledge: knowledge)
            Issue.record("decoded")
        } catch {
            #expect(!error.truncated)
            #expect(error.errors.map(\.kind.code) == [
                "blank_text", "invalid_age", "invalid_value", "profile_attribute", "unknown_indicator", "invalid_value",
                "wrong_type", "invalid_value", "missing_key", "unknown_key",
            ])
            #expect(error.errors.map { $0.location.path?.description ?? "" } == [
                "$.reference", "$.context.age", "$.context.role", "$.context.nationality",
                #"$.answers["instigation.adult_instruct"]"#, #"$.answers["proceeds.handed_over"]"#,
                #"$.answers["identity.doubtful"].note"#, "$.override.level", "$.override", "$.extra",
            ])
            #expect(error.errors.allSatisfy { $0.location.position != nil })
            #expect(decodeError(Self.handWritten) == error.errors.first)
        }
    }

    @Test("a misspelt required key is reported once, not also as unknown")
    func typoOnce() {
        let text = #"{"version":1,"context":{"age":13,"role":"police"},"answer":{}}"#
        do {
            _ = try Case.decodeReportingAll(Array(text.utf8), knowledge: knowledge)
        } catch {
            #expect(error.errors == [SignalError(.unknownKey("answer", suggestion: "answers"), at: InputLocation(path: JSONPath.root.appending("answer"), position: SourcePosition(line: 1, column: 51)))])
        }
    }

    @Test("problems stop at the limit and say there were more; a syntax error or newer version stops at once")
    func limit() {
        let answers = (0..<50).map { #""bad.id\#($0)":"yes""# }.joined(separator: ",")
        let text = #"{"version":1,"context":{"age":13,"role":"police"},"answers":{"# + answers + "}}"
        do {
            _ = try Case.decodeReportingAll(Array(text.utf8), knowledge: knowledge)
        } catch {
            #expect(error.errors.count == Case.maximumReportedProblems)
            #expect(error.truncated)
        }
        for (text, kind) in [
            (#"{"version":3,"context":1,"answers":1,"x":1}"#, "unsupported_version"), (#"{"version":1,"#, "syntax.unexpected_end"),
        ] {
            do {
                _ = try Case.decodeReportingAll(Array(text.utf8), knowledge: knowledge)
            } catch {
                #expect(error.errors.map(\.kind.code) == [kind])
            }
        }
    }

    @Test("suggestions prefer an id that starts with what was typed")
    func prefixSuggestions() {
        let ids = knowledge.catalog.indicators.map(\.id)
        #expect(Suggest.closest(to: "instigation.adult_instruct", in: ids) == "instigation.adult_instructs_at_scene")
        #expect(Suggest.closest(to: "adult_instructs", in: ids) == "instigation.adult_instructs_at_scene")
        #expect(Suggest.closest(to: "proceeds.handed_ovr", in: ids) == "proceeds.handed_over")  // still edit distance
        #expect(Suggest.closest(to: "abc", in: ["abcdef"]) == nil)  // too short to be a prefix match
        #expect(Suggest.closest(to: "scor", in: ["scenario", "score", "schema"]) == "score")
    }
}
