import Foundation
import Testing
@testable import Domain

/// One process per data directory: a second lock is refused, naming the holder, until the first is released.
@Suite struct PersistenceDataDirectoryLockTests {
    @Test func aSecondLockIsRefusedNamingTheHolderUntilTheFirstIsReleased() async throws {
        try await withTemporaryDirectory { directory in
            var first: DataDirectoryLock? = try DataDirectoryLock(directory: directory.path)
            #expect(first != nil)
            // flock(2) locks belong to the open file description, so a second open in this process conflicts
            // exactly as another process's would.
            let refusal = #expect(throws: DomainError.self) { try DataDirectoryLock(directory: directory.path) }
            #expect(refusal?.code == .conflict)
            #expect(refusal?.message.contains("PID \(getpid())") == true, "\(refusal?.message ?? "")")
            first = nil
            _ = try DataDirectoryLock(directory: directory.path)
        }
    }

    @Test func aDirectoryThatIsNotThereIsAStorageFailure() {
        let refusal = #expect(throws: DomainError.self) { try DataDirectoryLock(directory: "/nonexistent/cordon-data") }
        #expect(refusal?.code == .storageFailure)
    }
}
