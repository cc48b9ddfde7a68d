/// An unfinished (or just finished) interview as saved between answers: format version 1.
///
/// ```json
/// {"version": 1, "role": "police", "language": "nl", "assessedAt": "2026-11-21T23:40:00+01:00",
///  "region": null, "answers": {"age": 13, "acuteDanger": "no", "offence": "pickpocketing",
///  "proceeds.handed_over": "yes"}, "current": "arrest_behaviour.coached_story"}
/// ```
/// `answers` lists the answers in force in interview order (gate names or indicator ids as keys;
/// `age` is a number or `"unknown"`, `offence` an offence id or `"unknown"`, everything else
/// yes/no/unknown). `current` is the question to ask next, or null when every question is answered.
public struct InterviewDraft: Sendable, Equatable {
    /// The draft format version this Signaal reads and writes.
    public static let formatVersion = 1

    /// Who is asking (fixed for the whole interview).
    public var role: Role
    /// The language the interview was held in; nil when not recorded.
    public var language: Language?
    /// The moment of the assessment, kept so a resumed interview routes as the original would.
    public var assessedAt: Timestamp?
    /// A region id from the contacts directory.
    public var region: String?
    /// The answers in force, in interview order.
    public var answers: [InterviewStep]
    /// The question to ask next; nil when every question was answered.
    public var current: QuestionID?

    /// A draft from its parts (normally taken from `Interview.draft`).
    public init(
        role: Role, language: Language?, assessedAt: Timestamp?, region: String?, answers: [InterviewStep],
        current: QuestionID?
    ) {
        self.role = role
        self.language = language
        self.assessedAt = assessedAt
        self.region = region
        self.answers = answers
        self.current = current
    }

    /// The draft as JSON, keys in a fixed order.
    public func encoded() -> JSONOutput {
        .object([
            ("version", .int(Self.formatVersion)),
            ("role", .string(role.rawValue)),
            ("language", .optional(language?.rawValue)),
            ("assessedAt", .optional(assessedAt?.text)),
            ("region", .optional(region)),
            ("answers", .object(answers.map { ($0.question.key, Self.encode($0.answer)) })),
            ("current", .optional(current?.key)),
        ])
    }

    private static func encode(_ answer: InterviewAnswer) -> JSONOutput {
        switch answer {
        case .age(let age?): .int(age)
        case .age(nil), .offence(nil): .string("unknown")
        case .offence(let offence?): .string(offence)
        case .answer(let value): .string(value.rawValue)
        }
    }

    /// Decodes a draft strictly, against the knowledge base; errors carry the JSON path and line.
    public static func decode(_ bytes: [UInt8], knowledge: Knowledge) throws(SignalError) -> InterviewDraft {
        var object = try JSONReader.versionedObject(bytes, supported: formatVersion)
        let catalog = knowledge.catalog
        let role = try object.required("role").oneOf(Role.self)
        let language = try object.optionalNonNull("language")?.oneOf(Language.self)
        let assessedAt = try object.optionalNonNull("assessedAt")?.timestamp()
        let region = try object.optionalNonNull("region")?.region(in: knowledge.contacts)
        let answersReader = try object.required("answers")
        var answers: [InterviewStep] = []
        for member in try answersReader.object().members {
            let path = answersReader.path.appending(member.key)
            let location = InputLocation(path: path, position: member.keyPosition)
            let question = try questionID(member.key, catalog: catalog, at: location)
            let reader = JSONReader(member.value, path: path)
            answers.append(InterviewStep(question: question, answer: try decodeAnswer(reader, for: question, catalog: catalog)))
        }
        var current: QuestionID?
        if let currentReader = object.optionalNonNull("current") {
            let key = try currentReader.string()
            current = try questionID(
                key, catalog: catalog, at: InputLocation(path: currentReader.path, position: currentReader.node.position))
        }
        try object.finish()
        return InterviewDraft(
            role: role, language: language, assessedAt: assessedAt, region: region, answers: answers, current: current)
    }

    private static func questionID(_ key: String, catalog: Catalog, at location: InputLocation) throws(SignalError)
        -> QuestionID
    {
        if let id = QuestionID(key: key, catalog: catalog) { return id }
        if ProfileAttributes.isProfileAttribute(key) { throw SignalError(.profileAttribute(key), at: location) }
        let known = GateQuestion.allCases.map(\.rawValue) + catalog.indicators.map(\.id)
        throw SignalError(.unknownIndicator(key, suggestion: Suggest.closest(to: key, in: known)), at: location)
    }

    private static func decodeAnswer(_ reader: JSONReader, for question: QuestionID, catalog: Catalog)
        throws(SignalError) -> InterviewAnswer
    {
        switch question.format {
        case .triState:
            return .answer(try reader.oneOf(Answer.self))
        case .age:
            if case .string(let text) = reader.node.value {
                guard text == "unknown" else { throw reader.error(.invalidValue(text, allowed: ["unknown"])) }
                return .age(nil)
            }
            return .age(try reader.integer(in: 0...120))
        case .offence:
            let id = try reader.string()
            if id == "unknown" { return .offence(nil) }
            guard catalog.offence(id) != nil else {
                throw reader.error(.invalidValue(id, allowed: catalog.offences.map(\.id) + ["unknown"]))
            }
            return .offence(id)
        }
    }
}
