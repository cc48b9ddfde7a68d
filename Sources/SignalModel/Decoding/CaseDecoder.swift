extension Case {
    /// Longest free-text note or reason accepted, in Unicode scalars (so combining marks count).
    public static let maximumNoteLength = 2000

    /// Longest case reference accepted, in Unicode scalars.
    public static let maximumReferenceLength = 64

    /// Decodes and validates a case file (format version 1) against the knowledge base.
    ///
    /// Errors carry the JSON path and line; the caller adds the file name with `inFile(_:)`.
    public static func decode(_ bytes: [UInt8], knowledge: Knowledge) throws(SignalError) -> Case {
        try decode(JSONReader.document(bytes), knowledge: knowledge)
    }

    static func decode(_ reader: JSONReader, knowledge: Knowledge) throws(SignalError) -> Case {
        var object = try reader.object()
        try checkVersion(&object, supported: formatVersion)
        let reference = try object.optionalNonNull("reference").map { reader throws(SignalError) in
            try decodeReference(reader)
        }
        let context = try decodeContext(try object.required("context"), knowledge: knowledge)
        let answers = try decodeAnswers(try object.required("answers"), catalog: knowledge.catalog)
        var override: Override?
        if let overrideReader = object.optionalNonNull("override") {
            var fields = try overrideReader.object()
            let level = try fields.required("level").oneOf(Level.self)
            let reason = try decodeReason(try fields.required("reason"))
            try fields.finish()
            override = Override(level: level, reason: reason)
        }
        try object.finish()
        return Case(reference: reference, context: context, answers: answers, override: override)
    }

    private static func decodeReference(_ reader: JSONReader) throws(SignalError) -> String {
        let text = try reader.string(length: 1...maximumReferenceLength)
        if UserText.isBlank(text) { throw reader.error(.blankText) }
        if looksLikeBSN(text) { throw reader.error(.personalIdentifier) }
        return text
    }

    /// An override reason: 1–2000 scalars that show something, without a BSN.
    static func decodeReason(_ reader: JSONReader) throws(SignalError) -> String {
        let text = try reader.string(length: 1...maximumNoteLength)
        if UserText.isBlank(text) { throw reader.error(.blankText) }
        if UserText.containsBSN(text) { throw reader.error(.personalIdentifier) }
        return text
    }

    /// A note: up to 2000 scalars without a BSN; a blank note is no note.
    static func decodeNote(_ reader: JSONReader) throws(SignalError) -> String? {
        let text = try reader.string(length: 0...maximumNoteLength)
        if UserText.isBlank(text) { return nil }
        if UserText.containsBSN(text) { throw reader.error(.personalIdentifier) }
        return text
    }

    /// Whether a free text is accepted as it is by `decodeReason` and `decodeNote` (the fast decoder's check).
    static func isPlainFreeText(_ text: String) -> Bool {
        !UserText.isBlank(text) && !UserText.containsBSN(text)
    }

    /// Whether a reference looks like a BSN: eight or more digits and nothing else but separators
    /// (nine digits, or eight with a leading zero dropped), or nine digits anywhere in it that pass
    /// the elfproef (`BSN 123456782`, `NL.123456782`; see `UserText.containsBSN`).
    static func looksLikeBSN(_ text: String) -> Bool {
        var digits = 0
        var onlyDigitsAndSeparators = true
        for scalar in text.unicodeScalars {
            if UserText.decimalDigit(scalar) != nil {
                digits += 1
            } else if !UserText.isSeparator(scalar) {
                onlyDigitsAndSeparators = false
            }
        }
        return (digits >= 8 && onlyDigitsAndSeparators) || UserText.containsBSN(text)
    }

    static func decodeContext(_ reader: JSONReader, knowledge: Knowledge) throws(SignalError) -> CaseContext {
        var object = try reader.object()
        let ageReader = try object.required("age")
        let age: Int?
        if case .string(let text) = ageReader.node.value {
            guard text == "unknown" else { throw ageReader.error(.invalidAge(text)) }
            age = nil
        } else {
            age = try ageReader.integer(in: 0...120)
        }
        let role = try object.required("role").oneOf(Role.self)
        var offence: String?
        if let offenceReader = object.optionalNonNull("offence") {
            let id = try offenceReader.string()
            guard knowledge.catalog.offence(id) != nil else {
                throw offenceReader.error(.invalidValue(id, allowed: knowledge.catalog.offences.map(\.id)))
            }
            offence = id
        }
        let acute = try object.optionalNonNull("acuteDanger")?.oneOf(TriState.self) ?? .unknown
        let guardian = try object.optionalNonNull("guardianPresent")?.oneOf(TriState.self) ?? .unknown
        let registered = try object.optionalNonNull("registeredInNL")?.oneOf(TriState.self) ?? .unknown
        let assessedAt = try object.optionalNonNull("assessedAt")?.timestamp()
        let region = try object.optionalNonNull("region")?.region(in: knowledge.contacts)
        try object.finish()
        return CaseContext(
            age: age, role: role, offence: offence, acuteDanger: acute, guardianPresent: guardian,
            registeredInNL: registered, assessedAt: assessedAt, region: region)
    }

    static func decodeAnswers(_ reader: JSONReader, catalog: Catalog) throws(SignalError) -> [String: CaseAnswer] {
        let object = try reader.object()
        var answers: [String: CaseAnswer] = [:]
        for member in object.members {
            let path = reader.path.appending(member.key)
            let memberReader = JSONReader(member.value, path: path)
            guard catalog.indicator(member.key) != nil else {
                let location = InputLocation(path: path, position: member.keyPosition)
                if ProfileAttributes.isProfileAttribute(member.key) {
                    throw SignalError(.profileAttribute(member.key), at: location)
                }
                let suggestion = Suggest.closest(to: member.key, in: catalog.indicators.map(\.id))
                throw SignalError(.unknownIndicator(member.key, suggestion: suggestion), at: location)
            }
            if case .string = member.value.value {
                answers[member.key] = CaseAnswer(try memberReader.oneOf(Answer.self))
                continue
            }
            var fields = try memberReader.object()
            let answer = try fields.required("answer").oneOf(Answer.self)
            let note = try fields.optionalNonNull("note").flatMap { reader throws(SignalError) in
                try decodeNote(reader)
            }
            try fields.finish()
            answers[member.key] = CaseAnswer(answer, note: note)
        }
        return answers
    }
}

/// Reads `version` first, so a file from a newer Signaal gets that message and not a list of
/// unknown keys.
func checkVersion(_ object: inout ObjectReader, supported: Int) throws(SignalError) {
    let versionReader = try object.required("version")
    guard case .number(let text) = versionReader.node.value else { throw versionReader.wrongType("integer") }
    guard Int(text) == supported else { throw versionReader.error(.unsupportedVersion(found: text, supported: supported)) }
}
