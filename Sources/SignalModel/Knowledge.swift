/// Everything Signaal knows: catalogue, routing table, contacts and texts, validated together.
///
/// The built-in knowledge (`Knowledge.bundled`, in the SignalKnowledge module) is checked when the
/// binary is BUILT (the EmbedResources plugin's tool runs these same decoders and fails the build
/// with a located error) and compiled into it as Swift source that constructs the decoded values, so
/// at run time no JSON is parsed: each part is constructed when it is first needed, once per process
/// (`LazyKnowledge`), and `--version`, `help` and `completions` build no catalogue. `load(files:)` decodes and checks everything at once
/// (user-supplied data sets, tests; a test proves it gives exactly `bundled` for the built-in files).
public struct Knowledge: Sendable {
    package var texts: Texts
    /// Raw resource files by path relative to `Resources/`: every file `load(files:)` was given; for
    /// the built-in knowledge only those not built into the binary as values (schema, scenarios).
    package var files: [String: String]
    private var parts: Parts

    /// Either decoded (by `load(files:)` or after a setter) or built part by part on first use.
    private enum Parts: Sendable {
        case decoded(catalog: Catalog, routing: RoutingTable, contacts: ContactDirectory)
        case lazy(any LazyKnowledge)
    }

    package var catalog: Catalog {
        get {
            switch parts {
            case .decoded(let catalog, _, _): catalog
            case .lazy(let source): source.catalog
            }
        }
        set { parts = .decoded(catalog: newValue, routing: routing, contacts: contacts) }
    }

    package var routing: RoutingTable {
        get {
            switch parts {
            case .decoded(_, let routing, _): routing
            case .lazy(let source): source.routing
            }
        }
        set { parts = .decoded(catalog: catalog, routing: newValue, contacts: contacts) }
    }

    package var contacts: ContactDirectory {
        get {
            switch parts {
            case .decoded(_, _, let contacts): contacts
            case .lazy(let source): source.contacts
            }
        }
        set { parts = .decoded(catalog: catalog, routing: routing, contacts: newValue) }
    }

    /// The catalogue's version, without decoding the catalogue when it is the built-in one.
    public var catalogVersion: String {
        switch parts {
        case .decoded(let catalog, _, _): catalog.catalogVersion
        case .lazy(let source): source.catalogVersion
        }
    }

    init(catalog: Catalog, routing: RoutingTable, contacts: ContactDirectory, texts: Texts, files: [String: String]) {
        self.texts = texts
        self.files = files
        self.parts = .decoded(catalog: catalog, routing: routing, contacts: contacts)
    }

    /// Knowledge whose catalogue, routing table and contacts `source` builds on first use.
    package init(texts: Texts, files: [String: String], lazy source: any LazyKnowledge) {
        self.texts = texts
        self.files = files
        self.parts = .lazy(source)
    }

    /// Loads and cross-checks the knowledge base from resource files (path → text).
    public static func load(files: [String: String]) throws(SignalError) -> Knowledge {
        let catalog = try decodeCatalog(files: files)
        let contacts = try decodeContacts(files: files)
        let routing = try decodeRouting(files: files, contacts: contacts, indicators: Set(catalog.indicators.map(\.id)))
        let texts = try decodeTexts(files: files)
        return Knowledge(catalog: catalog, routing: routing, contacts: contacts, texts: texts, files: files)
    }

    // One decoder per part, each attributing its errors to its file. `load(files:)` runs them all;
    // the built-in knowledge runs each on first use (and the build runs them all, to fail early).

    static func decodeCatalog(files: [String: String]) throws(SignalError) -> Catalog {
        try attributed("catalog.json", files) { bytes throws(SignalError) in try Catalog.decode(bytes) }
    }

    static func decodeContacts(files: [String: String]) throws(SignalError) -> ContactDirectory {
        try attributed("contacts.json", files) { bytes throws(SignalError) in try ContactDirectory.decode(bytes) }
    }

    static func decodeRouting(
        files: [String: String], contacts: ContactDirectory, indicators: Set<String>? = nil
    ) throws(SignalError) -> RoutingTable {
        try attributed("routing.json", files) { bytes throws(SignalError) in
            try RoutingTable.decode(bytes, contacts: contacts, indicators: indicators)
        }
    }

    /// Texts are split by area (strings/core.json, strings/triage.json, …); a key may appear once.
    package static func decodeTexts(files: [String: String]) throws(SignalError) -> Texts {
        var texts = Texts(strings: [:])
        for name in files.keys.filter({ $0.hasPrefix("strings/") && $0.hasSuffix(".json") }).sorted() {
            let part = try attributed(name, files) { bytes throws(SignalError) in try Texts.decode(bytes) }
            for (key, text) in part.strings {
                guard texts.strings.updateValue(text, forKey: key) == nil else {
                    throw SignalError(.inconsistentCatalog("text key \(key) is defined twice"), at: InputLocation(file: "Resources/" + name))
                }
            }
        }
        guard !texts.strings.isEmpty else {
            throw SignalError(.missingKey("strings/core.json"), at: InputLocation(file: "Resources/strings"))
        }
        return texts
    }

    private static func attributed<T>(
        _ name: String, _ files: [String: String], _ body: ([UInt8]) throws(SignalError) -> T
    ) throws(SignalError) -> T {
        guard let text = files[name] else {
            throw SignalError(.missingKey(name), at: InputLocation(file: "Resources/" + name))
        }
        do {
            return try body(Array(text.utf8))
        } catch {
            throw error.inFile("Resources/" + name)
        }
    }
}

extension Knowledge: Equatable {
    public static func == (left: Knowledge, right: Knowledge) -> Bool {
        left.texts == right.texts && left.files == right.files && left.catalog == right.catalog
            && left.routing == right.routing && left.contacts == right.contacts
    }
}

/// The parts of a knowledge base that are built when first asked for, once (the built-in
/// knowledge: SignalKnowledge keeps each part in a `static let`).
package protocol LazyKnowledge: Sendable {
    var catalogVersion: String { get }
    var catalog: Catalog { get }
    var routing: RoutingTable { get }
    var contacts: ContactDirectory { get }
}
