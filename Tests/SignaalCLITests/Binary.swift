import Foundation

/// Runs the built `signaal` executable as a user would: argv, stdin, environment; captures all.
enum Binary {
    /// The repository root.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The built executable beside the test bundle (same build folder, so the same build).
    static let url: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // The test binary is inside `<bundle>.xctest/` on some platforms.
        if directory.pathExtension == "xctest" { directory = directory.deletingLastPathComponent() }
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("signaal")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return root.appendingPathComponent(".build/debug/signaal")
    }()

    /// Writing to a process that already exited must fail with EPIPE, not kill the test runner.
    static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A minimal, deterministic environment: English unless asked, no colour settings.
    static let baseEnvironment = ["PATH": "/usr/bin:/bin", "LANG": "C", "HOME": NSTemporaryDirectory()]

    static func run(
        _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:], directory: URL? = nil,
        executable: URL = url
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = baseEnvironment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        // Write stdin and drain both outputs concurrently so large data cannot deadlock.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = output.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        _ = ignoreBrokenPipes
        // A command may exit before reading its input (a usage error): that must not kill the test.
        if let stdin { try? input.fileHandleForWriting.write(contentsOf: stdin) }
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
