import Foundation
import SignalKnowledge
import SignalModel
import Testing

@testable import SignaalCLI

/// The README's and the guides' statements of fact — counts, limits, figures — against the data and
/// the code, so a change to either that makes a document wrong fails here (issue 22, N15). Each fact
/// is checked in the document that holds it: the README is the front door (issue 23), the details
/// live in docs/USAGE.md and docs/DEVELOPMENT.md. Dated measurements (benchmarks, fuzz runs) say when
/// they were taken and are not checked. The coverage table has its own test (CoverageTableTests).
@Suite("README and guides: counts and limits are the program's")
struct ReadmeFactsTests {
    static func document(_ path: String) -> String {
        (try? String(contentsOf: Binary.root.appendingPathComponent(path), encoding: .utf8)) ?? ""
    }
    static let readme = document("README.md")
    static let usage = document("docs/USAGE.md")
    static let development = document("docs/DEVELOPMENT.md")
    static let knowledge = Knowledge.bundled

    /// Whether `text` says `phrase` (white space, including line breaks, matched loosely).
    static func says(_ phrase: String, in text: String = ReadmeFactsTests.readme) -> Bool {
        let words = phrase.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return flat.contains(words)
    }

    static let numberWords = ["eleven": 11, "twelve": 12]

    @Test("the catalogue: problem-based indicators and families")
    func catalogue() {
        let scored = Self.knowledge.catalog.indicators.filter(\.isScored).count
        let families = Set(Self.knowledge.catalog.indicators.filter(\.isScored).map(\.family)).count
        let word = Self.numberWords.first { $0.value == families }?.key ?? String(families)
        #expect(Self.says("\(scored) problem-based indicators in \(word) families"), "README: update to \(scored) indicators in \(families) families")
    }

    @Test("the bundled scenarios, the bad-input corpus and the coverage cases are as many as the README says")
    func corpusCounts() throws {
        let scenarios = try Scenario.bundled(in: Self.knowledge).count
        #expect(Self.says("\(scenarios) classroom cases built from the sources"), "README: \(scenarios) classroom cases")
        let bad = try FileManager.default.contentsOfDirectory(atPath: Binary.root.appendingPathComponent("Tests/Fixtures/bad").path)
            .filter { $0 != "manifest.json" && !$0.hasPrefix(".") }.count
        #expect(Self.says("holds \(bad) bad inputs", in: Self.development), "docs/DEVELOPMENT.md: \(bad) bad inputs")
        let data = try Data(contentsOf: Binary.root.appendingPathComponent("Tests/Fixtures/coverage/cases.json"))
        let cases = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["cases"] as? [Any]).count
        #expect(Self.says("through \(cases) cases written for it", in: Self.usage), "docs/USAGE.md: \(cases) coverage cases")
        #expect(Self.says("over \(cases) written cases"), "README: \(cases) coverage cases")
    }

    @Test("limits: reference, note, age, problems reported, batch line, single case, --jobs")
    func limits() {
        #expect(Self.says("`reference` is 1–\(Case.maximumReferenceLength) and a note or `reason` at most \(Case.maximumNoteLength)", in: Self.usage))
        #expect(Self.says("(up to \(Case.maximumReportedProblems),", in: Self.usage))
        #expect(Self.says("`context.age` (0–120", in: Self.usage))
        #expect(BatchScorer.maximumLineLength == 1 << 20 && Self.says("A line may be 1 MiB", in: Self.usage))
        #expect(InputReader.maximumSize == 256 * 1024 * 1024 && Self.says("a single case larger than 256 MB is refused", in: Self.development))
        #expect(Self.says("`--jobs N` (`-j N`, 1–\(BatchScore.maximumJobs),", in: Self.usage))
    }

    @Test("office hours as the README gives them: Monday–Friday 09:00–17:00 except Dutch public holidays")
    func officeHours() throws {
        let hours = Self.knowledge.routing.officeHours
        #expect(hours.weekdays == [1, 2, 3, 4, 5] && hours.opens == 9 * 60 && hours.closes == 17 * 60)
        #expect(Self.says("hours: Monday–Friday 09:00–17:00 in the local time written in the case, except Dutch public holidays"))
        // King's Day 2026 is a Monday: not office hours.
        let kingsDay = try #require(Timestamp(iso8601: "2026-04-27T10:00:00+02:00"))
        #expect(kingsDay.weekday == 1 && !hours.contains(kingsDay))
        for text in [Self.readme, Self.usage, Self.development] { #expect(!Self.says("Public holidays are not known", in: text)) }
    }
}

/// The README is the front door (issue 23): what Signaal is, the two commands at the very top, the
/// three users, and links; everything else lives in docs/.
@Suite("README: a front door with working links")
struct ReadmeFrontDoorTests {
    static let readme = ReadmeFactsTests.readme

    @Test("at most 250 lines, opening with the run and test commands")
    func short() {
        #expect(Self.readme.split(separator: "\n", omittingEmptySubsequences: false).count <= 250)
        #expect(Self.readme.hasPrefix("""
            # Signaal

            ```sh
            swift run signaal triage        # the interview at an arrest, on the built-in catalogue, no setup
            ./Scripts/test.sh               # the tests: swift build, swift test, then the terminal, fuzz and install checks
            """))
        for command in ["signaal triage", "signaal score", "signaal scenario"] {
            #expect(Self.readme.contains("`\(command)`"), "README: a section for \(command)")
        }
    }

    /// GitHub's anchor for a heading: lower case, punctuation other than '-' and '_' dropped, spaces → '-'.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().unicodeScalars.compactMap { scalar -> Character? in
            if scalar == " " { return "-" }
            if scalar == "-" || scalar == "_" || CharacterSet.alphanumerics.contains(scalar) { return Character(scalar) }
            return nil
        })
    }

    @Test("every link to a file of the repository names a file that exists, and every #anchor a heading in it")
    func links() throws {
        let pattern = try NSRegularExpression(pattern: #"\]\(([^)#\s]+)(#[^)\s]+)?\)"#)
        let range = NSRange(Self.readme.startIndex..., in: Self.readme)
        var checked = 0
        for match in pattern.matches(in: Self.readme, range: range) {
            guard let path = Range(match.range(at: 1), in: Self.readme).map({ String(Self.readme[$0]) }),
                !path.contains("://")
            else { continue }
            let url = Binary.root.appendingPathComponent(path)
            #expect(FileManager.default.fileExists(atPath: url.path), "README links to \(path), which does not exist")
            checked += 1
            if let fragment = Range(match.range(at: 2), in: Self.readme).map({ String(Self.readme[$0].dropFirst()) }) {
                let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
                let anchors = text.split(separator: "\n").filter { $0.hasPrefix("#") }
                    .map { Self.anchor(String($0.drop { $0 == "#" }.dropFirst())) }
                #expect(anchors.contains(fragment), "README links to \(path)#\(fragment), a heading \(path) does not have")
            }
        }
        #expect(checked >= 8)
    }
}
