/// Strict decoding helpers over `JSONNode` that produce located `SignalError`s.
///
/// Each decoder walks the tree with the current `JSONPath`, so an error always names the path and
/// the line. Objects are read through `ObjectReader`, which rejects keys nobody asked for.
struct JSONReader {
    let node: JSONNode
    let path: JSONPath

    init(_ node: JSONNode, path: JSONPath = .root) {
        self.node = node
        self.path = path
    }

    /// Parses a whole document; a syntax error becomes a located `SignalError`.
    static func document(_ bytes: [UInt8]) throws(SignalError) -> JSONReader {
        do {
            return JSONReader(try JSONParser.parse(bytes))
        } catch {
            throw SignalError(.syntax(error.problem), at: InputLocation(position: error.position))
        }
    }

    /// Parses a versioned format: an object whose `version` is checked before anything else, so a
    /// file from a newer Signaal gets that message and not a list of unknown keys.
    static func versionedObject(_ bytes: [UInt8], supported: Int) throws(SignalError) -> ObjectReader {
        var object = try document(bytes).object()
        try checkVersion(&object, supported: supported)
        return object
    }

    func error(_ kind: SignalErrorKind) -> SignalError {
        SignalError(kind, at: InputLocation(path: path, position: node.position))
    }

    func wrongType(_ expected: String) -> SignalError {
        error(.wrongType(expected: expected, found: node.value.typeName))
    }

    func object() throws(SignalError) -> ObjectReader {
        guard case .object(let members) = node.value else { throw wrongType("object") }
        return ObjectReader(members: members, node: node, path: path)
    }

    func array() throws(SignalError) -> [JSONReader] {
        guard case .array(let elements) = node.value else { throw wrongType("array") }
        return elements.enumerated().map { JSONReader($0.element, path: path.appending(index: $0.offset)) }
    }

    func string() throws(SignalError) -> String {
        guard case .string(let text) = node.value else { throw wrongType("string") }
        return text
    }

    /// A string of bounded length in Unicode scalars (not grapheme clusters: one "character" can
    /// carry thousands of combining marks); the bounds keep a 100 MB "note" from flowing into reports.
    func string(length: ClosedRange<Int>) throws(SignalError) -> String {
        let text = try string()
        // A scalar is 1 to 4 UTF-8 bytes: when the byte count alone settles it, skip counting.
        let bytes = text.utf8.count
        if bytes <= length.upperBound && (bytes + 3) / 4 >= length.lowerBound { return text }
        let count = UserText.length(text)
        guard length.contains(count) else {
            throw error(.badLength(min: length.lowerBound, max: length.upperBound))
        }
        return text
    }

    func bool() throws(SignalError) -> Bool {
        guard case .bool(let value) = node.value else { throw wrongType("boolean") }
        return value
    }

    /// A whole number in `range`. Fractions, exponents and huge numbers are reported, not rounded.
    func integer(in range: ClosedRange<Int>) throws(SignalError) -> Int {
        guard case .number(let text) = node.value else { throw wrongType("integer") }
        guard let value = Int(text) else {
            if text.contains(".") || text.contains("e") || text.contains("E") {
                throw wrongType("integer")
            }
            throw error(.outOfRange(text, range: range))
        }
        guard range.contains(value) else { throw error(.outOfRange(text, range: range)) }
        return value
    }

    /// A string that must be one of an enumeration's raw values.
    func oneOf<Value: RawRepresentable & CaseIterable>(_ type: Value.Type) throws(SignalError) -> Value
    where Value.RawValue == String {
        let text = try string()
        guard let value = Value(rawValue: text) else {
            throw error(.invalidValue(text, allowed: Value.allCases.map(\.rawValue)))
        }
        return value
    }

    /// A list of strings, each one of an enumeration's values.
    func listOf<Value: RawRepresentable & CaseIterable>(_ type: Value.Type) throws(SignalError) -> [Value]
    where Value.RawValue == String {
        var values: [Value] = []
        for element in try array() { values.append(try element.oneOf(type)) }
        return values
    }

    func strings() throws(SignalError) -> [String] {
        var values: [String] = []
        for element in try array() { values.append(try element.string()) }
        return values
    }

    /// An ISO 8601 timestamp with offset (`assessedAt`).
    func timestamp() throws(SignalError) -> Timestamp {
        let text = try string()
        guard let time = Timestamp(iso8601: text) else { throw error(.invalidTimestamp(text)) }
        return time
    }

    /// A region id from the contacts directory, with a "did you mean" when unknown.
    func region(in contacts: ContactDirectory) throws(SignalError) -> String {
        let id = try string()
        guard contacts.region(id) != nil else {
            throw error(.unknownRegion(id, suggestion: Suggest.closest(to: id, in: contacts.regions.map(\.id))))
        }
        return id
    }

    func localized() throws(SignalError) -> LocalizedText {
        var object = try object()
        let dutch = try object.required("nl").string(length: 1...4000)
        let english = try object.required("en").string(length: 1...4000)
        try object.finish()
        return LocalizedText(nl: dutch, en: english)
    }
}

/// Reads the members of one JSON object and remembers which keys were consumed.
struct ObjectReader {
    let members: [JSONMember]
    let node: JSONNode
    let path: JSONPath
    /// Which members were read, by index (a bit mask; members past the 64th in a set, rarely used).
    private var readMask: UInt64 = 0
    private var readBeyond: Set<Int> = []
    /// Every key asked for, present or not: the "did you mean" candidates for an unknown key.
    private var asked: [String] = []

    init(members: [JSONMember], node: JSONNode, path: JSONPath) {
        self.members = members
        self.node = node
        self.path = path
    }

    var keys: [String] { members.map(\.key) }

    mutating func optional(_ key: String) -> JSONReader? {
        asked.append(key)
        guard let index = members.firstIndex(where: { $0.key == key }) else { return nil }
        if index < 64 { readMask |= 1 << UInt64(index) } else { readBeyond.insert(index) }
        return JSONReader(members[index].value, path: path.appending(key))
    }

    private func isRead(_ index: Int) -> Bool {
        index < 64 ? readMask & (1 << UInt64(index)) != 0 : readBeyond.contains(index)
    }

    /// Like `optional`, but an explicit `null` also counts as absent.
    mutating func optionalNonNull(_ key: String) -> JSONReader? {
        guard let reader = optional(key) else { return nil }
        if case .null = reader.node.value { return nil }
        return reader
    }

    mutating func required(_ key: String) throws(SignalError) -> JSONReader {
        guard let reader = optional(key) else {
            // "answer" where "answers" is required: name the misspelt key, not just the missing one.
            let unread = members.indices.filter { !isRead($0) }.map { members[$0] }
            if let typo = unread.first(where: { Suggest.closest(to: $0.key, in: [key]) != nil }) {
                throw SignalError(
                    .unknownKey(typo.key, suggestion: key),
                    at: InputLocation(path: path.appending(typo.key), position: typo.keyPosition))
            }
            throw SignalError(.missingKey(key), at: InputLocation(path: path, position: node.position))
        }
        return reader
    }

    /// Rejects every key that was not read: a profile attribute with its own reason, others with a
    /// "did you mean".
    func finish() throws(SignalError) {
        if let first = unreadKeyErrors(limit: 1).first { throw first }
    }

    /// One error per key that was not read (at most `limit`), in input order.
    func unreadKeyErrors(limit: Int = Case.maximumReportedProblems) -> [SignalError] {
        var errors: [SignalError] = []
        for (index, member) in members.enumerated() where !isRead(index) {
            guard errors.count < limit else { break }
            let location = InputLocation(path: path.appending(member.key), position: member.keyPosition)
            if ProfileAttributes.isProfileAttribute(member.key) {
                errors.append(SignalError(.profileAttribute(member.key), at: location))
                continue
            }
            let known = Set(asked).sorted()
            errors.append(SignalError(.unknownKey(member.key, suggestion: Suggest.closest(to: member.key, in: known)), at: location))
        }
        return errors
    }
}

/// Person attributes that the research says must never be inputs (000 Kader 2.5, L1990).
package enum ProfileAttributes {
    /// Normalised spellings (lower case, letters only), Dutch and English: a key that is one of
    /// these, or one of the words of a key, names a person characteristic.
    static let names: Set<String> = [
        "ethnicity", "ethnic", "ethnicorigin", "ethnicbackground", "etniciteit", "etnisch", "etnischeachtergrond",
        "race", "ras", "nationality", "nationaliteit", "citizenship", "countryoforigin", "landvanherkomst",
        "herkomst", "herkomstland", "origin", "afkomst", "roma", "romabackground", "romaachtergrond", "sinti",
        "gender", "geslacht", "sex", "religion", "religie", "geloof", "poverty", "armoede", "income", "inkomen",
        "migrationbackground", "migratieachtergrond", "skincolour", "skincolor", "huidskleur",
        "godsdienst", "faith", "geboorteland", "birthcountry", "countryofbirth", "geboorteplaats", "birthplace",
        "caste", "kaste", "sexuality", "seksualiteit", "etnie", "bevolkingsgroep",
    ]

    /// Words that name a person characteristic wherever they stand in a key or a note (`ethnic_group`,
    /// `child.religion`, `etniciteit: Roma`). Not the ones with an innocent everyday sense in a note
    /// (`origin` of the money, `income` from the thefts, `sex` work); those count only as a whole key.
    static let words: Set<String> = [
        "ethnicity", "ethnic", "etniciteit", "etnisch", "etnische", "nationality", "nationaliteit", "roma", "sinti",
        "religion", "religious", "religie", "religieus", "godsdienst", "geloof", "huidskleur", "geboorteland", "afkomst",
        "herkomst", "armoede", "poverty", "gender", "geslacht", "citizenship", "caste", "kaste",
    ]

    /// Words of a key only (in a note they are everyday words: a `race` against time).
    static let keyOnlyWords: Set<String> = ["race", "ras"]

    /// Stems that name a person characteristic wherever they stand in a key (`ethnic_group`,
    /// `etnische_afkomst`, `religious_background`, `land_of_birth`): long enough not to stand
    /// inside an innocent word.
    static let stems: [String] = [
        "ethnic", "etnisch", "etnici", "nationalit", "religi", "godsdienst", "geboorteland", "countryofbirth",
        "birthcountry", "landofbirth", "herkomst", "afkomst", "migrat", "huidskleur", "skincolo", "armoede",
        "poverty", "geslacht", "gender", "citizenship", "staatsburger", "sexualorient", "seksueleorient",
        "geloofsovertuiging", "romaachtergrond", "romabackground", "bevolkingsgroep",
    ]

    /// Whether a key names a person attribute (`Nationality`, `ethnic_origin`, `ethnic_group`,
    /// `land-van-herkomst`, `Godsdienst`, `geboorteland`, …), in any case, Dutch or English.
    package static func isProfileAttribute(_ key: String) -> Bool {
        let normalised = normalise(key)
        if names.contains(normalised) { return true }
        if stems.contains(where: { normalised.contains($0) }) { return true }
        // Each word of the key (`ethnic_group`, `child.religion`, `roma-kind`).
        return splitWords(key).contains { words.contains($0) || keyOnlyWords.contains($0) }
    }

    /// The first word of a free text (a note, a tag, a reason) that names a person characteristic,
    /// as written, or nil: `etniciteit: Roma` gives `etniciteit`. Such a note is kept (it may matter
    /// to a colleague) but the user is warned: Signaal scores the exploitation, not the person.
    package static func namedIn(_ text: String) -> String? {
        var word = ""
        func check() -> String? {
            defer { word = "" }
            guard !word.isEmpty else { return nil }
            let lower = normalise(word)
            if words.contains(lower) || stems.contains(where: { lower.contains($0) }) { return word }
            return nil
        }
        for character in text {
            if character.isLetter {
                word.append(character)
            } else if let found = check() {
                return found
            }
        }
        return check()
    }

    /// Lower case, letters a–z only.
    static func normalise(_ text: String) -> String {
        var normalised = ""
        normalised.unicodeScalars.append(contentsOf: text.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) })
        return normalised
    }

    /// The words of a key: split at anything but letters and at lower-to-upper case changes.
    static func splitWords(_ key: String) -> [String] {
        var result: [String] = []
        var current = ""
        var previousLower = false
        for scalar in key.unicodeScalars {
            let isLetter = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
            let isUpper = ("A"..."Z").contains(scalar)
            if !isLetter || (isUpper && previousLower) {
                if !current.isEmpty { result.append(current.lowercased()) }
                current = ""
            }
            if isLetter { current.unicodeScalars.append(scalar) }
            previousLower = isLetter && !isUpper
        }
        if !current.isEmpty { result.append(current.lowercased()) }
        return result
    }
}

/// "Did you mean" suggestions by edit distance.
package enum Suggest {
    /// The candidate closest to `word`, if it is close enough to be a plausible typo.
    ///
    /// A word that is the start of a candidate (an id typed half, `instigation.adult_instruct`) is
    /// taken before any edit-distance match: the shortest such candidate wins. Without a family
    /// part, the start of a candidate's last part counts too (`adult_instruct`).
    package static func closest(to word: String, in candidates: [String]) -> String? {
        if let prefixed = prefixMatch(word, in: candidates) { return prefixed }
        var best: (String, Int)?
        let limit = max(2, word.count / 3)
        let length = word.unicodeScalars.count
        for candidate in candidates {
            // Lengths further apart than the limit cannot be within it: skip the quadratic work
            // (a 1 MB unknown id must not take seconds).
            guard abs(candidate.unicodeScalars.count - length) <= limit else { continue }
            let distance = editDistance(word.lowercased(), candidate.lowercased())
            if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
        }
        return best?.0
    }

    /// Shortest candidate that starts with `word` (at least 4 scalars, case-insensitive).
    static func prefixMatch(_ word: String, in candidates: [String]) -> String? {
        guard word.unicodeScalars.count >= 4 else { return nil }
        let lowered = word.lowercased()
        var best: String?
        for candidate in candidates where candidate.unicodeScalars.count > word.unicodeScalars.count {
            let name = candidate.lowercased()
            let lastPart = name.split(separator: ".").last.map(String.init) ?? name
            guard name.hasPrefix(lowered) || (!lowered.contains(".") && lastPart.hasPrefix(lowered)) else { continue }
            if let current = best, current.unicodeScalars.count <= candidate.unicodeScalars.count { continue }
            best = candidate
        }
        return best
    }

    /// Levenshtein distance over Unicode scalars.
    package static func editDistance(_ left: String, _ right: String) -> Int {
        let a = Array(left.unicodeScalars)
        let b = Array(right.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
