import FoundationEssentials

/// The instant a whole exchange must be done by; every blocking wait asks it how long it may take.
struct TransportDeadline: Sendable {
    /// When the exchange times out.
    let instant: ContinuousClock.Instant

    /// The deadline `timeout` from now.
    init(after timeout: Duration, now: ContinuousClock.Instant = .now) {
        instant = now.advanced(by: timeout)
    }

    /// Milliseconds left for poll(2), rounded up so a wait never ends just before the deadline; throws once it
    /// has passed, naming what was being waited for.
    func pollMilliseconds(while phase: String) throws(AWSClientError) -> Int32 {
        let left = ContinuousClock.now.duration(to: instant)
        guard left > .zero else { throw AWSClientError.timedOut("deadline passed while \(phase)") }
        let milliseconds = left.components.seconds * 1000 + (left.components.attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }
}
