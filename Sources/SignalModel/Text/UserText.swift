/// Checks and display forms for text a user typed (references, notes, override reasons, JSON keys).
///
/// Everything here works on Unicode scalars, never on grapheme clusters: `"\r\n"` is one Swift
/// `Character`, and a single "character" can carry thousands of combining marks.
package enum UserText {
    /// One line that is safe to print on a terminal: line breaks, tabs, other control characters
    /// (C0, DEL, C1), Unicode line and paragraph separators, bidirectional overrides, isolates and
    /// marks (U+200E, U+200F, U+061C) are written
    /// as JSON-style escapes (`\n`, `\u001B`), so user text can neither start a fake line of output
    /// nor send escape sequences to the terminal.
    package static func line(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if needsEscape(scalar) {
                result.append(contentsOf: escape(scalar).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Text made literal in HTML, for element content and quoted attribute values: `& < > " '`
    /// become character references, and what `line` escapes for a terminal (control characters,
    /// line and paragraph separators, bidi controls) becomes U+FFFD, so user text can neither add
    /// markup nor reorder what a browser shows. Line breaks become a space.
    package static func html(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\n", "\r", "\t": result += " "
            default:
                if needsEscape(scalar) { result.unicodeScalars.append("\u{FFFD}") } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// Whether a scalar must not reach a terminal as it is.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true  // line and paragraph separator
        case 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional embeddings, overrides, isolates
        case 0x200E, 0x200F, 0x061C: true  // left-to-right, right-to-left and Arabic letter marks
        default: false
        }
    }

    /// The JSON-style escape of a scalar (`\n`, `\r`, `\t`, otherwise `\uXXXX`).
    static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }

    /// At most `limit` scalars of `text`, with `…` when shortened.
    package static func clipped(_ text: String, to limit: Int) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars.prefix(limit))
        return String(result) + "…"
    }

    /// Length as the case format counts it: Unicode scalars (a combining mark counts as one).
    package static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// Whether the text shows nothing: empty, or only white space, control characters and invisible
    /// format characters (zero-width space, joiners, BOM, soft hyphen, …).
    ///
    /// ASCII bytes are answered from a bit mask; only non-ASCII scalars reach the Unicode property
    /// tables (a differential test keeps this equal to `isBlankByProperties` for every scalar).
    package static func isBlank(_ text: String) -> Bool {
        let fast = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    if !asciiBit(asciiBlankLow, asciiBlankHigh, byte) { return false }
                    index += 1
                } else {
                    let (scalar, width) = decodeScalar(bytes, at: index)
                    if !isBlankScalar(scalar) { return false }
                    index += width
                }
            }
            return true
        }
        return fast ?? isBlankByProperties(text)
    }

    /// `isBlank` by the Unicode property tables alone, scalar by scalar (the reference for the fast path).
    static func isBlankByProperties(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy(isBlankScalar)
    }

    /// Whether one scalar shows nothing (white space, control, format or default-ignorable).
    static func isBlankScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.properties.isDefaultIgnorableCodePoint
            || scalar.properties.generalCategory == .format || scalar.properties.generalCategory == .control
    }

    // MARK: ASCII fast path

    /// ASCII scalars for which `isBlankScalar` holds: C0 controls, space, DEL (bit n = scalar n).
    static let asciiBlankLow: UInt64 = 0x0000_0001_FFFF_FFFF
    static let asciiBlankHigh: UInt64 = 0x8000_0000_0000_0000
    /// ASCII scalars for which `isSeparator` holds: everything but digits and letters (controls,
    /// space, punctuation and the symbols `$ + < = > ^ ` | ~`; bit n = scalar n).
    static let asciiSeparatorLow: UInt64 = 0xFC00_FFFF_FFFF_FFFF
    static let asciiSeparatorHigh: UInt64 = 0xF800_0001_F800_0001

    @inline(__always)
    static func asciiBit(_ low: UInt64, _ high: UInt64, _ byte: UInt8) -> Bool {
        byte < 64 ? (low >> UInt64(byte)) & 1 == 1 : (high >> UInt64(byte &- 64)) & 1 == 1
    }

    /// The scalar starting at `index` of well-formed UTF-8 (what a Swift string's `utf8` view holds)
    /// whose first byte is not ASCII, and its length in bytes.
    @inline(__always)
    static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(bytes[index])
        let value: UInt32
        let width: Int
        if lead < 0xE0 {
            value = (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
            width = 2
        } else if lead < 0xF0 {
            value = (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
            width = 3
        } else {
            value = (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
                | UInt32(bytes[index + 3] & 0x3F)
            width = 4
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", width)
    }

    // MARK: BSN

    /// Whether the text contains something that looks like a BSN (Dutch citizen service number):
    /// nine digits that pass the elfproef, written as one or more whole groups of a run of digits.
    ///
    /// A *run* is digits and separators up to a letter (or a number sign that is not a digit 0–9,
    /// like `⑩` or `Ⅻ`): `BSN:123456782` and `NL.123456782` are found. Separators (white space,
    /// punctuation, symbols such as `+ | ~`, the minus sign U+2212 and the braille blank U+2800)
    /// split a run into *groups*; marks and invisible format characters (zero-width space, soft
    /// hyphen, combining underline, the keycap sign) are skipped and split nothing. Any sequence of
    /// whole neighbouring groups with nine digits between them that passes the elfproef is a BSN, so
    /// `geb. 01-02-2012 123456782`, `bsn/tel: 123456782, 0612345678` and `123−456−782` are found while a
    /// date, a time or `06-12345678` are not. Digits are read in any script and in their look-alike
    /// forms (full-width, Arabic-Indic, mathematical, superscript, subscript, circled, enclosed,
    /// dingbat digits): what Unicode's compatibility folding (NFKC) turns into 0–9.
    ///
    /// ASCII bytes are answered without a property lookup and the last nine digits are kept in a
    /// register, so a plain note costs no allocation; a differential test keeps this equal to
    /// `containsBSNByProperties`.
    package static func containsBSN(_ text: String) -> Bool {
        let fast = text.utf8.withContiguousStorageIfAvailable { containsBSN(utf8: $0) }
        return fast ?? containsBSNByProperties(text)
    }

    /// `containsBSN` of the text these bytes spell; they must be well-formed UTF-8 (a string's
    /// `utf8`, or bytes checked as such: the batch decoder passes ASCII it read).
    static func containsBSN(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        do {
            var run = GroupScan()
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    index += 1
                    if byte &- 0x30 < 10 {
                        run.append(byte &- 0x30)
                    } else if (byte | 0x20) &- 0x61 < 26 {
                        if run.endRun() { return true }
                    } else {
                        if run.endGroup() { return true }
                    }
                } else {
                    let (scalar, width) = decodeScalar(bytes, at: index)
                    index += width
                    switch classify(scalar) {
                    case .digit(let digit): run.append(UInt8(digit))
                    case .separator: if run.endGroup() { return true }
                    case .skipped: continue
                    case .terminator: if run.endRun() { return true }
                    }
                }
            }
            return run.endRun()
        }
    }

    /// The offset (in Unicode scalars, from 0) of the first digit of the first BSN in the text, or
    /// nil: where `containsBSN` finds one, for an error that says where it is.
    package static func bsnOffset(_ text: String) -> Int? {
        var groups: [[(digit: Int, offset: Int)]] = []
        var groupOpen = false
        func check() -> Int? {
            // Windows of whole groups ending with the last one.
            var digits: [(digit: Int, offset: Int)] = []
            for group in groups.reversed() {
                digits.insert(contentsOf: group, at: 0)
                if digits.count == 9 { return passesElfproef(digits.map(\.digit)) ? digits[0].offset : nil }
                if digits.count > 9 { return nil }
            }
            return nil
        }
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            switch classify(scalar) {
            case .digit(let digit):
                if groupOpen { groups[groups.count - 1].append((digit, offset)) } else { groups.append([(digit, offset)]) }
                groupOpen = true
            case .separator:
                if groupOpen, let found = check() { return found }
                groupOpen = false
            case .skipped:
                continue
            case .terminator:
                if groupOpen, let found = check() { return found }
                groups.removeAll()
                groupOpen = false
            }
        }
        return groupOpen ? check() : nil
    }

    /// `containsBSN` by the Unicode property tables alone, scalar by scalar (the reference for the fast path).
    static func containsBSNByProperties(_ text: String) -> Bool { bsnOffset(text) != nil }

    /// A run of digits as `containsBSN` scans it: the last nine digits (four bits each), how many
    /// digits the run has, and which of the last sixteen digits began a group.
    struct GroupScan {
        var lastNine: UInt64 = 0
        var count = 0
        var groupStarts: UInt16 = 0
        var inGroup = false

        @inline(__always)
        mutating func append(_ digit: UInt8) {
            lastNine = (lastNine << 4 | UInt64(digit)) & 0xF_FFFF_FFFF
            groupStarts = groupStarts << 1 | (inGroup ? 0 : 1)
            inGroup = true
            count += 1
        }

        /// A separator: whether the group it ends completes a BSN.
        @inline(__always)
        mutating func endGroup() -> Bool {
            guard inGroup else { return false }
            inGroup = false
            return count >= 9 && groupStarts & 0x100 != 0 && Self.passes(lastNine)
        }

        /// A letter or the end of the text: whether the last group completes a BSN; starts a new run.
        @inline(__always)
        mutating func endRun() -> Bool {
            let found = endGroup()
            self = GroupScan()
            return found
        }

        /// The elfproef on nine digits packed four bits each, the first in the highest place.
        static func passes(_ packed: UInt64) -> Bool {
            guard packed != 0 else { return false }
            var sum = -Int(packed & 0xF)
            var rest = packed >> 4
            for weight in 2...9 {
                sum += weight * Int(rest & 0xF)
                rest >>= 4
            }
            return sum % 11 == 0
        }
    }

    /// How `containsBSN` reads one scalar.
    enum BSNClass: Equatable {
        /// A digit 0–9 in any script or look-alike form.
        case digit(Int)
        /// Ends a group of digits (white space, punctuation, symbols, controls).
        case separator
        /// Read past without ending anything (marks, invisible format characters).
        case skipped
        /// Ends the run of digits (letters, numbers that are not one digit).
        case terminator
    }

    static func classify(_ scalar: Unicode.Scalar) -> BSNClass {
        if scalar.isASCII {
            let value = scalar.value
            if (0x30...0x39).contains(value) { return .digit(Int(value - 0x30)) }
            if (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) { return .terminator }
            return .separator
        }
        if let digit = decimalDigit(scalar) { return .digit(digit) }
        let properties = scalar.properties
        if properties.isWhitespace { return .separator }
        if properties.isDefaultIgnorableCodePoint { return .skipped }
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark, .format: return .skipped
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .letterNumber, .otherNumber,
            .decimalNumber:
            return .terminator
        default: return .separator
        }
    }

    /// The value 0–9 of a digit in any script, or of a digit look-alike that compatibility folding
    /// (NFKC) turns into one (superscript `²`, subscript `₂`, circled `②`, `⒉`, `❷`, mathematical `𝟐`); or nil.
    static func decimalDigit(_ scalar: Unicode.Scalar) -> Int? {
        if scalar.isASCII {
            return ("0"..."9").contains(scalar) ? Int(scalar.value - 48) : nil
        }
        let properties = scalar.properties
        // (Int(exactly:) and rounded() would need libm, which the resource tool does not link.)
        guard properties.numericType == .decimal || properties.numericType == .digit, let value = properties.numericValue,
            value >= 0, value <= 9, Double(Int(value)) == value
        else { return nil }
        return Int(value)
    }

    /// What may stand between the digits of a written-out number without ending it: separators and
    /// skipped marks and format characters (see `classify`).
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch classify(scalar) {
        case .separator, .skipped: true
        case .digit, .terminator: false
        }
    }

    /// The BSN elfproef: 9·d1 + 8·d2 + … + 2·d8 − d9 is a multiple of 11 (and not all zeros).
    static func passesElfproef(_ digits: [Int]) -> Bool {
        guard digits.count == 9, digits.contains(where: { $0 != 0 }) else { return false }
        var sum = 0
        for (offset, digit) in digits.prefix(8).enumerated() { sum += (9 - offset) * digit }
        sum -= digits[8]
        return sum % 11 == 0
    }
}
