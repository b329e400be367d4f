import FoundationEssentials
import Platform

/// The TLS context, made on the first https call rather than at start-up: loading the trust store touches a
/// megabyte or more that a service which has not yet called AWS (or only calls plain-http moto) does not need.
///
/// `@unchecked Sendable`: `made` is only read or written under `lock`; `caBundle` is immutable.
final class LazyTLSContext: @unchecked Sendable {
    private let lock = PThreadMutex()
    private let caBundle: String?
    private var made: TLSContext?

    /// A context that will trust `caBundle` (a PEM file path) in addition to the system's roots.
    init(caBundle: String?) {
        self.caBundle = caBundle
    }

    /// The context, made now if this is the first call; a failure is not remembered, so a fixed file is picked up.
    func get() throws(AWSClientError) -> TLSContext {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let context = try TLSContext(openSSL: LibSSL.load(), caBundle: caBundle)
        made = context
        return context
    }
}
