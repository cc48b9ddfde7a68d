// libFuzzer target: the streaming case decoder and batch mode's fused scoring path, differentially.
//
// Whatever `FastCaseDecoder` accepts, `Case.decode` must accept as the same case (what it refuses
// goes to `Case.decode` anyway); and `BatchScorer.scoreAndWrite` must write the bytes of
// `score` + `write`, with the same error and tally, for full and compact records. Any difference traps.

import SignalKnowledge
import SignalModel

private let knowledge = Knowledge.bundled

private let decoder = FastCaseDecoder(knowledge: knowledge)
private let moment = Timestamp(iso8601: "2026-11-21T23:40:00+01:00")

@_cdecl("LLVMFuzzerTestOneInput")
public func fastCaseFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let quick = decoder.decode(bytes) {
        guard let strict = try? Case.decode(bytes, knowledge: knowledge) else {
            fatalError("the streaming decoder accepted what the strict one refuses")
        }
        guard strict == quick else { fatalError("the two decoders disagree on the case") }
    }
    for language in Language.allCases {
        for records in RecordForm.allCases {
            check(bytes, language: language, records: records)
        }
    }
    return 0
}

/// The fused path against score + write, in one language and record form (full or compact).
private func check(_ bytes: [UInt8], language: Language, records: RecordForm) {
    var fused = BatchScorer(knowledge: knowledge, language: language, time: moment, records: records)
    var plain = BatchScorer(knowledge: knowledge, language: language, time: moment, records: records)
    let event = LineSplitter.Event.line(number: 1, bytes: bytes)
    var fast: [UInt8] = []
    let failure = fused.scoreAndWrite(event, into: &fast)
    let outcome = plain.score(event)
    var expected: [UInt8] = []
    plain.write(outcome, into: &expected)
    guard fast == expected else { fatalError("the fused batch path wrote different bytes") }
    if case .failed(let error) = outcome {
        guard failure == error else { fatalError("the fused batch path reported a different error") }
    } else {
        guard failure == nil else { fatalError("the fused batch path failed a line that scores") }
    }
    guard fused.tally == plain.tally else { fatalError("the fused batch path counted differently") }
}
