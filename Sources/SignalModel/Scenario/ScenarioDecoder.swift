extension Scenario {
    /// The most stages a scenario may have (a lesson, not a book).
    static let maximumStages = 40

    /// Decodes and validates a scenario file (format version 1) against the knowledge base.
    ///
    /// Checks the version, rejects unknown keys, requires texts in both languages and at least one
    /// citation per stage and per question, accepts only catalogue indicators (each at most once) and
    /// route step ids from the routing table. Whether the expected outcome is right is `ScenarioCheck`'s
    /// job. Errors carry the JSON path and line; the caller adds the file name with `inFile(_:)`.
    package static func decode(_ bytes: [UInt8], knowledge: Knowledge) throws(SignalError) -> Scenario {
        return try decode(JSONReader.document(bytes), knowledge: knowledge)
    }

    static func decode(_ reader: JSONReader, knowledge: Knowledge) throws(SignalError) -> Scenario {
        var object = try reader.object()
        try checkVersion(&object, supported: formatVersion)
        let id = try object.required("id").identifier()
        let title = try object.required("title").localized()
        let summary = try object.required("summary").localized()
        var tags: [String] = []
        if let tagsReader = object.optionalNonNull("tags") {
            for element in try tagsReader.array() { tags.append(try element.identifier()) }
        }
        let context = try Case.decodeContext(try object.required("context"), knowledge: knowledge)

        let stagesReader = try object.required("stages")
        let stageReaders = try stagesReader.array()
        guard (1...maximumStages).contains(stageReaders.count) else {
            throw stagesReader.error(.badLength(min: 1, max: maximumStages))
        }
        var stages: [ScenarioStage] = []
        var askedAt: [String: JSONPath] = [:]
        for stageReader in stageReaders {
            var fields = try stageReader.object()
            let narrative = try fields.required("narrative").localized()
            let citations = try fields.required("citations").citations()
            var questions: [ScenarioQuestion] = []
            for questionReader in try fields.required("questions").array() {
                let question = try decodeQuestion(questionReader, catalog: knowledge.catalog, askedAt: &askedAt)
                questions.append(question)
            }
            try fields.finish()
            stages.append(ScenarioStage(narrative: narrative, citations: citations, questions: questions))
        }

        var expectedObject = try object.required("expected").object()
        let level = try expectedObject.required("level").oneOf(Level.self)
        let routeReader = try expectedObject.required("route")
        let stepIDs = Set(knowledge.routing.rules.flatMap { $0.steps.map(\.id) })
        var route: [String] = []
        for element in try routeReader.array() {
            let step = try element.string()
            guard stepIDs.contains(step) else {
                // The closest id first: the message shows only the start of a long list.
                var known = stepIDs.sorted()
                if let suggestion = Suggest.closest(to: step, in: known) {
                    known.removeAll { $0 == suggestion }
                    known.insert(suggestion, at: 0)
                }
                throw element.error(.invalidValue(step, allowed: known))
            }
            guard !route.contains(step) else {
                throw element.error(.inconsistentCatalog("route step \(step) is listed twice"))
            }
            route.append(step)
        }
        var checkNext: [String]?
        if let checkReader = expectedObject.optional("checkNext") {
            var ids: [String] = []
            for element in try checkReader.array() {
                let id = try element.string()
                guard knowledge.catalog.indicator(id) != nil else {
                    throw element.error(
                        .unknownIndicator(id, suggestion: Suggest.closest(to: id, in: knowledge.catalog.indicators.map(\.id))))
                }
                guard !ids.contains(id) else { throw element.error(.inconsistentCatalog("checkNext lists \(id) twice")) }
                ids.append(id)
            }
            checkNext = ids
        }
        try expectedObject.finish()

        let pointsReader = try object.required("teachingPoints")
        var teachingPoints: [LocalizedText] = []
        for element in try pointsReader.array() { teachingPoints.append(try element.localized()) }
        guard !teachingPoints.isEmpty else { throw pointsReader.error(.badLength(min: 1, max: 100)) }
        try object.finish()
        return Scenario(
            id: id, title: title, summary: summary, tags: tags, context: context, stages: stages,
            expected: ScenarioExpectation(level: level, route: route, checkNext: checkNext), teachingPoints: teachingPoints)
    }

    private static func decodeQuestion(
        _ reader: JSONReader, catalog: Catalog, askedAt: inout [String: JSONPath]
    ) throws(SignalError) -> ScenarioQuestion {
        var fields = try reader.object()
        let indicatorReader = try fields.required("indicator")
        let indicator = try indicatorReader.string()
        guard catalog.indicator(indicator) != nil else {
            if ProfileAttributes.isProfileAttribute(indicator) { throw indicatorReader.error(.profileAttribute(indicator)) }
            let suggestion = Suggest.closest(to: indicator, in: catalog.indicators.map(\.id))
            throw indicatorReader.error(.unknownIndicator(indicator, suggestion: suggestion))
        }
        if let earlier = askedAt[indicator] {
            throw indicatorReader.error(.inconsistentCatalog("indicator \(indicator) is already asked at \(earlier)"))
        }
        askedAt[indicator] = reader.path
        let expert = try fields.required("expert").oneOf(Answer.self)
        let reason = try fields.required("reason").localized()
        let citations = try fields.required("citations").citations()
        var evidence: [LocalizedText] = []
        if let evidenceReader = fields.optionalNonNull("evidence") {
            for element in try evidenceReader.array() { evidence.append(try element.localized()) }
        }
        try fields.finish()
        return ScenarioQuestion(
            indicator: indicator, expert: expert, reason: reason, citations: citations, evidence: evidence)
    }

    /// The scenarios built into the binary (`Resources/scenarios/*.json`), sorted by id.
    ///
    /// A file that does not decode, or an id used twice, is an error naming the resource file.
    package static func bundled(in knowledge: Knowledge) throws(SignalError) -> [Scenario] {
        var scenarios: [Scenario] = []
        var fileByID: [String: String] = [:]
        for name in knowledge.files.keys.filter({ $0.hasPrefix("scenarios/") && $0.hasSuffix(".json") }).sorted() {
            let file = "Resources/" + name
            let scenario: Scenario
            do {
                scenario = try decode(Array((knowledge.files[name] ?? "").utf8), knowledge: knowledge)
            } catch {
                throw error.inFile(file)
            }
            if let other = fileByID.updateValue(file, forKey: scenario.id) {
                throw SignalError(
                    .inconsistentCatalog("scenario id \(scenario.id) is also used by \(other)"),
                    at: InputLocation(file: file, path: JSONPath.root.appending("id")))
            }
            scenarios.append(scenario)
        }
        return scenarios.sorted { $0.id < $1.id }
    }

    /// The format version of a class answers file (`signaal scenario run --answers FILE`).
    package static let answersFormatVersion = 1

    /// Decodes a class answers file for this scenario:
    /// `{"version": 1, "scenario": "<id>", "answers": {"<indicator id>": "yes" | "no" | "unknown"}}`.
    ///
    /// `scenario` is optional but must name this scenario when present; `answers` must answer
    /// exactly the indicators this scenario asks (all missing ones are named in one error).
    package func decodeClassAnswers(_ bytes: [UInt8]) throws(SignalError) -> [String: Answer] {
        var object = try JSONReader.versionedObject(bytes, supported: Self.answersFormatVersion)
        if let scenarioReader = object.optionalNonNull("scenario") {
            let named = try scenarioReader.string()
            guard named == id else { throw scenarioReader.error(.invalidValue(named, allowed: [id])) }
        }
        let answersReader = try object.required("answers")
        let asked = questions.map(\.indicator)
        var answers: [String: Answer] = [:]
        for member in try answersReader.object().members {
            let memberReader = JSONReader(member.value, path: answersReader.path.appending(member.key))
            guard asked.contains(member.key) else {
                let location = InputLocation(path: memberReader.path, position: member.keyPosition)
                if ProfileAttributes.isProfileAttribute(member.key) {
                    throw SignalError(.profileAttribute(member.key), at: location)
                }
                throw SignalError(.invalidValue(member.key, allowed: asked), at: location)
            }
            answers[member.key] = try memberReader.oneOf(Answer.self)
        }
        let missing = asked.filter { answers[$0] == nil }
        if missing.count == 1 { throw answersReader.error(.missingKey(missing[0])) }
        if missing.count > 1 { throw answersReader.error(.missingKeys(missing)) }
        try object.finish()
        return answers
    }
}
