import Foundation
import SignaalCLI

// The executable only hands argv and the environment to SignaalCLI and exits with its code.
let console = Console(environment: ProcessInfo.processInfo.environment)
let code = Signaal.run(Array(CommandLine.arguments.dropFirst()), console: console)
exit(code.rawValue)
