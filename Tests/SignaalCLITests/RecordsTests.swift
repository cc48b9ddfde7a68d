import Foundation
import Testing

/// Compact records (issue 24): what belongs to the case, by id; the texts once from
/// `signaal knowledge --format json`. End to end: the built binary's records and knowledge.
struct RecordsProblem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

@Suite("Records for case systems: --records full|compact, signaal knowledge")
struct RecordsTests {
    /// A full record rebuilt from a compact one and the knowledge document, as docs/FORMATS.md says.
    static func expand(_ compact: [String: Any], _ knowledge: [String: Any]) throws -> NSDictionary {
        func byID(_ key: String) throws -> [String: [String: Any]] {
            let list = try #require(knowledge[key] as? [[String: Any]], "knowledge.\(key)")
            return Dictionary(uniqueKeysWithValues: list.map { ($0["id"] as? String ?? "", $0) })
        }
        let levels = try byID("levels")
        let indicators = try byID("indicators")
        let combinations = try byID("combinations")
        let steps = try byID("steps")
        let notes = try byID("notes")
        let contacts = try byID("contacts")
        let regions = try byID("regions")
        let answerNotes = try #require(compact["answerNotes"] as? [String: String])
        let situation = try #require(compact["situation"] as? [String: Any])
        let role = try #require(situation["role"] as? String)
        let signalIDs = try #require(compact["signals"] as? [String])
        func note(_ id: String) -> Any { answerNotes[id] ?? NSNull() }
        func signal(_ id: String) throws -> [String: Any] {
            let indicator = try #require(indicators[id], "indicator \(id)")
            return [
                "id": id, "family": indicator["family"]!, "kind": indicator["kind"]!, "weight": indicator["weight"]!,
                "question": indicator["question"]!, "note": note(id), "citations": indicator["citations"]!,
            ]
        }
        var full: [String: Any] = [:]
        for key in ["outputVersion", "catalogVersion", "reference", "level", "score", "override", "levelIfUnknownsConfirmed", "assessedAt"] {
            guard let value = compact[key] else { throw RecordsProblem("compact record without \(key)") }
            full[key] = value
        }
        full["records"] = "full"
        full["levelName"] = try #require(levels[compact["level"] as? String ?? ""]?["name"])
        full["routeLevel"] = situation["level"]
        full["signals"] = try signalIDs.map(signal)
        full["context"] = try #require(compact["context"] as? [String]).map(signal)
        full["combinations"] = try #require(compact["combinations"] as? [String]).map { id -> [String: Any] in
            let rule = try #require(combinations[id], "combination \(id)")
            let named = (rule["allYes"] as? [String] ?? []) + (rule["anyYes"] as? [String] ?? [])
            return [
                "id": id, "name": rule["name"]!, "atLeast": rule["atLeast"]!, "offence": compact["offence"]!,
                "signals": signalIDs.filter(named.contains), "rationale": rule["rationale"]!, "citations": rule["citations"]!,
            ]
        }
        full["unknowns"] = try #require(compact["unknowns"] as? [[String]]).map { pair -> [String: Any] in
            let indicator = try #require(indicators[pair[0]], "indicator \(pair[0])")
            return ["id": pair[0], "reason": pair[1], "question": indicator["question"]!, "note": note(pair[0])]
        }
        let route = try #require(compact["route"] as? [[Any]])
        full["route"] = try route.map { (entry: [Any]) -> [String: Any] in
            let first: Any = entry[0]
            let third: Any = entry[2]
            guard let party = first as? String, let ids = third as? [String], let urgency = entry[1] as? String else {
                throw RecordsProblem("route entry \(entry)")
            }
            let parts = try ids.map { try #require(steps[$0], "step \($0)") }
            #expect(parts.allSatisfy { $0["party"] as? String == party })
            // A merged step: actions joined by a space, reasons and citations each once.
            var whys: [String] = []
            var citations: [NSDictionary] = []
            for part in parts {
                let why = part["why"] as? String ?? ""
                if !whys.contains(why) { whys.append(why) }
                for citation in part["citations"] as? [NSDictionary] ?? [] where !citations.contains(citation) { citations.append(citation) }
            }
            let contact = contacts[party]
            let lines = contact?["lines"] as? [String: Any] ?? [:]
            var phone: Any = contact?["phone"] ?? NSNull()
            if lines[role] != nil {
                phone = NSNull()
            } else if party == "rvdk", let region = compact["region"] as? String, let known = regions[region] {
                phone = known["rvdkPhone"]!
            }
            return [
                "id": ids[0], "steps": ids, "party": party, "partyName": contact?["name"] ?? party, "phone": phone,
                "urgency": urgency,
                // The steps read "NU, als het zich voordoet" (knowledge: each step's conditionalNow).
                "conditionalNow": zip(ids, parts).filter { $0.1["conditionalNow"] as? Bool == true }.map(\.0),
                "action": parts.map { $0["action"] as? String ?? "" }.joined(separator: " "),
                "why": whys.joined(separator: " "), "citations": citations,
            ]
        }
        full["notes"] = try #require(compact["notes"] as? [String]).map { id -> [String: Any] in
            let legal = try #require(notes[id], "note \(id)")
            return ["id": id, "text": legal["text"]!, "citations": legal["citations"]!]
        }
        full["situation"] = situation
        return full as NSDictionary
    }

    @Test("a compact record and signaal knowledge give the full record, for every kind of case, in both languages")
    func compactPlusKnowledgeIsFull() throws {
        let lines = try RecordCorpus.all()
        for language in ["en", "nl"] {
            let knowledge = try RecordCorpus.knowledge(language)
            #expect(knowledge["outputVersion"] as? Int == 1 && knowledge["language"] as? String == language)
            let (fullText, full) = try RecordCorpus.output(lines, ["--records", "full", "--lang", language])
            let (compactText, compact) = try RecordCorpus.output(lines, ["--lang", language])
            #expect(full.count == lines.count && lines.count > (Exhaustive.on ? 1_500 : 150))
            // The comparison can fail: one changed reason in a rebuilt record is a difference.
            let index = try #require(compact.firstIndex { !($0["route"] as? [Any] ?? []).isEmpty })
            let changed = try #require(try Self.expand(compact[index], knowledge).mutableCopy() as? NSMutableDictionary)
            #expect(changed == full[index] as NSDictionary)
            var route = try #require(changed["route"] as? [[String: Any]])
            route[0]["why"] = "changed"
            changed["route"] = route
            #expect(changed != full[index] as NSDictionary)
            // The loop below compares with `JSONEquality.same`: it agrees with NSDictionary here.
            #expect(JSONEquality.same(try Self.expand(compact[index], knowledge), full[index]))
            #expect(!JSONEquality.same(changed, full[index]))
            var failures = 0
            for (number, (whole, small)) in zip(full, compact).enumerated() where failures < 5 {
                #expect(small["records"] as? String == "compact" && whole["records"] as? String == "full")
                var whole = whole
                if let history = whole.removeValue(forKey: "history") as? [Any] {
                    // A case with its history (issue 25): a compact record carries only the number of contributions.
                    #expect(small["contributions"] as? Int == history.count && !history.isEmpty)
                }
                let rebuilt = try Self.expand(small, knowledge)
                if !JSONEquality.same(rebuilt, whole) {
                    failures += 1
                    Issue.record("line \(number + 1) (\(language)): rebuilt \(rebuilt)\nfull \(whole)")
                }
            }
            // The texts are what compact leaves out: it is several times smaller, as written.
            let fullBytes = fullText.utf8.count
            let compactBytes = compactText.utf8.count
            #expect(compactBytes * 5 < fullBytes, "\(compactBytes) vs \(fullBytes)")
        }
    }

    @Test("the route is the merged route of the full record: every party once, its steps and the urgency of its first")
    func routeShape() throws {
        let lines = try RecordCorpus.fixtures()
        let compact = try RecordCorpus.records(lines, ["--records", "compact"])
        let merged = compact.flatMap { $0["route"] as? [[Any]] ?? [] }.filter { ($0[2] as? [String])?.count ?? 0 > 1 }
        #expect(!merged.isEmpty, "the fixtures merge steps of one party somewhere")
        for record in compact {
            let parties = (record["route"] as? [[Any]] ?? []).compactMap { $0[0] as? String }
            #expect(Set(parties).count == parties.count)
        }
    }

    @Test("one case: --format json --records compact is the batch's compact record; --records full and no option are the same")
    func singleCase() throws {
        let options = ["--at", RecordCorpus.time, "--region", "utrecht"]
        let compact = try RecordCorpus.records(try RecordCorpus.fixtures(), options)
        for (name, batch) in zip(Golden.caseNames, compact) {
            let file = "Tests/Fixtures/cases/\(name).json"
            let single = try Binary.run(["score", "--format", "json", "--records", "compact", file] + options, directory: Binary.root)
            #expect(single.status == 0 && single.stderr == "")
            #expect(try Batch.object(single.stdout) == batch as NSDictionary, "\(name)")
            #expect(single.stdout.hasPrefix("{\n  \"outputVersion\": 1,\n  \"records\": \"compact\","), "\(name)")
            let byDefault = try Binary.run(["score", "--format", "json", file] + options, directory: Binary.root)
            let full = try Binary.run(["score", "--format", "json", "--records", "full", file] + options, directory: Binary.root)
            #expect(byDefault.stdout == full.stdout && full.status == 0)
            #expect(full.stdout.hasPrefix("{\n  \"outputVersion\": 1,\n  \"records\": \"full\","), "\(name)")
        }
    }

    @Test("a batch writes compact records unless --records full; error records carry outputVersion too")
    func batchDefault() throws {
        let input = Batch.ndjson([Batch.valid, "{"])
        let plain = try Binary.run(["score", "--batch", "--at", RecordCorpus.time, "-"], stdin: input)
        let full = try Binary.run(["score", "--batch", "--records", "full", "--at", RecordCorpus.time, "-"], stdin: input)
        #expect(plain.status == 65 && full.status == 65 && plain.stderr == full.stderr)
        let plainLines = plain.stdout.split(separator: "\n")
        let fullLines = full.stdout.split(separator: "\n")
        #expect(plainLines.count == 2 && fullLines.count == 2)
        #expect(plainLines.first?.hasPrefix(#"{"outputVersion":1,"records":"compact","catalogVersion":"#) == true)
        #expect(fullLines.first?.hasPrefix(#"{"outputVersion":1,"records":"full","catalogVersion":"#) == true)
        let error = #"{"outputVersion":1,"line":2,"error":{"kind":"syntax.unexpected_end","path":null,"column":2,"message":"not valid JSON: the input ends in the middle of a value"}}"#
        #expect(plainLines.last.map(String.init) == error && fullLines.last.map(String.init) == error)
    }

    @Test("bad --records values and --records without JSON are usage errors (exit 64) before any input is read")
    func usage() throws {
        let input = Batch.ndjson([Batch.valid])
        let cases: [([String], String)] = [
            (["--records", "short"], "signaal: \"short\" is not a valid value for --records; choose from: full, compact.\nSee 'signaal help'.\n"),
            (["--batch", "--records", "Compact"], "signaal: \"Compact\" is not a valid value for --records; choose from: full, compact.\nSee 'signaal help'.\n"),
            (["--records"], "signaal: --records needs a value.\nSee 'signaal help'.\n"),
            (["--records", "compact"], "signaal: --records only works with --format json or --batch\nSee 'signaal help'.\n"),
            (["--format", "text", "--records", "full"], "signaal: --records only works with --format json or --batch\nSee 'signaal help'.\n"),
            (["--format", "json", "--records", "compact", "--report", "-"], "signaal: --records only works with --format json or --batch\nSee 'signaal help'.\n"),
        ]
        for (arguments, message) in cases {
            let result = try Binary.run(["score"] + arguments, stdin: input)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stdout == "", "\(arguments)")
            #expect(result.stderr == message, "\(arguments)")
        }
        let dutch = try Binary.run(["score", "--records", "compact", "--lang", "nl", "-"], stdin: input)
        #expect(dutch.status == 64 && dutch.stderr == "signaal: --records werkt alleen met --format json of --batch\nZie 'signaal help'.\n")
    }

    @Test("signaal knowledge: each id once, every id a compact record can name is in it, --format json only")
    func knowledgeDocument() throws {
        let knowledge = try RecordCorpus.knowledge("en")
        for key in ["levels", "families", "offences", "indicators", "combinations", "steps", "notes", "contacts", "regions"] {
            let list = try #require(knowledge[key] as? [[String: Any]], "\(key)")
            let ids = list.compactMap { $0["id"] as? String }
            #expect(!ids.isEmpty && Set(ids).count == ids.count, "\(key)")
        }
        let plain = try Binary.run(["knowledge"])
        let json = try Binary.run(["knowledge", "-f", "json"])
        #expect(plain.status == 0 && plain.stdout == json.stdout && plain.stdout.hasSuffix("}\n"))
        let text = try Binary.run(["knowledge", "--format", "text"])
        #expect(text.status == 64 && text.stderr == "signaal: \"text\" is not a valid value for --format; choose from: json.\nSee 'signaal help'.\n")
        let dutch = try RecordCorpus.knowledge("nl")
        let question = { (document: [String: Any]) in ((document["indicators"] as? [[String: Any]])?.first?["question"] as? String) ?? "" }
        #expect(question(dutch) != question(knowledge) && !question(dutch).isEmpty)
    }
}

/// Deep equality of values from JSONSerialization (and the NSDictionary and NSArray a test builds):
/// what `NSDictionary.isEqual` answers (numbers by NSNumber's equality, so `true` equals `1` as
/// there), without bridging every nested value through Foundation on Linux, which made the
/// record-by-record comparison the slowest part of `swift test` (issue 23).
enum JSONEquality {
    static func same(_ left: Any, _ right: Any) -> Bool {
        if let left = left as? String { return (right as? String) == left }
        if left is NSNull { return right is NSNull }
        if let left = left as? [String: Any] {
            guard let right = right as? [String: Any], left.count == right.count else { return false }
            for (key, value) in left {
                guard let other = right[key], same(value, other) else { return false }
            }
            return true
        }
        if let left = left as? [Any] {
            guard let right = right as? [Any], left.count == right.count else { return false }
            return zip(left, right).allSatisfy { same($0, $1) }
        }
        if let left = left as? NSNumber, let right = right as? NSNumber { return left == right }
        return false
    }
}
