import Foundation
import Testing

/// Many real cases as NDJSON lines, for the record and schema tests: the fixture cases, the
/// scenarios' cases (context + expert answers), the benchmark's generated cases
/// (`Scripts/bench_data.py`) and seeded cases that reach what those do not (every role, no or
/// unknown age, adults, regions, overrides, notes with quotes and escapes, no offence).
enum RecordCorpus {
    static let time = "2026-11-24T10:00:00+01:00"

    static func fixtures() throws -> [String] { try Golden.caseNames.map(Batch.line) }

    /// Each bundled scenario as the case its expert answers make.
    static func scenarios() throws -> [String] {
        let folder = Binary.root.appendingPathComponent("Resources/scenarios")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }.sorted()
        #expect(names.count >= 10)
        return try names.map { name in
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let scenario = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            var answers: [String: Any] = [:]
            for stage in try #require(scenario["stages"] as? [[String: Any]]) {
                for question in stage["questions"] as? [[String: Any]] ?? [] {
                    let id = try #require(question["indicator"] as? String)
                    answers[id] = try #require(question["expert"] as? String)
                }
            }
            let object: [String: Any] = [
                "version": 1, "reference": try #require(scenario["id"] as? String), "context": try #require(scenario["context"]),
                "answers": answers,
            ]
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
    }

    /// The benchmark's cases: the generator `Scripts/bench.sh` times, with its default seed.
    static func bench(_ count: Int) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "Scripts/bench_data.py", "cases", String(count), "8"]
        process.currentDirectoryURL = Binary.root
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "Scripts/bench_data.py failed (python3 is needed, as for Scripts/bench.sh)")
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.count == count)
        return lines
    }

    /// Seeded cases over the catalogue's indicators, offences and regions (from `signaal knowledge`).
    static func generated(_ count: Int, knowledge: [String: Any]) throws -> [String] {
        let indicators = try #require(knowledge["indicators"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        let offences = try #require(knowledge["offences"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        let regions = try #require(knowledge["regions"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        let roles = ["police", "zsm", "education", "care", "municipality", "rvdk", "other"]
        let states = ["yes", "no", "unknown"]
        let notes = ["zegt \"niets\" over het geld", "tab\there, back\\slash", "€ 340 in kleine biljetten", "line\u{2028}separator", "ok"]
        var state: UInt64 = 24
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        return try (0..<count).map { number in
            var answers: [String: Any] = [:]
            for _ in 0..<next(16) {
                let id = indicators[next(indicators.count)]
                let answer = states[next(3)]
                answers[id] = next(4) == 0 ? ["answer": answer, "note": notes[next(notes.count)]] : answer
            }
            var context: [String: Any] = [
                "age": [13, 15, 9, 11, 17, 19, "unknown"][next(7)], "role": roles[next(roles.count)],
                "acuteDanger": states[next(3)], "guardianPresent": states[next(3)], "registeredInNL": states[next(3)],
            ]
            if next(4) > 0 { context["offence"] = offences[next(offences.count)] }
            if next(3) > 0 { context["region"] = regions[next(regions.count)] }
            if next(2) == 0 { context["assessedAt"] = "2026-12-0\(1 + next(7))T\(10 + next(14)):15:00+01:00" }
            var object: [String: Any] = ["version": 1, "context": context, "answers": answers]
            if next(2) == 0 { object["reference"] = "GEN-2026-\(number)" }
            if next(6) == 0 {
                object["override"] = ["level": ["none", "attention", "suspicion", "acute"][next(4)], "reason": notes[next(notes.count)]]
            }
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
    }

    /// `signaal knowledge --format json` in a language, parsed.
    static func knowledge(_ language: String) throws -> [String: Any] {
        let result = try Binary.run(["knowledge", "--format", "json", "--lang", language])
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    /// Every kind of case above, as NDJSON lines: every fixture and scenario, `count` benchmark
    /// cases and 600 seeded ones. Without SIGNAAL_EXHAUSTIVE=1 (`Scripts/test.sh --quick`, a plain
    /// `swift test`) a tenth of the benchmark and seeded cases: the full run (CI) checks them all.
    static func all(bench count: Int = 1_000) throws -> [String] {
        let share = Exhaustive.on ? 1 : 10
        return try fixtures() + scenarios() + bench(count / share) + generated(600 / share, knowledge: knowledge("en"))
    }

    /// The batch output of `lines` with these options (`--at` fixed), one parsed object per record.
    static func records(_ lines: [String], _ options: [String]) throws -> [[String: Any]] {
        try output(lines, options).records
    }

    /// The batch output of `lines` with these options (`--at` fixed): the text as written, and one
    /// parsed object per record.
    static func output(_ lines: [String], _ options: [String]) throws -> (text: String, records: [[String: Any]]) {
        let result = try Binary.run(["score", "--batch", "--at", time] + options + ["-"], stdin: Batch.ndjson(lines))
        try #require(result.status == 0, "\(options): \(result.stderr.prefix(2_000))")
        let records = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        try #require(records.count == lines.count)
        return (result.stdout, records)
    }
}
