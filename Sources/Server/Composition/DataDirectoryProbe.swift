@preconcurrency import Glibc
import FoundationEssentials

/// Whether the data directory takes writes, for `GET /readyz` (issue #5: not ready while the data directory is
/// not writable): creates a small file there, writes a byte, closes and removes it.
///
/// The answer is kept for `interval`, so a load balancer (or anyone: `/readyz` needs no token) polling it hard
/// costs one probe per interval, and a probe never queues behind another.
actor DataDirectoryProbe {
    /// How long one probe's answer is reused.
    static let defaultInterval: TimeInterval = 1

    private let path: String
    private let interval: TimeInterval
    private let clock: @Sendable () -> Date
    private var last: (at: Date, writable: Bool)?

    /// A probe of `directory`, reusing an answer for `interval` seconds of `clock`.
    init(directory: String, interval: TimeInterval = defaultInterval, clock: @escaping @Sendable () -> Date = { Date() }) {
        path = URL(fileURLWithPath: directory).appendingPathComponent(".cordon-ready-probe").path
        self.interval = interval
        self.clock = clock
    }

    /// True when the last probe (at most `interval` old, else a new one) could create, write and remove its file.
    func isWritable() -> Bool {
        let now = clock()
        if let last, now.timeIntervalSince(last.at) < interval, now >= last.at { return last.writable }
        let writable = Self.probe(path)
        last = (now, writable)
        return writable
    }

    /// One probe: a read-only or full file system, a vanished volume or a directory without write permission
    /// fail at open, write or unlink. No fsync: readiness asks whether writes are accepted, and a probe must stay
    /// cheap; a failed fsync of real data is refused where it happens (the journal, the store).
    private static func probe(_ path: String) -> Bool {
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return false }
        var byte: UInt8 = 0x0A
        let written = Glibc.write(descriptor, &byte, 1)
        let closed = Glibc.close(descriptor)
        let removed = Glibc.unlink(path)
        return written == 1 && closed == 0 && removed == 0
    }
}
