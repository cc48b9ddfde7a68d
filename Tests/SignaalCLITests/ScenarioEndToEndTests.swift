import Foundation
import Testing

/// Scenario fixtures and their exact expected outputs under Tests/Fixtures/scenarios/expected.
/// Set SIGNAAL_UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change, then review
/// the diff before committing.
enum ScenarioGolden {
    static let fixtures = "Tests/Fixtures/scenarios"
    static let trolley = fixtures + "/fixture_grandfather_trolley.json"
    static let motherDaughter = fixtures + "/fixture_mother_daughter.json"
    static let wrong = fixtures + "/wrong/fixture_wrong_expectations.json"
    static let classAnswers = fixtures + "/answers/fixture_grandfather_trolley.class.json"
    static let expected = Binary.root.appendingPathComponent(fixtures + "/expected")

    /// The note `check` gives on stderr when `count` quotes could not be looked up.
    static func sourcesHint(_ count: Int) -> String {
        "Note: for \(count) quotes only the source and line numbers were checked, not the text. Give --sources DIR "
            + "(the folder with 000_e80dfccad85e2995.txt etc.) to look up every quote in its source.\n"
    }

    /// Compares `actual` with the expected file, or writes it when updating.
    static func check(_ actual: String, against name: String) throws {
        let url = expected.appendingPathComponent(name)
        if Golden.updating {
            try GoldenUpdate.write(actual, to: url)
            return
        }
        let wanted = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == wanted, "output differs from \(fixtures)/expected/\(name)")
    }

    /// The bundled scenario files (the ones `check Resources/scenarios` reads).
    static var bundledFiles: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Binary.root.appendingPathComponent("Resources/scenarios").path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    /// The id inside a bundled scenario file.
    static func id(ofBundled name: String) throws -> String {
        let data = try Data(contentsOf: Binary.root.appendingPathComponent("Resources/scenarios/" + name))
        let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        return try #require(object?["id"] as? String)
    }
}

@Suite("signaal scenario check, end to end")
struct ScenarioCheckEndToEndTests {
    @Test("signaal scenario check Resources/scenarios passes: one PASS line per bundled scenario")
    func bundled() throws {
        let files = ScenarioGolden.bundledFiles
        #expect(files.count >= 12)
        let result = try Binary.run(["scenario", "check", "Resources/scenarios"], directory: Binary.root)
        #expect(result.status == 0, "\(result.stdout)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == files.count)
        for (line, file) in zip(lines, files) {
            #expect(line.hasPrefix("PASS Resources/scenarios/\(file) — "), "\(line)")
            #expect(line.hasSuffix(" quotes NOT verified (seed text not given)"), "\(line)")
        }
        #expect(result.stderr.hasPrefix("\(files.count) passed, 0 failed\nNote: for "))
    }

    @Test("scenario check without a path checks the bundled scenarios; with --sources every quote is found",
        .enabled(if: SourceTexts.available, SourceTexts.skipReason))
    func bundledWithSources() throws {
        let files = ScenarioGolden.bundledFiles
        let result = try Binary.run(["scenario", "check", "--sources", SourceTexts.path])
        #expect(result.status == 0, "\(result.stdout)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == files.count)
        for (line, file) in zip(lines, files) {
            #expect(line.hasPrefix("PASS Resources/scenarios/\(file) — "), "\(line)")
            #expect(line.range(of: #"; [1-9][0-9]* quotes found in the seed texts$"#, options: .regularExpression) != nil, "\(line)")
        }
        #expect(result.stderr == "\(files.count) passed, 0 failed\n")
    }

    /// A copy of the trolley fixture with one citation changed, in a temporary file.
    static func trolleyWith(_ change: (inout [String: Any]) -> Void) throws -> URL {
        let data = try Data(contentsOf: Binary.root.appendingPathComponent(ScenarioGolden.trolley))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        change(&object)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-cite-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        return url
    }

    /// Changes the first citation of the first question of the first stage.
    static func firstQuestionCitation(_ object: inout [String: Any], _ change: (inout [String: Any]) -> Void) {
        var stages = object["stages"] as? [[String: Any]] ?? []
        var questions = stages[0]["questions"] as? [[String: Any]] ?? []
        var citations = questions[0]["citations"] as? [[String: Any]] ?? []
        change(&citations[0])
        questions[0]["citations"] = citations
        stages[0]["questions"] = questions
        object["stages"] = stages
    }

    /// The trolley fixture with a quote that is in no source.
    static func fabricated() throws -> URL {
        try Self.trolleyWith { object in
            Self.firstQuestionCitation(&object) { $0["quote"] = "De grootvader gaf het meisje een lijst met boodschappen om te stelen." }
        }
    }

    @Test("a fabricated quote without --sources is reported as not verified, with the hint to give them")
    func fabricatedQuoteUnchecked() throws {
        let file = try Self.fabricated()
        defer { try? FileManager.default.removeItem(at: file) }
        let unchecked = try Binary.run(["scenario", "check", file.path])
        #expect(unchecked.status == 0)
        #expect(unchecked.stdout.hasSuffix("; 5 quotes NOT verified (seed text not given)\n"))
        #expect(unchecked.stderr == "1 passed, 0 failed\n" + ScenarioGolden.sourcesHint(5))
    }

    @Test("a fabricated quote fails check with --sources, naming the citation", .enabled(if: SourceTexts.available, SourceTexts.skipReason))
    func fabricatedQuote() throws {
        let file = try Self.fabricated()
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Binary.run(["scenario", "check", file.path, "--sources", SourceTexts.path])
        #expect(result.status == 65)
        #expect(
            result.stdout == """
                FAIL \(file.path) — fixture_grandfather_trolley
                  citation $.stages[0].questions[0].citations[0] (000_e80dfccad85e2995.txt L621): the quote is not at those lines: “De grootvader gaf het meisje een lijst met boodschappen om te stelen.”

                """)
        #expect(result.stderr == "0 passed, 1 failed\n")
    }

    @Test("a line outside the source fails check without --sources")
    func outOfRange() throws {
        let far = try Self.trolleyWith { object in Self.firstQuestionCitation(&object) { $0["lines"] = [99_999, 99_999] } }
        defer { try? FileManager.default.removeItem(at: far) }
        let result = try Binary.run(["scenario", "check", far.path])
        #expect(result.status == 65)
        #expect(result.stdout.hasPrefix("FAIL \(far.path):"), "\(result.stdout)")
        #expect(result.stdout.contains("$.stages[0].questions[0].citations[0].lines[0]: 99999 is outside the range 1–2596"), "\(result.stdout)")
    }

    @Test("a line outside the source fails check with --sources; so does a real quote on the wrong line",
        .enabled(if: SourceTexts.available, SourceTexts.skipReason))
    func outOfRangeWithSources() throws {
        let far = try Self.trolleyWith { object in Self.firstQuestionCitation(&object) { $0["lines"] = [99_999, 99_999] } }
        defer { try? FileManager.default.removeItem(at: far) }
        let withSources = try Binary.run(["scenario", "check", far.path, "--sources", SourceTexts.path])
        #expect(withSources.status == 65)
        #expect(withSources.stdout.contains("$.stages[0].questions[0].citations[0].lines[0]: 99999 is outside the range 1–2596"), "\(withSources.stdout)")

        let moved = try Self.trolleyWith { object in Self.firstQuestionCitation(&object) { $0["lines"] = [10, 12] } }
        defer { try? FileManager.default.removeItem(at: moved) }
        let wrongLine = try Binary.run(["scenario", "check", moved.path, "--sources", SourceTexts.path])
        #expect(wrongLine.status == 65)
        #expect(wrongLine.stdout.contains("citation $.stages[0].questions[0].citations[0] (000_e80dfccad85e2995.txt L10–12): the quote is not at those lines"))
    }

    /// A copy of a bundled scenario with stage 1's story (both languages) replaced, in a temporary file.
    static func bundledWithNeutralFirstStage(_ name: String) throws -> URL {
        let data = try Data(contentsOf: Binary.root.appendingPathComponent("Resources/scenarios/" + name))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var stages = try #require(object["stages"] as? [[String: Any]])
        stages[0]["narrative"] = ["nl": "Het is een rustige dag; er gebeurt niets bijzonders.", "en": "It is a quiet day; nothing unusual happens."]
        object["stages"] = stages
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-neutral-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]).write(to: url)
        return url
    }

    @Test("a bundled scenario whose stage-1 story is made neutral while its expert answers stay yes fails check: the answers rest on nothing told")
    func neutralFirstStage() throws {
        // night_arrest_no_guardian: stage 1 answers two questions "yes" (direction at the scene, doubtful identity).
        // The evidence check needs no seed texts, so this runs with or without SIGNAAL_SOURCES.
        let original = try Binary.run(
            ["scenario", "check", "Resources/scenarios/night_arrest_no_guardian.json"], directory: Binary.root)
        #expect(original.status == 0, "\(original.stdout)")
        let file = try Self.bundledWithNeutralFirstStage("night_arrest_no_guardian.json")
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Binary.run(["scenario", "check", file.path])
        #expect(result.status == 65)
        // Level, route and citations are unchanged; only the evidence fails, in both languages.
        #expect(
            result.stdout == """
                FAIL \(file.path) — night_arrest_no_guardian
                  $.stages[0].questions[0].evidence[0].nl (instigation.adult_instructs_at_scene): this is not in the story told up to and including this stage: “Een jongen van ongeveer 14 rolt een portemonnee; op camerabeelden zie je dat een man verderop hem met knikjes aanwijst wie hij moet nemen.”
                  $.stages[0].questions[0].evidence[0].en (instigation.adult_instructs_at_scene): this is not in the story told up to and including this stage: “A boy of about 14 picks a wallet; on CCTV you see a man further along pointing out with nods whom to take.”
                  $.stages[0].questions[1].evidence[0].nl (identity.doubtful): this is not in the story told up to and including this stage: “De jongen heeft geen papieren en zegt dat zijn ouders in het buitenland zijn.”
                  $.stages[0].questions[1].evidence[0].en (identity.doubtful): this is not in the story told up to and including this stage: “The boy has no papers and says his parents are abroad.”

                """)
        #expect(result.stderr.hasPrefix("0 passed, 1 failed\n"))
        let dutch = try Binary.run(["scenario", "check", file.path, "--lang", "nl"])
        #expect(dutch.status == 65)
        #expect(dutch.stdout.contains("$.stages[0].questions[0].evidence[0].nl (instigation.adult_instructs_at_scene): dit staat niet in het verhaal tot en met dit deel: “Een jongen"))
    }

    @Test("every bundled scenario fails check once its stage-1 story is neutral, when stage 1 has a yes or no answer")
    func everyBundledNeutralFirstStage() throws {
        for name in ScenarioGolden.bundledFiles {
            let data = try Data(contentsOf: Binary.root.appendingPathComponent("Resources/scenarios/" + name))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let stages = try #require(object["stages"] as? [[String: Any]])
            let firstAnswers = (stages[0]["questions"] as? [[String: Any]] ?? []).compactMap { $0["expert"] as? String }
            guard firstAnswers.contains(where: { $0 != "unknown" }) else { continue }
            let file = try Self.bundledWithNeutralFirstStage(name)
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try Binary.run(["scenario", "check", file.path])
            #expect(result.status == 65, "\(name): \(result.stdout)")
            #expect(result.stdout.contains("$.stages[0].questions["), "\(name): \(result.stdout)")
            #expect(result.stdout.contains("this is not in the story told up to and including this stage"), "\(name)")
        }
    }

    @Test("an answer that rests on a later stage, an answer without evidence and an 'unknown' that states the fact each fail check, located")
    func evidenceProblems() throws {
        let file = try Self.trolleyWith { object in
            var stages = object["stages"] as? [[String: Any]] ?? []
            var questions = stages[0]["questions"] as? [[String: Any]] ?? []
            // 1.1 rests on a sentence told only in stage 2.
            questions[0]["evidence"] = [["nl": "De man blijkt de opa van het meisje te zijn.", "en": "The man turns out to be the girl's grandfather."]]
            // 1.2 becomes an unknown whose reason opens with the fact.
            questions[1]["reason"] = ["nl": "Onbekend. Hij gaf haar aanwijzingen bij de kassa.", "en": "Unknown. He directed her at the till."]
            stages[0]["questions"] = questions
            var second = stages[1]["questions"] as? [[String: Any]] ?? []
            second[0]["expert"] = "yes"
            stages[1]["questions"] = second
            object["stages"] = stages
        }
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try Binary.run(["scenario", "check", file.path])
        #expect(result.status == 65)
        #expect(result.stdout.contains("  $.stages[0].questions[0].evidence[0].nl (instigation.adult_nearby): this is only told in stage 2: “De man blijkt de opa van het meisje te zijn.”\n"), "\(result.stdout)")
        #expect(result.stdout.contains("  $.stages[0].questions[1].reason.nl (instigation.adult_instructs_at_scene): 'unknown', but the reason opens with a fact: “Hij gaf haar aanwijzingen bij de kassa”."), "\(result.stdout)")
        #expect(result.stdout.contains("  $.stages[1].questions[0] (proceeds.handed_over): the answer 'yes' names no sentence of the story (evidence) it rests on\n"), "\(result.stdout)")
    }

    @Test("--sources with no seed texts in it exits 66 and says what it looked for")
    func sourcesMissing() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-noseeds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let result = try Binary.run(["scenario", "check", "--sources", empty.path])
        #expect(result.status == 66)
        #expect(result.stdout == "")
        #expect(result.stderr == "signaal: \(empty.path): no seed texts found (expected files such as 000_e80dfccad85e2995.txt)\n")
    }

    @Test("the valid fixtures pass, one line per file")
    func fixtures() throws {
        let result = try Binary.run(["scenario", "check", ScenarioGolden.fixtures], directory: Binary.root)
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                PASS Tests/Fixtures/scenarios/fixture_grandfather_trolley.json — fixture_grandfather_trolley: attention, 3 route steps; 5 quotes NOT verified (seed text not given)
                PASS Tests/Fixtures/scenarios/fixture_mother_daughter.json — fixture_mother_daughter: suspicion, 4 route steps; 6 quotes NOT verified (seed text not given)

                """)
        #expect(result.stderr == "2 passed, 0 failed\n" + ScenarioGolden.sourcesHint(11))
    }

    @Test("the deliberately wrong fixture fails with exit 65 and the exact readable difference")
    func wrong() throws {
        let result = try Binary.run(["scenario", "check", ScenarioGolden.wrong], directory: Binary.root)
        #expect(result.status == 65)
        #expect(
            result.stdout == """
                FAIL Tests/Fixtures/scenarios/wrong/fixture_wrong_expectations.json — fixture_wrong_expectations
                  level: expected suspicion, the engine gives attention
                  route: expected 4 steps, the engine gives 3
                    missing: call_112 (expected as step 1)
                    missing: establish_custody (expected as step 2)
                    missing: zorgmelding_under12 (expected as step 3)
                    extra: zorgmelding_under12_signals (step 1 from the engine)
                    extra: avim_adults_under12 (step 2 from the engine)
                  expected route: call_112, establish_custody, zorgmelding_under12,
                    comensha_helpdesk_stuck
                  engine route:   zorgmelding_under12_signals, avim_adults_under12,
                    comensha_helpdesk_stuck

                """)
        #expect(result.stderr.hasPrefix("0 passed, 1 failed\nNote: for "))
        let dutch = try Binary.run(["scenario", "check", ScenarioGolden.wrong, "--lang", "nl"], directory: Binary.root)
        #expect(dutch.status == 65)
        #expect(dutch.stdout.hasPrefix("FOUT Tests/Fixtures/scenarios/wrong/fixture_wrong_expectations.json — fixture_wrong_expectations\n  niveau: verwacht suspicion, de engine geeft attention\n"))
    }

    @Test("a directory with a valid and a broken file: a line for each, the error located, exit 65")
    func mixedDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-scenario-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(
            at: Binary.root.appendingPathComponent(ScenarioGolden.trolley), to: directory.appendingPathComponent("a.json"))
        try Data("{\"version\": 1, \"id\": \"b\",\n \"title\": {\"nl\": \"x\"}}".utf8).write(to: directory.appendingPathComponent("b.json"))
        try Data("not a scenario".utf8).write(to: directory.appendingPathComponent("notes.txt"))
        let result = try Binary.run(["scenario", "check", directory.path])
        #expect(result.status == 65)
        #expect(
            result.stdout == """
                PASS \(directory.path)/a.json — fixture_grandfather_trolley: attention, 3 route steps; 5 quotes NOT verified (seed text not given)
                FAIL \(directory.path)/b.json:2:11: $.title: required key "en" is missing

                """)
        #expect(result.stderr.hasPrefix("1 passed, 1 failed\n"))
    }

    @Test("check: a missing path exits 66, an empty directory too")
    func missing() throws {
        let missing = try Binary.run(["scenario", "check", "/nonexistent/scenarios"])
        #expect(missing.status == 66)
        #expect(missing.stderr == "signaal: /nonexistent/scenarios: no such file\n")
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        let none = try Binary.run(["scenario", "check", empty.path])
        #expect(none.status == 66)
        #expect(none.stderr == "signaal: \(empty.path): no scenario files (*.json) found\n")
    }
}

@Suite("signaal scenario run and play, end to end")
struct ScenarioSessionEndToEndTests {
    @Test("run gives the exact expected transcript, in both languages, byte-identical twice")
    func run() throws {
        for language in ["en", "nl"] {
            let arguments = ["scenario", "run", ScenarioGolden.trolley, "--answers", ScenarioGolden.classAnswers, "--lang", language]
            let result = try Binary.run(arguments, directory: Binary.root)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr == "")
            try ScenarioGolden.check(result.stdout, against: "fixture_grandfather_trolley.run.\(language).txt")
            let again = try Binary.run(arguments, directory: Binary.root)
            #expect(again.stdout == result.stdout)
        }
    }

    @Test("play with piped answers gives the same transcript as run; prompts only on stderr")
    func playPiped() throws {
        for (language, answers) in [("en", "n\ny\nn\n"), ("nl", "nee\nj\nN\n")] {
            let played = try Binary.run(
                ["scenario", "play", ScenarioGolden.trolley, "--lang", language], stdin: Data(answers.utf8), directory: Binary.root)
            #expect(played.status == 0, "\(played.stderr)")
            let replayed = try Binary.run(
                ["scenario", "run", ScenarioGolden.trolley, "--answers", ScenarioGolden.classAnswers, "--lang", language],
                directory: Binary.root)
            #expect(played.stdout == replayed.stdout)
            let prompt =
                language == "en"
                ? "The class's answer (y = yes, n = no, ? = unknown, b = back, h = explain): "
                : "Antwoord van de klas (j = ja, n = nee, ? = onbekend, b = terug, h = uitleg): "
            #expect(played.stderr == String(repeating: prompt, count: 3))
        }
    }

    @Test("play asks again after a line that is no answer")
    func playRetry() throws {
        let result = try Binary.run(
            ["scenario", "play", ScenarioGolden.trolley, "--lang", "en"], stdin: Data("maybe\nn\n\ny\nn\n".utf8),
            directory: Binary.root)
        #expect(result.status == 0)
        let prompt = "The class's answer (y = yes, n = no, ? = unknown, b = back, h = explain): "
        let again = "Type y, n or ? (or b = back, h = explain) and press Enter.\n"
        #expect(result.stderr == prompt + again + prompt + prompt + again + prompt + prompt)
        #expect(result.stdout.contains("    Class: no\n"))
    }

    @Test("play: b takes back the stage's previous answer, h explains without giving the answer; the transcript equals run's")
    func playBackAndHelp() throws {
        // y is mistyped for 1.1, taken back with b and answered n; h at 1.2 explains; b at 2.1 has nothing to take back.
        let result = try Binary.run(
            ["scenario", "play", ScenarioGolden.trolley, "--lang", "en"], stdin: Data("y\nb\nn\nh\ny\nb\nn\n".utf8),
            directory: Binary.root)
        #expect(result.status == 0, "\(result.stderr)")
        let replayed = try Binary.run(
            ["scenario", "run", ScenarioGolden.trolley, "--answers", ScenarioGolden.classAnswers, "--lang", "en"], directory: Binary.root)
        let back = "    (back to the previous question; its answer is cleared)\n"
        // Each question as run prints it: from its heading to the class's answer.
        func block(_ number: String, _ answer: String) throws -> String {
            let start = try #require(replayed.stdout.range(of: "\n  Question \(number): "))
            let end = try #require(replayed.stdout.range(of: "    Class: \(answer)\n", range: start.upperBound..<replayed.stdout.endIndex))
            return String(replayed.stdout[start.lowerBound..<end.lowerBound])
        }
        let question11 = try block("1.1", "no")
        let question12 = try block("1.2", "yes")
        let expected = replayed.stdout.replacing(
            question11 + "    Class: no\n",
            with: question11 + "    Class: yes\n" + question12 + back + question11 + "    Class: no\n")
        #expect(result.stdout == expected)
        #expect(result.stderr.contains("Explanation:\n"))
        #expect(result.stderr.contains("There is no earlier answer in this stage to take back.\n"))
        // The explanation does not give the expert's answer away.
        #expect(!result.stderr.contains("Expert:"))
    }

    @Test("run lists every missing answer at once")
    func runMissingAnswers() throws {
        let result = try Binary.run(
            ["scenario", "run", ScenarioGolden.trolley, "--answers", "-"], stdin: Data(#"{"version": 1, "answers": {}}"#.utf8),
            directory: Binary.root)
        #expect(result.status == 65)
        #expect(result.stdout == "")
        #expect(
            result.stderr
                == "signaal: <stdin>:1:27: $.answers: 3 required keys are missing: \"instigation.adult_nearby\", \"instigation.adult_instructs_at_scene\", \"proceeds.handed_over\"\n")
    }

    @Test("play stops with exit 74 when the input ends before the last question")
    func playEndsEarly() throws {
        let result = try Binary.run(["scenario", "play", ScenarioGolden.trolley], stdin: Data("n\n".utf8), directory: Binary.root)
        #expect(result.status == 74)
        #expect(result.stderr.hasSuffix("\nsignaal: input ended before the last question; session stopped.\n"))
        #expect(!result.stdout.contains("══ Summary ══"))
    }

    @Test("a broken answers file is refused before the transcript starts")
    func badAnswers() throws {
        let input = #"{"version": 1, "answers": {"instigation.adult_nearby": "no", "proceeds.handed_over": "ja"}}"#
        let result = try Binary.run(
            ["scenario", "run", ScenarioGolden.trolley, "--answers", "-"], stdin: Data(input.utf8), directory: Binary.root)
        #expect(result.status == 65)
        #expect(result.stdout == "")
        #expect(
            result.stderr
                == "signaal: <stdin>:1:86: $.answers[\"proceeds.handed_over\"]: \"ja\" is not an allowed value; choose from: yes, no, unknown\n")
    }
}

@Suite("signaal scenario list and show, end to end")
struct ScenarioShowEndToEndTests {
    @Test("show renders the whole scenario for a projector, exactly")
    func show() throws {
        for language in ["en", "nl"] {
            let result = try Binary.run(["scenario", "show", ScenarioGolden.motherDaughter, "--lang", language], directory: Binary.root)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr == "")
            try ScenarioGolden.check(result.stdout, against: "fixture_mother_daughter.show.\(language).txt")
        }
    }

    @Test("list for the class names no id; list --trainer names every bundled scenario; show works for each id")
    func list() throws {
        let result = try Binary.run(["scenario", "list", "--trainer"])
        #expect(result.status == 0)
        let files = ScenarioGolden.bundledFiles
        #expect(result.stdout.hasPrefix("Training scenarios (\(files.count)), for the trainer (titles and tags give the outcome away):\n"))
        let forClass = try Binary.run(["scenario", "list"])
        #expect(forClass.status == 0 && forClass.stderr == "")
        #expect(forClass.stdout.hasPrefix("Practice cases (\(files.count)), without titles and tags (they give the outcome away):\n"))
        for file in files {
            let id = try ScenarioGolden.id(ofBundled: file)
            #expect(result.stdout.contains("  " + id + " "), "\(id) not listed")
            #expect(!forClass.stdout.contains(id), "\(id) on the class's list")
            let shown = try Binary.run(["scenario", "show", id, "--lang", "nl"])
            #expect(shown.status == 0 && shown.stdout.hasPrefix("═══ Scenario: "), "\(id)")
            #expect(!shown.stdout.contains("⟦"), "\(id): missing text key")
        }
    }

    @Test("play NUMBER plays the scenario listed under that number, so the projector need not show its id")
    func playByNumber() throws {
        let files = ScenarioGolden.bundledFiles
        let number = try #require(files.firstIndex(of: "casus3_nephews_uncle.json")) + 1
        let answers = Data(String(repeating: "y\n", count: 7).utf8)
        let byNumber = try Binary.run(["scenario", "play", String(number), "--lang", "en"], stdin: answers)
        let byID = try Binary.run(["scenario", "play", "casus3_nephews_uncle", "--lang", "en"], stdin: answers)
        #expect(byNumber.status == 0, "\(byNumber.stderr)")
        #expect(byNumber.stdout == byID.stdout)
        let listed = try Binary.run(["scenario", "list", "--trainer"])
        #expect(listed.stdout.contains("\n  " + (number < 10 ? " " : "") + "\(number)  casus3_nephews_uncle  "), "\(listed.stdout)")
        for outside in ["0", String(files.count + 1)] {
            let result = try Binary.run(["scenario", "show", outside])
            #expect(result.status == 64)
            #expect(result.stderr == "signaal: no scenario \"\(outside)\" (see: signaal scenario list).\n")
        }
    }

    @Test("an unknown scenario id exits 64 with a suggestion")
    func unknownID() throws {
        let result = try Binary.run(["scenario", "show", "no_such_scenario"])
        #expect(result.status == 64)
        #expect(result.stdout == "")
        #expect(result.stderr == "signaal: no scenario \"no_such_scenario\" (see: signaal scenario list).\n")
        if let file = ScenarioGolden.bundledFiles.first {
            let id = try ScenarioGolden.id(ofBundled: file)
            let typo = try Binary.run(["scenario", "play", String(id.dropLast())], stdin: Data())
            #expect(typo.status == 64)
            #expect(typo.stderr.hasSuffix("Did you mean \"\(id)\"?\n"), "\(typo.stderr)")
        }
    }

    @Test(
        "command-line mistakes exit 64, unreadable files 66",
        arguments: [
            (["scenario"], Int32(64), "signaal: \"scenario\" needs <list|show|play|run|check|export|handout>.\nSee 'signaal help'.\n"),
            (["scenario", "lsit"], 64, "signaal: unknown command \"lsit\". Did you mean \"list\"?\nSee 'signaal help'.\n"),
            (["scenario", "list", "extra"], 64, "signaal: unexpected argument \"extra\" for \"scenario list\".\nSee 'signaal help'.\n"),
            (["scenario", "show"], 64, "signaal: \"scenario show\" needs ID|FILE.\nSee 'signaal help'.\n"),
            (
                ["scenario", "play", ScenarioGolden.trolley, "--answers", "a.json"], 64,
                "signaal: unknown option \"--answers\" for \"scenario play\".\nSee 'signaal help'.\n"
            ),
            (["scenario", "run", ScenarioGolden.trolley], 64, "signaal: \"scenario run\" needs --answers FILE.\nSee 'signaal help'.\n"),
            (["scenario", "show", "missing/scenario.json"], 66, "signaal: missing/scenario.json: no such file\n"),
        ])
    func usage(arguments: [String], status: Int32, message: String) throws {
        let result = try Binary.run(arguments, stdin: Data(), directory: Binary.root)
        #expect(result.status == status)
        #expect(result.stdout == "")
        #expect(result.stderr == message)
    }
}

@Suite("signaal scenario export and handout, end to end")
struct ScenarioExportHandoutEndToEndTests {
    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    @Test("export writes the bundled file byte for byte as ID.json, 0600, and it checks; never over an existing file")
    func export() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try Binary.run(["scenario", "export", "casus3_nephews_uncle", "--lang", "en"], directory: directory)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("wrote casus3_nephews_uncle.json (0600): a copy of casus3_nephews_uncle"))
        let written = directory.appendingPathComponent("casus3_nephews_uncle.json")
        let bundled = Binary.root.appendingPathComponent("Resources/scenarios/casus3_nephews_uncle.json")
        #expect(try Data(contentsOf: written) == Data(contentsOf: bundled))
        let permissions = try FileManager.default.attributesOfItem(atPath: written.path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        let checked = try Binary.run(["scenario", "check", written.path])
        #expect(checked.status == 0, "\(checked.stdout)")

        // A second export refuses to overwrite (73) and leaves the file as it was.
        try Data("my edits".utf8).write(to: written)
        let again = try Binary.run(["scenario", "export", "casus3_nephews_uncle"], directory: directory)
        #expect(again.status == 73)
        // export has no --force, so the message must not offer one.
        #expect(
            again.stderr == "signaal: casus3_nephews_uncle.json: already exists; Signaal never writes over an existing file: "
                + "choose another name with -o FILE\n")
        #expect(try String(contentsOf: written, encoding: .utf8) == "my edits")
        // -o - writes to stdout; an unknown id is a usage error with a suggestion.
        let stdout = try Binary.run(["scenario", "export", "casus3_nephews_uncle", "-o", "-"], directory: directory)
        let bundledText = try String(contentsOf: bundled, encoding: .utf8)
        #expect(stdout.status == 0 && stdout.stdout == bundledText)
        let unknown = try Binary.run(["scenario", "export", "casus3_nephews_uncl"], directory: directory)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasSuffix("Did you mean \"casus3_nephews_uncle\"?\n"), "\(unknown.stderr)")
    }

    @Test("handout: Markdown on stdout, one page break, the class's page first; -o writes 0600 and never overwrites")
    func handout() throws {
        for language in ["en", "nl"] {
            let result = try Binary.run(["scenario", "handout", "acute_claimant_at_station", "--format", "md", "--lang", language])
            #expect(result.status == 0, "\(result.stderr)")
            let pages = result.stdout.components(separatedBy: "\n<div style=\"page-break-before: always\"></div>\n")
            try #require(pages.count == 2)
            #expect(pages[0].hasPrefix(language == "en" ? "# Practice case in 2 stages\n" : "# Oefencasus in 2 delen\n"))
            #expect(!pages[0].contains(language == "en" ? "Acute" : "Acuut"))
            #expect(pages[1].contains(language == "en" ? "Acute: a 'mother' at the front desk" : "Acuut: een 'moeder' aan de balie"))
        }
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let written = try Binary.run(["scenario", "handout", ScenarioGolden.trolley, "-o", directory.appendingPathComponent("h.md").path], directory: Binary.root)
        #expect(written.status == 0 && written.stdout == "")
        let permissions = try FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent("h.md").path)[.posixPermissions] as? Int
        #expect(permissions == 0o600)
        let again = try Binary.run(["scenario", "handout", ScenarioGolden.trolley, "-o", directory.appendingPathComponent("h.md").path], directory: Binary.root)
        #expect(again.status == 73)
        let badFormat = try Binary.run(["scenario", "handout", ScenarioGolden.trolley, "--format", "pdf"], directory: Binary.root)
        #expect(badFormat.status == 64)
    }

    @Test("the example trainer-written scenario in docs/ passes check with every quote found", .enabled(if: SourceTexts.available, SourceTexts.skipReason))
    func example() throws {
        let result = try Binary.run(
            ["scenario", "check", "docs/examples", "--sources", SourceTexts.path], directory: Binary.root)
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.hasPrefix("PASS docs/examples/trainer_market_pickpockets.json — trainer_market_pickpockets: suspicion"))
        #expect(result.stdout.contains("quotes found in the seed texts"))
    }
}
