import SignalModel

import Glibc

/// The process's streams and environment, passed in so commands stay testable.
public final class Console: @unchecked Sendable {
    public let environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Data for programs and pipes.
    public func out(_ text: String) {
        var text = text
        _ = text.withUTF8 { writeAll(STDOUT_FILENO, $0, stream: "stdout") }
    }

    /// Data for programs and pipes, already encoded (batch mode writes a chunk of records at once).
    public func out(bytes: [UInt8]) {
        _ = bytes.withUnsafeBufferPointer { writeAll(STDOUT_FILENO, $0, stream: "stdout") }
    }

    /// Newline-terminated records for stdout (a batch run). Once `stop()` turns true the record being
    /// written is finished and the rest is left out, so the output never ends in a partial record.
    /// Returns how many bytes were written (all of them unless stopped).
    public func outRecords(_ bytes: [UInt8], stop: () -> Bool) -> Int {
        bytes.withUnsafeBufferPointer { writeAll(STDOUT_FILENO, $0, stream: "stdout", stop: stop) }
    }

    /// Messages for people: prompts, progress, warnings, errors.
    public func err(_ text: String) {
        var text = text
        _ = text.withUTF8 { writeAll(STDERR_FILENO, $0, stream: "stderr") }
    }

    /// write(2) until done. On stdout a full disk or a closed reader is not a crash: it ends the run
    /// with the documented I/O exit code (74) and a message on stderr, as far as stderr still works
    /// (SIGPIPE is ignored by the executable, so a closed reader is EPIPE here, not a signal).
    /// stderr is best-effort: messages for people never stop the data on stdout, so a failed write
    /// to stderr (closed, full, nobody reading) drops the rest of that message and the run goes on.
    @discardableResult
    private func writeAll(
        _ descriptor: Int32, _ buffer: UnsafeBufferPointer<UInt8>, stream: String, stop: () -> Bool = { false }
    ) -> Int {
        guard var base = buffer.baseAddress else { return 0 }
        var remaining = buffer.count
        while remaining > 0 {
            if stop() {
                // Finish the record under way (up to its newline), then leave the rest out.
                let done = buffer.count - remaining
                if done == 0 || buffer[done - 1] == 0x0A { return done }
                var end = done
                while end < buffer.count, buffer[end] != 0x0A { end += 1 }
                remaining = min(end + 1, buffer.count) - done
                let rest = UnsafeBufferPointer(rebasing: buffer[done..<(done + remaining)])
                return done + writeAll(descriptor, rest, stream: stream)
            }
            let written = Glibc.write(descriptor, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                if descriptor == STDERR_FILENO { return buffer.count - remaining }
                let reason = String(cString: strerror(errno))
                let message = "signaal: cannot write to \(stream): \(reason)\n"
                _ = message.utf8CString.withUnsafeBufferPointer { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count - 1) }
                exit(ExitCode.ioError.rawValue)
            }
            base += written
            remaining -= written
        }
        return buffer.count
    }

    /// Whether stdin can be read at all: false when it was closed (`<&-`) or is open for writing only.
    /// The executable puts a write-only /dev/null on a closed standard stream, so a later `open` can
    /// never take its number (and a report file never receives the assessment meant for stdout).
    public var stdinIsReadable: Bool {
        let flags = fcntl(STDIN_FILENO, F_GETFL)
        return flags >= 0 && (flags & O_ACCMODE) != O_WRONLY
    }

    public var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }
    public var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    public var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

    /// Colour only on a terminal, never with `NO_COLOR` set or `TERM=dumb`.
    public func useColour(forStderr: Bool) -> Bool {
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return forStderr ? stderrIsTerminal : stdoutIsTerminal
    }
}
