extension Case {
    /// The case as a case file; `Case.decode` reads it back to an equal case. Version 1 when it has
    /// no history (so every older Signaal reads it, byte for byte as before), else version 2 with
    /// `history` last.
    ///
    /// Absent optional facts (reference, offence, time, region, override) are left out; tri-states
    /// are always written. Answers follow the catalogue's order when `catalog` is given, else their
    /// ids' order, so the same case always gives the same bytes.
    package func encoded(order catalog: Catalog? = nil) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("version", .int(writtenVersion))]
        if let reference { members.append(("reference", .string(reference))) }
        var contextMembers: [(String, JSONOutput)] = [
            ("age", context.age.map { .int($0) } ?? .string("unknown")),
            ("role", .string(context.role.rawValue)),
        ]
        if let offence = context.offence { contextMembers.append(("offence", .string(offence))) }
        contextMembers += [
            ("acuteDanger", .string(context.acuteDanger.rawValue)),
            ("guardianPresent", .string(context.guardianPresent.rawValue)),
            ("registeredInNL", .string(context.registeredInNL.rawValue)),
        ]
        if let time = context.assessedAt { contextMembers.append(("assessedAt", .string(time.text))) }
        if let region = context.region { contextMembers.append(("region", .string(region))) }
        members.append(("context", .object(contextMembers)))

        members.append(("answers", Self.encoded(answers, order: catalog)))
        if let override {
            members.append(("override", .object([("level", .string(override.level.rawValue)), ("reason", .string(override.reason))])))
        }
        if !history.isEmpty {
            members.append(("history", .array(history.map { Self.encoded($0, order: catalog) })))
        }
        return .object(members)
    }

    /// One contribution: `role`, `at` when known, `answers`, `note` and `done` when given.
    static func encoded(_ contribution: Contribution, order catalog: Catalog?) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("role", .string(contribution.role.rawValue))]
        if let at = contribution.at { members.append(("at", .string(at.text))) }
        members.append(("answers", encoded(contribution.answers, order: catalog)))
        if let note = contribution.note, !note.isEmpty { members.append(("note", .string(note))) }
        if !contribution.done.isEmpty { members.append(("done", .array(contribution.done.map { .string($0) }))) }
        return .object(members)
    }

    /// Answers by indicator id, in the catalogue's order (else the ids'): a plain answer, or
    /// `{"answer", "note"}` when it has a note.
    static func encoded(_ answers: [String: CaseAnswer], order catalog: Catalog?) -> JSONOutput {
        let ids = answers.keys.sorted { left, right in
            let leftOrder = catalog?.order(of: left) ?? Int.max
            let rightOrder = catalog?.order(of: right) ?? Int.max
            return leftOrder != rightOrder ? leftOrder < rightOrder : left < right
        }
        var answerMembers: [(String, JSONOutput)] = []
        for id in ids {
            guard let given = answers[id] else { continue }
            if let note = given.note, !note.isEmpty {
                answerMembers.append((id, .object([("answer", .string(given.answer.rawValue)), ("note", .string(note))])))
            } else {
                answerMembers.append((id, .string(given.answer.rawValue)))
            }
        }
        return .object(answerMembers)
    }
}
