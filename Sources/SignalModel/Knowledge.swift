/// Every user-facing string of the tool, in Dutch and English (`Resources/strings/*.json`).
public struct Texts: Sendable, Equatable {
    public var strings: [String: LocalizedText]

    /// The text for `key` with `{name}` placeholders filled in. A missing key shows itself loudly
    /// (`⟦key⟧`) and is caught by the test that scans the sources for keys.
    public func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        guard let entry = strings[key] else { return "⟦\(key)⟧" }
        return Self.fill(entry[language], arguments)
    }

    /// Fills `{name}` placeholders in one pass over the template, left to right. Only the template
    /// is scanned: a value is copied as it is, so user text such as `"ok {level} ok"` is never
    /// expanded, whatever order the arguments come in. A placeholder without a value stays as written.
    public static func fill(_ template: String, _ arguments: [String: String]) -> String {
        guard !arguments.isEmpty else { return template }
        let scalars = template.unicodeScalars
        var result = String.UnicodeScalarView()
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "{", let close = scalars[index...].firstIndex(of: "}") {
                let name = String(scalars[scalars.index(after: index)..<close])
                if let value = arguments[name] {
                    result.append(contentsOf: value.unicodeScalars)
                    index = scalars.index(after: close)
                    continue
                }
            }
            result.append(scalar)
            index = scalars.index(after: index)
        }
        return String(result)
    }

    public static let formatVersion = 1

    /// Decodes `strings/*.json`.
    public static func decode(_ bytes: [UInt8]) throws(SignalError) -> Texts {
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

/// Everything Signaal knows: catalogue, routing table, contacts and texts, validated together.
public struct Knowledge: Sendable, Equatable {
    public var catalog: Catalog
    public var routing: RoutingTable
    public var contacts: ContactDirectory
    public var texts: Texts
    /// Raw resource files by path relative to `Resources/` (schema, scenarios).
    public var files: [String: String]

    /// Loads and cross-checks the knowledge base from resource files (path → text).
    public static func load(files: [String: String]) throws(SignalError) -> Knowledge {
        func bytes(_ name: String) throws(SignalError) -> [UInt8] {
            guard let text = files[name] else {
                throw SignalError(.missingKey(name), at: InputLocation(file: "Resources/" + name))
            }
            return Array(text.utf8)
        }
        func attributed<T>(_ name: String, _ body: ([UInt8]) throws(SignalError) -> T) throws(SignalError) -> T {
            do {
                return try body(try bytes(name))
            } catch {
                throw error.inFile("Resources/" + name)
            }
        }
        let catalog = try attributed("catalog.json") { bytes throws(SignalError) in try Catalog.decode(bytes) }
        let contacts = try attributed("contacts.json") { bytes throws(SignalError) in try ContactDirectory.decode(bytes) }
        let routing = try attributed("routing.json") { bytes throws(SignalError) in
            try RoutingTable.decode(bytes, contacts: contacts)
        }
        // Texts are split by area (strings/core.json, strings/triage.json, …); a key may appear once.
        var texts = Texts(strings: [:])
        for name in files.keys.filter({ $0.hasPrefix("strings/") && $0.hasSuffix(".json") }).sorted() {
            let part = try attributed(name) { bytes throws(SignalError) in try Texts.decode(bytes) }
            for (key, text) in part.strings {
                guard texts.strings.updateValue(text, forKey: key) == nil else {
                    throw SignalError(.inconsistentCatalog("text key \(key) is defined twice"), at: InputLocation(file: "Resources/" + name))
                }
            }
        }
        guard !texts.strings.isEmpty else {
            throw SignalError(.missingKey("strings/core.json"), at: InputLocation(file: "Resources/strings"))
        }
        return Knowledge(catalog: catalog, routing: routing, contacts: contacts, texts: texts, files: files)
    }

    /// The knowledge base built into the binary from `Resources/`.
    public static let bundledResult: Result<Knowledge, SignalError> = Result { () throws(SignalError) -> Knowledge in
        try load(files: BundledResources.files)
    }

    /// The built-in knowledge base. The test suite proves it loads, so this cannot fail in a build
    /// that passed its tests; callers that must not trap use `bundledResult`.
    public static var bundled: Knowledge {
        switch bundledResult {
        case .success(let knowledge): return knowledge
        case .failure(let error): fatalError("bundled resources are invalid: \(error)")
        }
    }
}
