extension Case {
    /// Longest free-text note or reason accepted, in Unicode scalars (so combining marks count).
    package static let maximumNoteLength = 2000

    /// Longest case reference accepted, in Unicode scalars.
    package static let maximumReferenceLength = 64

    /// Most problems reported for one case (`decodeReportingAll`): enough to fix a hand-written
    /// file in one go, few enough to read.
    package static let maximumReportedProblems = 20

    /// Decodes and validates a case file (format version 1, or 2 with `history`) against the knowledge base.
    ///
    /// Errors carry the JSON path and line; the caller adds the file name with `inFile(_:)`. Throws
    /// the first problem in input order (the first of `decodeReportingAll`'s list).
    public static func decode(_ bytes: [UInt8], knowledge: Knowledge) throws(SignalError) -> Case {
        do {
            return try decodeReportingAll(bytes, knowledge: knowledge, limit: 1)
        } catch {
            throw error.errors[0]
        }
    }

    /// Decodes a case, or reports every problem in it at once (in input order, each located, up to
    /// `limit`), so a hand-written case needs one correction round, not one per mistake. A syntax
    /// error, a top level that is not an object, or a missing or newer `version` stops at once.
    package static func decodeReportingAll(
        _ bytes: [UInt8], knowledge: Knowledge, limit: Int = maximumReportedProblems
    ) throws(CaseProblems) -> Case {
        var problems = ProblemCollector(limit: limit)
        let reader: JSONReader
        do {
            reader = try JSONReader.document(bytes)
        } catch {
            throw CaseProblems(errors: [error], truncated: false)
        }
        guard let decoded = decode(reader, knowledge: knowledge, problems: &problems), problems.errors.isEmpty else {
            throw CaseProblems(errors: problems.errors, truncated: problems.truncated)
        }
        return decoded
    }

    static func decode(_ reader: JSONReader, knowledge: Knowledge, problems: inout ProblemCollector) -> Case? {
        guard var object = problems.attempt({ () throws(SignalError) in try reader.object() }),
            let version = problems.attempt({ () throws(SignalError) in try readVersion(&object, supported: readableVersions) })
        else { return nil }
        // Every field in the table's order (`CaseObject.root`); `version` was read first.
        var reference: String??
        var context: CaseContext?
        var answers: [String: CaseAnswer]?
        var answersReader: JSONReader?
        var override: Override??
        var history: [Contribution]? = []
        for field in CaseRootField.allCases {
            switch field {
            case .version:
                continue
            case .reference:
                reference = problems.attempt { () throws(SignalError) -> String? in
                    try object.optional(field).flatMap { reader throws(SignalError) in try reader.text(.reference) }
                }
            case .context:
                let contextReader = problems.attempt { () throws(SignalError) in try object.required(field) }
                context = contextReader.flatMap { decodeContext($0, knowledge: knowledge, problems: &problems) }
            case .answers:
                answersReader = problems.attempt { () throws(SignalError) in try object.required(field) }
                answers = answersReader.flatMap { decodeAnswers($0, catalog: knowledge.catalog, problems: &problems) }
            case .override:
                // Absent: no override (`.some(nil)`); present but wrong: nil, and the case fails.
                if let overrideReader = object.optional(field) {
                    override = decodeOverride(overrideReader, problems: &problems).map { .some($0) }
                } else {
                    override = .some(nil)
                }
            case .history:
                guard let historyReader = object.optional(field) else { continue }
                // A version-1 case has no history: say which version it needs, not "unknown key".
                guard version >= 2 else {
                    problems.add(historyReader.error(.needsVersion(key: field.name, version: 2)))
                    history = nil
                    continue
                }
                history = decodeHistory(historyReader, knowledge: knowledge, problems: &problems)
            }
        }
        problems.add(object.unreadKeyErrors())
        guard let reference, let context, let answers, let override, let history else { return nil }
        let decoded = Case(reference: reference, context: context, answers: answers, override: override, history: history)
        if let answersReader, let problem = historyDisagreement(decoded, answersReader) {
            problems.add(problem)
            return nil
        }
        return decoded
    }

    /// The current answers must be the latest answer per indicator in the history: the first answer
    /// that is not, located in `answers` (or at `answers` when it is missing there).
    private static func historyDisagreement(_ decoded: Case, _ answersReader: JSONReader) -> SignalError? {
        guard !decoded.history.isEmpty, case .object(let members) = answersReader.node.value else { return nil }
        let latest = decoded.latestInHistory
        for id in latest.keys.sorted() {
            guard let entry = latest[id], decoded.answers[id] != entry.answer else { continue }
            let kind = SignalErrorKind.answerDiffersFromHistory(id: id, contribution: entry.contribution + 1)
            if let member = members.first(where: { $0.key == id }) {
                return SignalError(kind, at: InputLocation(path: answersReader.path.appending(id), position: member.keyPosition))
            }
            return answersReader.error(kind)
        }
        return nil
    }

    /// `history`: an array of contributions, oldest first.
    private static func decodeHistory(_ reader: JSONReader, knowledge: Knowledge, problems: inout ProblemCollector) -> [Contribution]? {
        guard let elements = problems.attempt({ () throws(SignalError) in try reader.array() }) else { return nil }
        var history: [Contribution] = []
        var failed = false
        for element in elements {
            if let contribution = decodeContribution(element, knowledge: knowledge, problems: &problems) {
                history.append(contribution)
            } else {
                failed = true
            }
        }
        return failed ? nil : history
    }

    private static func decodeContribution(_ reader: JSONReader, knowledge: Knowledge, problems: inout ProblemCollector) -> Contribution? {
        guard var fields = problems.attempt({ () throws(SignalError) in try reader.object() }) else { return nil }
        var role: Role?
        var at: Timestamp??
        var answers: [String: CaseAnswer]?
        var note: String??
        var done: [String]?
        for field in CaseContributionField.allCases {
            switch field {
            case .role: role = problems.attempt { () throws(SignalError) in try fields.required(field).oneOf(Role.self) }
            case .at: at = problems.attempt { () throws(SignalError) in try fields.optional(field)?.timestamp() }
            case .answers:
                let answersReader = problems.attempt { () throws(SignalError) in try fields.required(field) }
                answers = answersReader.flatMap { decodeAnswers($0, catalog: knowledge.catalog, problems: &problems) }
            case .note:
                note = problems.attempt { () throws(SignalError) -> String? in
                    try fields.optional(field).flatMap { reader throws(SignalError) in try reader.text(.note) }
                }
            case .done:
                done = problems.attempt { () throws(SignalError) -> [String] in
                    guard let doneReader = fields.optional(field) else { return [] }
                    return try decodeSteps(doneReader, knowledge: knowledge)
                }
            }
        }
        problems.add(fields.unreadKeyErrors())
        guard let role, let at, let answers, let note, let done else { return nil }
        return Contribution(role: role, at: at, answers: answers, note: note, done: done)
    }

    /// Route step ids, each known to the routing table and given once.
    static func decodeSteps(_ reader: JSONReader, knowledge: Knowledge) throws(SignalError) -> [String] {
        let known = knowledge.routing.rules.flatMap { $0.steps.map(\.id) }
        var steps: [String] = []
        for element in try reader.array() {
            let id = try element.string()
            guard known.contains(id) else {
                throw element.error(.unknownStep(id, suggestion: Suggest.closest(to: id, in: Array(Set(known)).sorted())))
            }
            guard !steps.contains(id) else { throw element.error(.repeatedStep(id)) }
            steps.append(id)
        }
        return steps
    }

    /// The `override` object: nil after recording its problems.
    private static func decodeOverride(_ reader: JSONReader, problems: inout ProblemCollector) -> Override? {
        guard var fields = problems.attempt({ () throws(SignalError) in try reader.object() }) else { return nil }
        var level: Level?
        var reason: String?
        for field in CaseOverrideField.allCases {
            switch field {
            case .level: level = problems.attempt { () throws(SignalError) in try fields.required(field).oneOf(Level.self) }
            case .reason: reason = problems.attempt { () throws(SignalError) in try fields.required(field).text(.reason) } ?? nil
            }
        }
        problems.add(fields.unreadKeyErrors())
        guard let level, let reason else { return nil }
        return Override(level: level, reason: reason)
    }

    /// A note: up to 2000 scalars without a BSN; a blank note is no note.
    static func decodeNote(_ reader: JSONReader) throws(SignalError) -> String? {
        try reader.text(.note)
    }

    /// Whether a reference looks like a BSN: eight or more digits and nothing else but separators
    /// (nine digits, or eight with a leading zero dropped), or nine digits anywhere in it that pass
    /// the elfproef (`BSN 123456782`, `NL.123456782`; see `UserText.containsBSN`).
    ///
    /// Reads UTF-8 bytes: ASCII digits are counted and ASCII separators answered from the bit mask
    /// `containsBSN` uses; only non-ASCII scalars reach the Unicode property tables. A differential
    /// test keeps this equal to `looksLikeBSNByProperties`.
    static func looksLikeBSN(_ text: String) -> Bool {
        let digitsAndSeparators = text.utf8.withContiguousStorageIfAvailable { digitsAndSeparatorsOnly(utf8: $0) }
        guard let digitsAndSeparators else { return looksLikeBSNByProperties(text) }
        return digitsAndSeparators || UserText.containsBSN(text)
    }

    /// `looksLikeBSN` of the text these bytes spell (well-formed UTF-8, as `UserText.containsBSN(utf8:)`).
    static func looksLikeBSN(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        digitsAndSeparatorsOnly(utf8: bytes) || UserText.containsBSN(utf8: bytes)
    }

    /// At least eight digits and nothing but separators besides.
    private static func digitsAndSeparatorsOnly(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        do {
            var digits = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    index += 1
                    if byte &- 0x30 < 10 {
                        digits += 1
                    } else if !UserText.asciiBit(UserText.asciiSeparatorLow, UserText.asciiSeparatorHigh, byte) {
                        return false
                    }
                } else {
                    let (scalar, width) = UserText.decodeScalar(bytes, at: index)
                    index += width
                    if UserText.decimalDigit(scalar) != nil {
                        digits += 1
                    } else if !UserText.isSeparator(scalar) {
                        return false
                    }
                }
            }
            return digits >= 8
        }
    }

    /// The problem with a reference that holds an invisible character (a zero-width space or
    /// joiner, a bidi mark such as U+200F, a BOM, a soft hyphen: any format or default-ignorable
    /// scalar), or nil. A reference is matched and shown as it is typed; what nobody can see must not
    /// make two references that look the same differ.
    package static func invisibleInReference(_ text: String) -> SignalErrorKind? {
        // References are short ASCII almost always: no property lookup then.
        guard !text.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        for (offset, scalar) in text.unicodeScalars.enumerated()
        where !scalar.isASCII && (scalar.properties.isDefaultIgnorableCodePoint || scalar.properties.generalCategory == .format) {
            return .invisibleCharacter(scalar: scalar.value, character: offset + 1)
        }
        return nil
    }

    /// Where the BSN in a refused text starts, counted in Unicode scalars from 1: the first digit of
    /// the nine that pass the elfproef, or of a reference made of digits only.
    package static func bsnCharacter(_ text: String) -> Int {
        if let offset = UserText.bsnOffset(text) { return offset + 1 }
        let firstDigit = text.unicodeScalars.firstIndex { UserText.decimalDigit($0) != nil }
        return firstDigit.map { text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: $0) + 1 } ?? 1
    }

    /// `looksLikeBSN` scalar by scalar with the Unicode property lookups (the reference for the byte scan).
    static func looksLikeBSNByProperties(_ text: String) -> Bool {
        var digits = 0
        var onlyDigitsAndSeparators = true
        for scalar in text.unicodeScalars {
            if UserText.decimalDigit(scalar) != nil {
                digits += 1
            } else if !UserText.isSeparator(scalar) {
                onlyDigitsAndSeparators = false
            }
        }
        return (digits >= 8 && onlyDigitsAndSeparators) || UserText.containsBSNByProperties(text)
    }

    /// The `context` object; throws its first problem (scenario files use this).
    static func decodeContext(_ reader: JSONReader, knowledge: Knowledge) throws(SignalError) -> CaseContext {
        var problems = ProblemCollector(limit: 1)
        guard let context = decodeContext(reader, knowledge: knowledge, problems: &problems), problems.errors.isEmpty else {
            throw problems.errors[0]
        }
        return context
    }

    static func decodeContext(_ reader: JSONReader, knowledge: Knowledge, problems: inout ProblemCollector) -> CaseContext? {
        guard var object = problems.attempt({ () throws(SignalError) in try reader.object() }) else { return nil }
        var age: Int??
        var role: Role?
        var offence: String??
        var acute: TriState?
        var guardian: TriState?
        var registered: TriState?
        var assessedAt: Timestamp??
        var region: String??
        for field in CaseContextField.allCases {
            switch field {
            case .age:
                age = problems.attempt { () throws(SignalError) -> Int? in
                    let ageReader = try object.required(field)
                    if case .string(let text) = ageReader.node.value {
                        guard text == CaseValue.unknownAge else { throw ageReader.error(.invalidAge(text)) }
                        return nil
                    }
                    return try ageReader.integer(in: CaseValue.ageRange)
                }
            case .role:
                role = problems.attempt { () throws(SignalError) in try object.required(field).oneOf(Role.self) }
            case .offence:
                offence = problems.attempt { () throws(SignalError) -> String? in
                    guard let offenceReader = object.optional(field) else { return nil }
                    let id = try offenceReader.string()
                    guard knowledge.catalog.offence(id) != nil else {
                        throw offenceReader.error(.invalidValue(id, allowed: knowledge.catalog.offences.map(\.id)))
                    }
                    return id
                }
            case .acuteDanger, .guardianPresent, .registeredInNL:
                // An optional tri-state: unknown when absent.
                let value = problems.attempt { () throws(SignalError) in try object.optional(field)?.oneOf(TriState.self) ?? .unknown }
                if field == .acuteDanger { acute = value } else if field == .guardianPresent { guardian = value } else { registered = value }
            case .assessedAt:
                assessedAt = problems.attempt { () throws(SignalError) in try object.optional(field)?.timestamp() }
            case .region:
                region = problems.attempt { () throws(SignalError) in try object.optional(field)?.region(in: knowledge.contacts) }
            }
        }
        problems.add(object.unreadKeyErrors())
        guard let age, let role, let offence, let acute, let guardian, let registered, let assessedAt, let region else { return nil }
        return CaseContext(
            age: age, role: role, offence: offence, acuteDanger: acute, guardianPresent: guardian,
            registeredInNL: registered, assessedAt: assessedAt, region: region)
    }

    static func decodeAnswers(_ reader: JSONReader, catalog: Catalog, problems: inout ProblemCollector) -> [String: CaseAnswer]? {
        guard let object = problems.attempt({ () throws(SignalError) in try reader.object() }) else { return nil }
        var answers: [String: CaseAnswer] = [:]
        var failed = false
        for member in object.members {
            // A huge object of bad answers stops at the limit instead of suggesting ids for all.
            if problems.isFull {
                problems.stoppedEarly()
                return nil
            }
            let answer = problems.attempt { () throws(SignalError) in try decodeAnswer(member, path: reader.path, catalog: catalog) }
            if let answer { answers[member.key] = answer } else { failed = true }
        }
        return failed ? nil : answers
    }

    static func decodeAnswer(_ member: JSONMember, path parent: JSONPath, catalog: Catalog) throws(SignalError) -> CaseAnswer {
        let path = parent.appending(member.key)
        let memberReader = JSONReader(member.value, path: path)
        guard catalog.indicator(member.key) != nil else {
            throw SignalError(.unknownAnswer(member.key, catalog: catalog), at: InputLocation(path: path, position: member.keyPosition))
        }
        if case .string = member.value.value {
            return CaseAnswer(try memberReader.oneOf(Answer.self))
        }
        var fields = try memberReader.object()
        var answer = Answer.unknown
        var note: String?
        for field in CaseAnswerField.allCases {
            switch field {
            case .answer: answer = try fields.required(field).oneOf(Answer.self)
            case .note: note = try fields.optional(field).flatMap { reader throws(SignalError) in try reader.text(.note) }
            }
        }
        try fields.finish()
        return CaseAnswer(answer, note: note)
    }
}

/// Every problem of a case, in input order (see `Case.decodeReportingAll`).
package struct CaseProblems: Error, Sendable, Equatable {
    /// At least one; at most the limit asked for.
    package var errors: [SignalError]
    /// More problems were found than the limit, or decoding stopped at the limit with input left.
    package var truncated: Bool

    /// The same problems, attributed to a file the user named.
    package func inFile(_ file: String) -> CaseProblems {
        CaseProblems(errors: errors.map { $0.inFile(file) }, truncated: truncated)
    }
}

/// Collects located problems while decoding goes on, up to a limit; a repeat is kept once.
struct ProblemCollector {
    let limit: Int
    private(set) var errors: [SignalError] = []
    private(set) var truncated = false

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    var isFull: Bool { errors.count >= limit }

    mutating func add(_ error: SignalError) {
        guard !errors.contains(error) else { return }
        guard !isFull else {
            truncated = true
            return
        }
        errors.append(error)
    }

    /// Decoding stopped at the limit with input left unchecked: there may be more problems.
    mutating func stoppedEarly() {
        truncated = true
    }

    mutating func add(_ list: [SignalError]) {
        for error in list { add(error) }
    }

    /// The body's value, or nil after recording its problem.
    mutating func attempt<T>(_ body: () throws(SignalError) -> T) -> T? {
        do {
            return try body()
        } catch {
            add(error)
            return nil
        }
    }
}

/// Reads `version` first (one of `supported`), so a file from a newer Signaal gets that message and
/// not a list of unknown keys.
func readVersion(_ object: inout ObjectReader, supported: ClosedRange<Int>) throws(SignalError) -> Int {
    let versionReader = try object.required("version")
    guard case .number(let text) = versionReader.node.value else { throw versionReader.wrongType("integer") }
    guard let version = Int(text), supported.contains(version) else {
        throw versionReader.error(
            supported.count == 1
                ? .unsupportedVersion(found: text, supported: supported.upperBound)
                : .unsupportedVersions(found: text, supported: supported))
    }
    return version
}

/// Reads `version` first, so a file from a newer Signaal gets that message and not a list of
/// unknown keys.
func checkVersion(_ object: inout ObjectReader, supported: Int) throws(SignalError) {
    let versionReader = try object.required("version")
    guard case .number(let text) = versionReader.node.value else { throw versionReader.wrongType("integer") }
    guard Int(text) == supported else { throw versionReader.error(.unsupportedVersion(found: text, supported: supported)) }
}
