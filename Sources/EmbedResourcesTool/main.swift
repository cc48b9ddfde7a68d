import Foundation
import SignalModel

// Usage: EmbedResourcesTool RESOURCES_DIR OUTPUT.swift
//
// Decodes and cross-checks every file under Resources/ with SignalModel's own decoders (this tool
// depends on the library like any client), so bad data fails the BUILD with the same located error
// the tool would give at run time:
//   /path/Resources/catalog.json:12:5: error: $.indicators[3].weight: …
// Then writes `BundledResources` for the SignalKnowledge target: the texts, catalogue, contacts and
// routing table as Swift source that constructs the decoded values (SwiftSource.swift), so the
// binary neither parses nor checks JSON for its built-in knowledge; and the text (raw string
// literals) of the other files only — scenarios and the case schema — so each piece of data is in
// the binary once. The output is rewritten only when it changes, so a tool rebuilt after a library
// edit does not make the knowledge target compile again.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: EmbedResourcesTool RESOURCES_DIR OUTPUT\n".utf8))
    exit(64)
}
let root = URL(fileURLWithPath: arguments[1]).standardizedFileURL.path
let outputPath = arguments[2]
var files: [String: String] = [:]
var names: [String] = []
if let walker = FileManager.default.enumerator(atPath: root) {
    for case let relative as String in walker where relative.hasSuffix(".json") { names.append(relative) }
}
for relative in names {
    let full = root + "/" + relative
    guard let data = FileManager.default.contents(atPath: full),
        let text = String(data: data, encoding: .utf8)
    else {
        FileHandle.standardError.write(Data("\(full): error: cannot read as UTF-8\n".utf8))
        exit(65)
    }
    files[relative] = text
}

/// `file:line:column: error: $.path: message` with the file made absolute, as compilers report.
func report(_ error: SignalError, texts: Texts) -> Never {
    var located = error
    if let file = located.location.file, file.hasPrefix("Resources/") {
        located.location.file = root + "/" + file.dropFirst("Resources/".count)
    }
    let body = String(located.message(texts, .en).dropFirst(located.locationPrefix.count))
    var head = ""
    if let file = located.location.file { head += file + ":" }
    if let position = located.location.position { head += "\(position.line):\(position.column):" }
    let path = located.location.path.map { $0.description + ": " } ?? ""
    let message = (head.isEmpty ? "" : head + " ") + "error: " + path + body
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(65)
}

// Texts first: they word the messages for everything else (a broken texts file is reported with
// bare keys).
let texts: Texts
do {
    texts = try Knowledge.decodeTexts(files: files)
} catch {
    report(error, texts: Texts(strings: [:]))
}
let knowledge: Knowledge
do {
    knowledge = try Knowledge.load(files: files)
    _ = try Scenario.bundled(in: knowledge)
} catch {
    report(error, texts: texts)
}

/// A Swift string literal that holds exactly `text`: a raw multi-line literal when the text has no
/// carriage return (a multi-line literal would turn CR LF into LF), else an escaped one.
func literal(_ text: String) -> String {
    if text.contains("\r") { return text.swiftSource }
    var hashes = "#"
    while text.contains("\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    return text.contains("\n") ? "\(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)" : "\(hashes)\"\(text)\"\(hashes)"
}

// The catalogue, contacts and routing table as Swift source that constructs them
// (`SwiftSourceConvertible`, SwiftSource.swift): the binary builds them instead of decoding JSON at start-up. Each
// indicator, contact, region, rule and note gets a function of its own, so no single expression
// (and no single function for the optimiser) grows with the data.
var functions = ""
func split<T: SwiftSourceConvertible>(
    _ values: [T], name: String, type: String, into functions: inout String
) -> [SwiftExpression] {
    var calls: [SwiftExpression] = []
    for (index, value) in values.enumerated() {
        functions += "    private static func \(name)\(index)() -> \(type) {\n        \(value.swiftSource)\n    }\n\n"
        calls.append(SwiftExpression(swiftSource: "\(name)\(index)()"))
    }
    return calls
}
let catalogSource = knowledge.catalog.swiftSource(
    indicators: split(knowledge.catalog.indicators, name: "indicator", type: "Indicator", into: &functions))
let contactsSource = knowledge.contacts.swiftSource(
    contacts: split(knowledge.contacts.contacts, name: "contact", type: "Contact", into: &functions),
    regions: split(knowledge.contacts.regions, name: "region", type: "Region", into: &functions))
let routingSource = knowledge.routing.swiftSource(
    rules: split(knowledge.routing.rules, name: "rule", type: "RouteRule", into: &functions),
    notes: split(knowledge.routing.notes, name: "note", type: "LegalNote", into: &functions))

var source = "// Generated by the EmbedResources plugin from Resources/ (checked by SignalModel's decoders). Do not edit.\n"
source += "import SignalModel\n\n"
source += "enum BundledResources {\n"
source += "    static let catalogVersion: String = \(knowledge.catalog.catalogVersion.swiftSource)\n\n"
// The raw text only of the files that are not constructed below (scenarios, the case schema): the
// catalogue, contacts, routing table and texts are in the binary once, as the code that builds them.
func isConstructed(_ name: String) -> Bool {
    ["catalog.json", "contacts.json", "routing.json"].contains(name) || (name.hasPrefix("strings/") && name.hasSuffix(".json"))
}
source += "    static let files: [String: String] = [\n"
for name in files.keys.sorted() where !isConstructed(name) {
    source += "        \(literal(name)): \(literal(files[name] ?? "")),\n"
}
if files.keys.allSatisfy(isConstructed) { source += "        :\n" }
source += "    ]\n\n"
source += "    static let texts: [String: LocalizedText] = [\n"
for key in knowledge.texts.strings.keys.sorted() {
    let text = knowledge.texts.strings[key] ?? LocalizedText(nl: "", en: "")
    source += "        \(key.swiftSource): \(text.swiftSource),\n"
}
source += "    ]\n\n"
source += "    static func catalog() -> Catalog {\n        \(catalogSource)\n    }\n\n"
source += "    static func contacts() -> ContactDirectory {\n        \(contactsSource)\n    }\n\n"
source += "    static func routing() -> RoutingTable {\n        \(routingSource)\n    }\n\n"
source += functions
source += "}\n"
if FileManager.default.contents(atPath: outputPath) != Data(source.utf8) {
    do {
        try source.write(toFile: outputPath, atomically: true, encoding: .utf8)
    } catch {
        FileHandle.standardError.write(Data("EmbedResourcesTool: cannot write \(outputPath): \(error)\n".utf8))
        exit(73)
    }
}
