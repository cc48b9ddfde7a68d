/// One family's items on the checklist, in catalogue order.
public struct ChecklistGroup: Sendable, Equatable {
    /// The family (instigation, proceeds, …).
    public var family: Family
    /// The indicators shown for it.
    public var items: [Indicator]
}

/// What the interview asks after the gate questions, and what a yes leads to.
///
/// - The checklist shows every indicator except the acute ones, grouped by family, fitted to the
///   offence (items that only fit other offences are left out) and to the role (behaviour at the
///   arrest is left out for roles that are not at an arrest). A tick counts as yes; an item left
///   untouched stays unanswered and is listed as not checked.
/// - A yes that can make the case acute is followed at once by its acute question: a yes in the
///   collection family by "is that person here now?", a yes on coercion or on "someone makes the
///   child do it" by "is the child in danger now?".
/// - A yes on instigation, proceeds, disclosure, recruitment or money-mule items deepens into the
///   coercion questions not ticked (threats and violence, a debt) and then danger now.
public enum InterviewPlan {
    /// Offences of the theft kind (loot, quota, stealing to order).
    static let theftOffences: Set<String> = ["shoplifting", "pickpocketing", "burglary", "begging", "robbery_support"]
    /// Offences of the drug kind.
    static let drugOffences: Set<String> = ["drug_running", "drug_dealing", "drug_smuggling", "cannabis"]
    /// Offences of the money kind (bank accounts, contracts, registrations).
    static let moneyOffences: Set<String> = ["money_mule", "katvanger", "fraud"]

    /// Items shown only for these offences (every other item is shown for every offence).
    static let onlyForOffences: [String: Set<String>] = {
        var table: [String: Set<String>] = [
            "instigation.changing_groups": theftOffences,
            "instigation.stealing_to_order": theftOffences,
            "proceeds.sells_to_shops": theftOffences,
            "daily_life.work_phone": drugOffences.union(["robbery_support", "recruiting_others"]),
        ]
        for id in [
            "money_mule.account_used_by_others", "money_mule.repeated_new_cards", "money_mule.contracts_in_name",
            "money_mule.registered_in_name", "money_mule.blocked_account", "money_mule.unexplained_debts",
        ] {
            table[id] = moneyOffences
        }
        table["money_mule.home_used"] = moneyOffences.union(["cannabis", "drug_dealing"])
        return table
    }()

    /// Offences for which the checklist is not narrowed (nothing is known about the offence).
    static let openOffences: Set<String> = ["other", "recruiting_others"]

    /// Roles away from the arrest: they see no arrest behaviour, and no single offence narrows
    /// what they may have noticed (a teacher or a municipality sees the whole picture).
    static let awayFromArrest: Set<Role> = [.education, .care, .municipality]

    /// Families whose yes deepens into the coercion questions and danger now.
    static let deepeningFamilies: Set<String> = ["instigation", "proceeds", "disclosure", "recruitment", "money_mule"]
    /// The coercion questions a deepening asks when they were not ticked, in this order.
    static let deepeningQuestions = ["coercion.threats_violence", "coercion.debt_bondage"]

    /// The acute question that a collection yes opens at once.
    static let claimantHereNow = "collection.claimant_at_station_now"
    /// The acute question that a coercion yes opens at once.
    static let dangerNow = "coercion.danger_now"

    /// The checklist for an offence (nil: unknown) and role, grouped by family in catalogue order.
    public static func checklist(catalog: Catalog, offence: String?, role: Role) -> [ChecklistGroup] {
        let narrow = !awayFromArrest.contains(role) && offence.map { !openOffences.contains($0) } ?? false
        var groups: [ChecklistGroup] = []
        for family in catalog.families {
            let items = catalog.indicators.filter { indicator in
                guard indicator.family == family.id, indicator.kind != .acute else { return false }
                if awayFromArrest.contains(role), indicator.family == "arrest_behaviour" { return false }
                if narrow, let offence, let only = onlyForOffences[indicator.id], !only.contains(offence) { return false }
                return true
            }
            if !items.isEmpty { groups.append(ChecklistGroup(family: family, items: items)) }
        }
        // Indicators of a family the catalogue does not list are still shown, last.
        let listed = Set(catalog.families.map(\.id))
        let orphans = catalog.indicators.filter { !listed.contains($0.family) && $0.kind != .acute }
        if !orphans.isEmpty {
            groups.append(ChecklistGroup(family: Family(id: "other", name: LocalizedText(nl: "Overig", en: "Other"), citations: []), items: orphans))
        }
        return groups
    }

    /// The acute questions a yes to `id` opens at once (in the order to ask them).
    static func acuteFollowUps(ofYes id: String, catalog: Catalog) -> [String] {
        guard let indicator = catalog.indicator(id), indicator.kind != .acute else { return [] }
        var result: [String] = []
        if indicator.family == "collection", catalog.indicator(claimantHereNow) != nil { result.append(claimantHereNow) }
        if indicator.family == "coercion" || id == "disclosure.made_to_do_it", catalog.indicator(dangerNow) != nil {
            result.append(dangerNow)
        }
        return result
    }

    /// Whether a yes to `id` deepens into the coercion questions.
    static func deepens(_ id: String, catalog: Catalog) -> Bool {
        guard let indicator = catalog.indicator(id) else { return false }
        return deepeningFamilies.contains(indicator.family) && indicator.isScored
    }
}

/// What the end of the interview shows: the most urgent route steps, each party once.
public enum EndBlock {
    /// The steps of the most urgent urgency in the route, grouped by party in route order.
    public static func nowByParty(_ route: [RouteStep]) -> (urgency: Urgency, steps: [(party: String, steps: [RouteStep])]) {
        guard let urgency = route.map(\.urgency).min() else { return (.now, []) }
        var groups: [(party: String, steps: [RouteStep])] = []
        for step in route where step.urgency == urgency {
            if let index = groups.firstIndex(where: { $0.party == step.party }) {
                groups[index].steps.append(step)
            } else {
                groups.append((step.party, [step]))
            }
        }
        return (urgency, groups)
    }

    /// The first sentence of a text (up to and including the first ". ", "! " or "? ").
    public static func firstSentence(_ text: String) -> String {
        var previous: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == " ", let end = previous, end == "." || end == "!" || end == "?" {
                return String(text[..<index])
            }
            previous = character
            index = text.index(after: index)
        }
        return text
    }

    /// Sources as short as they can be: `000:1738, 002:475–477` (file number and lines), each once.
    public static func compactSources(_ citations: [Citation]) -> String {
        var seen = Set<String>()
        var parts: [String] = []
        for citation in citations {
            let file = citation.source == "public" ? "public" : String(citation.source.prefix { $0 != "_" })
            let lines = citation.lines.lowerBound == citation.lines.upperBound
                ? "\(citation.lines.lowerBound)" : "\(citation.lines.lowerBound)–\(citation.lines.upperBound)"
            let text = citation.source == "public" ? file : file + ":" + lines
            if seen.insert(text).inserted { parts.append(text) }
        }
        return parts.joined(separator: ", ")
    }
}
