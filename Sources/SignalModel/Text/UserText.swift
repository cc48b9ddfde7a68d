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
    public static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            scalar.properties.isWhitespace || scalar.properties.isDefaultIgnorableCodePoint
                || scalar.properties.generalCategory == .format || scalar.properties.generalCategory == .control
        }
    }

    // MARK: BSN

    /// Whether the text contains something that looks like a BSN (Dutch citizen service number):
    /// nine digits in a row that pass the elfproef, once separators are taken out. Digits are read
    /// in any script (full-width `１２３`, Arabic-Indic, …); separators are white space, punctuation
    /// and invisible format characters (`123.456.782`, `123/456/782`, `(123)456782`,
    /// `123\u{200B}456782`). Letters and other symbols end a run, so `BSN:123456782` and
    /// `NL.123456782` are found, and a run of more or fewer than nine digits (a date, a phone
    /// number) is not a BSN.
    public static func containsBSN(_ text: String) -> Bool {
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
