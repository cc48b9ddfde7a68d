/// The case-file format (`docs/FORMATS.md`), defined once: every object of a case file, its fields in
/// reading order, whether each is required, whether `null` counts as absent, and the value it holds
/// with that value's rules (lengths, ranges, allowed values, what a free text may not contain).
///
/// Everything that reads or writes a case is made from this table:
/// - the located decoder (`Case.decode`) asks for each object's fields in the table's order, with the
///   table's requiredness, and checks each value with the table's rule, so its error order and its
///   "did you mean" candidates are the table's;
/// - the streaming decoder (`FastCaseDecoder`) finds a key by the table's names, checks values with
///   the same rules (it returns nil where a rule refuses, and the located decoder gives the message);
/// - `Codable` codes its keys as `CaseField`;
/// - `CaseFormatTests` checks the table against `Resources/schema/case.schema.json` (every property,
///   requiredness, enumeration, length and range), and that both decoders read every field.
///
/// The two decoders still store the values into a `Case` themselves: each `switch`es over an
/// object's field enumeration with no `default`, so a field added here does not compile until both
/// (and `Codable`) handle it.
package protocol CaseField: CaseIterable, RawRepresentable, Sendable, CodingKey where RawValue == String, AllCases == [Self] {
    /// Whether the object is refused without this key.
    var isRequired: Bool { get }
    /// What the field holds.
    var value: CaseValue { get }
}

extension CaseField {
    /// The key in the file.
    package var name: String { rawValue }
    /// Whether an explicit `null` is read as the key being absent (every optional field, none of
    /// the required ones).
    package var nullMeansAbsent: Bool { !isRequired }

    package var stringValue: String { rawValue }
    package init?(stringValue: String) { self.init(rawValue: stringValue) }
    package var intValue: Int? { nil }
    package init?(intValue: Int) { nil }
}

/// The case's own fields, in reading order (`allCases`: the order the located decoder asks for
/// them, and so the order of its errors; `version` is read before the others).
package enum CaseRootField: String, CaseField {
    case version, reference, context, answers, override, history

    package var isRequired: Bool {
        switch self {
        case .version, .context, .answers: true
        case .reference, .override, .history: false
        }
    }

    package var value: CaseValue {
        switch self {
        case .version: .formatVersion
        case .reference: .text(.reference)
        case .context: .object(.context)
        case .answers: .answerMap
        case .override: .object(.override)
        case .history: .list(.contribution)
        }
    }
}

/// The fields of one contribution in `history` (format version 2), in reading order: the required
/// ones last, so a missing `role` is not taken for a misspelt `note` that was not read yet.
package enum CaseContributionField: String, CaseField {
    case at, note, done, answers, role

    package var isRequired: Bool {
        switch self {
        case .role, .answers: true
        case .at, .note, .done: false
        }
    }

    package var value: CaseValue {
        switch self {
        case .role: .choice(Role.allCases.map(\.rawValue))
        case .at: .timestamp
        case .answers: .answerMap
        case .note: .text(.note)
        case .done: .stepIDs
        }
    }
}

/// The fields of `context`, in reading order.
package enum CaseContextField: String, CaseField {
    case age, role, offence, acuteDanger, guardianPresent, registeredInNL, assessedAt, region

    package var isRequired: Bool {
        switch self {
        case .age, .role: true
        case .offence, .acuteDanger, .guardianPresent, .registeredInNL, .assessedAt, .region: false
        }
    }

    package var value: CaseValue {
        switch self {
        case .age: .age
        case .role: .choice(Role.allCases.map(\.rawValue))
        case .offence: .offence
        case .acuteDanger, .guardianPresent, .registeredInNL: .choice(TriState.allCases.map(\.rawValue))
        case .assessedAt: .timestamp
        case .region: .region
        }
    }
}

/// The fields of an answer written as an object (`{"answer": "yes", "note": "…"}`), in reading order.
package enum CaseAnswerField: String, CaseField {
    case answer, note

    package var isRequired: Bool { self == .answer }

    package var value: CaseValue {
        switch self {
        case .answer: .choice(Answer.allCases.map(\.rawValue))
        case .note: .text(.note)
        }
    }
}

/// The fields of `override`, in reading order.
package enum CaseOverrideField: String, CaseField {
    case level, reason

    package var isRequired: Bool { true }

    package var value: CaseValue {
        switch self {
        case .level: .choice(Level.allCases.map(\.rawValue))
        case .reason: .text(.reason)
        }
    }
}

/// One field of any object, as the schema check reads the table.
package struct CaseFieldEntry: Sendable, Equatable {
    package var name: String
    package var isRequired: Bool
    package var nullMeansAbsent: Bool
    package var value: CaseValue

    init<Field: CaseField>(_ field: Field) {
        name = field.name
        isRequired = field.isRequired
        nullMeansAbsent = field.nullMeansAbsent
        value = field.value
    }
}

/// The objects of a case file.
package enum CaseObject: CaseIterable, Sendable {
    /// The case itself.
    case root
    case context
    /// One answer written as an object.
    case answer
    case override
    /// One contribution in `history`.
    case contribution

    /// The fields in reading order.
    package var fields: [CaseFieldEntry] {
        switch self {
        case .root: CaseRootField.allCases.map(CaseFieldEntry.init)
        case .context: CaseContextField.allCases.map(CaseFieldEntry.init)
        case .answer: CaseAnswerField.allCases.map(CaseFieldEntry.init)
        case .override: CaseOverrideField.allCases.map(CaseFieldEntry.init)
        case .contribution: CaseContributionField.allCases.map(CaseFieldEntry.init)
        }
    }
}

/// The value a field holds.
package enum CaseValue: Sendable, Equatable {
    /// An integer in `Case.readableVersions`; any other is refused with the "newer version" message.
    case formatVersion
    /// A free text with its rule.
    case text(CaseText)
    /// Whole years in `CaseValue.ageRange`, or the string `"unknown"`.
    case age
    /// One of these strings.
    case choice([String])
    /// An offence id from the catalogue.
    case offence
    /// A region id from the contacts directory.
    case region
    /// An ISO 8601 local time with offset.
    case timestamp
    /// A nested object.
    case object(CaseObject)
    /// Indicator id (from the catalogue) → an answer, as a string or as a `CaseObject.answer` object.
    case answerMap
    /// An array of objects.
    case list(CaseObject)
    /// An array of route step ids (from the routing table), each once.
    case stepIDs

    /// The ages a case may give (18 and older get the out-of-scope route).
    package static let ageRange = 0...120
    /// The spelling of an age that is not known.
    package static let unknownAge = "unknown"
}

/// The rules of a free text in a case.
package enum CaseText: Sendable, Equatable {
    /// The pseudonymous reference: 1–64 scalars, not blank, nothing that looks like a BSN (also
    /// digits and separators only), no invisible character.
    case reference
    /// An answer's note: up to 2000 scalars without a BSN; a blank note is no note.
    case note
    /// An override's reason: 1–2000 scalars that show something, without a BSN.
    case reason

    /// Its length in Unicode scalars.
    package var length: ClosedRange<Int> {
        switch self {
        case .reference: 1...Case.maximumReferenceLength
        case .note: 0...Case.maximumNoteLength
        case .reason: 1...Case.maximumNoteLength
        }
    }

    /// Whether a blank text is read as no text (instead of being refused).
    package var blankIsAbsent: Bool { self == .note }

    /// Why `text` is refused (in the order the checks are made), or nil when it is accepted; a blank
    /// note is accepted and read as no note (`accepted(_:)`).
    package func problem(_ text: String) -> SignalErrorKind? {
        // A scalar is 1 to 4 UTF-8 bytes: when the byte count alone settles it, skip counting.
        let bytes = text.utf8.count
        if !(bytes <= length.upperBound && (bytes + 3) / 4 >= length.lowerBound) {
            guard length.contains(UserText.length(text)) else {
                return .badLength(min: length.lowerBound, max: length.upperBound)
            }
        }
        if UserText.isBlank(text) { return blankIsAbsent ? nil : .blankText }
        switch self {
        case .reference:
            if Case.looksLikeBSN(text) { return .personalIdentifier(character: Case.bsnCharacter(text)) }
            return Case.invisibleInReference(text)
        case .note, .reason:
            if UserText.containsBSN(text) { return .personalIdentifier(character: Case.bsnCharacter(text)) }
            return nil
        }
    }

    /// The text as the case holds it once `problem(_:)` found nothing: nil for a blank note.
    package func accepted(_ text: String) -> String? {
        blankIsAbsent && UserText.isBlank(text) ? nil : text
    }
}

extension ObjectReader {
    /// A required field of the case format (`CaseField.isRequired`): missing, it is reported.
    mutating func required(_ field: some CaseField) throws(SignalError) -> JSONReader {
        try required(field.name)
    }

    /// An optional field of the case format: nil when absent (or `null`, `CaseField.nullMeansAbsent`).
    mutating func optional(_ field: some CaseField) -> JSONReader? {
        field.nullMeansAbsent ? optionalNonNull(field.name) : optional(field.name)
    }
}

extension JSONReader {
    /// A free text of the case format, checked by its rule (`CaseText.problem`); nil for a blank note.
    func text(_ rule: CaseText) throws(SignalError) -> String? {
        let text = try string()
        if let problem = rule.problem(text) { throw error(problem) }
        return rule.accepted(text)
    }
}
