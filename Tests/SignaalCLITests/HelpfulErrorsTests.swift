import Foundation
import Testing

/// Errors as a ZSM secretary writing a case by hand meets them, end to end.
@Suite("Errors that help, end to end")
struct HelpfulErrorsTests {
    static let valid = #"{"version":1,"context":{"age":13,"role":"police"},"answers":{}}"#
    static let at = ["--at", "2026-01-05T10:00:00+01:00"]

    @Test("a hand-written case with several mistakes gets all of them in one run, each located")
    func allAtOnce() throws {
        let text = """
            {
              "version": 1,
              "context": {"age": "11", "role": "polic"},
              "answers": {"instigation.adult_instruct": "yes", "proceeds.handed_over": "ja",},
            }
            """
        // The trailing commas make it invalid JSON: one syntax error, named.
        let syntax = try Binary.run(["score", "-"], stdin: Data(text.utf8))
        #expect(syntax.status == 65)
        #expect(
            syntax.stderr
                == "signaal: <stdin>:4:80: not valid JSON: trailing comma before a closing bracket; JSON allows no comma after the last member, remove this comma\n"
        )
        let fixed = text.replacing(#""ja",}"#, with: #""ja"}"#).replacing("},\n}", with: "}\n}")
        let result = try Binary.run(["score", "-"], stdin: Data(fixed.utf8))
        #expect(result.status == 65)
        #expect(
            result.stderr == """
                signaal: <stdin>:3:22: $.context.age: "11" is not an age; expected a number from 0 to 120 (without quotes) or "unknown"
                signaal: <stdin>:3:36: $.context.role: "polic" is not an allowed value; choose from: police, zsm, education, care, municipality, rvdk, other
                signaal: <stdin>:4:15: $.answers["instigation.adult_instruct"]: unknown indicator "instigation.adult_instruct" (see: signaal indicators); did you mean "instigation.adult_instructs_at_scene"?
                signaal: <stdin>:4:76: $.answers["proceeds.handed_over"]: "ja" is not an allowed value; choose from: yes, no, unknown

                """)
        #expect(result.stdout == "")
        // Dutch as well, the same number of lines.
        let dutch = try Binary.run(["score", "-", "--lang", "nl"], stdin: Data(fixed.utf8))
        #expect(dutch.stderr.split(separator: "\n").count == 4)
    }

    @Test("more problems than the limit: the first 20 and a line saying there may be more")
    func limit() throws {
        let answers = (0..<30).map { #""bad.id\#($0)":"yes""# }.joined(separator: ",")
        let result = try Binary.run(["score", "-"], stdin: Data((#"{"version":1,"context":{"age":13,"role":"police"},"answers":{"# + answers + "}}").utf8))
        #expect(result.status == 65)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 21)
        #expect(lines.last == "signaal: there may be more problems; only the first 20 are shown above")
    }

    @Test("score with two files says to use --batch")
    func twoFiles() throws {
        let result = try Binary.run(["score", "a.json", "b.json"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix(#"signaal: unexpected argument "b.json" for "score". score reads one case; for several, use --batch"#))
    }

    @Test("--batch on a pretty-printed case says once that each case must be on one line")
    func prettyPrintedBatch() throws {
        let pretty = "{\n  \"version\": 1,\n  \"context\": {\"age\": 13, \"role\": \"police\"},\n  \"answers\": {}\n}\n"
        let result = try Binary.run(["score", "--batch", "-"] + Self.at, stdin: Data((pretty + pretty).utf8))
        #expect(result.status == 65)
        #expect(try BadCorpus.kinds(result.stdout).count == 10)  // still one record per line
        let hints = result.stderr.split(separator: "\n").filter { $0.contains("spread over several lines") }
        #expect(hints == ["signaal: <stdin>:1: this looks like one case spread over several lines; --batch reads one case per line (NDJSON). Score a single case without --batch, or put each case on one line: jq -c . case.json | signaal score --batch"])
        // One case per line has no such hint, even with bad lines (a complete object, an unclosed array).
        let plain = try Binary.run(["score", "--batch", "-"] + Self.at, stdin: Data((Self.valid + "\n{\"version\":1}\n[1,\n").utf8))
        #expect(plain.status == 65)
        #expect(try BadCorpus.kinds(plain.stdout) == ["scored", "missing_key", "syntax.unexpected_end"])
        #expect(!plain.stderr.contains("spread over several lines"))
    }

    @Test("blank lines at the end of a batch are dropped, not failed; blank lines between cases still fail")
    func trailingBlankLines() throws {
        for ending in ["\n\n", "\n\n\n", "\n \r\n\t\n", "\r\n\r\n"] {
            let result = try Binary.run(["score", "--batch", "-"] + Self.at, stdin: Data((Self.valid + ending).utf8))
            #expect(result.status == 0, "\(ending.debugDescription)")
            #expect(try BadCorpus.kinds(result.stdout) == ["scored"], "\(ending.debugDescription)")
            #expect(result.stderr == "signaal: batch done: 1 read, 1 scored, 0 failed\n", "\(ending.debugDescription)")
        }
        let inside = try Binary.run(["score", "--batch", "-"] + Self.at, stdin: Data((Self.valid + "\n\n" + Self.valid + "\n\n").utf8))
        #expect(inside.status == 65)
        #expect(try BadCorpus.kinds(inside.stdout) == ["scored", "blank_line", "scored"])
    }

    @Test("a POSIX TZ rule such as CET-1 gives the right local offset")
    func posixTimeZone() throws {
        for (zone, offset) in [("CET-1", "+01:00"), ("UTC0", "+00:00"), ("<+0530>-5:30", "+05:30"), ("EST5", "-05:00")] {
            let result = try Binary.run(["score", "--format", "json", "-"], stdin: Data(Self.valid.utf8), environment: ["TZ": zone])
            #expect(result.status == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let time = try #require(object["assessedAt"] as? String)
            #expect(time.hasSuffix(offset), "TZ=\(zone): \(time)")
        }
    }
}
