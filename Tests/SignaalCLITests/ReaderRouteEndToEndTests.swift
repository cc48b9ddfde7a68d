import Foundation
import Testing

/// Issue 20 "Must show", end to end: `signaal score --format json` on the built binary.
@Suite("A step has a reader, end to end (issue 20)")
struct ReaderRouteEndToEndTests {
    static func score(
        role: String, age: Int = 15, guardian: String = "yes", registered: String = "yes", danger: String = "no",
        offence: String? = nil, at time: String, answers: [String: String]
    ) throws -> [String: Any] {
        var context: [String: Any] = [
            "age": age, "role": role, "acuteDanger": danger, "guardianPresent": guardian, "registeredInNL": registered,
            "assessedAt": time,
        ]
        if let offence { context["offence"] = offence }
        let input: [String: Any] = ["version": 1, "context": context, "answers": answers]
        let data = try JSONSerialization.data(withJSONObject: input)
        let result = try Binary.run(["score", "--format", "json", "-"], stdin: data)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func route(_ json: [String: Any]) -> [[String: Any]] { json["route"] as? [[String: Any]] ?? [] }
    static func stepIDs(_ json: [String: Any]) -> [String] { route(json).flatMap { $0["steps"] as? [String] ?? [] } }

    static let saturday = "2026-12-05T23:30:00+01:00"
    static let crisis = ["crisis_service_rvdk", "zsm_crisis_rvdk_table", "rvdk_after_hours_crisis", "crisis_via_112", "crisis_via_police", "crisis_via_112_collector", "crisis_via_police_care"]

    @Test("Saturday 23:30, 15, parent with custody, suspicion, no danger: no crisis, VOVO or LJ&R; without a parent: the crisis service NOW with a way to reach it",
          arguments: ["care", "police", "zsm"])
    func saturdayNight(role: String) throws {
        let answers = ["proceeds.handed_over": "yes", "collection.unverified_claimant": "no"]
        let parents = try Self.score(role: role, at: Self.saturday, answers: answers)
        #expect(parents["level"] as? String == "suspicion")
        #expect((parents["situation"] as? [String: Any])?["officeHours"] as? String == "no")
        let ids = Self.stepIDs(parents)
        #expect(!ids.contains { Self.crisis.contains($0) }, "\(ids)")
        #expect(!ids.contains { $0.contains("vovo") || $0.contains("ljr") }, "\(ids)")
        #expect(!Self.route(parents).contains { ["crisis_service", "ljr"].contains($0["party"] as? String ?? "") })

        let alone = try Self.score(role: role, guardian: "no", at: Self.saturday, answers: answers)
        let step = try #require(Self.route(alone).first { ($0["steps"] as? [String] ?? []).contains { Self.crisis.contains($0) } })
        #expect(step["urgency"] as? String == "now")
        switch role {
        case "care": #expect(step["phone"] as? String == "0900-8844")
        default:
            // Police and ZSM: no public number; the text renderer gives their own line.
            #expect(step["phone"] is NSNull)
        }
    }

    @Test("police see no public number for police or OM parties; the text names their own line")
    func policeOwnLines() throws {
        let json = try Self.score(
            role: "police", danger: "yes", at: Self.saturday, answers: ["proceeds.handed_over": "yes", "collection.unverified_claimant": "yes"])
        for step in Self.route(json) where ["police_emergency", "police_non_emergency", "police_collector", "avim", "korpsexpert_mensenhandel", "officier_mensenhandel", "team_mensenhandel", "crisis_service"].contains(step["party"] as? String ?? "") {
            #expect(step["phone"] is NSNull, "\(step["party"] ?? "")")
            #expect(!(step["action"] as? String ?? "").contains("112"))
        }
        let text = try Binary.run(["score", "-", "--lang", "nl"], stdin: try JSONSerialization.data(withJSONObject: [
            "version": 1,
            "context": ["age": 15, "role": "police", "acuteDanger": "yes", "guardianPresent": "yes", "registeredInNL": "yes", "assessedAt": Self.saturday],
            "answers": ["proceeds.handed_over": "yes"],
        ]))
        #expect(text.stdout.contains("OC/meldkamer"))
        #expect(!text.stdout.contains("Bel nu 112"))
        #expect(!text.stdout.contains("0900-8844"), "\(text.stdout)")
    }

    @Test("identity alone: attention; with an adult instructing at the scene: suspicion. The residence pair likewise")
    func identityGuard() throws {
        let time = "2026-12-07T10:00:00+01:00"
        for pair in [["identity.doubtful", "identity.aliases"], ["residence.address_unknown", "residence.sent_to_other_places"], ["identity.relations_unclear", "residence.address_unknown"]] {
            var answers = Dictionary(uniqueKeysWithValues: pair.map { ($0, "yes") })
            let alone = try Self.score(role: "police", at: time, answers: answers)
            #expect(alone["level"] as? String == "attention", "\(pair)")
            answers["instigation.adult_instructs_at_scene"] = "yes"
            let with = try Self.score(role: "police", at: time, answers: answers)
            #expect(with["level"] as? String == "suspicion", "\(pair)")
        }
    }

    @Test("an unaccompanied minor in the asylum procedure, cannabis grow, no parent in NL: Nidos, not LJ&R")
    func nidos() throws {
        for role in ["rvdk", "police", "care"] {
            let json = try Self.score(
                role: role, guardian: "no", registered: "no", offence: "cannabis", at: "2026-12-07T10:00:00+01:00",
                answers: ["proceeds.handed_over": "yes", "context.asylum_unaccompanied": "yes"])
            let parties = Self.route(json).compactMap { $0["party"] as? String }
            #expect(parties.contains("nidos") && !parties.contains("ljr"), "\(role): \(parties)")
        }
    }

    @Test("office hours are Dutch whatever the offset", arguments: [
        ("2026-12-07T08:30:00+00:00", "yes"), ("2026-03-30T07:30:00+00:00", "yes"), ("2026-03-27T07:30:00+00:00", "no"),
        ("2026-10-26T08:30:00+00:00", "yes"), ("2026-10-26T07:30:00+00:00", "no"), ("2026-10-23T07:30:00+00:00", "yes"),
    ])
    func officeHours(time: String, expected: String) throws {
        let json = try Self.score(role: "care", at: time, answers: [:])
        #expect((json["situation"] as? [String: Any])?["officeHours"] as? String == expected, "\(time)")
    }

    @Test("--format json lists the steps read 'NU, als het zich voordoet' in conditionalNow (additive), as the text labels them")
    func conditionalNowInJSON() throws {
        // Care, custodial parent not known, nobody known to have come: "Meldt zich iemand …" is conditional.
        let json = try Self.score(
            role: "care", guardian: "unknown", at: Self.saturday,
            answers: ["instigation.adult_instructs_at_scene": "yes", "collection.unverified_claimant": "unknown"])
        let route = Self.route(json)
        #expect(route.allSatisfy { $0["conditionalNow"] is [String] }, "every step has the field")
        let conditional = route.flatMap { $0["conditionalNow"] as? [String] ?? [] }
        #expect(conditional.contains("no_handover_tell_police"), "\(conditional)")
        for step in route {
            let ids = step["steps"] as? [String] ?? []
            #expect((step["conditionalNow"] as? [String] ?? []).allSatisfy(ids.contains), "a subset of steps")
        }
        let text = try Binary.run(["score", "-", "--lang", "nl"], stdin: try JSONSerialization.data(withJSONObject: [
            "version": 1, "answers": ["instigation.adult_instructs_at_scene": "yes", "collection.unverified_claimant": "unknown"],
            "context": ["age": 15, "role": "care", "acuteDanger": "no", "guardianPresent": "unknown", "registeredInNL": "yes", "assessedAt": Self.saturday],
        ] as [String: Any]))
        #expect(text.stdout.contains("NU, ALS HET ZICH VOORDOET"), "\(text.stdout)")
        // Nobody came (answered no): that conditional step is not in the route, nor in the field.
        let none = try Self.score(role: "care", at: Self.saturday, answers: ["proceeds.handed_over": "yes", "collection.unverified_claimant": "no"])
        let noneConditional = Self.route(none).flatMap { $0["conditionalNow"] as? [String] ?? [] }
        #expect(!noneConditional.contains("no_handover_tell_police"), "\(noneConditional)")
    }
}
