/// What one contribution in a case's history did: the answers it gave for the first time, the ones
/// it changed, the signals among them, and the level before and after it (the case's context and
/// override as they are now; only the answers are replayed).
package struct ContributionSummary: Sendable, Equatable {
    package var contribution: Contribution
    /// Its place in the history, from 1.
    package var number: Int
    /// Indicator ids answered for the first time, in catalogue order.
    package var added: [String]
    /// Indicator ids whose answer it changed, in catalogue order.
    package var changed: [String]
    /// Its answers that are scored signals (a yes to an indicator that is not context).
    package var signals: Int
    /// The computed level before and after it.
    package var levelBefore: Level
    package var levelAfter: Level
}

extension Engine {
    /// The history of a case replayed contribution by contribution. Answers no contribution gave
    /// (a version-1 case's, or given before the history was kept) count as given before the first.
    package func history(of input: Case) -> [ContributionSummary] {
        guard !input.history.isEmpty else { return [] }
        let catalog = knowledge.catalog
        let inHistory = Set(input.history.flatMap { $0.answers.keys })
        var answers = input.answers.filter { !inHistory.contains($0.key) }
        func level(_ answers: [String: CaseAnswer]) -> Level {
            var replay = input
            replay.answers = answers
            replay.override = nil
            replay.history = []
            return assessment(of: replay).level
        }
        var before = level(answers)
        var summaries: [ContributionSummary] = []
        for (index, contribution) in input.history.enumerated() {
            let ids = contribution.answers.keys.sorted { (catalog.order(of: $0) ?? Int.max, $0) < (catalog.order(of: $1) ?? Int.max, $1) }
            var added: [String] = []
            var changed: [String] = []
            var signals = 0
            for id in ids {
                guard let answer = contribution.answers[id] else { continue }
                if let earlier = answers[id] {
                    if earlier.answer != answer.answer { changed.append(id) }
                } else {
                    added.append(id)
                }
                if answer.answer == .yes, let indicator = catalog.indicator(id), indicator.kind != .context { signals += 1 }
                answers[id] = answer
            }
            let after = level(answers)
            summaries.append(
                ContributionSummary(
                    contribution: contribution, number: index + 1, added: added, changed: changed, signals: signals,
                    levelBefore: before, levelAfter: after))
            before = after
        }
        return summaries
    }
}
