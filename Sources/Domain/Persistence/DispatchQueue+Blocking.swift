import Dispatch
import FoundationEssentials

extension DispatchQueue {
    /// Runs blocking work (file I/O, fsync) on this queue and resumes the caller with its result, so a blocked
    /// system call never occupies one of the cooperative pool's few threads.
    func run<Value: Sendable, Failure: Error>(
        _ work: @escaping @Sendable () throws(Failure) -> Value
    ) async throws(Failure) -> Value {
        let result: Result<Value, Failure> = await withCheckedContinuation { continuation in
            async { continuation.resume(returning: Result(catching: work)) }
        }
        return try result.get()
    }
}
