/// A JSON value to write, with keys in the order given, so output is byte-for-byte stable.
package indirect enum JSONOutput: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONOutput])
    case object([(String, JSONOutput)])

    package static func == (left: JSONOutput, right: JSONOutput) -> Bool {
        left.serialized(pretty: false) == right.serialized(pretty: false)
    }

    /// A string, or null when absent.
    package static func optional(_ text: String?) -> JSONOutput {
        text.map { .string($0) } ?? .null
    }

    /// The JSON text: two-space indented when `pretty`, one line otherwise.
    package func serialized(pretty: Bool) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        write(into: &output, pretty: pretty)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the JSON text as UTF-8 (the bytes of `serialized(pretty:)`), without building a String.
    package func write(into output: inout [UInt8], pretty: Bool) {
        write(into: &output, pretty: pretty, indent: 0)
    }

    private func write(into output: inout [UInt8], pretty: Bool, indent: Int) {
        switch self {
        case .null: Self.append("null", to: &output)
        case .bool(let value): Self.append(value ? "true" : "false", to: &output)
        case .int(let value): Self.writeInt(value, into: &output)
        case .string(let value): Self.writeString(value, into: &output)
        case .array(let elements):
            guard !elements.isEmpty else {
                Self.append("[]", to: &output)
                return
            }
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                if pretty { Self.newline(indent + 1, into: &output) }
                element.write(into: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(indent, into: &output) }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else {
                Self.append("{}", to: &output)
                return
            }
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                if pretty { Self.newline(indent + 1, into: &output) }
                Self.writeString(member.0, into: &output)
                if pretty { Self.append(": ", to: &output) } else { output.append(UInt8(ascii: ":")) }
                member.1.write(into: &output, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(indent, into: &output) }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// The two-space indented form of compact JSON (as `write(into:pretty: false)` writes it): the
    /// bytes `serialized(pretty: true)` gives for the same value, without building the value.
    static func indented(_ compact: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(compact.count * 3 / 2)
        var indent = 0
        var index = 0
        let count = compact.count
        while index < count {
            let byte = compact[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                // A string, escapes included, is copied as it is.
                output.append(byte)
                while index < count {
                    let next = compact[index]
                    output.append(next)
                    index += 1
                    if next == UInt8(ascii: "\\"), index < count {
                        output.append(compact[index])
                        index += 1
                    } else if next == UInt8(ascii: "\"") {
                        break
                    }
                }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                output.append(byte)
                if index < count, compact[index] == close {
                    output.append(close)
                    index += 1
                } else {
                    indent += 1
                    newline(indent, into: &output)
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                indent -= 1
                newline(indent, into: &output)
                output.append(byte)
            case UInt8(ascii: ","):
                output.append(byte)
                newline(indent, into: &output)
            case UInt8(ascii: ":"):
                append(": ", to: &output)
            default:
                output.append(byte)
            }
        }
        return output
    }

    private static func newline(_ indent: Int, into output: inout [UInt8]) {
        output.append(0x0A)
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * indent))
    }

    static func append(_ text: StaticString, to output: inout [UInt8]) {
        text.withUTF8Buffer { output.append(contentsOf: $0) }
    }

    /// Appends a whole number in decimal.
    static func writeInt(_ value: Int, into output: inout [UInt8]) {
        if value >= 0 && value < 10 {
            output.append(UInt8(ascii: "0") + UInt8(value))
            return
        }
        // Digits backwards into a small buffer on the stack: no String made for a score.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = value.magnitude
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            if value < 0 { output.append(UInt8(ascii: "-")) }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }

    /// Appends a string literal: `"`, `\`, control characters and U+2028/U+2029 (which break
    /// JavaScript parsers) escaped, everything else as its UTF-8 bytes.
    static func writeString(_ value: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Native and small strings are contiguous UTF-8 and read in place (no copy of the String,
        // so no retain); only a bridged one is copied first.
        if value.utf8.withContiguousStorageIfAvailable({ bytes in writeEscaped(bytes, into: &output) }) == nil {
            var copy = value
            copy.makeContiguousUTF8()
            copy.utf8.withContiguousStorageIfAvailable { bytes in writeEscaped(bytes, into: &output) }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// Whether any of eight bytes is below 0x20, `"`, `\\` or 0xE2 (the bytes `writeEscaped` looks
    /// at one by one): the bit tricks for "has a byte less than" and "has a zero byte", exact for
    /// whether there is one.
    @inline(__always)
    static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        let below = (word &- ones &* 0x20) & ~word & highs
        return below | hasZero(word ^ (ones &* 0x22)) | hasZero(word ^ (ones &* 0x5C)) | hasZero(word ^ (ones &* 0xE2)) != 0
    }

    /// Copies runs of plain bytes in one go and escapes the rest.
    private static func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) {
        var runStart = 0
        var index = 0
        let count = bytes.count
        func flush(upTo end: Int, _ output: inout [UInt8]) {
            if end > runStart { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<end])) }
        }
        while index < count {
            // Eight bytes at a time while none of them needs a look (texts are long and plain).
            if count - index >= 8, let base = bytes.baseAddress,
                !mayNeedEscape(UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte != 0xE2 {
                index += 1
                continue
            }
            let escape: StaticString?
            var width = 1
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0xE2:
                // U+2028 is E2 80 A8, U+2029 is E2 80 A9; other E2 sequences pass unchanged.
                guard index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 else {
                    index += 1
                    continue
                }
                escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                width = 3
            default: escape = nil
            }
            flush(upTo: index, &output)
            if let escape {
                append(escape, to: &output)
            } else {
                let digits: StaticString = "0123456789abcdef"
                append("\\u00", to: &output)
                output.append(digits.utf8Start[Int(byte >> 4)])
                output.append(digits.utf8Start[Int(byte & 0x0F)])
            }
            index += width
            runStart = index
        }
        flush(upTo: count, &output)
    }
}
