/// Writes `AssessmentRenderer.json(_:)` in its compact form (`serialized(pretty: false)`) straight
/// into bytes, for batch mode's one line per case.
///
/// Most of a result is the same for every case: an indicator's id, question and citations, a route
/// step with its contact, a legal note. Those parts are serialized once, by the same renderer and
/// writer as `json(_:)`, and copied in afterwards; only what belongs to the case (reference, score,
/// notes, situation) is written each time. The bytes are identical to the tree's; the tests compare
/// the two on every fixture and on generated cases. The caches are keyed by id and hold the value
/// they were made from, so a different value under the same id is serialized afresh, and they
/// cannot grow beyond the catalogue and routing table.
public struct CompactAssessmentWriter: Sendable {
    /// The renderer whose `json(_:)` this writes.
    public let renderer: AssessmentRenderer

    /// An object serialized around one member written per case: `head` ends with `"key":`.
    struct Split: Sendable {
        var head: [UInt8]
        var tail: [UInt8]
    }

    /// The parts of an indicator that its signal object shows: enough to tell a changed one.
    private struct Shown: Equatable, Sendable {
        var id: String
        var family: String
        var kind: IndicatorKind
        var weight: Int
        var question: String
        var citations: [Citation]

        init(_ indicator: Indicator, _ language: Language) {
            id = indicator.id
            family = indicator.family
            kind = indicator.kind
            weight = indicator.weight
            question = indicator.question[language]
            citations = indicator.citations
        }
    }

    private var signals: [String: (shown: Shown, parts: Split)] = [:]
    private struct UnknownKey: Hashable, Sendable {
        var id: String
        var reason: OpenQuestion.Reason
    }

    private var unknowns: [UnknownKey: (question: String, parts: Split)] = [:]
    private var steps: [String: (step: RouteStep, region: String?, bytes: [UInt8])] = [:]
    private var notes: [String: (note: LegalNote, bytes: [UInt8])] = [:]

    /// A writer with empty caches; they fill as cases come.
    public init(renderer: AssessmentRenderer) {
        self.renderer = renderer
    }

    /// Appends the compact JSON of `assessment` (no newline).
    public mutating func write(_ assessment: Assessment, into output: inout [UInt8]) {
        put(#"{"catalogVersion":"#, &output)
        JSONOutput.writeString(assessment.catalogVersion, into: &output)
        put(#","reference":"#, &output)
        JSONOutput.optional(assessment.reference).write(into: &output, pretty: false)
        put(#","level":"#, &output)
        JSONOutput.writeString(assessment.level.rawValue, into: &output)
        put(#","levelName":"#, &output)
        JSONOutput.writeString(renderer.levelName(assessment.level), into: &output)
        put(#","score":"#, &output)
        JSONOutput.writeInt(assessment.score, into: &output)
        put(#","override":"#, &output)
        renderer.overrideValue(assessment.override).write(into: &output, pretty: false)
        put(#","routeLevel":"#, &output)
        JSONOutput.writeString(assessment.routeLevel.rawValue, into: &output)
        put(#","levelIfUnknownsConfirmed":"#, &output)
        JSONOutput.writeString(assessment.levelIfOpenConfirmed.rawValue, into: &output)
        put(#","assessedAt":"#, &output)
        JSONOutput.optional(assessment.assessedAt?.text).write(into: &output, pretty: false)

        put(#","signals":["#, &output)
        for (index, signal) in assessment.signals.enumerated() { writeSignal(signal, first: index == 0, into: &output) }
        put(#"],"context":["#, &output)
        for (index, finding) in assessment.contextFindings.enumerated() {
            writeSignal(finding, first: index == 0, into: &output)
        }
        put(#"],"unknowns":["#, &output)
        for (index, open) in assessment.openQuestions.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            let parts = unknownParts(open)
            output.append(contentsOf: parts.head)
            JSONOutput.optional(open.note).write(into: &output, pretty: false)
            output.append(contentsOf: parts.tail)
        }
        put(#"],"route":["#, &output)
        for (index, step) in assessment.route.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: stepBytes(step, region: assessment.context.region))
        }
        put(#"],"notes":["#, &output)
        for (index, note) in assessment.notes.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(contentsOf: noteBytes(note))
        }
        put(#"],"situation":"#, &output)
        JSONOutput.object(renderer.situationMembers(assessment.situation)).write(into: &output, pretty: false)
        output.append(UInt8(ascii: "}"))
    }

    private func put(_ text: StaticString, _ output: inout [UInt8]) {
        JSONOutput.append(text, to: &output)
    }

    private mutating func writeSignal(_ signal: Signal, first: Bool, into output: inout [UInt8]) {
        if !first { output.append(UInt8(ascii: ",")) }
        let parts: Split
        let shown = Shown(signal.indicator, renderer.language)
        if let cached = signals[signal.indicator.id], cached.shown == shown {
            parts = cached.parts
        } else {
            let members = renderer.signalMembers(Signal(indicator: signal.indicator, note: nil))
            parts = Self.split(members, at: AssessmentRenderer.signalNoteIndex)
            signals[signal.indicator.id] = (shown, parts)
        }
        output.append(contentsOf: parts.head)
        JSONOutput.optional(signal.note).write(into: &output, pretty: false)
        output.append(contentsOf: parts.tail)
    }

    private mutating func unknownParts(_ open: OpenQuestion) -> Split {
        // An open question shows its id, reason and question: the key and the cached question.
        let key = UnknownKey(id: open.indicator.id, reason: open.reason)
        let question = open.indicator.question[renderer.language]
        if let cached = unknowns[key], cached.question == question { return cached.parts }
        var bare = open
        bare.note = nil
        let members = renderer.unknownMembers(bare)
        let parts = Self.split(members, at: members.count - 1)
        unknowns[key] = (question, parts)
        return parts
    }

    private mutating func stepBytes(_ step: RouteStep, region: String?) -> [UInt8] {
        if let cached = steps[step.id], cached.step == step, cached.region == region { return cached.bytes }
        var bytes: [UInt8] = []
        JSONOutput.object(renderer.routeStepMembers(step, region: region)).write(into: &bytes, pretty: false)
        steps[step.id] = (step, region, bytes)
        return bytes
    }

    private mutating func noteBytes(_ note: LegalNote) -> [UInt8] {
        if let cached = notes[note.id], cached.note == note { return cached.bytes }
        var bytes: [UInt8] = []
        JSONOutput.object(renderer.noteMembers(note)).write(into: &bytes, pretty: false)
        notes[note.id] = (note, bytes)
        return bytes
    }

    /// The compact object of `members` cut before the value of member `index`.
    static func split(_ members: [(String, JSONOutput)], at index: Int) -> Split {
        var head: [UInt8] = [UInt8(ascii: "{")]
        for member in members[..<index] {
            JSONOutput.writeString(member.0, into: &head)
            head.append(UInt8(ascii: ":"))
            member.1.write(into: &head, pretty: false)
            head.append(UInt8(ascii: ","))
        }
        JSONOutput.writeString(members[index].0, into: &head)
        head.append(UInt8(ascii: ":"))
        var tail: [UInt8] = []
        for member in members[(index + 1)...] {
            tail.append(UInt8(ascii: ","))
            JSONOutput.writeString(member.0, into: &tail)
            tail.append(UInt8(ascii: ":"))
            member.1.write(into: &tail, pretty: false)
        }
        tail.append(UInt8(ascii: "}"))
        return Split(head: head, tail: tail)
    }
}
