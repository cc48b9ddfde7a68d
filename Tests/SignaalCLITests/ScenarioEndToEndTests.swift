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

    /// Compares `actual` with the expected file, or writes it when updating.
    static func check(_ actual: String, against name: String) throws {
        let url = expected.appendingPathComponent(name)
        if Golden.updating {
            try FileManager.default.createDirectory(at: expected, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
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
        }
        #expect(result.stderr == "\(files.count) passed, 0 failed\n")
    }

    @Test("the valid fixtures pass, one line per file")
    func fixtures() throws {
        let result = try Binary.run(["scenario", "check", ScenarioGolden.fixtures], directory: Binary.root)
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                PASS Tests/Fixtures/scenarios/fixture_grandfather_trolley.json — fixture_grandfather_trolley: attention, 7 route steps
                PASS Tests/Fixtures/scenarios/fixture_mother_daughter.json — fixture_mother_daughter: suspicion, 6 route steps

                """)
        #expect(result.stderr == "2 passed, 0 failed\n")
    }

    @Test("the deliberately wrong fixture fails with exit 65 and the exact readable difference")
    func wrong() throws {
        let result = try Binary.run(["scenario", "check", ScenarioGolden.wrong], directory: Binary.root)
        #expect(result.status == 65)
        #expect(
            result.stdout == """
                FAIL Tests/Fixtures/scenarios/wrong/fixture_wrong_expectations.json — fixture_wrong_expectations
                  level: expected suspicion, the engine gives attention
                  route: expected 7 steps, the engine gives 7
                    missing: call_112 (expected as step 1)
                    extra: avim_adults_under12 (step 3 from the engine)
                    out of order: police_attention_avim (expected step 2, engine step 4)
                    out of order: check_registration (expected step 5, engine step 6)
                  expected route: call_112, police_attention_avim, no_handover_unverified,
                    zorgmelding_under12, check_registration, establish_custody,
                    comensha_helpdesk_stuck
                  engine route:   no_handover_unverified, zorgmelding_under12,
                    avim_adults_under12, police_attention_avim, establish_custody,
                    check_registration, comensha_helpdesk_stuck

                """)
        #expect(result.stderr == "0 passed, 1 failed\n")
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
                PASS \(directory.path)/a.json — fixture_grandfather_trolley: attention, 7 route steps
                FAIL \(directory.path)/b.json:2:11: $.title: required key "en" is missing

                """)
        #expect(result.stderr == "1 passed, 1 failed\n")
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
            let prompt = language == "en" ? "The class's answer (y = yes, n = no, ? = unknown): " : "Antwoord van de klas (j = ja, n = nee, ? = onbekend): "
            #expect(played.stderr == String(repeating: prompt, count: 3))
        }
    }

    @Test("play asks again after a line that is no answer")
    func playRetry() throws {
        let result = try Binary.run(
            ["scenario", "play", ScenarioGolden.trolley, "--lang", "en"], stdin: Data("maybe\nn\n\ny\nn\n".utf8),
            directory: Binary.root)
        #expect(result.status == 0)
        let prompt = "The class's answer (y = yes, n = no, ? = unknown): "
        let again = "Type y, n or ? and press Enter.\n"
        #expect(result.stderr == prompt + again + prompt + prompt + again + prompt + prompt)
        #expect(result.stdout.contains("    Class: no\n"))
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

    @Test("list names every bundled scenario; show works for each id")
    func list() throws {
        let result = try Binary.run(["scenario", "list"])
        #expect(result.status == 0)
        let files = ScenarioGolden.bundledFiles
        #expect(result.stdout.hasPrefix("Training scenarios (\(files.count)):\n"))
        for file in files {
            let id = try ScenarioGolden.id(ofBundled: file)
            #expect(result.stdout.contains("  " + id + " "), "\(id) not listed")
            let shown = try Binary.run(["scenario", "show", id, "--lang", "nl"])
            #expect(shown.status == 0 && shown.stdout.hasPrefix("═══ Scenario: "), "\(id)")
            #expect(!shown.stdout.contains("⟦"), "\(id): missing text key")
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
            (["scenario"], Int32(64), "signaal: \"scenario\" needs <list|show|play|run|check>.\nSee 'signaal help'.\n"),
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
