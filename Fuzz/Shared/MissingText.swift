// Shared by every fuzz target (Scripts/fuzz.sh compiles it beside each target's main.swift).

/// A text key that is not in `Resources/strings` renders as `⟦key⟧` (`Texts.text`). The input may
/// hold `⟦` itself — an indicator id or a note is echoed in messages and renderings — so a bare
/// `⟦` is no finding. A finding is a marker whose content looks like a text key (lower-case words
/// joined by dots) and that the input did not bring along. Returns that key.
func missingTextKey(in text: String, input: [UInt8]) -> String? {
    let source = String(decoding: input, as: UTF8.self)
    var rest = text[...]
    while let open = rest.firstRange(of: "⟦") {
        guard let close = rest[open.upperBound...].firstRange(of: "⟧") else { return nil }
        let key = rest[open.upperBound..<close.lowerBound]
        let looksLikeKey =
            key.contains(".")
            && key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "." }
        if looksLikeKey && !source.contains("⟦" + key + "⟧") { return String(key) }
        rest = rest[close.upperBound...]
    }
    return nil
}
