/// The two forms of an assessment as JSON (`--records full|compact`).
///
/// - `full`: every text a reader needs (questions, actions, reasons, citations, party names and
///   numbers): what `signaal score --format json` writes for one case.
/// - `compact`: only what belongs to the case — ids, the case's notes, the route as
///   `[party, urgency, [step ids]]` — for case systems that score many cases. The texts behind the
///   ids are the same for every case and come once from `signaal knowledge --format json`
///   (`KnowledgeRenderer`). Schemas: `docs/schema/assessment.full.schema.json` and
///   `docs/schema/assessment.compact.schema.json`; the forms are described in docs/FORMATS.md.
package enum RecordForm: String, Sendable, CaseIterable {
    case full
    case compact

    /// The version of the JSON output (both forms, the batch error record and `signaal knowledge`),
    /// written as `outputVersion` in every record. A change that breaks the published schemas (a
    /// key removed or renamed, a type or meaning changed) raises it; a new key does not.
    package static let outputVersion = 1
}
