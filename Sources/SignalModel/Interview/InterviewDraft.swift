/// An unfinished (or just finished) interview as saved between answers: format version 2, or 3 for
/// the continuation of a saved case (`triage --case`), which adds `case` (the saved case as read) and
/// `done` (the route steps the reader took).
///
/// ```json
/// {"version": 2, "role": "police", "language": "nl", "assessedAt": "2026-11-21T23:40:00+01:00",
///  "region": null, "answers": {"age": 13, "region": "utrecht", "acuteDanger": "no",
///  "offence": "pickpocketing", "checklist": ["proceeds.handed_over"],
///  "coercion.threats_violence": "no"}, "notes": {"proceeds.handed_over": "gaf tas aan man"},
///  "current": "coercion.debt_bondage"}
/// ```
/// `region` at the top is the default region the interview started with (then it is not asked).
/// `answers` lists the answers in force in interview order (gate names, `checklist`, `region`,
/// `reference` or indicator ids as keys; `age` is a number or `"unknown"`, `offence` an offence id
/// or `"unknown"`, `region` a region id or `"unknown"`, `checklist` the ticked indicator ids,
/// `reference` a string or null, everything else yes/no/unknown). `notes` holds free-text notes by
/// indicator id. `current` is the question to ask next, or null when every question is answered.
///
/// Version 1 drafts (before the checklist) are still read: their answers are kept and the interview
/// continues at the first question the new interview has not had answered (normally the checklist).
package struct InterviewDraft: Sendable, Equatable {
    /// The draft format version this Signaal writes for a new case (every Signaal since the checklist
    /// reads it).
    package static let formatVersion = 2
    /// The version it writes for a continuation of a saved case (`case`, `done`): the newest it reads.
    package static let continuationVersion = 3
    /// The draft versions this Signaal reads.
    package static let readableVersions = 1...continuationVersion

    /// Who is asking (fixed for the whole interview).
    package var role: Role
    /// The language the interview was held in; nil when not recorded.
    package var language: Language?
    /// The moment of the assessment, kept so a resumed interview routes as the original would.
    package var assessedAt: Timestamp?
    /// A region id from the contacts directory.
    package var region: String?
    /// The answers in force, in interview order.
    package var answers: [InterviewStep]
    /// The question to ask next; nil when every question was answered.
    package var current: QuestionID?
    /// Free-text notes on answers and ticks, by indicator id.
    package var notes: [String: String]
    /// Checklist items looked for and confirmed not seen (recorded as no); key `notSeen`, left out
    /// when empty.
    package var notSeen: Set<String> = []
    /// The format version the draft was read from (`formatVersion` for a new one).
    package var readFromVersion: Int = InterviewDraft.formatVersion
    /// The saved case a continuation continues (key `case`, version 3), as it was read.
    package var continuing: Case?
    /// The route steps the reader said were taken (key `done`, version 3), left out when empty.
    package var done: [String] = []

    /// The version this draft is written in: `continuationVersion` for a continuation, else `formatVersion`.
    package var writtenVersion: Int { continuing == nil && done.isEmpty ? Self.formatVersion : Self.continuationVersion }

    /// A draft from its parts (normally taken from `Interview.draft`).
    package init(
        role: Role, language: Language?, assessedAt: Timestamp?, region: String?, answers: [InterviewStep],
        current: QuestionID?, notes: [String: String] = [:]
    ) {
        self.role = role
        self.language = language
        self.assessedAt = assessedAt
        self.region = region
        self.answers = answers
        self.current = current
        self.notes = notes
    }

    /// The draft as JSON, keys in a fixed order.
    package func encoded() -> JSONOutput {
        var members: [(String, JSONOutput)] = [
            ("version", .int(writtenVersion)),
            ("role", .string(role.rawValue)),
            ("language", .optional(language?.rawValue)),
            ("assessedAt", .optional(assessedAt?.text)),
            ("region", .optional(region)),
            ("answers", .object(answers.map { ($0.question.key, Self.encode($0.answer)) })),
            ("notes", .object(notes.keys.sorted().map { ($0, .string(notes[$0] ?? "")) })),
            ("current", .optional(current?.key)),
        ]
        if !notSeen.isEmpty { members.append(("notSeen", .array(notSeen.sorted().map { .string($0) }))) }
        if let continuing { members.append(("case", continuing.encoded())) }
        if !done.isEmpty { members.append(("done", .array(done.map { .string($0) }))) }
        return .object(members)
    }

    private static func encode(_ answer: InterviewAnswer) -> JSONOutput {
        switch answer {
        case .age(let age?): .int(age)
        case .age(nil), .offence(nil), .region(nil): .string("unknown")
        case .offence(let offence?): .string(offence)
        case .region(let region?): .string(region)
        case .answer(let value): .string(value.rawValue)
        case .checklist(let ticked): .array(ticked.sorted().map { .string($0) })
        case .text(let text): .optional(text)
        }
    }

    /// Decodes a draft strictly, against the knowledge base; errors carry the JSON path and line.
    package static func decode(_ bytes: [UInt8], knowledge: Knowledge) throws(SignalError) -> InterviewDraft {
        var object = try JSONReader.document(bytes).object()
        let versionReader = try object.required("version")
        guard case .number(let versionText) = versionReader.node.value else { throw versionReader.wrongType("integer") }
        guard let version = Int(versionText), readableVersions.contains(version) else {
            throw versionReader.error(.unsupportedVersion(found: versionText, supported: continuationVersion))
        }
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
            answers.append(
                InterviewStep(question: question, answer: try decodeAnswer(reader, for: question, knowledge: knowledge)))
        }
        var notes: [String: String] = [:]
        if version >= 2, let notesReader = object.optionalNonNull("notes") {
            for member in try notesReader.object().members {
                let path = notesReader.path.appending(member.key)
                let location = InputLocation(path: path, position: member.keyPosition)
                guard case .indicator(let id) = try questionID(member.key, catalog: catalog, at: location) else {
                    throw SignalError(.unknownIndicator(member.key, suggestion: nil), at: location)
                }
                if let note = try Case.decodeNote(JSONReader(member.value, path: path)) { notes[id] = note }
            }
        }
        var current: QuestionID?
        if let currentReader = object.optionalNonNull("current") {
            let key = try currentReader.string()
            current = try questionID(
                key, catalog: catalog, at: InputLocation(path: currentReader.path, position: currentReader.node.position))
        }
        var notSeen: Set<String> = []
        if let notSeenReader = object.optionalNonNull("notSeen") {
            for element in try notSeenReader.array() {
                let key = try element.string()
                guard case .indicator(let id)? = QuestionID(key: key, catalog: catalog) else {
                    throw element.error(.unknownIndicator(key, suggestion: nil))
                }
                notSeen.insert(id)
            }
        }
        var continuing: Case?
        var done: [String] = []
        if version >= 3 {
            if let caseReader = object.optionalNonNull("case") {
                var problems = ProblemCollector(limit: 1)
                continuing = Case.decode(caseReader, knowledge: knowledge, problems: &problems)
                if let first = problems.errors.first { throw first }
            }
            if let doneReader = object.optionalNonNull("done") { done = try Case.decodeSteps(doneReader, knowledge: knowledge) }
        }
        try object.finish()
        var draft = InterviewDraft(
            role: role, language: language, assessedAt: assessedAt, region: region, answers: answers, current: current,
            notes: notes)
        draft.readFromVersion = version
        draft.notSeen = notSeen
        draft.continuing = continuing
        draft.done = done
        return draft
    }

    private static func questionID(_ key: String, catalog: Catalog, at location: InputLocation) throws(SignalError)
        -> QuestionID
    {
        if let id = QuestionID(key: key, catalog: catalog) { return id }
        if ProfileAttributes.isProfileAttribute(key) { throw SignalError(.profileAttribute(key), at: location) }
        let known = GateQuestion.allCases.map(\.rawValue) + ["checklist", "region", "reference"] + catalog.indicators.map(\.id)
        throw SignalError(.unknownIndicator(key, suggestion: Suggest.closest(to: key, in: known)), at: location)
    }

    private static func decodeAnswer(_ reader: JSONReader, for question: QuestionID, knowledge: Knowledge)
        throws(SignalError) -> InterviewAnswer
    {
        let catalog = knowledge.catalog
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
        case .region:
            if case .string("unknown") = reader.node.value { return .region(nil) }
            return .region(try reader.region(in: knowledge.contacts))
        case .checklist:
            var ticked = Set<String>()
            for element in try reader.array() {
                let id = try element.string()
                guard catalog.indicator(id) != nil else {
                    throw element.error(.unknownIndicator(id, suggestion: Suggest.closest(to: id, in: catalog.indicators.map(\.id))))
                }
                ticked.insert(id)
            }
            return .checklist(ticked)
        case .text:
            if case .null = reader.node.value { return .text(nil) }
            let text = try reader.string(length: 1...Case.maximumReferenceLength)
            if UserText.isBlank(text) { throw reader.error(.blankText) }
            if Case.looksLikeBSN(text) { throw reader.error(.personalIdentifier(character: Case.bsnCharacter(text))) }
            if let invisible = Case.invisibleInReference(text) { throw reader.error(invisible) }
            return .text(text)
        }
    }
}
