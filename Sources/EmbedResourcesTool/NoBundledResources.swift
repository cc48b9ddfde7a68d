
// The tool compiles SignalModel's sources but not Knowledge+Bundled.swift (the tool is what makes
// the bundle). These stand in for it; the tool only uses `Knowledge.load(files:)`.
extension Knowledge {
    static var bundledCatalogVersion: String { fatalError("no bundled resources in EmbedResourcesTool") }
    static var bundledCatalog: Catalog { fatalError("no bundled resources in EmbedResourcesTool") }
    static var bundledContacts: ContactDirectory { fatalError("no bundled resources in EmbedResourcesTool") }
    static var bundledRouting: RoutingTable { fatalError("no bundled resources in EmbedResourcesTool") }
}
