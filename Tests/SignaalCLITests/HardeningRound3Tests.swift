import Foundation
import Glibc
import Testing

/// Issue 22, third hardening round: the repro commands of the issue, end to end against the built binary.
@Suite("Hardening round 3, end to end")
struct HardeningRound3Tests {
    static func caseJSON(reference: String = "R-1", note: String = "gezien") -> Data {
        func json(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                default:
                    if scalar.value < 0x20 { out += String(format: "\\u%04X", scalar.value) } else { out.unicodeScalars.append(scalar) }
                }
            }
            return "\"" + out + "\""
        }
        return Data(
            (#"{"version":1,"reference":"# + json(reference) + #","context":{"age":13,"role":"police"},"answers":{"coercion.debt_bondage":{"answer":"yes","note":"#
                + json(note) + "}}}").utf8)
    }

    // MARK: N6

    @Test("N6: a BSN beside another number, between unusual separators or in digit look-alikes is refused with its position", arguments: [
        ("geb. 01-02-2012 123456782", 17), ("bsn/tel: 123456782, 0612345678", 10), ("123\u{2212}456\u{2212}782", 1),
        ("123\u{2800}456\u{2800}782", 1), ("123+456+782", 1), ("123|456|782", 1), ("123~456~782", 1),
        ("\u{2460}\u{2461}\u{2462}\u{2463}\u{2464}\u{2465}\u{2466}\u{2467}\u{2461}", 1),
        ("x \u{00B9}\u{00B2}\u{00B3}\u{2074}\u{2075}\u{2076}\u{2077}\u{2078}\u{00B2}", 3),
        ("1\u{FE0F}\u{20E3}2\u{FE0F}\u{20E3}3\u{FE0F}\u{20E3}4\u{FE0F}\u{20E3}5\u{FE0F}\u{20E3}6\u{FE0F}\u{20E3}7\u{FE0F}\u{20E3}8\u{FE0F}\u{20E3}2\u{FE0F}\u{20E3}", 1),
    ])
    func bsnInNote(note: String, character: Int) throws {
        let single = try Binary.run(["score", "-"], stdin: Self.caseJSON(note: note))
        #expect(single.status == 65, "\(note)")
        #expect(single.stdout.isEmpty)
        #expect(single.stderr.contains(#"$.answers["coercion.debt_bondage"].note: character \#(character): this looks like or contains a BSN"#), "\(single.stderr)")
        // Batch mode refuses the line too (the fast decoder must not let it through).
        let batch = try Binary.run(["score", "--batch", "-"], stdin: Self.caseJSON(note: note) + Data("\n".utf8))
        #expect(batch.stdout.contains(#""personal_identifier""#), "\(batch.stdout)")
        #expect(!batch.stdout.contains(#""level""#))
    }

    @Test("N6: a reference ZSM-2026 123456782 is refused; ZSM-2026-0142 and dates with times are not")
    func bsnInReference() throws {
        let refused = try Binary.run(["score", "-"], stdin: Self.caseJSON(reference: "ZSM-2026 123456782"))
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("$.reference: character 10: this looks like or contains a BSN"), "\(refused.stderr)")
        let fine = try Binary.run(["score", "-", "--format", "json"], stdin: Self.caseJSON(reference: "ZSM-2026-0142", note: "21-11-2026 23:40, tel 06-12345678"))
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    // MARK: N5

    /// A scratch folder removed afterwards.
    static func scratch() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-h3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }

    /// Runs the binary with stdin from /dev/null, killed after `timeout` seconds; stderr captured.
    static func runBounded(_ arguments: [String], environment: [String: String], timeout: Double = 30) throws
        -> (ending: Spawn.Ending, stderr: String)
    {
        let errors = Spawn.pipe()
        let pid = try Spawn.start(arguments, environment: environment, streams: [2: errors.write])
        close(errors.write)
        nonisolated(unsafe) var bytes: [UInt8] = []
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            bytes = Spawn.readAll(errors.read)
            done.signal()
        }
        thread.start()
        let ending = Spawn.wait(pid, timeout: timeout)
        done.wait()
        close(errors.read)
        return (ending, String(decoding: bytes, as: UTF8.self))
    }

    @Test("N5: a FIFO as settings file does not hang triage; it is refused as not a regular file")
    func settingsFIFO() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("config/signaal")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let settings = folder.appendingPathComponent("settings.json").path
        #expect(mkfifo(settings, 0o600) == 0)
        let environment = ["XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "XDG_STATE_HOME": root.appendingPathComponent("state").path]
        let run = try Self.runBounded(["triage", "--at", "2026-11-21T23:40:00+01:00"], environment: environment, timeout: 20)
        #expect(run.ending != .stillRunning, "triage hung on the FIFO settings file")
        #expect(run.stderr.contains("settings.json"), "\(run.stderr)")
        #expect(run.stderr.contains("not a regular file"), "\(run.stderr)")
    }

    @Test("N5: a world-writable settings file is read with a warning; a private one without")
    func settingsWorldWritable() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("config/signaal")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let settings = folder.appendingPathComponent("settings.json").path
        try Data(#"{"version":1,"region":"utrecht"}"#.utf8).write(to: URL(fileURLWithPath: settings))
        let environment = ["XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "XDG_STATE_HOME": root.appendingPathComponent("state").path]
        #expect(chmod(settings, 0o666) == 0)
        let open = try Self.runBounded(["triage", "--at", "2026-11-21T23:40:00+01:00"], environment: environment)
        #expect(open.stderr.contains("Warning: anyone on this computer can change \(settings)"), "\(open.stderr)")
        #expect(chmod(settings, 0o600) == 0)
        let closed = try Self.runBounded(["triage", "--at", "2026-11-21T23:40:00+01:00"], environment: environment)
        #expect(!closed.stderr.contains("anyone on this computer"), "\(closed.stderr)")
        #expect(closed.ending != .stillRunning)
    }

    // MARK: N12

    @Test("N12: a reference with RLM or a zero-width joiner is refused (exit 65, located); RLM in a note is escaped in the output")
    func bidiMarks() throws {
        let refused = try Binary.run(["score", "-"], stdin: Self.caseJSON(reference: "ZSM-\u{200F}2026-\u{200F}0142"))
        #expect(refused.status == 65)
        #expect(refused.stderr == "signaal: <stdin>:1:26: $.reference: character 5: an invisible character (U+200F) in the reference; type the reference without it\n", "\(refused.stderr)")
        let joiner = try Binary.run(["score", "-", "--batch"], stdin: Self.caseJSON(reference: "ZSM-2026\u{200D}0142") + Data("\n".utf8))
        #expect(joiner.stdout.contains(#""invisible_character""#), "\(joiner.stdout)")
        let shown = try Binary.run(["score", "-", "--at", "2026-01-05T10:00:00+01:00"], stdin: Self.caseJSON(note: "ZSM-\u{200F}2026-\u{061C}0142\u{200E}"))
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains(#"ZSM-\u200F2026-\u061C0142\u200E"#), "\(shown.stdout)")
        for mark in ["\u{200E}", "\u{200F}", "\u{061C}"] { #expect(!shown.stdout.contains(mark)) }
    }

    // MARK: N7

    /// No raw terminal controls: ESC, the bidi override RLO, a line break inside a message.
    static func assertNoRawControls(_ text: String, _ comment: String) {
        #expect(!text.contains("\u{1B}"), "\(comment): raw ESC")
        #expect(!text.contains("\u{202E}"), "\(comment): raw RLO")
    }

    @Test("N7: file names and ids in scenario export/show/check and --report errors are escaped")
    func namesEscaped() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let evil = "\u{1B}[2J\u{202E}x\ny"
        // export "wrote …"
        let target = root.appendingPathComponent(evil + ".json").path
        let export = try Binary.run(["scenario", "export", "casus3_nephews_uncle", "-o", target])
        #expect(export.status == 0, "\(export.stderr)")
        Self.assertNoRawControls(export.stderr, "export")
        #expect(export.stderr.contains(#"\u001B[2J\u202Ex\ny.json"#), "\(export.stderr)")
        #expect(export.stderr.split(separator: "\n").count == 1, "\(export.stderr)")
        // show: unknown id
        let show = try Binary.run(["scenario", "show", "nosuch" + evil])
        #expect(show.status == 64)
        Self.assertNoRawControls(show.stderr, "show")
        #expect(show.stderr.contains(#"nosuch\u001B[2J\u202Ex\ny"#), "\(show.stderr)")
        // check on a folder without scenario files
        let folder = root.appendingPathComponent("dir" + evil)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let check = try Binary.run(["scenario", "check", folder.path])
        #expect(check.status == 66)
        Self.assertNoRawControls(check.stderr, "check")
        #expect(check.stderr.split(separator: "\n").count == 1, "\(check.stderr)")
        // --report on a folder and on a FIFO
        let caseFile = root.appendingPathComponent("c.json")
        try Self.caseJSON().write(to: caseFile)
        let folderReport = try Binary.run(["score", caseFile.path, "--report", folder.path])
        #expect(folderReport.status == 73, "\(folderReport.stderr)")
        Self.assertNoRawControls(folderReport.stderr, "--report folder")
        #expect(folderReport.stderr.contains(#"dir\u001B[2J\u202Ex\ny"#), "\(folderReport.stderr)")
        let fifo = root.appendingPathComponent("fifo" + evil).path
        #expect(mkfifo(fifo, 0o600) == 0)
        let fifoReport = try Binary.run(["score", caseFile.path, "--report", fifo])
        #expect(fifoReport.status == 73, "\(fifoReport.stderr)")
        Self.assertNoRawControls(fifoReport.stderr, "--report FIFO")
        #expect(fifoReport.stderr.contains(#"fifo\u001B[2J\u202Ex\ny"#), "\(fifoReport.stderr)")
    }

    /// The docs' example trainer scenario with ESC, RLO and a line break in its title, first
    /// narrative and first reason.
    static func hostileScenario(id: String? = nil) throws -> Data {
        let url = Binary.root.appendingPathComponent("docs/examples/trainer_market_pickpockets.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let evil = "\u{1B}]0;pwned\u{07}\u{1B}[31mLEVEL: NONE\u{1B}[0m\u{202E}\nExpected level: none"
        object["title"] = ["nl": "Titel " + evil, "en": "Title " + evil]
        if let id { object["id"] = id }
        var stages = try #require(object["stages"] as? [[String: Any]])
        stages[0]["narrative"] = ["nl": "Verhaal " + evil, "en": "Story " + evil]
        var questions = try #require(stages[0]["questions"] as? [[String: Any]])
        questions[0]["reason"] = ["nl": "Reden " + evil, "en": "Reason " + evil]
        stages[0]["questions"] = questions
        object["stages"] = stages
        return try JSONSerialization.data(withJSONObject: object)
    }

    @Test("N7: trainer text with ESC, RLO and a line break is escaped by show, play, handout and check")
    func scenarioTextEscaped() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("hostile.json")
        try Self.hostileScenario().write(to: file)
        let check = try Binary.run(["scenario", "check", file.path])
        Self.assertNoRawControls(check.stdout + check.stderr, "check")
        let show = try Binary.run(["scenario", "show", file.path])
        #expect(show.status == 0, "\(show.stderr)")
        Self.assertNoRawControls(show.stdout, "show")
        #expect(show.stdout.contains(#"Title \u001B]0;pwned\u0007\u001B[31mLEVEL: NONE\u001B[0m\u202E\nExpected level: none"#), "\(show.stdout)")
        #expect(show.stdout.contains(#"Story \u001B]0;pwned"#))
        #expect(show.stdout.contains(#"Reason \u001B]0;pwned"#))
        // No line of the output is the trainer's fake line.
        #expect(!show.stdout.split(separator: "\n").contains { $0.hasPrefix("Expected level: none") })
        let play = try Binary.run(["scenario", "play", file.path], stdin: Data(String(repeating: "y\n", count: 40).utf8))
        #expect(play.status == 0, "\(play.stderr)")
        Self.assertNoRawControls(play.stdout + play.stderr, "play")
        #expect(play.stdout.contains(#"Story \u001B]0;pwned"#))
        #expect(!play.stdout.split(separator: "\n").contains { $0.hasPrefix("Expected level: none") })
        let handout = try Binary.run(["scenario", "handout", file.path])
        #expect(handout.status == 0, "\(handout.stderr)")
        Self.assertNoRawControls(handout.stdout, "handout")
        #expect(!handout.stdout.contains("\u{07}"))
        #expect(!handout.stdout.split(separator: "\n").contains { $0.hasPrefix("Expected level: none") })
    }

    // MARK: N10

    @Test("N10: quotes \"de\", \"e\" and blank fail check (with and without --sources); public citations are reported as not checked",
        .enabled(if: SourceTexts.available, SourceTexts.skipReason))
    func weakCitations() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = Binary.root.appendingPathComponent("docs/examples/trainer_market_pickpockets.json")
        let original = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        for quote in ["de", "e", "   "] {
            var object = original
            var stages = try #require(object["stages"] as? [[String: Any]])
            var citations = try #require(stages[0]["citations"] as? [[String: Any]])
            citations[0]["quote"] = quote
            stages[0]["citations"] = citations
            object["stages"] = stages
            let file = root.appendingPathComponent("short.json")
            try? FileManager.default.removeItem(at: file)
            try JSONSerialization.data(withJSONObject: object).write(to: file)
            for sources in [["--sources", try SourceTexts.path], []] {
                let result = try Binary.run(["scenario", "check", file.path] + sources)
                #expect(result.status == 65, "\(quote) \(sources): \(result.stdout)\(result.stderr)")
                #expect(result.stdout.contains("citation $.stages[0].citations[0] (002_5e39b681f2b3d329.txt L472–473): the quote “\(quote)” is too short to prove anything (at least 4 words or 20 characters)"), "\(result.stdout)")
            }
        }
        // A public citation with an invented quote: counted and said to be not checked.
        var object = original
        var stages = try #require(object["stages"] as? [[String: Any]])
        var citations = try #require(stages[0]["citations"] as? [[String: Any]])
        citations.append(["source": "public", "lines": [1, 1], "quote": "een verzonnen citaat dat nergens staat"])
        stages[0]["citations"] = citations
        object["stages"] = stages
        let file = root.appendingPathComponent("public.json")
        try JSONSerialization.data(withJSONObject: object).write(to: file)
        let result = try Binary.run(["scenario", "check", file.path, "--sources", try SourceTexts.path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("1 public (general knowledge, not checked)"), "\(result.stdout)")
    }

    // MARK: N11

    @Test("N11: a trainer file with a built-in id passes check with a warning; export of the file exports the file")
    func builtInID() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let url = Binary.root.appendingPathComponent("docs/examples/trainer_market_pickpockets.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        object["id"] = "casus3_nephews_uncle"
        let file = root.appendingPathComponent("my.json")
        let bytes = try JSONSerialization.data(withJSONObject: object)
        try bytes.write(to: file)
        let check = try Binary.run(["scenario", "check", file.path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stderr.contains("warning: \(file.path) uses the id casus3_nephews_uncle of a built-in scenario"), "\(check.stderr)")
        let export = try Binary.run(["scenario", "export", file.path, "-o", "-"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout == String(decoding: bytes, as: UTF8.self))
        #expect(export.stdout.contains("Own case: two boys at the market"))
        // The built-in one by id is still the built-in one, and checking it gives no warning.
        let builtIn = try Binary.run(["scenario", "export", "casus3_nephews_uncle", "-o", "-"])
        #expect(!builtIn.stdout.contains("Own case: two boys at the market"))
        let checkBuiltIn = try Binary.run(["scenario", "check"])
        #expect(!checkBuiltIn.stderr.contains("uses the id"))
    }

    // MARK: N13

    @Test("N13: keys naming a person characteristic get the profile reason in any spelling; a note naming one is kept with a warning",
        arguments: ["ethnic_group", "godsdienst", "etnische_afkomst", "geboorteland", "Godsdienst", "ETHNIC_GROUP", "religious_background", "child.ethnicity"])
    func profileKeys(key: String) throws {
        let text = #"{"version":1,"context":{"age":13,"role":"police","# + "\"\(key)\"" + #":"x"},"answers":{}}"#
        let result = try Binary.run(["score", "-"], stdin: Data(text.utf8))
        #expect(result.status == 65)
        #expect(result.stderr.contains("is a personal attribute"), "\(key): \(result.stderr)")
        #expect(!result.stderr.contains("unknown key"), "\(key): \(result.stderr)")
        let answers = #"{"version":1,"context":{"age":13,"role":"police"},"answers":{"# + "\"\(key)\"" + #":"yes"}}"#
        let answered = try Binary.run(["score", "-"], stdin: Data(answers.utf8))
        #expect(answered.status == 65)
        #expect(answered.stderr.contains("is a personal attribute"), "\(key): \(answered.stderr)")
    }

    @Test("N13: a note 'etniciteit: Roma' is scored the same, kept in the output, and warned about on stderr")
    func profileNote() throws {
        let plain = try Binary.run(["score", "-", "--format", "json", "--at", "2026-01-05T10:00:00+01:00"], stdin: Self.caseJSON(note: "gezien"))
        let named = try Binary.run(["score", "-", "--format", "json", "--at", "2026-01-05T10:00:00+01:00"], stdin: Self.caseJSON(note: "etniciteit: Roma"))
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stderr.contains(#"warning: <stdin>: $.answers["coercion.debt_bondage"].note names a person characteristic (“etniciteit”)"#), "\(named.stderr)")
        #expect(plain.stderr.isEmpty, "\(plain.stderr)")
        // The same level and score: the note changes nothing.
        func level(_ json: String) -> String? {
            let found = json.split(separator: "\n").filter { $0.hasPrefix(#"  "level": "#) || $0.hasPrefix(#"  "score": "#) }
            return found.count == 2 ? found.joined(separator: "\n") : nil
        }
        #expect(level(named.stdout) == level(plain.stdout))
        #expect(level(named.stdout) != nil)
        let innocent = try Binary.run(["score", "-"], stdin: Self.caseJSON(note: "de herkomst van het geld is onduidelijk"))
        #expect(innocent.stderr.contains("herkomst"), "herkomst names origin: warned")
        let work = try Binary.run(["score", "-"], stdin: Self.caseJSON(note: "sex work, income from thefts, a race against time"))
        #expect(work.stderr.isEmpty, "\(work.stderr)")
    }

    // MARK: N14

    /// Starts `score --report out/r.md` with a debug hold (`hook`, 20 s) and waits until its temp file
    /// `.r.md.<pid>.*` appears in `out`: the process id and the folder.
    static func reportWriteHeld(in root: URL, hook: String) throws -> (pid: pid_t, out: URL) {
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let caseFile = root.appendingPathComponent("c.json")
        try caseJSON().write(to: caseFile)
        let pid = try Spawn.start(
            ["score", caseFile.path, "--report", out.appendingPathComponent("r.md").path],
            environment: [hook: "20"], streams: [:])
        var seen = false
        for _ in 0..<500 where !seen {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
            seen = names.contains { $0.hasPrefix(".r.md.\(pid).") }
            if !seen { usleep(20_000) }
        }
        #expect(seen, "the temp file never appeared")
        return (pid, out)
    }

    @Test("N14: SIGTERM or SIGHUP in the middle of writing the report leaves no temp file", arguments: [SIGTERM, SIGHUP])
    func signalDuringReport(number: Int32) throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        // The debug build holds the write (temp file made, not yet renamed) while this variable is set.
        let (pid, out) = try Self.reportWriteHeld(in: root, hook: "SIGNAAL_TEST_PAUSE_IN_WRITE")
        kill(pid, number)
        #expect(Spawn.wait(pid, timeout: 30) == .signal(number))
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(left.isEmpty, "\(left)")
    }

    @Test(
        "N14: SIGTERM, SIGHUP or Ctrl-C at the moment the temp file appears leaves no temp file",
        arguments: [SIGTERM, SIGHUP, SIGINT])
    func signalRightAfterCreate(number: Int32) throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        // The debug build holds the write right after creating the temp file until a signal is pending
        // (or 20 s). The temp file used to be registered for cleanup only after it was created; under
        // load the test above sometimes killed the process in between (twice on 7 Dec, load 6-9) and
        // the file stayed. With this hold the kill lands in that moment every time.
        let (pid, out) = try Self.reportWriteHeld(in: root, hook: "SIGNAAL_TEST_HOLD_AFTER_CREATE")
        kill(pid, number)
        let ended = Spawn.wait(pid, timeout: 30)
        #expect(ended == (number == SIGINT ? .exit(130) : .signal(number)), "\(String(describing: ended))")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? []
        #expect(left.isEmpty, "\(left)")
    }

    @Test("N14: the next write removes stale temp files of our own pattern beside the target, and nothing else")
    func sweepStaleTemporaries() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // A pid that is not running.
        var dead: Int32 = 999_999
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        func make(_ name: String) throws { try Data("report".utf8).write(to: out.appendingPathComponent(name)) }
        try make(".r.md.\(dead).AbC123")  // stale: ours, pid gone
        try make(".r.md.\(getpid()).AbC123")  // a write in progress (this process is alive)
        try make(".other.md.\(dead).AbC123")  // another target's
        try make(".r.md.\(dead).toolongname")  // not our pattern
        try make("notes.txt")
        try FileManager.default.createSymbolicLink(
            atPath: out.appendingPathComponent(".r.md.\(dead).Link12").path, withDestinationPath: out.appendingPathComponent("notes.txt").path)
        let caseFile = root.appendingPathComponent("c.json")
        try Self.caseJSON().write(to: caseFile)
        let result = try Binary.run(["score", caseFile.path, "--report", out.appendingPathComponent("r.md").path])
        #expect(result.status == 0, "\(result.stderr)")
        let left = Set((try? FileManager.default.contentsOfDirectory(atPath: out.path)) ?? [])
        #expect(left == [
            "r.md", ".r.md.\(getpid()).AbC123", ".other.md.\(dead).AbC123", ".r.md.\(dead).toolongname", "notes.txt", ".r.md.\(dead).Link12",
        ])
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("notes.txt").path))
    }

    // MARK: N1

    @Test("N1: score c.json --report c.json --force (also through a symbolic or hard link) is refused and leaves the case as it was")
    func scoreReportOverInput() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let caseFile = root.appendingPathComponent("c.json")
        let bytes = Self.caseJSON()
        try bytes.write(to: caseFile)
        let symbolic = root.appendingPathComponent("sym.json").path
        try FileManager.default.createSymbolicLink(atPath: symbolic, withDestinationPath: caseFile.path)
        let hard = root.appendingPathComponent("hard.json").path
        #expect(link(caseFile.path, hard) == 0)
        for (input, report) in [(caseFile.path, caseFile.path), (symbolic, caseFile.path), (caseFile.path, hard), ("c.json", "./c.json")] {
            let result = try Binary.run(["score", input, "--report", report, "--force"], directory: root)
            #expect(result.status == 73, "\(input) \(report): \(result.stderr)")
            #expect(result.stderr == "signaal: \(report) is both input and --report (the same file); one would overwrite the other. Choose another file\n")
            #expect(result.stdout.isEmpty)
            #expect(try Data(contentsOf: caseFile) == bytes)
        }
        // Another file is fine.
        let fine = try Binary.run(["score", "c.json", "--report", "r.md"], directory: root)
        #expect(fine.status == 0, "\(fine.stderr)")
    }

    @Test("N1: triage --save x.json --report x.json --force is refused before the first question; a typed save path equal to --report is asked again")
    func triageSaveAndReport() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "XDG_STATE_HOME": root.appendingPathComponent("state").path]
        let refused = try Binary.run(["triage", "--save", "x.json", "--report", "x.json", "--force"], stdin: Data("13\n".utf8), environment: environment, directory: root)
        #expect(refused.status == 73, "\(refused.stderr)")
        #expect(refused.stderr.contains("x.json is both --save and --report (the same file)"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("x.json").path))
        // Through a link to the same file.
        try Data("{}".utf8).write(to: root.appendingPathComponent("real.json"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("link.json").path, withDestinationPath: "real.json")
        let linked = try Binary.run(["triage", "--save", "link.json", "--report", "real.json", "--force"], stdin: Data("13\n".utf8), environment: environment, directory: root)
        #expect(linked.status == 73, "\(linked.stderr)")
        #expect(try Data(contentsOf: root.appendingPathComponent("real.json")) == Data("{}".utf8))
        // The save path typed at the end is the report's: asked again, then saved elsewhere.
        let answers = ["13", "utrecht", "n", "y", "n", "2", "0", "R-1", "r.md", "case.json"].joined(separator: "\n") + "\n"
        let typed = try Binary.run(["triage", "--report", "r.md", "--force", "--at", "2026-11-21T23:40:00+01:00"], stdin: Data(answers.utf8), environment: environment, directory: root)
        #expect(typed.status == 0, "\(typed.stderr)")
        #expect(typed.stderr.contains("r.md is both --save and --report (the same file)"), "\(typed.stderr)")
        let saved = try String(contentsOf: root.appendingPathComponent("case.json"), encoding: .utf8)
        #expect(saved.hasPrefix("{"))
        let report = try String(contentsOf: root.appendingPathComponent("r.md"), encoding: .utf8)
        #expect(!report.hasPrefix("{"))
        #expect(typed.stderr.contains("case.json"))
    }

    // MARK: N2, N3

    /// A sandbox with a draft file in place: (root, environment).
    static func draftSandbox(id: String, draft: String) throws -> (URL, [String: String]) {
        let root = try Self.scratch()
        let drafts = root.appendingPathComponent("state/signaal/drafts")
        try FileManager.default.createDirectory(at: drafts, withIntermediateDirectories: true)
        let file = drafts.appendingPathComponent(id + ".json")
        try Data(draft.utf8).write(to: file)
        #expect(chmod(file.path, 0o600) == 0)
        return (root, ["XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "XDG_STATE_HOME": root.appendingPathComponent("state").path, "COLUMNS": "100"])
    }

    @Test("N2: a format-1 draft keeps its yes as a tick: Enter at the checklist and the result is a signal, not NO SIGNALS")
    func formatOneDraft() throws {
        let old = #"{"version":1,"role":"police","language":"en","assessedAt":"2026-11-21T23:40:00+01:00","region":"utrecht","answers":{"age":13,"#
            + #""acuteDanger":"no","guardianPresent":"yes","registeredInNL":"yes","offence":"pickpocketing","#
            + #""instigation.adult_instructs_at_scene":"yes","proceeds.handed_over":"no"},"current":"arrest_behaviour.coached_story"}"#
        let (root, environment) = try Self.draftSandbox(id: "old-1", draft: old)
        defer { try? FileManager.default.removeItem(at: root) }
        // Enter keeps the tick shown as answered before; no to threats, debt and danger now; a reference; no save.
        let input = "\nn\nn\nn\nR-1\nn\n"
        let result = try Binary.run(["triage", "--resume", "old-1", "--lang", "en"], stdin: Data(input.utf8), environment: environment, directory: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Answered before"), "\(result.stderr)")
        #expect(result.stderr.contains("Answered before: 1 — Enter keeps it, -number takes a tick away."), "\(result.stderr)")
        // The old "no" is listed as kept, and the decisive yes counts: a signal, not NO SIGNALS.
        #expect(result.stderr.contains("Kept from the draft (1)"), "\(result.stderr)")
        #expect(result.stdout.contains("LEVEL: SUSPICION OF EXPLOITATION"), "\(result.stdout)")
        #expect(!result.stdout.contains("NO SIGNALS"))
    }

    @Test("N3: a draft with a tick no longer shown and coercion.debt_bondage yes with a note lists both on resume and keeps them in the draft")
    func unaskedKept() throws {
        let draft = #"{"version":2,"role":"police","language":"en","assessedAt":"2026-11-21T23:40:00+01:00","region":"utrecht","answers":{"age":14,"#
            + #""acuteDanger":"no","guardianPresent":"yes","registeredInNL":"yes","offence":"pickpocketing","checklist":[],"#
            + #""coercion.debt_bondage":"yes"},"notes":{"coercion.debt_bondage":"moet schuld afbetalen"},"current":"reference"}"#
        let (root, environment) = try Self.draftSandbox(id: "n3-1", draft: draft)
        defer { try? FileManager.default.removeItem(at: root) }
        // Stop at once: the draft is written again and must still hold the answer and its note.
        let result = try Binary.run(["triage", "--resume", "n3-1", "--lang", "en"], stdin: Data("q\n".utf8), environment: environment, directory: root)
        #expect(result.stderr.contains("Kept from the draft (1)"), "\(result.stderr)")
        #expect(result.stderr.contains("moet schuld afbetalen"), "\(result.stderr)")
        let written = try String(contentsOf: root.appendingPathComponent("state/signaal/drafts/n3-1.json"), encoding: .utf8)
        #expect(written.contains(#""coercion.debt_bondage""#), "\(written)")
        #expect(written.contains("moet schuld afbetalen"), "\(written)")
    }

    // MARK: Part 3: drafts do not stay forever

    static let minimalDraft = #"{"version":2,"role":"police","answers":{"age":13},"current":"acuteDanger"}"#

    /// A drafts folder with an old draft (20 days), a recent one (1 day), an old symbolic link named
    /// like a draft and an old file that is not a draft.
    static func draftsWithAges() throws -> (root: URL, drafts: URL, environment: [String: String]) {
        let root = try Self.scratch()
        let drafts = root.appendingPathComponent("state/signaal/drafts")
        try FileManager.default.createDirectory(at: drafts, withIntermediateDirectories: true)
        let now = Date()
        func place(_ name: String, daysAgo: Double, in folder: URL) throws {
            let url = folder.appendingPathComponent(name)
            try Data(Self.minimalDraft.utf8).write(to: url)
            _ = chmod(url.path, 0o600)
            try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-daysAgo * 86_400)], ofItemAtPath: url.path)
        }
        try place("20261101-100000-aaaa.json", daysAgo: 20, in: drafts)
        try place("20261120-100000-bbbb.json", daysAgo: 1.5, in: drafts)
        try place("notes.txt", daysAgo: 40, in: drafts)
        try place("outside.json", daysAgo: 40, in: root)
        try FileManager.default.createSymbolicLink(
            atPath: drafts.appendingPathComponent("20261001-100000-cccc.json").path, withDestinationPath: root.appendingPathComponent("outside.json").path)
        let environment = ["XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "XDG_STATE_HOME": root.appendingPathComponent("state").path]
        return (root, drafts, environment)
    }

    static func names(_ folder: URL) -> Set<String> {
        Set(((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasSuffix(".lock") })
    }

    @Test("Part 3: drafts older than 14 days go at the next start with one line; --list-drafts shows each draft's age; links and other files stay")
    func draftsExpire() throws {
        let (root, drafts, environment) = try Self.draftsWithAges()
        defer { try? FileManager.default.removeItem(at: root) }
        let listed = try Binary.run(["triage", "--list-drafts"], environment: environment)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stderr.contains("1 draft(s) older than 14 days deleted (retention period; set draftRetentionDays in"), "\(listed.stderr)")
        #expect(Self.names(drafts) == ["20261120-100000-bbbb.json", "notes.txt", "20261001-100000-cccc.json"])
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("outside.json").path))
        #expect(listed.stdout.contains("20261120-100000-bbbb"), "\(listed.stdout)")
        #expect(listed.stdout.contains("1 day old"), "\(listed.stdout)")
        // Nothing more to delete: no line.
        let again = try Binary.run(["triage", "--list-drafts"], environment: environment)
        #expect(!again.stderr.contains("deleted"), "\(again.stderr)")
    }

    @Test("Part 3: draftRetentionDays in the settings file sets the period")
    func draftRetentionSetting() throws {
        let (root, drafts, environment) = try Self.draftsWithAges()
        defer { try? FileManager.default.removeItem(at: root) }
        let config = root.appendingPathComponent("config/signaal")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try Data(#"{"version":1,"region":null,"draftRetentionDays":30}"#.utf8).write(to: config.appendingPathComponent("settings.json"))
        let listed = try Binary.run(["triage", "--list-drafts"], environment: environment)
        #expect(!listed.stderr.contains("deleted"), "\(listed.stderr)")
        #expect(Self.names(drafts).contains("20261101-100000-aaaa.json"))
        #expect(listed.stdout.contains("20 days old"), "\(listed.stdout)")
        // --set-region keeps the period.
        let set = try Binary.run(["triage", "--set-region", "utrecht"], environment: environment)
        #expect(set.status == 0, "\(set.stderr)")
        let written = try String(contentsOf: config.appendingPathComponent("settings.json"), encoding: .utf8)
        #expect(written.contains(#""draftRetentionDays" : 30"#) || written.contains(#""draftRetentionDays": 30"#), "\(written)")
    }

    @Test("Part 3: --purge-drafts deletes every draft after a yes, nothing after a no; never a link or another file")
    func purgeDrafts() throws {
        let (root, drafts, environment) = try Self.draftsWithAges()
        defer { try? FileManager.default.removeItem(at: root) }
        let config = root.appendingPathComponent("config/signaal")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        try Data(#"{"version":1,"region":null,"draftRetentionDays":365}"#.utf8).write(to: config.appendingPathComponent("settings.json"))
        let declined = try Binary.run(["triage", "--purge-drafts"], stdin: Data("n\n".utf8), environment: environment)
        #expect(declined.status == 0)
        #expect(declined.stderr.contains("Delete all 2 drafts in"), "\(declined.stderr)")
        #expect(declined.stderr.contains("Nothing deleted."))
        #expect(Self.names(drafts).count == 4)
        let confirmed = try Binary.run(["triage", "--purge-drafts"], stdin: Data("y\n".utf8), environment: environment)
        #expect(confirmed.status == 0)
        #expect(confirmed.stderr.contains("2 drafts deleted."), "\(confirmed.stderr)")
        #expect(Self.names(drafts) == ["notes.txt", "20261001-100000-cccc.json"])
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("outside.json").path))
    }

    // MARK: Part 5: a handout a trainer can print

    @Test("Part 5: handout --format html is one self-contained A4 page: trainer's part on a new page, boxes that print, user text escaped")
    func htmlHandout() throws {
        let result = try Binary.run(["scenario", "handout", "casus3_nephews_uncle", "--format", "html"])
        #expect(result.status == 0, "\(result.stderr)")
        let html = result.stdout
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.hasSuffix("</html>\n"))
        #expect(html.contains("@page { size: A4;"))
        #expect(html.contains(".trainer { break-before: page; page-break-before: always; }"))
        #expect(html.components(separatedBy: "<section class=\"trainer\">").count == 2)
        #expect(html.contains(".box { display: inline-block; width: 4mm; height: 4mm; border: 0.4mm solid #000;"))
        // No external assets of any kind.
        for needle in ["http:", "https:", "src=", "<link", "<script", "url(", "@import", "<img"] {
            #expect(!html.contains(needle), "\(needle)")
        }
        // Three boxes per class question, all before the trainer's part.
        let classPart = try #require(html.components(separatedBy: "<section class=\"trainer\">").first)
        let questions = classPart.components(separatedBy: "<span class=\"answers\">").count - 1
        #expect(questions > 0)
        #expect(classPart.components(separatedBy: "<span class=\"box\"></span>").count - 1 == 3 * questions)
        // The expert's answers only in the trainer's part.
        #expect(!classPart.contains("class=\"expert\""))
        // Hostile trainer text: escaped, never markup or a control.
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("hostile.json")
        var data = try Self.hostileScenario()
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        object["summary"] = ["nl": "<script>alert(1)</script> & \"x\"", "en": "<script>alert(1)</script> & \"x\""]
        data = try JSONSerialization.data(withJSONObject: object)
        try data.write(to: file)
        let hostile = try Binary.run(["scenario", "handout", file.path, "--format", "html"])
        #expect(hostile.status == 0, "\(hostile.stderr)")
        #expect(!hostile.stdout.contains("<script"))
        #expect(hostile.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"))
        Self.assertNoRawControls(hostile.stdout, "html handout")
        #expect(!hostile.stdout.contains("\u{07}"))
        // To a file: 0600, never over an existing one.
        let target = root.appendingPathComponent("h.html").path
        let written = try Binary.run(["scenario", "handout", "casus3_nephews_uncle", "--format", "html", "-o", target])
        #expect(written.status == 0)
        #expect((try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) == 0o600)
    }

    @Test("N13: a note in the interview that names a person characteristic is kept, with a warning")
    func profileNoteInInterview() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let environment = ["XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "XDG_STATE_HOME": root.appendingPathComponent("state").path]
        let answers = ["13", "utrecht", "n", "y", "n", "2", "1: etniciteit: Roma", "n", "n", "R-1", "case.json"].joined(separator: "\n") + "\n"
        let result = try Binary.run(["triage", "--at", "2026-11-21T23:40:00+01:00"], stdin: Data(answers.utf8), environment: environment, directory: root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("your note names a person characteristic (“etniciteit”)"), "\(result.stderr)")
        let saved = try String(contentsOf: root.appendingPathComponent("case.json"), encoding: .utf8)
        #expect(saved.contains("etniciteit: Roma"))
    }
}
