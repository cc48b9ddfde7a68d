// Shared by every fuzz target (Scripts/fuzz.sh compiles it beside each target's main.swift), and
// by the test suite (Tests/SignalModelTests/FuzzMissingText.swift is a link to this file).

/// A text key that is not in `Resources/strings` renders as `⟦key⟧` (`Texts.text`). The input may
/// hold `⟦` itself — an indicator id or a note is echoed in messages and renderings — so a bare
/// `⟦` is no finding. A finding is a marker whose content looks like a text key (lower-case words
/// joined by dots) and that the input did not bring along, neither as it is nor spelled with JSON
/// escapes (`"\u27e6render.level\u27e7"` is echoed decoded). Returns that key.
func missingTextKey(in text: String, input: [UInt8]) -> String? {
    let source = String(decoding: input, as: UTF8.self)
    var decoded: String?
    var rest = text[...]
    while let open = rest.firstRange(of: "⟦") {
        guard let close = rest[open.upperBound...].firstRange(of: "⟧") else { return nil }
        let key = rest[open.upperBound..<close.lowerBound]
        let looksLikeKey =
            key.contains(".")
            && key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "." }
        if looksLikeKey {
            let marker = "⟦" + key + "⟧"
            if decoded == nil { decoded = jsonUnescaped(source) }
            if !source.contains(marker) && !(decoded ?? "").contains(marker) { return String(key) }
        }
        rest = rest[close.upperBound...]
    }
    return nil
}

/// The text with JSON string escapes decoded: `\uXXXX` (surrogate pairs joined, a lone surrogate
/// as U+FFFD), `\n`, `\t`, `\r`, `\b`, `\f`, `\/`, `\\` and `\"`. Applied to the whole input, in strings
/// or not (an escape outside a string is a syntax error anyway); anything else is kept as it is.
func jsonUnescaped(_ text: String) -> String {
    guard text.unicodeScalars.contains("\\") else { return text }
    let scalars = Array(text.unicodeScalars)
    func hex4(_ start: Int) -> UInt32? {
        guard start + 4 <= scalars.count else { return nil }
        var value: UInt32 = 0
        for scalar in scalars[start..<start + 4] {
            guard scalar.isASCII, let digit = Character(scalar).hexDigitValue else { return nil }
            value = value * 16 + UInt32(digit)
        }
        return value
    }
    var result = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
        let scalar = scalars[index]
        guard scalar == "\\", index + 1 < scalars.count else {
            result.append(scalar)
            index += 1
            continue
        }
        let simple: [Unicode.Scalar: Unicode.Scalar] = [
            "n": "\n", "t": "\t", "r": "\r", "b": "\u{08}", "f": "\u{0C}", "/": "/", "\\": "\\", "\"": "\"",
        ]
        let next = scalars[index + 1]
        if let replacement = simple[next] {
            result.append(replacement)
            index += 2
        } else if next == "u", let high = hex4(index + 2) {
            index += 6
            if (0xD800...0xDBFF).contains(high), index + 6 <= scalars.count, scalars[index] == "\\", scalars[index + 1] == "u",
                let low = hex4(index + 2), (0xDC00...0xDFFF).contains(low)
            {
                result.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}")
                index += 6
            } else {
                result.append(Unicode.Scalar(high) ?? "\u{FFFD}")
            }
        } else {
            result.append(scalar)
            index += 1
        }
    }
    return String(result)
}
