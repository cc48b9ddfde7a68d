import Foundation
import SignalModel

/// A small JSON Schema (draft 2020-12) validator for the output schemas' tests: the keywords those
/// schemas use, and a refusal of every other keyword, so a schema can never lean on a keyword this
/// validator would silently skip. Values are read with SignalModel's strict parser, which keeps
/// integers, booleans and null apart exactly.
///
/// `closed`: an object schema with `properties` and no `additionalProperties` also refuses keys it
/// does not list. The published schemas leave objects open (a new key is not a break); the tests
/// validate closed, so every key the tool writes is one the schema documents.
struct SchemaValidator {
    static let keywords: Set<String> = [
        "$schema", "$id", "title", "description", "$comment", "$defs", "$ref", "type", "enum", "const", "required",
        "properties", "additionalProperties", "items", "prefixItems", "minItems", "maxItems", "minimum", "minLength",
        "oneOf", "anyOf", "format",
    ]
    static let formats: Set<String> = ["date-time"]

    let root: JSONValue
    let closed: Bool
    /// Stop at the first problem (`accepts`): a record checked against the schema that must refuse
    /// it needs one problem, not all of them.
    private var firstProblemOnly = false

    struct SchemaProblem: Error, CustomStringConvertible {
        var description: String
    }

    init(_ url: URL, closed: Bool) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        root = try JSONParser.parse(text).value
        self.closed = closed
        var problems: [String] = []
        Self.check(root, at: "#", &problems)
        if !problems.isEmpty { throw SchemaProblem(description: problems.joined(separator: "\n")) }
    }

    /// Every keyword in the schema is one this validator implements (or an annotation), every `$ref`
    /// resolves, every `format` is known.
    private static func check(_ schema: JSONValue, at path: String, _ problems: inout [String]) {
        switch schema {
        case .bool: return
        case .object(let members):
            for member in members {
                let here = path + "/" + member.key
                guard keywords.contains(member.key) else {
                    problems.append("\(here): keyword not supported by the test validator")
                    continue
                }
                switch member.key {
                case "$defs", "properties":
                    guard case .object(let children) = member.value.value else {
                        problems.append("\(here): not an object")
                        continue
                    }
                    for child in children { check(child.value.value, at: here + "/" + child.key, &problems) }
                case "additionalProperties", "items":
                    check(member.value.value, at: here, &problems)
                case "prefixItems", "oneOf", "anyOf":
                    guard case .array(let children) = member.value.value else {
                        problems.append("\(here): not an array")
                        continue
                    }
                    for (index, child) in children.enumerated() { check(child.value, at: here + "/\(index)", &problems) }
                case "format":
                    if case .string(let format) = member.value.value, formats.contains(format) { continue }
                    problems.append("\(here): format not supported")
                default: continue
                }
            }
        default:
            problems.append("\(path): a schema is an object or a boolean")
        }
    }

    /// The problems of `instance` against the whole schema, each with its JSON path.
    func problems(_ instance: JSONValue) -> [String] {
        var problems: [String] = []
        validate(instance, root, at: "$", &problems)
        return problems
    }

    /// Whether `instance` passes: `problems(instance).isEmpty`, but stops at the first problem.
    func accepts(_ instance: JSONValue) -> Bool {
        var quick = self
        quick.firstProblemOnly = true
        var problems: [String] = []
        quick.validate(instance, root, at: "$", &problems)
        return problems.isEmpty
    }

    private func member(_ name: String, of schema: [JSONMember]) -> JSONValue? {
        schema.first { $0.key == name }?.value.value
    }

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var current = root
        for part in reference.dropFirst().split(separator: "/") {
            guard case .object(let members) = current, let next = member(String(part), of: members) else { return nil }
            current = next
        }
        return current
    }

    private func validate(_ instance: JSONValue, _ schema: JSONValue, at path: String, _ problems: inout [String]) {
        if firstProblemOnly && !problems.isEmpty { return }
        let members: [JSONMember]
        switch schema {
        case .bool(let allowed):
            if !allowed { problems.append("\(path): not allowed here") }
            return
        case .object(let list): members = list
        default:
            problems.append("\(path): broken schema")
            return
        }
        if case .string(let reference)? = member("$ref", of: members) {
            if let target = resolve(reference) {
                validate(instance, target, at: path, &problems)
            } else {
                problems.append("\(path): $ref \(reference) does not resolve")
            }
        }
        if let type = member("type", of: members) {
            let names: [String]
            switch type {
            case .string(let name): names = [name]
            case .array(let list): names = list.compactMap { if case .string(let name) = $0.value { name } else { nil } }
            default: names = []
            }
            if !names.contains(where: { Self.has(instance, type: $0) }) {
                problems.append("\(path): \(instance.typeName) where the schema wants \(names.joined(separator: " or "))")
                return
            }
        }
        if let const = member("const", of: members), !Self.equal(instance, const) {
            problems.append("\(path): not the constant \(Self.text(const))")
        }
        if case .array(let options)? = member("enum", of: members), !options.contains(where: { Self.equal(instance, $0.value) }) {
            problems.append("\(path): \(Self.text(instance)) is not one of \(options.map { Self.text($0.value) }.joined(separator: ", "))")
        }
        if case .array(let options)? = member("oneOf", of: members) {
            let passing = options.filter { option in
                var inner: [String] = []
                validate(instance, option.value, at: path, &inner)
                return inner.isEmpty
            }.count
            if passing != 1 { problems.append("\(path): matches \(passing) of the oneOf schemas, not exactly one") }
        }
        if case .array(let options)? = member("anyOf", of: members) {
            let passing = options.contains { option in
                var inner: [String] = []
                validate(instance, option.value, at: path, &inner)
                return inner.isEmpty
            }
            if !passing { problems.append("\(path): matches none of the anyOf schemas") }
        }
        switch instance {
        case .object(let fields):
            if case .array(let required)? = member("required", of: members) {
                for case .string(let key) in required.map(\.value) where !fields.contains(where: { $0.key == key }) {
                    problems.append("\(path): required key \"\(key)\" is missing")
                }
            }
            var declared: [JSONMember] = []
            if case .object(let properties)? = member("properties", of: members) { declared = properties }
            let additional = member("additionalProperties", of: members)
            for field in fields {
                let here = path + "." + field.key
                if let property = declared.first(where: { $0.key == field.key }) {
                    validate(field.value.value, property.value.value, at: here, &problems)
                } else if let additional {
                    validate(field.value.value, additional, at: here, &problems)
                } else if closed, member("properties", of: members) != nil {
                    problems.append("\(here): a key the schema does not document")
                }
            }
        case .array(let elements):
            if case .number(let text)? = member("minItems", of: members), let least = Int(text), elements.count < least {
                problems.append("\(path): \(elements.count) items, fewer than \(least)")
            }
            if case .number(let text)? = member("maxItems", of: members), let most = Int(text), elements.count > most {
                problems.append("\(path): \(elements.count) items, more than \(most)")
            }
            var prefix: [JSONNode] = []
            if case .array(let list)? = member("prefixItems", of: members) { prefix = list }
            for (index, element) in elements.enumerated() {
                if index < prefix.count {
                    validate(element.value, prefix[index].value, at: path + "[\(index)]", &problems)
                } else if let items = member("items", of: members) {
                    validate(element.value, items, at: path + "[\(index)]", &problems)
                }
            }
        case .string(let text):
            if case .number(let bound)? = member("minLength", of: members), let least = Int(bound), text.unicodeScalars.count < least {
                problems.append("\(path): shorter than \(least)")
            }
            if case .string("date-time")? = member("format", of: members), !Self.isDateTime(text) {
                problems.append("\(path): \"\(text)\" is not an RFC 3339 date-time")
            }
        case .number(let text):
            if case .number(let bound)? = member("minimum", of: members), let least = Double(bound), let value = Double(text), value < least {
                problems.append("\(path): \(text) is below the minimum \(bound)")
            }
        default: break
        }
    }

    static func has(_ instance: JSONValue, type: String) -> Bool {
        switch (instance, type) {
        case (.null, "null"), (.bool, "boolean"), (.string, "string"), (.array, "array"), (.object, "object"), (.number, "number"): true
        case (.number(let text), "integer"): !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
        default: false
        }
    }

    static func equal(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.number(let a), .number(let b)): Double(a) == Double(b)
        case (.array(let a), .array(let b)): a.count == b.count && zip(a, b).allSatisfy { equal($0.value, $1.value) }
        case (.object(let a), .object(let b)):
            a.count == b.count && a.allSatisfy { field in b.contains { $0.key == field.key && equal($0.value.value, field.value.value) } }
        default: false
        }
    }

    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): String(flag)
        case .number(let text): text
        case .string(let text): "\"\(text)\""
        case .array: "[…]"
        case .object: "{…}"
        }
    }

    /// RFC 3339 `date-time`: `2026-11-21T23:40:00+01:00`, `…Z`, optional fraction.
    static func isDateTime(_ text: String) -> Bool {
        text.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"#, options: .regularExpression) != nil
    }
}
