import Foundation
import Testing

@testable import SignalModel

@Suite("Batch: line splitting and per-line scoring")
struct BatchTests {
    static func split(_ text: String, limit: Int = 1 << 20, chunk: Int) -> [LineSplitter.Event] {
        let bytes = Array(text.utf8)
        var splitter = LineSplitter(maximumLength: limit)
        var events: [LineSplitter.Event] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            events += splitter.feed(bytes[start..<end])
            start = end
        }
        if let last = splitter.finish() { events.append(last) }
        // The same lines where they lie (`forEachLine`, one job's path), chunk by chunk.
        var inPlace = LineSplitter(maximumLength: limit)
        var lines: [LineSplitter.Event] = []
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let end = min(buffer.count, start + chunk)
                inPlace.forEachLine(in: UnsafeBufferPointer(rebasing: buffer[start..<end])) { lines.append($0.event) }
                start = end
            }
        }
        inPlace.finish { lines.append($0.event) }
        #expect(lines == events, "forEachLine, chunk \(chunk)")
        return events
    }

    static func line(_ number: Int, _ text: String) -> LineSplitter.Event {
        .line(number: number, bytes: Array(text.utf8))
    }

    @Test("lines come out the same whatever the chunk size")
    func chunking() {
        let text = "{\"a\":1}\n\n  \r\nlast line without newline é"
        let expected = [Self.line(1, "{\"a\":1}"), Self.line(2, ""), Self.line(3, "  \r"), Self.line(4, "last line without newline é")]
        for chunk in 1...text.utf8.count + 1 {
            #expect(Self.split(text, chunk: chunk) == expected, "chunk size \(chunk)")
        }
    }

    @Test("a final newline ends the last line and starts none; empty input has no lines")
    func lineEnds() {
        #expect(Self.split("a\nb\n", chunk: 3) == [Self.line(1, "a"), Self.line(2, "b")])
        #expect(Self.split("", chunk: 3) == [])
        #expect(Self.split("\n", chunk: 3) == [Self.line(1, "")])
        #expect(Self.split("\n\n", chunk: 1) == [Self.line(1, ""), Self.line(2, "")])
    }

    @Test("a line over the limit is skipped to its newline; the limit itself is allowed")
    func limit() {
        for chunk in [1, 2, 5, 100] {
            let events = Self.split("12345\n123456\nabc\n1234567", limit: 6, chunk: chunk)
            #expect(events == [Self.line(1, "12345"), Self.line(2, "123456"), Self.line(3, "abc"), .tooLong(number: 4)], "chunk \(chunk)")
        }
        #expect(Self.split("1234567\n12\n", limit: 6, chunk: 64) == [.tooLong(number: 1), Self.line(2, "12")])
    }

    @Test("the \\r of a CRLF does not count: a CRLF line of exactly the limit is kept, one byte more is not")
    func crlfLimit() {
        for chunk in [1, 3, 100] {
            #expect(Self.split("123456\r\n1234567\r\n123456\r\r\n12345\r\r\n", limit: 6, chunk: chunk)
                == [Self.line(1, "123456\r"), .tooLong(number: 2), .tooLong(number: 3), Self.line(4, "12345\r\r")], "chunk \(chunk)")
            #expect(Self.split("123456\r", limit: 6, chunk: chunk) == [Self.line(1, "123456\r")])
        }
    }

    @Test("memory stays bounded: a 16 MiB line holds at most the limit")
    func boundedMemory() {
        var splitter = LineSplitter(maximumLength: 1024)
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
        for _ in 0..<256 {
            #expect(splitter.feed(chunk).isEmpty)
            #expect(splitter.buffered <= 1025)
        }
        #expect(splitter.feed(Array("\nok".utf8)) == [.tooLong(number: 1)])
        #expect(splitter.finish() == Self.line(2, "ok"))
    }

    static let validLine = #"{"version":1,"context":{"age":15,"role":"police","assessedAt":"2026-11-24T10:00:00+01:00"},"answers":{}}"#

    @Test("a bad line gives an error record with line, kind, path, column and message")
    func errorRecord() {
        var scorer = BatchScorer(knowledge: knowledge, language: .en, time: nil)
        let bad = scorer.score(Self.line(7, #"{"version":1,"context":{"age":230,"role":"police"},"answers":{}}"#))
        #expect(
            scorer.record(bad)
                == #"{"outputVersion":1,"line":7,"error":{"kind":"out_of_range","path":"$.context.age","column":31,"message":"230 is outside the range 0–120"}}"#
        )
        guard case .failed(let error) = bad else {
            Issue.record("not a failure")
            return
        }
        #expect(error.locatedMessage(file: "cases.ndjson", knowledge.texts, .en) == "cases.ndjson:7:31: $.context.age: 230 is outside the range 0–120")
        let syntax = scorer.record(scorer.score(Self.line(8, "{")))
        #expect(
            syntax
                == #"{"outputVersion":1,"line":8,"error":{"kind":"syntax.unexpected_end","path":null,"column":2,"message":"not valid JSON: the input ends in the middle of a value"}}"#
        )
        let blank = scorer.record(scorer.score(Self.line(9, " \r")))
        #expect(blank == #"{"outputVersion":1,"line":9,"error":{"kind":"blank_line","path":null,"column":1,"message":"empty line: there is no case on it"}}"#)
        let long = scorer.record(scorer.score(.tooLong(number: 10)))
        #expect(
            long
                == #"{"outputVersion":1,"line":10,"error":{"kind":"line_too_long","path":null,"column":1048577,"message":"line longer than 1048576 bytes; skipped to the next line"}}"#
        )
        #expect(scorer.tally.failed == 4 && scorer.tally.lines == 4 && scorer.tally.firstFailures == [7, 8, 9, 10])
    }

    @Test("a good line gives exactly the object AssessmentRenderer.json gives, compact")
    func sameObject() throws {
        var scorer = BatchScorer(knowledge: knowledge, language: .nl, time: nil)
        let record = scorer.record(scorer.score(Self.line(1, Self.validLine)))
        let parsed = try Case.decode(Array(Self.validLine.utf8), knowledge: knowledge)
        let single = AssessmentRenderer(knowledge: knowledge, language: .nl).json(Engine(knowledge: knowledge).assessment(of: parsed), pretty: false)
        #expect(record == single)
        #expect(!record.contains("\n"))
        #expect(scorer.tally.scored == 1 && scorer.tally.levels == [.none: 1])
    }

    @Test("every error kind has its own code")
    func codes() {
        let kinds: [SignalErrorKind] = [
            .syntax(.emptyInput), .wrongType(expected: "", found: ""), .missingKey(""), .unknownKey("", suggestion: nil),
            .profileAttribute(""), .invalidValue("", allowed: []), .outOfRange("", range: 0...1),
            .unknownIndicator("", suggestion: nil), .unsupportedVersion(found: "", supported: 1), .invalidTimestamp(""),
            .badLength(min: 0, max: 1), .unknownRegion("", suggestion: nil), .personalIdentifier(character: nil), .inconsistentCatalog(""),
            .blankText, .invalidAge(""), .invisibleCharacter(scalar: 0x200D, character: 1),
        ]
        #expect(Set(kinds.map(\.code)).count == kinds.count)
        let problems: [JSONSyntaxProblem] = [
            .emptyInput, .unexpectedEnd, .unexpectedCharacter(""), .invalidEscape, .invalidUnicodeEscape,
            .controlCharacterInString, .invalidUTF8, .invalidNumber, .tooDeep(limit: 1), .duplicateKey(""), .trailingContent,
            .trailingComma,
        ]
        #expect(Set(problems.map(\.code)).count == problems.count)
    }
}
