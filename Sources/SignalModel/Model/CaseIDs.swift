/// The ids a case names — answer and history indicator ids, the offence, the region, the steps a
/// reader took — checked against the knowledge, for a case built in code (`Engine.assess`). A case
/// read from a file is checked by its decoder, which refuses the same ids with the same kinds of
/// error, located in the file.
extension Case {
    /// The first id the knowledge does not know, as the error the case decoder gives for it (with the
    /// closest known id as a suggestion), located by JSON path; nil when every id is known. Checked
    /// in the order of the case format: context, answers (by id), history.
    package func unknownID(in knowledge: Knowledge) -> SignalError? {
        let catalog = knowledge.catalog
        let context = JSONPath.root.appending("context")
        if let offence = self.context.offence, catalog.offence(offence) == nil {
            return SignalError(.invalidValue(offence, allowed: catalog.offences.map(\.id)), at: InputLocation(path: context.appending("offence")))
        }
        if let region = self.context.region, knowledge.contacts.region(region) == nil {
            let suggestion = Suggest.closest(to: region, in: knowledge.contacts.regions.map(\.id))
            return SignalError(.unknownRegion(region, suggestion: suggestion), at: InputLocation(path: context.appending("region")))
        }
        if let error = Self.unknownAnswer(in: answers, at: JSONPath.root.appending("answers"), catalog: catalog) { return error }
        guard !history.isEmpty else { return nil }
        let steps = knowledge.routing.rules.flatMap { $0.steps.map(\.id) }
        for (number, contribution) in history.enumerated() {
            let path = JSONPath.root.appending("history").appending(index: number)
            if let error = Self.unknownAnswer(in: contribution.answers, at: path.appending("answers"), catalog: catalog) { return error }
            for (index, step) in contribution.done.enumerated() where !steps.contains(step) {
                let suggestion = Suggest.closest(to: step, in: Array(Set(steps)).sorted())
                return SignalError(.unknownStep(step, suggestion: suggestion), at: InputLocation(path: path.appending("done").appending(index: index)))
            }
        }
        return nil
    }

    private static func unknownAnswer(in answers: [String: CaseAnswer], at path: JSONPath, catalog: Catalog) -> SignalError? {
        for id in answers.keys.sorted() where catalog.indicator(id) == nil {
            return SignalError(SignalErrorKind.unknownAnswer(id, catalog: catalog), at: InputLocation(path: path.appending(id)))
        }
        return nil
    }
}

extension SignalErrorKind {
    /// What an answer id outside the catalogue is: a person characteristic (never an input), or an
    /// unknown indicator with the closest catalogue id as a suggestion. The case decoder and
    /// `Engine.assess` both say it this way.
    package static func unknownAnswer(_ id: String, catalog: Catalog) -> SignalErrorKind {
        if ProfileAttributes.isProfileAttribute(id) { return .profileAttribute(id) }
        return .unknownIndicator(id, suggestion: Suggest.closest(to: id, in: catalog.indicators.map(\.id)))
    }
}

extension SignalError {
    /// The error in words, in Dutch or English, with its place (the JSON path, and the file and line
    /// when it came from a file).
    public func message(in knowledge: Knowledge, language: Language) -> String {
        message(knowledge.texts, language)
    }
}
