import SignalModel

/// Values that can write themselves as a Swift expression which rebuilds an equal value.
///
/// The tool decodes and checks `Resources/` with SignalModel's JSON decoders, then writes the
/// catalogue, routing table, contacts and texts with these conformances as Swift source for the
/// SignalKnowledge target. The binary therefore constructs its built-in knowledge instead of
/// parsing and checking JSON at start-up (`Knowledge+Bundled.swift`); the JSON decoders stay for
/// user-supplied files and for this build-time check.
///
/// Structs are written as calls of their `package` initialisers with every field labelled, so a
/// field that the emitter forgets either fails to compile or makes the bundled knowledge differ
/// from `Knowledge.load(files:)`, which a test compares field by field (`Equatable`). Every
/// expression is fully typed (`Level.none`, `Citation(…)`), so the generated file type-checks quickly.
protocol SwiftSourceConvertible {
    /// A Swift expression that evaluates to a value equal to this one.
    var swiftSource: String { get }
}

/// `Type(label: value, …)` for a struct's initialiser.
func swiftCall(_ type: String, _ arguments: KeyValuePairs<String, any SwiftSourceConvertible>) -> String {
    type + "(" + arguments.map { $0.key + ": " + $0.value.swiftSource }.joined(separator: ", ") + ")"
}

/// Enumerations are written as `Type.case` (the case name, which may differ from the raw value).
protocol SwiftSourceEnum: SwiftSourceConvertible {}

extension SwiftSourceEnum {
    var swiftSource: String { "\(Self.self).`\(self)`" }
}

extension String: SwiftSourceConvertible {
    /// A plain string literal; everything outside printable ASCII is escaped as `\u{…}`, so the
    /// literal holds exactly these scalars whatever the source file's line endings or normalisation.
    var swiftSource: String {
        var result = "\""
        for scalar in unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case " "..."~": result.unicodeScalars.append(scalar)
            default: result += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return result + "\""
    }
}

extension Int: SwiftSourceConvertible {
    var swiftSource: String { String(self) }
}

extension Bool: SwiftSourceConvertible {
    var swiftSource: String { self ? "true" : "false" }
}

extension Optional: SwiftSourceConvertible where Wrapped: SwiftSourceConvertible {
    var swiftSource: String { map(\.swiftSource) ?? "nil" }
}

extension Array: SwiftSourceConvertible where Element: SwiftSourceConvertible {
    var swiftSource: String { "[" + map(\.swiftSource).joined(separator: ", ") + "]" }
}

extension Set: SwiftSourceConvertible where Element: SwiftSourceConvertible {
    /// Sorted, so the generated file is the same on every build.
    var swiftSource: String { "[" + map(\.swiftSource).sorted().joined(separator: ", ") + "]" }
}

extension Dictionary: SwiftSourceConvertible where Key: SwiftSourceConvertible, Value: SwiftSourceConvertible {
    /// Sorted by key, so the generated file is the same on every build.
    var swiftSource: String {
        if isEmpty { return "[:]" }
        let entries = map { ($0.key.swiftSource, $0.value.swiftSource) }.sorted { $0.0 < $1.0 }
        return "[" + entries.map { $0.0 + ": " + $0.1 }.joined(separator: ", ") + "]"
    }
}

/// Source text that is already a Swift expression (the plugin's tool writes large arrays' elements as
/// calls of generated functions, one per element, so no single expression grows large).
struct SwiftExpression: SwiftSourceConvertible {
    var swiftSource: String
}

extension ClosedRange: SwiftSourceConvertible where Bound == Int {
    var swiftSource: String { "\(lowerBound)...\(upperBound)" }
}

extension Level: SwiftSourceEnum {}
extension Answer: SwiftSourceEnum {}
extension Role: SwiftSourceEnum {}
extension AgeBand: SwiftSourceEnum {}
extension IndicatorKind: SwiftSourceEnum {}
extension Urgency: SwiftSourceEnum {}
extension Language: SwiftSourceEnum {}
extension GateQuestion: SwiftSourceEnum {}

extension LocalizedText: SwiftSourceConvertible {
    var swiftSource: String { swiftCall("LocalizedText", ["nl": nl, "en": en]) }
}

extension Citation: SwiftSourceConvertible {
    var swiftSource: String { swiftCall("Citation", ["source": source, "lines": lines, "quote": quote]) }
}

extension Timestamp: SwiftSourceConvertible {
    /// Rebuilt from its text: the parser is the one that made it, and the text is echoed as written.
    var swiftSource: String { "Timestamp(iso8601: \(text.swiftSource))!" }
}

// MARK: Catalogue

extension Catalog: SwiftSourceConvertible {
    var swiftSource: String { swiftSource(indicators: indicators.map { SwiftExpression(swiftSource: $0.swiftSource) }) }

    /// The catalogue with its indicators written as given.
    func swiftSource(indicators: [SwiftExpression]) -> String {
        swiftCall(
            "Catalog",
            [
                "catalogVersion": catalogVersion, "scoring": scoring, "levels": levels, "families": families,
                "offences": offences, "indicators": indicators, "combinations": combinations, "interview": interview,
            ])
    }
}

extension InterviewFacts: SwiftSourceConvertible {
    var swiftSource: String {
        swiftCall(
            "InterviewFacts",
            [
                "rolesAwayFromArrest": rolesAwayFromArrest, "deepeningFamilies": deepeningFamilies,
                "deepeningQuestions": deepeningQuestions, "acuteFollowUps": acuteFollowUps, "dangerNow": dangerNow,
                "onlyWithoutCustodialParent": onlyWithoutCustodialParent,
            ])
    }
}

extension InterviewFacts.FollowUp: SwiftSourceConvertible {
    var swiftSource: String { swiftCall("InterviewFacts.FollowUp", ["ask": ask, "afterYes": afterYes]) }
}

extension CombinationCondition: SwiftSourceConvertible {
    var swiftSource: String { swiftCall("CombinationCondition", ["offences": offences, "allYes": allYes, "anyYes": anyYes]) }
}

extension CombinationExample: SwiftSourceConvertible {
    var swiftSource: String {
        swiftCall("CombinationExample", ["answers": answers, "context": context, "level": level, "combinations": combinations])
    }
}

extension Combination: SwiftSourceConvertible {
    var swiftSource: String {
        swiftCall(
            "Combination",
            [
                "id": id, "name": name, "rationale": rationale, "when": when, "atLeast": atLeast, "citations": citations,
                "examples": examples,
            ])
    }
}

extension ScoringRules: SwiftSourceConvertible {
    var swiftSource: String {
        swiftCall(
            "ScoringRules",
            ["attentionAt": attentionAt, "suspicionAt": suspicionAt, "rationale": rationale, "citations": citations])
    }
}

extension LevelDescription: SwiftSourceConvertible {
    var swiftSource: String { swiftCall("LevelDescription", ["level": level, "name": name, "meaning": meaning]) }
}

extension Family: SwiftSourceConvertible {
    var swiftSource: String { swiftCall("Family", ["id": id, "name": name, "citations": citations]) }
}

extension Offence: SwiftSourceConvertible {
    var swiftSource: String { swiftCall("Offence", ["id": id, "name": name, "citations": citations, "open": open]) }
}

extension AskClause: SwiftSourceConvertible {
    var swiftSource: String {
        swiftCall("AskClause", ["offences": offences, "anyYes": anyYes, "roles": roles, "ageBands": ageBands])
    }
}

extension CaseContext: SwiftSourceConvertible {
    var swiftSource: String {
        swiftCall(
            "CaseContext",
            [
                "age": age, "role": role, "offence": offence, "acuteDanger": acuteDanger,
                "guardianPresent": guardianPresent, "registeredInNL": registeredInNL, "assessedAt": assessedAt,
                "region": region,
            ])
    }
}

extension IndicatorExample: SwiftSourceConvertible {
    var swiftSource: String {
        swiftCall(
            "IndicatorExample",
            [
                "answers": answers, "context": context, "signals": signals, "level": level, "unknowns": unknowns,
                "checkNext": checkNext,
            ])
    }
}

extension Indicator: SwiftSourceConvertible {
    var swiftSource: String {
        swiftCall(
            "Indicator",
            [
                "id": id, "family": family, "kind": kind, "weight": weight, "question": question,
                "explanation": explanation, "rationale": rationale, "citations": citations, "ask": ask,
                "examples": examples, "countsOnlyWith": countsOnlyWith, "suspicionOnlyWith": suspicionOnlyWith, "offences": offences, "roles": roles,
                "presupposes": presupposes,
            ])
    }
}

// MARK: Routing and contacts

extension OfficeHours: SwiftSourceConvertible {
    var swiftSource: String { swiftCall("OfficeHours", ["weekdays": weekdays, "opens": opens, "closes": closes]) }
}

extension RouteCondition: SwiftSourceConvertible {
    var swiftSource: String {
        swiftCall(
            "RouteCondition",
            [
                "roles": roles, "ageBands": ageBands, "levels": levels, "acute": acute, "guardian": guardian,
                "registered": registered, "officeHours": officeHours, "offences": offences,
                "offencesExcluded": offencesExcluded, "answers": answers, "offenceGiven": offenceGiven,
            ])
    }
}

extension RouteStep: SwiftSourceConvertible {
    var swiftSource: String {
        swiftCall(
            "RouteStep",
            [
                "id": id, "party": party, "urgency": urgency, "action": action, "why": why, "citations": citations,
                "parts": parts, "own": own, "conditionalNow": conditionalNow,
            ])
    }
}

extension RouteRule: SwiftSourceConvertible {
    var swiftSource: String { swiftCall("RouteRule", ["id": id, "when": when, "steps": steps]) }
}

extension LegalNote: SwiftSourceConvertible {
    var swiftSource: String { swiftCall("LegalNote", ["id": id, "when": when, "text": text, "citations": citations]) }
}

extension RoutingTable: SwiftSourceConvertible {
    var swiftSource: String {
        swiftSource(rules: rules.map { SwiftExpression(swiftSource: $0.swiftSource) }, notes: notes.map { SwiftExpression(swiftSource: $0.swiftSource) })
    }

    /// The table with its rules and notes written as given.
    func swiftSource(rules: [SwiftExpression], notes: [SwiftExpression]) -> String {
        swiftCall("RoutingTable", ["officeHours": officeHours, "rules": rules, "notes": notes, "gateSources": gateSources])
    }
}

extension Contact: SwiftSourceConvertible {
    var swiftSource: String {
        swiftCall(
            "Contact",
            [
                "id": id, "name": name, "phone": phone, "via": via, "hours": hours, "asOf": asOf,
                "citations": citations, "organisation": organisation, "lines": lines, "names": names,
            ])
    }
}

extension Region: SwiftSourceConvertible {
    var swiftSource: String {
        swiftCall(
            "Region",
            ["id": id, "name": name, "rvdkPhone": rvdkPhone, "rvdkLocation": rvdkLocation, "citations": citations])
    }
}

extension ContactDirectory: SwiftSourceConvertible {
    var swiftSource: String {
        swiftSource(contacts: contacts.map { SwiftExpression(swiftSource: $0.swiftSource) }, regions: regions.map { SwiftExpression(swiftSource: $0.swiftSource) })
    }

    /// The directory with its contacts and regions written as given.
    func swiftSource(contacts: [SwiftExpression], regions: [SwiftExpression]) -> String {
        swiftCall("ContactDirectory", ["contacts": contacts, "regions": regions])
    }
}
