import Foundation
import Testing

@Suite("Ctrl-C")
struct InterruptTests {
    /// True once the process has a SIGINT handler installed (Linux: bit 2 of SigCgt in /proc).
    static func catchesInterrupt(_ pid: Int32) -> Bool? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
            let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return nil }
        return mask & (1 << (UInt64(SIGINT) - 1)) != 0
    }

    @Test("SIGINT to signaal score waiting on an open pipe ends it with exit code 130, nothing on stdout")
    func interruptWhileWaiting() throws {
        let process = Process()
        process.executableURL = Binary.url
        process.arguments = ["score"]
        process.environment = Binary.baseEnvironment
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // Wait until the handler is in place (or, without /proc, a moment), then a little longer so
        // the command is blocked reading stdin, which stays open.
        let start = Date()
        while Date().timeIntervalSince(start) < 10, process.isRunning {
            guard let caught = Self.catchesInterrupt(process.processIdentifier) else {
                Thread.sleep(forTimeInterval: 1)
                break
            }
            if caught { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(process.isRunning, "signaal score should still be waiting for input")
        process.interrupt()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        try #require(!process.isRunning, "signaal did not stop on SIGINT")
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 130)
        #expect(output.fileHandleForReading.readDataToEndOfFile().isEmpty)
        withExtendedLifetime(input) {}
    }
}
