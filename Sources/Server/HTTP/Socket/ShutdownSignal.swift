@preconcurrency import Glibc
import Dispatch

/// Waits for SIGTERM or SIGINT. Kept out of main.swift: a handler closure written there is main-actor
/// code under Swift 6 and crashed on delivery (STYLE.md); these handlers are `@Sendable`.
enum ShutdownSignal {
    /// Blocks the caller until SIGTERM or SIGINT arrives and returns the signal's name.
    static func wait() -> String {
        let received = DispatchSemaphore(value: 0)
        let name = SignalName()
        let sources = [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")].map { number, label in
            // The default action would kill the process before Dispatch sees the signal.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { @Sendable in
                name.set(label)
                received.signal()
            }
            source.resume()
            return source
        }
        received.wait()
        for source in sources { source.cancel() }
        return name.value
    }
}
