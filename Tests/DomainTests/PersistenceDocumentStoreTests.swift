import Foundation
import Testing
@testable import Domain

@Suite struct PersistenceDocumentStoreTests {
    @Test func roundTripThroughDiskWithStableJSON() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DocumentStore<PersistenceSample>(directory: directory.appendingPathComponent("incidents"))
            let first = PersistenceSample.make(id: "inc-1", stepCount: 2)
            let second = PersistenceSample.make(id: "inc-2", version: 3)
            try await store.put(first, id: "inc-1")
            try await store.put(second, id: "inc-2")
            #expect(try await store.get("inc-1") == first)
            #expect(try await store.get("missing") == nil)

            let reopened = try DocumentStore<PersistenceSample>(directory: directory.appendingPathComponent("incidents"))
            #expect(try await reopened.scan(decodeSample).mapValues(\.summary) == ["inc-1": first, "inc-2": second])
            #expect(try await reopened.all() == ["inc-1": first, "inc-2": second])

            let text = try String(contentsOf: directory.appendingPathComponent("incidents/inc-2.json"), encoding: .utf8)
            #expect(text.hasPrefix(#"{"createdAt":"2026-09-21T"#))
            #expect(text.contains(#".125Z","id":"inc-2","principalARN":"arn:aws:iam::123456789012:role/responder/inc-2""#))
        }
    }

    @Test func laterPutReplacesEarlier() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DocumentStore<PersistenceSample>(directory: directory)
            try await store.put(.make(id: "inc-1", version: 1), id: "inc-1")
            try await store.put(.make(id: "inc-1", version: 2), id: "inc-1")
            let reopened = try DocumentStore<PersistenceSample>(directory: directory)
            #expect(try await reopened.get("inc-1") == .make(id: "inc-1", version: 2))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["inc-1.json"])
        }
    }

    /// Concurrent puts to the same ids end with memory and disk agreeing on the last write of each id.
    @Test func concurrentPutsKeepMemoryAndDiskInStep() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DocumentStore<PersistenceSample>(directory: directory)
            let ids = (0..<8).map { "inc-\($0)" }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for version in 0..<12 {
                    for id in ids {
                        group.addTask { try await store.put(.make(id: id, version: version), id: id) }
                    }
                }
                try await group.waitForAll()
            }
            let reopened = try DocumentStore<PersistenceSample>(directory: directory, cacheCapacity: 0)
            #expect(try await reopened.all() == store.all())
            #expect(try await reopened.all().count == ids.count)
        }
    }

    static let hostileIDs = [
        "../escape", "a/b", "/etc/passwd", "", ".", "..", ".hidden", "a\u{0}b", "a b", "inc\n1", "é",
        String(repeating: "a", count: DocumentID.maximumLength + 1),
    ]

    @Test(arguments: hostileIDs)
    func hostileIDsAreRejectedAndWriteNothing(id: String) async throws {
        try await withTemporaryDirectory { directory in
            let inner = directory.appendingPathComponent("incidents")
            let store = try DocumentStore<PersistenceSample>(directory: inner)
            let error = await domainError { try await store.put(.make(id: "x"), id: id) }
            #expect(error?.code == .invalidInput)
            #expect(try FileManager.default.contentsOfDirectory(atPath: inner.path).isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["incidents"])
        }
    }

    @Test(arguments: ["inc-1", "INC_2026.11.29-0001", String(repeating: "z", count: DocumentID.maximumLength)])
    func ordinaryIDsAreAccepted(id: String) {
        #expect(DocumentID.isValid(id))
    }

    @Test func scanDeletesTemporaryFilesACrashLeft() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DocumentStore<PersistenceSample>(directory: directory)
            try await store.put(.make(id: "inc-1"), id: "inc-1")
            let leftover = directory.appendingPathComponent(".inc-1.json.6F9619FF-8B86-D011-B42D-00C04FC964FF.tmp")
            try Data("{half".utf8).write(to: leftover)

            let reopened = try DocumentStore<PersistenceSample>(directory: directory)
            #expect(try await reopened.scan(decodeSample).count == 1)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["inc-1.json"])
        }
    }

    @Test(arguments: [
        ("bad.json", "{\"id\": \"bad\", \"reference\": "),
        ("wrong-shape.json", "{\"id\": 7}"),
        ("not an id.json", "{}"),
    ])
    func scanNamesAFileThatIsNotADocument(name: String, content: String) async throws {
        try await withTemporaryDirectory { directory in
            let store = try DocumentStore<PersistenceSample>(directory: directory)
            try await store.put(.make(id: "good"), id: "good")
            try Data(content.utf8).write(to: directory.appendingPathComponent(name))

            let reopened = try DocumentStore<PersistenceSample>(directory: directory)
            let error = await domainError { _ = try await reopened.scan(decodeSample) }
            #expect(error?.code == .corruptStore)
            #expect(error?.message.hasPrefix(directory.appendingPathComponent(name).path + ": ") == true)
        }
    }

    /// The store's directory is replaced by a file: the put fails, and neither the cache nor the disk shows it.
    @Test func aFailedWriteIsReportedAndNotVisible() async throws {
        try await withTemporaryDirectory { directory in
            let inner = directory.appendingPathComponent("incidents")
            let store = try DocumentStore<PersistenceSample>(directory: inner)
            try await store.put(.make(id: "inc-1", version: 1), id: "inc-1")
            try FileManager.default.removeItem(at: inner)
            try Data().write(to: inner)

            let error = await domainError { try await store.put(.make(id: "inc-1", version: 2), id: "inc-1") }
            #expect(error?.code == .storageFailure)
            #expect(error?.message.hasPrefix(inner.path + "/") == true)
            #expect(try await store.get("inc-1") == .make(id: "inc-1", version: 1))
            let other = await domainError { try await store.put(.make(id: "inc-2"), id: "inc-2") }
            #expect(other?.code == .storageFailure)
            // Not cached, so the read goes to the broken directory and says so instead of answering "none".
            #expect(await domainError { _ = try await store.get("inc-2") }?.code == .storageFailure)
        }
    }

    /// A document read on demand names its file when it does not decode; one read before stays cached.
    @Test func getNamesAFileThatIsNotADocument() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DocumentStore<PersistenceSample>(directory: directory, cacheCapacity: 1)
            try await store.put(.make(id: "inc-1"), id: "inc-1")
            let path = directory.appendingPathComponent("inc-2.json").path
            try Data("{\"id\": ".utf8).write(to: URL(fileURLWithPath: path))
            let error = await domainError { _ = try await store.get("inc-2") }
            #expect(error?.code == .corruptStore)
            #expect(error?.message.hasPrefix(path + ": ") == true)
            #expect(try await store.get("inc-1") == .make(id: "inc-1"))
        }
    }

    /// Reads go to disk once the cache is full, and always return the latest durable version.
    @Test func readsBeyondTheCacheComeFromDisk() async throws {
        try await withTemporaryDirectory { directory in
            let store = try DocumentStore<PersistenceSample>(directory: directory, cacheCapacity: 2)
            for index in 0..<10 { try await store.put(.make(id: "inc-\(index)", version: index), id: "inc-\(index)") }
            try Data("{}".utf8).write(to: directory.appendingPathComponent("inc-0.json"))
            // inc-0 was evicted long ago, so its damaged file is what a read finds.
            #expect(await domainError { _ = try await store.get("inc-0") }?.code == .corruptStore)
            for index in 1..<10 { #expect(try await store.get("inc-\(index)") == .make(id: "inc-\(index)", version: index)) }
        }
    }
}
