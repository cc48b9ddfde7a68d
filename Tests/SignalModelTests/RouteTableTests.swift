import Foundation
import Testing

@testable import SignalModel

@Suite("Route table in docs")
struct RouteTableTests {
    @Test("docs/route-rules.md is the table the routing data gives (regenerate with SIGNAAL_UPDATE_GOLDEN=1)", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func current() throws {
        let url = repositoryRoot.appendingPathComponent("docs/route-rules.md")
        let rendered = RouteTableRenderer(knowledge: knowledge).markdown()
        if GoldenUpdate.updating {
            try GoldenUpdate.write(rendered, to: url)
            return
        }
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(committed == rendered, "docs/route-rules.md is stale: run SIGNAAL_UPDATE_GOLDEN=1 swift test --filter RouteTable and review the diff")
    }

    @Test("docs/routes.md is the page by reader the routing data gives (regenerate with SIGNAAL_UPDATE_GOLDEN=1)")
    func readerPageCurrent() throws {
        let url = repositoryRoot.appendingPathComponent("docs/routes.md")
        let rendered = ReaderRouteRenderer(knowledge: knowledge).markdown()
        if ProcessInfo.processInfo.environment["SIGNAAL_UPDATE_GOLDEN"] == "1" {
            try Data(rendered.utf8).write(to: url, options: .atomic)
        }
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(committed == rendered, "docs/routes.md is stale: run SIGNAAL_UPDATE_GOLDEN=1 swift test --filter RouteTable and review the diff")
        for role in Role.allCases { #expect(rendered.contains("(`\(role.rawValue)`)")) }
    }

    @Test("each section's rows are exactly the rules that give its situations their routes", .enabled(if: Exhaustive.on, Exhaustive.skipReason))
    func rowsGiveTheRoutes() {
        let renderer = RouteTableRenderer(knowledge: knowledge)
        var sections: [String: [RouteRule]] = [:]
        var tables: [String: RoutingTable] = [:]
        let situations = knowledge.routing.situations
        for situation in situations {
            let key = "\(situation.role) \(situation.ageBand) \(situation.level)"
            if sections[key] == nil {
                sections[key] = renderer.rules(role: situation.role, ageBand: situation.ageBand, level: situation.level, in: situations)
            }
            // The one router over a table of only those rows gives the same route.
            let rows = sections[key] ?? []
            if tables[key] == nil { tables[key] = RoutingTable(officeHours: knowledge.routing.officeHours, rules: rows, notes: []) }
            #expect(tables[key]?.route(for: situation) == knowledge.routing.route(for: situation), "\(situation)")
        }
        let page = renderer.markdown()
        for role in Role.allCases { #expect(page.contains("## role: \(role.rawValue)")) }
        #expect(page.contains("| `after_hours.no_guardian.police` | guardian: no/unknown · hours: no · answer context.asylum_unaccompanied: no/unknown | crisis_service [now]: crisis_service_rvdk |"))
        #expect(page.contains("| `schiphol.no_guardian` | guardian: no · offence: drug_smuggling | nidos [today]: nidos_guardianship |"))
    }
}
