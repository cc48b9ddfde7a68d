extension RouteStep {
    /// One step per party: the party's first step (in route order, so its most urgent) keeps its place
    /// and takes the actions of the party's later steps, in order. A step that merged others lists them
    /// all in `parts`; reasons and citations are each kept once.
    package static func mergedByParty(_ ordered: [RouteStep]) -> [RouteStep] {
        var result: [RouteStep] = []
        var groups: [[RouteStep]] = []
        for step in ordered {
            if let index = result.firstIndex(where: { $0.party == step.party }) {
                groups[index].append(step)
            } else {
                result.append(step)
                groups.append([step])
            }
        }
        for (index, group) in groups.enumerated() where group.count > 1 {
            var merged = group[0]
            merged.action = LocalizedText(
                nl: group.map(\.action.nl).joined(separator: " "), en: group.map(\.action.en).joined(separator: " "))
            var whys: [LocalizedText] = []
            var citations: [Citation] = []
            for step in group {
                if !whys.contains(step.why) { whys.append(step.why) }
                for citation in step.citations where !citations.contains(citation) { citations.append(citation) }
            }
            merged.why = LocalizedText(nl: whys.map(\.nl).joined(separator: " "), en: whys.map(\.en).joined(separator: " "))
            merged.citations = citations
            merged.parts = group
            result[index] = merged
        }
        return result
    }

    /// The ids of the steps this step stands for: its own, or those it merged.
    package var stepIDs: [String] { parts.isEmpty ? [id] : parts.map(\.id) }
}
