import Foundation
import SignalModel
import Testing

/// Issue 25 end to end, with the built binary: a police officer saves a case at 23:40, a ZSM secretary
/// continues it at 09:10 (`triage --case FILE --role zsm`), `score` shows both contributions, the report
/// the timeline. Answers are piped in; the terminal drive is Scripts/tmux-triage.sh.
@Suite("Chain end to end: triage --case continues a saved case")
struct ChainEndToEndTests {
    /// A private folder with its own drafts and settings, removed afterwards.
    struct Folder {
        let root: URL
        var environment: [String: String] {
            ["XDG_STATE_HOME": root.appendingPathComponent("state").path, "XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "COLUMNS": "80"]
        }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-chain-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
        func path(_ name: String) -> String { root.appendingPathComponent(name).path }

        func run(_ arguments: [String], answers: [String] = [], environment extra: [String: String] = [:]) throws -> Binary.Result {
            let input = answers.isEmpty ? "" : answers.joined(separator: "\n") + "\n"
            return try Binary.run(arguments, stdin: Data(input.utf8), environment: environment.merging(extra) { $1 }, directory: root)
        }

        func drafts() -> [String] {
            let folder = root.appendingPathComponent("state/signaal/drafts").path
            return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }
        }

        func bytes(_ name: String) -> Data? { FileManager.default.contents(atPath: path(name)) }
    }

    static let night = "2026-12-06T23:40:00+01:00"
    static let morning = "2026-12-07T09:10:00+01:00"

    /// The police officer at 23:40: 14, no danger, a custodial parent, registered, shoplifting (1), three
    /// signals ticked, threats and debt not known, a reference.
    static let police: [String] = [
        "14", "n", "j", "j", "1",
        [("instigation.changing_groups"), ("arrest_behaviour.knows_procedures"), ("daily_life.school_absence")]
            .map { String(checklistNumber($0, offence: "shoplifting")) }.joined(separator: ", "),
        "?", "?", "ZSM-2026-0317",
    ]

    /// The ZSM secretary at 09:10: danger now asked again (no), the four open points (skip, the proceeds yes with a note, skip, threats
    /// no: a change of the police's "unknown"), one checklist tick, the first step taken.
    static let zsm: [String] = [
        "n", "", "j: moest de spullen afgeven aan een oudere jongen", "", "n",
        String(checklistNumber("proceeds.goods_not_fitting_age", offence: "shoplifting", role: .zsm)), "1",
    ]

    static func policeCase(in folder: Folder, name: String = "zaak.json") throws {
        let result = try folder.run(
            ["triage", "--role", "police", "--at", night, "--region", "zwolle", "--lang", "nl", "--save", name], answers: police)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(permissions(folder.path(name)) == 0o600)
    }

    private static func permissions(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    @Test("must-show piped: ZSM continues the police case in at most 8 prompts; the same file only with --force; score and report show both")
    func mustShow() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try Self.policeCase(in: folder)
        let police = try #require(folder.bytes("zaak.json"))
        let continueArguments = ["triage", "--case", "zaak.json", "--role", "zsm", "--at", Self.morning, "--lang", "nl", "--save", "zaak.json"]

        // A pipe cannot be asked: the same file is not overwritten without --force; the draft is kept.
        let refused = try folder.run(continueArguments, answers: Self.zsm)
        #expect(refused.status == 73, "\(refused.stderr)")
        #expect(refused.stderr.contains("--force"))
        #expect(folder.bytes("zaak.json") == police)
        #expect(folder.drafts().count == 1)

        let result = try folder.run(continueArguments + ["--force"], answers: Self.zsm)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.permissions(folder.path("zaak.json")) == 0o600)
        // What is known, by role and time, before the first question; never asked again.
        let beforeFirst = result.stderr.components(separatedBy: "\n> ").first ?? ""
        #expect(beforeFirst.contains("1. politie, 6 dec 23:40: 5 antwoorden, 3 signalen"))
        #expect(beforeFirst.contains("jij vult aan als ZSM"))
        #expect(!result.stderr.contains("Hoe oud is het kind?"))
        #expect(!result.stderr.contains(Knowledge.bundled.catalog.indicator("arrest_behaviour.knows_procedures")?.question.nl ?? "?"))
        let prompts = result.stderr.components(separatedBy: "\n> ").count - 1
        // Danger now asked again first (C1), four open points, the checklist, the steps: 7 of at most 8.
        #expect(prompts == 7, "\(prompts) prompts")
        let first = result.stderr.components(separatedBy: "\n> ").first ?? ""
        let flat = first.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(flat.contains("Acuut gevaar: nee (politie, 6 dec 23:40)"), "the header says who answered danger now, when")
        #expect(flat.contains(
            "Volgens politie (6 dec 23:40): geen acuut gevaar. Is het kind nu in gevaar of kan het niet veilig naar huis?"))
        // Review 5 C4d: the question says the steps may be taken before or during this conversation.
        #expect(result.stderr.contains("Welke stappen heb je al gezet (vóór of tijdens dit gesprek)?"))
        #expect(result.stderr.contains("NIVEAU: VERMOEDEN VAN UITBUITING"))
        // The end block marks the step this reader took, right after the party.
        let endBlock = result.stderr.components(separatedBy: "NIVEAU: VERMOEDEN VAN UITBUITING").last ?? ""
        #expect(endBlock.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("Slachtofferhulp) (✓ al gedaan volgens ZSM, 7 dec 09:10):"))

        // The file: the police contribution unchanged, the ZSM one appended; roles only.
        let savedData = try #require(folder.bytes("zaak.json"))
        let saved = String(decoding: savedData, as: UTF8.self)
        #expect(saved.hasPrefix("{\n  \"version\": 2,"))
        #expect(!saved.lowercased().contains("name"))
        let score = try folder.run(["score", "zaak.json", "--lang", "nl"])
        #expect(score.status == 0, "\(score.stderr)")
        #expect(score.stdout.contains("NIVEAU: VERMOEDEN VAN UITBUITING"))
        #expect(score.stdout.contains("  1. politie, 6 dec 23:40: 5 antwoorden, 3 signalen — niveau Aandacht"))
        #expect(score.stdout.contains("  2. ZSM, 7 dec 09:10: +3, 1 gewijzigd (2 signalen) — niveau Aandacht → Vermoeden van uitbuiting"))
        #expect(score.stdout.contains("✓ al gedaan volgens ZSM, 7 dec 09:10"))
        #expect(score.stdout.contains("beoordelaar: ZSM"))
        let report = try folder.run(["score", "zaak.json", "--lang", "nl", "--report", "-"])
        #expect(report.status == 0)
        #expect(report.stdout.contains("## Tijdlijn"))
        #expect(report.stdout.contains("- Acuut gevaar: nee (ZSM, 7 dec 09:10)"))
        #expect(report.stdout.contains("2. ZSM, 7 dec 09:10: +3, 1 gewijzigd"))
        // score --batch reads the case with its history (one line), compact and full.
        let object = try JSONSerialization.jsonObject(with: Data(saved.utf8))
        let line = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
        try line.write(toFile: folder.path("zaken.ndjson"), atomically: true, encoding: .utf8)
        let batch = try folder.run(["score", "--batch", "zaken.ndjson"])
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(batch.stdout.contains(#""level":"suspicion""#) && batch.stdout.contains(#""contributions":2"#))
    }

    // REVIEW6 C1: the RvdK the next day saw ZSM's alarm of 09:10 (someone here now to collect the
    // child) before being asked whether that is still so.
    @Test("an alarm resting on an earlier moment's answers waits until the facts of the moment are asked again; none when they are no now")
    func staleAlarmWaits() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let json = """
            {"version":1,"reference":"ZSM-2026-0400","context":{"age":14,"role":"zsm","offence":"shoplifting","acuteDanger":"no",\
            "guardianPresent":"yes","registeredInNL":"yes","assessedAt":"2026-12-07T09:10:00+01:00"},\
            "answers":{"collection.claimant_at_station_now":"yes","collection.unverified_claimant":"yes"}}
            """
        #expect(FileManager.default.createFile(atPath: folder.path("zaak.json"), contents: Data(json.utf8), attributes: [.posixPermissions: 0o600]))
        let arguments = ["triage", "--case", "zaak.json", "--role", "rvdk", "--at", "2026-12-08T10:00:00+01:00", "--lang", "nl"]
        let rest = Array(repeating: "", count: 10)
        let calm = try folder.run(arguments + ["--save", "calm.json"], answers: ["n", "n"] + rest)
        #expect(calm.status == 0, "\(calm.stderr)")
        #expect(calm.stderr.contains("Is dat nu nog zo?"))
        #expect(!calm.stderr.contains("ACUUT — doe dit nu"), "no alarm once the person is gone and there is no danger now")
        let still = try folder.run(arguments + ["--save", "still.json"], answers: ["j", "n"] + rest)
        #expect(still.status == 0, "\(still.stderr)")
        let asked = try #require(still.stderr.range(of: "Is dat nu nog zo?"))
        let alarm = try #require(still.stderr.range(of: "ACUUT — doe dit nu"))
        #expect(asked.lowerBound < alarm.lowerBound, "the alarm comes after the question, not before it")
        let danger = try #require(still.stderr.range(of: "Is het kind nu in gevaar"))
        #expect(danger.lowerBound < alarm.lowerBound, "both facts of the moment are asked before the alarm")
    }

    @Test("English, --done given beforehand (no question about steps), saved to a new file")
    func englishWithDone() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try Self.policeCase(in: folder)
        let result = try folder.run(
            ["triage", "--case", "zaak.json", "--role", "rvdk", "--at", "2026-12-08T10:00:00+01:00", "--lang", "en", "--done", "rvdk_attention_discuss",
             "--save", "next.json"], answers: ["n", "", "", "", "", ""], environment: ["LINES": "24"])
        #expect(result.status == 0, "\(result.stderr)")
        // 80x24: one checklist page, no line of the interview wider than 80 columns.
        #expect(result.stderr.contains("What have you seen or heard?") && !result.stderr.contains("list 1/"))
        #expect(result.stderr.split(separator: "\n").allSatisfy { $0.count <= 80 }, "a line wider than 80 columns")
        #expect(result.stderr.contains("you add to it as Child Protection Board") || result.stderr.contains("you add to it as"))
        #expect(!result.stderr.contains("Which steps have you already taken"))
        let saved = try #require(folder.bytes("next.json"))
        #expect(String(decoding: saved, as: UTF8.self).contains("\"rvdk_attention_discuss\""))
        #expect(Self.permissions(folder.path("next.json")) == 0o600)
    }

    @Test("a continuation stopped half-way keeps a draft; --resume finishes it and appends one contribution")
    func resume() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try Self.policeCase(in: folder)
        let first = try folder.run(
            ["triage", "--case", "zaak.json", "--role", "zsm", "--at", Self.morning], answers: Array(Self.zsm.prefix(3)),
            environment: ["LANG": "nl_NL.UTF-8"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.hasPrefix("Je vult een opgeslagen zaak aan."), "Dutch from LANG")
        #expect(folder.drafts().count == 1)
        let rest = try folder.run(["triage", "--resume", "--lang", "nl", "--save", "verder.json"], answers: Array(Self.zsm.dropFirst(3)))
        #expect(rest.status == 0, "\(rest.stderr)")
        #expect(folder.drafts().isEmpty)
        let score = try folder.run(["score", "verder.json", "--lang", "nl"])
        #expect(score.stdout.contains("  2. ZSM, 7 dec 09:10: +3, 1 gewijzigd (2 signalen)"))
    }

    @Test("Ctrl-C during a continuation keeps the draft (exit 130) with the case and the answers typed; --resume finishes it")
    func interrupt() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try Self.policeCase(in: folder)
        let police = try #require(folder.bytes("zaak.json"))
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["triage", "--case", "zaak.json", "--role", "zsm", "--at", Self.morning, "--lang", "nl"]
        process.environment = Binary.baseEnvironment.merging(folder.environment) { $1 }
        process.currentDirectoryURL = folder.root
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        try input.fileHandleForWriting.write(contentsOf: Data((Self.zsm.prefix(3).joined(separator: "\n") + "\n").utf8))
        // Wait until the second answer is in the draft, then Ctrl-C while the third question waits.
        let draftFolder = folder.root.appendingPathComponent("state/signaal/drafts")
        var draftText = ""
        let start = Date()
        while Date().timeIntervalSince(start) < 20 {
            if let name = folder.drafts().first,
                let text = try? String(contentsOf: draftFolder.appendingPathComponent(name), encoding: .utf8),
                text.contains("oudere jongen")
            {
                draftText = text
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(draftText.hasPrefix("{\n  \"version\": 3,") && draftText.contains("\"case\": {"))
        Thread.sleep(forTimeInterval: 0.3)
        process.interrupt()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        try #require(!process.isRunning, "signaal did not stop on SIGINT")
        #expect(process.terminationStatus == 130)
        withExtendedLifetime(input) {}
        #expect(folder.drafts().count == 1)
        #expect(folder.bytes("zaak.json") == police, "the case file is not touched before the end")
        let rest = try folder.run(["triage", "--resume", "--lang", "nl", "--save", "verder.json"], answers: Array(Self.zsm.dropFirst(3)))
        #expect(rest.status == 0, "\(rest.stderr)")
        let score = try folder.run(["score", "verder.json", "--lang", "nl"])
        #expect(score.stdout.contains("  2. ZSM, 7 dec 09:10: +3, 1 gewijzigd (2 signalen)"))
    }

    @Test("the case file changed by someone else meanwhile is never overwritten, even with --force (73, draft kept)")
    func changedMeanwhile() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try Self.policeCase(in: folder)
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["triage", "--case", "zaak.json", "--role", "zsm", "--at", Self.morning, "--lang", "nl", "--save", "zaak.json", "--force"]
        process.environment = Binary.baseEnvironment.merging(folder.environment) { $1 }
        process.currentDirectoryURL = folder.root
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // Everything up to the question about the steps taken; wait until the checklist is in the draft.
        try input.fileHandleForWriting.write(contentsOf: Data((Self.zsm.dropLast().joined(separator: "\n") + "\n").utf8))
        let draftFolder = folder.root.appendingPathComponent("state/signaal/drafts")
        let start = Date()
        var ready = false
        while Date().timeIntervalSince(start) < 20, !ready {
            if let name = folder.drafts().first,
                let text = try? String(contentsOf: draftFolder.appendingPathComponent(name), encoding: .utf8),
                text.contains("proceeds.goods_not_fitting_age")
            {
                ready = true
            } else {
                Thread.sleep(forTimeInterval: 0.05)
            }
        }
        #expect(ready)
        // Another reader saves the case in between.
        let other = String(decoding: try #require(folder.bytes("zaak.json")), as: UTF8.self).replacingOccurrences(of: "\"version\": 1", with: "\"version\": 1 ")
        try other.write(toFile: folder.path("zaak.json"), atomically: true, encoding: .utf8)
        try input.fileHandleForWriting.write(contentsOf: Data((Self.zsm.last! + "\n").utf8))
        try input.fileHandleForWriting.close()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 73, "\(stderr)")
        #expect(stderr.contains("is veranderd sinds je de zaak las"))
        #expect(String(decoding: try #require(folder.bytes("zaak.json")), as: UTF8.self) == other)
        #expect(folder.drafts().count == 1)
    }

    @Test("bad use is a located error with its documented exit code, before any question")
    func badUse() throws {
        let folder = try Folder()
        defer { folder.remove() }
        try Self.policeCase(in: folder)
        let missing = try folder.run(["triage", "--case", "geen.json", "--role", "zsm"])
        #expect(missing.status == 66 && missing.stderr.contains("geen.json"))
        try #"{"version": 1, "context": {"age": 14, "role": "police"}, "answers": {"proceeds.handed_ovr": "yes"}}"#
            .write(toFile: folder.path("fout.json"), atomically: true, encoding: .utf8)
        let invalid = try folder.run(["triage", "--case", "fout.json", "--role", "zsm"])
        #expect(invalid.status == 65)
        #expect(invalid.stderr.contains("fout.json:1:") && invalid.stderr.contains("proceeds.handed_over"))
        // A note that reads as a name is refused with a note's reason, and asked again; nothing is lost.
        let named = try folder.run(
            ["triage", "--case", "zaak.json", "--role", "zsm", "--at", Self.morning, "--lang", "nl", "--save", "named.json"],
            answers: ["n", "", "j: Jan de Vries stuurde hem"] + Array(Self.zsm.dropFirst(2)))
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stderr.contains("Die notitie lijkt een naam te bevatten"))
        #expect(!String(decoding: folder.bytes("named.json") ?? Data(), as: UTF8.self).contains("Vries"))
        let noRole = try folder.run(["triage", "--case", "zaak.json"])
        #expect(noRole.status == 64 && noRole.stderr.contains("--role"))
        let both = try folder.run(["triage", "--case", "zaak.json", "--role", "zsm", "--resume"])
        #expect(both.status == 64 && both.stderr.contains("--resume"))
        let stdin = try folder.run(["triage", "--case", "-", "--role", "zsm"])
        #expect(stdin.status == 64)
        let doneAlone = try folder.run(["triage", "--done", "zsm_weigh_every_case"])
        #expect(doneAlone.status == 64 && doneAlone.stderr.contains("--case"))
        let unknownStep = try folder.run(["triage", "--case", "zaak.json", "--role", "zsm", "--done", "zsm_weigh_every"])
        #expect(unknownStep.status == 64)
        #expect(unknownStep.stderr.contains("zsm_weigh_every_case"), "did you mean")
        #expect(unknownStep.stderr.contains("zsm_weigh_nonpunishment"), "the route's steps listed")
        #expect(folder.drafts().isEmpty)
    }
}
