extension Case {
    /// The case with its history begun (format version 2): a version-1 case's answers become the first
    /// contribution, by the case's role at its time (`assessedAt`). Lossless: the answers, context,
    /// reference and override are unchanged, so it scores the same, and dropping the history gives the
    /// version-1 case back. A case that has a history, or no answers, is returned as it is.
    package func withHistoryBegun() -> Case {
        guard history.isEmpty, !answers.isEmpty else { return self }
        var migrated = self
        migrated.history = [Contribution(role: context.role, at: context.assessedAt, answers: answers)]
        return migrated
    }

    /// The case after another reader's contribution: its answers become the current ones and the
    /// contribution is appended to the history (begun first for a version-1 case). Nothing earlier is
    /// changed or removed. The reader's role and time become the case's: the route is for the reader
    /// now holding the case. Answers equal to the current ones are left out of the contribution, except
    /// those in `confirmed`: facts about the moment (danger now, someone at the station now) that the
    /// reader was asked again, so the history says who confirmed them when.
    package func appending(_ contribution: Contribution, confirmed: Set<String> = []) -> Case {
        var next = withHistoryBegun()
        var given = contribution
        given.answers = contribution.answers.filter { confirmed.contains($0.key) || next.answers[$0.key] != $0.value }
        for (id, answer) in given.answers { next.answers[id] = answer }
        next.history.append(given)
        next.context.role = contribution.role
        if let at = contribution.at { next.context.assessedAt = at }
        return next
    }
}

extension Case {
    /// Who last said what the case's `acuteDanger` is: the latest contribution that answered the
    /// danger-now indicator (`dangerNow`), else the first contribution (the reader who made the case
    /// set its facts). Nil for a case without history. Danger now belongs to the moment it was answered.
    package func acuteDangerSource(dangerNow: String?) -> Contribution? {
        if let dangerNow, let latest = history.last(where: { $0.answers[dangerNow] != nil }) { return latest }
        return history.first
    }
}
