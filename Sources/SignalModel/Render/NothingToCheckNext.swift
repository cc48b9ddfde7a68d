/// When the "check next" list is not a to-do list.
extension Assessment {
    /// No offence, no signals and nothing the assessor left open: the questions nobody asked are
    /// not a list of things to check (a family that was checked and did nothing is not questioned
    /// further; REVIEW3-scenarios 1c, issue 26). A case with no answers at all keeps its list: there
    /// nothing has been checked yet. The open questions stay in the assessment (and its JSON); the
    /// text and report renderers show a close instead of the list.
    public var nothingToCheckNext: Bool {
        context.offence == nil && level == .none && routeLevel == .none && !input.answers.isEmpty
            && openQuestions.allSatisfy { $0.reason == .notAnswered }
    }
}
