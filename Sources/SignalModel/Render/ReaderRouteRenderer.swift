/// `docs/routes.md`: the routes as each reader reads them. For every role, the route of a fixed set
/// of situations (age, level, custodial parent, office hours, danger, someone at the door, asylum
/// status, offence), in Dutch and in English, with each step's urgency, party, the contact line that
/// reader is shown (its own line for its own organisation, never a public number for police or OM
/// parties when police read it), the action and its sources. Generated from the data only, so a
/// reviewer can sign off every route a reader can get; the rule table behind it is
/// `docs/route-rules.md` (`RouteTableRenderer`).
package struct ReaderRouteRenderer: Sendable {
    package let knowledge: Knowledge

    package init(knowledge: Knowledge) {
        self.knowledge = knowledge
    }

    /// A situation of the page: its route situation and its title in both languages.
    package struct Entry: Sendable {
        package var situation: RouteSituation
        package var title: LocalizedText
    }

    /// The situations every reader's section shows, for a role. Unless a title names it, the case
    /// has an offence no rule names (`other`); the fifteenth situation has none (a report about a child,
    /// no offence: no ZSM step, 000 L1988).
    package static func cases(for role: Role) -> [Entry] {
        func s(
            _ age: AgeBand, _ level: Level, acute: TriState = .no, guardian: TriState = .yes, registered: TriState = .yes,
            hours: TriState = .yes, offence: String? = "other", answers: [String: TriState] = [:]
        ) -> RouteSituation {
            RouteSituation(
                role: role, ageBand: age, level: level, acute: level == .acute ? .yes : acute, guardian: guardian,
                registered: registered, officeHours: hours, offence: offence, answers: answers)
        }
        let claimant = "collection.unverified_claimant"
        let asylum = "context.asylum_unaccompanied"
        return [
            Entry(situation: s(.minor, .none, answers: [claimant: .no]), title: LocalizedText(
                nl: "12–17 jaar, geen signalen, ouder met gezag in Nederland, kantoortijden",
                en: "12–17, no signs, custodial parent in the Netherlands, office hours")),
            Entry(situation: s(.minor, .attention, answers: [claimant: .no, "daily_life.school_absence": .yes]), title: LocalizedText(
                nl: "12–17 jaar, aandacht, verzuimt van school, ouder met gezag in Nederland, kantoortijden, geen acuut gevaar",
                en: "12–17, attention, missing school, custodial parent in the Netherlands, office hours, no acute danger")),
            Entry(situation: s(.minor, .suspicion, answers: [claimant: .no]), title: LocalizedText(
                nl: "12–17 jaar, vermoeden, ouder met gezag in Nederland, kantoortijden, geen acuut gevaar",
                en: "12–17, suspicion, custodial parent in the Netherlands, office hours, no acute danger")),
            Entry(situation: s(.minor, .suspicion, hours: .no, answers: [claimant: .no]), title: LocalizedText(
                nl: "12–17 jaar, vermoeden, ouder met gezag in Nederland, zaterdag 23.30 uur (buiten kantoortijden), geen acuut gevaar",
                en: "12–17, suspicion, custodial parent in the Netherlands, Saturday 23:30 (outside office hours), no acute danger")),
            Entry(situation: s(.minor, .suspicion, hours: .no, answers: [claimant: .yes]), title: LocalizedText(
                nl: "12–17 jaar, vermoeden, ouder met gezag in Nederland, buiten kantoortijden, iemand wil het kind ophalen van wie niet vaststaat dat die ouder is of gezag heeft",
                en: "12–17, suspicion, custodial parent in the Netherlands, outside office hours, someone wants to collect the child while it is not established that they are the parent or have custody")),
            Entry(situation: s(.minor, .suspicion, guardian: .no, answers: [claimant: .no, asylum: .no]), title: LocalizedText(
                nl: "12–17 jaar, vermoeden, geen ouder met gezag in Nederland, kantoortijden",
                en: "12–17, suspicion, no custodial parent in the Netherlands, office hours")),
            Entry(situation: s(.minor, .suspicion, guardian: .no, hours: .no, answers: [claimant: .no, asylum: .no]), title: LocalizedText(
                nl: "12–17 jaar, vermoeden, geen ouder met gezag in Nederland, zaterdag 23.30 uur (buiten kantoortijden)",
                en: "12–17, suspicion, no custodial parent in the Netherlands, Saturday 23:30 (outside office hours)")),
            Entry(situation: s(.minor, .suspicion, guardian: .no, registered: .no, offence: "cannabis", answers: [claimant: .no, asylum: .yes]), title: LocalizedText(
                nl: "12–17 jaar, vermoeden, in een hennepkwekerij, zonder ouders in de asielprocedure (Nidos), niet ingeschreven, kantoortijden",
                en: "12–17, suspicion, found in a cannabis grow, in the asylum procedure without parents (Nidos), not registered, office hours")),
            Entry(situation: s(.minor, .acute, hours: .no, answers: [claimant: .no]), title: LocalizedText(
                nl: "12–17 jaar, acuut gevaar, ouder met gezag in Nederland, buiten kantoortijden",
                en: "12–17, acute danger, custodial parent in the Netherlands, outside office hours")),
            Entry(situation: s(.minor, .acute, guardian: .no, hours: .no, answers: [claimant: .unknown, asylum: .no]), title: LocalizedText(
                nl: "12–17 jaar, acuut gevaar, geen ouder met gezag in Nederland, buiten kantoortijden, niet bekend of iemand het kind wil ophalen",
                en: "12–17, acute danger, no custodial parent in the Netherlands, outside office hours, not known whether someone wants to collect the child")),
            Entry(situation: s(.minor, .suspicion, offence: "money_mule", answers: [claimant: .no]), title: LocalizedText(
                nl: "12–17 jaar, vermoeden, geldezel, ouder met gezag in Nederland, kantoortijden",
                en: "12–17, suspicion, money mule, custodial parent in the Netherlands, office hours")),
            Entry(situation: s(.under12, .attention, answers: [claimant: .no]), title: LocalizedText(
                nl: "Onder de 12, aandacht, ouder met gezag in Nederland, kantoortijden",
                en: "Under 12, attention, custodial parent in the Netherlands, office hours")),
            Entry(situation: s(.unknown, .suspicion, acute: .unknown, guardian: .unknown, registered: .unknown, hours: .unknown), title: LocalizedText(
                nl: "Leeftijd onbekend, vermoeden, gezag, inschrijving, tijdstip en acuut gevaar onbekend",
                en: "Age unknown, suspicion, custody, registration, time and acute danger unknown")),
            Entry(situation: s(.minor, .suspicion, guardian: .no, registered: .no, hours: .no, offence: "cannabis", answers: [claimant: .no, asylum: .yes]), title: LocalizedText(
                nl: "12–17 jaar, vermoeden, in een hennepkwekerij, zonder ouders in de asielprocedure (Nidos), niet ingeschreven, zaterdag 23.30 uur (buiten kantoortijden)",
                en: "12–17, suspicion, found in a cannabis grow, in the asylum procedure without parents (Nidos), not registered, Saturday 23:30 (outside office hours)")),
            Entry(situation: s(.minor, .none, offence: nil, answers: [claimant: .no]), title: LocalizedText(
                nl: "12–17 jaar, geen signalen, geen delict (alleen een melding over het kind), ouder met gezag in Nederland, kantoortijden",
                en: "12–17, no signs, no offence (only a report about the child), custodial parent in the Netherlands, office hours")),
            // Appended (REVIEW4-scenarios F1) so the earlier numbers, which reviews cite, stay the same.
            Entry(situation: s(.minor, .acute, answers: [claimant: .yes]), title: LocalizedText(
                nl: "12–17 jaar, acuut gevaar, ouder met gezag in Nederland, kantoortijden, iemand staat nu aan de balie of deur om het kind op te halen van wie niet vaststaat dat die ouder is of gezag heeft",
                en: "12–17, acute danger, custodial parent in the Netherlands, office hours, someone is at the desk or door now to collect the child while it is not established that they are the parent or have custody")),
        ]
    }

    /// The route of a situation as the reader reads it, in one language.
    package func route(_ situation: RouteSituation, language: Language) -> [String] {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
        var lines: [String] = []
        for (index, step) in knowledge.routing.route(for: situation).enumerated() {
            let reach = renderer.reach(step.party, region: nil, role: situation.role)
            var who = "**" + reach.name + "**"
            if let phone = reach.phone { who += " — " + phone }
            if let detail = reach.detail { who += " (" + detail + ")" }
            let stepLabel = renderer.urgencyLabel(step, situation)
            lines.append("\(index + 1). [" + stepLabel + "] " + who)
            for part in step.parts.isEmpty ? [step] : step.parts {
                let label = renderer.urgencyLabel(part, situation)
                let when = label == stepLabel ? "" : "[" + label + "] "
                lines.append("   - " + when + part.action[language] + " _(" + renderer.sources(part.citations) + ")_")
            }
        }
        let notes = knowledge.routing.notes(for: situation).filter { $0.id != "signal_not_finding" }
        if !notes.isEmpty {
            lines.append("")
            lines.append(language == .nl ? "Opmerkingen:" : "Notes:")
            for note in notes { lines.append("- " + note.text[language] + " _(" + renderer.sources(note.citations) + ")_") }
        }
        return lines
    }

    /// The Raad voor de Kinderbescherming's regional numbers (003 L188–219), once at the top: a step
    /// that says "bel het Adviesteam in je regio" can then be followed from this page.
    func regionTable() -> [String] {
        let renderer = AssessmentRenderer(knowledge: knowledge, language: .nl)
        let regions = knowledge.contacts.regions
        var lines = [
            "## Raad voor de Kinderbescherming per regio · Child Protection Board by region",
            "",
            "Algemeen nummer per regio; vraag naar het Adviesteam. `signaal score --region` en `signaal contacts` geven hetzelfde nummer.",
            "General number per region; ask for the Advice Team. `signaal score --region` and `signaal contacts` give the same number.",
            "",
            "| regio · region | locatie · location | telefoon · phone |",
            "|---|---|---|",
        ]
        for region in regions {
            lines.append("| \(region.name) (`\(region.id)`) | \(region.rvdkLocation) | \(region.rvdkPhone) |")
        }
        lines.append("")
        lines.append("_(" + renderer.sources(regions.flatMap(\.citations)) + ")_")
        lines.append("")
        return lines
    }

    package func markdown() -> String {
        var lines = [
            "<!-- Generated from Resources/routing.json and contacts.json by the test suite (SIGNAAL_UPDATE_GOLDEN=1 swift test --filter RouteTable). Do not edit. -->",
            "# Routes per lezer · Routes by reader",
            "",
            "Per rol: de route zoals die lezer hem krijgt, per situatie, in het Nederlands en in het Engels. Elke stap:",
            "urgentie, partij, hoe deze lezer die partij bereikt (de eigen lijn voor de eigen organisatie; politie krijgt",
            "voor politie en OM geen publiek nummer), wat te doen en de bronnen (titel en regel). De regels achter deze",
            "routes staan in `docs/route-rules.md`; `signaal score` geeft de route voor een casus. Noemt de titel geen",
            "delict, dan gaat het om een delict waarop geen regel let (`other`); de laatste situatie heeft geen delict.",
            "",
            "Per role: the route as that reader gets it, per situation, in Dutch and in English. Each step: urgency,",
            "party, how this reader reaches that party (its own line for its own organisation; police are shown no public",
            "number for police or OM parties), what to do and the sources (title and line). The rules behind these routes",
            "are in `docs/route-rules.md`; `signaal score` gives the route for a case. Where a title names no offence,",
            "the case has an offence no rule looks at (`other`); the last situation has no offence.",
            "",
        ]
        lines += regionTable()
        for role in Role.allCases {
            let nl = knowledge.texts.text("role." + role.rawValue, .nl, [:])
            let en = knowledge.texts.text("role." + role.rawValue, .en, [:])
            lines.append("## \(nl) · \(en) (`\(role.rawValue)`)")
            lines.append("")
            for (number, entry) in Self.cases(for: role).enumerated() {
                lines.append("### \(role.rawValue) \(number + 1). \(entry.title.nl)")
                lines.append("")
                lines += route(entry.situation, language: .nl)
                lines.append("")
                lines.append("_English: \(entry.title.en)_")
                lines.append("")
                lines += route(entry.situation, language: .en)
                lines.append("")
            }
        }
        return lines.joined(separator: "\n")
    }
}
