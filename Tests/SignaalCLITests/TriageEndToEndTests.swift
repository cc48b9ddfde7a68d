import Foundation
import SignalKnowledge
import SignalModel
import Testing

/// A private scratch folder with its own XDG state home, removed afterwards.
private struct Sandbox {
    let root: URL
    var state: URL { root.appendingPathComponent("state") }
    var drafts: URL { state.appendingPathComponent("signaal/drafts") }
    var environment: [String: String] {
        ["XDG_STATE_HOME": state.path, "XDG_CONFIG_HOME": root.appendingPathComponent("config").path, "COLUMNS": "100"]
    }

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

    func triage(_ arguments: [String], answers: [String], closeWithNewline: Bool = true, columns: Int = 100, rows: Int? = nil) throws
        -> Binary.Result
    {
        let input = answers.joined(separator: "\n") + (closeWithNewline && !answers.isEmpty ? "\n" : "")
        var environment = self.environment
        environment["COLUMNS"] = String(columns)
        if let rows { environment["LINES"] = String(rows) }
        return try Binary.run(["triage"] + arguments, stdin: Data(input.utf8), environment: environment, directory: root)
    }
}

private func permissions(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
}

private let at = ["--at", "2026-11-21T23:40:00+01:00"]

/// The checklist number of an indicator: stable, the same for every offence and role (the item
/// must be on the list fitted to this offence and role).
func checklistNumber(_ id: String, offence: String?, role: Role = .police) -> Int {
    let items = InterviewPlan.checklist(catalog: Knowledge.bundled.catalog, offence: offence, role: role).flatMap(\.items)
    guard items.contains(where: { $0.id == id }) else { return -1 }
    return InterviewPlan.numbers(catalog: Knowledge.bundled.catalog)[id] ?? -1
}

/// The checklist line ticking these items (a note after a colon), for a pickpocketing arrest.
private func ticks(_ items: [(String, String?)], offence: String? = "pickpocketing") -> String {
    items.map { id, note in String(checklistNumber(id, offence: offence)) + (note.map { ": " + $0 } ?? "") }
        .joined(separator: ", ")
}

/// A police pickpocketing arrest: age, region, 4 gate facts, one checklist with four ticks (the
/// instigation tick deepens into threats, debt and danger now), and a reference: 11 prompts.
private let scriptA = [
    "13", "utrecht", "?", "y", "n", "2",  // age, region, danger (not known yet), guardian, registered, offence 2 = pickpocketing
    ticks([
        ("instigation.adult_instructs_at_scene", nil), ("identity.doubtful", "geen papieren"),
        ("arrest_behaviour.denies_knowing_adult", nil), ("residence.address_unknown", nil),
    ]),
    "n", "?", "n",  // deepening: threats no, debt unknown, danger now no (asked once: the gate was ?)
    "BVH-2026-0001",  // reference
]

private let expectedCaseA = """
    {
      "version": 1,
      "reference": "BVH-2026-0001",
      "context": {
        "age": 13,
        "role": "police",
        "offence": "pickpocketing",
        "acuteDanger": "no",
        "guardianPresent": "yes",
        "registeredInNL": "no",
        "assessedAt": "2026-11-21T23:40:00+01:00",
        "region": "utrecht"
      },
      "answers": {
        "instigation.adult_instructs_at_scene": "yes",
        "identity.doubtful": {
          "answer": "yes",
          "note": "geen papieren"
        },
        "coercion.threats_violence": "no",
        "coercion.danger_now": "no",
        "coercion.debt_bondage": "unknown",
        "arrest_behaviour.denies_knowing_adult": "yes",
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
        #expect(result.stderr.contains("Question 1 of max. 12\nHow old is the child?"))
        #expect(result.stderr.contains("Question 11 of 11"))
        #expect(result.stderr.contains("Ticked (counts as yes): adult directed at the scene;"))
        // The end block is the last thing on the screen: level, what to do now, where the rest went.
        let end = try #require(result.stderr.components(separatedBy: "────").last)
        #expect(end.contains("LEVEL: SUSPICION OF EXPLOITATION (score 9)"))
        // With a custodial parent and no danger there is no crisis step at night (issue 20): TODAY comes first then.
        #expect(end.contains("DO NOW:\n1. ") || end.contains("TODAY:\n1. "), "\(end)")
        #expect(end.contains("Full assessment: signaal score \(saved)"))
        #expect(result.stderr.hasSuffix("Not a finding: this neither proves nor rules out exploitation.\n"))
        for line in result.stderr.split(separator: "\n") { #expect(line.count <= 100, "wider than COLUMNS: \(line)") }
        #expect(!result.stdout.contains("Question"))
        #expect(result.stderr.contains("Case saved to \(saved)"))
        #expect(box.draftIDs().isEmpty)
        #expect(permissions(box.drafts.path) == 0o700)
    }

    @Test("Dutch and English answer words are accepted in both languages and give the same case")
    func bothAnswerSets() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let dutchWords = scriptA.map { $0 == "y" ? "ja" : $0 == "n" ? "nee" : $0 == "?" ? "weet niet" : $0 }
        let saved = box.path("nl.json")
        let result = try box.triage(["--lang", "en", "--save", saved] + at, answers: dutchWords)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: saved, encoding: .utf8) == expectedCaseA)
        let dutch = box.path("nl2.json")
        let inDutch = try box.triage(
            ["--lang", "nl", "--save", dutch] + at, answers: scriptA.map { $0 == "y" ? "j" : $0 })
        #expect(inDutch.status == 0, "\(inDutch.stderr)")
        #expect(try String(contentsOfFile: dutch, encoding: .utf8) == expectedCaseA)
        #expect(inDutch.stderr.contains("Vraag 1 van max. 12\nHoe oud is het kind?"))
        #expect(inDutch.stderr.contains("NIVEAU: VERMOEDEN VAN UITBUITING (score 9)"))
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
                  "version": 2,
                  "role": "police",
                  "language": "en",
                  "assessedAt": "2026-11-21T23:40:00+01:00",
                  "region": null,
                  "answers": {
                    "age": 13,
                    "region": "utrecht",
                    "acuteDanger": "unknown",
                    "guardianPresent": "yes",
                    "registeredInNL": "no",
                    "offence": "pickpocketing",
                    "checklist": [
                      "arrest_behaviour.denies_knowing_adult",
                      "identity.doubtful",
                      "instigation.adult_instructs_at_scene",
                      "residence.address_unknown"
                    ],
                    "coercion.threats_violence": "no"
                  },
                  "notes": {
                    "identity.doubtful": "geen papieren"
                  },
                  "current": "coercion.debt_bondage"
                }

                """)
        let listing = try box.triage(["--list-drafts", "--lang", "en"], answers: [])
        #expect(listing.status == 0)
        #expect(listing.stdout.hasPrefix(id + "  updated "))
        // Each draft's age last (issue 22 part 3): written a moment ago.
        #expect(listing.stdout.hasSuffix("  police  8 answers  at question 9 of 11  0 min old\n"), "\(listing.stdout)")

        let saved = box.path("resumed.json")
        let second = try box.triage(["--resume", "--save", saved], answers: Array(scriptA.dropFirst(8)))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("Continuing draft \(id) (8 answers saved)."))
        #expect(second.stderr.contains("Question 9 of 11"))
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
        #expect(resumedByID.stderr.contains("Question 4 of max. 12\nIs there a parent or guardian"))
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

    @Test("going back to change the checklist drops the follow-ups it opened from the saved case")
    func backHidesFollowUp() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let saved = box.path("back.json")
        let answers =
            ["14", "utrecht", "?", "y", "y", "1"]  // danger not known at the gate; shoplifting
            + [ticks([("instigation.adult_instructs_at_scene", nil)], offence: "shoplifting")]
            + ["y", "n"]  // threats yes (danger now comes next), danger now no
            + ["b", "b", "b"]  // from the debt question back to the checklist
            + [ticks([("identity.doubtful", nil)], offence: "shoplifting")]  // instigation no longer ticked
            + [""]  // no reference
        let result = try box.triage(["--lang", "en", "--save", saved] + at, answers: answers)
        #expect(result.status == 0, "\(result.stderr)")
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(!text.contains("coercion.threats_violence"))
        #expect(!text.contains("coercion.danger_now"))
        #expect(!text.contains("instigation.adult_instructs_at_scene"))
        #expect(text.contains(#""identity.doubtful": "yes""#))
        #expect(result.stderr.contains("No longer applies and does not count: threats or violence"))
        let number = checklistNumber("instigation.adult_instructs_at_scene", offence: "shoplifting")
        #expect(result.stderr.contains("Answered before: \(number) — Enter keeps it, -number takes a tick away."))
        #expect(result.stdout.contains("(score 2)"))
        let score = try Binary.run(["score", saved, "--lang", "en"], directory: box.root)
        #expect(result.stdout == score.stdout)
    }

    @Test("invalid answers re-ask with a hint and lose nothing; help explains with an example and a source")
    func invalidAndHelp() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let saved = box.path("c.json")
        var answers = scriptA
        answers.insert(contentsOf: ["thirteenish", "130", "h"], at: 0)  // before the age
        answers.insert(contentsOf: ["0", "h"], at: 8)  // before the offence
        answers.insert(contentsOf: ["99", "1, x", "h"], at: 11)  // before the checklist
        answers.insert(contentsOf: ["maybe", "h"], at: 15)  // before the first deepening question
        answers.insert(contentsOf: ["y: brother outside"], at: 5)  // a note on a gate fact
        answers.insert(contentsOf: ["123456782"], at: answers.count - 1)  // a BSN as the reference
        let shown = InterviewPlan.checklist(catalog: Knowledge.bundled.catalog, offence: "pickpocketing", role: .police)
            .flatMap(\.items).count
        let result = try box.triage(["--lang", "en", "--save", saved] + at, answers: answers, columns: 1000)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: saved, encoding: .utf8) == expectedCaseA)
        #expect(result.stderr.contains("Type an age from 0 to 120, or ? if you don't know."))
        #expect(result.stderr.contains("Type a number from 1 to 14, or ? if the offence is not known."))
        #expect(result.stderr.contains("I don't understand that. Type y (yes), n (no) or ? (don't know)."))
        #expect(result.stderr.contains("A note can only go with a signal question or a ticked number."))
        #expect(result.stderr.contains("this looks like or contains a BSN"))
        // A refused checklist entry is named, right under the prompt.
        #expect(result.stderr.contains("> 99\n99 is not on the list.\n> "))
        #expect(result.stderr.contains("> 1, x\n'x' is not a number on the list."))
        #expect(shown > 0)
        // Help: the indicator's explanation (with its example), why, and its seed citations.
        #expect(result.stderr.contains("Explanation:\nThink of threats with a knife or gun"))
        #expect(result.stderr.contains("Explanation:\nTick everything you have seen or heard yourself"))
        #expect(result.stderr.contains("Source:\n  - “"))
        // Gate help cites the routing step the answer decides.
        #expect(result.stderr.contains("Explanation:\nEnter the age in years."))
        #expect(result.stderr.contains("(000_e80dfccad85e2995.txt L1121)"))
    }

    @Test("an acute answer says what to do now, from the routing table, before the next question")
    func acuteAlert() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let result = try box.triage(["--lang", "en"] + at, answers: ["15", "utrecht", "y", "q"], columns: 1000)
        #expect(result.status == 0)
        // The alert is the routing table's acute steps, each party once, with the contacts directory.
        let knowledge = Knowledge.bundled
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .en)
        var alert = "ACUTE — do this now, before you go on:\n"
        let steps = knowledge.routing.rules.flatMap(\.steps)
        var parties: [(String, [String])] = []
        // The interview's reader is police: assistance through the control room (issue 20).
        for id in ["police_acute_assistance", "no_handover_unverified"] {
            let step = try #require(steps.first { $0.id == id })
            if let index = parties.firstIndex(where: { $0.0 == step.party }) {
                parties[index].1.append(step.action[.en])
            } else {
                parties.append((step.party, [step.action[.en]]))
            }
        }
        // What the reader does first, then whom it goes to and how (issue 21: not the party first).
        for (index, (party, actions)) in parties.enumerated() {
            let reach = renderer.reach(party, region: "utrecht", role: .police)
            let how = reach.phone.map { reach.name.contains($0) ? nil : $0 } ?? reach.detail
            alert += "  \(index + 1). " + actions.joined(separator: " ") + "\n"
            alert += "     → " + reach.name + (how.map { ": " + $0 } ?? "") + "\n"
        }
        alert += "Is the child safe? Then we continue with the questions.\n"
        let stderr = result.stderr
        let alertRange = try #require(stderr.range(of: alert))
        let next = try #require(stderr.range(of: "Question 4 of"))
        #expect(alertRange.lowerBound < next.lowerBound)
        #expect(alert.contains("control room") && !alert.contains("112"))
        // The alert is shown again when the acute draft is resumed.
        let resumed = try box.triage(["--resume", "--lang", "en"], answers: ["q"])
        #expect(resumed.stderr.contains("ACUTE — do this now"))
    }

    @Test("a collector ticked on the checklist: 'here now?' is the very next question, and its yes the alert")
    func acuteCollector() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let tick = ticks([("collection.before_family_informed", nil), ("identity.doubtful", nil)])
        let result = try box.triage(
            ["--lang", "en"] + at, answers: ["14", "utrecht", "n", "?", "n", "2", tick, "y", "q"], columns: 1000)
        #expect(result.status == 0)
        let stderr = result.stderr
        let checklist = try #require(stderr.range(of: "> " + tick + "\n"))
        let question = try #require(stderr.range(of: "Is someone present now (at the station"))
        let alert = try #require(stderr.range(of: "ACUTE — do this now"))
        let afterChecklist = stderr[checklist.upperBound...]
        #expect(afterChecklist.contains("Question 8 of"))
        #expect(!stderr[checklist.upperBound..<question.lowerBound].contains("?\n  y = yes"), "a question came between")
        #expect(question.upperBound < alert.lowerBound)
        #expect(!stderr[question.upperBound..<alert.lowerBound].contains("Question "), "a question came before the alert")
    }

    @Test("a context item among scored ones is marked * (not scored) on the checklist, in both languages")
    func contextItemMarked() throws {
        let box = try Sandbox()
        defer { box.remove() }
        for (language, label, scored) in [("en", "no fixed place to stay", "sent to other towns"), ("nl", "geen vaste verblijfplaats", "gestuurd naar andere plaatsen")] {
            let result = try box.triage(["--lang", language] + at, answers: ["14", "utrecht", "n", "y", "y", "5", "q"], columns: 1000)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.contains(label + "*"), "\(language)")
            #expect(result.stderr.contains(scored) && !result.stderr.contains(scored + "*"), "\(language)")
        }
    }

    @Test("18 or older stops after the age with the adult route; an unknown age goes on as a minor")
    func adult() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let result = try box.triage(["--lang", "en"] + at, answers: ["19", ""])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("Question 2 of"))
        #expect(result.stderr.contains("18 or older: Signaal is made for minors"))
        #expect(result.stderr.contains("18+: OUTSIDE SIGNAAL (made for minors). Route for an adult:"))
        #expect(result.stdout.contains("age 19"))
        let unknown = try box.triage(["--lang", "en"] + at, answers: ["?", "q"])
        #expect(unknown.stderr.contains("Question 2 of max. 12\nWhich region are you in?"))
    }

    @Test("--set-region saves a default (0600) and the interview no longer asks the region")
    func defaultRegion() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let set = try box.triage(["--set-region", "zwolle", "--lang", "en"], answers: [])
        #expect(set.status == 0, "\(set.stderr)")
        let settings = box.root.appendingPathComponent("config/signaal/settings.json").path
        #expect(try String(contentsOfFile: settings, encoding: .utf8) == "{\n  \"version\": 1,\n  \"region\": \"zwolle\"\n}\n")
        #expect(permissions(settings) == 0o600)
        let saved = box.path("z.json")
        let answers = scriptA.enumerated().filter { $0.offset != 1 }.map(\.element)
        let result = try box.triage(["--lang", "en", "--save", saved] + at, answers: answers)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("Which region"))
        #expect(try String(contentsOfFile: saved, encoding: .utf8).contains(#""region": "zwolle""#))
        #expect(try box.triage(["--set-region", "atlantis", "--lang", "en"], answers: []).status == 64)
        // A broken settings file is reported and ignored: the region is asked.
        try Data("{".utf8).write(to: URL(fileURLWithPath: settings))
        let broken = try box.triage(["--lang", "en"] + at, answers: ["13", "q"])
        #expect(broken.stderr.contains("The settings in \(settings) are ignored"))
        #expect(broken.stderr.contains("Which region are you in?"))
        #expect(try box.triage(["--set-region", "none", "--lang", "en"], answers: []).status == 0)
        #expect(try String(contentsOfFile: settings, encoding: .utf8).contains(#""region": null"#))
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
        let newerText = #"{"version": 4, "role": "police", "answers": {}, "future": true}"#
        try Data(newerText.utf8).write(to: newer)
        let second = try box.triage(["--resume", "newer", "--lang", "en"], answers: ["y"])
        #expect(second.status == 65)
        #expect(second.stderr.contains("\(newer.path):1:"))
        #expect(second.stderr.contains("version 4 is not supported; this Signaal reads version 3"))
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
        input.fileHandleForWriting.write(Data("13\nutrecht\n?\ny\n".utf8))
        // Wait until the fourth answer is on disk (as an answer: after the third, the draft already
        // names guardianPresent as its current question).
        var waited = 0
        while waited < 600 {
            if let id = box.draftIDs().first,
                let text = try? String(contentsOf: box.drafts.appendingPathComponent(id + ".json"), encoding: .utf8),
                text.contains(#""guardianPresent": "yes""#)
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
        #expect(try box.triage(["--set-region", "atlantis", "--lang", "en"], answers: []).status == 64)
        let mismatch = try box.triage(["--resume", "--role", "police", "--lang", "en"], answers: ["q"])
        #expect(mismatch.status == 64)
        #expect(mismatch.stderr.contains("\"police\" is not a valid value for --role; choose from: zsm."))
        let help = try Binary.run(["triage", "--help", "--lang", "en"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--resume"))
        #expect(help.stdout.contains("--list-drafts"))
    }
}

@Suite("signaal triage: kill -9 at every question, then resume", .serialized, .enabled(if: Exhaustive.on, Exhaustive.skipReason))
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
        let again = try box.triage(
            ["--lang", "en", "--save", box.path("second.json"), "--report", report] + at, answers: scriptA, columns: 1000)
        #expect(again.status == 73)
        #expect(again.stderr.contains("already exists; use --force"))
        #expect(!again.stderr.contains("Question"), "\(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: box.path("second.json")))
        #expect(box.draftIDs().isEmpty)
    }

    @Test("answer words at the save prompt are never file names: y, j, ?, h ask again; n, nee, q decline")
    func answerWordsNotNames() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let result = try box.triage(["--lang", "en"] + at, answers: scriptA + ["y", "j", "?", "h", "case.json"])
        #expect(result.status == 0)
        for word in ["y", "j", "?", "h"] {
            #expect(result.stderr.contains("'\(word)' is an answer, not a file name."), "\(word)")
            #expect(!FileManager.default.fileExists(atPath: box.path(word)), "saved to a file named \(word)")
        }
        #expect(try String(contentsOfFile: box.path("case.json"), encoding: .utf8) == expectedCaseA)
    }

    @Test("paged checklist (LINES=24): ticks on several pages, m, 0 and ?; a tick taken away on a page drops its follow-ups at once, said on screen")
    func pagedChecklist() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let saved = box.path("paged.json")
        let numbers = InterviewPlan.numbers(catalog: Knowledge.bundled.catalog)
        let first = try #require(numbers["instigation.adult_instructs_at_scene"])
        let identity = try #require(numbers["identity.doubtful"])
        let contracts = try #require(numbers["money_mule.contracts_in_name"])
        // Pickpocketing on 80x24: three pages. Page 1: the first item; page 2: ? (not checked);
        // page 3: m (the hidden families fit on this page), then the contracts item and 0 (the rest
        // of the page not seen). Threats yes, danger now no; back to the checklist (page 1), identity
        // instead of the ticks: the page turn drops the follow-ups at once and says so.
        let answers = ["13", "utrecht", "?", "j", "n", "2", "\(first)", "?", "m", "\(contracts), 0", "y", "n", "b", "b", "b", "\(identity)", "", "", "BVH-9"]
        let result = try box.triage(["--lang", "en", "--save", saved] + at, answers: answers, columns: 80, rows: 24)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Question 7 of max. 12 · list 1/3"))
        #expect(result.stderr.contains("More signals:"))
        #expect(result.stderr.contains("No longer applies and does not count: threats or violence"))
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(text.contains(#""identity.doubtful": "yes""#))
        #expect(!text.contains("coercion.threats_violence"))
        #expect(!text.contains("instigation.adult_instructs_at_scene"))
        #expect(result.stderr.contains("\(contracts), 0\n"))
        #expect(result.stderr.contains("Answered before: \(first), \(contracts)"))
        for line in result.stderr.split(separator: "\n") { #expect(line.count <= 80, "wider than 80: \(line)") }
    }

    @Test("a piped run answering ? to every prompt ends in an assessment")
    func unknownToEverything() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let result = try box.triage(["--lang", "en"] + at, answers: Array(repeating: "?", count: 40))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("LEVEL: NO SIGNALS"))
        #expect(result.stderr.contains("LEVEL: NO SIGNALS (score 0)"))
        #expect(!result.stderr.contains("Type numbers"), "? at the checklist was refused")
        #expect(result.stderr.components(separatedBy: "What have you seen or heard?").count == 2, "the checklist was asked more than once")
    }

    @Test("piped answers are echoed escaped: a control character never reaches the terminal raw (N7)")
    func echoEscaped() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}[31mLEVEL: NONE\u{1B}[0m"
        let result = try box.triage(["--lang", "en"] + at, answers: [hostile, "q"])
        #expect(result.status == 0)
        #expect(!result.stderr.contains("\u{1B}"), "raw ESC on stderr")
        #expect(!result.stderr.contains("\u{07}"), "raw BEL on stderr")
        #expect(result.stderr.contains(UserText.line(hostile)))
    }

    @Test("answering n or nee at the save prompt declines; it never becomes a file name")
    func declineWords() throws {
        for word in ["n", "nee"] {
            let box = try Sandbox()
            defer { box.remove() }
            let result = try box.triage(["--lang", "en"] + at, answers: scriptA + [word])
            #expect(result.status == 0)
            #expect(result.stderr.contains("Case not saved."), "\(word)")
            #expect(!FileManager.default.fileExists(atPath: box.path(word)), "saved to a file named \(word)")
        }
    }

    @Test("q at the save prompt keeps the draft and says how to continue; b goes back to the last question")
    func saveQuitAndBack() throws {
        for word in ["q", "stop"] {
            let box = try Sandbox()
            defer { box.remove() }
            let result = try box.triage(["--lang", "en"] + at, answers: scriptA + [word])
            #expect(result.status == 0)
            let id = try #require(box.draftIDs().first, "\(word): the draft was deleted")
            #expect(!result.stderr.contains("Case not saved."), "\(word)")
            #expect(result.stderr.contains("Stopped. Your answers are saved (draft \(id)).\nTo continue: signaal triage --resume \(id)"))
            #expect(!FileManager.default.fileExists(atPath: box.path(word)))
            // Resumed, the interview is at the end: the save prompt comes again and saves the case.
            let saved = box.path("later.json")
            let resumed = try box.triage(["--resume", "--lang", "en"], answers: [saved])
            #expect(resumed.status == 0, "\(resumed.stderr)")
            #expect(try String(contentsOfFile: saved, encoding: .utf8) == expectedCaseA)
        }
        // b: back to the reference question; a new reference, then saved.
        let box = try Sandbox()
        defer { box.remove() }
        let saved = box.path("back.json")
        let result = try box.triage(["--lang", "en"] + at, answers: scriptA + ["b", "BVH-2026-0002", saved])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try String(contentsOfFile: saved, encoding: .utf8) == expectedCaseA.replacingOccurrences(of: "BVH-2026-0001", with: "BVH-2026-0002"))
        #expect(result.stderr.contains("Answered before: BVH-2026-0001"))
    }
}

@Suite("signaal triage: this session's leftovers of issues 20 and 21", .serialized)
struct TriageLeftoverEndToEndTests {
    // Issue 21: `b` at the save prompt after the assessment went to a pipe printed it twice.
    @Test("b at the save prompt with stdout a pipe: the assessment goes to stdout once, after the save prompt")
    func backAtSavePromptPrintsOnce() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let saved = box.path("once.json")
        let result = try box.triage(["--lang", "en"] + at, answers: scriptA + ["b", "BVH-2026-0002", saved])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.components(separatedBy: "LEVEL: SUSPICION").count == 2, "\(result.stdout)")
        let score = try Binary.run(["score", saved, "--lang", "en"], directory: box.root)
        #expect(result.stdout == score.stdout)
        // q at the save prompt still sends the assessment once (and keeps the draft).
        let quit = try box.triage(["--lang", "en"] + at, answers: scriptA + ["q"])
        #expect(quit.stdout.components(separatedBy: "LEVEL: SUSPICION").count == 2)
    }

    // Issue 21 item 10: a name-like reference was refused on entry but accepted from a resumed draft.
    @Test("a resumed draft whose reference looks like a name: refused with the reason, off the disk, asked again")
    func nameInResumedDraft() throws {
        let box = try Sandbox()
        defer { box.remove() }
        _ = try box.triage(["--lang", "en"] + at, answers: scriptA + ["q"])
        let id = try #require(box.draftIDs().first)
        let path = box.drafts.appendingPathComponent(id + ".json").path
        let draft = try String(contentsOfFile: path, encoding: .utf8)
        #expect(draft.contains("BVH-2026-0001"))
        try draft.replacingOccurrences(of: "BVH-2026-0001", with: "Jan de Vries").write(toFile: path, atomically: true, encoding: .utf8)
        let stopped = try box.triage(["--resume", "--lang", "en"], answers: ["q"])
        #expect(stopped.status == 0, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("The reference in this draft looks like a name."))
        #expect(stopped.stderr.contains("Case number or your own reference? No names or BSN."))
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("Jan de Vries"))
        let saved = box.path("named.json")
        let resumed = try box.triage(["--resume", "--lang", "nl"], answers: ["Jan de Vries", "BVH-2026-0001", saved])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("Dat lijkt een naam"))
        #expect(try String(contentsOfFile: saved, encoding: .utf8) == expectedCaseA)
    }

    // Issue 21 item 9: the acute alert led with the public's party ("Politie – spoed (…): …"); it
    // now leads with what this reader does, from the routing data's per-reader steps, then waits.
    @Test("the acute alert leads with what the reader does (police: own control room, no 112; care: 112), nl and en, then waits")
    func acuteAlertLeadsWithTheReadersAction() throws {
        let steps = Knowledge.bundled.routing.rules.flatMap(\.steps)
        for (role, first) in [("police", "police_acute_assistance"), ("care", "call_112")] {
            for language in [Language.nl, .en] {
                let box = try Sandbox()
                defer { box.remove() }
                let result = try box.triage(["--lang", language.rawValue, "--role", role] + at, answers: ["15", "utrecht", "y", "q"], columns: 1000)
                #expect(result.status == 0, "\(result.stderr)")
                let title = Knowledge.bundled.texts.text("triage.acute.title", language, [:])
                let alert = try #require(result.stderr.components(separatedBy: title + "\n").dropFirst().first)
                let action = try #require(steps.first { $0.id == first }).action[language]
                #expect(alert.hasPrefix("  1. " + action), "\(role) \(language): \(alert)")
                let reach = try #require(alert.split(separator: "\n").dropFirst().first)
                #expect(reach.hasPrefix("     → "), "\(role) \(language): \(reach)")
                // Only the alert block itself: what follows it on stderr (the draft id, a timestamp
                // such as 20261207-011254) may contain the digits 112 by chance.
                let continueLine = String(Knowledge.bundled.texts.text("triage.acute.continue", language, [:]).prefix(20))
                let block = try #require(alert.components(separatedBy: continueLine).first)
                #expect(block.count < alert.count, "the alert ends with its continue line")
                if role == "police" {
                    #expect(!block.contains("112"), "police are sent to their own control room, not 112: \(block)")
                } else {
                    #expect(reach.contains("112"))
                }
            }
        }
    }

    // Issue 21: a single tick on a later checklist page could not be taken away (numbers typed
    // again only add; the first numbers replace all ticks only when there is something to type).
    @Test("-N takes a tick away: a single tick on a later page of an answered checklist, on 80x24, piped; the saved case has no trace of it")
    func untickOnLaterPage() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let knowledge = Knowledge.bundled
        let numbers = InterviewPlan.numbers(catalog: knowledge.catalog)
        let groups = InterviewPlan.checklist(catalog: knowledge.catalog, offence: "pickpocketing", role: .police, guardian: .yes)
        let pages = ChecklistLayout(knowledge: knowledge, language: .en, width: 80, rows: 24).pages(groups, numbers: numbers)
        let item = "identity.doubtful"
        let number = try #require(numbers[item])
        let page = try #require(pages.firstIndex { $0.flatMap(\.items).contains { $0.id == item } })
        try #require(page > 0, "the item must be on a later page")
        // Ticked on its page (Enter elsewhere); at the reference, back to the checklist; -N on its page, Enter on.
        let first = (0..<pages.count).map { $0 == page ? "\(number): geen papieren" : "" }
        let again = (0..<pages.count).flatMap { $0 == page ? ["-\(number)", ""] : [""] }
        let saved = box.path("untick.json")
        let answers = ["13", "utrecht", "n", "j", "n", "2"] + first + ["b"] + again + ["BVH-5"]
        let result = try box.triage(["--lang", "en", "--save", saved] + at, answers: answers, columns: 80, rows: 24)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Tick taken away: identity"), "\(result.stderr)")
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        #expect(!text.contains(item) && !text.contains("geen papieren"), "\(text)")
        #expect(text.contains("BVH-5"))
    }

    // Lead drive (7 Dec): "2 21 -23" was refused as "not a number on the list", though -23 alone works.
    @Test("piped: a minus number among ticks is refused with its own reason (own line), nothing ticked; the page is asked again")
    func untickAmongTicks() throws {
        let box = try Sandbox()
        defer { box.remove() }
        let knowledge = Knowledge.bundled
        let numbers = InterviewPlan.numbers(catalog: knowledge.catalog)
        let groups = InterviewPlan.checklist(catalog: knowledge.catalog, offence: "pickpocketing", role: .police, guardian: .yes)
        let pages = ChecklistLayout(knowledge: knowledge, language: .nl, width: 80, rows: 24).pages(groups, numbers: numbers)
        let items = pages[0].flatMap(\.items).map(\.id)
        try #require(items.count >= 2)
        let (a, b) = (try #require(numbers[items[0]]), try #require(numbers[items[1]]))
        let saved = box.path("mixed.json")
        let rest = (1..<pages.count).map { _ in "" }
        let answers = ["13", "utrecht", "n", "j", "n", "2", "\(a) -\(b)", ""] + rest + ["BVH-6"]
        let result = try box.triage(["--lang", "nl", "--save", saved] + at, answers: answers, columns: 80, rows: 24)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("-\(b) haalt een vinkje weg en hoort op een eigen regel"), "\(result.stderr)")
        #expect(!result.stderr.contains("is geen nummer van de lijst"), "\(result.stderr)")
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        // The refused line ticked nothing; Enter on the page again moved on (the interview finished).
        #expect(!text.contains("\"\(items[0])\"") && text.contains("BVH-6"), "\(text)")
    }

    // Issue 20 item 6: the asylum question is a legal-status fact asked only without a custodial
    // parent in NL; it was on every checklist.
    @Test("piped: the asylum item is on the checklist without a custodial parent in NL (n, ?), not with one (y); a tick counts for the route only")
    func asylumGate() throws {
        let number = try #require(InterviewPlan.numbers(catalog: Knowledge.bundled.catalog)["context.asylum_unaccompanied"])
        let cannabis = try #require(Knowledge.bundled.catalog.offences.firstIndex { $0.id == "cannabis" }) + 1
        let labels = try #require(Knowledge.bundled.texts.strings["triage.item.context.asylum_unaccompanied"])
        for (guardian, language, label) in [("y", "en", labels.en), ("n", "en", labels.en), ("?", "nl", labels.nl)] {
            let box = try Sandbox()
            defer { box.remove() }
            let saved = box.path("asylum.json")
            let answers = ["15", "utrecht", "n", guardian, "n", String(cannabis)]
            let rest = guardian == "y" ? ["\(number)", "", "BVH-3"] : ["\(number)", "BVH-3"]
            let result = try box.triage(["--lang", language, "--save", saved] + at, answers: answers + rest)
            let checklist = try #require(result.stderr.components(separatedBy: "> \(cannabis)\n").last)
            let text = try String(contentsOfFile: saved, encoding: .utf8)
            if guardian == "y" {
                #expect(!checklist.contains(label), "asked with a custodial parent in NL")
                #expect(!text.contains("context.asylum_unaccompanied"))
                #expect(result.stderr.contains("\(number) is asked only when no parent with custody is in the Netherlands"))
            } else {
                #expect(checklist.contains("\(number) " + label), "\(guardian): not asked")
                #expect(text.contains(#""context.asylum_unaccompanied": "yes""#), "\(guardian)")
                #expect(text.contains(#""level""#) == false)
            }
            #expect(result.status == 0, "\(result.stderr)")
        }
    }
}
