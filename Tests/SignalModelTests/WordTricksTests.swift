import SignalKnowledge
import Testing

@testable import SignalModel

/// The word-at-a-time shortcuts of the batch path agree with the byte-by-byte definitions.
struct WordTricksTests {
    /// `JSONOutput.mayNeedEscape` says whether any of eight bytes is one `writeEscaped` looks at.
    @Test func escapeScanMatchesBytes() {
        func reference(_ word: UInt64) -> Bool {
            (0..<8).contains { shift in
                let byte = UInt8(truncatingIfNeeded: word >> UInt64(8 * shift))
                return byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2
            }
        }
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xE1, 0xE2, 0xE3, 0xFF]
        for _ in 0..<200_000 {
            var word: UInt64 = 0
            for shift in 0..<8 {
                let byte = Bool.random(using: &generator) ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
                word |= UInt64(byte) << UInt64(8 * shift)
            }
            #expect(JSONOutput.mayNeedEscape(word) == reference(word))
        }
        // Every single special byte in every place of an otherwise plain word.
        for byte in 0...255 {
            for shift in 0..<8 {
                let plain: UInt64 = 0x6161_6161_6161_6161
                let word = plain & ~(0xFF << UInt64(8 * shift)) | UInt64(byte) << UInt64(8 * shift)
                #expect(JSONOutput.mayNeedEscape(word) == reference(word))
            }
        }
    }

    /// `ByteTable` finds each plain string at its position (the last of a repeated one when asked),
    /// and nothing else: not a prefix, an extension or a one-byte change.
    @Test func byteTableFindsExactlyTheStrings() {
        let ids = Knowledge.bundled.catalog.indicators.map { Array($0.id.utf8) }
        let table = ByteTable(ids, laterWins: true)
        for (position, id) in ids.enumerated() {
            #expect(id.withUnsafeBufferPointer { table.index($0) } == position)
            var longer = id
            longer.append(UInt8(ascii: "x"))
            #expect(longer.withUnsafeBufferPointer { table.index($0) } == nil)
            #expect(Array(id.dropLast()).withUnsafeBufferPointer { table.index($0) } == nil)
            for place in id.indices {
                var changed = id
                changed[place] ^= 0x01
                if !ids.contains(changed) { #expect(changed.withUnsafeBufferPointer { table.index($0) } == nil) }
            }
        }
        #expect([UInt8]().withUnsafeBufferPointer { table.index($0) } == nil)
        let repeated = ByteTable([Array("a".utf8), Array("b".utf8), Array("a".utf8)], laterWins: true)
        #expect(Array("a".utf8).withUnsafeBufferPointer { repeated.index($0) } == 2)
        let first = ByteTable([Array("a".utf8), Array("b".utf8), Array("a".utf8)], laterWins: false)
        #expect(Array("a".utf8).withUnsafeBufferPointer { first.index($0) } == 0)
        // A string that is not plain is never found (its case goes to the located decoder).
        let quoted = ByteTable([Array("a\\\"b".utf8), Array("é".utf8)], laterWins: false)
        #expect(Array("a\\\"b".utf8).withUnsafeBufferPointer { quoted.index($0) } == nil)
        #expect(Array("é".utf8).withUnsafeBufferPointer { quoted.index($0) } == nil)
    }
}
