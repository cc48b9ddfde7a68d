// libFuzzer target: NDJSON batch scoring (line splitting in arbitrary chunks + per-line scoring).
//
// Built by Scripts/fuzz.sh against a sanitized Sources/SignalModel. Checks that the
// way input arrives never changes the lines, that every line gives exactly one record, and that
// every record, full or compact, is one line of valid JSON.

import SignalKnowledge
import SignalModel

private let knowledge = Knowledge.bundled

private let moment = Timestamp(iso8601: "2026-11-21T23:40:00+01:00")

@_cdecl("LLVMFuzzerTestOneInput")
public func batchFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    BatchFuzzer.check(bytes)
    return 0
}

enum BatchFuzzer {
    static func split(_ bytes: [UInt8], limit: Int, chunk: Int) -> [LineSplitter.Event] {
        var splitter = LineSplitter(maximumLength: limit)
        var events: [LineSplitter.Event] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            events += splitter.feed(bytes[start..<end])
            start = end
        }
        if let last = splitter.finish() { events.append(last) }
        return events
    }

    static func check(_ bytes: [UInt8]) {
        // The first byte picks a chunk size and a line limit, so short limits are reached too.
        let selector = Int(bytes.first ?? 0)
        let chunk = 1 + selector % 13
        let limit = selector % 2 == 0 ? 48 + selector : BatchScorer.maximumLineLength
        let whole = split(bytes, limit: limit, chunk: max(1, bytes.count))
        guard split(bytes, limit: limit, chunk: chunk) == whole else { fatalError("chunking changed the lines") }

        let newlines = bytes.filter { $0 == 0x0A }.count
        let expected = newlines + (bytes.last.map { $0 == 0x0A ? 0 : 1 } ?? 0)
        guard whole.count == expected else { fatalError("\(whole.count) lines for \(expected) expected") }
        for (index, event) in whole.enumerated() {
            guard event.number == index + 1 else { fatalError("line numbers out of order") }
            // A line is at most `limit` bytes, plus the `\r` of a CRLF, which does not count (LineSplitter).
            if case .line(_, let line) = event,
                line.count > limit + (line.last == 0x0D ? 1 : 0) || line.contains(0x0A)
            {
                fatalError("bad line")
            }
        }

        // One language is enough here: the case target renders both. Both record forms (full, and
        // compact, the batch default): the same outcomes, each record one line of valid JSON.
        let language: Language = selector % 4 < 2 ? .en : .nl
        var full = BatchScorer(knowledge: knowledge, language: language, time: moment, records: .full)
        var compact = BatchScorer(knowledge: knowledge, language: language, time: moment, records: .compact)
        for event in whole {
            let outcome = full.score(event)
            guard compact.score(event) == outcome else { fatalError("the two record forms scored a line differently") }
            for record in [full.record(outcome), compact.record(outcome)] {
                guard !record.contains("\n") else { fatalError("a record spans lines") }
                // Result and error records alike name no missing text (the input may bring markers itself).
                if let key = missingTextKey(in: record, input: bytes) { fatalError("missing text \(key) in a record") }
                do {
                    _ = try JSONParser.parse(record)
                } catch {
                    fatalError("record is not valid JSON: \(error)")
                }
            }
            // Both start with what says which record it is (outputVersion, then records).
            let compactRecord = compact.record(outcome)
            if case .scored = outcome, !compactRecord.hasPrefix(#"{"outputVersion":1,"records":"compact","#) {
                fatalError("a compact record does not say it is one")
            }
        }
        for tally in [full.tally, compact.tally] {
            guard tally.lines == whole.count, tally.scored + tally.failed == tally.lines,
                tally.levels.values.reduce(0, +) == tally.scored
            else { fatalError("tally does not add up: \(tally)") }
        }
    }
}
