import Foundation
import Testing

@testable import SignalModel

private let claimant = "collection.unverified_claimant"

/// The steps of a case's route (merged parties opened up) with their urgency, by step id.
private func urgencies(_ assessment: Assessment) -> [String: Urgency] {
    var result: [String: Urgency] = [:]
    for party in assessment.route {
        for step in party.parts.isEmpty ? [party] : party.parts { result[step.id] = step.urgency }
    }
    return result
}

/// A case whose level comes from another signal, with the collection question answered (or not).
private func assess(role: Role, collection: Answer?, acute: TriState = .no, age: Int = 14) -> Assessment {
    var answers: [String: Answer] = ["instigation.adult_instructs_at_scene": .yes]
    if let collection { answers[claimant] = collection }
    return RouteFitTests.assess(answers, age: age, role: role, acute: acute)
}

/// Route steps fitted to the answers: "do not hand the child over" follows what is known about
/// someone coming to collect the child (000 L1738, L1539).
@Suite("Route conditions on answers: do not hand the child over")
struct RouteAnswerTests {
    @Test("police and ZSM, under 12 too: a claimant → NOW; not known → a check today; nobody → left out",
          arguments: [Role.police, .zsm], [14, 10])
    func policeAndZSM(role: Role, age: Int) {
        // ZSM has its own wording: the police at the table hold the child (REVIEW3 B1).
        let unverified = role == .zsm ? "no_handover_unverified_zsm" : "no_handover_unverified"
        let check = role == .zsm ? "no_handover_check_zsm" : "no_handover_check"
        let yes = urgencies(assess(role: role, collection: .yes, age: age))
        #expect(yes[unverified] == .now)
        #expect(yes[check] == nil)
        for open in [nil, Answer.unknown] {
            let route = urgencies(assess(role: role, collection: open, age: age))
            #expect(route[unverified] == nil, "\(open.map(\.rawValue) ?? "not answered")")
            #expect(route[check] == .today)
        }
        let no = urgencies(assess(role: role, collection: .no, age: age))
        #expect(no[unverified] == nil && no[check] == nil)
        #expect(!no.isEmpty, "the rest of the route stays")
    }

    static let awayFromPolice: [Role] = [.education, .care, .municipality, .rvdk, .other]

    /// The acute police step each reader gets. A school or care reader with someone unverified at the
    /// door gets the protocol instead: 112 if that person insists, stays or threatens, otherwise
    /// 0900-8844 (REVIEW4-scenarios F1).
    static func emergency(_ role: Role, collector: Bool = false) -> String {
        switch role {
        case .police: "police_acute_assistance"
        case .zsm: "zsm_acute_police_at_table"
        case .rvdk: "rvdk_acute_police"
        case .education, .care: collector ? "collector_call_police" : "call_112"
        default: "call_112"
        }
    }

    /// The acute no-handover step of a reader away from the police when someone unverified came.
    static func awayClaimant(_ role: Role) -> String {
        [.education, .care].contains(role) ? "no_handover_keep_inside" : "no_handover_tell_police_acute_claimant"
    }

    @Test("acute: 112 always; do not hand over NOW unless the answers say nobody came to collect, in each role's own words")
    func acute() {
        for role in Role.allCases {
            let police = role == .police || role == .zsm
            for collection in [nil, Answer.yes, .unknown] {
                let route = urgencies(assess(role: role, collection: collection, acute: .yes))
                // Police and ZSM reach assistance through their own lines; the RvdK the police on the case or 112
                // (its own wording); the others call 112 (issue 20).
                let emergency = Self.emergency(role, collector: collection == .yes)
                #expect(route[emergency] == .now)
                // The RvdK does not hold the child: its own wording (REVIEW3 B2).
                let own = police ? (role == .zsm ? "no_handover_unverified_zsm" : "no_handover_unverified")
                    : role == .rvdk ? (collection == .yes ? "no_handover_rvdk_acute_claimant" : "no_handover_rvdk_acute")
                    : collection == .yes ? Self.awayClaimant(role) : "no_handover_tell_police_acute"
                #expect(route[own] == .now, "\(role) \(collection.map(\.rawValue) ?? "-"): \(route)")
                let handover = route.keys.filter { $0.hasPrefix("no_handover") }
                #expect(handover == [own], "\(role): one no-handover step, got \(handover)")
            }
            let no = urgencies(assess(role: role, collection: .no, acute: .yes))
            let emergency = Self.emergency(role)
            #expect(no[emergency] == .now && !no.keys.contains { $0.hasPrefix("no_handover") }, "\(role)")
        }
    }

    @Test("away from the police, under 12 too: a claimant → 'do not hand over, tell the police' NOW, worded as fact, first; not known → the conditional step today for a child without a known custodial parent in NL (left out with one: nobody collects a child at home); nobody → left out",
          arguments: awayFromPolice, [15, 10])
    func awayFromThePolice(role: Role, age: Int) throws {
        func assess(role: Role, collection: Answer?, age: Int) -> Assessment {
            var answers: [String: Answer] = ["instigation.adult_instructs_at_scene": .yes]
            if let collection { answers[claimant] = collection }
            return RouteFitTests.assess(answers, age: age, role: role, guardian: .unknown)
        }
        // The RvdK does not hold the child and does not use the public line: its own steps (REVIEW3 B2).
        let now = role == .rvdk ? "no_handover_rvdk_now" : "no_handover_tell_police_now"
        let conditional = role == .rvdk ? "no_handover_rvdk" : "no_handover_tell_police"
        let claimed = assess(role: role, collection: .yes, age: age)
        let yes = urgencies(claimed)
        #expect(yes[now] == .now, "\(role): \(yes)")
        #expect(yes[conditional] == nil && yes["no_handover_unverified"] == nil)
        // First, or (RvdK) right after its own NOW task of keeping the child safe (002 L151-153).
        let leading = claimed.route.prefix(role == .rvdk ? 2 : 1).map { $0.stepIDs.first }
        #expect(leading.last == now, "listed first: \(claimed.route.flatMap(\.stepIDs))")
        if role == .rvdk { #expect(leading.first == "rvdk_secure_child") }
        let text = try #require(knowledge.routing.rules.flatMap(\.steps).first { $0.id == now })
        #expect(!text.action.nl.hasPrefix("Meldt zich") && !text.action.en.hasPrefix("If "), "a fact, not a condition")
        for open in [nil, Answer.unknown] {
            let route = urgencies(assess(role: role, collection: open, age: age))
            #expect(route[conditional] == .today, "\(role): \(route)")
            #expect(route[now] == nil)
        }
        let no = urgencies(assess(role: role, collection: .no, age: age))
        #expect(!no.keys.contains { $0.hasPrefix("no_handover") }, "\(role): \(no)")
    }

    @Test("do not hand over: the police and ZSM are not addressed as someone else; the other roles are not told to check identity themselves", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func ownWording() {
        for situation in knowledge.routing.situations {
            let police = situation.role == .police || situation.role == .zsm
            for step in knowledge.routing.steps(for: situation) where step.id.hasPrefix("no_handover") {
                let text = step.action.nl + step.action.en
                #expect(!text.contains("Ben je geen politie") && !text.contains("If you are not the police"), "\(step.id)")
                if police {
                    #expect(!["no_handover_tell_police", "no_handover_tell_police_now", "no_handover_tell_police_acute"].contains(step.id), "\(situation)")
                } else {
                    #expect(!step.id.hasPrefix("no_handover_unverified") && !step.id.hasPrefix("no_handover_check"), "\(situation)")
                }
            }
        }
    }

    @Test("a follow-up that presupposes a claimant counts as one for the route: do not hand over NOW, no 'check whether anyone came'",
          arguments: ["collection.before_family_informed", "collection.claimant_known"])
    func presupposedClaimant(id: String) {
        for role in [Role.police, .zsm] {
            let route = urgencies(RouteFitTests.assess([id: .yes], age: 14, role: role))
            let suffix = role == .zsm ? "_zsm" : ""
            #expect(route["no_handover_unverified" + suffix] == .now, "\(role) \(id)")
            #expect(route["no_handover_check" + suffix] == nil, "\(role) \(id)")
        }
        for role in Self.awayFromPolice {
            let now = role == .rvdk ? "no_handover_rvdk_now" : "no_handover_tell_police_now"
            #expect(urgencies(RouteFitTests.assess([id: .yes, claimant: .no], role: role))[now] == .now, "\(role)")
        }
    }

    @Test("someone here now to take the child: 112 and do not hand over NOW for every role, whatever the first collection answer")
    func claimantHereNow() {
        for role in Role.allCases {
            for first in [nil, Answer.no, .unknown] {
                var answers: [String: Answer] = ["collection.claimant_at_station_now": .yes]
                if let first { answers[claimant] = first }
                let route = urgencies(RouteFitTests.assess(answers, role: role))
                let emergency = Self.emergency(role, collector: true)
                #expect(route[emergency] == .now, "\(role)")
                let own = role == .police ? "no_handover_unverified" : role == .zsm ? "no_handover_unverified_zsm"
                    : role == .rvdk ? "no_handover_rvdk_acute_claimant" : Self.awayClaimant(role)
                #expect(route[own] == .now, "\(role) \(first.map(\.rawValue) ?? "-")")
            }
        }
    }

    @Test("the interview's acute steps read a presupposing yes the same way")
    func interviewAcuteSteps() throws {
        var interview = Interview(knowledge: knowledge, role: .police, region: "utrecht")
        try interview.answer(.age(14))
        try interview.answer(.answer(.yes))
        #expect(interview.acuteSteps.map(\.id).contains("no_handover_unverified"))
        // The engine and the interview derive the routed answers in one place.
        let compiled = engine.compiled
        let states = compiled.routedAnswerStates { position in
            ["collection.before_family_informed": Answer.yes, claimant: .no][compiled.indicators[position].id]
        }
        #expect(states == [claimant: .yes])
        #expect(compiled.routedAnswerStates { compiled.indicators[$0].id == claimant ? .unknown : nil }.isEmpty)
    }

    @Test("the catalogue reader refuses presupposes naming an unknown indicator, the indicator itself, or nothing, with the location")
    func presupposesDecoder() throws {
        let text = try #require(knowledge.files["catalog.json"])
        let original = "\"presupposes\": [\n        \"collection.unverified_claimant\"\n      ]"
        #expect(text.contains(original))
        func refused(_ replacement: String) -> SignalError? {
            do throws(SignalError) {
                _ = try Catalog.decode(Array(text.replacingOccurrences(of: original, with: replacement).utf8))
                return nil
            } catch {
                return error
            }
        }
        let unknown = refused("\"presupposes\": [\"collection.unverified_claimants\"]")
        #expect(unknown?.location.path?.description.hasSuffix(".presupposes") == true, "\(String(describing: unknown?.kind))")
        #expect(refused("\"presupposes\": []") != nil)
        #expect(refused("\"presupposes\": [\"collection.claimant_at_station_now\"]") != nil, "itself (the first with the field)")
    }

    @Test("the compiled router agrees with RouteCondition.matches for every answer state", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func compiledAgrees() {
        let table = knowledge.routing
        #expect(table.routedAnswers == [claimant, "daily_life.school_absence", "context.asylum_unaccompanied"])
        for situation in table.situations where situation.role == .police || situation.role == .care {
            for (index, rule) in table.rules.enumerated() {
                #expect(table.router.ruleMatches(index, situation) == rule.when.matches(situation), "\(rule.id)")
            }
        }
        // An answer the table does not route on changes nothing.
        let base = RouteSituation(role: .police, ageBand: .minor, level: .suspicion, acute: .no, guardian: .yes, registered: .yes, officeHours: .yes)
        var other = base
        other.answers["identity.doubtful"] = .yes
        #expect(table.route(for: other) == table.route(for: base))
    }

    @Test("a situation's answers survive Codable; an unknown answer is not stored")
    func codable() throws {
        let situation = RouteSituation(
            role: .zsm, ageBand: .minor, level: .attention, acute: .no, guardian: .yes, registered: .yes, officeHours: .no,
            answers: [claimant: .no, "identity.doubtful": .unknown])
        #expect(situation.answers == [claimant: .no])
        let data = try JSONEncoder().encode(situation)
        #expect(try JSONDecoder().decode(RouteSituation.self, from: data) == situation)
        let plain = RouteSituation(role: .zsm, ageBand: .minor, level: .attention, acute: .no, guardian: .yes, registered: .yes, officeHours: .no)
        #expect(!String(decoding: try JSONEncoder().encode(plain), as: UTF8.self).contains("answers"))
    }

    @Test("the routing reader refuses an answer condition on an unknown indicator or with no states, with the location")
    func decoder() throws {
        let text = try #require(knowledge.files["routing.json"])
        func refused(_ replacement: String) -> String? {
            let changed = text.replacingOccurrences(of: "\"" + claimant + "\": [\n            \"unknown\"\n          ]", with: replacement)
            #expect(changed != text)
            do {
                _ = try Knowledge.load(files: knowledge.files.merging(["routing.json": changed]) { $1 })
                return nil
            } catch {
                return error.message(knowledge.texts, .en)
            }
        }
        let unknown = refused("\"collection.unverified_claimants\": [\"yes\"]")
        #expect(unknown?.contains("collection.unverified_claimants") == true && unknown?.contains("routing.json:") == true, "\(unknown ?? "accepted")")
        #expect(refused("\"" + claimant + "\": []") != nil)
        #expect(refused("\"" + claimant + "\": [\"maybe\"]")?.contains("maybe") == true)
    }
}
