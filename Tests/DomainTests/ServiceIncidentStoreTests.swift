import Foundation
import Testing
@testable import Domain

/// `IncidentStore`: durable incidents with an optimistic version check.
@Suite struct ServiceIncidentStoreTests {
    @Test func savesOnlyTheNextVersionAndReadsBackAfterReopening() async throws {
        try await withTemporaryDirectory { directory in
            var incident = Sample.incident(.instanceId("i-0abc1234def567890"), playbook: .containInstance)
            let store = try IncidentStore(directory: directory)
            #expect(await domainErrorCode { try await store.save(incident) } == .conflict) // version 0: never saved
            incident.version = 1
            try await store.save(incident)
            #expect(await domainErrorCode { try await store.save(incident) } == .conflict) // a stale copy
            incident.version = 2
            incident.status = .containing
            try await store.save(incident)

            let reopened = try IncidentStore(directory: directory)
            #expect(try await reopened.loadAll() == 1)
            #expect(try await reopened.load(id: incident.id) == incident)
            incident.version = 3
            try await reopened.save(incident)
            #expect(try await reopened.all() == [incident])
        }
    }
}
