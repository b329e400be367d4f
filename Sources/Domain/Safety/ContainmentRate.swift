import FoundationEssentials

/// The blast-radius limit: at most `limit` automatic containments start in any sliding hour. Pure; time comes in.
public struct ContainmentRate: Sendable, Equatable {
    /// The most automatic starts per window.
    public let limit: Int
    /// The window's length.
    public let window: TimeInterval
    /// Start times inside the window, oldest first.
    public private(set) var starts: [Date]

    /// Creates a limit with the start times already made (e.g. rebuilt from the store at startup).
    public init(limit: Int, window: TimeInterval = 3600, starts: [Date] = []) {
        self.limit = limit
        self.window = window
        self.starts = starts.sorted()
    }

    /// Counts a start at `now` and returns true if the window has room; returns false (counting nothing) if not.
    public mutating func admit(at now: Date) -> Bool {
        starts.removeAll { $0 <= now - window }
        guard starts.count < limit else { return false }
        starts.append(now)
        return true
    }
}
