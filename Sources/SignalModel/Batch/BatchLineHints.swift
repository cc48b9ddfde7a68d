/// Holds back blank lines until a line with content follows, so blank lines at the very end of a
/// batch (an editor's final empty line) are dropped instead of failing the run, while a blank line
/// between cases still gets its error record in its place. Holds a count, not the lines: memory
/// stays constant however many blank lines there are.
package struct TrailingBlankLines: Sendable {
    private var first = 0
    /// Blank lines held back since the last line with content.
    package private(set) var held = 0

    package init() {}

    /// Passes `line` on to `body`, after any blank lines held before it (each as an empty line);
    /// holds it if it is blank. The one place both batch loops (one job, and the reading thread of
    /// several) take their lines through.
    package mutating func pass(_ line: LineSplitter.Line, to body: (LineSplitter.Line) -> Void) {
        if let bytes = line.bytes, Self.isBlank(bytes) {
            hold(line.number)
            return
        }
        for number in takeHeld() {
            [UInt8]().withUnsafeBufferPointer { body(LineSplitter.Line(number: number, bytes: $0)) }
        }
        body(line)
    }

    /// Holds back a blank line (`isBlank`), by its number; the caller passes on the lines in
    /// between (`takeHeld`) before the next line with content.
    package mutating func hold(_ number: Int) {
        if held == 0 { first = number }
        held += 1
    }

    /// The numbers of the blank lines held back, in order, now passed on.
    package mutating func takeHeld() -> Range<Int> {
        defer { held = 0 }
        return first..<(first + held)
    }

    /// White space only (what `BatchScorer` reports as `blank_line`).
    package static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }
}

extension BatchLineError {
    /// Whether this failed line looks like the start of a case spread over several lines (a
    /// pretty-printed case given to `--batch`): it opens an object and ends inside it, right where a
    /// pretty-printer breaks a line (after `{`, `[` or `,`) — not in the middle of a value, as a
    /// truncated line does.
    package func startsMultiLineCase(_ bytes: [UInt8]) -> Bool {
        guard case .input(let error) = problem, error.kind == .syntax(.unexpectedEnd) else { return false }
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        guard bytes.first(where: { !isSpace($0) }) == UInt8(ascii: "{"), let last = bytes.last(where: { !isSpace($0) }) else {
            return false
        }
        return last == UInt8(ascii: "{") || last == UInt8(ascii: "[") || last == UInt8(ascii: ",")
    }
}
