extension Case {
    /// The case as a version-1 case file; `Case.decode` reads it back to an equal case.
    ///
    /// Absent optional facts (reference, offence, time, region, override) are left out; tri-states
    /// are always written. Answers follow the catalogue's order when `catalog` is given, else their
    /// ids' order, so the same case always gives the same bytes.
    package func encoded(order catalog: Catalog? = nil) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("version", .int(Self.formatVersion))]
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
        members.append(("answers", .object(answerMembers)))
        if let override {
            members.append(("override", .object([("level", .string(override.level.rawValue)), ("reason", .string(override.reason))])))
        }
        return .object(members)
    }
}
