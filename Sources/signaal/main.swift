import SignaalCLI

import Glibc

// Ctrl-C ends the process at once with 130, SIGPIPE is ignored (a closed reader is exit 74): all
// signal handling is in SignaalCLI/Signals.swift.
Signals.installAtStart()

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
