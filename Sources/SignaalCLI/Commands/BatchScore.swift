import Dispatch
import SignalModel

import Glibc

/// `signaal score --batch [FILE|-]`: NDJSON in, one JSON line out per input line, in order: a
/// compact record by default (`--records full` for every text, as `--format json` gives one case).
///
/// Streams: the input is read in chunks and split by `LineSplitter`, so memory stays constant
/// whatever the input's size. A bad line gets an error record in its place (and a located message on
/// stderr); the run goes on. At the end a summary goes to stderr; the exit code is 65 if any line
/// failed.
///
/// With `--jobs N` (default: the number of online cores) the lines of each read are handed to N
/// worker threads (`Pipeline`), which cut them into small blocks in a ring — each worker takes the
/// next block not yet scored, so a worker that the machine slows down holds up no other — and the
/// worker that finishes the oldest block writes the scored blocks in input order, while the next
/// ones are read and scored. The output, the messages on stderr, the summary and the exit code are
/// those of `--jobs 1`. What one `read(2)` returned is handed on before the next read, as with one
/// job, so a slow producer still gets each answer as soon as its line is complete.
enum BatchScore {
    /// Bytes read per `read(2)` (a pipe gives less: each read is answered before the next).
    static let chunkSize = 256 * 1024
    /// One job: records are written once this many bytes are held (and after every read).
    static let flushSize = 256 * 1024
    /// Several jobs: the most lines in flight at once (read, scored or being written), which bounds
    /// the records held: a compact record is about 1.5 kB, a full one 10–20 kB, so about 1.5 MB
    /// either way. Measured with GNU time, 2 jobs, 200k bench cases: see docs/PERFORMANCE.md.
    static func linesInFlight(_ records: RecordForm) -> Int { records == .compact ? 768 : 64 }
    static let maximumJobs = 64
    /// The records a batch writes without `--records` (one case: full).
    static let defaultRecords = RecordForm.compact

    static func run(_ context: CommandContext, _ options: ScoreOptions, path: String, time: Timestamp?, region: String?) throws(CommandFailure)
        -> ExitCode
    {
        try checkOptions(options, context: context)
        let jobs = try options.jobs?.get() ?? defaultJobs
        let descriptor = try openInput(path)
        defer { if path != "-" { close(descriptor) } }
        let console = context.console
        let name = InputReader.displayName(path)
        var splitter = LineSplitter(maximumLength: BatchScorer.maximumLineLength)
        // Compact records by default: a case system reads many, and the texts once (`signaal knowledge`).
        let records = options.records ?? defaultRecords
        let scorer = BatchScorer(
            knowledge: context.knowledge, language: context.language, time: time, region: region, records: records)
        let messages = Messages(context: context, name: name)
        // Several jobs: the worker and writer threads start here; every way out waits for them
        // (`finish`), so no record is lost and no block is freed while it is written.
        let pipeline = jobs > 1 ? Pipeline(jobs: jobs, scorer: scorer, records: records, console: console, messages: messages) : nil
        defer { pipeline?.finish() }
        // One job: the lines are scored where they lie in the read buffer (`OneJob`).
        var one = OneJob(scorer: scorer, console: console, messages: messages)
        func tally() -> BatchTally { pipeline?.tally ?? one.scorer.tally }

        // SIGTERM, SIGHUP and Ctrl-C end the run at a record boundary: the line being written is
        // finished, nothing after it is started, and the exit code is 128 + the signal.
        StopSignal.install()
        var linesOut = 0
        func stopped(_ signal: Int32) -> CommandFailure {
            if let pipeline {
                pipeline.finish()
                linesOut = pipeline.linesOut
            } else {
                linesOut = one.linesOut
            }
            console.err(summary(tally(), levels: options.summary, context: context))
            console.err("signaal: " + context.t("batch.stopped", ["signal": StopSignal.name(signal), "lines": String(linesOut)]) + "\n")
            return .reported(StopSignal.exitCode(signal))
        }

        // Several jobs: the lines of each read, copied into one flat batch for the workers.
        var lines = Pipeline.Lines()
        func publish() throws(CommandFailure) {
            guard let pipeline, !lines.isEmpty else { return }
            pipeline.publish(lines.handOver())
            if StopSignal.pending != 0 { throw stopped(StopSignal.pending) }
        }

        var buffer = [UInt8](repeating: 0, count: chunkSize)
        while true {
            // Several jobs: read on only while the workers are short of lines, so the lines held stay few.
            pipeline?.waitForRoom()
            if StopSignal.pending != 0 { throw stopped(StopSignal.pending) }
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if StopSignal.pending != 0 { throw stopped(StopSignal.pending) }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                pipeline?.finish()
                console.err(summary(tally(), levels: options.summary, context: context))
                console.err("signaal: " + context.t("batch.read_failed", ["path": name, "line": String(tally().lines), "reason": reason]) + "\n")
                throw .reported(.ioError)
            }
            if count == 0 { break }
            if pipeline != nil {
                buffer.withUnsafeBufferPointer { buffer in
                    let chunk = UnsafeBufferPointer(rebasing: buffer[0..<count])
                    lines.reserve(chunk.count)
                    splitter.forEachLine(in: chunk) { lines.take($0) }
                }
                try publish()
            } else {
                buffer.withUnsafeBufferPointer { one.feed(UnsafeBufferPointer(rebasing: $0[0..<count]), &splitter) }
                if one.cutShort { throw stopped(StopSignal.pending) }
            }
        }
        if pipeline != nil {
            splitter.finish { lines.take($0) }
            try publish()
        } else {
            splitter.finish { one.take($0) }
            one.flush()
            if one.cutShort { throw stopped(StopSignal.pending) }
        }
        // Blank lines still held here end the input: dropped, not failed (an editor's final newline).
        if let pipeline {
            pipeline.finish()
            if pipeline.cutShort { throw stopped(StopSignal.pending) }
        }
        console.err(summary(tally(), levels: options.summary, context: context))
        return tally().failed > 0 ? .dataError : .success
    }

    /// One job's run: scores each line where it lies in the read buffer into one output buffer,
    /// which is written once it holds `flushSize` bytes and after every read. Its state is one
    /// value worked on in place, so the per-line path has no captured variables to check at run time.
    private struct OneJob {
        var scorer: BatchScorer
        let console: Console
        let messages: Messages
        var blanks = TrailingBlankLines()
        /// Records not yet written.
        var output: [UInt8] = []
        /// Records in `output`.
        var recordsHeld = 0
        /// Records written so far.
        var linesOut = 0
        /// A stop signal cut the output short: nothing more is scored or written.
        var cutShort = false

        init(scorer: BatchScorer, console: Console, messages: Messages) {
            self.scorer = scorer
            self.console = console
            self.messages = messages
        }

        /// The lines completed by one read, then the records written.
        mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ splitter: inout LineSplitter) {
            splitter.forEachLine(in: chunk) { take($0) }
            flush()
        }

        /// One line, after the blank lines held before it; a blank line is held (blank lines at the
        /// very end are dropped, `TrailingBlankLines`).
        mutating func take(_ line: LineSplitter.Line) {
            // A copy, put back after: the closure works on `self` while `pass` changes it.
            var blanks = blanks
            blanks.pass(line) { score($0) }
            self.blanks = blanks
        }

        private mutating func score(_ line: LineSplitter.Line) {
            guard !cutShort else { return }
            let failure = scorer.scoreAndWrite(line, into: &output)
            output.append(0x0A)
            recordsHeld += 1
            if let error = failure { messages.report(error, startsMultiLineCase: error.startsMultiLineCase(line.bytes.map(Array.init) ?? [])) }
            if output.count > flushSize { flush() }
        }

        /// Writes whole records; a stop signal may cut them short at a record boundary.
        mutating func flush() {
            guard !cutShort else { return }
            if !output.isEmpty {
                let written = console.outRecords(output) { StopSignal.pending != 0 }
                if written < output.count {
                    linesOut += output[0..<written].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                    cutShort = true
                    return
                }
            }
            linesOut += recordsHeld
            recordsHeld = 0
            output.removeAll(keepingCapacity: output.capacity <= 4 * flushSize)
            messages.flush(to: console)
        }
    }

    /// The messages for people about failed lines, in input order, gathered until they are written
    /// to stderr after the records they belong to. Used by one thread at a time (the only thread with
    /// one job, the writer thread with several).
    private final class Messages: @unchecked Sendable {
        private let context: CommandContext
        private let name: String
        private var text = ""
        private var hintedMultiLine = false

        init(context: CommandContext, name: String) {
            self.context = context
            self.name = name
        }

        func report(_ error: BatchLineError, startsMultiLineCase: @autoclosure () -> Bool) {
            text += "signaal: " + error.locatedMessage(file: name, context.knowledge.texts, context.language) + "\n"
            // A pretty-printed case gives one syntax error per line; say once what is going on.
            if !hintedMultiLine, startsMultiLineCase() {
                hintedMultiLine = true
                text += "signaal: " + context.t("batch.multi_line_case", ["path": UserText.line(name), "line": String(error.line)]) + "\n"
            }
        }

        func flush(to console: Console) {
            guard !text.isEmpty else { return }
            console.err(text)
            text = ""
        }
    }

    /// A parallel run (`--jobs N`, N > 1). The reading thread (the caller) hands over the lines of
    /// each read at once (`publish`) and reads on while the workers have lines to spare. N worker
    /// threads each cut the next block of at most `blockLines` lines from what was handed over and
    /// score it with their own `BatchScorer` into the block's slot of a ring; the worker that finishes
    /// the oldest block not yet written writes it, and every block after it that is scored by then,
    /// in input order, then the messages of their failed lines, and adds up their counts. There is no
    /// writer thread: a block is written by a thread that was running anyway, so with 2 jobs on 2
    /// cores no third thread competes with the workers, and nobody is woken to write.
    ///
    /// A thread waits only when it cannot go on: a worker when no line is left to cut or the ring is
    /// full (the oldest block is still being scored), the reading thread when the workers have
    /// `readAhead` lines or more to cut. Each waiting role has its own condition and a count of
    /// waiters, and is signalled only when someone waits there, so a run where nobody waits makes no
    /// futex call at all; the lock is held only to move counters.
    ///
    /// At most `slots` blocks of at most `blockLines` lines are in flight (cut, scored or being
    /// written), which bounds the records held whatever the input and the speed of each thread
    /// (`linesInFlight`). The lines of a read are freed by the reading thread, which allocated them,
    /// once every block cut from them is scored (glibc keeps an allocation arena per thread; a free
    /// from another thread takes that arena's lock). A stop signal ends the output at a record
    /// boundary, as with one job.
    private final class Pipeline: @unchecked Sendable {
        /// The lines of one read as the reading thread gathers them: their bytes one after another
        /// in one buffer, and per line its number and place (one allocation per read, not per line).
        /// Blank lines are held back as in one job's run (`TrailingBlankLines`): those at the very end
        /// of the input never reach a worker.
        struct Lines {
            /// Per line: its number, and its bytes at `bytes[start..<start + count]`; count -1 for a
            /// line over the limit (skipped).
            struct Place {
                var number: Int
                var start: Int
                var count: Int
            }

            private(set) var bytes: [UInt8] = []
            private(set) var places: [Place] = []
            private var blanks = TrailingBlankLines()

            var isEmpty: Bool { places.isEmpty }

            /// Room for a read of `count` bytes.
            mutating func reserve(_ count: Int) {
                bytes.reserveCapacity(bytes.count + count)
            }

            /// One line from the splitter, after the blank lines held before it; a blank line is held.
            mutating func take(_ line: LineSplitter.Line) {
                // A copy, put back after: the closure works on `self` while `pass` changes it.
                var blanks = blanks
                blanks.pass(line) { add($0) }
                self.blanks = blanks
            }

            private mutating func add(_ line: LineSplitter.Line) {
                guard let content = line.bytes else {
                    places.append(Place(number: line.number, start: bytes.count, count: -1))
                    return
                }
                places.append(Place(number: line.number, start: bytes.count, count: content.count))
                bytes.append(contentsOf: content)
            }

            /// The lines gathered so far (held blank lines stay held), and a fresh start.
            mutating func handOver() -> Lines {
                var taken = Lines()
                swap(&taken.bytes, &bytes)
                swap(&taken.places, &places)
                return taken
            }
        }

        /// The lines of one read, handed over by the reading thread.
        private final class Batch {
            let lines: Lines
            /// The first line not yet cut into a block (guarded by `lock`).
            var next = 0
            /// Lines not yet scored (guarded by `lock`); at 0 with every line cut, the reading thread frees it.
            var unscored: Int
            init(_ lines: Lines) {
                self.lines = lines
                unscored = lines.places.count
            }
        }

        private struct Block {
            /// The block's number (it lives in slot number % slots).
            var number = -1
            /// The batch the block's lines are in (kept alive by `batches` until they are scored).
            var batch: Unmanaged<Batch>?
            var lines: Range<Int> = 0..<0
            var output: [UInt8] = []
            /// Records in `output` (one per line of the block).
            var records = 0
            var failures: [(error: BatchLineError, startsMultiLineCase: Bool)] = []
            var tally = BatchTally()
        }

        private let blocks: UnsafeMutableBufferPointer<Block>
        /// Per slot: scored and not yet written.
        private let scored: UnsafeMutableBufferPointer<Bool>
        private let scorers: UnsafeMutableBufferPointer<BatchScorer>
        private let slots: Int
        private let blockLines: Int
        /// The reading thread reads on while fewer lines than this are left to cut.
        private let readAhead: Int
        /// Output capacity a block starts with, so its buffer rarely grows (each growth leaves the
        /// old buffer behind in the allocator).
        private let outputReserve: Int
        private let console: Console
        private let messages: Messages
        private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        /// Workers wait here for lines to cut, or for a free slot; the reading thread for the
        /// workers to need more lines.
        private let lines = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        private let space = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        private let drained = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        // Guarded by `lock`:
        /// The batches handed over and not yet freed, oldest first; those from `cutting` on have
        /// lines not yet cut.
        private var batches: [Batch] = []
        private var cutting = 0
        /// Lines handed over and not yet cut.
        private var uncut = 0
        /// Block numbers (block n lives in slot n % slots): blocks before `taken` are cut, before
        /// `written` written.
        private var taken = 0
        private var written = 0
        /// A worker is writing blocks (from `written` on).
        private var writing = false
        private var closed = false
        private var linesWaiters = 0
        private var spaceWaiters = 0
        /// The oldest block a waiting worker scores a second time (below), or -1.
        private var helped = -1
        /// Blocks a waiting worker scored a second time (`take`); for the debug report below.
        private var scoredTwice = 0
        /// Tests only (debug builds): `SIGNAAL_TEST_STALL_WORKER=ms` stalls worker 0 before each block,
        /// as a worker that lost its core to another process would: until another worker has scored
        /// that block (`stallForTest`), or for at most that many milliseconds.
        private let testStall: UInt32 = {
            #if DEBUG
                return getenv("SIGNAAL_TEST_STALL_WORKER").flatMap { UInt32(String(cString: $0)) } ?? 0
            #else
                return 0
            #endif
        }()
        private var readerWaits = false
        private var threads: [pthread_t] = []
        private var finished = false
        /// Written by the thread writing blocks; read by the caller only after `finish()`.
        private(set) var linesOut = 0
        private(set) var cutShort = false
        private(set) var tally = BatchTally()

        init(jobs: Int, scorer: BatchScorer, records: RecordForm, console: Console, messages: Messages) {
            let inFlight = BatchScore.linesInFlight(records)
            slots = max(4, 2 * jobs + 2)
            blockLines = max(1, inFlight / slots)
            readAhead = 2 * jobs * blockLines
            outputReserve = blockLines * (records == .compact ? 2_048 : 18_432)
            self.console = console
            self.messages = messages
            blocks = .allocate(capacity: slots)
            _ = blocks.initialize(from: Array(repeating: Block(), count: slots))
            scored = .allocate(capacity: slots)
            scored.initialize(repeating: false)
            scorers = .allocate(capacity: jobs)
            scorers.initialize(repeating: scorer)
            pthread_mutex_init(lock, nil)
            for condition in [lines, space, drained] { pthread_cond_init(condition, nil) }
            for index in 0..<jobs { threads.append(Self.start { [self] in workerLoop(index) }) }
        }

        deinit {
            blocks.deinitialize().deallocate()
            scored.deinitialize().deallocate()
            scorers.deinitialize().deallocate()
            pthread_mutex_destroy(lock)
            lock.deallocate()
            for condition in [lines, space, drained] {
                pthread_cond_destroy(condition)
                condition.deallocate()
            }
        }

        /// Waits until the workers need more lines (reading thread): fewer than `readAhead` left to
        /// cut. Returns at once when a stop signal came or the run is over.
        func waitForRoom() {
            pthread_mutex_lock(lock)
            while uncut >= readAhead && !closed && StopSignal.pending == 0 {
                readerWaits = true
                pthread_cond_wait(drained, lock)
            }
            pthread_mutex_unlock(lock)
        }

        /// Hands the lines of one read to the workers (reading thread), and frees the batches whose
        /// lines are all scored.
        func publish(_ read: Lines) {
            var done: [Batch] = []
            pthread_mutex_lock(lock)
            var index = 0
            while index < cutting {
                if batches[index].unscored == 0 {
                    done.append(batches.remove(at: index))
                    cutting -= 1
                } else {
                    index += 1
                }
            }
            if !read.isEmpty {
                batches.append(Batch(read))
                uncut += read.places.count
            }
            let wake = linesWaiters > 0
            pthread_mutex_unlock(lock)
            // Signalled after the unlock, so the thread woken does not wait for the lock at once.
            if wake { pthread_cond_broadcast(lines) }
            // `done` goes here, outside the lock.
            _ = done
        }

        /// Waits until every line handed over is scored and written and the threads have ended.
        func finish() {
            guard !finished else { return }
            finished = true
            pthread_mutex_lock(lock)
            closed = true
            pthread_cond_broadcast(lines)
            pthread_cond_broadcast(space)
            pthread_mutex_unlock(lock)
            for thread in threads { pthread_join(thread, nil) }
            batches.removeAll()
            #if DEBUG
                if testStall > 0 { console.err("signaal: test: \(scoredTwice) blocks scored twice\n") }
            #endif
        }

        /// Each worker scores into a block of its own and puts it in the block's slot (under `lock`)
        /// only if the slot still waits for it: the oldest block may be scored twice (`take`), and
        /// the copy that finishes second is dropped, its records, tally and messages with it.
        private func workerLoop(_ worker: Int) {
            var own = Block()
            pthread_mutex_lock(lock)
            while let number = take() {
                let slot = number % slots
                // `take` may have let go of the lock after cutting the block, and a waiting worker
                // may have scored it meanwhile (its batch is then gone from the slot): nothing to do.
                guard blocks[slot].number == number, !scored[slot], let batch = blocks[slot].batch else { continue }
                own.number = number
                own.lines = blocks[slot].lines
                // The lines are copied (retained) while the batch is surely alive.
                let lines = batch.takeUnretainedValue().lines
                pthread_mutex_unlock(lock)
                if worker == 0 && testStall > 0 { stallForTest(number) }
                score(&own, lines, with: &scorers[worker])
                pthread_mutex_lock(lock)
                // Not when the other copy was put there first (scored, or already written: then
                // `written` is past it, and the slot may wait for a later block).
                guard number >= written && blocks[slot].number == number && !scored[slot] else { continue }
                blocks[slot].batch?.takeUnretainedValue().unscored -= own.records
                own.batch = nil
                swap(&blocks[slot], &own)
                own.batch = nil
                scored[slot] = true
                if helped == number { helped = -1 }
                writeScored()
            }
            pthread_mutex_unlock(lock)
        }

        /// Cuts the next block (under `lock`, which it may wait on): its number, or nil once the run
        /// is closed and every line is cut.
        private func take() -> Int? {
            while true {
                if uncut > 0 && taken - written < slots {
                    let batch = batches[cutting]
                    let start = batch.next
                    let end = min(start + blockLines, batch.lines.places.count)
                    batch.next = end
                    if end == batch.lines.places.count { cutting += 1 }
                    uncut -= end - start
                    // The block's number is given with its lines, before the lock is let go.
                    let number = taken
                    taken += 1
                    blocks[number % slots].number = number
                    blocks[number % slots].batch = Unmanaged.passUnretained(batch)
                    blocks[number % slots].lines = start..<end
                    if readerWaits && uncut < readAhead {
                        readerWaits = false
                        pthread_mutex_unlock(lock)
                        pthread_cond_signal(drained)
                        pthread_mutex_lock(lock)
                    }
                    return number
                }
                // Nothing to cut (no lines, or every slot taken). If the oldest block is still being
                // scored, its worker may have lost its core to another process for a whole time
                // slice, and nothing can be written until it is back: after a short wait, score that
                // block a second time (`workerLoop` keeps the copy that finishes first), so a busy
                // machine does not make two jobs slower than one. Otherwise wait without a timeout.
                let oldest = written
                let helpable = helped != oldest && oldest < taken && !scored[oldest % slots]
                if uncut == 0 && closed && !helpable { return nil }
                let forLines = uncut == 0
                if forLines { linesWaiters += 1 } else { spaceWaiters += 1 }
                let condition = forLines ? lines : space
                var timedOut = false
                if helpable {
                    timedOut = Self.wait(condition, lock, microseconds: 500)
                } else {
                    pthread_cond_wait(condition, lock)
                }
                if forLines { linesWaiters -= 1 } else { spaceWaiters -= 1 }
                if timedOut && oldest == written && helped != oldest && !scored[oldest % slots] {
                    helped = oldest
                    scoredTwice += 1
                    return oldest
                }
            }
        }

        /// Writes the oldest blocks while they are scored, unless another worker is writing (under
        /// `lock`, released while writing): whoever writes checks again for blocks scored meanwhile,
        /// so no scored block is left unwritten.
        private func writeScored() {
            while !writing && written < taken && scored[written % slots] {
                writing = true
                let first = written
                var end = first + 1
                while end < taken && scored[end % slots] { end += 1 }
                pthread_mutex_unlock(lock)
                // These blocks are this thread's until they are marked written.
                for number in first..<end { write(&blocks[number % slots]) }
                pthread_mutex_lock(lock)
                for number in first..<end { scored[number % slots] = false }
                written = end
                writing = false
                if spaceWaiters > 0 {
                    pthread_mutex_unlock(lock)
                    pthread_cond_broadcast(space)
                    pthread_mutex_lock(lock)
                }
            }
        }

        private func score(_ block: inout Block, _ lines: Lines, with scorer: inout BatchScorer) {
            block.output.removeAll(keepingCapacity: block.output.capacity <= 4 * outputReserve)
            block.failures.removeAll()
            // After a stop signal nothing more is written (the writer checks it before each block).
            if StopSignal.pending == 0 {
                if block.output.capacity < outputReserve { block.output.reserveCapacity(outputReserve) }
                lines.bytes.withUnsafeBufferPointer { bytes in
                    for index in block.lines {
                        let place = lines.places[index]
                        let content = place.count < 0 ? nil : UnsafeBufferPointer(rebasing: bytes[place.start..<(place.start + place.count)])
                        if let error = scorer.scoreAndWrite(LineSplitter.Line(number: place.number, bytes: content), into: &block.output) {
                            block.failures.append((error, error.startsMultiLineCase(content.map(Array.init) ?? [])))
                        }
                        block.output.append(0x0A)
                    }
                }
            }
            block.tally = scorer.takeTally()
            block.records = block.lines.count
        }

        private func write(_ block: inout Block) {
            guard !cutShort else { return }
            if StopSignal.pending != 0 {
                cutShort = true
                return
            }
            tally.add(block.tally)
            if !block.output.isEmpty {
                let written = console.outRecords(block.output) { StopSignal.pending != 0 }
                if written < block.output.count {
                    linesOut += block.output[0..<written].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
                    cutShort = true
                    return
                }
            }
            linesOut += block.records
            for failure in block.failures { messages.report(failure.error, startsMultiLineCase: failure.startsMultiLineCase) }
            messages.flush(to: console)
        }

        /// `SIGNAAL_TEST_STALL_WORKER`: waits (without the lock) until block `number` is scored by
        /// another worker or `testStall` milliseconds have passed.
        private func stallForTest(_ number: Int) {
            for _ in 0..<testStall {
                pthread_mutex_lock(lock)
                let done = written > number || (blocks[number % slots].number == number && scored[number % slots])
                pthread_mutex_unlock(lock)
                if done { return }
                usleep(1_000)
            }
        }

        /// Waits on `condition` (with `lock` held) for at most `microseconds`: true when the time ran out.
        private static func wait(_ condition: UnsafeMutablePointer<pthread_cond_t>, _ lock: UnsafeMutablePointer<pthread_mutex_t>, microseconds: Int) -> Bool {
            var deadline = timespec()
            clock_gettime(CLOCK_REALTIME, &deadline)
            deadline.tv_nsec += microseconds * 1_000
            if deadline.tv_nsec >= 1_000_000_000 {
                deadline.tv_sec += 1
                deadline.tv_nsec -= 1_000_000_000
            }
            return pthread_cond_timedwait(condition, lock, &deadline) == ETIMEDOUT
        }

        /// Starts a thread that runs `body`.
        private static func start(_ body: @escaping () -> Void) -> pthread_t {
            final class Body {
                let run: () -> Void
                init(_ run: @escaping () -> Void) { self.run = run }
            }
            var thread = pthread_t()
            let argument = Unmanaged.passRetained(Body(body)).toOpaque()
            let status = pthread_create(
                &thread, nil,
                { argument in
                    Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue().run()
                    return nil
                }, argument)
            precondition(status == 0, "signaal: cannot start a thread (\(status))")
            return thread
        }
    }

    /// Without `--jobs N` (`ScoreOptions.jobCount`): the number of online cores (at least 1, at most `maximumJobs`).
    static var defaultJobs: Int { min(maximumJobs, max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// `--summary` needs `--batch`; options that only make sense for one case are refused with it.
    static func checkOptions(_ options: ScoreOptions, context: CommandContext) throws(CommandFailure) {
        func refuse(_ message: String) throws(CommandFailure) {
            context.console.err("signaal: " + message + "\n" + context.t("usage.see_help") + "\n")
            throw .reported(.usage)
        }
        guard options.batch else {
            return try refuse(context.t(options.summary ? "batch.summary_needs_batch" : "batch.jobs_needs_batch"))
        }
        if let format = options.format, format != .json {
            try refuse(context.t("batch.conflict", ["option": "--format " + format.rawValue]))
        }
        if options.report != nil { try refuse(context.t("batch.conflict", ["option": "--report"])) }
        if options.force { try refuse(context.t("batch.conflict", ["option": "--force"])) }
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
    static func summary(_ tally: BatchTally, levels: Bool, context: CommandContext) -> String {
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
        if levels {
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
