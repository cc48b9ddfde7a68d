/// A streaming decoder for batch mode: reads the bytes of one case line straight into a `Case`,
/// without building a `JSONNode` tree.
///
/// It is conservative by design. It accepts only what `Case.decode(_:knowledge:)` accepts, and
/// gives the identical `Case`; on anything else — a syntax error, an unknown or duplicate key, a
/// value out of range, and also on rare but valid spellings it does not bother with (a byte order
/// mark, escapes in keys or enumeration values, surrogate pairs, `-0`, canonically equivalent but
/// differently encoded ids) — it returns nil, and the caller decodes the line again with
/// `Case.decode`, which either accepts it or throws the exact located error. So no validation and
/// no error message depends on this code; it only has to be right about what it accepts. The
/// differential tests (`FastCaseDecoderTests`) and the `FastCaseFuzzer` target check that.
///
/// Comparisons are byte for byte. `String ==` is Unicode canonical equivalence, so byte equality
/// implies equality; the reverse may not hold, and such inputs take the slow path.
package struct FastCaseDecoder: Sendable {
    private let knowledge: Knowledge
    /// Indicator ids, in catalogue order, as bytes and as the catalogue's own strings.
    private let indicatorBytes: [[UInt8]]
    private let indicatorIDs: [String]
    /// Open-addressing table over `indicatorBytes`: slot holds index + 1, 0 when empty.
    private let table: [Int32]
    private let tableMask: Int
    private let offences: [(bytes: [UInt8], id: String)]
    private let regions: [(bytes: [UInt8], id: String)]
    /// Each object's field names as bytes, and the bits of its required fields, from the format's table.
    private let rootNames = CaseRootField.allCases.map { Array($0.name.utf8) }
    private let contextNames = CaseContextField.allCases.map { Array($0.name.utf8) }
    private let answerNames = CaseAnswerField.allCases.map { Array($0.name.utf8) }
    private let overrideNames = CaseOverrideField.allCases.map { Array($0.name.utf8) }
    private let rootRequired = FastCaseDecoder.requiredBits(CaseRootField.self)
    private let contextRequired = FastCaseDecoder.requiredBits(CaseContextField.self)
    private let answerRequired = FastCaseDecoder.requiredBits(CaseAnswerField.self)
    private let overrideRequired = FastCaseDecoder.requiredBits(CaseOverrideField.self)

    package init(knowledge: Knowledge) {
        self.knowledge = knowledge
        let ids = knowledge.catalog.indicators.map(\.id)
        indicatorIDs = ids
        let keys = ids.map { Array($0.utf8) }
        indicatorBytes = keys
        var size = 16
        while size < ids.count * 4 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        for (index, bytes) in keys.enumerated() {
            let found = bytes.withUnsafeBufferPointer { Self.find(slots, size - 1, $0, keys) }
            // A repeated id takes the later position, as in `Catalog.indexByID`.
            if let found {
                slots[found.slot] = Int32(index + 1)
                continue
            }
            var slot = bytes.withUnsafeBufferPointer { Self.hash($0) } & (size - 1)
            while slots[slot] != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(index + 1)
        }
        table = slots
        tableMask = size - 1
        offences = knowledge.catalog.offences.map { (Array($0.id.utf8), $0.id) }
        regions = knowledge.contacts.regions.map { (Array($0.id.utf8), $0.id) }
    }

    /// Whether two byte strings are equal (a plain loop: the generic `elementsEqual` is slower).
    private static func same(_ left: [UInt8], _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        return left.withUnsafeBufferPointer { left in
            for offset in 0..<left.count where left[offset] != right[offset] { return false }
            return true
        }
    }

    /// FNV-1a over the bytes.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return Int(truncatingIfNeeded: value >> 1)
    }

    private static func find(_ slots: [Int32], _ mask: Int, _ key: UnsafeBufferPointer<UInt8>, _ ids: [[UInt8]])
        -> (slot: Int, index: Int)?
    {
        var slot = hash(key) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if same(ids[index], key) { return (slot, index) }
            slot = (slot + 1) & mask
        }
        return nil
    }

    /// A decoded case with its answers as catalogue positions, in input order (batch mode's form).
    struct Parts {
        var reference: String?
        var context: CaseContext
        var override: Override?
        var answers: [(index: Int, answer: CaseAnswer)]
    }

    /// The case on `bytes`, or nil when the strict decoder must look at it.
    package func decode(_ bytes: [UInt8]) -> Case? {
        guard let parts = decodeParts(bytes) else { return nil }
        var answers: [String: CaseAnswer] = [:]
        answers.reserveCapacity(parts.answers.count)
        for (index, answer) in parts.answers { answers[indicatorIDs[index]] = answer }
        return Case(reference: parts.reference, context: parts.context, answers: answers, override: parts.override)
    }

    /// Like `decode(_:)`, with the answers by catalogue position.
    func decodeParts(_ bytes: [UInt8]) -> Parts? {
        bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer)
            return decodeCase(&reader)
        }
    }

    /// The catalogue index of the indicator whose id is exactly these bytes.
    private func indicatorIndex(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Self.hash(key) & tableMask
        while true {
            let entry = Int(table[slot])
            if entry == 0 { return nil }
            if Self.same(indicatorBytes[entry - 1], key) { return entry - 1 }
            slot = (slot + 1) & tableMask
        }
    }

    // MARK: - The case
    //
    // Keys are found by the names in the format's table (`CaseFormat.swift`), a seen key's bit is its
    // position there, `null` is absent where the table says so, the required keys are the table's,
    // and every free text is checked by its `CaseText` rule. What is left here is storing each
    // value, one exhaustive `switch` per object.

    /// The position of the field whose name is exactly `key`, among `names` (a table's names as bytes).
    private static func position(_ key: UnsafeBufferPointer<UInt8>, _ names: [[UInt8]]) -> Int? {
        for index in names.indices where same(names[index], key) { return index }
        return nil
    }

    /// The bits of an object's required fields (bit n: the table's field n).
    fileprivate static func requiredBits<Field: CaseField>(_: Field.Type) -> UInt32 {
        var bits: UInt32 = 0
        for (index, field) in Field.allCases.enumerated() where field.isRequired { bits |= 1 << UInt32(index) }
        return bits
    }

    /// The next member of an object of `Field`s: the field, or `.end` at `}`, or nil for anything
    /// the located decoder must look at (an unknown or repeated key). A `null` for a field that
    /// reads it as absent is consumed and reported as `.absent`.
    private func nextField<Field: CaseField>(
        _ r: inout Reader, _ names: [[UInt8]], first: inout Bool, seen: inout UInt32
    ) -> Member<Field>? {
        guard let key = r.member(first: &first) else { return nil }
        if key.isEmpty { return .end }
        guard let index = Self.position(key, names) else { return nil }
        let bit: UInt32 = 1 << UInt32(index)
        guard seen & bit == 0 else { return nil }
        seen |= bit
        let field = Field.allCases[index]
        if field.nullMeansAbsent, r.null() { return .absent }
        return .field(field)
    }

    private enum Member<Field> {
        case field(Field)
        case absent
        case end
    }

    /// A free text accepted by its rule, as the case holds it (`.some(nil)` for a blank note).
    private static func text(_ r: inout Reader, _ rule: CaseText) -> String?? {
        guard let text = r.string(), rule.problem(text) == nil else { return nil }
        return .some(rule.accepted(text))
    }

    private func decodeCase(_ r: inout Reader) -> Parts? {
        r.skipWhitespace()
        guard r.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt32 = 0
        var reference: String?
        var context: CaseContext?
        var answers: [(index: Int, answer: CaseAnswer)]?
        var override: Override?
        var first = true
        loop: while true {
            let member: Member<CaseRootField>? = nextField(&r, rootNames, first: &first, seen: &seen)
            switch member {
            case nil: return nil
            case .end: break loop
            case .absent: continue
            case .field(let field):
                switch field {
                case .version:
                    guard let version = r.number(), Case.readableVersions.contains(version) else { return nil }
                case .history:
                    // A case with its history (and a version-1 case that wrongly has one) is read by the
                    // located decoder, which checks the history against the current answers.
                    return nil
                case .reference:
                    guard let text = Self.text(&r, .reference) else { return nil }
                    reference = text
                case .context:
                    guard let value = decodeContext(&r) else { return nil }
                    context = value
                case .answers:
                    guard let value = decodeAnswers(&r) else { return nil }
                    answers = value
                case .override:
                    guard let value = decodeOverride(&r) else { return nil }
                    override = value
                }
            }
        }
        r.skipWhitespace()
        guard r.atEnd, seen & rootRequired == rootRequired, let context, let answers else { return nil }
        return Parts(reference: reference, context: context, override: override, answers: answers)
    }

    private func decodeContext(_ r: inout Reader) -> CaseContext? {
        guard r.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt32 = 0
        var age: Int?
        var role: Role?
        var offence: String?
        var acute = TriState.unknown
        var guardian = TriState.unknown
        var registered = TriState.unknown
        var assessedAt: Timestamp?
        var region: String?
        var first = true
        loop: while true {
            let member: Member<CaseContextField>? = nextField(&r, contextNames, first: &first, seen: &seen)
            switch member {
            case nil: return nil
            case .end: break loop
            case .absent: continue
            case .field(let field):
                switch field {
                case .age:
                    if r.peek == UInt8(ascii: "\"") {
                        guard let text = r.plainString(), Self.equal(text, CaseValue.unknownAge) else { return nil }
                        age = nil
                    } else {
                        guard let value = r.number(), CaseValue.ageRange.contains(value) else { return nil }
                        age = value
                    }
                case .role:
                    guard let value = r.plainString().flatMap(Self.role) else { return nil }
                    role = value
                case .offence:
                    guard let text = r.plainString(), let id = offences.first(where: { Self.same($0.bytes, text) })?.id
                    else { return nil }
                    offence = id
                case .acuteDanger:
                    guard let value = r.plainString().flatMap(Self.answer) else { return nil }
                    acute = value
                case .guardianPresent:
                    guard let value = r.plainString().flatMap(Self.answer) else { return nil }
                    guardian = value
                case .registeredInNL:
                    guard let value = r.plainString().flatMap(Self.answer) else { return nil }
                    registered = value
                case .assessedAt:
                    guard let text = r.plainString(), let time = Timestamp(iso8601: String(decoding: text, as: UTF8.self))
                    else { return nil }
                    assessedAt = time
                case .region:
                    guard let text = r.plainString(), let id = regions.first(where: { Self.same($0.bytes, text) })?.id
                    else { return nil }
                    region = id
                }
            }
        }
        guard seen & contextRequired == contextRequired, let role else { return nil }
        return CaseContext(
            age: age, role: role, offence: offence, acuteDanger: acute, guardianPresent: guardian,
            registeredInNL: registered, assessedAt: assessedAt, region: region)
    }

    private func decodeAnswers(_ r: inout Reader) -> [(index: Int, answer: CaseAnswer)]? {
        guard r.take(UInt8(ascii: "{")) else { return nil }
        var answers: [(index: Int, answer: CaseAnswer)] = []
        answers.reserveCapacity(16)
        var first = true
        while true {
            guard let key = r.member(first: &first) else { return nil }
            if key.isEmpty { break }
            guard let index = indicatorIndex(key) else { return nil }
            let answer: CaseAnswer
            if r.peek == UInt8(ascii: "\"") {
                guard let value = r.plainString().flatMap(Self.answer) else { return nil }
                answer = CaseAnswer(value)
            } else {
                guard let value = decodeAnswerObject(&r) else { return nil }
                answer = value
            }
            // A repeated key is a syntax error for the strict parser. (At most one per indicator can
            // be here, so this scan is bounded by the catalogue's size.)
            guard !answers.contains(where: { $0.index == index }) else { return nil }
            answers.append((index, answer))
        }
        return answers
    }

    private func decodeAnswerObject(_ r: inout Reader) -> CaseAnswer? {
        guard r.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt32 = 0
        var answer: Answer?
        var note: String?
        var first = true
        loop: while true {
            let member: Member<CaseAnswerField>? = nextField(&r, answerNames, first: &first, seen: &seen)
            switch member {
            case nil: return nil
            case .end: break loop
            case .absent: continue
            case .field(let field):
                switch field {
                case .answer:
                    guard let value = r.plainString().flatMap(Self.answer) else { return nil }
                    answer = value
                case .note:
                    // A note with a BSN goes to the strict decoder for its error.
                    guard let text = Self.text(&r, .note) else { return nil }
                    note = text
                }
            }
        }
        guard seen & answerRequired == answerRequired, let answer else { return nil }
        return CaseAnswer(answer, note: note)
    }

    private func decodeOverride(_ r: inout Reader) -> Override? {
        guard r.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt32 = 0
        var level: Level?
        var reason: String?
        var first = true
        loop: while true {
            let member: Member<CaseOverrideField>? = nextField(&r, overrideNames, first: &first, seen: &seen)
            switch member {
            case nil: return nil
            case .end: break loop
            case .absent: continue
            case .field(let field):
                switch field {
                case .level:
                    guard let text = r.plainString(), let value = Level.allCases.first(where: { Self.equal(text, $0.rawValue) })
                    else { return nil }
                    level = value
                case .reason:
                    guard let text = Self.text(&r, .reason) else { return nil }
                    reason = text
                }
            }
        }
        guard seen & overrideRequired == overrideRequired, let level, let reason else { return nil }
        return Override(level: level, reason: reason)
    }

    // MARK: - Helpers

    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ text: StaticString) -> Bool {
        guard bytes.count == text.utf8CodeUnitCount else { return false }
        let pointer = text.utf8Start
        for offset in 0..<bytes.count where bytes[offset] != pointer[offset] { return false }
        return true
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        bytes.elementsEqual(text.utf8)
    }

    private static func answer(_ bytes: UnsafeBufferPointer<UInt8>) -> Answer? {
        switch bytes.count {
        case 3 where matches(bytes, "yes"): .yes
        case 2 where matches(bytes, "no"): .no
        case 7 where matches(bytes, "unknown"): .unknown
        default: nil
        }
    }

    private static func role(_ bytes: UnsafeBufferPointer<UInt8>) -> Role? {
        Role.allCases.first { equal(bytes, $0.rawValue) }
    }
}

/// The byte cursor of `FastCaseDecoder`. Every method returns nil (or false) instead of throwing:
/// the strict parser will say what is wrong.
private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool { index == bytes.count }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D, 0x0A: index += 1
            default: return
            }
        }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// The next member's key (after `{` or a `,`) with the cursor on its value; an empty buffer at
    /// the closing `}`; nil on anything else. Keys must be plain (no escapes): every key this
    /// decoder accepts is ASCII without quotes or backslashes.
    mutating func member(first: inout Bool) -> UnsafeBufferPointer<UInt8>? {
        skipWhitespace()
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "}") {
            index += 1
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        if !first {
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
            skipWhitespace()
        }
        first = false
        guard let key = plainString(), !key.isEmpty else { return nil }
        guard take(UInt8(ascii: ":")) else { return nil }
        skipWhitespace()
        return key
    }

    /// `null`, consumed; false (cursor unchanged) for anything else.
    mutating func null() -> Bool {
        guard index + 4 <= bytes.count, bytes[index] == UInt8(ascii: "n"), bytes[index + 1] == UInt8(ascii: "u"),
            bytes[index + 2] == UInt8(ascii: "l"), bytes[index + 3] == UInt8(ascii: "l")
        else { return false }
        index += 4
        return true
    }

    /// A non-negative integer of at most three digits, spelled as the strict parser reads it; nil for
    /// anything else (fractions, exponents, signs, leading zeros and big numbers go the slow way).
    mutating func number() -> Int? {
        var value = 0
        let start = index
        while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
            if index - start > 3 { return nil }
        }
        let count = index - start
        guard count > 0, count == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
        if index < bytes.count,
            bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")
        {
            return nil
        }
        return value
    }

    /// The bytes of a string without escapes, control characters or non-ASCII bytes; nil otherwise.
    mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var cursor = start
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") {
                index = cursor + 1
                return UnsafeBufferPointer(rebasing: bytes[start..<cursor])
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return nil }
            cursor += 1
        }
        return nil
    }

    /// A string value as the strict parser decodes it: valid UTF-8, no control characters, the
    /// escapes of RFC 8259 (a `\u` surrogate pair goes the slow way).
    mutating func string() -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var cursor = start
        var escaped = false
        var ascii = true
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                cursor += 2
                continue
            }
            if byte < 0x20 { return nil }
            if byte >= 0x80 { ascii = false }
            cursor += 1
        }
        guard cursor < bytes.count else { return nil }
        index = cursor + 1
        let slice = UnsafeBufferPointer(rebasing: bytes[start..<cursor])
        if !escaped {
            return ascii ? String(decoding: slice, as: UTF8.self) : String(validating: slice, as: UTF8.self)
        }
        var output: [UInt8] = []
        output.reserveCapacity(slice.count)
        var at = 0
        while at < slice.count {
            let byte = slice[at]
            guard byte == UInt8(ascii: "\\") else {
                output.append(byte)
                at += 1
                continue
            }
            guard at + 1 < slice.count else { return nil }
            let code = slice[at + 1]
            at += 2
            if let simple = JSONParser.simpleEscape(code) {
                output.append(simple)
                continue
            }
            switch code {
            case UInt8(ascii: "u"):
                guard at + 4 <= slice.count else { return nil }
                var value: UInt32 = 0
                for offset in 0..<4 {
                    guard let digit = JSONParser.hexDigit(slice[at + offset]) else { return nil }
                    value = value * 16 + digit
                }
                at += 4
                guard let scalar = Unicode.Scalar(value) else { return nil }  // nil for surrogates
                output.append(contentsOf: String(Character(scalar)).utf8)
            default:
                return nil
            }
        }
        return String(validating: output, as: UTF8.self)
    }
}
