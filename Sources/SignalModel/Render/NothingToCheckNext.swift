/// When the "check next" list is not a to-do list.
extension Assessment {
    /// No signals and nothing the assessor left open, and either no offence or a person of 18 or
    /// older: the questions nobody asked are not a list of things to check. A family that was checked
    /// and did nothing is not questioned further (REVIEW3-scenarios 1c, issue 26); an adult without
    /// signals is not asked about "het kind" (REVIEW4-scenarios F5). A case with no answers at all
    /// keeps its list: there nothing has been checked yet. The open questions stay in the assessment
    /// (and its JSON); the text and report renderers show a close instead of the list.
    package var nothingToCheckNext: Bool { nothingToCheckNextKey != nil }

    /// The text key of that close: the adult's own wording when there is an offence, since "er is geen
    /// delict" would be untrue there.
    package var nothingToCheckNextKey: String? {
        guard level == .none && routeLevel == .none && !input.answers.isEmpty
            && openQuestions.allSatisfy({ $0.reason == .notAnswered })
        else { return nil }
        if context.offence == nil { return "render.nothing_to_check" }
        if context.ageBand == .adult { return "render.nothing_to_check_adult" }
        return nil
    }
}
