import Foundation
import SignalModel
import Testing

/// A private scratch folder with its own XDG state home, removed afterwards.
private struct Sandbox {
    let root: URL
    var state: URL { root.appendingPathComponent("state") }
    var drafts: URL { state.appendingPathComponent("signaal/drafts") }
    var environment: [String: String] { ["XDG_STATE_HOME": state.path] }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("signaal-triage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// The ids of the drafts on disk.
    func draftIDs() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: drafts.path)) ?? []
        return names.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
    }

    func triage(_ arguments: [String], answers: [String], closeWithNewline: Bool = true) throws -> Binary.Result {
        let input = answers.joined(separator: "\n") + (closeWithNewline && !answers.isEmpty ? "\n" : "")
        return try Binary.run(["triage"] + arguments, stdin: Data(input.utf8), environment: environment, directory: root)
    }
}

private func permissions(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
}

private let at = ["--at", "2026-11-21T23:40:00+01:00"]

/// A police pickpocketing arrest: 5 gate answers, 7 core questions, 7 follow-ups opened by the yeses.
private let scriptA = [
    "13", "n", "y", "n", "2",  // age, acute danger, guardian, registered, offence 2 = pickpocketing
    "y", "n", "?", "n", "y", "n", "n",  // core: instigation yes, identity doubtful yes
    "n", "y", "?", "n", "n", "n", "y",  // follow-ups: threats, denies adult, relations, nearby, groups, aliases, address
]

private let expectedCaseA = """
    {
      "version": 1,
      "context": {
        "age": 13,
        "role": "police",
        "offence": "pickpocketing",
        "acuteDanger": "no",
        "guardianPresent": "yes",
        "registeredInNL": "no",
        "assessedAt": "2026-11-21T23:40:00+01:00"
      },
      "answers": {
        "instigation.adult_instructs_at_scene": "yes",
        "proceeds.handed_over": "no",
        "arrest_behaviour.coached_story": "unknown",
        "collection.unverified_claimant": "no",
        "identity.doubtful": "yes",
        "disclosure.made_to_do_it": "no",
        "proceeds.goods_not_fitting_age": "no",
        "coercion.threats_violence": "no",
        "arrest_behaviour.denies_knowing_adult": "yes",
        "identity.relations_unclear": "unknown",
        "instigation.adult_nearby": "no",
        "instigation.changing_groups": "no",
        "identity.aliases": "no",
        "residence.address_unknown": "yes"
      }
    }

    """

@Suite("signaal triage, end to end", .serialized)
struct TriageEndToEndTests {
    @Test("a scripted interview prints the score assessment and saves the exact case, privately")
    func fullInterview() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let saved = box.path("case.json")
        let result = try box.triage(["--lang", "en", "--save", saved] + at, answers: scriptA)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: saved, encoding: .utf8) == expectedCaseA)
        #expect(permissions(saved) == 0o600)
        // One renderer: the triage result is byte for byte what `score` prints for the saved case.
        let score = try Binary.run(["score", saved, "--lang", "en"], directory: box.root)
        #expect(score.status == 0)
        #expect(result.stdout == score.stdout)
        #expect(result.stdout.contains("LEVEL: SUSPICION"))
        // Prompts and progress on stderr only; the finished interview deletes its draft.
        #expect(result.stderr.contains("Question 1 of ~12\nHow old is the child?"))
        #expect(result.stderr.contains("Question 19 of ~19"))
        #expect(!result.stdout.contains("Question"))
        #expect(result.stderr.contains("Case saved to \(saved)"))
        #expect(box.draftIDs().isEmpty)
        #expect(permissions(box.drafts.path) == 0o700)
    }

    @Test("Dutch and English answer words are accepted in both languages and give the same case")
    func bothAnswerSets() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let dutchWords = scriptA.map { $0 == "y" ? "ja" : $0 == "n" ? "nee" : $0 == "?" ? "onbekend" : $0 }
        let saved = box.path("nl.json")
        let result = try box.triage(["--lang", "en", "--save", saved] + at, answers: dutchWords)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: saved, encoding: .utf8) == expectedCaseA)
        let dutch = box.path("nl2.json")
        let inDutch = try box.triage(
            ["--lang", "nl", "--save", dutch] + at, answers: scriptA.map { $0 == "y" ? "j" : $0 })
        #expect(inDutch.status == 0, "\(inDutch.stderr)")
        #expect(try String(contentsOfFile: dutch, encoding: .utf8) == expectedCaseA)
        #expect(inDutch.stderr.contains("Vraag 1 van ~12\nHoe oud is het kind?"))
        let score = try Binary.run(["score", dutch, "--lang", "nl"], directory: box.root)
        #expect(inDutch.stdout == score.stdout)
    }

    @Test("q saves the draft and exits 0; --resume continues exactly there and loses nothing")
    func quitAndResume() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let first = try box.triage(["--lang", "en"] + at, answers: Array(scriptA.prefix(8)) + ["q"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "")
        let ids = box.draftIDs()
        try #require(ids.count == 1)
        let id = ids[0]
        #expect(first.stderr.contains("Stopped. Your answers are saved (draft \(id)).\nTo continue: signaal triage --resume \(id)\n"))
        let draftPath = box.drafts.appendingPathComponent(id + ".json").path
        #expect(permissions(draftPath) == 0o600)
        #expect(
            try String(contentsOfFile: draftPath, encoding: .utf8) == """
                {
                  "version": 1,
                  "role": "police",
                  "language": "en",
                  "assessedAt": "2026-11-21T23:40:00+01:00",
                  "region": null,
                  "answers": {
                    "age": 13,
                    "acuteDanger": "no",
                    "guardianPresent": "yes",
                    "registeredInNL": "no",
                    "offence": "pickpocketing",
                    "instigation.adult_instructs_at_scene": "yes",
                    "proceeds.handed_over": "no",
                    "arrest_behaviour.coached_story": "unknown"
                  },
                  "current": "collection.unverified_claimant"
                }

                """)
        let listing = try box.triage(["--list-drafts", "--lang", "en"], answers: [])
        #expect(listing.status == 0)
        #expect(listing.stdout.hasPrefix(id + "  updated "))
        #expect(listing.stdout.hasSuffix("  police  8 answers  at question 9 of ~15\n"))

        let saved = box.path("resumed.json")
        let second = try box.triage(["--resume", "--save", saved], answers: Array(scriptA.dropFirst(8)))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("Continuing draft \(id) (8 answers saved)."))
        #expect(second.stderr.contains("Question 9 of ~15"))
        #expect(try String(contentsOfFile: saved, encoding: .utf8) == expectedCaseA)
        #expect(box.draftIDs().isEmpty)
    }

    @Test("end of input mid-interview keeps the draft and exits 0; drafts can be listed and deleted")
    func endOfInput() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let result = try box.triage(["--lang", "en"] + at, answers: Array(scriptA.prefix(3)))
        #expect(result.status == 0)
        let id = try #require(box.draftIDs().first)
        #expect(result.stderr.contains("End of input. Your answers are saved (draft \(id)).\nTo continue: signaal triage --resume \(id)\n"))
        let resumedByID = try box.triage(["--resume", id, "--lang", "en"], answers: ["q"])
        #expect(resumedByID.status == 0)
        #expect(resumedByID.stderr.contains("Question 4 of ~12\nIs the child registered"))
        let deleted = try box.triage(["--delete-draft", id, "--lang", "en"], answers: [])
        #expect(deleted.status == 0)
        #expect(deleted.stderr == "Draft \(id) deleted.\n")
        #expect(box.draftIDs().isEmpty)
        let again = try box.triage(["--delete-draft", id, "--lang", "en"], answers: [])
        #expect(again.status == 66)
        let none = try box.triage(["--resume", "--lang", "en"], answers: [])
        #expect(none.status == 66)
        #expect(none.stderr.hasPrefix("signaal: There is no draft to continue"))
        let empty = try box.triage(["--list-drafts", "--lang", "en"], answers: [])
        #expect(empty.status == 0)
        #expect(empty.stdout == "")
        // Nothing answered: nothing is written.
        let nothing = try box.triage(["--lang", "en"] + at, answers: [])
        #expect(nothing.status == 0)
        #expect(nothing.stderr.hasSuffix("Stopped. Nothing was answered yet, so nothing was saved.\n"))
        #expect(box.draftIDs().isEmpty)
    }

    @Test("going back to change an answer drops the follow-up it opened from the saved case")
    func backHidesFollowUp() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let saved = box.path("back.json")
        let answers =
            ["14", "n", "y", "y", "1"]  // shoplifting
            + ["y", "n", "n", "n", "n", "n", "n"]  // instigation yes, rest of the core no
            + ["y", "n"]  // threats yes (opens danger now), danger now no
            + Array(repeating: "b", count: 9)  // from "denies knowing adult" back to instigation
            + ["n"]  // instigation now no: threats and danger now no longer apply
            + Array(repeating: "", count: 6)  // Enter keeps the six remembered core answers
        let result = try box.triage(["--lang", "en", "--save", saved] + at, answers: answers)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(!text.contains("coercion.threats_violence"))
        #expect(!text.contains("coercion.danger_now"))
        #expect(text.contains(#""instigation.adult_instructs_at_scene": "no""#))
        #expect(text.contains(#""proceeds.goods_not_fitting_age": "no""#))
        #expect(result.stderr.contains("No longer applies and does not count: Is the child or their family threatened"))
        #expect(result.stderr.contains("Answered before: yes — Enter keeps it."))
        #expect(result.stdout.contains("(score 0)"))
        let score = try Binary.run(["score", saved, "--lang", "en"], directory: box.root)
        #expect(result.stdout == score.stdout)
    }

    @Test("invalid answers re-ask with a hint and lose nothing; help explains with an example and a source")
    func invalidAndHelp() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let saved = box.path("c.json")
        var answers = scriptA
        answers.insert(contentsOf: ["thirteen", "130", "h"], at: 0)  // before the age
        answers.insert(contentsOf: ["0", "h"], at: 7)  // before the offence
        answers.insert(contentsOf: ["maybe", "h"], at: 10)  // before the first indicator
        let result = try box.triage(["--lang", "en", "--save", saved] + at, answers: answers)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: saved, encoding: .utf8) == expectedCaseA)
        #expect(result.stderr.contains("Type an age from 0 to 120, or ? if you don't know."))
        #expect(result.stderr.contains("Type a number from 1 to 14, or ? if the offence is not known."))
        #expect(result.stderr.contains("I don't understand that. Type y (yes), n (no) or ? (don't know)."))
        // Help: the indicator's explanation (with its example), why, and its seed citations.
        #expect(result.stderr.contains("Explanation:\nLook at who was with the child"))
        #expect(result.stderr.contains("Example: a grandfather asks the cashier"))
        #expect(result.stderr.contains("Source:\n  - “Wordt geinstrueerd door anderen op of rondom de plaats delict” (002_5e39b681f2b3d329.txt L472–473)"))
        // Gate help cites the routing step the answer decides.
        #expect(result.stderr.contains("Explanation:\nEnter the age in years."))
        #expect(result.stderr.contains("(000_e80dfccad85e2995.txt L1121)"))
    }

    @Test("an acute answer says what to do now, from the routing table, before the next question")
    func acuteAlert() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let result = try box.triage(["--lang", "en"] + at, answers: ["15", "y", "q"])
        #expect(result.status == 0)
        // The alert is the routing table's acute steps, rendered with the contacts directory.
        let knowledge = Knowledge.bundled
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .en)
        var alert = "ACUTE — do this now, before you go on:\n"
        let steps = knowledge.routing.rules.flatMap(\.steps)
        for (index, id) in ["call_112", "acute_ask_avim", "no_handover_unverified"].enumerated() {
            let step = try #require(steps.first { $0.id == id })
            var who = renderer.reach(step.party, region: nil).name
            if let phone = renderer.reach(step.party, region: nil).phone, !who.contains(phone) { who += " (" + phone + ")" }
            alert += "  \(index + 1). " + who + ": " + step.action[.en] + "\n"
        }
        alert += "Is the child safe? Then we continue with the questions.\n"
        let stderr = result.stderr
        let alertRange = try #require(stderr.range(of: alert))
        let next = try #require(stderr.range(of: "Question 3 of"))
        #expect(alertRange.lowerBound < next.lowerBound)
        #expect(alert.contains("112"))
        // The alert is shown again when the acute draft is resumed.
        let resumed = try box.triage(["--resume", "--lang", "en"], answers: ["q"])
        #expect(resumed.stderr.contains("ACUTE — do this now"))
    }

    @Test("a corrupt or newer draft is reported with its path and left untouched; a linked draft is refused")
    func badDrafts() throws {
        let box = try Sandbox()
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.drafts, withIntermediateDirectories: true)
        let corrupt = box.drafts.appendingPathComponent("broken.json")
        try Data(#"{"version": 1, "role": "police", "answers": {"age": 1"#.utf8).write(to: corrupt)
        let first = try box.triage(["--resume", "broken", "--lang", "en"], answers: ["q"])
        #expect(first.status == 65)
        #expect(first.stderr.hasPrefix("signaal: \(corrupt.path):1:"))
        #expect(first.stderr.contains("The draft was not changed or overwritten: \(corrupt.path)"))
        #expect(try String(contentsOf: corrupt, encoding: .utf8) == #"{"version": 1, "role": "police", "answers": {"age": 1"#)

        let newer = box.drafts.appendingPathComponent("newer.json")
        let newerText = #"{"version": 2, "role": "police", "answers": {}, "future": true}"#
        try Data(newerText.utf8).write(to: newer)
        let second = try box.triage(["--resume", "newer", "--lang", "en"], answers: ["y"])
        #expect(second.status == 65)
        #expect(second.stderr.contains("\(newer.path):1:"))
        #expect(second.stderr.contains("version 2 is not supported; this Signaal reads version 1"))
        #expect(try String(contentsOf: newer, encoding: .utf8) == newerText)

        let target = box.root.appendingPathComponent("elsewhere.json")
        try Data("keep me".utf8).write(to: target)
        let link = box.drafts.appendingPathComponent("linked.json")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        let third = try box.triage(["--resume", "linked", "--lang", "en"], answers: ["13"])
        #expect(third.status == 73)
        #expect(third.stderr.contains("is a symbolic link"))
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep me")

        let listing = try box.triage(["--list-drafts", "--lang", "en"], answers: [])
        #expect(listing.status == 0)
        let lines = listing.stdout.split(separator: "\n").sorted()
        #expect(lines.count == 3)
        #expect(lines.allSatisfy { $0.contains("UNREADABLE") })
    }

    @Test("--save never overwrites without a yes; the interactive prompt saves where the officer says")
    func saving() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let existing = box.path("exists.json")
        try Data("old".utf8).write(to: URL(fileURLWithPath: existing))
        let declined = try box.triage(["--lang", "en", "--save", existing] + at, answers: scriptA + ["n"])
        #expect(declined.status == 73)
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "old")
        #expect(declined.stderr.contains("\(existing) already exists. Overwrite? (y/n)"))
        let kept = try #require(box.draftIDs().first)
        #expect(declined.stderr.contains("Draft \(kept) is kept."))
        // Resuming the finished draft goes straight to the result and the save question.
        let accepted = try box.triage(["--resume", "--save", existing], answers: ["y"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == expectedCaseA)
        #expect(!accepted.stderr.contains("Question"))
        #expect(box.draftIDs().isEmpty)

        let typed = try box.triage(["--lang", "en"] + at, answers: scriptA + ["typed.json"])
        #expect(typed.status == 0)
        #expect(try String(contentsOfFile: box.path("typed.json"), encoding: .utf8) == expectedCaseA)
        #expect(permissions(box.path("typed.json")) == 0o600)
        // An existing name: no, then another name.
        let other = try box.triage(["--lang", "en"] + at, answers: scriptA + ["typed.json", "n", "second.json"])
        #expect(other.status == 0)
        #expect(try String(contentsOfFile: box.path("second.json"), encoding: .utf8) == expectedCaseA)
        let skipped = try box.triage(["--lang", "en"] + at, answers: scriptA + [""])
        #expect(skipped.status == 0)
        #expect(skipped.stderr.contains("Case not saved."))
        #expect(box.draftIDs().isEmpty)
    }

    @Test("Ctrl-C exits 130 with the draft on disk; resume loses no answer")
    func interrupt() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["triage", "--lang", "en"] + at
        process.environment = Binary.baseEnvironment.merging(box.environment) { $1 }
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = Pipe()
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data("13\nn\ny\nn\n".utf8))
        // Wait until the fourth answer is on disk (as an answer: after the third, the draft already
        // names registeredInNL as its current question).
        var waited = 0
        while waited < 600 {
            if let id = box.draftIDs().first,
                let text = try? String(contentsOf: box.drafts.appendingPathComponent(id + ".json"), encoding: .utf8),
                text.contains("\"registeredInNL\": \"")
            {
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
            waited += 1
        }
        process.interrupt()
        process.waitUntilExit()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        let id = try #require(box.draftIDs().first)
        #expect(stderr.contains("Interrupted. Your answers are saved (draft \(id)).\nTo continue: signaal triage --resume \(id)"))
        let saved = box.path("after.json")
        let resumed = try box.triage(["--resume", "--save", saved], answers: Array(scriptA.dropFirst(4)))
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try String(contentsOfFile: saved, encoding: .utf8) == expectedCaseA)
    }

    @Test("usage errors: stray ID, bad draft id, role that differs from the draft's, unknown region")
    func usage() throws {
        let box = try Sandbox()
        defer { box.remove() }
        #expect(try box.triage(["abc", "--lang", "en"], answers: []).status == 64)
        #expect(try box.triage(["--delete-draft", "../x", "--lang", "en"], answers: []).status == 64)
        #expect(try box.triage(["--resume", "a/b", "--lang", "en"], answers: []).status == 64)
        #expect(try box.triage(["--region", "atlantis", "--lang", "en"], answers: []).status == 64)
        #expect(try box.triage(["--role", "judge", "--lang", "en"], answers: []).status == 64)
        _ = try box.triage(["--lang", "en", "--role", "zsm"] + at, answers: ["13"])
        let mismatch = try box.triage(["--resume", "--role", "police", "--lang", "en"], answers: ["q"])
        #expect(mismatch.status == 64)
        #expect(mismatch.stderr.contains("\"police\" is not a valid value for --role; choose from: zsm."))
        let help = try Binary.run(["triage", "--help", "--lang", "en"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--resume"))
        #expect(help.stdout.contains("--list-drafts"))
    }
}

@Suite("signaal triage: kill -9 at every question, then resume", .serialized)
struct KillAtEveryQuestionTests {
    /// The number of answers in force in the one draft on disk, once it can be read.
    private func answersOnDisk(_ box: Sandbox) -> Int? {
        guard let id = box.draftIDs().first,
            let data = try? Data(contentsOf: box.drafts.appendingPathComponent(id + ".json")),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let answers = object["answers"] as? [String: Any]
        else { return nil }
        return answers.count
    }

    @Test("SIGKILL after each answer loses nothing: the resumed interview saves the same case", arguments: 1..<scriptA.count)
    func killAndResume(answered: Int) throws {
        let box = try Sandbox()
        defer { box.remove() }
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["triage", "--lang", "en"] + at
        process.environment = Binary.baseEnvironment.merging(box.environment) { $1 }
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Keep stdin open, so the interview is waiting at question `answered + 1` when killed.
        input.fileHandleForWriting.write(Data((scriptA.prefix(answered).joined(separator: "\n") + "\n").utf8))
        var waited = 0
        while answersOnDisk(box) != answered && waited < 400 {
            Thread.sleep(forTimeInterval: 0.025)
            waited += 1
        }
        #expect(answersOnDisk(box) == answered, "draft never held \(answered) answers")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        try? input.fileHandleForWriting.close()

        let saved = box.path("case.json")
        let resumed = try box.triage(["--resume", "--save", saved], answers: Array(scriptA.dropFirst(answered)))
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try String(contentsOfFile: saved, encoding: .utf8) == expectedCaseA)
        #expect(box.draftIDs().isEmpty, "a finished interview keeps its draft")
    }
}

@Suite("signaal triage --report", .serialized)
struct TriageReportTests {
    @Test("the interview writes the same handover report as score does for the saved case, privately")
    func report() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let saved = box.path("case.json")
        let report = box.path("overdracht.md")
        let result = try box.triage(["--lang", "en", "--save", saved, "--report", report] + at, answers: scriptA)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Handover report written to \(report)"))
        #expect(permissions(report) == 0o600)
        let fromScore = try Binary.run(["score", saved, "--report", "-", "--lang", "en"])
        #expect(try String(contentsOfFile: report, encoding: .utf8) == fromScore.stdout)
        // An existing report is not replaced without --force, and that is said at the start, before
        // the first question: no interview is done for nothing, no case saved, no draft left.
        let again = try box.triage(["--lang", "en", "--save", box.path("second.json"), "--report", report] + at, answers: scriptA)
        #expect(again.status == 73)
        #expect(again.stderr.contains("already exists; use --force"))
        #expect(!again.stderr.contains("Question"), "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.path("second.json")))
        #expect(box.draftIDs().isEmpty)
    }

    @Test("answering n, nee or q at the save prompt declines; it never becomes a file name")
    func declineWords() throws {
        for word in ["n", "nee", "q", "stop"] {
            let box = try Sandbox()
            defer { box.remove() }
            let result = try box.triage(["--lang", "en"] + at, answers: scriptA + [word])
            #expect(result.status == 0)
            #expect(result.stderr.contains("Case not saved."), "\(word)")
            #expect(!FileManager.default.fileExists(atPath: box.path(word)), "saved to a file named \(word)")
        }
    }
}
