/// `signaal knowledge --format json`: every text behind the ids of a compact record, once, in one
/// language (`RecordForm.compact`). With it a case system turns a compact record into what a full
/// record says: levels, indicators (signals, context findings, open questions), combination rules,
/// route steps, legal notes, contacts and regions. docs/FORMATS.md says how each full member is
/// made from these, and a test rebuilds full records from compact ones with it.
package struct KnowledgeRenderer: Sendable {
    package let knowledge: Knowledge
    package let language: Language

    package init(knowledge: Knowledge, language: Language) {
        self.knowledge = knowledge
        self.language = language
    }

    /// Route steps by id, each once, in table order. A step id names one step: the routing table
    /// repeats a step in several rules only as the same step (a test checks it).
    package var steps: [RouteStep] {
        var seen = Set<String>()
        var steps: [RouteStep] = []
        for rule in knowledge.routing.rules {
            for step in rule.steps where seen.insert(step.id).inserted { steps.append(step) }
        }
        return steps
    }

    /// The document, indented with two spaces and ending in a newline.
    package func json() -> String { document().serialized(pretty: true) + "\n" }

    package func document() -> JSONOutput {
        let catalog = knowledge.catalog
        func text(_ text: LocalizedText) -> JSONOutput { .string(text[language]) }
        func strings(_ list: [String]) -> JSONOutput { .array(list.map { .string($0) }) }
        func citations(_ list: [Citation]) -> JSONOutput {
            .array(
                list.map {
                    .object([
                        ("source", .string($0.source)), ("lines", .array([.int($0.lines.lowerBound), .int($0.lines.upperBound)])),
                        ("quote", .string($0.quote)),
                    ])
                })
        }
        let levels: [JSONOutput] = Level.allCases.sorted().map { level in
            let described = catalog.describe(level)
            return .object([
                ("id", .string(level.rawValue)), ("name", .string(described?.name[language] ?? level.rawValue)),
                ("meaning", .optional(described?.meaning[language])),
            ])
        }
        let indicators: [JSONOutput] = catalog.indicators.map { indicator in
            .object([
                ("id", .string(indicator.id)), ("family", .string(indicator.family)), ("kind", .string(indicator.kind.rawValue)),
                ("weight", .int(indicator.weight)), ("question", text(indicator.question)),
                ("explanation", text(indicator.explanation)), ("rationale", text(indicator.rationale)),
                ("citations", citations(indicator.citations)),
            ])
        }
        let combinations: [JSONOutput] = catalog.combinations.map { combination in
            .object([
                ("id", .string(combination.id)), ("name", text(combination.name)), ("atLeast", .string(combination.atLeast.rawValue)),
                ("offences", combination.when.offences.map(strings) ?? .null), ("allYes", strings(combination.when.allYes)),
                ("anyYes", strings(combination.when.anyYes)), ("rationale", text(combination.rationale)),
                ("citations", citations(combination.citations)),
            ])
        }
        let steps: [JSONOutput] = steps.map { step in
            .object([
                ("id", .string(step.id)), ("party", .string(step.party)), ("urgency", .string(step.urgency.rawValue)),
                ("own", .bool(step.own)), ("conditionalNow", .bool(step.conditionalNow)), ("action", text(step.action)),
                ("why", text(step.why)), ("citations", citations(step.citations)),
            ])
        }
        let notes: [JSONOutput] = knowledge.routing.notes.map { note in
            .object([("id", .string(note.id)), ("text", text(note.text)), ("citations", citations(note.citations))])
        }
        let contacts: [JSONOutput] = knowledge.contacts.contacts.map { contact in
            .object([
                ("id", .string(contact.id)), ("name", text(contact.name)), ("phone", .optional(contact.phone)),
                ("via", .optional(contact.via)), ("hours", text(contact.hours)), ("asOf", .string(contact.asOf)),
                ("lines", .object(Role.allCases.compactMap { role in contact.lines[role].map { (role.rawValue, text($0)) } })),
                ("citations", citations(contact.citations)),
            ])
        }
        let regions: [JSONOutput] = knowledge.contacts.regions.map { region in
            .object([
                ("id", .string(region.id)), ("name", .string(region.name)), ("rvdkPhone", .string(region.rvdkPhone)),
                ("rvdkLocation", .string(region.rvdkLocation)), ("citations", citations(region.citations)),
            ])
        }
        return .object([
            ("outputVersion", .int(RecordForm.outputVersion)),
            ("catalogVersion", .string(catalog.catalogVersion)),
            ("language", .string(language.rawValue)),
            ("levels", .array(levels)),
            ("families", .array(catalog.families.map { .object([("id", .string($0.id)), ("name", text($0.name))]) })),
            ("offences", .array(catalog.offences.map { .object([("id", .string($0.id)), ("name", text($0.name))]) })),
            ("indicators", .array(indicators)),
            ("combinations", .array(combinations)),
            ("steps", .array(steps)),
            ("notes", .array(notes)),
            ("contacts", .array(contacts)),
            ("regions", .array(regions)),
        ])
    }
}
