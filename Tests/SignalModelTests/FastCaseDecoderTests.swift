import Foundation
import Testing

@testable import SignalModel

/// The strict decoder's verdict on a line: the case, or the error.
private func strict(_ bytes: [UInt8]) -> Result<Case, SignalError> {
    do throws(SignalError) { return .success(try Case.decode(bytes, knowledge: knowledge)) } catch { return .failure(error) }
}

private let fastDecoder = FastCaseDecoder(knowledge: knowledge)

/// The differential property: whatever the streaming decoder accepts, the strict one accepts as the
/// same case. (What it refuses goes to the strict decoder, so refusing more is only slower.)
private func agree(_ bytes: [UInt8]) -> Bool {
    guard let quick = fastDecoder.decode(bytes) else { return true }
    guard case .success(let expected) = strict(bytes) else { return false }
    return quick == expected
}

/// Compact lines of generated cases (notes and references with every tricky text).
private let generatedLines: [[UInt8]] = generatedCases(count: 400, seed: 21).map {
    Array($0.encoded(order: knowledge.catalog).serialized(pretty: false).utf8)
}

/// Files of a fixture folder (small ones; the corpus generates its huge inputs at test time).
private func fixtureFiles(_ folder: String) -> [(String, [UInt8])] {
    let url = repositoryRoot.appendingPathComponent("Tests/Fixtures").appendingPathComponent(folder)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    return names.sorted().compactMap { name in
        guard let data = FileManager.default.contents(atPath: url.appendingPathComponent(name).path), data.count < 1 << 20 else {
            return nil
        }
        return (name, [UInt8](data))
    }
}

/// Edge cases written by hand: each is accepted or refused by the strict decoder for a reason the
/// streaming one must get right (or leave to it).
private let handWritten: [String] = {
    let head = #"{"version":1,"context":{"age":15,"role":"police"},"answers":"#
    let ok = #"{"proceeds.handed_over":"yes"}}"#
    let long2000 = String(repeating: "é", count: 2000)
    return [
        head + ok, " \t\r\n" + head + ok + " \r\n", "\u{FEFF}" + head + ok, head + "{}}", head + "[]}", head + "null}",
        head + ok + "x", head + ok + "{}", head + #"{"proceeds.handed_over":"yes","proceeds.handed_over":"no"}}"#,
        head + #"{"proceeds.handed_over":{"answer":"yes","note":null}}}"#,
        head + #"{"proceeds.handed_over":{"answer":"yes","note":""}}}"#,
        head + #"{"proceeds.handed_over":{"answer":"yes","note":"a\r\nb"}}}"#,
        head + #"{"proceeds.handed_over":{"note":"x","answer":"no"}}}"#,
        head + #"{"proceeds.handed_over":{"answer":"yes","answer":"no"}}}"#,
        head + #"{"proceeds.handed_over":{"answer":"yes","note":"x","note":"y"}}}"#,
        head + #"{"proceeds.handed_over":{"answer":"yes","extra":1}}}"#,
        head + #"{"proceeds.handed_over":{"answer":"yes","note":"\#(long2000)"}}}"#,
        head + #"{"proceeds.handed_over":{"answer":"yes","note":"\#(long2000)x"}}}"#,
        head + #"{"proceeds.handed_over":{"answer":"yes","note":"\u00e9\n\t\"\\\/\b\f\r\u0000\u2028"}}}"#,
        head + #"{"proceeds.handed_over":{"answer":"yes","note":"\ud83d\ude00 \ud83d"}}}"#,
        head + #"{"proceeds.handed_over":{"answer":"yes","note":"\x"}}}"#,
        head + #"{"proceeds.handed_over":"y\u0065s"}}"#, head + #"{"proceeds.handed\u005fover":"yes"}}"#,
        head + #"{"proceeds.handed_over":"YES"}}"#, head + #"{"nationality":"yes"}}"#, head + #"{"proceeds.handed_ove":"yes"}}"#,
        #"{"version":1.0,"context":{"age":15,"role":"police"},"answers":{}}"#,
        #"{"version":01,"context":{"age":15,"role":"police"},"answers":{}}"#,
        #"{"version":2,"context":{"age":15,"role":"police"},"answers":{}}"#,
        #"{"version":3,"context":{"age":15,"role":"police"},"answers":{}}"#,
        #"{"version":1,"version":1,"context":{"age":15,"role":"police"},"answers":{}}"#,
        #"{"context":{"age":15,"role":"police"},"answers":{}}"#, #"{"version":1,"answers":{}}"#,
        #"{"version":1,"context":{"age":15,"role":"police"}}"#,
        #"{"version":1,"context":{"age":-0,"role":"police"},"answers":{}}"#,
        #"{"version":1,"context":{"age":0,"role":"police"},"answers":{}}"#,
        #"{"version":1,"context":{"age":120,"role":"police"},"answers":{}}"#,
        #"{"version":1,"context":{"age":121,"role":"police"},"answers":{}}"#,
        #"{"version":1,"context":{"age":1e1,"role":"police"},"answers":{}}"#,
        #"{"version":1,"context":{"age":15.0,"role":"police"},"answers":{}}"#,
        #"{"version":1,"context":{"age":007,"role":"police"},"answers":{}}"#,
        #"{"version":1,"context":{"age":"unknown","role":"police"},"answers":{}}"#,
        #"{"version":1,"context":{"age":"unk","role":"police"},"answers":{}}"#,
        #"{"version":1,"context":{"age":null,"role":"police"},"answers":{}}"#,
        #"{"version":1,"context":{"age":15,"age":15,"role":"police"},"answers":{}}"#,
        #"{"version":1,"context":{"age":15},"answers":{}}"#,
        #"{"version":1,"context":{"age":15,"role":"police","offence":null,"acuteDanger":null,"guardianPresent":null,"registeredInNL":null,"assessedAt":null,"region":null},"answers":{}}"#,
        #"{"version":1,"context":{"age":15,"role":"police","offence":"katvanger","acuteDanger":"yes","guardianPresent":"no","registeredInNL":"unknown","assessedAt":"2026-02-29T10:00:00Z","region":"utrecht"},"answers":{}}"#,
        #"{"version":1,"context":{"age":15,"role":"police","assessedAt":"2028-02-29T10:00:00.123+14:00"},"answers":{}}"#,
        #"{"version":1,"context":{"age":15,"role":"police","offence":"nope"},"answers":{}}"#,
        #"{"version":1,"context":{"age":15,"role":"police","region":"atlantis"},"answers":{}}"#,
        #"{"version":1,"context":{"age":15,"role":"police","acuteDanger":true},"answers":{}}"#,
        #"{"version":1,"context":{"age":15,"role":"police","religion":"x"},"answers":{}}"#,
        #"{"version":1,"reference":"123456789","context":{"age":15,"role":"police"},"answers":{}}"#,
        #"{"version":1,"reference":"1234.5678-9","context":{"age":15,"role":"police"},"answers":{}}"#,
        #"{"version":1,"reference":"A-123456789","context":{"age":15,"role":"police"},"answers":{}}"#,
        #"{"version":1,"reference":"","context":{"age":15,"role":"police"},"answers":{}}"#,
        #"{"version":1,"reference":null,"context":{"age":15,"role":"police"},"answers":{}}"#,
        #"{"version":1,"reference":"\#(String(repeating: "ü", count: 64))","context":{"age":15,"role":"police"},"answers":{}}"#,
        #"{"version":1,"reference":"\#(String(repeating: "ü", count: 65))","context":{"age":15,"role":"police"},"answers":{}}"#,
        #"{"version":1,"reference":"\#(String(repeating: "\r\n", count: 40))","context":{"age":15,"role":"police"},"answers":{}}"#,
        #"{"version":1,"context":{"age":15,"role":"police"},"answers":{},"override":null}"#,
        #"{"version":1,"context":{"age":15,"role":"police"},"answers":{},"override":{"level":"acute","reason":"r"}}"#,
        #"{"version":1,"context":{"age":15,"role":"police"},"answers":{},"override":{"level":"acute","reason":""}}"#,
        #"{"version":1,"context":{"age":15,"role":"police"},"answers":{},"override":{"level":"high","reason":"r"}}"#,
        #"{"version":1,"context":{"age":15,"role":"police"},"answers":{},"override":{"reason":"r"}}"#,
        #"{"version":1,"context":{"age":15,"role":"police"},"answers":{},"extra":1}"#,
        #"{"version":1,"context":{"age":15,"role":"police"},"answers":{},}"#, #"{"version":1,,"context":{}}"#,
        #"{"version":1 "context":{"age":15,"role":"police"},"answers":{}}"#, "", "{", "[]", "null", "\u{0}",
        "{\"version\":1,\"reference\":\"a\u{1}b\",\"context\":{\"age\":15,\"role\":\"police\"},\"answers\":{}}",
    ]
}()

/// A byte-level mutation: delete, replace, insert a token or duplicate a stretch.
private func mutate(_ line: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
    let tokens = [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "0", "1", "-", ".", "e", "null", "true", " ", "\n", "\u{1}", "é", "\u{FEFF}",
        #""version":1,"#, #""note":"x","#, #""extra":1,"#, #"\u00e9"#, #"\ud83d"#, "\"yes\"", "\"unknown\"", "-0", "1e2",
        #""proceeds.handed_over":"yes","#, "\u{212A}",
    ].map { Array($0.utf8) }
    var bytes = line
    for _ in 0..<Int.random(in: 1...3, using: &random) {
        guard !bytes.isEmpty else { return bytes }
        let at = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<5, using: &random) {
        case 0: bytes.remove(at: at)
        case 1: bytes[at] = UInt8.random(in: 0...255, using: &random)
        case 2: bytes[at] = (tokens.randomElement(using: &random) ?? [0x20])[0]
        case 3: bytes.insert(contentsOf: tokens.randomElement(using: &random) ?? [], at: at)
        default:
            let end = min(bytes.count, at + Int.random(in: 1...40, using: &random))
            bytes.insert(contentsOf: bytes[at..<end], at: end)
        }
    }
    return bytes
}

@Suite("The streaming case decoder agrees with the strict one")
struct FastCaseDecoderTests {
    @Test("fixture cases, the bad-input corpus and hand-written edge cases")
    func fixtures() {
        var inputs = fixtureFiles("cases") + fixtureFiles("bad")
        inputs += handWritten.enumerated().map { ("hand-written \($0.offset)", Array($0.element.utf8)) }
        for (name, bytes) in inputs {
            #expect(agree(bytes), "\(name)")
            // And the same document on one line, as batch mode reads it.
            // (A case with its history is the located decoder's: it checks the history against the answers.)
            if case .success(let value) = strict(bytes), value.history.isEmpty {
                let line = Array(value.encoded(order: knowledge.catalog).serialized(pretty: false).utf8)
                #expect(fastDecoder.decode(line) == value, "\(name), compact")
            }
        }
        // Every case fixture without a history is taken by the streaming decoder too (else it would only be slow).
        for (name, bytes) in fixtureFiles("cases") {
            let hasHistory = (try? Case.decode(bytes, knowledge: knowledge))?.history.isEmpty == false
            #expect((fastDecoder.decode(bytes) != nil) != hasHistory, "\(name)")
        }
    }

    @Test("every indicator example, compact and pretty")
    func examples() {
        for (name, input) in allExamples {
            for pretty in [false, true] {
                let bytes = Array(input.encoded(order: knowledge.catalog).serialized(pretty: pretty).utf8)
                #expect(fastDecoder.decode(bytes) == input, "\(name)")
                #expect(agree(bytes), "\(name)")
            }
        }
    }

    @Test("generated cases that decode are all taken, and decoded as the strict decoder does")
    func generated() {
        var valid = 0
        for (index, bytes) in generatedLines.enumerated() {
            // A few generated references are too long or look like a BSN: refused by both.
            guard case .success(let expected) = strict(bytes) else {
                #expect(fastDecoder.decode(bytes) == nil, "case \(index)")
                continue
            }
            valid += 1
            #expect(fastDecoder.decode(bytes) == expected, "case \(index)")
        }
        #expect(valid > 350)
    }

    @Test("thousands of mutated lines: whatever the streaming decoder accepts, the strict one accepts the same")
    func mutated() {
        var random = SeededGenerator(state: 0x5EED)
        var seeds = generatedLines + handWritten.map { Array($0.utf8) }
        seeds += allExamples.prefix(40).map { Array($0.1.encoded(order: knowledge.catalog).serialized(pretty: false).utf8) }
        var accepted = 0
        // Batch mode keeps one scratch (and its text cache) for all lines: through it, each line
        // must decode as it does alone, whatever came before.
        var shared = FastCaseDecoder.Scratch()
        for round in 0..<12_000 {
            let bytes = mutate(seeds[round % seeds.count], &random)
            let alone = fastDecoder.decode(bytes)
            if alone != nil { accepted += 1 }
            #expect(agree(bytes), "round \(round): \(String(decoding: bytes, as: UTF8.self))")
            #expect(fastDecoder.decode(bytes, scratch: &shared) == alone, "round \(round), shared scratch")
        }
        // The mutations must reach the accepting side too (about 2 % do: most edits break the
        // syntax or a rule), or the property says little.
        #expect(accepted > 150)
    }
}

@Suite("The streaming decoder's byte scans and text cache")
struct FastCaseDecoderPartsTests {
    @Test("the eight-bytes-at-a-time scans find what a byte-by-byte scan finds, from every start, at every length")
    func scans() {
        var random = SeededGenerator(state: 0xB17E)
        // Mostly printable ASCII, with the bytes the scans look for (and their neighbours) mixed in.
        let special: [UInt8] = [0x22, 0x5C, 0x00, 0x01, 0x1F, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7F, 0x80, 0xC3, 0xFF]
        let scans: [(String, (UnsafeBufferPointer<UInt8>, Int) -> Int, (UInt8) -> Bool)] = [
            ("quote", ByteScan.firstQuote, { $0 == 0x22 }),
            ("quote or backslash", ByteScan.firstQuoteOrBackslash, { $0 == 0x22 || $0 == 0x5C }),
            ("special", ByteScan.firstSpecial, { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 >= 0x80 }),
        ]
        var checked = 0
        var wrong: [String] = []
        for _ in 0..<4_000 {
            let count = Int.random(in: 0...40, using: &random)
            let density = Int.random(in: 2...30, using: &random)
            let bytes: [UInt8] = (0..<count).map { _ in
                Int.random(in: 0..<density, using: &random) == 0
                    ? special[Int.random(in: 0..<special.count, using: &random)] : UInt8.random(in: 0x23...0x5B, using: &random)
            }
            bytes.withUnsafeBufferPointer { buffer in
                for start in 0...count + 2 {
                    for (name, scan, test) in scans {
                        var expected = start
                        while expected < count && !test(bytes[expected]) { expected += 1 }
                        checked += 1
                        if scan(buffer, start) != expected, wrong.count < 5 { wrong.append("\(name) from \(start) in \(bytes)") }
                    }
                }
            }
        }
        #expect(wrong.isEmpty, "\(wrong)")
        #expect(checked > 100_000)
    }

    @Test("the answer words are the bytes of \"yes\", \"no\" and \"unknown, first byte lowest")
    func answerWords() {
        func word(_ text: String) -> UInt64 {
            text.utf8.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        }
        #expect(ByteScan.yesWord == word(#""yes""#))
        #expect(ByteScan.noWord == word(#""no""#))
        #expect(ByteScan.unknownWord == word(#""unknown"#))
    }

    @Test("field names are found by their exact bytes whatever key came before, and nothing else is")
    func fieldNames() {
        let names = FieldNames<CaseContextField>()
        func find(_ key: String, after previous: Int) -> Int? {
            Array(key.utf8).withUnsafeBufferPointer { names.index($0, after: previous) }
        }
        for (index, field) in CaseContextField.allCases.enumerated() {
            for previous in -1..<CaseContextField.allCases.count {
                #expect(find(field.name, after: previous) == index, "\(field.name) after \(previous)")
                #expect(find(field.name + "x", after: previous) == nil)
                #expect(find(String(field.name.dropLast()), after: previous) == nil)
                #expect(find(field.name.uppercased(), after: previous) == nil)
            }
            #expect(names.fields[index] == field)
            #expect((names.absentOnNull >> UInt32(index)) & 1 == (field.nullMeansAbsent ? 1 : 0))
        }
        #expect(find("", after: -1) == nil)
        #expect(find(#"a\u0067e"#, after: -1) == nil)
    }

    @Test("the text cache answers only for the same written bytes under the same rule")
    func textCache() {
        var cache = TextCache()
        func look(_ written: String, _ rule: CaseText) -> String?? {
            Array(written.utf8).withUnsafeBufferPointer { cache.text($0, rule) }
        }
        func keep(_ written: String, _ rule: CaseText, _ text: String?) {
            Array(written.utf8).withUnsafeBufferPointer { cache.keep($0, rule, text) }
        }
        #expect(look("moeder niet bereikbaar", .note) == nil)
        keep("moeder niet bereikbaar", .note, "moeder niet bereikbaar")
        #expect(look("moeder niet bereikbaar", .note) == .some("moeder niet bereikbaar"))
        #expect(look("moeder niet bereikbaar", .reason) == nil)
        #expect(look("moeder niet bereikbaaR", .note) == nil)
        #expect(look("moeder niet bereikbaa", .note) == nil)
        // Written with escapes: found by the escaped bytes, not by the text they spell.
        keep(#"\"he said\" \u00e9"#, .note, "\"he said\" é")
        #expect(look(#"\"he said\" \u00e9"#, .note) == .some("\"he said\" é"))
        #expect(look("\"he said\" é", .note) == nil)
        // A blank note is held as absent; blank under another rule is not a hit.
        keep("   ", .note, nil)
        #expect(look("   ", .note) == .some(nil))
        #expect(look("   ", .reason) == nil)
        // A newer text in the same slot replaces the older: never a wrong answer, only a miss.
        for number in 0..<(4 * TextCache.slotCount) { keep("note \(number)", .note, "note \(number)") }
        var hits = 0
        for number in 0..<(4 * TextCache.slotCount) {
            switch look("note \(number)", .note) {
            case .some(let text):
                #expect(text == "note \(number)")
                hits += 1
            case nil: break
            }
        }
        #expect(hits > 0 && hits <= TextCache.slotCount)
    }

    @Test("a note and a reason with the same bytes, through one scratch: each by its own rule")
    func sameBytesOtherRule() {
        var scratch = FastCaseDecoder.Scratch()
        let head = #"{"version":1,"context":{"age":15,"role":"police"},"answers":{"proceeds.handed_over":{"answer":"yes","note":"#
        let blankNote = Array((head + #""   "}}}"#).utf8)
        let blankReason = Array((#"{"version":1,"context":{"age":15,"role":"police"},"answers":{},"override":{"level":"acute","reason":"   "}}"#).utf8)
        for _ in 0..<2 {
            // A blank note is absent; a blank reason is refused (the strict decoder gives its error).
            #expect(fastDecoder.decode(blankNote, scratch: &scratch)?.answers["proceeds.handed_over"] == CaseAnswer(.yes))
            #expect(fastDecoder.decode(blankReason, scratch: &scratch) == nil)
        }
        let escaped = Array((head + #""a\"b"}}}"#).utf8)
        for _ in 0..<2 {
            #expect(fastDecoder.decode(escaped, scratch: &scratch)?.answers["proceeds.handed_over"]?.note == "a\"b")
        }
    }
}

@Suite("Batch mode's fused scoring and writing")
struct BatchFastPathTests {
    /// Lines through `scoreAndWrite` and through `score` + `write` give the same bytes and tallies.
    private func compare(_ lines: [[UInt8]], language: Language, time: Timestamp?, region: String?) {
        var fused = BatchScorer(knowledge: knowledge, language: language, time: time, region: region)
        var plain = BatchScorer(knowledge: knowledge, language: language, time: time, region: region)
        for (index, line) in lines.enumerated() {
            let event = LineSplitter.Event.line(number: index + 1, bytes: line)
            var fast: [UInt8] = []
            let failure = fused.scoreAndWrite(event, into: &fast)
            let outcome = plain.score(event)
            var expected: [UInt8] = []
            plain.write(outcome, into: &expected)
            #expect(fast == expected, "line \(index + 1): \(String(decoding: line, as: UTF8.self))")
            if case .failed(let error) = outcome { #expect(failure == error) } else { #expect(failure == nil) }
        }
        let tooLong = LineSplitter.Event.tooLong(number: lines.count + 1)
        var fast: [UInt8] = []
        _ = fused.scoreAndWrite(tooLong, into: &fast)
        var expected: [UInt8] = []
        plain.write(plain.score(tooLong), into: &expected)
        #expect(fast == expected)
        #expect(fused.tally == plain.tally)
    }

    @Test("generated cases, examples, fixtures and edge cases, in both languages, with and without a time and region",
          arguments: Language.allCases)
    func sameBytes(language: Language) {
        var lines = generatedLines + handWritten.map { Array($0.utf8) }
        lines += allExamples.map { Array($0.1.encoded(order: knowledge.catalog).serialized(pretty: false).utf8) }
        lines += fixtureFiles("cases").map(\.1)
        let times: [Timestamp?] = [nil, Timestamp(iso8601: "2026-11-23T10:00:00+01:00"), Timestamp(iso8601: "2026-11-22T03:00:00Z")]
        for (index, time) in times.enumerated() {
            compare(lines, language: language, time: time, region: index == 1 ? knowledge.contacts.regions.first?.id : nil)
        }
    }
}
