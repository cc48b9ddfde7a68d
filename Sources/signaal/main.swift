import SignaalCLI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Ctrl-C ends the process at once with 130 (128 + SIGINT), whatever it is waiting for. Nothing is
// lost: output files are written atomically, and the interview saves its draft after every answer.
// A write's temp file is removed first. On a terminal a line break, so the shell's prompt does not
// start after the "^C".
signal(SIGINT) { _ in
    SafeFile.removePendingTemporaryFile()
    var newline: UInt8 = 10
    if isatty(STDERR_FILENO) == 1 { _ = write(STDERR_FILENO, &newline, 1) }
    _exit(ExitCode.interrupted.rawValue)
}
// A parent may start us with SIGINT blocked (a thread pool's mask is inherited through spawn); then
// Ctrl-C would do nothing. Unblock it.
var interruptOnly = sigset_t()
sigemptyset(&interruptOnly)
sigaddset(&interruptOnly, SIGINT)
sigprocmask(SIG_UNBLOCK, &interruptOnly, nil)

// A reader that goes away (`signaal score --batch big | head -1`) is a write error (EPIPE), which
// ends the run with the documented 74 — not a silent death by SIGPIPE (141). Set explicitly: a
// parent may have left SIGPIPE at its default or ignored it, and the result must not depend on that.
signal(SIGPIPE, SIG_IGN)

// A closed standard stream (`2>&-`, `<&-`) would let the next open() take its number, and text meant
// for stderr or stdout would land in a report or draft file. Hold each closed one with /dev/null,
// opened so that using it still fails as a closed stream does (read-only for output, write-only for
// input): stdout gives 74, stdin 66, and stderr — best-effort — is skipped.
for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
    let placeholder = open("/dev/null", descriptor == STDIN_FILENO ? O_WRONLY : O_RDONLY)
    if placeholder >= 0, placeholder != descriptor {
        dup2(placeholder, descriptor)
        close(placeholder)
    }
}

// The executable only hands argv and the environment to SignaalCLI and exits with its code.
let console = Console(environment: System.environment())
let code = Signaal.run(Array(CommandLine.arguments.dropFirst()), console: console)
exit(code.rawValue)
