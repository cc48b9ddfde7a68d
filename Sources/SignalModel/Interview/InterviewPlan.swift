/// What the interview asks after the gate questions, and what a yes leads to.
///
/// - The checklist shows every indicator except the acute ones, grouped by family, fitted to the
///   offence and role by the catalogue (`Indicator.offences`, `Indicator.roles`, read through
///   `Indicator.fits`, the same fit "check next" uses): items that only fit other offences are left
///   out, and behaviour at the arrest for roles that are not at an arrest. A tick counts as yes; an item left
///   untouched stays unanswered and is listed as not checked.
/// - A yes that can make the case acute is followed at once by its acute question: a yes in the
///   collection family by "is that person here now?", a yes on coercion or on "someone makes the
///   child do it" by "is the child in danger now?".
/// - A yes on instigation, proceeds, disclosure, recruitment or money-mule items deepens into the
///   coercion questions not ticked (threats and violence, a debt) and then danger now.
///
/// Which families deepen, into which questions, which acute question a yes opens, and which items
/// are asked only without a custodial parent are catalogue data (`interview` in catalog.json,
/// `Catalog.interview`), as is which offences and roles the fit ignores.
package enum InterviewPlan {
    /// Whether an item is asked at all given the answer on a custodial parent in the Netherlands
    /// (nil: not answered yet).
    package static func asks(_ id: String, guardian: Answer?, catalog: Catalog) -> Bool {
        guardian != .yes || !catalog.interview.onlyWithoutCustodialParent.contains(id)
    }

    /// The checklist for an offence (nil: unknown) and role, grouped by family in catalogue order;
    /// `guardian` (the answer on a custodial parent in NL) leaves out what is asked only without one.
    package static func checklist(catalog: Catalog, offence: String?, role: Role, guardian: Answer? = nil) -> [ChecklistGroup] {
        groups(catalog: catalog) { $0.fits(offence: offence, role: role, in: catalog) && asks($0.id, guardian: guardian, catalog: catalog) }
    }

    /// What the fit to offence and role hides: every other checklist item, grouped the same way
    /// ("m = meer signalen" shows these after the fitted list). What is not asked at all given
    /// `guardian` is not here either.
    package static func hidden(catalog: Catalog, offence: String?, role: Role, guardian: Answer? = nil) -> [ChecklistGroup] {
        groups(catalog: catalog) { !$0.fits(offence: offence, role: role, in: catalog) && asks($0.id, guardian: guardian, catalog: catalog) }
    }

    /// The checklist items that pass `include`, grouped by family in catalogue order; indicators of a
    /// family the catalogue does not list come last, under "Other". Acute items are never listed.
    static func groups(catalog: Catalog, include: (Indicator) -> Bool) -> [ChecklistGroup] {
        var groups: [ChecklistGroup] = []
        for family in catalog.families {
            let items = catalog.indicators.filter { indicator in
                indicator.family == family.id && indicator.kind != .acute && include(indicator)
            }
            if !items.isEmpty { groups.append(ChecklistGroup(family: family, items: items)) }
        }
        let listed = Set(catalog.families.map(\.id))
        let orphans = catalog.indicators.filter { !listed.contains($0.family) && $0.kind != .acute && include($0) }
        if !orphans.isEmpty {
            groups.append(ChecklistGroup(family: Family(id: "other", name: LocalizedText(nl: "Overig", en: "Other"), citations: []), items: orphans))
        }
        return groups
    }

    /// The stable number of every checklist item: its place in the whole list (every family, every
    /// offence and role), so the same item has the same number in every case; a fitted list shows
    /// fewer items, with gaps in the numbers.
    package static func numbers(catalog: Catalog) -> [String: Int] {
        var result: [String: Int] = [:]
        for (index, item) in groups(catalog: catalog, include: { _ in true }).flatMap(\.items).enumerated() {
            result[item.id] = index + 1
        }
        return result
    }

    /// The acute questions a yes to `id` opens at once (in the order to ask them): those whose
    /// `afterYes` names its family or its id (`Catalog.interview.acuteFollowUps`).
    static func acuteFollowUps(ofYes id: String, catalog: Catalog) -> [String] {
        guard let indicator = catalog.indicator(id), indicator.kind != .acute else { return [] }
        return catalog.interview.acuteFollowUps.filter { $0.afterYes.contains(indicator.family) || $0.afterYes.contains(id) }.map(\.ask)
    }

    /// Whether a yes to `id` deepens into the coercion questions.
    static func deepens(_ id: String, catalog: Catalog) -> Bool {
        guard let indicator = catalog.indicator(id) else { return false }
        return catalog.interview.deepeningFamilies.contains(indicator.family) && indicator.isScored
    }
}
