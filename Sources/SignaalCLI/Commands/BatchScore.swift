import SignalModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `signaal score --batch [FILE|-]`: NDJSON in, one compact JSON line out per input line, in order.
///
/// Streams: the input is read in chunks and split by `LineSplitter`, so memory stays constant
/// whatever the input's size. A bad line gets an error record in its place (and a located message on
/// stderr); the run goes on. At the end a summary goes to stderr; the exit code is 65 if any line
/// failed.
enum BatchScore {
    /// Bytes read per `read(2)`.
    static let chunkSize = 64 * 1024

    static func run(_ context: CommandContext, path: String, time: Timestamp?, region: String?) throws(CommandFailure) -> ExitCode {
        try checkOptions(context)
        let descriptor = try openInput(path)
        defer { if path != "-" { close(descriptor) } }
        let console = context.console
        let name = InputReader.displayName(path)
        var splitter = LineSplitter(maximumLength: BatchScorer.maximumLineLength)
        var scorer = BatchScorer(knowledge: context.knowledge, language: context.language, time: time, region: region)

        // One output buffer for the whole run: records are written into it as bytes, per chunk.
        var output: [UInt8] = []
        var errors = ""
        var blanks = TrailingBlankLines()
        var hintedMultiLine = false
        func flush() {
            if !output.isEmpty { console.out(bytes: output) }
            output.removeAll(keepingCapacity: output.capacity <= 16 << 20)
            if !errors.isEmpty { console.err(errors) }
            errors = ""
        }
        func score(_ event: LineSplitter.Event) {
            let failure = scorer.scoreAndWrite(event, into: &output)
            output.append(0x0A)
            if let error = failure {
                errors += "signaal: " + error.locatedMessage(file: name, context.knowledge.texts, context.language) + "\n"
                // A pretty-printed case gives one syntax error per line; say once what is going on.
                if !hintedMultiLine, case .line(let number, let bytes) = event, error.startsMultiLineCase(bytes) {
                    hintedMultiLine = true
                    errors += "signaal: " + context.t("batch.multi_line_case", ["path": UserText.line(name), "line": String(number)]) + "\n"
                }
            }
            // Many held blank lines can come out at once: keep the buffer small.
            if output.count > 1 << 20 { flush() }
        }
        func emit(_ events: [LineSplitter.Event]) {
            guard !events.isEmpty else { return }
            for event in events { blanks.pass(event, to: score) }
            flush()
        }

        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                console.err(summary(scorer.tally, context: context))
                console.err("signaal: " + context.t("batch.read_failed", ["path": name, "line": String(scorer.tally.lines), "reason": reason]) + "\n")
                throw .reported(.ioError)
            }
            if count == 0 { break }
            emit(splitter.feed(buffer[0..<count]))
        }
        if let last = splitter.finish() { emit([last]) }
        // Blank lines still held here end the input: dropped, not failed (an editor's final newline).
        console.err(summary(scorer.tally, context: context))
        return scorer.tally.failed > 0 ? .dataError : .success
    }

    /// `--summary` needs `--batch`; options that only make sense for one case are refused with it.
    static func checkOptions(_ context: CommandContext) throws(CommandFailure) {
        let arguments = context.arguments
        func refuse(_ message: String) throws(CommandFailure) {
            context.console.err("signaal: " + message + "\n" + context.t("usage.see_help") + "\n")
            throw .reported(.usage)
        }
        guard arguments.has("batch") else { return try refuse(context.t("batch.summary_needs_batch")) }
        if let format = arguments.value("format"), format != "json" {
            try refuse(context.t("batch.conflict", ["option": "--format " + format]))
        }
        if arguments.value("report") != nil { try refuse(context.t("batch.conflict", ["option": "--report"])) }
        if arguments.has("force") { try refuse(context.t("batch.conflict", ["option": "--force"])) }
    }

    /// Opens the input for reading only (stdin for `-`), with the same problems `InputReader` reports.
    static func openInput(_ path: String) throws(CommandFailure) -> Int32 {
        if path == "-" { return STDIN_FILENO }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT, ENOTDIR: throw .file(.notFound(path))
            case EACCES: throw .file(.unreadable(path, reason: "permission denied"))
            default: throw .file(.unreadable(path, reason: String(cString: strerror(errno))))
            }
        }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw .file(.isDirectory(path))
        }
        return descriptor
    }

    /// The closing lines for stderr: counts, the first failed lines, and with `--summary` the levels.
    static func summary(_ tally: BatchTally, context: CommandContext) -> String {
        var lines = [
            "signaal: "
                + context.t(
                    "batch.summary", ["lines": String(tally.lines), "scored": String(tally.scored), "failed": String(tally.failed)])
        ]
        if tally.failed > 0 {
            var shown = tally.firstFailures.map(String.init).joined(separator: ", ")
            if tally.failed > tally.firstFailures.count { shown += ", …" }
            lines.append("signaal: " + context.t("batch.summary.failed_lines", ["lines": shown]))
        }
        if context.arguments.has("summary") {
            for level in Level.allCases {
                let name = context.knowledge.catalog.describe(level)?.name[context.language] ?? level.rawValue
                let count = String(tally.levels[level] ?? 0)
                lines.append("  " + context.t("batch.summary.level", ["name": name, "level": level.rawValue, "count": count]))
            }
            if tally.overridden > 0 {
                lines.append("  " + context.t("batch.summary.overridden", ["count": String(tally.overridden)]))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
