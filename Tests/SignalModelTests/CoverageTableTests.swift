import Foundation
import Testing

@testable import SignalModel

/// The interview coverage table in docs/USAGE.md, recomputed here by driving the state machine with
/// a truthful answerer (it answers whatever question comes from the case's facts; it does not know
/// the order). `Scripts/coverage.sh` computes the same table by driving the built binary through
/// its prompts; the two must agree, so a change to the interview that changes coverage, length or
/// level fails here until the table is regenerated (Scripts/coverage.sh --write-docs).
enum CoverageBenchmark {
    struct Row {
        var id: String
        var kind: String
        var role: String
        var offence: String
        var facts: Int
        var captured: Int
        var prompts: Int
        var fullLevel: Level
        var interviewLevel: Level
        /// The total shown with every question from the one after the offence on ("Question n of
        /// total"), and the number of questions the interview asked in the end.
        var totalsAfterOffence: [Int] = []
        var asked = 0
    }

    /// (id, kind, case JSON object) for the written cases, then the bundled scenarios.
    static func cases() throws -> [(String, String, [String: Any])] {
        var result: [(String, String, [String: Any])] = []
        let written = try Data(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/coverage/cases.json"))
        let object = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        for entry in try #require(object["cases"] as? [[String: Any]]) {
            result.append((try #require(entry["id"] as? String), "written", try #require(entry["case"] as? [String: Any])))
        }
        let folder = repositoryRoot.appendingPathComponent("Resources/scenarios")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".json") {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let scenario = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            var answers: [String: String] = [:]
            for stage in try #require(scenario["stages"] as? [[String: Any]]) {
                for question in try #require(stage["questions"] as? [[String: Any]]) {
                    answers[try #require(question["indicator"] as? String)] = try #require(question["expert"] as? String)
                }
            }
            result.append((
                try #require(scenario["id"] as? String), "scenario",
                ["version": 1, "context": try #require(scenario["context"]), "answers": answers]
            ))
        }
        return result
    }

    static func row(id: String, kind: String, json: [String: Any]) throws -> Row {
        let full = try Case.decode(Array(try JSONSerialization.data(withJSONObject: json)), knowledge: knowledge)
        let context = full.context
        let facts = Set(full.answers.filter { $0.value.answer == .yes }.keys)
        var interview = Interview(
            knowledge: knowledge, role: context.role,
            assessedAt: context.assessedAt ?? Timestamp(iso8601: "2026-11-18T14:00:00+01:00"))
        var prompts = 0
        var totals: [Int] = []
        var afterOffence = false
        // The officer's screen: 80 columns, 24 rows. Every checklist page is a prompt, and so is `m`.
        let layout = ChecklistLayout(knowledge: knowledge, language: .en, width: 80, rows: 24)
        while var question = interview.current {
            prompts += 1
            if afterOffence { totals.append(interview.progress.estimatedTotal) }
            if question.id == .gate(.offence) { afterOffence = true }
            if question.id == .checklist {
                var pages = layout.pages(question.checklist, numbers: interview.itemNumbers)
                var seen = Set<String>()
                var index = 0
                while index < pages.count {
                    seen.formUnion(pages[index].flatMap(\.items).map(\.id))
                    // On the last page, facts not on any page so far: `m` shows the hidden families
                    // (the page stays; they follow as more pages).
                    let listed = facts.filter { knowledge.catalog.indicator($0)?.kind != .acute }
                    if index == pages.count - 1, !listed.isSubset(of: seen), !interview.hiddenItems.isEmpty {
                        interview.expandChecklist()
                        prompts += 1
                        question = try #require(interview.current)
                        pages = layout.pages(question.checklist, numbers: interview.itemNumbers)
                    }
                    index += 1
                    if index < pages.count { prompts += 1 }
                }
            }
            let answer: InterviewAnswer
            switch question.id {
            case .gate(.age): answer = .age(context.age)
            case .gate(.acuteDanger): answer = .answer(context.acuteDanger)
            case .gate(.guardianPresent): answer = .answer(context.guardianPresent)
            case .gate(.registeredInNL): answer = .answer(context.registeredInNL)
            case .gate(.offence): answer = .offence(context.offence)
            case .region: answer = .region(context.region)
            case .reference: answer = .text(nil)
            case .checklist: answer = .checklist(facts.intersection(question.checklist.flatMap(\.items).map(\.id)))
            case .indicator(let indicator): answer = .answer(full.answers[indicator]?.answer ?? .unknown)
            }
            try interview.answer(answer)
            #expect(prompts < 100)
            if prompts >= 100 { break }
        }
        let engine = Engine(knowledge: knowledge)
        let interviewed = interview.case
        let captured = facts.filter { interviewed.answers[$0]?.answer == .yes }.count
        return Row(
            id: id, kind: kind, role: context.role.rawValue, offence: context.offence ?? "-", facts: facts.count,
            captured: captured, prompts: prompts, fullLevel: engine.assessment(of: full).level,
            interviewLevel: engine.assessment(of: interviewed).level, totalsAfterOffence: totals, asked: interview.path.count)
    }

    static func rows() throws -> [Row] {
        try cases().map { try row(id: $0.0, kind: $0.1, json: $0.2) }
    }

    /// The same text `Scripts/coverage.py` writes between the markers in docs/USAGE.md.
    static func render(_ rows: [Row]) -> String {
        var lines = [
            "| case | kind | role | offence | true facts | captured | prompts | level (score) | level (interview) |",
            "|---|---|---|---|---:|---:|---:|---|---|",
        ]
        for row in rows {
            let mark = row.fullLevel == row.interviewLevel ? "" : " ✗"
            lines.append(
                "| \(row.id) | \(row.kind) | \(row.role) | \(row.offence) | \(row.facts) | \(row.captured) | \(row.prompts) | "
                    + "\(row.fullLevel.rawValue) | \(row.interviewLevel.rawValue)\(mark) |")
        }
        let facts = rows.map(\.facts).reduce(0, +)
        let captured = rows.map(\.captured).reduce(0, +)
        let prompts = rows.map(\.prompts).sorted()
        let equal = rows.filter { $0.fullLevel == $0.interviewLevel }.count
        let median =
            prompts.count % 2 == 1
            ? Double(prompts[prompts.count / 2]) : Double(prompts[prompts.count / 2 - 1] + prompts[prompts.count / 2]) / 2
        let medianText = median == median.rounded() ? String(Int(median)) : String(median)
        lines.append("")
        lines.append(
            "\(rows.count) cases: \(captured) of \(facts) true facts captured ("
                + String(format: "%.1f", 100.0 * Double(captured) / Double(max(facts, 1)))
                + " %); level equal to `signaal score` in \(equal) of \(rows.count); prompts median \(medianText), most \(prompts.last ?? 0).")
        return lines.joined(separator: "\n")
    }
}

@Suite("Interview coverage benchmark")
struct CoverageTableTests {
    @Test("the coverage table in docs/USAGE.md is what the interview does now")
    func readmePinned() throws {
        let rows = try CoverageBenchmark.rows()
        let table = CoverageBenchmark.render(rows)
        let readme = try String(contentsOf: repositoryRoot.appendingPathComponent("docs/USAGE.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- coverage:start -->\n"))
        let end = try #require(readme.range(of: "\n<!-- coverage:end -->"))
        let committed = String(readme[start.upperBound..<end.lowerBound])
        #expect(committed == table, "docs/USAGE.md coverage table is stale: run Scripts/coverage.sh --write-docs and review the diff")
    }

    @Test("targets: ≥ 95 % of true facts captured, level equal in every case, median ≤ 12 prompts (checklist pages on 80x24 counted), none over 25")
    func targets() throws {
        let rows = try CoverageBenchmark.rows()
        let facts = rows.map(\.facts).reduce(0, +)
        let captured = rows.map(\.captured).reduce(0, +)
        #expect(captured * 100 >= 95 * facts, "\(captured) of \(facts) facts captured")
        for row in rows {
            #expect(row.fullLevel == row.interviewLevel, "\(row.id): interview \(row.interviewLevel), score \(row.fullLevel)")
            #expect(row.prompts <= 25, "\(row.id): \(row.prompts) prompts")
        }
        let prompts = rows.map(\.prompts).sorted()
        #expect(prompts[prompts.count / 2] <= 12)
        // Every offence type and every role is in the benchmark, and cases with one weak signal.
        let written = try CoverageBenchmark.cases().filter { $0.1 == "written" }.map { try CoverageBenchmark.row(id: $0.0, kind: $0.1, json: $0.2) }
        #expect(Set(written.map(\.offence)).isSuperset(of: knowledge.catalog.offences.map(\.id)))
        #expect(Set(written.map(\.role)) == Set(Role.allCases.map(\.rawValue)))
        #expect(written.filter { $0.facts == 1 && $0.fullLevel == .attention }.count >= 5)
        // At least ten cases hold a true fact the checklist fitted to their offence and role does
        // not show (so 100 % does not follow from how the cases were chosen): reached only with m.
        var outside = 0
        for (id, _, json) in try CoverageBenchmark.cases() {
            let full = try Case.decode(Array(try JSONSerialization.data(withJSONObject: json)), knowledge: knowledge)
            let hidden = Set(InterviewPlan.hidden(catalog: knowledge.catalog, offence: full.context.offence, role: full.context.role)
                .flatMap(\.items).map(\.id))
            let facts = Set(full.answers.filter { $0.value.answer == .yes }.keys)
            if !facts.isDisjoint(with: hidden) { outside += 1 }
            if id.hasPrefix("hidden_") { #expect(!facts.isDisjoint(with: hidden), "\(id): no fact outside the fitted checklist") }
        }
        #expect(outside >= 10)
    }
}
