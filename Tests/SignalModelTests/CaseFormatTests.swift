import Foundation
import Testing

@testable import SignalModel

/// The case format's table (`CaseFormat.swift`) against `Resources/schema/case.schema.json`, and both
/// decoders against the table: every property the schema names is in the table and read by the
/// decoders, and every field they read is in the schema; example cases are valid per both.
@Suite("Case format: one table, the schema and both decoders")
struct CaseFormatTests {
    private static let schemaText = knowledge.files["schema/case.schema.json"] ?? ""

    private static func schema() throws -> JSONValue {
        try JSONParser.parse(Array(schemaText.utf8)).value
    }

    // MARK: - The table against the schema

    @Test("every object's properties, required keys and values are the table's", arguments: CaseObject.allCases)
    func objectMatchesSchema(_ object: CaseObject) throws {
        let root = try Self.schema()
        let node = try #require(Self.schemaNode(of: object, in: root), "no schema object for \(object)")
        #expect(node.string("type") == "object")
        #expect(node.member("additionalProperties") == .bool(false), "\(object): the schema must refuse unknown keys as the decoders do")
        let properties = try #require(node.member("properties")?.members)
        #expect(properties.map(\.key).sorted() == object.fields.map(\.name).sorted(), "\(object): the schema's properties and the table's fields differ")
        let required = node.member("required")?.strings ?? []
        #expect(required.sorted() == object.fields.filter(\.isRequired).map(\.name).sorted(), "\(object): required keys differ")
        for field in object.fields {
            let property = try #require(properties.first { $0.key == field.name }?.value.value)
            try Self.expect(property, matches: field.value, field: "\(object).\(field.name)", root: root)
        }
    }

    /// The schema node that describes an object of the table.
    private static func schemaNode(of object: CaseObject, in root: JSONValue) -> JSONValue? {
        switch object {
        case .root: root
        case .context: root.member("properties")?.member("context")
        case .override: root.member("properties")?.member("override")
        case .answer:
            // `answers` → additionalProperties → oneOf: the plain answer, or the object.
            root.member("properties")?.member("answers").map { resolve($0, in: root) }?.member("additionalProperties")?
                .member("oneOf")?.elements?.first { $0.string("type") == "object" }
        case .contribution: root.member("properties")?.member("history")?.member("items")
        }
    }

    private static func expect(_ property: JSONValue, matches value: CaseValue, field: String, root: JSONValue) throws {
        let property = resolve(property, in: root)
        switch value {
        case .formatVersion:
            #expect(property.member("enum")?.elements == Case.readableVersions.map { .number(String($0)) }, "\(field): not the versions read")
        case .text(let rule):
            #expect(property.string("type") == "string", "\(field)")
            #expect(property.integer("minLength") ?? 0 == rule.length.lowerBound, "\(field): minLength")
            #expect(property.integer("maxLength") == rule.length.upperBound, "\(field): maxLength")
        case .age:
            let choices = try #require(property.member("oneOf")?.elements, "\(field): age is a number or \"unknown\"")
            let number = try #require(choices.first { $0.string("type") == "integer" })
            #expect(number.integer("minimum") == CaseValue.ageRange.lowerBound && number.integer("maximum") == CaseValue.ageRange.upperBound, "\(field): range")
            #expect(choices.contains { $0.member("const") == .string(CaseValue.unknownAge) }, "\(field): \"unknown\"")
            #expect(choices.count == 2, "\(field)")
        case .choice(let values):
            #expect(property.member("enum")?.strings == values, "\(field): enumeration differs")
        case .offence:
            #expect(property.member("enum")?.strings == knowledge.catalog.offences.map(\.id), "\(field): offences differ from the catalogue's")
        case .region:
            #expect(property.string("type") == "string", "\(field)")
        case .timestamp:
            #expect(property.string("type") == "string", "\(field)")
            let pattern = try #require(property.string("pattern"))
            let regex = try NSRegularExpression(pattern: pattern)
            func matches(_ text: String) -> Bool {
                regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
            }
            for text in ["2026-11-21T23:40:00+01:00", "2026-11-21T23:40Z", "2026-11-21 23:40:00.5-03:30", "2028-02-29T10:00:00Z"] {
                #expect(Timestamp(iso8601: text) != nil, "\(field): \(text)")
                #expect(matches(text), "\(field): \(text)")
            }
            // The pattern checks the shape only: a day that does not exist (2026-02-29) passes it and is
            // refused by the decoder with its own message.
            for text in ["2026-11-21", "2026-11-21T23:40:00", "23:40", "2026-11-21T23:40:00+0100"] {
                #expect(Timestamp(iso8601: text) == nil, "\(field): \(text)")
                #expect(!matches(text), "\(field): \(text)")
            }
        case .object(let object):
            #expect(property.string("type") == "object", "\(field)")
            #expect(schemaNode(of: object, in: root) == property, "\(field): not the object the table names")
        case .list(let object):
            #expect(property.string("type") == "array", "\(field)")
            #expect(property.member("items") == schemaNode(of: object, in: root), "\(field): not a list of \(object)")
        case .stepIDs:
            #expect(property.string("type") == "array", "\(field)")
            #expect(property.member("items")?.string("type") == "string", "\(field)")
            #expect(property.member("uniqueItems") == .bool(true), "\(field): each step once")
        case .answerMap:
            #expect(property.string("type") == "object", "\(field)")
            let pattern = try #require(property.member("propertyNames")?.string("pattern"))
            let regex = try NSRegularExpression(pattern: pattern)
            for id in knowledge.catalog.indicators.map(\.id) {
                #expect(regex.firstMatch(in: id, range: NSRange(id.startIndex..., in: id)) != nil, "\(field): \(id) fails propertyNames")
            }
            let choices = try #require(property.member("additionalProperties")?.member("oneOf")?.elements)
            #expect(choices.count == 2)
            #expect(choices.contains { resolve($0, in: root).member("enum")?.strings == Answer.allCases.map(\.rawValue) }, "\(field): a plain answer")
        }
    }

    /// `{"$ref": "#/$defs/x"}` → the definition.
    private static func resolve(_ value: JSONValue, in root: JSONValue) -> JSONValue {
        guard let reference = value.string("$ref"), reference.hasPrefix("#/$defs/") else { return value }
        return root.member("$defs")?.member(String(reference.dropFirst("#/$defs/".count))) ?? value
    }

    // MARK: - The decoders against the table

    /// A case with every field of every object given (the streaming decoder leaves one with a
    /// history to the located one; `fullCaseV1` is the same case without it).
    private static let fullCase = #"""
        {"version":2,"reference":"ZSM-2026-0142","context":{"age":13,"role":"zsm","offence":"pickpocketing",
        "acuteDanger":"no","guardianPresent":"unknown","registeredInNL":"no","assessedAt":"2026-11-21T23:40:00+01:00",
        "region":"zwolle"},"answers":{"proceeds.handed_over":{"answer":"unknown","note":"zegt niets"}},
        "override":{"level":"suspicion","reason":"de collega kent het netwerk"},
        "history":[{"role":"police","at":"2026-11-21T23:40:00+01:00","answers":{"proceeds.handed_over":{"answer":"unknown","note":"zegt niets"}},
        "note":"aangehouden bij de winkel","done":["call_112"]}]}
        """#
    private static let fullCaseV1 = #"""
        {"version":1,"reference":"ZSM-2026-0142","context":{"age":13,"role":"zsm","offence":"pickpocketing",
        "acuteDanger":"no","guardianPresent":"unknown","registeredInNL":"no","assessedAt":"2026-11-21T23:40:00+01:00",
        "region":"zwolle"},"answers":{"proceeds.handed_over":{"answer":"unknown","note":"zegt niets"}},
        "override":{"level":"suspicion","reason":"de collega kent het netwerk"}}
        """#

    /// The path of a field of an object in `fullCase`.
    private static func path(of object: CaseObject, _ key: String) -> JSONPath {
        switch object {
        case .root: JSONPath.root.appending(key)
        case .context: JSONPath.root.appending("context").appending(key)
        case .override: JSONPath.root.appending("override").appending(key)
        case .answer: JSONPath.root.appending("answers").appending("proceeds.handed_over").appending(key)
        case .contribution: JSONPath.root.appending("history").appending(index: 0).appending(key)
        }
    }

    /// `fullCaseV1` edited as `edited` does (not for `history`).
    private static func editedV1(_ object: CaseObject, _ key: String, _ value: JSONOutput?) throws -> [UInt8] {
        try edited(object, key, value, in: fullCaseV1)
    }

    /// `fullCase` with one member of an object replaced (nil: removed) or added; an answer object is
    /// edited in `fullCaseV1`, where no history has to agree with it.
    private static func edited(_ object: CaseObject, _ key: String, _ value: JSONOutput?, in text: String? = nil) throws -> [UInt8] {
        let parsed = try JSONParser.parse(Array((text ?? (object == .answer ? fullCaseV1 : fullCase)).utf8)).value
        func edit(_ members: [JSONMember]) -> JSONOutput {
            var out = members.map { ($0.key, output($0.value.value)) }
            if let index = out.firstIndex(where: { $0.0 == key }) {
                if let value { out[index].1 = value } else { out.remove(at: index) }
            } else if let value {
                out.append((key, value))
            }
            return .object(out)
        }
        func output(_ value: JSONValue) -> JSONOutput {
            switch value {
            case .null: .null
            case .bool(let flag): .bool(flag)
            case .number(let text): .int(Int(text) ?? 0)
            case .string(let text): .string(text)
            case .array(let elements): .array(elements.map { output($0.value) })
            case .object(let members): .object(members.map { ($0.key, output($0.value.value)) })
            }
        }
        guard case .object(let root) = parsed else { throw CaseFormatTestError.notAnObject }
        let result: JSONOutput
        switch object {
        case .root: result = edit(root)
        case .context, .override:
            let name = object == .context ? "context" : "override"
            result = .object(root.map { member in
                guard member.key == name, case .object(let inner) = member.value.value else { return (member.key, output(member.value.value)) }
                return (member.key, edit(inner))
            })
        case .answer:
            result = .object(root.map { member in
                guard member.key == "answers", case .object(let answers) = member.value.value,
                    case .object(let inner) = answers[0].value.value
                else { return (member.key, output(member.value.value)) }
                return (member.key, .object([(answers[0].key, edit(inner))]))
            })
        case .contribution:
            result = .object(root.map { member in
                guard member.key == "history", case .array(let entries) = member.value.value,
                    case .object(let inner) = entries[0].value
                else { return (member.key, output(member.value.value)) }
                return (member.key, .array([edit(inner)]))
            })
        }
        return Array(result.serialized(pretty: false).utf8)
    }

    private static func strict(_ bytes: [UInt8]) -> Result<Case, SignalError> {
        do throws(SignalError) { return .success(try Case.decode(bytes, knowledge: knowledge)) } catch { return .failure(error) }
    }

    /// The streaming decoder's verdict agrees: it leaves the case to the located decoder, or gives the same case.
    private static func fastAgrees(_ bytes: [UInt8], _ decoded: Case) -> Bool {
        guard let quick = FastCaseDecoder(knowledge: knowledge).decode(bytes) else { return true }
        return quick == decoded
    }

    @Test("the full case is read with every field; the streaming decoder reads it without its history")
    func fullCaseDecodes() throws {
        let decoded = try Self.strict(Array(Self.fullCase.utf8)).get()
        #expect(decoded.reference != nil && decoded.override != nil && decoded.context.region != nil && decoded.context.assessedAt != nil)
        #expect(decoded.answers["proceeds.handed_over"]?.note != nil)
        let contribution = try #require(decoded.history.first)
        #expect(contribution.role == .police && contribution.at != nil && contribution.note != nil && contribution.done == ["call_112"])
        #expect(FastCaseDecoder(knowledge: knowledge).decode(Array(Self.fullCase.utf8)) == nil)
        var withoutHistory = decoded
        withoutHistory.history = []
        let v1 = Array(Self.fullCaseV1.utf8)
        #expect(try Self.strict(v1).get() == withoutHistory)
        #expect(FastCaseDecoder(knowledge: knowledge).decode(v1) == withoutHistory)
    }

    @Test("each field is read: a wrong value is refused at its own path, by both decoders", arguments: CaseObject.allCases)
    func everyFieldIsRead(_ object: CaseObject) throws {
        let fast = FastCaseDecoder(knowledge: knowledge)
        for field in object.fields {
            let bytes = try Self.edited(object, field.name, .bool(true))
            guard case .failure(let error) = Self.strict(bytes) else {
                Issue.record("\(object).\(field.name): a boolean is accepted")
                continue
            }
            #expect(error.location.path == Self.path(of: object, field.name), "\(object).\(field.name): \(error.kind) at \(error.location.path)")
            if case .unknownKey = error.kind { Issue.record("\(object).\(field.name) is not read by the located decoder") }
            #expect(fast.decode(bytes) == nil, "\(object).\(field.name): the streaming decoder accepts a boolean")
            if object != .contribution, field.name != "history" {
                let v1 = try Self.editedV1(object, field.name, .bool(true))
                #expect(fast.decode(v1) == nil, "\(object).\(field.name): the streaming decoder accepts a boolean")
            }
        }
    }

    @Test("each required field is required and each optional one is not, by both decoders", arguments: CaseObject.allCases)
    func requiredFields(_ object: CaseObject) throws {
        let fast = FastCaseDecoder(knowledge: knowledge)
        for field in object.fields {
            let bytes = try Self.edited(object, field.name, nil)
            let result = Self.strict(bytes)
            if field.isRequired {
                guard case .failure(let error) = result else {
                    Issue.record("\(object).\(field.name) is required by the table, but a case without it is accepted")
                    continue
                }
                if field.name != "version" { #expect(error.kind == .missingKey(field.name), "\(object).\(field.name): \(error.kind)") }
                #expect(fast.decode(bytes) == nil)
            } else {
                let decoded = try result.get()
                #expect(Self.fastAgrees(bytes, decoded), "\(object).\(field.name): the decoders differ")
                if field.nullMeansAbsent {
                    let withNull = try Self.edited(object, field.name, .null)
                    #expect(try Self.strict(withNull).get() == decoded, "\(object).\(field.name): null is not absent")
                    #expect(Self.fastAgrees(withNull, decoded))
                }
                if object != .contribution, field.name != "history" {
                    let v1 = try Self.editedV1(object, field.name, nil)
                    let v1Decoded = try Self.strict(v1).get()
                    #expect(fast.decode(v1) == v1Decoded, "\(object).\(field.name): the streaming decoder differs")
                }
            }
        }
    }

    @Test("a key the table does not name is refused, by both decoders", arguments: CaseObject.allCases)
    func unknownKeys(_ object: CaseObject) throws {
        let bytes = try Self.edited(object, "remark", .string("x"))
        guard case .failure(let error) = Self.strict(bytes) else {
            Issue.record("\(object): an unknown key is accepted")
            return
        }
        #expect(error.location.path == Self.path(of: object, "remark"))
        #expect(error.kind == .unknownKey("remark", suggestion: object == .override ? "reason" : nil) || { if case .unknownKey = error.kind { true } else { false } }())
        #expect(FastCaseDecoder(knowledge: knowledge).decode(bytes) == nil)
    }

    // MARK: - Examples valid per both

    /// The example cases: the fixtures, the full case above and generated cases.
    private static func examples() throws -> [(String, [UInt8])] {
        let folder = repositoryRoot.appendingPathComponent("Tests/Fixtures/cases")
        var result: [(String, [UInt8])] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".json") {
            result.append((name, [UInt8](try Data(contentsOf: folder.appendingPathComponent(name)))))
        }
        result.append(("full case", Array(fullCase.utf8)))
        // Generated cases hold every tricky text, some of them refused (a BSN, an invisible character
        // in the reference): the examples are the ones the located decoder accepts.
        for (index, generated) in generatedCases(count: 80, seed: 5).enumerated() {
            let bytes = Array(generated.encoded(order: knowledge.catalog).serialized(pretty: false).utf8)
            if case .success = strict(bytes) { result.append(("generated \(index)", bytes)) }
        }
        return result
    }

    @Test("every example case is valid per the schema and decoded alike by both decoders")
    func examplesValidPerBoth() throws {
        let root = try Self.schema()
        let validator = SchemaValidator(root: root)
        let fast = FastCaseDecoder(knowledge: knowledge)
        let examples = try Self.examples()
        #expect(examples.count > 60)
        for (name, bytes) in examples {
            let document = try JSONParser.parse(bytes).value
            #expect(validator.problems(document).isEmpty, "\(name): \(validator.problems(document))")
            let decoded = try Self.strict(bytes).get()
            let compact = Array(decoded.encoded(order: knowledge.catalog).serialized(pretty: false).utf8)
            #expect(try Self.strict(compact).get() == decoded, "\(name): does not read back as it was written")
            if decoded.history.isEmpty {
                #expect(fast.decode(compact) == decoded, "\(name): the streaming decoder differs")
            } else {
                #expect(fast.decode(compact) == nil, "\(name): a history is for the located decoder")
            }
        }
    }

    @Test("the schema check can fail: a wrong case is invalid per the schema")
    func validatorRefuses() throws {
        let validator = SchemaValidator(root: try Self.schema())
        for bad in [
            #"{"version":1,"context":{"age":13},"answers":{}}"#, #"{"version":3,"context":{"age":13,"role":"zsm"},"answers":{}}"#,
            #"{"version":1,"context":{"age":130,"role":"zsm"},"answers":{}}"#,
            #"{"version":1,"context":{"age":13,"role":"zsm","gender":"x"},"answers":{}}"#,
            #"{"version":1,"context":{"age":13,"role":"zsm"},"answers":{"a.b":"maybe"}}"#,
            #"{"version":1,"context":{"age":13,"role":"zsm"},"answers":{"a.b":{"note":"x"}}}"#,
            #"{"version":1,"reference":"","context":{"age":13,"role":"zsm"},"answers":{}}"#,
            #"{"version":1,"context":{"age":13,"role":"zsm"},"answers":{},"history":[]}"#,
            #"{"version":2,"context":{"age":13,"role":"zsm"},"answers":{},"history":[{"answers":{}}]}"#,
            #"{"version":2,"context":{"age":13,"role":"zsm"},"answers":{},"history":[{"role":"zsm","answers":{},"done":["a","a"]}]}"#,
        ] {
            #expect(!validator.problems(try JSONParser.parse(Array(bad.utf8)).value).isEmpty, "\(bad) passes the schema")
        }
    }
}

private enum CaseFormatTestError: Error { case notAnObject }

/// The part of JSON Schema (2020-12) that case.schema.json uses; any other keyword is a failure, so
/// the schema cannot grow a rule this check ignores.
struct SchemaValidator {
    let root: JSONValue
    static let annotations: Set<String> = ["$schema", "$id", "title", "description", "$defs"]
    static let keywords: Set<String> = [
        "type", "enum", "const", "required", "properties", "additionalProperties", "propertyNames", "oneOf", "$ref",
        "minLength", "maxLength", "minimum", "maximum", "pattern", "items", "uniqueItems", "if", "then", "not",
    ]

    func problems(_ value: JSONValue) -> [String] {
        var found: [String] = []
        check(value, against: root, at: "$", into: &found)
        return found
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String, into found: inout [String]) {
        guard case .object(let members) = schema else { return }
        for member in members {
            let key = member.key
            let rule = member.value.value
            switch key {
            case _ where Self.annotations.contains(key): continue
            case "$ref":
                guard let reference = rule.stringValue, reference.hasPrefix("#/$defs/"),
                    let target = root.member("$defs")?.member(String(reference.dropFirst(8)))
                else {
                    found.append("\(path): bad $ref")
                    continue
                }
                check(value, against: target, at: path, into: &found)
            case "type":
                let name = rule.stringValue ?? ""
                let ok: Bool
                switch (name, value) {
                case ("object", .object), ("string", .string), ("array", .array), ("boolean", .bool), ("null", .null): ok = true
                case ("integer", .number(let text)): ok = Int(text) != nil
                case ("number", .number): ok = true
                default: ok = false
                }
                if !ok { found.append("\(path): not \(name)") }
            case "enum":
                if !(rule.elements ?? []).contains(value) { found.append("\(path): not one of the enumeration") }
            case "const":
                if rule != value { found.append("\(path): not the constant") }
            case "required":
                if case .object(let given) = value {
                    for name in rule.strings ?? [] where !given.contains(where: { $0.key == name }) { found.append("\(path): \(name) missing") }
                }
            case "properties":
                if case .object(let given) = value, case .object(let declared) = rule {
                    for member in given {
                        if let property = declared.first(where: { $0.key == member.key }) {
                            check(member.value.value, against: property.value.value, at: path + "." + member.key, into: &found)
                        }
                    }
                }
            case "additionalProperties":
                guard case .object(let given) = value else { continue }
                let declared = schema.member("properties")?.members?.map(\.key) ?? []
                for member in given where !declared.contains(member.key) {
                    if rule == .bool(false) {
                        found.append("\(path): \(member.key) not allowed")
                    } else {
                        check(member.value.value, against: rule, at: path + "." + member.key, into: &found)
                    }
                }
            case "propertyNames":
                if case .object(let given) = value {
                    for member in given { check(.string(member.key), against: rule, at: path + " key " + member.key, into: &found) }
                }
            case "oneOf":
                let passing = (rule.elements ?? []).filter { choice in
                    var inner: [String] = []
                    check(value, against: choice, at: path, into: &inner)
                    return inner.isEmpty
                }
                if passing.count != 1 { found.append("\(path): \(passing.count) of oneOf match") }
            case "items":
                for (index, element) in (value.elements ?? []).enumerated() {
                    check(element, against: rule, at: path + "[\(index)]", into: &found)
                }
            case "uniqueItems":
                if rule == .bool(true), let elements = value.elements {
                    for (index, element) in elements.enumerated() where elements[..<index].contains(element) {
                        found.append("\(path)[\(index)]: repeated")
                    }
                }
            case "if":
                var inner: [String] = []
                check(value, against: rule, at: path, into: &inner)
                if inner.isEmpty, let then = schema.member("then") { check(value, against: then, at: path, into: &found) }
            case "then":
                continue  // with "if"
            case "not":
                var inner: [String] = []
                check(value, against: rule, at: path, into: &inner)
                if inner.isEmpty { found.append("\(path): matches what is not allowed") }
            case "minLength", "maxLength":
                if case .string(let text) = value, let bound = rule.intValue {
                    let count = text.unicodeScalars.count
                    if key == "minLength" ? count < bound : count > bound { found.append("\(path): \(key) \(bound)") }
                }
            case "minimum", "maximum":
                if case .number(let text) = value, let number = Double(text), let bound = rule.intValue {
                    if key == "minimum" ? number < Double(bound) : number > Double(bound) { found.append("\(path): \(key) \(bound)") }
                }
            case "pattern":
                if case .string(let text) = value, let pattern = rule.stringValue {
                    let regex = try? NSRegularExpression(pattern: pattern)
                    if regex?.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil { found.append("\(path): pattern") }
                }
            default:
                found.append("\(path): the check does not know the schema keyword \(key)")
            }
        }
    }
}

extension JSONValue {
    func member(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value.value
    }

    var members: [JSONMember]? {
        guard case .object(let members) = self else { return nil }
        return members
    }

    var elements: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements.map(\.value)
    }

    var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    var intValue: Int? {
        guard case .number(let text) = self else { return nil }
        return Int(text)
    }

    var strings: [String]? { elements?.compactMap(\.stringValue) }

    func string(_ key: String) -> String? { member(key)?.stringValue }

    func integer(_ key: String) -> Int? { member(key)?.intValue }
}
