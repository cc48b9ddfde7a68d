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
///
/// A class: batch mode hands it from line to line, and a struct of a dozen tables would be copied
/// (each table retained and released) at every line.
package final class FastCaseDecoder: Sendable {
    private let knowledge: Knowledge
    /// Indicator ids, in catalogue order, as the catalogue's own strings, and found by their bytes
    /// (a repeated id takes the later position, as in `Catalog.indexByID`).
    private let indicatorIDs: [String]
    private let indicators: ByteTable
    /// Offence and region ids (the first of a repeated one, as `first(where:)` finds it).
    private let offenceIDs: [String]
    private let offences: ByteTable
    private let regionIDs: [String]
    private let regions: ByteTable
    private let roles = ByteTable(Role.allCases.map { Array($0.rawValue.utf8) }, laterWins: false)
    private let roleValues = Role.allCases
    private let levels = ByteTable(Level.allCases.map { Array($0.rawValue.utf8) }, laterWins: false)
    private let levelValues = Level.allCases
    /// Each object's field names, and the bits of its required fields, from the format's table.
    private let rootNames = FieldNames<CaseRootField>()
    private let contextNames = FieldNames<CaseContextField>()
    private let answerNames = FieldNames<CaseAnswerField>()
    private let overrideNames = FieldNames<CaseOverrideField>()
    private let rootRequired = FastCaseDecoder.requiredBits(CaseRootField.self)
    private let contextRequired = FastCaseDecoder.requiredBits(CaseContextField.self)
    private let answerRequired = FastCaseDecoder.requiredBits(CaseAnswerField.self)
    private let overrideRequired = FastCaseDecoder.requiredBits(CaseOverrideField.self)

    package init(knowledge: Knowledge) {
        self.knowledge = knowledge
        indicatorIDs = knowledge.catalog.indicators.map(\.id)
        indicators = ByteTable(indicatorIDs.map { Array($0.utf8) }, laterWins: true)
        offenceIDs = knowledge.catalog.offences.map(\.id)
        offences = ByteTable(offenceIDs.map { Array($0.utf8) }, laterWins: false)
        regionIDs = knowledge.contacts.regions.map(\.id)
        regions = ByteTable(regionIDs.map { Array($0.utf8) }, laterWins: false)
    }

    /// A decoded case with its answers as catalogue positions, in input order (batch mode's form).
    struct Parts {
        var reference: String?
        var context: CaseContext
        /// The position of `context.offence` in the catalogue's offences; -1 without one.
        var offence: Int
        var override: Override?
        var answers: [(index: Int, answer: CaseAnswer)]
    }

    /// What the decoder keeps from one line to the next (batch mode keeps one per `BatchScorer`):
    /// the answers' storage, and the free texts accepted lately (`TextCache`), so a note that comes
    /// back line after line is checked and made into a `String` once.
    package struct Scratch: Sendable {
        /// The current line's answers, by catalogue position, in input order.
        var answers: [(index: Int, answer: CaseAnswer)] = []
        var texts = TextCache()

        package init() {}
    }

    /// The case on `bytes`, or nil when the strict decoder must look at it.
    package func decode(_ bytes: [UInt8]) -> Case? {
        var scratch = Scratch()
        return decode(bytes, scratch: &scratch)
    }

    /// `decode(_:)` with what is kept between lines (the same case, whatever lines came before).
    package func decode(_ bytes: [UInt8], scratch: inout Scratch) -> Case? {
        guard let parts = bytes.withUnsafeBufferPointer({ decodeParts($0, scratch: &scratch) }) else { return nil }
        var answers: [String: CaseAnswer] = [:]
        answers.reserveCapacity(scratch.answers.count)
        for (index, answer) in scratch.answers { answers[indicatorIDs[index]] = answer }
        return Case(reference: parts.reference, context: parts.context, answers: answers, override: parts.override)
    }

    /// Like `decode(_:)`, with the answers by catalogue position.
    func decodeParts(_ bytes: [UInt8]) -> Parts? {
        var scratch = Scratch()
        guard var parts = bytes.withUnsafeBufferPointer({ decodeParts($0, scratch: &scratch) }) else { return nil }
        parts.answers = scratch.answers
        return parts
    }

    /// The parts of the case on `bytes`, with its answers in `scratch.answers` (emptied first)
    /// instead of `Parts.answers`; nil when the strict decoder must look at it.
    func decodeParts(_ bytes: UnsafeBufferPointer<UInt8>, scratch: inout Scratch) -> Parts? {
        scratch.answers.removeAll(keepingCapacity: true)
        var reader = Reader(bytes: bytes)
        return decodeCase(&reader, scratch: &scratch)
    }

    // MARK: - The case
    //
    // Keys are found by the names in the format's table (`CaseFormat.swift`), a seen key's bit is its
    // position there, `null` is absent where the table says so, the required keys are the table's,
    // and every free text is checked by its `CaseText` rule. What is left here is storing each
    // value, one exhaustive `switch` per object.

    /// The bits of an object's required fields (bit n: the table's field n).
    fileprivate static func requiredBits<Field: CaseField>(_: Field.Type) -> UInt32 {
        var bits: UInt32 = 0
        for (index, field) in Field.allCases.enumerated() where field.isRequired { bits |= 1 << UInt32(index) }
        return bits
    }

    /// The next member of an object of `Field`s: the field, or `.end` at `}`, or nil for anything
    /// the located decoder must look at (an unknown or repeated key). A `null` for a field that
    /// reads it as absent is consumed and reported as `.absent`. `last` is the position of the
    /// previous key (-1 before the first): the name after it is tried first.
    @inline(__always)
    private func nextField<Field: CaseField>(
        _ r: inout Reader, _ names: FieldNames<Field>, first: inout Bool, seen: inout UInt32, last: inout Int
    ) -> Member<Field>? {
        guard let key = r.member(first: &first) else { return nil }
        if key.isEmpty { return .end }
        guard let index = names.index(key, after: last) else { return nil }
        last = index
        let bit: UInt32 = 1 << UInt32(index)
        guard seen & bit == 0 else { return nil }
        seen |= bit
        if names.absentOnNull & bit != 0, r.null() { return .absent }
        return .field(names.fields[index])
    }

    private enum Member<Field> {
        case field(Field)
        case absent
        case end
    }

    /// A free text accepted by its rule, as the case holds it (`.some(nil)` for a blank note).
    /// Notes and reasons are looked up first in `texts` by their bytes as written (escapes and
    /// all): the same bytes under the same rule are always accepted as the same text.
    private static func text(_ r: inout Reader, _ rule: CaseText, _ texts: inout TextCache) -> String?? {
        if rule == .reference { return text(&r, rule) }
        guard let raw = r.rawString() else { return nil }
        if let known = texts.text(raw, rule) {
            r.index = r.index + raw.count + 2
            return known
        }
        let start = r.index
        guard let text = text(&r, rule) else { return nil }
        // The bytes from the opening quote to the closing one: `raw` as `rawString` found them.
        guard r.index == start + raw.count + 2 else { return text }
        texts.keep(raw, rule, text)
        return text
    }

    /// `text(_:_:_:)` without the cache.
    private static func text(_ r: inout Reader, _ rule: CaseText) -> String?? {
        if let plain = r.plainString() {
            // Printable ASCII without escapes (almost every text): a scalar per byte, the bytes are
            // the text, and `CaseText.problem`'s checks are made on them. Blank is space and DEL
            // only (control characters cannot be in a JSON string unescaped); no ASCII character is
            // invisible in a reference. Anything refused goes to the located decoder.
            let length = rule.length
            guard length.contains(plain.count) else { return nil }
            var blank = true
            for byte in plain where byte != 0x20 && byte != 0x7F {
                blank = false
                break
            }
            if blank { return rule.blankIsAbsent ? .some(nil) : nil }
            switch rule {
            case .reference: if Case.looksLikeBSN(utf8: plain) { return nil }
            case .note, .reason: if UserText.containsBSN(utf8: plain) { return nil }
            }
            return .some(String(decoding: plain, as: UTF8.self))
        }
        guard let text = r.string(), rule.problem(text) == nil else { return nil }
        return .some(rule.accepted(text))
    }

    private func decodeCase(_ r: inout Reader, scratch: inout Scratch) -> Parts? {
        r.skipWhitespace()
        guard r.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt32 = 0
        var reference: String?
        var context: (context: CaseContext, offence: Int)?
        var answered = false
        var override: Override?
        var first = true
        var last = -1
        loop: while true {
            let member: Member<CaseRootField>? = nextField(&r, rootNames, first: &first, seen: &seen, last: &last)
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
                    guard decodeAnswers(&r, scratch: &scratch) else { return nil }
                    answered = true
                case .override:
                    guard let value = decodeOverride(&r, &scratch.texts) else { return nil }
                    override = value
                }
            }
        }
        r.skipWhitespace()
        guard r.atEnd, seen & rootRequired == rootRequired, let context, answered else { return nil }
        return Parts(reference: reference, context: context.context, offence: context.offence, override: override, answers: [])
    }

    private func decodeContext(_ r: inout Reader) -> (context: CaseContext, offence: Int)? {
        guard r.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt32 = 0
        var age: Int?
        var role: Role?
        var offence: String?
        var offenceIndex = -1
        var acute = TriState.unknown
        var guardian = TriState.unknown
        var registered = TriState.unknown
        var assessedAt: Timestamp?
        var region: String?
        var first = true
        var last = -1
        loop: while true {
            let member: Member<CaseContextField>? = nextField(&r, contextNames, first: &first, seen: &seen, last: &last)
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
                    guard let text = r.plainString(), let index = roles.index(text) else { return nil }
                    role = roleValues[index]
                case .offence:
                    guard let text = r.plainString(), let index = offences.index(text) else { return nil }
                    offence = offenceIDs[index]
                    offenceIndex = index
                case .acuteDanger:
                    guard let value = r.answer() else { return nil }
                    acute = value
                case .guardianPresent:
                    guard let value = r.answer() else { return nil }
                    guardian = value
                case .registeredInNL:
                    guard let value = r.answer() else { return nil }
                    registered = value
                case .assessedAt:
                    guard let text = r.plainString(), let time = Timestamp(iso8601: text) else { return nil }
                    assessedAt = time
                case .region:
                    guard let text = r.plainString(), let index = regions.index(text) else { return nil }
                    region = regionIDs[index]
                }
            }
        }
        guard seen & contextRequired == contextRequired, let role else { return nil }
        let context = CaseContext(
            age: age, role: role, offence: offence, acuteDanger: acute, guardianPresent: guardian,
            registeredInNL: registered, assessedAt: assessedAt, region: region)
        return (context, offenceIndex)
    }

    private func decodeAnswers(_ r: inout Reader, scratch: inout Scratch) -> Bool {
        guard r.take(UInt8(ascii: "{")) else { return false }
        // The positions answered so far, as bits on the stack: a repeated key is a syntax error
        // for the strict parser.
        let words = (indicatorIDs.count + 63) >> 6
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { seen in
            seen.initialize(repeating: 0)
            var first = true
            while true {
                guard let key = r.member(first: &first) else { return false }
                if key.isEmpty { break }
                guard let index = indicators.index(key) else { return false }
                let bit: UInt64 = 1 << UInt64(index & 63)
                guard seen[index >> 6] & bit == 0 else { return false }
                seen[index >> 6] |= bit
                let answer: CaseAnswer
                if let value = r.answer() {
                    answer = CaseAnswer(value)
                } else {
                    guard r.peek == UInt8(ascii: "{"), let value = decodeAnswerObject(&r, &scratch.texts) else { return false }
                    answer = value
                }
                scratch.answers.append((index, answer))
            }
            return true
        }
    }

    private func decodeAnswerObject(_ r: inout Reader, _ texts: inout TextCache) -> CaseAnswer? {
        guard r.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt32 = 0
        var answer: Answer?
        var note: String?
        var first = true
        var last = -1
        loop: while true {
            let member: Member<CaseAnswerField>? = nextField(&r, answerNames, first: &first, seen: &seen, last: &last)
            switch member {
            case nil: return nil
            case .end: break loop
            case .absent: continue
            case .field(let field):
                switch field {
                case .answer:
                    guard let value = r.answer() else { return nil }
                    answer = value
                case .note:
                    // A note with a BSN goes to the strict decoder for its error.
                    guard let text = Self.text(&r, .note, &texts) else { return nil }
                    note = text
                }
            }
        }
        guard seen & answerRequired == answerRequired, let answer else { return nil }
        return CaseAnswer(answer, note: note)
    }

    private func decodeOverride(_ r: inout Reader, _ texts: inout TextCache) -> Override? {
        guard r.take(UInt8(ascii: "{")) else { return nil }
        var seen: UInt32 = 0
        var level: Level?
        var reason: String?
        var first = true
        var last = -1
        loop: while true {
            let member: Member<CaseOverrideField>? = nextField(&r, overrideNames, first: &first, seen: &seen, last: &last)
            switch member {
            case nil: return nil
            case .end: break loop
            case .absent: continue
            case .field(let field):
                switch field {
                case .level:
                    guard let text = r.plainString(), let index = levels.index(text) else { return nil }
                    level = levelValues[index]
                case .reason:
                    guard let text = Self.text(&r, .reason, &texts) else { return nil }
                    reason = text
                }
            }
        }
        guard seen & overrideRequired == overrideRequired, let level, let reason else { return nil }
        return Override(level: level, reason: reason)
    }

    // MARK: - Helpers

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        bytes.elementsEqual(text.utf8)
    }
}

/// The key names of one object of the case format, in the table's order (`CaseField.allCases`),
/// found by their exact bytes: the name after the previous key first (files written by a program
/// keep one order), then the others, few enough to compare one by one. Every name is a plain
/// ASCII identifier, so a key spelled with an escape is never found.
struct FieldNames<Field: CaseField>: Sendable {
    let fields: [Field]
    /// Bit n: the table's field n reads `null` as absent.
    let absentOnNull: UInt32
    /// Each name as its length and two little-endian words: its first and last eight bytes (which
    /// overlap below sixteen), or, below eight bytes, its bytes in the first word and 0 in the second.
    private let names: [Name]

    private struct Name: Equatable {
        var count: Int
        var head: UInt64
        var tail: UInt64
    }

    init() {
        fields = Field.allCases
        var bits: UInt32 = 0
        var names: [Name] = []
        for (index, field) in fields.enumerated() {
            if field.nullMeansAbsent { bits |= 1 << UInt32(index) }
            precondition(field.name.utf8.count <= 16, "FieldNames: a case format name longer than sixteen bytes")
            names.append(Array(field.name.utf8).withUnsafeBufferPointer { Self.name($0) })
        }
        absentOnNull = bits
        self.names = names
    }

    /// The length and words of these bytes; two byte runs of at most sixteen bytes are the same
    /// exactly when these are (the case format's names are all shorter; `init` checks).
    @inline(__always)
    private static func name(_ bytes: UnsafeBufferPointer<UInt8>) -> Name {
        let count = bytes.count
        guard let base = bytes.baseAddress else { return Name(count: 0, head: 0, tail: 0) }
        if count >= 8 {
            let raw = UnsafeRawPointer(base)
            return Name(
                count: count, head: raw.loadUnaligned(as: UInt64.self), tail: raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
        }
        var head: UInt64 = 0
        var index = 0
        while index < count {
            head |= UInt64(base[index]) << (8 * UInt64(index))
            index += 1
        }
        return Name(count: count, head: head, tail: 0)
    }

    /// The position of the name that is exactly these bytes, trying the one after `previous` first.
    @inline(__always)
    func index(_ key: UnsafeBufferPointer<UInt8>, after previous: Int) -> Int? {
        // A key longer than sixteen bytes is no name (none is that long), and its words would not tell.
        guard key.count <= 16 else { return nil }
        let wanted = Self.name(key)
        return names.withUnsafeBufferPointer { names in
            let guess = previous + 1
            if guess < names.count, names[guess] == wanted { return guess }
            var index = 0
            while index < names.count {
                if names[index] == wanted { return index }
                index += 1
            }
            return nil
        }
    }
}

/// Byte strings and their positions, found by the exact bytes: an open-addressing table over a
/// cheap hash (the length and the first and last eight bytes), each hit compared in full. Only
/// plain strings are kept (printable ASCII without `"` or `\\`), so a key that matches is spelled
/// in JSON as it is, whatever bytes the reader took for it; a string that is not plain is never
/// found, and its case goes to the located decoder.
struct ByteTable: Sendable {
    /// Per slot: the position + 1 (0 when empty), and where its key's bytes start in `bytes` and
    /// how many there are: one flat table, so a look-up touches no array of arrays.
    private let slots: [Slot]
    private let bytes: [UInt8]
    private let mask: Int

    private struct Slot {
        var entry: Int32 = 0
        var start: Int32 = 0
        var count: Int32 = 0
    }

    /// `laterWins`: a repeated string stands for its last position, else its first.
    init(_ strings: [[UInt8]], laterWins: Bool) {
        var size = 16
        while size < strings.count * 4 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        for (position, key) in strings.enumerated() where key.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
            var slot = key.withUnsafeBufferPointer { Self.hash($0) } & (size - 1)
            var repeated = false
            while slots[slot] != 0 {
                if strings[Int(slots[slot]) - 1] == key {
                    repeated = true
                    break
                }
                slot = (slot + 1) & (size - 1)
            }
            if !repeated || laterWins { slots[slot] = Int32(position + 1) }
        }
        var bytes: [UInt8] = []
        var starts: [Int32] = []
        for key in strings {
            starts.append(Int32(bytes.count))
            bytes += key
        }
        self.slots = slots.map { entry in
            entry == 0 ? Slot() : Slot(entry: entry, start: starts[Int(entry) - 1], count: Int32(strings[Int(entry) - 1].count))
        }
        self.bytes = bytes
        mask = size - 1
    }

    /// The position of the string that is exactly these bytes.
    @inline(__always)
    func index(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        var slot = Self.hash(key) & mask
        return slots.withUnsafeBufferPointer { slots in
            bytes.withUnsafeBufferPointer { bytes in
                while true {
                    let found = slots[slot]
                    if found.entry == 0 { return nil }
                    if Int(found.count) == key.count,
                        Self.equal(UnsafeBufferPointer(rebasing: bytes[Int(found.start)..<Int(found.start + found.count)]), key)
                    {
                        return Int(found.entry) - 1
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    @inline(__always)
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        let count = key.count
        var value = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        guard let base = key.baseAddress else { return 0 }
        if count >= 8 {
            let raw = UnsafeRawPointer(base)
            value = (value ^ raw.loadUnaligned(as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            value = (value ^ raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) &* 0xC4CE_B9FE_1A85_EC53
        } else {
            for byte in key { value = (value ^ UInt64(byte)) &* 0x100_0000_01B3 }
        }
        return Int(truncatingIfNeeded: (value ^ (value >> 29)) >> 1)
    }

    /// Whether the two byte runs are the same, eight bytes at a time.
    @inline(__always)
    static func equal(_ stored: UnsafeBufferPointer<UInt8>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard stored.count == key.count else { return false }
        do {
            guard let left = stored.baseAddress, let right = key.baseAddress else { return true }
            var offset = 0
            let count = key.count
            while offset + 8 <= count {
                if UnsafeRawPointer(left).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    != UnsafeRawPointer(right).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                {
                    return false
                }
                offset += 8
            }
            while offset < count {
                if left[offset] != right[offset] { return false }
                offset += 1
            }
            return true
        }
    }
}

/// Finding bytes in a buffer eight at a time (little-endian words; the first byte of the buffer is
/// the lowest lane). A lane is flagged in its bit 7 by `zeroLanes` (a zero byte) or `lanesBelow` (a
/// byte below n, n <= 0x80). Both may flag lanes above the first true one (a borrow), never below
/// it, so the lowest flag of a word, or of an OR of such masks, is the first byte sought.
enum ByteScan {
    /// `"yes"`, `"no"` and `"unknown` as little-endian words (the first byte lowest), for
    /// `Reader.answer()` to compare whole (`FastCaseDecoderPartsTests` checks them against the bytes).
    static var yesWord: UInt64 { 0x22_7365_7922 }
    static var noWord: UInt64 { 0x226F_6E22 }
    static var unknownWord: UInt64 { 0x6E77_6F6E_6B6E_7522 }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    private static func zeroLanes(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highs }

    @inline(__always)
    private static func lanesBelow(_ word: UInt64, _ limit: UInt8) -> UInt64 { (word &- ones &* UInt64(limit)) & ~word & highs }

    /// The position of the first byte the mask flags at or after `start`, or `bytes.count`.
    @inline(__always)
    private static func first(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ flags: (UInt64) -> UInt64, _ test: (UInt8) -> Bool
    ) -> Int {
        var cursor = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while cursor + 8 <= bytes.count {
                let found = flags(raw.loadUnaligned(fromByteOffset: cursor, as: UInt64.self))
                if found != 0 { return cursor + found.trailingZeroBitCount >> 3 }
                cursor += 8
            }
        }
        while cursor < bytes.count && !test(bytes[cursor]) { cursor += 1 }
        return cursor
    }

    /// The first `"` at or after `start`, or `bytes.count`.
    @inline(__always)
    static func firstQuote(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        first(bytes, from: start, { zeroLanes($0 ^ 0x2222_2222_2222_2222) }, { $0 == 0x22 })
    }

    /// The first `"` or `\\` at or after `start`, or `bytes.count`.
    static func firstQuoteOrBackslash(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        first(
            bytes, from: start, { zeroLanes($0 ^ 0x2222_2222_2222_2222) | zeroLanes($0 ^ 0x5C5C_5C5C_5C5C_5C5C) },
            { $0 == 0x22 || $0 == 0x5C })
    }

    /// The first byte at or after `start` that ends a plain string or makes it not plain: `"`,
    /// `\\`, a control character or a non-ASCII byte; or `bytes.count`.
    static func firstSpecial(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        first(
            bytes, from: start,
            { zeroLanes($0 ^ 0x2222_2222_2222_2222) | zeroLanes($0 ^ 0x5C5C_5C5C_5C5C_5C5C) | lanesBelow($0, 0x20) | ($0 & highs) },
            { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 || $0 >= 0x80 })
    }
}

/// Free texts accepted lately, found by their bytes as written between the quotes (escapes and
/// all) and their rule: a few dozen slots, one entry each, the newest text taking its slot. A hit
/// gives the `String` made the first time (one retain), so a note repeated over thousands of lines
/// is checked for length, blankness and a BSN, and copied, once. An accepted text depends only on
/// those bytes and the rule, so a hit is the answer `FastCaseDecoder` would work out again.
struct TextCache: Sendable {
    private struct Entry: Sendable {
        var rule: CaseText
        /// The bytes as written, kept only when they are not the text's own UTF-8 (escapes, or a
        /// blank note, which is held as nil).
        var written: [UInt8]?
        var text: String?
    }

    static let slotCount = 64
    private var slots = [Entry?](repeating: nil, count: TextCache.slotCount)

    init() {}

    private static func slot(_ bytes: UnsafeBufferPointer<UInt8>, _ rule: CaseText) -> Int {
        var value = UInt64(truncatingIfNeeded: bytes.count) &* 0x9E37_79B9_7F4A_7C15
        if let base = bytes.baseAddress, bytes.count >= 8 {
            let raw = UnsafeRawPointer(base)
            value = (value ^ raw.loadUnaligned(as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            value = (value ^ raw.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)) &* 0xC4CE_B9FE_1A85_EC53
        } else {
            for byte in bytes { value = (value ^ UInt64(byte)) &* 0x100_0000_01B3 }
        }
        let ruleBits: UInt64 = rule == .note ? 0 : 1
        return Int(truncatingIfNeeded: ((value ^ (value >> 29)) >> 7) ^ ruleBits) & (slotCount - 1)
    }

    /// The text kept for these written bytes under `rule` (`.some(nil)`: a blank note), or nil.
    func text(_ bytes: UnsafeBufferPointer<UInt8>, _ rule: CaseText) -> String?? {
        guard let entry = slots[Self.slot(bytes, rule)], entry.rule == rule else { return nil }
        if let written = entry.written {
            guard written.withUnsafeBufferPointer({ Self.same($0, bytes) }) else { return nil }
            return .some(entry.text)
        }
        guard var text = entry.text else { return nil }
        let same = text.withUTF8 { Self.same($0, bytes) }
        return same ? .some(text) : nil
    }

    /// Keeps what `rule` made of these written bytes.
    mutating func keep(_ bytes: UnsafeBufferPointer<UInt8>, _ rule: CaseText, _ text: String?) {
        var plain = false
        if var copy = text { plain = copy.withUTF8 { Self.same($0, bytes) } }
        slots[Self.slot(bytes, rule)] = Entry(rule: rule, written: plain ? nil : Array(bytes), text: text)
    }

    private static func same(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        guard left.count == right.count else { return false }
        return ByteTable.equal(left, right)
    }
}

/// The byte cursor of `FastCaseDecoder`. Every method returns nil (or false) instead of throwing:
/// the strict parser will say what is wrong.
fileprivate struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    var atEnd: Bool { index == bytes.count }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    @inline(__always)
    mutating func skipWhitespace() {
        // JSON white space is space, tab, CR and LF, all at or below 0x20: anything above is not.
        while index < bytes.count, bytes[index] <= 0x20 {
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
    @inline(__always)
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
        // The key's bytes up to the next quote, unchecked: the caller looks them up in a
        // `ByteTable`, which holds only plain strings, so a key with an escape or anything else a
        // plain string does not have is never found.
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        let cursor = ByteScan.firstQuote(bytes, from: start)
        guard cursor < bytes.count, cursor > start else { return nil }
        let key = UnsafeBufferPointer(rebasing: bytes[start..<cursor])
        index = cursor + 1
        if index < bytes.count && bytes[index] == UInt8(ascii: ":") {
            index += 1
        } else {
            guard take(UInt8(ascii: ":")) else { return nil }
        }
        skipWhitespace()
        return key
    }

    /// `"yes"`, `"no"` or `"unknown"`, consumed; nil (cursor unchanged) for anything else.
    @inline(__always)
    mutating func answer() -> Answer? {
        let rest = bytes.count - index
        guard rest >= 4, bytes[index] == UInt8(ascii: "\"") else { return nil }
        if rest >= 9, let base = bytes.baseAddress {
            // One little-endian word holds the first eight bytes: `"yes"`, `"no"` and `"unknown`
            // are compared whole (the last quote of `"unknown"` is the ninth byte).
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            if word & 0xFF_FFFF_FFFF == ByteScan.yesWord {
                index += 5
                return .yes
            }
            if word & 0xFFFF_FFFF == ByteScan.noWord {
                index += 4
                return .no
            }
            if word == ByteScan.unknownWord, bytes[index + 8] == UInt8(ascii: "\"") {
                index += 9
                return .unknown
            }
            return nil
        }
        switch bytes[index + 1] {
        case UInt8(ascii: "y"):
            guard rest >= 5, bytes[index + 2] == UInt8(ascii: "e"), bytes[index + 3] == UInt8(ascii: "s"),
                bytes[index + 4] == UInt8(ascii: "\"")
            else { return nil }
            index += 5
            return .yes
        case UInt8(ascii: "n"):
            guard bytes[index + 2] == UInt8(ascii: "o"), bytes[index + 3] == UInt8(ascii: "\"") else { return nil }
            index += 4
            return .no
        case UInt8(ascii: "u"):
            guard rest >= 9, bytes[index + 2] == UInt8(ascii: "n"), bytes[index + 3] == UInt8(ascii: "k"),
                bytes[index + 4] == UInt8(ascii: "n"), bytes[index + 5] == UInt8(ascii: "o"), bytes[index + 6] == UInt8(ascii: "w"),
                bytes[index + 7] == UInt8(ascii: "n"), bytes[index + 8] == UInt8(ascii: "\"")
            else { return nil }
            index += 9
            return .unknown
        default:
            return nil
        }
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
        let cursor = ByteScan.firstSpecial(bytes, from: start)
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") else { return nil }
        index = cursor + 1
        return UnsafeBufferPointer(rebasing: bytes[start..<cursor])
    }

    /// The bytes between the quotes of the string here, escapes left as they are (the string ends
    /// at the first quote that no backslash escapes, as `string()` finds it); the cursor does not
    /// move. Nil when no string starts here or it does not end.
    func rawString() -> UnsafeBufferPointer<UInt8>? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index + 1
        var cursor = start
        while true {
            cursor = ByteScan.firstQuoteOrBackslash(bytes, from: cursor)
            guard cursor < bytes.count else { return nil }
            if bytes[cursor] == UInt8(ascii: "\"") { return UnsafeBufferPointer(rebasing: bytes[start..<cursor]) }
            cursor += 2
        }
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
