import Foundation
import Testing
@testable import Domain

/// Shared helpers for the ingestion and rules tests: where the sample events are, and signal builders.
enum IngestionFixtures {
    /// A fixed receive time, so tests never read the clock.
    static let receivedAt = Date(timeIntervalSince1970: 1_750_000_000)

    /// `../shared/testdata/events`, found from this file (CI runs from a fresh clone next to `shared/`).
    static let eventsDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // DomainTests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent() // package root
        .appendingPathComponent("../shared/testdata/events")
        .standardized

    /// The bytes of a sample file, by path relative to the events directory.
    static func data(_ relativePath: String) throws -> Data {
        try Data(contentsOf: eventsDirectory.appendingPathComponent(relativePath))
    }

    /// Decodes a sample file with the default decoder.
    static func decode(_ relativePath: String) throws -> [Signal] {
        try EventDecoder().decode(try data(relativePath), receivedAt: receivedAt)
    }

    /// Every sample file except the READMEs/notes and the manifest, as sorted relative paths.
    static func sampleFiles() -> [String] {
        let root = eventsDirectory.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !relative.hasSuffix(".md"), relative != "MANIFEST.json"
            else { continue }
            files.append(relative)
        }
        return files.sorted()
    }

    /// The outcome of decoding one document: signals, or the DomainError; anything else fails the test.
    static func outcome(of body: Data, decoder: EventDecoder = EventDecoder()) -> Result<[Signal], DomainError> {
        do {
            return .success(try decoder.decode(body, receivedAt: receivedAt))
        } catch let error as DomainError {
            return .failure(error)
        } catch {
            Issue.record("not a DomainError: \(error)")
            return .failure(DomainError(.invalidInput, ""))
        }
    }

    /// A signal for rule tests, with only what rules look at set.
    static func signal(
        _ source: SignalSource, kind: String = "Kind", severity: Double = 0, principalType: String? = nil,
        resources: SignalResources = SignalResources()
    ) -> Signal {
        Signal(
            source: source, kind: kind, time: receivedAt, receivedAt: receivedAt, account: "111122223333",
            region: "us-east-1", principal: principalType.map { Principal(type: $0) }, action: nil,
            resources: resources, severity: Severity(score: severity, label: "test"), title: "test signal",
            deduplicationKey: "test:\(kind)", raw: .null
        )
    }
}
