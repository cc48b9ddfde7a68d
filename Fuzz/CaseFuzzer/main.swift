// libFuzzer target: case decoding + scoring + rendering.
//
// Scripts/fuzz.sh builds Sources/SignalModel with the fuzzer and address sanitizers and links this
// file against it. Any trap — a crash, an overflow, an out-of-range index, or one of the checks
// below — is a finding.

import SignalKnowledge
import SignalModel

private let knowledge = Knowledge.bundled

/// Office hours and out of hours, so both halves of the routing table are reached.
private let moments = ["2026-11-24T10:00:00+01:00", "2026-11-21T23:40:00+01:00"].compactMap { Timestamp(iso8601: $0) }

@_cdecl("LLVMFuzzerTestOneInput")
public func caseFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    CaseFuzzer.check(bytes)
    return 0
}

enum CaseFuzzer {
    static func check(_ bytes: [UInt8]) {
        let parsed: Case
        do {
            parsed = try Case.decode(bytes, knowledge: knowledge)
        } catch {
            checkError(error, input: bytes)
            return
        }
        // Decoding is a function of the bytes.
        guard (try? Case.decode(bytes, knowledge: knowledge)) == parsed else { fatalError("decoding is not deterministic") }
        let engine = Engine(knowledge: knowledge)
        for moment in moments {
            // The public, checked path: a case the decoder accepted names only ids the knowledge has.
            let assessment: Assessment
            do {
                assessment = try engine.assess(parsed, at: moment)
            } catch {
                fatalError("assess refused a case the decoder accepted: \(error)")
            }
            guard engine.assessment(of: parsed, at: moment) == assessment else { fatalError("scoring is not deterministic") }
            guard assessment.levelIfOpenConfirmed >= assessment.level else { fatalError("confirming unknowns lowered the level") }
            for language in Language.allCases {
                let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
                let compact = renderer.json(assessment, pretty: false)
                mustParse(compact, "compact assessment JSON")
                mustParse(renderer.json(assessment), "pretty assessment JSON")
                let text = renderer.text(assessment)
                guard !text.isEmpty else { fatalError("empty text rendering") }
                let report = ReportRenderer(knowledge: knowledge, language: language).markdown(assessment, case: parsed)
                guard !report.isEmpty else { fatalError("empty report") }
                // Successful renderings name no missing text either (not only the error messages).
                for (what, rendering) in [("text", text), ("JSON", compact), ("report", report)] {
                    if let key = missingTextKey(in: rendering, input: bytes) { fatalError("missing text \(key) in the \(what) rendering") }
                }
            }
        }
    }

    /// A refused input still gives a located message in both languages and a valid error record.
    static func checkError(_ error: SignalError, input: [UInt8]) {
        for language in Language.allCases {
            let message = error.message(knowledge.texts, language)
            guard !message.isEmpty, missingTextKey(in: message, input: input) == nil else { fatalError("missing text in \(message)") }
            let record = BatchLineError(line: 1, problem: .input(error)).record(knowledge.texts, language)
            let text = record.serialized(pretty: false)
            guard !text.contains("\n") else { fatalError("error record spans lines") }
            mustParse(text, "error record")
        }
    }

    static func mustParse(_ text: String, _ what: String) {
        do {
            _ = try JSONParser.parse(text)
        } catch {
            fatalError("\(what) is not valid JSON: \(error)")
        }
    }
}
