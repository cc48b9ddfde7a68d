import Foundation
import Testing

@testable import SignalModel

@Suite("User text: placeholders, escaping, BSN, lengths")
struct UserTextTests {
    @Test("placeholders are filled in one pass over the template; values are never expanded")
    func onePass() {
        let template = "{a} and {b} and {missing}"
        let arguments = ["a": "x {b} y", "b": "{a}"]
        #expect(Texts.fill(template, arguments) == "x {b} y and {a} and {missing}")
        #expect(Texts.fill("{a}{a}", ["a": "{a}"]) == "{a}{a}")
        #expect(Texts.fill("{ {a} }", ["a": "1"]) == "{ 1 }")
        #expect(Texts.fill("open { only", ["a": "1"]) == "open { only")
        // The real override line, whose reason mentions another placeholder of the same template.
        let line = knowledge.texts.text("render.override", .en, ["level": "No signals", "reason": "ok {level} ok"])
        #expect(line.hasSuffix("ok {level} ok"))
        #expect(line.contains("No signals"))
    }

    @Test("control characters, line breaks and bidi overrides are escaped for a terminal")
    func terminalLine() {
        #expect(UserText.line("R4\u{1B}[8m") == #"R4\u001B[8m"#)
        #expect(UserText.line("R3\n\nLEVEL: NONE") == #"R3\n\nLEVEL: NONE"#)
        #expect(UserText.line("a\r\nb\tc") == #"a\r\nb\tc"#)
        #expect(UserText.line("x\u{0}\u{7F}\u{85}\u{9B}y") == #"x\u0000\u007F\u0085\u009By"#)
        #expect(UserText.line("a\u{2028}b\u{202E}c") == #"a\u2028b\u202Ec"#)
        #expect(UserText.line("gewoon één zin — ok 👍🏽") == "gewoon één zin — ok 👍🏽")
        let path = JSONPath.root.appending("answers").appending("\u{1B}[31mEVIL\n")
        #expect(path.description == #"$.answers["\u001B[31mEVIL\n"]"#)
    }

    // Issue 22 N12: a bidi-aware viewer showed ZSM-<RLM>2026-<RLM>0142 as ZSM-0142-2026.
    @Test("bidi marks U+200E, U+200F and U+061C are escaped like the overrides")
    func bidiMarksEscaped() {
        #expect(UserText.line("ZSM-\u{200F}2026-\u{200F}0142") == #"ZSM-\u200F2026-\u200F0142"#)
        #expect(UserText.line("a\u{200E}b\u{061C}c") == #"a\u200Eb\u061Cc"#)
    }

    @Test("a reference with an invisible character is refused with its place; the same as a note is kept")
    func invisibleInReference() throws {
        for (reference, code, character) in [("ZSM-2026\u{200D}-0142", 0x200D, 9), ("ZSM-\u{200F}2026", 0x200F, 5), ("\u{FEFF}R-1", 0xFEFF, 1), ("R\u{00AD}1", 0xAD, 2)] {
            #expect(Case.invisibleInReference(reference) == .invisibleCharacter(scalar: UInt32(code), character: character), "\(reference)")
            let text = Self.caseText(reference: reference)
            let error = try #require(decodeError(text), "\(reference)")
            #expect(error.kind == .invisibleCharacter(scalar: UInt32(code), character: character))
            #expect(error.location.path?.description == "$.reference")
            #expect(FastCaseDecoder(knowledge: knowledge).decode(Array(text.utf8)) == nil)
            let question = InterviewQuestion(id: .reference, indicator: nil, previousAnswer: nil, sources: [])
            #expect(InterviewReply.parse(reference, for: question, offences: knowledge.catalog.offences) == .refused(.invisibleCharacter(scalar: UInt32(code), character: character)))
        }
        #expect(Case.invisibleInReference("ZSM-2026-0142") == nil)
        #expect(Case.invisibleInReference("zaak-é-€") == nil)
        #expect(decodeError(Self.caseText(reference: "R-1", note: "a\u{200D}b")) == nil)
    }

    @Test("a BSN is found however it is written", arguments: [
        "123456782", "BSN 123456782", "bsn:123456782", "123/456/782", "123_456_782", "NL.123456782",
        "(123)456782", "123.456.782", "123 45 67 82", "１２３４５６７８２", "123\u{200B}456782", "12345\u{00AD}6782",
        "٠١٢٣٤٥٦٧٨٩".isEmpty ? "" : "١٢٣٤٥٦٧٨٢", "kind gaf nummer 123-456-782 op",
    ])
    func bsnFound(text: String) {
        #expect(UserText.containsBSN(text), "\(text)")
    }

    // Issue 22 N6: a BSN next to another number (the digit run was longer than nine), with the
    // minus sign, braille blank or `+ | ~` between its groups, or written with digit look-alikes.
    @Test("a BSN is found beside other numbers, between unusual separators and in digit look-alikes", arguments: [
        ("geb. 01-02-2012 123456782", 17), ("bsn/tel: 123456782, 0612345678", 10), ("ZSM-2026 123456782", 10),
        ("0612345678 123456782", 12), ("123\u{2212}456\u{2212}782", 1), ("123\u{2800}456\u{2800}782", 1),
        ("123+456+782", 1), ("123|456|782", 1), ("123~456~782", 1), ("tel 06 12 34 56 78 / 123 456 782", 22),
        ("1\u{0332}2\u{0332}3\u{0332}4\u{0332}5\u{0332}6\u{0332}7\u{0332}8\u{0332}2\u{0332}", 1),
        ("\u{2460}\u{2461}\u{2462}\u{2463}\u{2464}\u{2465}\u{2466}\u{2467}\u{2461}", 1),
        ("1\u{FE0F}\u{20E3}2\u{FE0F}\u{20E3}3\u{FE0F}\u{20E3}4\u{FE0F}\u{20E3}5\u{FE0F}\u{20E3}6\u{FE0F}\u{20E3}7\u{FE0F}\u{20E3}8\u{FE0F}\u{20E3}2\u{FE0F}\u{20E3}", 1),
        ("nr \u{00B9}\u{00B2}\u{00B3}\u{2074}\u{2075}\u{2076}\u{2077}\u{2078}\u{00B2}", 4),
        ("\u{2081}\u{2082}\u{2083}\u{2084}\u{2085}\u{2086}\u{2087}\u{2088}\u{2082}", 1),
        ("\u{2474}\u{2475}\u{2476}\u{2477}\u{2478}\u{2479}\u{247A}\u{247B}\u{2475}", 1),
        ("\u{2488}\u{2489}\u{248A}\u{248B}\u{248C}\u{248D}\u{248E}\u{248F}\u{2489}", 1),
        ("\u{2776}\u{2777}\u{2778}\u{2779}\u{277A}\u{277B}\u{277C}\u{277D}\u{2777}", 1),
        ("\u{1D7CF}\u{1D7D0}\u{1D7D1}\u{1D7D2}\u{1D7D3}\u{1D7D4}\u{1D7D5}\u{1D7D6}\u{1D7D0}", 1),
    ])
    func bsnFoundBeyondTheRun(text: String, character: Int) {
        #expect(UserText.containsBSN(text), "\(text)")
        #expect(UserText.containsBSNByProperties(text), "\(text)")
        #expect(UserText.bsnOffset(text).map { $0 + 1 } == character, "\(text)")
        #expect(Case.looksLikeBSN(text), "\(text)")
    }

    @Test("dates, times and phone numbers beside each other are not a BSN", arguments: [
        "geb. 01-02-2012 om 12:30", "06-12345678 of 020-1234567", "21-11-2026 23:40 en 22-11-2026 01:15", "1+2=3",
        "zaak 2026/0142 | 2026/0143", "0612345678", "\u{2469}\u{2461}\u{2462}\u{2463}\u{2464}\u{2465}\u{2466}\u{2467}\u{2461}",
    ])
    func nextToEachOtherNotBSN(text: String) {
        #expect(!UserText.containsBSN(text), "\(text)")
        #expect(!UserText.containsBSNByProperties(text), "\(text)")
    }

    @Test("numbers that are not a BSN pass", arguments: [
        "ZSM-2026-0142", "123456789", "12345678", "1234567820", "21-11-2026 23:40", "06-12345678",
        "+31 6 1234 5678", "2026-11-21T23:40:00+01:00", "zaak 12 en 3456782", "000000000", "",
    ])
    func bsnNotFound(text: String) {
        #expect(!UserText.containsBSN(text), "\(text)")
    }

    @Test("a reference looks like a BSN: eight or more digits with only separators, or a valid BSN anywhere", arguments: [
        ("12345678", true), ("123456789", true), ("1234 5678", true), ("12.345.678", true), ("１２３４５６７８", true),
        ("١٢٣٤٥٦٧٨٩", true), ("1234\u{200B}5678", true), ("(0)12-345-678", true), ("BSN 123456782", true),
        ("R-123456782", true), ("1234567", false), ("R-12345678", false), ("ZSM-2026-0142", false), ("", false),
        ("12345678x", false), ("é12345678", false),
        // Symbols separate digit groups since issue 22 N6 (`123+456+782`), so these are digits and separators only.
        ("1234€5678", true), ("+31612345678", true),
    ])
    func looksLikeBSN(text: String, expected: Bool) {
        #expect(Case.looksLikeBSN(text) == expected, "\(text)")
        #expect(Case.looksLikeBSNByProperties(text) == expected, "\(text)")
    }

    @Test("the elfproef itself")
    func elfproef() {
        #expect(UserText.passesElfproef([1, 2, 3, 4, 5, 6, 7, 8, 2]))
        #expect(UserText.passesElfproef([1, 1, 1, 2, 2, 2, 3, 3, 3]))  // 9+8+7+12+10+8+9+6−3 = 66
        #expect(!UserText.passesElfproef([1, 2, 3, 4, 5, 6, 7, 8, 9]))
        #expect(!UserText.passesElfproef([1, 2, 3, 4, 5, 6, 7, 8]))
    }

    @Test("blank means nothing visible")
    func blank() {
        for text in ["", " ", "\t \n", "\u{200B}", " \u{200B}\u{FEFF}\u{2060} ", "\u{00A0}\u{3000}", "\u{200D}"] {
            #expect(UserText.isBlank(text), "\(text.unicodeScalars.map(\.value))")
        }
        for text in ["a", " . ", "\u{200B}x", "é"] { #expect(!UserText.isBlank(text), "\(text)") }
    }

    static func caseText(reference: String = "R-1", note: String = "n", reason: String? = nil) -> String {
        func json(_ text: String) -> String { JSONOutput.string(text).serialized(pretty: false) }
        let override = reason.map { #","override":{"level":"suspicion","reason":"# + json($0) + "}" } ?? ""
        return #"{"version":1,"reference":"# + json(reference) + #","context":{"age":13,"role":"police"},"answers":{"# + json(someIndicator)
            + #":{"answer":"yes","note":"# + json(note) + "}}" + override + "}"
    }

    @Test("a BSN in a reference, note or reason is refused with a located error")
    func bsnRefused() throws {
        let cases: [(String, String)] = [
            (Self.caseText(reference: "BSN 123456782"), "$.reference"),
            (Self.caseText(note: "zegt dat zijn nummer 123 456 782 is"), #"$.answers[""# + someIndicator + #""].note"#),
            (Self.caseText(reason: "zie 123.456.782"), "$.override.reason"),
        ]
        for (text, path) in cases {
            let error = try #require(decodeError(text), "\(text)")
            guard case .personalIdentifier(let character?) = error.kind else {
                Issue.record("\(error.kind)")
                continue
            }
            // The position points at the first digit of the BSN in the text.
            #expect(["BSN 123456782": 5, "zegt dat zijn nummer 123 456 782 is": 22, "zie 123.456.782": 5].values.contains(character))
            #expect(error.location.path?.description == path)
            // The fast decoder (batch) refuses it too, so the strict decoder gives the error.
            #expect(FastCaseDecoder(knowledge: knowledge).decode(Array(text.utf8)) == nil)
        }
        #expect(decodeError(Self.caseText(reference: "ZSM-2026-0142", note: "om 21-11-2026 23:40 gezien")) == nil)
    }

    @Test("a blank reference or reason is refused; a blank note is no note")
    func blankRefused() throws {
        #expect(decodeError(Self.caseText(reference: " \u{200B} "))?.kind == .blankText)
        #expect(decodeError(Self.caseText(reason: "\u{200B}"))?.kind == .blankText)
        #expect(decodeError(Self.caseText(reason: "   "))?.kind == .blankText)
        let text = Self.caseText(note: " \u{200B}\t")
        let decoded = try Case.decode(Array(text.utf8), knowledge: knowledge)
        #expect(decoded.answers[someIndicator]?.note == nil)
        #expect(FastCaseDecoder(knowledge: knowledge).decode(Array(text.utf8)) == decoded)
        for bad in [Self.caseText(reference: "\u{200B}"), Self.caseText(reason: " ")] {
            #expect(FastCaseDecoder(knowledge: knowledge).decode(Array(bad.utf8)) == nil)
        }
    }

    @Test("length limits count Unicode scalars, so combining marks cannot smuggle in a huge note")
    func scalarLengths() throws {
        // One grapheme cluster of 2001 scalars: a single "character" over the 2000 limit.
        let zalgo = "e" + String(repeating: "\u{0301}", count: Case.maximumNoteLength)
        #expect(zalgo.count == 1)
        for text in [Self.caseText(note: zalgo), Self.caseText(reason: zalgo), Self.caseText(reference: "R" + String(repeating: "\u{0301}", count: 64))] {
            #expect(decodeError(text).map { if case .badLength = $0.kind { true } else { false } } == true)
            #expect(FastCaseDecoder(knowledge: knowledge).decode(Array(text.utf8)) == nil)
        }
        let atLimit = "e" + String(repeating: "\u{0301}", count: Case.maximumNoteLength - 1)
        #expect(decodeError(Self.caseText(note: atLimit)) == nil)
    }

    @Test("a trailing comma is named, at the comma")
    func trailingComma() {
        for (text, column) in [(#"{"a": 1,}"#, 8), (#"[1, 2 ,]"#, 7), ("{\"a\": [1],\n}", 10)] {
            do {
                _ = try JSONParser.parse(text)
                Issue.record("\(text) parsed")
            } catch {
                #expect(error.problem == .trailingComma, "\(text)")
                #expect(error.position == SourcePosition(line: 1, column: column), "\(text)")
            }
        }
    }

    @Test("the interview refuses what a case file refuses: a BSN in a reference or note, a blank or long reference")
    func interviewReplies() {
        let offences = knowledge.catalog.offences
        let reference = InterviewQuestion(id: .reference, indicator: nil, previousAnswer: nil, sources: [])
        let signal = InterviewQuestion(id: .indicator("proceeds.handed_over"), indicator: nil, previousAnswer: nil, sources: [])
        func parse(_ line: String, _ question: InterviewQuestion) -> InterviewReply {
            InterviewReply.parse(line, for: question, offences: offences)
        }
        #expect(parse("BSN 123456782", reference) == .refused(.personalIdentifier(character: 5)))
        #expect(parse("１２３４５６７８２", reference) == .refused(.personalIdentifier(character: 1)))
        #expect(parse("12345678", reference) == .refused(.personalIdentifier(character: 1)))
        #expect(parse("ZSM-2026 123456782", reference) == .refused(.personalIdentifier(character: 10)))
        #expect(parse("\u{200B}\u{2060}", reference) == .refused(.blankText))
        #expect(parse(String(repeating: "x", count: 65), reference) == .refused(.badLength(min: 1, max: 64)))
        #expect(parse("ZSM-2026-0142", reference) == .answer(.text("ZSM-2026-0142"), notes: [:]))
        #expect(parse("j: nummer 123 456 782", signal) == .refused(.personalIdentifier(character: 8)))
        #expect(parse("j: " + String(repeating: "a", count: 2001), signal) == .refused(.badLength(min: 0, max: 2000)))
        #expect(parse("j: om 21-11-2026 23:40 gezien", signal) == .answer(.answer(.yes), notes: ["proceeds.handed_over": "om 21-11-2026 23:40 gezien"]))
    }

    @Test("error columns count bytes of UTF-8, as documented")
    func byteColumns() {
        do {
            _ = try JSONParser.parse(#"{"é": x}"#)
        } catch {
            // `x` is the 7th character but starts at byte 8: é is two bytes.
            #expect(error.position == SourcePosition(line: 1, column: 8))
        }
    }

    @Test("an age written as a string says what an age must be")
    func ageAsString() {
        let error = decodeError(#"{"version":1,"context":{"age":"11","role":"police"},"answers":{}}"#)
        #expect(error?.kind == .invalidAge("11"))
        #expect(error?.message(knowledge.texts, .en).contains("a number from 0 to 120") == true)
    }

    // MARK: ASCII fast path of isBlank / containsBSN

    @Test("the ASCII bit masks agree with the Unicode property tables for all 128 ASCII scalars")
    func asciiMasks() {
        for value in UInt8(0)..<0x80 {
            let scalar = Unicode.Scalar(value)
            #expect(UserText.asciiBit(UserText.asciiBlankLow, UserText.asciiBlankHigh, value) == UserText.isBlankScalar(scalar), "\(value)")
            let separator = UserText.asciiBit(UserText.asciiSeparatorLow, UserText.asciiSeparatorHigh, value)
            #expect(separator == UserText.isSeparator(scalar), "\(value)")
        }
    }

    @Test("isBlank, containsBSN and looksLikeBSN give what the property-table versions give, over 60,000 generated strings (12,000 without SIGNAAL_EXHAUSTIVE=1)")
    func fastPathDifferential() {
        // Pools that make both answers likely: ASCII digits, separators and letters; full-width,
        // Arabic-Indic and Devanagari digits; zero-width and other invisible characters; white
        // space beyond ASCII; 2-, 3- and 4-byte scalars (é, €, 😀), controls and C1 controls.
        let pools: [[Unicode.Scalar]] = [
            (0x30...0x39).map { Unicode.Scalar($0)! },
            Array(" \t\n\r.-/()_,:;!?'\"#%&*@[]{}\\+$<=>^`|~".unicodeScalars),
            Array("abcXYZ".unicodeScalars),
            (0xFF10...0xFF19).map { Unicode.Scalar($0)! } + (0x0660...0x0669).map { Unicode.Scalar($0)! }
                + (0x0966...0x096F).map { Unicode.Scalar($0)! },
            [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x034F, 0x180E, 0xE0001].map { Unicode.Scalar($0)! },
            [0x00A0, 0x2003, 0x3000, 0x2028, 0x2029, 0x0085, 0x1680].map { Unicode.Scalar($0)! },
            [0x00E9, 0x20AC, 0x1F600, 0x00B7, 0x2010, 0x3001, 0xFF0E, 0x00BD, 0x2460, 0x0301].map { Unicode.Scalar($0)! },
            [0x00, 0x01, 0x1B, 0x1F, 0x7F, 0x80, 0x9F].map { Unicode.Scalar($0)! },
            [0x2212, 0x2800, 0x00B2, 0x2082, 0x2461, 0x2475, 0x2777, 0x1D7D0, 0x0332, 0x20E3, 0xFE0F, 0x2469].map { Unicode.Scalar($0)! },
        ]
        var generator = SplitMix(seed: 0x5167_4E41_414C)
        var bsnCount = 0
        var blankCount = 0
        var digitsOnlyCount = 0
        // The full run (SIGNAAL_EXHAUSTIVE=1) tries all 60,000; `--quick` and a plain `swift test` a fifth.
        let share = Exhaustive.on ? 1 : 5
        for round in 0..<(60_000 / share) {
            var scalars = String.UnicodeScalarView()
            let length = Int(generator.next() % 24)
            // Some strings draw from one or two pools only (all ASCII, all blank, all digits).
            let allowed = round % 3 == 0 ? [Int(generator.next() % UInt64(pools.count)), Int(generator.next() % UInt64(pools.count))]
                : Array(pools.indices)
            for _ in 0..<length {
                let pool = pools[allowed[Int(generator.next() % UInt64(allowed.count))]]
                scalars.append(pool[Int(generator.next() % UInt64(pool.count))])
            }
            // Plant a valid BSN (123456782) in a tenth of the strings, with random separators around its digits.
            if round % 10 == 0 {
                for digit in "123456782".unicodeScalars {
                    scalars.append(digit)
                    if generator.next() % 4 == 0 { scalars.append(pools[4][Int(generator.next() % UInt64(pools[4].count))]) }
                }
            }
            let text = String(scalars)
            let blank = UserText.isBlankByProperties(text)
            let bsn = UserText.containsBSNByProperties(text)
            if blank { blankCount += 1 }
            if bsn { bsnCount += 1 }
            #expect(UserText.isBlank(text) == blank, "\(text.unicodeScalars.map(\.value))")
            #expect(UserText.containsBSN(text) == bsn, "\(text.unicodeScalars.map(\.value))")
            let looks = Case.looksLikeBSNByProperties(text)
            if looks && !bsn { digitsOnlyCount += 1 }
            #expect(Case.looksLikeBSN(text) == looks, "\(text.unicodeScalars.map(\.value))")
        }
        // The generator must produce both answers often, or the comparison proves little.
        #expect(bsnCount > 3_000 / share)
        #expect(blankCount > 1_000 / share)
        // References of eight or more digits and separators only, without a valid BSN in them.
        #expect(digitsOnlyCount > 100 / share, "\(digitsOnlyCount)")
    }
}

/// A small deterministic generator (SplitMix64) for the differential tests.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
