import Testing

@testable import SignalModel

/// The writer's fragment store (issue 24, `--jobs 1` throughput): fragments are pointers into
/// memory that must never move or change while the store lives, and a writer that keeps its
/// fragments over many records writes what a fresh writer writes for each one.
@Suite("AssessmentWriter's fragment store")
struct FragmentStoreTests {
    /// Bytes that differ per number, so a fragment that points at another one's bytes shows.
    private func bytes(_ number: Int, count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: number &* 31 &+ $0 &* 7) }
    }

    @Test("every fragment keeps its bytes while many more (more than a block, and larger than one) are kept")
    func fragmentsStayPut() {
        let store = FragmentStore()
        var kept: [(Fragment, [UInt8])] = []
        var total = 0
        for number in 0..<3_000 {
            // Mostly small, now and then larger than a block, sometimes empty.
            let count = number % 997 == 5 ? FragmentStore.blockSize + 123 : number % 50 == 0 ? 0 : (number * 37) % 300
            let original = bytes(number, count: count)
            kept.append((store.keep(original), original))
            total += count
        }
        let listed = (0..<40).map { bytes(10_000 + $0, count: 3 * $0) }
        let fragments = store.keep(listed)
        total += listed.map(\.count).reduce(0, +)
        #expect(total > 3 * FragmentStore.blockSize)
        for (index, (fragment, original)) in kept.enumerated() {
            #expect(fragment.isMade)
            #expect(Array(fragment.bytes) == original, "fragment \(index)")
        }
        #expect(fragments.map { Array($0.bytes) } == listed)
        #expect(store.byteCount == total)
        #expect(!Fragment.none.isMade && Fragment.none.bytes.isEmpty)
    }

    @Test("a prefix and a suffix are the first and last bytes of a fragment")
    func prefixAndSuffix() {
        let store = FragmentStore()
        let whole = store.keep(Array(#"{"id":"a","note":null,"x":1}"#.utf8))
        #expect(String(decoding: whole.prefix(17).bytes, as: UTF8.self) == #"{"id":"a","note":"#)
        #expect(String(decoding: whole.suffix(7).bytes, as: UTF8.self) == #","x":1}"#)
        #expect(whole.prefix(0).bytes.isEmpty && whole.suffix(0).bytes.isEmpty)
    }

    @Test("a step object is found by its steps and reach, only for the knowledge it was made from")
    func stepsByKey() {
        let store = FragmentStore()
        let compiled = Engine(knowledge: knowledge).compiled
        let other = Engine(knowledge: knowledge).compiled
        let key = FragmentStore.StepKey(positions: [3, 5], name: "Politie", phone: "0900")
        #expect(store.step(key, of: compiled) == nil)
        let kept = store.keepStep(Array("step".utf8), for: key, of: compiled)
        #expect(store.step(key, of: compiled).map { Array($0.bytes) } == Array("step".utf8))
        // Kept twice (two workers at once): the first one stays.
        #expect(store.keepStep(Array("other".utf8), for: key, of: compiled).start == kept.start)
        #expect(store.step(FragmentStore.StepKey(positions: [3], name: "Politie", phone: "0900"), of: compiled) == nil)
        #expect(store.step(FragmentStore.StepKey(positions: [3, 5], name: "Politie", phone: nil), of: compiled) == nil)
        #expect(store.step(key, of: other) == nil)
        // The bytes of the first knowledge's object stay good after another knowledge's are kept.
        _ = store.keepStep(Array("third".utf8), for: key, of: other)
        #expect(Array(kept.bytes) == Array("step".utf8))
    }

    @Test("one writer over many cases (regions, roles, notes, both forms and languages) writes what a fresh writer writes for each")
    func longLivedWriterEqualsFresh() {
        let engine = Engine(knowledge: knowledge)
        let regions: [String?] = [nil, "nowhere"] + knowledge.contacts.regions.map(\.id)
        for form in RecordForm.allCases {
            for language in Language.allCases {
                let renderer = AssessmentRenderer(knowledge: knowledge, language: language)
                var writer = AssessmentWriter(renderer: renderer, form: form)
                var copy: AssessmentWriter?
                for (index, original) in generatedCases(count: 250, seed: 12).enumerated() {
                    var input = original
                    input.context.region = regions[index % regions.count]
                    let assessment = engine.assessment(of: input)
                    var bytes: [UInt8] = []
                    // Halfway, a copy (as a batch worker gets) goes on from the same fragments.
                    if index == 125 { copy = writer }
                    if var copied = copy {
                        copied.write(assessment, into: &bytes)
                        copy = copied
                    } else {
                        writer.write(assessment, into: &bytes)
                    }
                    let fresh = Array(renderer.json(assessment, pretty: false, records: form).utf8)
                    if bytes != fresh {
                        let same = zip(bytes, fresh).prefix { $0 == $1 }.count
                        Issue.record("\(form) \(language) case \(index): differs from byte \(same) of \(fresh.count)")
                        return
                    }
                }
            }
        }
    }
}
