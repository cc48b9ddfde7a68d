// memchr: the library's one C call (the project builds on Linux only, like the executable's System.swift).
import Glibc

/// Splits a byte stream into `\n`-terminated lines, fed in chunks of any size, in bounded memory.
///
/// A line longer than `maximumLength` bytes is not kept: its bytes are dropped as they arrive and it
/// comes out as `.tooLong`, so a 100 MB line costs no more memory than a short one. A final line
/// without `\n` still counts; a `\n` at the very end does not start another line. `\r` is left in
/// place (JSON treats it as white space, so CRLF files need no special case), and the `\r` of a
/// `\r\n` does not count towards the limit: a CRLF line of exactly `maximumLength` bytes is kept.
package struct LineSplitter: Sendable {
    /// One line of the input, numbered from 1.
    package enum Event: Sendable, Equatable {
        /// A complete line, without its `\n`.
        case line(number: Int, bytes: [UInt8])
        /// A line longer than the limit; its content was skipped.
        case tooLong(number: Int)

        /// The 1-based line number.
        package var number: Int {
            switch self {
            case .line(let number, _), .tooLong(let number): number
            }
        }
    }

    /// One line of the input where it lies: in the chunk fed, or (for a line that spans two
    /// chunks) in the splitter's own buffer. Valid only inside the `forEachLine` body that gets it.
    package struct Line {
        /// The 1-based line number.
        package let number: Int
        /// The line's bytes without its `\n`; nil for a line longer than the limit (skipped).
        package let bytes: UnsafeBufferPointer<UInt8>?

        package init(number: Int, bytes: UnsafeBufferPointer<UInt8>?) {
            self.number = number
            self.bytes = bytes
        }

        /// The line as an `Event` that owns a copy of its bytes.
        package var event: Event {
            guard let bytes else { return .tooLong(number: number) }
            return .line(number: number, bytes: LineSplitter.copy(bytes))
        }
    }

    /// The longest line kept, in bytes, not counting its `\n` or `\r\n`.
    package let maximumLength: Int
    private var pending: [UInt8] = []
    private var skipping = false
    private var pendingStarted = false
    private var lineCount = 0

    /// Bytes held for the line in progress: never more than `maximumLength` + 1 (a final `\r`).
    package var buffered: Int { pending.count }

    /// A splitter that keeps lines of up to `maximumLength` bytes.
    package init(maximumLength: Int) {
        self.maximumLength = max(0, maximumLength)
    }

    /// The lines completed by `chunk`, in order.
    package mutating func feed<Bytes: Collection<UInt8>>(_ chunk: Bytes) -> [Event] where Bytes.Index == Int {
        // Arrays and their slices (what batch mode reads into) take the same steps over a buffer,
        // without a generic call per byte.
        if let events = chunk.withContiguousStorageIfAvailable({ buffer in feedContiguous(buffer) }) { return events }
        var events: [Event] = []
        var start = chunk.startIndex
        while start < chunk.endIndex {
            guard let newline = chunk[start...].firstIndex(of: 0x0A) else {
                append(chunk[start..<chunk.endIndex])
                break
            }
            append(chunk[start..<newline])
            takeLine { events.append($0.event) }
            start = newline + 1
        }
        return events
    }

    /// `forEachLine`, each line copied into an event: one walk over the chunk and one limit rule
    /// for both ways of taking lines.
    private mutating func feedContiguous(_ chunk: UnsafeBufferPointer<UInt8>) -> [Event] {
        var events: [Event] = []
        forEachLine(in: chunk) { events.append($0.event) }
        return events
    }

    /// The lines completed by `chunk`, in order, each handed to `body` where it lies, without a copy
    /// (the same lines, numbers and limits as `feed`). A line that started in an earlier chunk is
    /// handed over from the splitter's buffer.
    package mutating func forEachLine(in chunk: UnsafeBufferPointer<UInt8>, _ body: (Line) throws -> Void) rethrows {
        var start = 0
        while start < chunk.count {
            guard let newline = Self.newline(in: chunk, from: start) else {
                append(UnsafeBufferPointer(rebasing: chunk[start...]))
                break
            }
            if pendingStarted {
                append(UnsafeBufferPointer(rebasing: chunk[start..<newline]))
                try takeLine(body)
            } else {
                let line = UnsafeBufferPointer(rebasing: chunk[start..<newline])
                lineCount += 1
                try body(Line(number: lineCount, bytes: isOver(line.count, last: line.last) ? nil : line))
            }
            start = newline + 1
        }
    }

    /// The last line, if the input did not end with `\n`, handed to `body` (as `finish()`).
    package mutating func finish(_ body: (Line) throws -> Void) rethrows {
        guard pendingStarted else { return }
        try takeLine(body)
    }

    /// Whether a line of `count` bytes ending in `last` is over the limit: one byte over is kept
    /// only when it is the `\r` of a CRLF.
    @inline(__always)
    private func isOver(_ count: Int, last: UInt8?) -> Bool {
        count > maximumLength && !(count == maximumLength + 1 && last == 0x0D)
    }

    /// The line held in the buffer, handed to `body` (counted, `isOver` applied; while skipping a
    /// too-long line nothing was kept); the buffer is emptied for the next line.
    private mutating func takeLine(_ body: (Line) throws -> Void) rethrows {
        lineCount += 1
        let over = skipping || isOver(pending.count, last: pending.last)
        defer {
            pending.removeAll(keepingCapacity: pending.capacity <= 64 * 1024)
            skipping = false
            pendingStarted = false
        }
        if over {
            try body(Line(number: lineCount, bytes: nil))
        } else {
            let number = lineCount
            try pending.withUnsafeBufferPointer { try body(Line(number: number, bytes: $0)) }
        }
    }

    /// The bytes as an array of exactly their size, copied in one go.
    private static func copy(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return [] }
        return [UInt8](unsafeUninitializedCapacity: bytes.count) { buffer, count in
            buffer.baseAddress!.initialize(from: base, count: bytes.count)
            count = bytes.count
        }
    }

    /// The index of the first `\n` at or after `start` (memchr: several bytes a step).
    private static func newline(in chunk: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = chunk.baseAddress, let found = memchr(base + start, 0x0A, chunk.count - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The last line, if the input did not end with `\n`. Call once, at the end of the input.
    package mutating func finish() -> Event? {
        var last: Event?
        finish { last = $0.event }
        return last
    }

    private mutating func append<Slice: Collection<UInt8>>(_ bytes: Slice) {
        pendingStarted = true
        guard !skipping else { return }
        if pending.count + bytes.count > maximumLength + 1 {
            skipping = true
            pending = []
            return
        }
        pending.append(contentsOf: bytes)
    }
}
