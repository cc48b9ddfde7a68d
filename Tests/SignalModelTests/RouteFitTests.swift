import Testing

@testable import SignalModel

/// Pins the cases of issue 13's "Wrong today": each was a child sent down a route that did not fit.
@Suite("Routes that fit the case")
struct RouteFitTests {
    static let saturdayNight = Timestamp(iso8601: "2026-11-21T23:40:00+01:00")!
    static let tuesdayMorning = Timestamp(iso8601: "2026-11-24T10:00:00+01:00")!

    static func assess(
        _ answers: [String: Answer], age: Int? = 14, role: Role = .police, offence: String? = nil,
        guardian: TriState = .yes, registered: TriState = .yes, acute: TriState = .no, at time: Timestamp? = tuesdayMorning
    ) -> Assessment {
        let context = CaseContext(
            age: age, role: role, offence: offence, acuteDanger: acute, guardianPresent: guardian,
            registeredInNL: registered, assessedAt: time)
        return engine.assessment(of: Case(context: context, answers: answers.mapValues { CaseAnswer($0) }))
    }

    static func steps(_ assessment: Assessment) -> [String] { assessment.route.flatMap(\.stepIDs) }

    @Test("1. no fixed address and not registered, with no signal, stay 'none' with no identity steps or Dublin note")
    func profileProxy() {
        let travelling = Self.assess(["residence.no_fixed_address": .yes], age: 12, registered: .no)
        #expect(travelling.level == .none)
        #expect(travelling.signals.isEmpty)
        #expect(travelling.contextFindings.map(\.indicator.id) == ["residence.no_fixed_address"])
        let route = Self.steps(travelling)
        for step in ["identity_investigation", "dublin_aangifte_273f", "centrale_autoriteit_identity", "police_call_avim"] {
            #expect(!route.contains(step), "\(step) in \(route)")
        }
        #expect(!travelling.notes.map(\.id).contains("dublin_b83"))
        // The exploitation feature (the child cannot or will not give the address) still counts.
        let unknownAddress = Self.assess(["residence.address_unknown": .yes], registered: .no)
        #expect(unknownAddress.level == .attention)
        #expect(Self.steps(unknownAddress).contains("identity_investigation"))
    }

    @Test("2. attention gets a lighter route than suspicion, for every role", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func attentionIsLighter() {
        let heavy: Set<String> = [
            "police_register_comensha", "police_consult_officier", "police_oceans_protocol", "zsm_refer_trafficking",
            "report_veilig_thuis", "rvdk_measure_ljr", "rvdk_ljr_in_request", "dublin_aangifte_273f", "dublin_aangifte_273f_own",
            "dublin_tell_guardian", "municipality_team_mensenhandel",
        ]
        for situation in knowledge.routing.situations where situation.level == .attention && situation.ageBand != .adult {
            let route = Set(knowledge.routing.route(for: situation).flatMap(\.stepIDs))
            #expect(route.isDisjoint(with: heavy), "\(situation): \(route.intersection(heavy))")
        }
        // Truancy alone: a police officer is told to ask further and consult, not to register a victim.
        let truancy = Self.steps(Self.assess(["daily_life.school_absence": .yes]))
        #expect(truancy.contains("police_attention_avim"))
        #expect(!truancy.contains("police_register_comensha"))
        let suspicion = Self.steps(Self.assess(["proceeds.handed_over": .yes]))
        #expect(suspicion.contains("police_register_comensha") && suspicion.contains("police_oceans_protocol"))
    }

    @Test("3. at night without a guardian the RvdK is reached through the crisis service, with a number to call")
    func nightWithoutGuardian() throws {
        let night = Self.assess(["instigation.adult_instructs_at_scene": .yes], guardian: .no, at: Self.saturdayNight)
        let route = Self.steps(night)
        #expect(!route.contains("guardian_rvdk_now") && !route.contains("police_contact_rvdk"))
        #expect(route.contains("crisis_service_rvdk"))
        let crisis = try #require(night.route.first { $0.id == "crisis_service_rvdk" })
        #expect(crisis.urgency == .now)
        // Police reach it through their own control room: no public number, their own line (issue 20).
        let reach = AssessmentRenderer(knowledge: knowledge, language: .nl).reach(crisis.party, region: nil, role: .police)
        #expect(reach.phone == nil && reach.detail?.contains("OC/meldkamer") == true)
        // By day the office is called at once.
        let day = Self.steps(Self.assess(["instigation.adult_instructs_at_scene": .yes], guardian: .no))
        #expect(day.contains("guardian_rvdk_now") && !day.contains("crisis_service_rvdk"))
        // Even with no signal at all.
        let quiet = Self.steps(Self.assess([:], guardian: .no, at: Self.saturdayNight))
        #expect(quiet.contains("crisis_service_rvdk") && !quiet.contains("guardian_rvdk_now"))
    }

    @Test("4. every role away from the police is told not to hand the child over and to tell the police who came",
          arguments: [Role.care, .education, .other, .rvdk, .municipality])
    func collectionForCareAndSchool(role: Role) {
        // The reviewer's case: an RvdK investigator, shoplifting, 15, someone came, proceeds handed over.
        let route = Self.steps(Self.assess(
            ["collection.unverified_claimant": .yes, "proceeds.handed_over": .yes], age: 15, role: role, offence: "shoplifting"))
        // The RvdK does not hold the child: it makes sure the police or the shelter do not hand it over (REVIEW3 B2).
        #expect(route.contains(role == .rvdk ? "no_handover_rvdk_now" : "no_handover_tell_police_now"), "\(role): \(route)")
    }

    @Test("4. the police are told 'even if you see no signals' only when there are none; with signals, they pass them on to ZSM", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func policeZSMByLevel() {
        for situation in knowledge.routing.situations where situation.ageBand != .adult {
            for step in knowledge.routing.steps(for: situation) {
                let text = step.action.nl + " " + step.action.en
                if text.contains("geen signalen ziet") || text.contains("see no signals") {
                    #expect(situation.level == .none, "\(step.id) at \(situation.level): \(situation)")
                }
            }
        }
        for (level, step) in [(Level.none, "zsm_consider_exploitation"), (.attention, "zsm_share_signals"), (.suspicion, "zsm_share_refer"), (.acute, "zsm_share_refer")] {
            for situation in knowledge.routing.situations where situation.role == .police && situation.ageBand == .minor && situation.level == level {
                let ids = knowledge.routing.steps(for: situation).map(\.id)
                let zsm = ids.filter { ["zsm_consider_exploitation", "zsm_share_signals", "zsm_share_refer"].contains($0) }
                // ZSM handles minors suspected of an offence (000 L1988): no offence, no ZSM step.
                #expect(zsm == (situation.offence == nil ? [] : [step]), "\(situation): \(ids)")
            }
        }
        // The reviewer's case: a police officer at suspicion.
        let suspicion = Self.steps(Self.assess(["proceeds.handed_over": .yes], age: 15, offence: "shoplifting"))
        #expect(!suspicion.contains("zsm_consider_exploitation") && suspicion.contains("zsm_share_refer"), "\(suspicion)")
        // The officer's own line (AVIM) comes before passing the signals on to the ZSM table.
        for answers in [["daily_life.school_absence": Answer.yes], ["proceeds.handed_over": .yes]] {
            let parties = Self.assess(answers, age: 15, offence: "shoplifting").route.map(\.party)
            let avim = parties.firstIndex(of: "avim") ?? parties.count
            let zsm = parties.firstIndex(of: "zsm") ?? -1
            #expect(avim < zsm, "\(parties)")
        }
    }

    @Test("5. under-12s: the police zorgmelding is for police and ZSM; care, school and the RvdK get their own route", arguments: Role.allCases)
    func underTwelve(role: Role) {
        let route = Self.steps(Self.assess(["proceeds.handed_over": .yes], age: 10, role: role))
        let zorgmelding = route.contains { $0.hasPrefix("zorgmelding_under12") }
        #expect(zorgmelding == (role == .police || role == .zsm), "\(role): \(route)")
        if role == .education || role == .care { #expect(route.contains("report_veilig_thuis")) }
        if role == .rvdk { #expect(route.contains("rvdk_protection_investigation")) }
    }

    @Test("6. a child caught smuggling drugs with no guardian here follows the Schiphol protocol with Nidos, not LJ&R")
    func schiphol() {
        let answers: [String: Answer] = ["residence.travel_arranged_by_others": .yes, "identity.doubtful": .yes]
        for role in [Role.police, .rvdk] {
            for time in [Self.tuesdayMorning, Self.saturdayNight] {
                let route = Self.steps(
                    Self.assess(answers, age: 13, role: role, offence: "drug_smuggling", guardian: .no, at: time))
                // The RvdK reader is part of the protocol: its own wording (no "the Board and Nidos act").
                let steps = role == .rvdk ? ["rvdk_schiphol_protocol", time == Self.tuesdayMorning ? "rvdk_schiphol_nidos_office" : "rvdk_schiphol_nidos"] : ["schiphol_protocol", "nidos_guardianship"]
                #expect(steps.allSatisfy(route.contains), "\(route)")
                for step in ["guardian_ljr_gi", "rvdk_measure_ljr", "after_hours_inform_ljr"] {
                    #expect(!route.contains(step), "\(role) \(step)")
                }
            }
        }
        // The same answers for a pickpocket keep the LJ&R arrangement, which the RvdK puts in its request.
        let pickpocket = Self.steps(Self.assess(answers.merging(["proceeds.handed_over": .yes]) { $1 }, age: 13, role: .rvdk, offence: "pickpocketing", guardian: .no))
        #expect(pickpocket.contains("rvdk_ljr_in_request") && !pickpocket.contains("nidos_guardianship"), "\(pickpocket)")
    }

    @Test("7. an adult with no signals is told it is out of scope, and nothing else", arguments: Role.allCases)
    func adultWithoutSignals(role: Role) {
        let adult = Self.assess(["instigation.adult_instructs_at_scene": .no], age: 18, role: role, offence: "shoplifting")
        #expect(Self.steps(adult) == ["adult_no_signals"])
        let withSignal = Self.steps(Self.assess(["proceeds.handed_over": .yes], age: 18, role: role))
        // The RvdK reaches AVIM through its own chain contact, not the public line (REVIEW3 B2).
        #expect(withSignal.contains(role == .rvdk ? "adult_avim_rvdk" : role == .police || role == .zsm ? "adult_avim_own" : "adult_avim"), "\(role): \(withSignal)")
    }

    @Test("8. a ZSM assessor is not told to ask the ZSM table, and gets one step per ZSM action", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func zsmNotSelfReferential() {
        for level in Level.allCases {
            for situation in knowledge.routing.situations where situation.role == .zsm && situation.level == level {
                let route = knowledge.routing.route(for: situation).flatMap(\.stepIDs)
                #expect(!route.contains("zsm_consider_exploitation"), "\(situation)")
            }
        }
    }

    @Test("8. every party appears once per route, its actions merged in route order", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func eachPartyOnce() {
        for situation in knowledge.routing.situations {
            let route = knowledge.routing.route(for: situation)
            #expect(Set(route.map(\.party)).count == route.count, "\(situation)")
            // Nothing is lost: the merged steps are exactly the unmerged ones.
            #expect(route.flatMap(\.stepIDs).sorted() == knowledge.routing.steps(for: situation).map(\.id).sorted())
        }
        // The acute police case that listed AVIM five times.
        let acute = Self.assess(
            ["proceeds.handed_over": .yes, "collection.claimant_at_station_now": .yes], registered: .no, acute: .yes)
        let avim = acute.route.filter { $0.party == "avim" }
        #expect(avim.count == 1)
        let parts = avim.first?.stepIDs ?? []
        #expect(parts.contains("police_call_avim") && parts.contains("identity_investigation"), "\(parts)")
        // Police ask for assistance through their own control room (issue 20), not 112.
        #expect(acute.route.first?.id == "police_acute_assistance")
        #expect(avim.first?.action.nl.hasPrefix(acute.route[1].parts.first?.action.nl ?? "?") == true)
    }

    @Test("the municipality (leerplicht, wijkteam) follows the Meldcode")
    func municipalityMeldcode() {
        let route = Self.steps(Self.assess(["daily_life.school_absence": .yes], role: .municipality))
        #expect(route.contains("municipality_meldcode"))
    }
}

@Suite("Source titles for people")
struct SourceTitleTests {
    @Test("every seed and 'public' has a short title in both languages")
    func titles() {
        for file in Seeds.files + ["public"] {
            let key = "source.title." + (file.hasSuffix(".txt") ? String(file.dropLast(4)) : file)
            let title = knowledge.texts.strings[key]
            #expect(title != nil && title?.nl != title?.en, "\(key)")
        }
    }

    @Test("text and report name the source by title and lines; JSON keeps file and lines")
    func textShowsTitles() throws {
        let context = CaseContext(age: 14, role: .police, acuteDanger: .no, guardianPresent: .yes, registeredInNL: .yes)
        let input = Case(context: context, answers: ["proceeds.handed_over": CaseAnswer(.yes)])
        let assessment = engine.assessment(of: input)
        for language in Language.allCases {
            let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
            let text = renderer.text(assessment)
            #expect(!text.contains("_e80dfccad85e2995.txt"), "\(language)")
            #expect(text.contains("WODC 2016"))
            let report = ReportRenderer(knowledge: knowledge, language: language).markdown(assessment, case: input)
            #expect(!report.contains(".txt"), "\(language)")
            let json = renderer.json(assessment, pretty: false)
            #expect(json.contains(#""source":"000_e80dfccad85e2995.txt","lines":[1984,1984]"#))
        }
        let nl = AssessmentRenderer(knowledge: knowledge, language: .nl)
        let citation = Citation(source: "002_5e39b681f2b3d329.txt", lines: 105...107, quote: "x")
        #expect(nl.source(citation) == "Landelijke Expertgroep, folder Criminele uitbuiting van kinderen, regels 105–107")
    }
}
