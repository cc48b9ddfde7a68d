/// Checks and display forms for text a user typed (references, notes, override reasons, JSON keys).
///
/// Everything here works on Unicode scalars, never on grapheme clusters: `"\r\n"` is one Swift
/// `Character`, and a single "character" can carry thousands of combining marks.
public enum UserText {
    /// One line that is safe to print on a terminal: line breaks, tabs, other control characters
    /// (C0, DEL, C1), Unicode line and paragraph separators and bidirectional overrides are written
    /// as JSON-style escapes (`\n`, `\u001B`), so user text can neither start a fake line of output
    /// nor send escape sequences to the terminal.
    public static func line(_ text: String) -> String {
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

    /// Whether a scalar must not reach a terminal as it is.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true  // line and paragraph separator
        case 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional embeddings, overrides, isolates
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
    public static func clipped(_ text: String, to limit: Int) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars.prefix(limit))
        return String(result) + "…"
    }

    /// Length as the case format counts it: Unicode scalars (a combining mark counts as one).
    public static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// Whether the text shows nothing: empty, or only white space, control characters and invisible
    /// format characters (zero-width space, joiners, BOM, soft hyphen, …).
    ///
    /// ASCII bytes are answered from a bit mask; only non-ASCII scalars reach the Unicode property
    /// tables (a differential test keeps this equal to `isBlankByProperties` for every scalar).
    public static func isBlank(_ text: String) -> Bool {
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
    /// ASCII scalars for which `isSeparator` holds: tab…carriage return, space and the ASCII
    /// punctuation `!"#%&'()*,-./:;?@[\]_{}` (bit n = scalar n; the symbols $ + < = > ^ ` | ~ are not separators).
    static let asciiSeparatorLow: UInt64 = 0x8C00_F7EF_0000_3E00
    static let asciiSeparatorHigh: UInt64 = 0x2800_0000_B800_0001

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
    /// nine digits in a row that pass the elfproef, once separators are taken out. Digits are read
    /// in any script (full-width `１２３`, Arabic-Indic, …); separators are white space, punctuation
    /// and invisible format characters (`123.456.782`, `123/456/782`, `(123)456782`,
    /// `123\u{200B}456782`). Letters and other symbols end a run, so `BSN:123456782` and
    /// `NL.123456782` are found, and a run of more or fewer than nine digits (a date, a phone
    /// number) is not a BSN.
    ///
    /// ASCII bytes are classified from bit masks and the run is kept as a running elfproef sum, so
    /// a plain note costs no allocation and no property lookup; a differential test keeps this
    /// equal to `containsBSNByProperties`.
    public static func containsBSN(_ text: String) -> Bool {
        let fast = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var run = ElfproefRun()
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte < 0x80 {
                    index += 1
                    if byte &- 0x30 < 10 {
                        run.append(Int(byte &- 0x30))
                    } else if asciiBit(asciiSeparatorLow, asciiSeparatorHigh, byte) {
                        continue
                    } else {
                        if run.passes { return true }
                        run = ElfproefRun()
                    }
                } else {
                    let (scalar, width) = decodeScalar(bytes, at: index)
                    index += width
                    if let digit = decimalDigit(scalar) {
                        run.append(digit)
                    } else if isSeparator(scalar) {
                        continue
                    } else {
                        if run.passes { return true }
                        run = ElfproefRun()
                    }
                }
            }
            return run.passes
        }
        return fast ?? containsBSNByProperties(text)
    }

    /// A run of digits reduced to what the elfproef needs: its length, 9·d1 + … + 2·d8, d9, and
    /// whether any digit is not zero.
    struct ElfproefRun {
        var count = 0
        var weighted = 0
        var ninth = 0
        var nonZero = false

        @inline(__always)
        mutating func append(_ digit: Int) {
            if count < 8 {
                weighted += (9 - count) * digit
            } else if count == 8 {
                ninth = digit
            }
            if digit != 0 { nonZero = true }
            count += 1
        }

        var passes: Bool { count == 9 && nonZero && (weighted - ninth) % 11 == 0 }
    }

    /// `containsBSN` by the Unicode property tables alone, scalar by scalar (the reference for the fast path).
    static func containsBSNByProperties(_ text: String) -> Bool {
        var run: [Int] = []
        for scalar in text.unicodeScalars {
            if let digit = decimalDigit(scalar) {
                run.append(digit)
            } else if isSeparator(scalar) {
                continue
            } else {
                if passesElfproef(run) { return true }
                run.removeAll(keepingCapacity: true)
            }
        }
        return passesElfproef(run)
    }

    /// The value of a decimal digit in any script, or nil.
    static func decimalDigit(_ scalar: Unicode.Scalar) -> Int? {
        if scalar.isASCII {
            return ("0"..."9").contains(scalar) ? Int(scalar.value - 48) : nil
        }
        guard scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue else { return nil }
        return Int(value)
    }

    /// What may stand between the digits of a written-out number.
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            // Letters and digits are most of any note: answer them without a property lookup.
            let value = scalar.value
            if (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) { return false }
        }
        let properties = scalar.properties
        if properties.isWhitespace || properties.isDefaultIgnorableCodePoint { return true }
        switch properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation, .spaceSeparator, .format:
            return true
        default:
            return false
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
