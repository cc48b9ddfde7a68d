import Foundation
import SignalModel
import Testing

@testable import SignaalCLI

/// The README's statements of fact — counts, limits, figures — against the data and the code, so a
/// change to either that makes the README wrong fails here (issue 22, N15). Dated measurements
/// (benchmarks, fuzz runs) say when they were taken and are not checked. The coverage table has its
/// own test (CoverageTableTests).
@Suite("README: counts and limits are the program's")
struct ReadmeFactsTests {
    static let readme: String = (try? String(contentsOf: Binary.root.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
    static let knowledge = Knowledge.bundled

    /// Whether the README says `phrase` (white space, including line breaks, matched loosely).
    static func says(_ phrase: String) -> Bool {
        let words = phrase.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let text = readme.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return text.contains(words)
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
        #expect(Self.says("holds \(bad) bad inputs"), "README: \(bad) bad inputs")
        let data = try Data(contentsOf: Binary.root.appendingPathComponent("Tests/Fixtures/coverage/cases.json"))
        let cases = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["cases"] as? [Any]).count
        #expect(Self.says("through \(cases) cases written for it"), "README: \(cases) coverage cases")
    }

    @Test("limits: reference, note, age, problems reported, batch line, single case, --jobs")
    func limits() {
        #expect(Self.says("`reference` is 1–\(Case.maximumReferenceLength) and a note or `reason` at most \(Case.maximumNoteLength)"))
        #expect(Self.says("(up to \(Case.maximumReportedProblems),"))
        #expect(Self.says("`context.age` (0–120"))
        #expect(BatchScorer.maximumLineLength == 1 << 20 && Self.says("A line may be 1 MiB"))
        #expect(InputReader.maximumSize == 256 * 1024 * 1024 && Self.says("a single case larger than 256 MB is refused"))
        #expect(Self.says("`--jobs N` (`-j N`, 1–\(BatchScore.maximumJobs),"))
    }

    @Test("office hours as the README gives them: Monday–Friday 09:00–17:00 except Dutch public holidays")
    func officeHours() throws {
        let hours = Self.knowledge.routing.officeHours
        #expect(hours.weekdays == [1, 2, 3, 4, 5] && hours.opens == 9 * 60 && hours.closes == 17 * 60)
        #expect(Self.says("hours: Monday–Friday 09:00–17:00 in the local time written in the case, except Dutch public holidays"))
        // King's Day 2026 is a Monday: not office hours.
        let kingsDay = try #require(Timestamp(iso8601: "2026-04-27T10:00:00+02:00"))
        #expect(kingsDay.weekday == 1 && !hours.contains(kingsDay))
        #expect(!Self.says("Public holidays are not known"))
    }
}
