import Foundation
import Testing

@testable import SignalModel

/// The fuzz harnesses' "missing text" check (Fuzz/Shared/MissingText.swift, linked into this target
/// as FuzzMissingText.swift) on the real library's messages and renderings.
@Suite("Fuzz harness: the missing-text check")
struct FuzzHarnessTests {
    @Test("a marker the input spelled with JSON escapes is the input's own text, not a missing key (issue 22)")
    func escapedMarker() throws {
        let input = Array(#"{"version":1,"context":{"age":14,"role":"police"},"answers":{"\u27e6render.level\u27e7":"yes"}}"#.utf8)
        var message = ""
        do {
            _ = try Case.decode(input, knowledge: knowledge)
            Issue.record("an unknown indicator id was accepted")
        } catch {
            message = error.message(knowledge.texts, .en)
        }
        // The message echoes the decoded id, so `⟦render.level⟧` stands in it …
        #expect(message.contains("⟦render.level⟧"), "\(message)")
        // … and it is no finding: the input brought it (as `\u27e6…\u27e7`).
        #expect(missingTextKey(in: message, input: input) == nil)
        // Surrogate pairs, other escapes and a raw marker count as brought too.
        #expect(missingTextKey(in: "x ⟦a.b⟧", input: Array(#""\u27E6a\u002eb\u27e7""#.utf8)) == nil)
        #expect(missingTextKey(in: "x ⟦a.b⟧ 😀", input: Array(#""⟦a.b⟧ \ud83d\ude00""#.utf8)) == nil)
    }

    @Test("a key that is really missing is still found, also when the input holds other escapes")
    func realFinding() {
        let texts = knowledge.texts
        let rendered = texts.text("no.such.key", .en, [:])
        #expect(rendered.contains("⟦no.such.key⟧"), "\(rendered)")
        #expect(missingTextKey(in: rendered, input: []) == "no.such.key")
        #expect(missingTextKey(in: rendered, input: Array(#"{"a":"\u27e6other.key\u27e7 \\u27e6no.such.key\\u27e7"}"#.utf8)) == "no.such.key")
        #expect(missingTextKey(in: "⟦Not a key⟧ ⟦nodot⟧", input: []) == nil)
    }

    @Test("JSON unescaping: simple escapes, \\u with both cases, pairs, lone surrogates, broken escapes kept")
    func unescaping() {
        #expect(jsonUnescaped(#"a\nb\t\"c\"\\d\/"#) == "a\nb\t\"c\"\\d/")
        #expect(jsonUnescaped(#"\u27e6\u27E7"#) == "⟦⟧")
        #expect(jsonUnescaped(#"\ud83d\ude00"#) == "😀")
        #expect(jsonUnescaped(#"\ud83d!"#) == "\u{FFFD}!")
        #expect(jsonUnescaped(#"\u27"#) == #"\u27"#)
        #expect(jsonUnescaped(#"\q"#) == #"\q"#)
        #expect(jsonUnescaped("no escapes") == "no escapes")
    }
}
