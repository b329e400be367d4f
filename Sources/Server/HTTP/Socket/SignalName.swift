import Synchronization

/// The name of the signal that arrived, handed from the Dispatch handler to the waiting thread.
final class SignalName: Sendable {
    private let storage = Mutex("")

    /// An empty name.
    init() {}

    /// Records the name.
    func set(_ name: String) { storage.withLock { $0 = name } }

    /// The recorded name.
    var value: String { storage.withLock { $0 } }
}
