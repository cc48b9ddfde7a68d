import Glibc
import Synchronization

// All signal handling of the executable, in one place: what each signal does, when, and what a
// handler may touch. A handler runs between any two instructions of any thread, so it only calls
// async-signal-safe functions (write, unlink, lstat, isatty, pthread_kill, _exit, raise) and reads
// what was prepared before it was installed: C strings behind atomics, never a Swift string or
// array, never an allocation.
//
// - Whole process (`Signals.installAtStart`, main.swift): Ctrl-C ends it at once with 130, after
//   removing a write's temp file; SIGINT is unblocked; SIGPIPE is ignored (a closed reader is EPIPE
//   and exit 74, not a silent 141).
// - A file write (`TemporaryFileGuard`, SafeFile): SIGTERM and SIGHUP remove the temp file, then end
//   the process as the signal would.
// - The interview (`TriageInterrupt`): Ctrl-C says whether a draft is kept, then exits 130.
// - A batch run (`StopSignal`): SIGTERM, SIGHUP and Ctrl-C are noted and acted on at the next
//   record boundary.

/// A C string a handler may read. Its address is kept in an atomic (a pointer is not Sendable; its
/// bits are), set before the handler that reads it is installed.
private struct SharedCString: ~Copyable, Sendable {
    private let address = Atomic<UInt>(0)

    func load() -> UnsafeMutablePointer<CChar>? {
        UnsafeMutablePointer(bitPattern: address.load(ordering: .acquiring))
    }

    /// Holds a C copy of `text` (or nothing) from now on; the previous copy is freed.
    func replace(with text: String?) {
        let copy = text.flatMap { strdup($0) }
        free(UnsafeMutablePointer<CChar>(bitPattern: address.exchange(UInt(bitPattern: copy), ordering: .acquiringAndReleasing)))
    }
}

/// What the handlers read. Each value is set before the handler that reads it is installed.
private enum HandlerState {
    /// The temp file a write has open, or nothing.
    static let temporaryFile = SharedCString()
    /// The interview's draft path and its two Ctrl-C messages.
    static let draftPath = SharedCString()
    static let draftKept = SharedCString()
    static let draftNone = SharedCString()
    /// The signal that asked a batch run to stop (0: none), and the thread that reads and writes.
    static let stopNumber = Atomic<Int32>(0)
    static let stopThread = Atomic<UInt>(0)
}

public enum Signals {
    /// At start-up: Ctrl-C ends the process at once with 130 (128 + SIGINT), whatever it is waiting
    /// for. Nothing is lost: output files are written atomically, and the interview saves its draft
    /// after every answer; a write's temp file is removed first. SIGINT is unblocked (a parent may
    /// start us with it blocked: a thread pool's mask is inherited through spawn) and SIGPIPE ignored
    /// (set explicitly: a parent may have left it at its default or ignored it).
    public static func installAtStart() {
        // Touch the state once here, so no handler is the first to initialise it.
        _ = HandlerState.temporaryFile.load()
        _ = (HandlerState.draftPath.load(), HandlerState.draftKept.load(), HandlerState.draftNone.load())
        _ = (HandlerState.stopNumber.load(ordering: .relaxed), HandlerState.stopThread.load(ordering: .relaxed))
        installPlainInterrupt()
        var interruptOnly = sigset_t()
        sigemptyset(&interruptOnly)
        sigaddset(&interruptOnly, SIGINT)
        sigprocmask(SIG_UNBLOCK, &interruptOnly, nil)
        signal(SIGPIPE, SIG_IGN)
    }

    /// The process's Ctrl-C: remove a write's temp file, a line break on a terminal (so the shell's
    /// prompt does not start after the "^C"), exit 130 at once.
    static func installPlainInterrupt() {
        signal(SIGINT) { _ in
            Signals.removeTemporaryFile()
            var newline: UInt8 = 10
            if isatty(STDERR_FILENO) == 1 { _ = write(STDERR_FILENO, &newline, 1) }
            _exit(ExitCode.interrupted.rawValue)
        }
    }

    /// Removes the temp file a write has open, if any. Async-signal-safe (one `unlink`).
    static func removeTemporaryFile() {
        if let path = HandlerState.temporaryFile.load() { unlink(path) }
    }
}

/// While a temp file exists: SIGTERM and SIGHUP remove it, then end the process as the signal
/// would (default action, re-raised). Only where the signal has its default action: a batch run
/// handles them itself at record boundaries. Ctrl-C removes it through the process's handler.
struct TemporaryFileGuard {
    private static let signals: [Int32] = [SIGTERM, SIGHUP]
    private var previous: [Int32: sigaction] = [:]

    init(_ path: String) {
        HandlerState.temporaryFile.replace(with: path)
        for number in Self.signals {
            var current = sigaction()
            guard sigaction(number, nil, &current) == 0, current.__sigaction_handler.sa_handler == nil else { continue }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                Signals.removeTemporaryFile()
                signal(number, SIG_DFL)
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(number, &action, nil)
            previous[number] = current
        }
    }

    /// The write chose another name (the first was taken): the handlers remove this one instead.
    func retarget(_ path: String) {
        HandlerState.temporaryFile.replace(with: path)
    }

    /// Tests only (debug builds; nothing in release builds), right after the temp file is created:
    /// `SIGNAAL_TEST_PAUSE_IN_WRITE=n` sleeps n seconds; `SIGNAAL_TEST_HOLD_AFTER_CREATE=n` waits until
    /// SIGTERM, SIGHUP or SIGINT is pending (blocked) or n seconds have passed, so a test can send a
    /// signal into the very moment the file appears (when it was not yet registered, that left it behind).
    static func testHoldAfterCreate() {
        #if DEBUG
            // Tests hold the write here to send a signal into it.
            if let pause = getenv("SIGNAAL_TEST_PAUSE_IN_WRITE").flatMap({ UInt32(String(cString: $0)) }) { sleep(pause) }
            guard let hold = getenv("SIGNAAL_TEST_HOLD_AFTER_CREATE").flatMap({ Int(String(cString: $0)) }) else { return }
            for _ in 0..<(hold * 100) {
                var pending = sigset_t()
                sigpending(&pending)
                if sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGHUP) == 1 || sigismember(&pending, SIGINT) == 1 { return }
                usleep(10_000)
            }
        #endif
    }

    func release() {
        var all = sigset_t()
        sigfillset(&all)
        var old = sigset_t()
        // No signal between restoring the handlers and forgetting the path.
        pthread_sigmask(SIG_BLOCK, &all, &old)
        for (number, action) in previous {
            var restored = action
            sigaction(number, &restored, nil)
        }
        HandlerState.temporaryFile.replace(with: nil)
        pthread_sigmask(SIG_SETMASK, &old, nil)
    }
}

/// Ctrl-C during the interview: tells whether a draft was kept (the draft is on disk after every
/// answer), then exits 130. A plain signal handler, not a Dispatch signal source: a Dispatch source
/// needs SIGINT ignored and then depends on which thread the kernel picks, so with worker threads
/// alive a Ctrl-C could be dropped and the interview hang.
struct TriageInterrupt {
    /// The messages are prepared here, before the handler is installed (a handler may not allocate).
    static func install(draftPath: String, saved: String, nothing: String) -> TriageInterrupt {
        HandlerState.draftPath.replace(with: draftPath)
        HandlerState.draftKept.replace(with: saved)
        HandlerState.draftNone.replace(with: nothing)
        signal(SIGINT) { _ in
            var status = stat()
            let kept = HandlerState.draftPath.load().map { lstat($0, &status) == 0 } ?? false
            if let message = kept ? HandlerState.draftKept.load() : HandlerState.draftNone.load() {
                _ = write(STDERR_FILENO, message, strlen(message))
            }
            _exit(ExitCode.interrupted.rawValue)
        }
        return TriageInterrupt()
    }

    /// Back to the process's Ctrl-C (`Signals.installAtStart`).
    func cancel() {
        Signals.installPlainInterrupt()
    }
}

/// SIGTERM, SIGHUP and SIGINT during a batch run: noted by a handler (without SA_RESTART, so a
/// blocked read or write returns EINTR), acted on at the next record boundary. A signal delivered
/// to another thread is passed on to the thread that reads and writes.
enum StopSignal {
    static let signals: [Int32] = [SIGTERM, SIGHUP, SIGINT]

    /// The signal that asked the run to stop, or 0.
    static var pending: Int32 { HandlerState.stopNumber.load(ordering: .acquiring) }

    static func install() {
        HandlerState.stopThread.store(UInt(pthread_self()), ordering: .releasing)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            _ = HandlerState.stopNumber.compareExchange(expected: 0, desired: number, ordering: .acquiringAndReleasing)
            let reader = pthread_t(HandlerState.stopThread.load(ordering: .acquiring))
            if pthread_equal(pthread_self(), reader) == 0 { pthread_kill(reader, number) }
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
