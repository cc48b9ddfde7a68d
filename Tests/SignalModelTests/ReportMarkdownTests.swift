import Foundation
import Testing

@testable import SignalModel

/// The block structure of a CommonMark document, as far as the handover report needs it.
///
/// A small block-level reader of our own instead of a Markdown library (the test suite has no
/// package dependencies and CI installs no Python packages). It follows the CommonMark spec for
/// what matters here: line endings are LF, CR and CRLF (spec 2.1); up to three spaces of
/// indentation are allowed before ATX headings, fences, thematic breaks, block quotes and list
/// markers (4.2–4.5, 5.1–5.3); a fenced code block runs until a closing fence of the same character
/// and at least the same length, or to the end of the document (4.5); a setext underline turns the
/// paragraph above it into a heading (4.3); an HTML block starts with `<` and a tag-like character
/// (4.6); four spaces of indentation after a blank line start indented code (4.4).
enum CommonMarkBlocks {
    static func lines(_ text: String) -> [Substring.UnicodeScalarView] {
        var result: [Substring.UnicodeScalarView] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "\n" || scalar == "\r" {
                result.append(Substring.UnicodeScalarView(scalars[start..<index]))
                var next = scalars.index(after: index)
                if scalar == "\r", next < scalars.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
                start = next
                index = next
            } else {
                index = scalars.index(after: index)
            }
        }
        if start < scalars.endIndex { result.append(Substring.UnicodeScalarView(scalars[start...])) }
        return result
    }

    /// One entry per block-level line: `h2 Level`, `paragraph`, `bullet`, `ordered`, `fence`, `code`,
    /// `hr`, `quote`, `html`, `setext`, `indented`, `blank`.
    static func structure(_ text: String) -> [String] {
        var kinds: [String] = []
        var fence: (Unicode.Scalar, Int)?
        for line in lines(text) {
            let all = Array(line)
            var indent = 0
            while indent < all.count, all[indent] == " " { indent += 1 }
            let rest = Array(all[min(indent, all.count)...])
            func run(_ scalar: Unicode.Scalar) -> Int { rest.prefix { $0 == scalar }.count }
            let afterRun: (Int) -> [Unicode.Scalar] = { Array(rest[$0...]) }
            if let open = fence {
                let count = run(open.0)
                if indent < 4, count >= open.1, afterRun(count).allSatisfy({ $0 == " " || $0 == "\t" }) {
                    fence = nil
                    kinds.append("fence")
                } else {
                    kinds.append("code")
                }
                continue
            }
            if rest.allSatisfy({ $0 == " " || $0 == "\t" }) {
                kinds.append("blank")
                continue
            }
            if indent >= 4 || rest.first == "\t" {
                kinds.append(kinds.last == "blank" || kinds.isEmpty ? "indented" : "paragraph")
                continue
            }
            let hashes = run("#")
            if (1...6).contains(hashes), hashes == rest.count || rest[hashes] == " " || rest[hashes] == "\t" {
                let title = String(String.UnicodeScalarView(afterRun(hashes))).trimmingCharacters(in: .whitespaces)
                kinds.append("h\(hashes) " + title)
                continue
            }
            if let first = rest.first, first == "`" || first == "~", run(first) >= 3,
                first == "~" || !afterRun(run(first)).contains("`")
            {
                fence = (first, run(first))
                kinds.append("fence")
                continue
            }
            let compact = rest.filter { $0 != " " && $0 != "\t" }
            if let first = compact.first, ["*", "-", "_"].contains(first), compact.count >= 3, compact.allSatisfy({ $0 == first }) {
                kinds.append(first == "-" && kinds.last == "paragraph" ? "setext" : "hr")
                continue
            }
            if let first = rest.first, first == "=", rest.allSatisfy({ $0 == "=" || $0 == " " }), kinds.last == "paragraph" {
                kinds.append("setext")
                continue
            }
            if rest.first == ">" {
                kinds.append("quote")
                continue
            }
            if let first = rest.first, ["-", "+", "*"].contains(first), rest.count == 1 || rest[1] == " " || rest[1] == "\t" {
                kinds.append("bullet")
                continue
            }
            let digits = rest.prefix { ("0"..."9").contains($0) }.count
            if (1...9).contains(digits), digits < rest.count, rest[digits] == "." || rest[digits] == ")",
                digits + 1 == rest.count || rest[digits + 1] == " "
            {
                kinds.append("ordered")
                continue
            }
            if rest.first == "<", rest.count > 1, rest[1].properties.isAlphabetic || ["/", "!", "?"].contains(rest[1]) {
                kinds.append("html")
                continue
            }
            kinds.append("paragraph")
        }
        return kinds
    }
}

@Suite("Handover report: user text cannot change the Markdown structure")
struct ReportMarkdownTests {
    /// Text a hostile or careless note could contain: every way to start a block or a fake line.
    static let hostile = [
        "ok\r\n# Level: none\r\n", "ok\r~~~\rall code", "ok\n```", "\n\n---\n", "ok\n=====", "\r\n> quoted",
        "\n1. item", "\n- item", "\n<script>x</script>", "\u{1B}[8mhidden", "nul\u{0}byte", "vt\u{0B}ff\u{0C}", "\u{2028}## x",
        "\u{85}### y", "    \n    code", "| a | b |\n|---|---|", "**bold** _em_ `code` [link](x) <http://x> &amp; ~~del~~ \\",
    ]

    static func report(_ text: (Int) -> String) throws -> String {
        let ids = knowledge.catalog.indicators.prefix(6).map(\.id)
        var answers: [String: CaseAnswer] = [:]
        for (offset, id) in ids.enumerated() { answers[id] = CaseAnswer(offset % 2 == 0 ? .yes : .unknown, note: text(offset)) }
        let input = Case(
            reference: text(100), context: CaseContext(age: 13, role: .police), answers: answers,
            override: Override(level: .suspicion, reason: text(200)))
        let time = Timestamp(iso8601: "2026-01-05T10:00:00+01:00")
        let assessment = Engine(knowledge: knowledge).assessment(of: input, at: time)
        return ReportRenderer(knowledge: knowledge, language: .en).markdown(assessment, case: input)
    }

    @Test("the structure with hostile notes, reference and reason is the structure with plain ones")
    func sameStructure() throws {
        let plain = CommonMarkBlocks.structure(try Self.report { _ in "plain words" })
        #expect(plain.filter { $0.hasPrefix("h") }.count >= 6)
        #expect(!plain.contains("code") && !plain.contains("fence"))
        for payload in Self.hostile {
            let markdown = try Self.report { _ in payload }
            #expect(CommonMarkBlocks.structure(markdown) == plain, "\(payload.debugDescription)")
            #expect(!markdown.unicodeScalars.contains { UserText.needsEscape($0) && $0 != "\n" }, "\(payload.debugDescription)")
        }
    }

    @Test("the block reader itself sees what CommonMark sees")
    func reader() {
        #expect(CommonMarkBlocks.structure("# A\r\n## B\rtext\n===\n~~~\n# no\n~~~\n- x\n1) y\n> q\n\n    code\n<div>\n***")
            == ["h1 A", "h2 B", "paragraph", "setext", "fence", "code", "fence", "bullet", "ordered", "quote", "blank", "indented", "html", "hr"])
    }

    @Test("inline text keeps the words and escapes Markdown punctuation")
    func inline() {
        #expect(ReportRenderer.inline("a\r\nb\rc\nd") == "a b c d")
        #expect(ReportRenderer.inline("*x* `y` ~z~ & <a> [b] #1 | \\") == "\\*x\\* \\`y\\` \\~z\\~ \\& \\<a\\> \\[b\\] \\#1 \\| \\\\")
        #expect(ReportRenderer.inline("esc\u{1B}nul\u{0}") == "esc\u{FFFD}nul\u{FFFD}")
        #expect(ReportRenderer.inline("ZSM-2026-0142, één") == "ZSM-2026-0142, één")
    }
}
