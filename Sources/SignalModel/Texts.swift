/// Every user-facing string of the tool, in Dutch and English (`Resources/strings/*.json`).
package struct Texts: Sendable, Equatable {
    package var strings: [String: LocalizedText]

    package init(strings: [String: LocalizedText]) {
        self.strings = strings
    }

    /// The text for `key` with `{name}` placeholders filled in. A missing key shows itself loudly
    /// (`⟦key⟧`) and is caught by the test that scans the sources for keys.
    package func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        guard let entry = strings[key] else { return "⟦\(key)⟧" }
        return Self.fill(entry[language], arguments)
    }

    /// Fills `{name}` placeholders in one pass over the template, left to right. Only the template
    /// is scanned: a value is copied as it is, so user text such as `"ok {level} ok"` is never
    /// expanded, whatever order the arguments come in. A placeholder without a value stays as written.
    ///
    /// Every value goes through `UserText.line` on its way in: a file name, id or reference with a
    /// line break, ESC or a bidi control cannot break the message's line or reach the terminal raw,
    /// whichever message it is put in (issue 22 N7). Values the program makes hold none of those.
    package static func fill(_ template: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty else { return template }
        let scalars = template.unicodeScalars
        var result = String.UnicodeScalarView()
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "{", let close = scalars[index...].firstIndex(of: "}") {
                let name = String(scalars[scalars.index(after: index)..<close])
                if let value = arguments[name] {
                    result.append(contentsOf: UserText.line(value).unicodeScalars)
                    index = scalars.index(after: close)
                    continue
                }
            }
            result.append(scalar)
            index = scalars.index(after: index)
        }
        return String(result)
    }

    package static let formatVersion = 1

    /// Decodes `strings/*.json`.
    package static func decode(_ bytes: [UInt8]) throws(SignalError) -> Texts {
        var object = try JSONReader.versionedObject(bytes, supported: formatVersion)
        let stringsReader = try object.required("strings")
        var strings: [String: LocalizedText] = [:]
        for member in try stringsReader.object().members {
            strings[member.key] = try JSONReader(member.value, path: stringsReader.path.appending(member.key)).localized()
        }
        try object.finish()
        return Texts(strings: strings)
    }
}
