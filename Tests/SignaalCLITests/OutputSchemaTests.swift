import Foundation
import SignalModel
import Testing

/// The published output schemas (`docs/schema/assessment.{full,compact}.schema.json`) against the
/// built binary's real output, with the small validator in `SchemaValidator.swift`.
@Suite("Output schemas: real records validate, broken ones do not")
struct OutputSchemaTests {
    static func schema(_ form: String, closed: Bool = true) throws -> SchemaValidator {
        try SchemaValidator(Binary.root.appendingPathComponent("docs/schema/assessment.\(form).schema.json"), closed: closed)
    }

    static func parse(_ text: some StringProtocol) throws -> JSONValue { try JSONParser.parse(String(text)).value }

    /// Lines that fail, so error records are validated too: syntax, a bad value, blank, a profile field.
    static let badLines = [
        "{", #"{"version":1,"context":{"age":230,"role":"police"},"answers":{}}"#, "  ",
        #"{"version":1,"context":{"age":13,"role":"police","nationality":"x"},"answers":{}}"#, "nope",
    ]

    @Test("both schema files are draft 2020-12 and use only keywords the test validator implements")
    func schemasAreUsable() throws {
        for form in ["full", "compact"] {
            let validator = try Self.schema(form)
            guard case .object(let members) = validator.root else { Issue.record("\(form): not an object"); continue }
            #expect(members.first { $0.key == "$schema" }?.value.value == .string("https://json-schema.org/draft/2020-12/schema"))
        }
    }

    @Test("every batch record of fixtures, scenario, bench and generated cases validates, in both forms; error records too")
    func realOutputValidates() throws {
        let lines = try RecordCorpus.all(bench: 2_000)
        #expect(lines.count > (Exhaustive.on ? 2_500 : 250))
        var mixed = lines
        for (index, bad) in Self.badLines.enumerated() { mixed.insert(bad, at: 1 + index * 37) }
        for form in ["full", "compact"] {
            let validator = try Self.schema(form)
            let other = try Self.schema(form == "full" ? "compact" : "full")
            for language in ["en", "nl"] {
                let result = try Binary.run(
                    ["score", "--batch", "--records", form, "--lang", language, "--at", RecordCorpus.time, "-"], stdin: Batch.ndjson(mixed))
                #expect(result.status == 65, "\(result.stderr.suffix(500))")
                let records = result.stdout.split(separator: "\n")
                #expect(records.count == mixed.count)
                var failures = 0
                var errors = 0
                for (number, record) in records.enumerated() where failures < 5 {
                    let value = try Self.parse(record)
                    let problems = validator.problems(value)
                    if !problems.isEmpty {
                        failures += 1
                        Issue.record("\(form) \(language) line \(number + 1): \(problems.prefix(5).joined(separator: "; "))")
                    }
                    if record.hasPrefix(#"{"outputVersion":1,"line""#) {
                        errors += 1
                    } else {
                        // The schemas tell the forms apart: a record never validates against the other form.
                        #expect(!other.accepts(value), "\(form) line \(number + 1) passes the other schema")
                    }
                }
                #expect(errors == Self.badLines.count, "error records checked: \(errors)")
            }
        }
    }

    @Test("one case: score --format json (full, indented) and --records compact validate, for every fixture")
    func singleCaseValidates() throws {
        for form in ["full", "compact"] {
            let validator = try Self.schema(form)
            for name in Golden.caseNames {
                let result = try Binary.run(
                    ["score", "--format", "json", "--records", form, "Tests/Fixtures/cases/\(name).json"], directory: Binary.root)
                #expect(result.status == 0)
                #expect(validator.problems(try Self.parse(result.stdout)) == [], "\(form) \(name)")
            }
        }
    }

    @Test("the validator finds what is wrong: missing and undocumented keys, types, constants, values, tuples, dates")
    func validatorCatchesBreaks() throws {
        let fixture = "Tests/Fixtures/cases/pickpocket_instructed_night.json"
        let full = try Binary.run(["score", "--format", "json", fixture], directory: Binary.root).stdout
        let compact = try Binary.run(["score", "--format", "json", "--records", "compact", fixture], directory: Binary.root).stdout
        let fullSchema = try Self.schema("full")
        let openFull = try Self.schema("full", closed: false)
        let compactSchema = try Self.schema("compact")
        #expect(fullSchema.problems(try Self.parse(full)) == [])
        #expect(compactSchema.problems(try Self.parse(compact)) == [])
        // `accepts` (the quick check that stops at the first problem) says the same.
        #expect(try fullSchema.accepts(Self.parse(full)) && !compactSchema.accepts(Self.parse(full)))
        #expect(try compactSchema.accepts(Self.parse(compact)) && !fullSchema.accepts(Self.parse(compact)))
        /// Replaces the first occurrence of `old` (which must be there) in `text`.
        func broken(_ text: String, _ old: String, _ new: String) throws -> JSONValue {
            let range = try #require(text.range(of: old), "\(old)")
            return try Self.parse(text.replacingCharacters(in: range, with: new))
        }
        let fullBreaks: [(String, String)] = [
            (#""outputVersion": 1"#, #""outputVersion": 2"#),
            (#""records": "full""#, #""records": "compact""#),
            (#""score": 7"#, #""score": "7""#),
            (#""score": 7"#, #""score": 7.5"#),
            (#""level": "suspicion""#, #""level": "high""#),
            (#""levelName""#, #""levelTitle""#),
            (#""phone": null"#, #""phone": false"#),
            (#""assessedAt": "2026-11-21T23:40:00+01:00""#, #""assessedAt": "21-11-2026 23:40""#),
            (#""urgency": "now""#, #""urgency": "asap""#),
            (#""note": "man bij de ingang gaf knikjes""#, #""note": "man bij de ingang gaf knikjes", "extra": 1"#),
            (#""quote": ""#, #""citation": ""#),
        ]
        for (old, new) in fullBreaks {
            #expect(!fullSchema.problems(try broken(full, old, new)).isEmpty, "full: \(new)")
        }
        // Published (open) schemas let a new key through; the closed check does not.
        let extra = try broken(full, #""score": 7"#, #""score": 7, "newKey": true"#)
        #expect(openFull.problems(extra) == [] && !fullSchema.problems(extra).isEmpty)
        let compactBreaks: [(String, String)] = [
            (#""unknown""#, #""unknown", "x""#),
            (#""crisis_service","#, #""crisis_service", "extra","#),
            (#""signals": ["#, #""signals": [1, "#),
            (#""answerNotes": {"#, #""answerNotes": {"x": null, "#),
            (#""offence": "pickpocketing""#, #""offence": 3"#),
            (#""officeHours": "no""#, #""officeHours": "nee""#),
        ]
        for (old, new) in compactBreaks {
            guard compact.contains(old) else {
                Issue.record("compact output lacks \(old)")
                continue
            }
            #expect(!compactSchema.problems(try broken(compact, old, new)).isEmpty, "compact: \(new)")
        }
        let error = #"{"outputVersion":1,"line":0,"error":{"kind":"x","path":null,"column":2,"message":"m"}}"#
        #expect(!compactSchema.problems(try Self.parse(error)).isEmpty, "line 0")
        #expect(compactSchema.problems(try Self.parse(error.replacingOccurrences(of: #""line":0"#, with: #""line":3"#))) == [])
    }
}
