import Synchronization

/// Deals accepted connections to the event loops in turn.
///
/// The loops share one listener, and the loop that wakes accepts every connection waiting in the backlog: a burst of
/// new connections (a load balancer's pool, wrk's 64) would all land on one loop and leave the others idle, which
/// measured 64 to 0 on two loops. Dealing them in turn spreads them evenly, as SwiftNIO's acceptor does.
final class ConnectionDistributor: Sendable {
    /// How many loops connections are dealt to.
    let loopCount: Int
    private let dealt = Atomic<Int>(0)

    /// Deals to `loopCount` loops (at least one).
    init(loopCount: Int) {
        self.loopCount = max(1, loopCount)
    }

    /// The index of the loop that serves the next accepted connection.
    func nextLoop() -> Int {
        dealt.wrappingAdd(1, ordering: .relaxed).oldValue % loopCount
    }
}
