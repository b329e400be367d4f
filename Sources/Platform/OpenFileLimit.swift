@preconcurrency import Glibc

/// The process's limit on open file descriptors (`RLIMIT_NOFILE`), which bounds how many connections a server
/// can hold.
public enum OpenFileLimit {
    /// The soft limit in effect (`Int.max` when unlimited).
    public static func current() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return Int(FOPEN_MAX) }
        return clamped(limit.rlim_cur)
    }

    /// Raises the soft limit to the hard one, as Go's runtime does at start: the soft default (often 1,024) is
    /// meant for programs that use `select(2)`, which a server on epoll does not. Returns the soft limit in effect.
    @discardableResult
    public static func raiseToHardLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return current() }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            // Refused only when the hard limit is above the kernel's nr_open; the soft limit then stays as it was.
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        return current()
    }

    /// Unlimited (`RLIM_INFINITY`, all bits set on Linux; the C macro does not import) and anything past `Int.max`
    /// read as `Int.max`.
    private static func clamped(_ value: rlim_t) -> Int {
        value > rlim_t(Int.max) ? Int.max : Int(value)
    }
}
