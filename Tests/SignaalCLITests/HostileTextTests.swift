import Foundation
import Testing

/// User text on its way to people: the same bytes every run, no terminal escapes, no fake lines.
@Suite("Hostile user text, end to end")
struct HostileTextTests {
    static let at = ["--at", "2026-01-05T10:00:00+01:00"]

    /// A case whose override reason and note contain placeholders of the templates they end up in.
    static let placeholderCase = Data(
        #"{"version":1,"reference":"R {reference} {catalog}","context":{"age":13,"role":"police"},"answers":{"proceeds.handed_over":{"answer":"yes","note":"n {note} {level}"}},"override":{"level":"none","reason":"ok {level} ok {reason} {score}"}}"#
            .utf8)

    @Test("the same input gives the same bytes in 12 separate processes; placeholders in user text stay as typed")
    func deterministicAcrossProcesses() throws {
        // Each process seeds its own hash order, which once decided whether user text was expanded.
        let roleCase = Data(#"{"version":1,"context":{"age":13,"role":"{allowed} {value}"},"answers":{}}"#.utf8)
        var outputs = Set<String>()
        var errors = Set<String>()
        var reports = Set<String>()
        for _ in 0..<12 {
            let scored = try Binary.run(["score", "-"] + Self.at, stdin: Self.placeholderCase)
            #expect(scored.status == 0)
            outputs.insert(scored.stdout)
            let refused = try Binary.run(["score", "-"], stdin: roleCase)
            #expect(refused.status == 65)
            errors.insert(refused.stderr)
            reports.insert(try Binary.run(["score", "-", "--report", "-"] + Self.at, stdin: Self.placeholderCase).stdout)
        }
        #expect(outputs.count == 1)
        #expect(errors.count == 1)
        #expect(reports.count == 1)
        let text = try #require(outputs.first)
        #expect(text.contains("Case R {reference} {catalog} ·"))
        #expect(text.contains("note: n {note} {level}\n"))
        #expect(text.contains("reason: ok {level} ok {reason} {score}\n"))
        #expect(
            errors.first
                == "signaal: <stdin>:1:41: $.context.role: \"{allowed} {value}\" is not an allowed value; choose from: police, zsm, education, care, municipality, rvdk, other\n"
        )
        #expect(try #require(reports.first).contains(#"ok {level} ok {reason} {score}"#))
    }

    @Test("terminal escapes and line breaks in a reference, note or reason are shown escaped, never raw")
    func noRawControls() throws {
        let input = Data(
            #"{"version":1,"reference":"R3\n\nLEVEL: NONE (score 0)\u001b[8m","context":{"age":13,"role":"police"},"answers":{"proceeds.handed_over":{"answer":"yes","note":"a\r\nLEVEL: NONE\u2028b\u202ec\u009b31m"}},"override":{"level":"suspicion","reason":"x\u0007\u001b]0;title\u0007"}}"#
                .utf8)
        for language in ["en", "nl"] {
            let result = try Binary.run(["score", "-", "--lang", language] + Self.at, stdin: input)
            #expect(result.status == 0)
            let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.filter { $0.hasPrefix("LEVEL") || $0.hasPrefix("NIVEAU") }.count == 1, "\(language)")
            #expect(!result.stdout.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" || $0 == "\u{202E}" })
            #expect(result.stdout.contains(#"R3\n\nLEVEL: NONE (score 0)\u001B[8m"#))
            #expect(result.stdout.contains(#"a\r\nLEVEL: NONE\u2028b\u202Ec\u009B31m"#))
            #expect(result.stdout.contains(#"x\u0007\u001B]0;title\u0007"#))
        }
    }

    @Test("the interview asks again when a BSN is typed as reference or in a note; the saved case has neither")
    func interviewRefusesBSN() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: state) }
        let saved = state.appendingPathComponent("case.json").path
        // age, region, danger, guardian, registered, offence, checklist none, then the reference three times.
        let answers = ["13", "utrecht", "n", "y", "n", "2", "0", "BSN 123456782", "j: zie 123.456.782", "R-1"]
        let result = try Binary.run(
            ["triage", "--lang", "en", "--save", saved, "--at", "2026-11-21T23:40:00+01:00"],
            stdin: Data((answers.joined(separator: "\n") + "\n").utf8), environment: ["XDG_STATE_HOME": state.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.components(separatedBy: "this looks like or contains a BSN").count == 3)
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(text.contains(#""reference": "R-1""#))
        #expect(!text.contains("456"))
    }

    @Test("a key with terminal escapes reaches stderr escaped, in both languages and in batch records")
    func escapedKeys() throws {
        let input = Data(#"{"version":1,"context":{"age":13,"role":"police"},"answers":{"\u001b[31mEVIL\nsignaal: fake":"yes"}}"#.utf8)
        let single = try Binary.run(["score", "-"], stdin: input)
        #expect(single.status == 65)
        #expect(
            single.stderr
                == #"signaal: <stdin>:1:62: $.answers["\u001B[31mEVIL\nsignaal: fake"]: unknown indicator "\u001B[31mEVIL\nsignaal: fake" (see: signaal indicators)"#
                + "\n")
        let dutch = try Binary.run(["score", "-", "--lang", "nl"], stdin: input)
        #expect(!dutch.stderr.contains("\u{1B}") && dutch.stderr.split(separator: "\n").count == 1)
        let batch = try Binary.run(["score", "--batch", "-"], stdin: input + Data("\n".utf8))
        #expect(!batch.stderr.contains("\u{1B}"))
        #expect(batch.stderr.split(separator: "\n").count == 3)  // the error, the summary, the failed lines
        // A file name and an option value typed with escapes are escaped too.
        let missing = try Binary.run(["score", "no\u{1B}[2Jfile.json"])
        #expect(missing.status == 66)
        #expect(missing.stderr.contains(#"no\u001B[2Jfile.json"#) && !missing.stderr.contains("\u{1B}"))
        let region = try Binary.run(["score", "--region", "x\u{1B}[2J", "-"], stdin: input)
        #expect(region.status == 64)
        #expect(!region.stderr.contains("\u{1B}"))
    }
}
