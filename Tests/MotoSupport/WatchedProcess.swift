@preconcurrency import Glibc
import Foundation

/// A child process that cannot outlive the test process: a watcher shell starts it and kills it (SIGKILL) as soon
/// as the test process is gone, however that ends, or when `kill()` is called.
///
/// The watcher ignores the hang-up the test runner's exit sends, and uses SIGKILL because a child spawned from a
/// Swift thread inherits that thread's blocked-signal mask, SIGTERM included.
public final class WatchedProcess: Sendable {
    /// The child's process ID (not the watcher's).
    public let pid: Int32
    /// The watcher shell's process ID, the child's parent.
    private let watcherPid: Int32

    /// Starts `executable` with `arguments` and `environment` (merged over this process's), its standard output
    /// and error appended to `log` (or discarded when nil); answers once the child has been started.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], log: URL? = nil) throws {
        let quoted = ([executable] + arguments).map(Self.shellQuoted).joined(separator: " ")
        let output = log.map { Self.shellQuoted($0.path) } ?? "/dev/null"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The child's PID is the watcher's first line of output; the watcher then waits for either to end.
        process.arguments = ["-c", """
            trap '' HUP; \(quoted) >>\(output) 2>&1 </dev/null & C=$!; echo $C; trap 'kill -KILL $C 2>/dev/null' EXIT; \
            while kill -0 \(getpid()) 2>/dev/null && kill -0 $C 2>/dev/null; do sleep 1; done
            """]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try pipe.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line.append(byte)
        }
        guard let pid = Int32(String(decoding: line, as: UTF8.self)) else {
            throw MotoSupportError("could not start \(executable): the watcher printed no process ID")
        }
        self.pid = pid
        watcherPid = process.processIdentifier
    }

    /// Kills the child at once (SIGKILL, as a crash would) and waits until it is gone.
    public func kill() async throws {
        killIfRunning()
        while isRunning {
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Whether the child is still running: alive (not a zombie) and still the watcher's child, so a reused PID
    /// is never taken for it.
    public var isRunning: Bool {
        let stat: String
        do {
            stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        } catch {
            return false
        }
        // proc(5): after the parenthesised command name come the state (Z zombie, X dead) and the parent's PID.
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        guard fields.count > 1 else { return false }
        return fields[0] != "Z" && fields[0] != "X" && Int32(fields[1]) == watcherPid
    }

    deinit {
        killIfRunning()
    }

    private func killIfRunning() {
        if isRunning { _ = Glibc.kill(pid, SIGKILL) }
    }

    /// `value` as one POSIX shell word.
    private static func shellQuoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
