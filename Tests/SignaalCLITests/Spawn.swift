import Foundation
import Glibc

/// Starts `signaal` with posix_spawn where `Binary.run` (Foundation's Process) cannot: a closed
/// standard stream, a pipe whose reader is gone, a file as stdout, and — above all — signal
/// dispositions reset to their defaults. The test process ignores SIGPIPE (`Binary.ignoreBrokenPipes`)
/// and an ignored signal stays ignored across exec, so a child started normally would never show
/// what SIGPIPE does to the real binary in a shell pipeline. `POSIX_SPAWN_SETSIGDEF` resets it.
enum Spawn {
    /// How the child ends: `exit` status, or the signal that killed it.
    enum Ending: Equatable {
        case exit(Int32)
        case signal(Int32)
        case stillRunning
    }

    /// A pipe with both ends close-on-exec in this process (dup2 into the child clears the flag).
    static func pipe() -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        precondition(Glibc.pipe(&ends) == 0)
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    /// Starts the binary. `streams` maps the child's fd (0, 1, 2) to a descriptor of ours to put
    /// there, or nil to leave it closed. Unmapped streams get /dev/null.
    static func start(
        _ arguments: [String], environment: [String: String] = [:], streams: [Int32: Int32?]
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            switch streams[descriptor] {
            case .some(.some(let ours)): posix_spawn_file_actions_adddup2(&actions, ours, descriptor)
            case .some(.none): posix_spawn_file_actions_addclose(&actions, descriptor)
            case .none: posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_RDWR, 0)
            }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGPIPE, SIGTERM, SIGHUP, SIGINT] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([Binary.url.path] + arguments).map { strdup($0) } + [nil]
        let environment = Binary.baseEnvironment.merging(environment) { $1 }.map { strdup($0.key + "=" + $0.value) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in environment { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, Binary.url.path, &actions, &attributes, argv, environment)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EINVAL) }
        return pid
    }

    /// Waits up to `timeout` seconds; a child still running then is killed and reported as such.
    static func wait(_ pid: pid_t, timeout: Double = 60) -> Ending {
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return .stillRunning
            }
            usleep(10_000)
        }
        let signal = status & 0x7f
        return signal == 0 ? .exit((status >> 8) & 0xff) : .signal(signal)
    }

    /// Reads a descriptor to its end (on a background thread when the caller must go on).
    static func readAll(_ descriptor: Int32) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    /// Reads exactly up to `limit` bytes (fewer at end of input).
    static func readSome(_ descriptor: Int32, limit: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, min($0.count, limit - bytes.count)) }
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
}
