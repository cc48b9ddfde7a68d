/// What the end of the interview shows: the most urgent route steps, each party once.
package enum EndBlock {
    /// The steps of the most urgent urgency in the route, grouped by party in route order.
    package static func nowByParty(_ route: [RouteStep]) -> (urgency: Urgency, steps: [(party: String, steps: [RouteStep])]) {
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
    package static func firstSentence(_ text: String) -> String {
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
    package static func compactSources(_ citations: [Citation]) -> String {
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
