import SignaalCLI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Ctrl-C ends the process at once with 130 (128 + SIGINT), whatever it is waiting for. Nothing is
// lost: output files are written atomically, and the interview saves its draft after every answer.
// On a terminal a line break first, so the shell's prompt does not start after the "^C".
signal(SIGINT) { _ in
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

// The executable only hands argv and the environment to SignaalCLI and exits with its code.
let console = Console(environment: System.environment())
let code = Signaal.run(Array(CommandLine.arguments.dropFirst()), console: console)
exit(code.rawValue)
