// `Codable` for what another app stores or sends: a `Case` in the case-file format (version 1,
// `docs/FORMATS.md`). An `Assessment` has one JSON form, the documented JSON result
// (`AssessmentRenderer.json`); it is not `Codable`: store the case, and assess it again.
//
// The keys are the case format's table (`CaseFormat.swift`). `Codable` checks shapes and
// enumeration values only. `Case.decode(_:knowledge:)` is the strict
// reader with located errors (unknown keys and indicator ids, lengths, BSN-like text) that the CLI
// uses for untrusted input; use it where people type the data.

extension Answer: Codable {}
extension Role: Codable {}
extension Level: Codable {}
extension AgeBand: Codable {}
extension IndicatorKind: Codable {}
extension Urgency: Codable {}

/// A timestamp is coded as its text (`2026-11-21T23:40:00+01:00`).
extension Timestamp: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a local time with offset: \(text)")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// An answer is `"yes"`, `"no"` or `"unknown"`, or `{"answer": …, "note": …}` when it has a note.
extension CaseAnswer: Codable {
    private typealias Keys = CaseAnswerField

    public init(from decoder: any Decoder) throws {
        if let plain = try? decoder.singleValueContainer().decode(Answer.self) {
            self.init(plain)
            return
        }
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(try container.decode(Answer.self, forKey: .answer), note: try container.decodeIfPresent(String.self, forKey: .note))
    }

    public func encode(to encoder: any Encoder) throws {
        guard let note, !note.isEmpty else {
            var container = encoder.singleValueContainer()
            try container.encode(answer)
            return
        }
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(answer, forKey: .answer)
        try container.encode(note, forKey: .note)
    }
}

/// The case file's `context`: `age` is a number or `"unknown"`; absent tri-states are unknown.
extension CaseContext: Codable {
    private typealias Keys = CaseContextField

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        var age: Int?
        if (try? container.decode(String.self, forKey: .age)) != CaseValue.unknownAge {
            age = try container.decode(Int.self, forKey: .age)
            guard let value = age, CaseValue.ageRange.contains(value) else {
                throw DecodingError.dataCorruptedError(forKey: .age, in: container, debugDescription: "age outside 0–120")
            }
        }
        self.init(
            age: age, role: try container.decode(Role.self, forKey: .role),
            offence: try container.decodeIfPresent(String.self, forKey: .offence),
            acuteDanger: try container.decodeIfPresent(TriState.self, forKey: .acuteDanger) ?? .unknown,
            guardianPresent: try container.decodeIfPresent(TriState.self, forKey: .guardianPresent) ?? .unknown,
            registeredInNL: try container.decodeIfPresent(TriState.self, forKey: .registeredInNL) ?? .unknown,
            assessedAt: try container.decodeIfPresent(Timestamp.self, forKey: .assessedAt),
            region: try container.decodeIfPresent(String.self, forKey: .region))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        if let age { try container.encode(age, forKey: .age) } else { try container.encode(CaseValue.unknownAge, forKey: .age) }
        try container.encode(role, forKey: .role)
        try container.encodeIfPresent(offence, forKey: .offence)
        try container.encode(acuteDanger, forKey: .acuteDanger)
        try container.encode(guardianPresent, forKey: .guardianPresent)
        try container.encode(registeredInNL, forKey: .registeredInNL)
        try container.encodeIfPresent(assessedAt, forKey: .assessedAt)
        try container.encodeIfPresent(region, forKey: .region)
    }
}

/// An override is `{"level": …, "reason": …}`.
extension Override: Codable {
    private typealias Keys = CaseOverrideField

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(level: try container.decode(Level.self, forKey: .level), reason: try container.decode(String.self, forKey: .reason))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(level, forKey: .level)
        try container.encode(reason, forKey: .reason)
    }
}

/// A key that is any string (indicator ids in `answers`).
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// A case in the case-file format: `version` (1), `reference`, `context`, `answers` by indicator
/// id, `override`. A newer version is refused.
extension Case: Codable {
    private typealias Keys = CaseRootField

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let version = try container.decode(Int.self, forKey: .version)
        guard Self.readableVersions.contains(version) else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container, debugDescription: "case format \(version); this library reads \(Self.formatVersion)")
        }
        let answerContainer = try container.nestedContainer(keyedBy: AnyKey.self, forKey: .answers)
        var answers: [String: CaseAnswer] = [:]
        for key in answerContainer.allKeys { answers[key.stringValue] = try answerContainer.decode(CaseAnswer.self, forKey: key) }
        self.init(
            reference: try container.decodeIfPresent(String.self, forKey: .reference),
            context: try container.decode(CaseContext.self, forKey: .context), answers: answers,
            override: try container.decodeIfPresent(Override.self, forKey: .override),
            history: version >= 2 ? try container.decodeIfPresent([Contribution].self, forKey: .history) ?? [] : [])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(writtenVersion, forKey: .version)
        try container.encodeIfPresent(reference, forKey: .reference)
        try container.encode(context, forKey: .context)
        var answerContainer = container.nestedContainer(keyedBy: AnyKey.self, forKey: .answers)
        for id in answers.keys.sorted() {
            if let answer = answers[id] { try answerContainer.encode(answer, forKey: AnyKey(stringValue: id)) }
        }
        try container.encodeIfPresent(override, forKey: .override)
        if !history.isEmpty { try container.encode(history, forKey: .history) }
    }
}

/// A contribution in a case's `history`: `role`, `at`, `answers`, `note`, `done`.
extension Contribution: Codable {
    private typealias Keys = CaseContributionField

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let answerContainer = try container.nestedContainer(keyedBy: AnyKey.self, forKey: .answers)
        var answers: [String: CaseAnswer] = [:]
        for key in answerContainer.allKeys { answers[key.stringValue] = try answerContainer.decode(CaseAnswer.self, forKey: key) }
        self.init(
            role: try container.decode(Role.self, forKey: .role), at: try container.decodeIfPresent(Timestamp.self, forKey: .at),
            answers: answers, note: try container.decodeIfPresent(String.self, forKey: .note),
            done: try container.decodeIfPresent([String].self, forKey: .done) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(role, forKey: .role)
        try container.encodeIfPresent(at, forKey: .at)
        var answerContainer = container.nestedContainer(keyedBy: AnyKey.self, forKey: .answers)
        for id in answers.keys.sorted() {
            if let answer = answers[id] { try answerContainer.encode(answer, forKey: AnyKey(stringValue: id)) }
        }
        try container.encodeIfPresent(note, forKey: .note)
        if !done.isEmpty { try container.encode(done, forKey: .done) }
    }
}
