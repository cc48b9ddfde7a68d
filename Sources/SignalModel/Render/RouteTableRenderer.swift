/// The whole routing table as one Markdown page, per role, age band and level: the full route of the
/// plainest situation, then every rule that can add steps in that section with the situations it
/// applies to (acute danger, guardian, registration, office hours, offence, answers). A situation's route is
/// the steps of the rows whose conditions hold, by urgency, each step once and each party once.
/// Generated from the data only, so a reviewer can read every rule at once (`docs/route-rules.md`;
/// the routes as each reader reads them are `docs/routes.md`, `ReaderRouteRenderer`).
package struct RouteTableRenderer: Sendable {
    package let knowledge: Knowledge

    package init(knowledge: Knowledge) {
        self.knowledge = knowledge
    }

    /// The plainest situation of a section: no acute danger, a guardian, registered, office hours, an
    /// offence no rule names (acute is yes at level acute).
    package func base(role: Role, ageBand: AgeBand, level: Level) -> RouteSituation {
        RouteSituation(
            role: role, ageBand: ageBand, level: level, acute: level == .acute ? .yes : .no, guardian: .yes,
            registered: .yes, officeHours: .yes, offence: knowledge.routing.unnamedOffence)
    }

    /// The rules that apply to some situation of a section (`situations`: the table's, computed once
    /// by the caller when it asks for many sections).
    package func rules(role: Role, ageBand: AgeBand, level: Level, in situations: [RouteSituation]? = nil) -> [RouteRule] {
        let section = (situations ?? knowledge.routing.situations).filter { $0.role == role && $0.ageBand == ageBand && $0.level == level }
        return knowledge.routing.rules.filter { rule in section.contains { rule.when.matches($0) } }
    }

    static func describe(_ steps: [RouteStep]) -> String {
        steps.map { "\($0.party) [\($0.urgency.rawValue)]: " + $0.stepIDs.joined(separator: ", ") }.joined(separator: "; ")
    }

    /// The conditions of a rule on the columns that vary within a section.
    static func condition(_ when: RouteCondition, level: Level) -> String {
        var parts: [String] = []
        if let acute = when.acute, level != .acute { parts.append("acute: " + acute.map(\.rawValue).joined(separator: "/")) }
        if let guardian = when.guardian { parts.append("guardian: " + guardian.map(\.rawValue).joined(separator: "/")) }
        if let registered = when.registered { parts.append("registered: " + registered.map(\.rawValue).joined(separator: "/")) }
        if let hours = when.officeHours { parts.append("hours: " + hours.map(\.rawValue).joined(separator: "/")) }
        if let offences = when.offences { parts.append("offence: " + offences.joined(separator: "/")) }
        if let excluded = when.offencesExcluded { parts.append("offence not: " + excluded.joined(separator: "/")) }
        if let given = when.offenceGiven { parts.append(given ? "offence given" : "no offence") }
        for (id, states) in (when.answers ?? [:]).sorted(by: { $0.key < $1.key }) {
            parts.append("answer \(id): " + states.map(\.rawValue).joined(separator: "/"))
        }
        return parts.isEmpty ? "always" : parts.joined(separator: " · ")
    }

    package func markdown() -> String {
        var lines = [
            "<!-- Generated from Resources/routing.json by the test suite (SIGNAAL_UPDATE_GOLDEN=1 swift test --filter RouteTable). Do not edit. -->",
            "# Every routing rule",
            "",
            "Generated from `Resources/routing.json`. One section per role, age band and level. Each gives the",
            "whole route of the plainest situation (no acute danger, a custodial parent in the Netherlands,",
            "registered in the Netherlands, office hours, an offence no rule names), then every rule that applies",
            "in that section with the situations it applies to: `acute` (acute danger), `guardian` (custodial",
            "parent in the Netherlands), `registered` (registered in the Netherlands), `hours` (working days",
            "09:00–17:00 that are not a Dutch public holiday), `offence`, and `answer` (an indicator answered",
            "yes or no; `unknown` is answered unknown or not answered). The plainest situation leaves every",
            "answer unknown. The route of any situation is the",
            "steps of every row whose condition holds, ordered by urgency (now, today, soon, followUp) and table",
            "order, each step once, and each party once with its steps merged in that order. Steps are named",
            "`party [urgency]: step ids`; their texts and sources are in `Resources/routing.json`, and",
            "`signaal score` shows them for a case.",
            "",
        ]
        let situations = knowledge.routing.situations
        for role in Role.allCases {
            lines.append("## role: \(role.rawValue)")
            lines.append("")
            for ageBand in AgeBand.allCases {
                for level in Level.allCases {
                    let base = self.base(role: role, ageBand: ageBand, level: level)
                    lines.append("### \(role.rawValue) · \(ageBand.rawValue) · \(level.rawValue)")
                    lines.append("")
                    lines.append("Plainest situation:")
                    lines.append("")
                    for (index, step) in knowledge.routing.route(for: base).enumerated() {
                        lines.append("\(index + 1). " + Self.describe([step]))
                    }
                    lines.append("")
                    lines.append("| rule | applies when | steps |")
                    lines.append("|---|---|---|")
                    for rule in rules(role: role, ageBand: ageBand, level: level, in: situations) {
                        let steps = RouteStep.mergedByParty(rule.steps)
                        lines.append("| `\(rule.id)` | " + Self.condition(rule.when, level: level) + " | " + Self.describe(steps) + " |")
                    }
                    lines.append("")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
