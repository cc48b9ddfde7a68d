import Dispatch
import SignalModel

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `signaal score --batch [FILE|-]`: NDJSON in, one JSON line out per input line, in order: a
/// compact record by default (`--records full` for every text, as `--format json` gives one case).
///
/// Streams: the input is read in chunks and split by `LineSplitter`, so memory stays constant
/// whatever the input's size. A bad line gets an error record in its place (and a located message on
/// stderr); the run goes on. At the end a summary goes to stderr; the exit code is 65 if any line
/// failed.
///
/// With `--jobs N` (default: the number of online cores) the lines of each read are cut into N
/// contiguous slices scored at once, each by its own `BatchScorer` (a round), and written back in
/// input order: the output, the messages on stderr, the summary and the exit code are those of
/// `--jobs 1`. A writer thread writes each round while the next one is read and scored (two sets of
/// slice buffers take turns); what one `read(2)` returned is scored and handed to the writer before
/// the next read, as with one job, so a slow producer still gets each answer as soon as its line is
/// complete.
enum BatchScore {
    /// Bytes read per `read(2)` (a pipe gives less: each read is answered before the next).
    static let chunkSize = 256 * 1024
    /// Most lines scored in one parallel round: bounds the records held at once, two rounds being in
    /// flight (one written, one scored). A compact record is about 1.5 kB, a full one 10–20 kB (many
    /// blank lines can come out at once): about 1.5 and 2 MB per round. Measured (200k bench cases,
    /// GNU time): 2 jobs 10.6 MB compact, 19.3 MB full; 1 MiB reads and twice these rounds took 20 and
    /// 30 MB for no clear gain.
    static func roundLimit(_ records: RecordForm) -> Int { records == .compact ? 1_024 : 128 }
    static let maximumJobs = 64
    /// The records a batch writes without `--records` (one case: full).
    static let defaultRecords = RecordForm.compact

    /// What one worker made of its slice of a round.
    private struct Slice {
        var output: [UInt8] = []
        var records = 0
        var failures: [(error: BatchLineError, startsMultiLineCase: Bool)] = []
        var tally = BatchTally()
    }

    static func run(_ context: CommandContext, path: String, time: Timestamp?, region: String?) throws(CommandFailure) -> ExitCode {
        try checkOptions(context)
        let jobs = try jobsOption(context.arguments)
        let descriptor = try openInput(path)
        defer { if path != "-" { close(descriptor) } }
        let console = context.console
        let name = InputReader.displayName(path)
        var splitter = LineSplitter(maximumLength: BatchScorer.maximumLineLength)
        // Compact records by default: a case system reads many, and the texts once (`signaal knowledge`).
        let records = context.arguments.value("records").flatMap(RecordForm.init(rawValue:)) ?? defaultRecords
        var scorer = BatchScorer(
            knowledge: context.knowledge, language: context.language, time: time, region: region, records: records)
        // With several jobs: one scorer per worker, and the counts of every round added in order.
        var workers = jobs > 1 ? Array(repeating: scorer, count: jobs) : []
        // Two sets of result slots: the writer writes one round's while the next is scored into the other.
        let sets = (0..<(jobs > 1 ? 2 : 0)).map { _ in
            let set = UnsafeMutableBufferPointer<Slice>.allocate(capacity: jobs)
            _ = set.initialize(from: Array(repeating: Slice(), count: jobs))
            return set
        }
        defer {
            for set in sets {
                set.deinitialize()
                set.deallocate()
            }
        }
        var nextSet = 0
        let limit = roundLimit(records)
        let writer = RoundWriter(console: console)
        // Every way out of a parallel run waits for the writer first (defers run last-declared first),
        // so no record is lost and no slot is freed while it is written.
        defer { writer.finish() }
        var parallelTally = BatchTally()
        func tally() -> BatchTally { jobs > 1 ? parallelTally : scorer.tally }

        // SIGTERM, SIGHUP and Ctrl-C end the run at a record boundary: the line being written is
        // finished, nothing after it is started, and the exit code is 128 + the signal.
        StopSignal.install()
        var linesOut = 0
        func stopped(_ signal: Int32) -> CommandFailure {
            if jobs > 1 {
                writer.finish()
                linesOut = writer.linesOut
            }
            console.err(summary(tally(), context: context))
            console.err("signaal: " + context.t("batch.stopped", ["signal": StopSignal.name(signal), "lines": String(linesOut)]) + "\n")
            return .reported(StopSignal.exitCode(signal))
        }

        // One output buffer for the whole run: records are written into it as bytes, per chunk.
        var output: [UInt8] = []
        var errors = ""
        var blanks = TrailingBlankLines()
        var hintedMultiLine = false
        // Records in `output` not yet written; once a stop signal cut the output short, nothing more.
        var recordsHeld = 0
        var cutShort = false
        /// Writes whole records; a stop signal may cut them short at a record boundary.
        func write(_ records: [UInt8], count: Int) {
            guard !cutShort else { return }
            if !records.isEmpty {
                let written = console.outRecords(records) { StopSignal.pending != 0 }
                if written < records.count {
                    linesOut += records[0..<written].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                    cutShort = true
                    return
                }
            }
            linesOut += count
        }
        func flush() {
            write(output, count: recordsHeld)
            guard !cutShort else { return }
            recordsHeld = 0
            output.removeAll(keepingCapacity: output.capacity <= 16 << 20)
            if !errors.isEmpty { console.err(errors) }
            errors = ""
        }
        func report(_ error: BatchLineError, startsMultiLineCase: @autoclosure () -> Bool) {
            errors += "signaal: " + error.locatedMessage(file: name, context.knowledge.texts, context.language) + "\n"
            // A pretty-printed case gives one syntax error per line; say once what is going on.
            if !hintedMultiLine, startsMultiLineCase() {
                hintedMultiLine = true
                errors += "signaal: " + context.t("batch.multi_line_case", ["path": UserText.line(name), "line": String(error.line)]) + "\n"
            }
        }
        func score(_ event: LineSplitter.Event) {
            guard !cutShort else { return }
            let failure = scorer.scoreAndWrite(event, into: &output)
            output.append(0x0A)
            recordsHeld += 1
            if let error = failure { report(error, startsMultiLineCase: startsMultiLineCase(error, event)) }
            // Many held blank lines can come out at once: keep the buffer small.
            if output.count > 1 << 20 { flush() }
        }

        // Several jobs: the lines of a read are gathered, then scored in contiguous slices at once
        // into one set of result slots, and handed to the writer; the next round uses the other set.
        var pending: [LineSplitter.Event] = []
        func scorePending() {
            defer { pending.removeAll(keepingCapacity: pending.capacity <= limit) }
            guard StopSignal.pending == 0, !pending.isEmpty else { return }
            let count = min(jobs, pending.count)
            // The writer finished this set's previous round before it took the other set's round
            // (`RoundWriter.hand` waits), so the slots are free.
            let slices = sets[nextSet]
            nextSet = 1 - nextSet
            pending.withUnsafeBufferPointer { events in
                workers.withUnsafeMutableBufferPointer { scorers in
                    // Each iteration touches only its own scorer and result slot, and reads the
                    // events; the round ends before any of them is used again.
                    let round = Round(events: events, scorers: scorers, results: slices)
                    DispatchQueue.concurrentPerform(iterations: count) { index in
                        round.score(slice: index, of: count)
                    }
                }
            }
            // In input order: counts and messages of every slice; the writer writes each slice's
            // records as they are (no copy), then the messages.
            for index in 0..<count {
                parallelTally.add(slices[index].tally)
                for failure in slices[index].failures { report(failure.error, startsMultiLineCase: failure.startsMultiLineCase) }
            }
            writer.hand(UnsafeBufferPointer(rebasing: slices[0..<count]), messages: errors)
            errors = ""
        }
        func gather(_ event: LineSplitter.Event) {
            pending.append(event)
            if pending.count >= limit { scorePending() }
        }

        func emit(_ events: [LineSplitter.Event]) throws(CommandFailure) {
            guard !events.isEmpty else { return }
            if jobs > 1 {
                for event in events { blanks.pass(event, to: gather) }
                scorePending()
                if StopSignal.pending != 0 { throw stopped(StopSignal.pending) }
                return
            }
            for event in events { blanks.pass(event, to: score) }
            flush()
            if cutShort { throw stopped(StopSignal.pending) }
        }

        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if StopSignal.pending != 0 { throw stopped(StopSignal.pending) }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                writer.finish()
                console.err(summary(tally(), context: context))
                console.err("signaal: " + context.t("batch.read_failed", ["path": name, "line": String(tally().lines), "reason": reason]) + "\n")
                throw .reported(.ioError)
            }
            if count == 0 { break }
            try emit(splitter.feed(buffer[0..<count]))
        }
        if let last = splitter.finish() { try emit([last]) }
        // Blank lines still held here end the input: dropped, not failed (an editor's final newline).
        writer.finish()
        if writer.cutShort { throw stopped(StopSignal.pending) }
        console.err(summary(tally(), context: context))
        return tally().failed > 0 ? .dataError : .success
    }

    /// Writes the rounds of a parallel run on its own thread, in the order they are handed over, while
    /// the caller reads and scores the next round. One round is written at a time and at most one
    /// waits: `hand` returns once the round before the last is written, so its slots may be reused.
    /// A stop signal ends the output at a record boundary, as with one job.
    private final class RoundWriter: @unchecked Sendable {
        private let console: Console
        private let queue = DispatchQueue(label: "signaal.batch.writer")
        /// Free while no round is queued behind the one being written.
        private let free = DispatchSemaphore(value: 1)
        /// Complete lines written, and whether a stop signal cut the output short; read by the caller
        /// only after `finish()`.
        private(set) var linesOut = 0
        private(set) var cutShort = false

        init(console: Console) {
            self.console = console
        }

        /// Queues a round's slices and the messages of its failed lines (for stderr after them).
        /// The slices' memory must stay untouched until the next `hand` or `finish` returns.
        func hand(_ slices: UnsafeBufferPointer<Slice>, messages: String) {
            free.wait()
            let round = HandedRound(slices: slices)
            queue.async { [self] in
                defer { free.signal() }
                guard !cutShort else { return }
                for slice in round.slices {
                    if !slice.output.isEmpty {
                        let written = console.outRecords(slice.output) { StopSignal.pending != 0 }
                        if written < slice.output.count {
                            linesOut += slice.output[0..<written].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                            cutShort = true
                            return
                        }
                    }
                    linesOut += slice.records
                }
                if !messages.isEmpty { console.err(messages) }
            }
        }

        /// Waits until every handed round is written.
        func finish() {
            queue.sync {}
        }
    }

    /// The slices of a round as the writer reads them (the caller keeps them untouched meanwhile).
    private struct HandedRound: @unchecked Sendable {
        let slices: UnsafeBufferPointer<Slice>
    }

    /// One parallel round: the lines, the workers' scorers and their result slots, shared with the
    /// worker threads (each slice index is used by exactly one of them).
    private struct Round: @unchecked Sendable {
        let events: UnsafeBufferPointer<LineSplitter.Event>
        let scorers: UnsafeMutableBufferPointer<BatchScorer>
        let results: UnsafeMutableBufferPointer<Slice>

        /// Scores slice `index` of `count` contiguous slices into its result slot.
        func score(slice index: Int, of count: Int) {
            let lines = events[(index * events.count / count)..<((index + 1) * events.count / count)]
            results[index].output.removeAll(keepingCapacity: results[index].output.capacity <= 16 << 20)
            results[index].failures.removeAll()
            results[index].records = lines.count
            for event in lines {
                if let error = scorers[index].scoreAndWrite(event, into: &results[index].output) {
                    results[index].failures.append((error, startsMultiLineCase(error, event)))
                }
                results[index].output.append(0x0A)
            }
            results[index].tally = scorers[index].takeTally()
        }
    }

    /// Whether a failed line looks like the first line of a pretty-printed case.
    private static func startsMultiLineCase(_ error: BatchLineError, _ event: LineSplitter.Event) -> Bool {
        guard case .line(_, let bytes) = event else { return false }
        return error.startsMultiLineCase(bytes)
    }

    /// `--jobs N`: 1 … 64; without it, the number of online cores.
    static func jobsOption(_ arguments: ParsedArguments) throws(CommandFailure) -> Int {
        guard let text = arguments.value("jobs") else { return defaultJobs }
        // Digits only: Int("+2") is 2, but `--jobs +2` is no number a user means.
        guard text.utf8.allSatisfy({ (0x30...0x39).contains($0) }), let jobs = Int(text), (1...maximumJobs).contains(jobs) else {
            throw .usage(.invalidValue(option: "--jobs", value: text, allowed: ["1", "2", "…", String(maximumJobs)]))
        }
        return jobs
    }

    /// The number of online cores (at least 1, at most `maximumJobs`).
    static var defaultJobs: Int { min(maximumJobs, max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// `--summary` needs `--batch`; options that only make sense for one case are refused with it.
    static func checkOptions(_ context: CommandContext) throws(CommandFailure) {
        let arguments = context.arguments
        func refuse(_ message: String) throws(CommandFailure) {
            context.console.err("signaal: " + message + "\n" + context.t("usage.see_help") + "\n")
            throw .reported(.usage)
        }
        guard arguments.has("batch") else {
            return try refuse(context.t(arguments.has("summary") ? "batch.summary_needs_batch" : "batch.jobs_needs_batch"))
        }
        if let format = arguments.value("format"), format != "json" {
            try refuse(context.t("batch.conflict", ["option": "--format " + format]))
        }
        if arguments.value("report") != nil { try refuse(context.t("batch.conflict", ["option": "--report"])) }
        if arguments.has("force") { try refuse(context.t("batch.conflict", ["option": "--force"])) }
    }

    /// Opens the input for reading only (stdin for `-`), with the same problems `InputReader` reports:
    /// a closed stdin or a folder is exit 66, as in single mode. An input that is the very file stdout
    /// goes to (same device and inode, `--batch in.ndjson >> in.ndjson`) is refused, as `cat` does:
    /// the run would read its own output and never end.
    static func openInput(_ path: String) throws(CommandFailure) -> Int32 {
        let descriptor: Int32
        do {
            if path == "-" {
                try InputReader.checkStdin()
                descriptor = STDIN_FILENO
            } else {
                descriptor = try InputReader.openForReading(path, regularOnly: false)
            }
        } catch {
            throw .file(error)
        }
        var input = stat()
        var output = stat()
        if fstat(descriptor, &input) == 0, fstat(STDOUT_FILENO, &output) == 0, (input.st_mode & S_IFMT) == S_IFREG,
            input.st_dev == output.st_dev, input.st_ino == output.st_ino
        {
            if descriptor != STDIN_FILENO { close(descriptor) }
            throw .file(.inputIsOutput(InputReader.displayName(path)))
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

/// The signal that asked a batch run to stop (0: none). Written only by the handler.
nonisolated(unsafe) private var stopSignalNumber: sig_atomic_t = 0
/// The thread that reads and writes; a signal delivered to another thread is passed on to it so a
/// blocked read(2) or write(2) returns EINTR and the run notices.
nonisolated(unsafe) private var stopSignalThread: pthread_t = pthread_self()

/// SIGTERM, SIGHUP and SIGINT during a batch run: noted by a handler (without SA_RESTART, so a
/// blocked read or write returns), acted on at the next record boundary.
enum StopSignal {
    static let signals: [Int32] = [SIGTERM, SIGHUP, SIGINT]

    static var pending: Int32 { stopSignalNumber }

    static func install() {
        stopSignalThread = pthread_self()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            if stopSignalNumber == 0 { stopSignalNumber = number }
            if pthread_equal(pthread_self(), stopSignalThread) == 0 { pthread_kill(stopSignalThread, number) }
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for number in signals {
            sigaction(number, &action, nil)
            sigaddset(&unblock, number)
        }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    static func exitCode(_ number: Int32) -> ExitCode {
        switch number {
        case SIGHUP: .hangup
        case SIGINT: .interrupted
        default: .terminated
        }
    }

    static func name(_ number: Int32) -> String {
        switch number {
        case SIGHUP: "SIGHUP"
        case SIGINT: "SIGINT"
        default: "SIGTERM"
        }
    }
}
