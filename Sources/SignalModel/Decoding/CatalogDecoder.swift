extension JSONReader {
    func citation() throws(SignalError) -> Citation {
        var object = try object()
        let sourceReader = try object.required("source")
        let source = try sourceReader.string()
        guard Seeds.files.contains(source) || source == "public" else {
            throw sourceReader.error(.invalidValue(source, allowed: Seeds.files + ["public"]))
        }
        let linesReader = try object.required("lines")
        let bounds = try linesReader.array()
        guard bounds.count == 2 else { throw linesReader.wrongType("[from, to]") }
        // A seed citation names lines that exist (1 … the seed's line count); `public` has no lines.
        let last = Seeds.lineCount(of: source) ?? 100_000
        let from = try bounds[0].integer(in: (source == "public" ? 0 : 1)...last)
        let to = try bounds[1].integer(in: from...last)
        let quote = try object.required("quote").string(length: 1...400)
        try object.finish()
        return Citation(source: source, lines: from...to, quote: quote)
    }

    /// At least one citation: facts without a source are not accepted into the knowledge base.
    func citations() throws(SignalError) -> [Citation] {
        var result: [Citation] = []
        for element in try array() { result.append(try element.citation()) }
        guard !result.isEmpty else { throw error(.badLength(min: 1, max: 100)) }
        return result
    }

    /// An identifier: lower-case letters, digits, `_` and `.`.
    func identifier() throws(SignalError) -> String {
        let text = try string(length: 1...80)
        let valid = text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "."
        }
        guard valid else { throw error(.invalidValue(text, allowed: ["[a-z0-9_.]+"])) }
        return text
    }
}

extension Catalog {
    package static let formatVersion = 1

    /// Decodes and cross-checks a catalogue file.
    package static func decode(_ bytes: [UInt8]) throws(SignalError) -> Catalog {
        var object = try JSONReader.versionedObject(bytes, supported: formatVersion)
        let catalogVersion = try object.required("catalogVersion").string(length: 1...40)

        var scoringObject = try object.required("scoring").object()
        let attentionAt = try scoringObject.required("attentionAt").integer(in: 1...100)
        let suspicionAt = try scoringObject.required("suspicionAt").integer(in: attentionAt...100)
        let scoring = ScoringRules(
            attentionAt: attentionAt, suspicionAt: suspicionAt,
            rationale: try scoringObject.required("rationale").localized(),
            citations: try scoringObject.required("citations").citations())
        try scoringObject.finish()

        let levelsReader = try object.required("levels")
        var levels: [LevelDescription] = []
        for element in try levelsReader.array() {
            var fields = try element.object()
            levels.append(
                LevelDescription(
                    level: try fields.required("id").oneOf(Level.self), name: try fields.required("name").localized(),
                    meaning: try fields.required("meaning").localized()))
            try fields.finish()
        }
        guard levels.map(\.level) == Level.allCases else {
            throw levelsReader.error(.inconsistentCatalog("levels must be none, attention, suspicion, acute in order"))
        }

        var families: [Family] = []
        for element in try object.required("families").array() {
            var fields = try element.object()
            families.append(
                Family(
                    id: try fields.required("id").identifier(), name: try fields.required("name").localized(),
                    citations: try fields.required("citations").citations()))
            try fields.finish()
        }
        var offences: [Offence] = []
        for element in try object.required("offences").array() {
            // "Check next" keeps one bit per offence (and two more) in 64 bits: more would be ignored.
            guard offences.count < CheckNextTable.maximumOffences else {
                throw element.error(.inconsistentCatalog("at most \(CheckNextTable.maximumOffences) offences"))
            }
            var fields = try element.object()
            offences.append(
                Offence(
                    id: try fields.required("id").identifier(), name: try fields.required("name").localized(),
                    citations: try fields.required("citations").citations(), open: try fields.optional("open")?.bool() ?? false))
            try fields.finish()
        }

        let indicatorsReader = try object.required("indicators")
        let indicatorReaders = try indicatorsReader.array()
        var indicators: [Indicator] = []
        var seen = Set<String>()
        // Ids first, so examples may refer to any indicator and `anyYes` only to earlier ones.
        var allIDs = Set<String>()
        for element in indicatorReaders {
            var fields = try element.object()
            if let id = fields.optional("id") { allIDs.insert(try id.identifier()) }
        }
        for element in indicatorReaders {
            let indicator = try decodeIndicator(
                element, families: families, offences: offences, earlier: seen, all: allIDs)
            guard seen.insert(indicator.id).inserted else {
                throw element.error(.inconsistentCatalog("duplicate indicator id \(indicator.id)"))
            }
            indicators.append(indicator)
        }
        var combinations: [Combination] = []
        if let combinationsReader = object.optional("combinations") {
            combinations = try decodeCombinations(combinationsReader, indicators: indicators, offences: offences)
        }
        var interview = InterviewFacts()
        if let interviewReader = object.optional("interview") {
            interview = try decodeInterview(interviewReader, families: families, indicators: indicators)
        }
        try object.finish()
        return Catalog(
            catalogVersion: catalogVersion, scoring: scoring, levels: levels, families: families, offences: offences,
            indicators: indicators, combinations: combinations, interview: interview)
    }

    /// The interview's facts (`interview`): known roles, families and indicators, each with its location.
    private static func decodeInterview(
        _ reader: JSONReader, families: [Family], indicators: [Indicator]
    ) throws(SignalError) -> InterviewFacts {
        var fields = try reader.object()
        let ids = indicators.map(\.id)
        func indicatorID(_ item: JSONReader, acute: Bool? = nil) throws(SignalError) -> String {
            let id = try item.string()
            guard let indicator = indicators.first(where: { $0.id == id }) else {
                throw item.error(.unknownIndicator(id, suggestion: Suggest.closest(to: id, in: ids)))
            }
            if let acute, (indicator.kind == .acute) != acute {
                throw item.error(.inconsistentCatalog(acute ? "\(id) is not an acute indicator" : "\(id) is an acute indicator"))
            }
            return id
        }
        func indicatorIDs(_ list: JSONReader, acute: Bool? = nil) throws(SignalError) -> [String] {
            var result: [String] = []
            for item in try list.array() { result.append(try indicatorID(item, acute: acute)) }
            return result
        }
        func familyIDs(_ list: JSONReader, orIndicators: Bool = false) throws(SignalError) -> [String] {
            var result: [String] = []
            for item in try list.array() {
                let id = try item.string()
                guard families.contains(where: { $0.id == id }) || (orIndicators && ids.contains(id)) else {
                    throw item.error(.invalidValue(id, allowed: families.map(\.id) + (orIndicators ? ["<indicator id>"] : [])))
                }
                result.append(id)
            }
            return result
        }
        var facts = InterviewFacts()
        if let roles = fields.optional("rolesAwayFromArrest") { facts.rolesAwayFromArrest = try roles.listOf(Role.self) }
        if let deepening = fields.optional("deepeningFamilies") { facts.deepeningFamilies = try familyIDs(deepening) }
        if let questions = fields.optional("deepeningQuestions") { facts.deepeningQuestions = try indicatorIDs(questions, acute: false) }
        if let followUps = fields.optional("acuteFollowUps") {
            for element in try followUps.array() {
                var followUp = try element.object()
                let ask = try indicatorID(try followUp.required("ask"), acute: true)
                let after = try familyIDs(try followUp.required("afterYes"), orIndicators: true)
                try followUp.finish()
                facts.acuteFollowUps.append(InterviewFacts.FollowUp(ask: ask, afterYes: after))
            }
        }
        if let danger = fields.optional("dangerNow") { facts.dangerNow = try indicatorID(danger, acute: true) }
        if let only = fields.optional("onlyWithoutCustodialParent") { facts.onlyWithoutCustodialParent = try indicatorIDs(only) }
        try fields.finish()
        return facts
    }

    /// The combination rules: each names known offences and scored, unconditional indicators, is
    /// cited, and has examples that show it firing and a near miss where it does not.
    private static func decodeCombinations(
        _ reader: JSONReader, indicators: [Indicator], offences: [Offence]
    ) throws(SignalError) -> [Combination] {
        let elements = try reader.array()
        // Ids first, so an example may name a combination declared after its own.
        var allIDs = Set<String>()
        for element in elements {
            var fields = try element.object()
            if let id = fields.optional("id") { allIDs.insert(try id.identifier()) }
        }
        let allIndicators = Set(indicators.map(\.id))
        var result: [Combination] = []
        for element in elements {
            var fields = try element.object()
            let idReader = try fields.required("id")
            let id = try idReader.identifier()
            if ProfileAttributes.isProfileAttribute(id) { throw idReader.error(.profileAttribute(id)) }
            guard !result.contains(where: { $0.id == id }) else {
                throw idReader.error(.inconsistentCatalog("duplicate combination id \(id)"))
            }
            let name = try fields.required("name").localized()
            let rationale = try fields.required("rationale").localized()

            let whenReader = try fields.required("when")
            var when = try whenReader.object()
            var offenceIDs: [String]?
            if let offenceReader = when.optional("offences") {
                var ids: [String] = []
                for itemReader in try offenceReader.array() {
                    let offence = try itemReader.string()
                    guard offences.contains(where: { $0.id == offence }) else {
                        throw itemReader.error(.invalidValue(offence, allowed: offences.map(\.id)))
                    }
                    ids.append(offence)
                }
                guard !ids.isEmpty else { throw offenceReader.error(.badLength(min: 1, max: 100)) }
                offenceIDs = ids
            }
            var lists: [[String]] = []
            for key in ["allYes", "anyYes"] {
                guard let listReader = when.optional(key) else {
                    lists.append([])
                    continue
                }
                var ids: [String] = []
                for itemReader in try listReader.array() {
                    let other = try itemReader.string()
                    guard let indicator = indicators.first(where: { $0.id == other }) else {
                        throw itemReader.error(.unknownIndicator(other, suggestion: Suggest.closest(to: other, in: Array(allIndicators))))
                    }
                    guard indicator.isScored, indicator.countsOnlyWith.isEmpty else {
                        throw itemReader.error(
                            .inconsistentCatalog(
                                "a combination names only scored indicators that always count, not \(other) (context or countsOnlyWith)"))
                    }
                    ids.append(other)
                }
                lists.append(ids)
            }
            guard !(lists[0].isEmpty && lists[1].isEmpty) else {
                throw whenReader.error(
                    .inconsistentCatalog("a combination needs at least one indicator in allYes or anyYes: the offence alone is no signal"))
            }
            try when.finish()

            let atLeastReader = try fields.required("atLeast")
            let atLeast = try atLeastReader.oneOf(Level.self)
            guard atLeast == .attention || atLeast == .suspicion else {
                throw atLeastReader.error(.invalidValue(atLeast.rawValue, allowed: [Level.attention.rawValue, Level.suspicion.rawValue]))
            }
            let citations = try fields.required("citations").citations()

            let examplesReader = try fields.required("examples")
            var examples: [CombinationExample] = []
            for exampleReader in try examplesReader.array() {
                var example = try exampleReader.object()
                let (answers, context) = try decodeExampleSituation(&example, all: allIndicators)
                let level = try example.required("level").oneOf(Level.self)
                let firedReader = try example.required("combinations")
                var fired = Set<String>()
                for itemReader in try firedReader.array() {
                    let other = try itemReader.string()
                    guard allIDs.contains(other) else {
                        throw itemReader.error(.invalidValue(other, allowed: allIDs.sorted()))
                    }
                    fired.insert(other)
                }
                try example.finish()
                examples.append(CombinationExample(answers: answers, context: context, level: level, combinations: fired))
            }
            guard examples.contains(where: { $0.combinations.contains(id) }),
                examples.contains(where: { !$0.combinations.contains(id) })
            else {
                throw examplesReader.error(
                    .inconsistentCatalog("a combination needs an example where it fires and a near miss where it does not"))
            }
            try fields.finish()
            result.append(
                Combination(
                    id: id, name: name, rationale: rationale,
                    when: CombinationCondition(offences: offenceIDs, allYes: lists[0], anyYes: lists[1]), atLeast: atLeast,
                    citations: citations, examples: examples))
        }
        return result
    }

    private static func decodeIndicator(
        _ reader: JSONReader, families: [Family], offences: [Offence], earlier: Set<String>, all: Set<String>
    ) throws(SignalError) -> Indicator {
        var fields = try reader.object()
        let idReader = try fields.required("id")
        let id = try idReader.identifier()
        if ProfileAttributes.isProfileAttribute(id) { throw idReader.error(.profileAttribute(id)) }
        let familyReader = try fields.required("family")
        let family = try familyReader.string()
        guard families.contains(where: { $0.id == family }) else {
            throw familyReader.error(.invalidValue(family, allowed: families.map(\.id)))
        }
        guard id.hasPrefix(family + ".") else {
            throw idReader.error(.inconsistentCatalog("id must start with its family \"\(family).\""))
        }
        let kind = try fields.required("kind").oneOf(IndicatorKind.self)
        let weightReader = try fields.required("weight")
        let weight = try weightReader.integer(in: 0...3)
        if (kind == .context) != (weight == 0) {
            throw weightReader.error(.inconsistentCatalog("context indicators weigh 0, all others 1–3"))
        }
        let question = try fields.required("question").localized()
        let explanation = try fields.required("explanation").localized()
        let rationale = try fields.required("rationale").localized()
        let citations = try fields.required("citations").citations()

        // The item's fit: offences (checked against the catalogue, with the location) and roles.
        var fitOffences: [String]?
        if let offenceReader = fields.optional("offences") {
            let ids = try offenceReader.strings()
            guard !ids.isEmpty else {
                throw offenceReader.error(.inconsistentCatalog("offences lists at least one offence (leave it out for every offence)"))
            }
            for offence in ids where !offences.contains(where: { $0.id == offence }) {
                throw offenceReader.error(.invalidValue(offence, allowed: offences.map(\.id)))
            }
            fitOffences = ids
        }
        var fitRoles: [Role]?
        if let roleReader = fields.optional("roles") {
            fitRoles = try roleReader.listOf(Role.self)
            guard fitRoles?.isEmpty == false else {
                throw roleReader.error(.inconsistentCatalog("roles lists at least one role (leave it out for every role)"))
            }
        }

        var ask: [AskClause] = []
        for clauseReader in try fields.required("ask").array() {
            var clause = try clauseReader.object()
            var result = AskClause()
            if let offenceReader = clause.optional("offence") {
                let ids = try offenceReader.strings()
                for id in ids where !offences.contains(where: { $0.id == id }) {
                    throw offenceReader.error(.invalidValue(id, allowed: offences.map(\.id)))
                }
                // "Check next" stays inside the item's fit: an offence it does not fit is a mistake.
                if let fitOffences {
                    for id in ids where !fitOffences.contains(id) && offences.first(where: { $0.id == id })?.open != true {
                        throw offenceReader.error(.inconsistentCatalog("ask names offence \(id), which is not in the indicator's offences"))
                    }
                }
                result.offences = ids
            }
            if let anyYesReader = clause.optional("anyYes") {
                let ids = try anyYesReader.strings()
                for other in ids where !earlier.contains(other) {
                    throw anyYesReader.error(.inconsistentCatalog("anyYes may only name earlier indicators: \(other)"))
                }
                result.anyYes = ids
            }
            if let roleReader = clause.optional("role") {
                let roles = try roleReader.listOf(Role.self)
                if let fitRoles, let outside = roles.first(where: { !fitRoles.contains($0) }) {
                    throw roleReader.error(.inconsistentCatalog("ask names role \(outside.rawValue), which is not in the indicator's roles"))
                }
                result.roles = roles
            }
            if let bandReader = clause.optional("ageBand") { result.ageBands = try bandReader.listOf(AgeBand.self) }
            try clause.finish()
            ask.append(result)
        }

        var countsOnlyWith: [String] = []
        if let partnersReader = fields.optional("countsOnlyWith") {
            countsOnlyWith = try partnersReader.strings()
            guard !countsOnlyWith.isEmpty, kind == .weighted else {
                throw partnersReader.error(
                    .inconsistentCatalog("countsOnlyWith names at least one family or id, on a weighted indicator"))
            }
            for partner in countsOnlyWith {
                guard partner != id, partner != family,
                    families.contains(where: { $0.id == partner }) || all.contains(partner)
                else {
                    throw partnersReader.error(.invalidValue(partner, allowed: families.map(\.id) + ["<other indicator id>"]))
                }
            }
        }

        var suspicionOnlyWith: [String] = []
        if let partnersReader = fields.optional("suspicionOnlyWith") {
            suspicionOnlyWith = try partnersReader.strings()
            guard !suspicionOnlyWith.isEmpty, kind == .weighted, countsOnlyWith.isEmpty else {
                throw partnersReader.error(
                    .inconsistentCatalog("suspicionOnlyWith names at least one family or id, on a weighted indicator without countsOnlyWith"))
            }
            for partner in suspicionOnlyWith {
                guard partner != id, partner != family,
                    families.contains(where: { $0.id == partner }) || all.contains(partner)
                else {
                    throw partnersReader.error(.invalidValue(partner, allowed: families.map(\.id) + ["<other indicator id>"]))
                }
            }
        }

        var presupposes: [String] = []
        if let presupposesReader = fields.optional("presupposes") {
            presupposes = try presupposesReader.strings()
            guard !presupposes.isEmpty else {
                throw presupposesReader.error(.inconsistentCatalog("presupposes names at least one indicator (leave it out for none)"))
            }
            for other in presupposes where other == id || !all.contains(other) {
                if other == id { throw presupposesReader.error(.inconsistentCatalog("an indicator cannot presuppose itself")) }
                throw presupposesReader.error(.unknownIndicator(other, suggestion: Suggest.closest(to: other, in: Array(all))))
            }
        }

        var examples: [IndicatorExample] = []
        for exampleReader in try fields.required("examples").array() {
            examples.append(try decodeExample(exampleReader, all: all))
        }
        try fields.finish()
        return Indicator(
            id: id, family: family, kind: kind, weight: weight, question: question, explanation: explanation,
            rationale: rationale, citations: citations, ask: ask, examples: examples, countsOnlyWith: countsOnlyWith,
            suspicionOnlyWith: suspicionOnlyWith, offences: fitOffences, roles: fitRoles, presupposes: presupposes)
    }

    private static func decodeExample(_ reader: JSONReader, all: Set<String>) throws(SignalError) -> IndicatorExample {
        var fields = try reader.object()
        let (answers, context) = try decodeExampleSituation(&fields, all: all)
        let signals = Set(try fields.required("signals").strings())
        let level = try fields.required("level").oneOf(Level.self)
        let unknowns = try fields.optional("unknowns").map { reader throws(SignalError) in Set(try reader.strings()) }
        var checkNext: [String]?
        if let checkReader = fields.optional("checkNext") {
            let ids = try checkReader.strings()
            for id in ids where !all.contains(id) {
                throw checkReader.error(.unknownIndicator(id, suggestion: Suggest.closest(to: id, in: Array(all))))
            }
            checkNext = ids
        }
        try fields.finish()
        return IndicatorExample(
            answers: answers, context: context, signals: signals, level: level, unknowns: unknowns, checkNext: checkNext)
    }

    /// An example's `answers` (known indicator ids) and optional `context` (defaults: 14, police,
    /// no danger, guardian present, registered in NL).
    private static func decodeExampleSituation(
        _ fields: inout ObjectReader, all: Set<String>
    ) throws(SignalError) -> (answers: [String: Answer], context: CaseContext) {
        let answersReader = try fields.required("answers")
        var answers: [String: Answer] = [:]
        for member in try answersReader.object().members {
            let memberReader = JSONReader(member.value, path: answersReader.path.appending(member.key))
            guard all.contains(member.key) else {
                throw memberReader.error(.unknownIndicator(member.key, suggestion: Suggest.closest(to: member.key, in: Array(all))))
            }
            answers[member.key] = try memberReader.oneOf(Answer.self)
        }
        var context = CaseContext(
            age: 14, role: .police, acuteDanger: .no, guardianPresent: .yes, registeredInNL: .yes)
        if let contextReader = fields.optional("context") {
            var object = try contextReader.object()
            if let age = object.optional("age") { context.age = try age.integer(in: 0...120) }
            if let role = object.optional("role") { context.role = try role.oneOf(Role.self) }
            if let offence = object.optional("offence") { context.offence = try offence.string() }
            if let acute = object.optional("acuteDanger") { context.acuteDanger = try acute.oneOf(TriState.self) }
            if let guardian = object.optional("guardianPresent") {
                context.guardianPresent = try guardian.oneOf(TriState.self)
            }
            if let registered = object.optional("registeredInNL") {
                context.registeredInNL = try registered.oneOf(TriState.self)
            }
            try object.finish()
        }
        return (answers, context)
    }
}
