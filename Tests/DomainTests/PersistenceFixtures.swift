import Foundation
import Testing
@testable import Domain

/// Runs `body` with a fresh empty directory under the system temporary directory, removed afterwards.
func withTemporaryDirectory<Value>(_ body: (URL) async throws -> Value) async throws -> Value {
    let directory = URL(fileURLWithPath: NSTemporaryDirectory())
        .appendingPathComponent("cordon-persistence-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer {
        do {
            try FileManager.default.removeItem(at: directory)
        } catch {
            Issue.record("could not remove \(directory.path): \(error)")
        }
    }
    return try await body(directory)
}

/// A stored document shaped like a small incident: strings, an ARN with slashes, dates and a list of steps.
struct PersistenceSample: Codable, Sendable, Equatable {
    struct Step: Codable, Sendable, Equatable {
        var name: String
        var status: String
        var attempts: Int
        var startedAt: Date
        var requestIDs: [String]
    }

    var id: String
    var reference: String
    var principalARN: String
    var createdAt: Date
    var steps: [Step]

    /// A sample of about `stepCount * 180` bytes of JSON; the dates have whole milliseconds, as stored.
    static func make(id: String, version: Int = 0, stepCount: Int = 1) -> PersistenceSample {
        let created = Date(timeIntervalSince1970: 1_790_000_000.125 + Double(version))
        return PersistenceSample(
            id: id,
            reference: "INC-\(version)",
            principalARN: "arn:aws:iam::123456789012:role/responder/\(id)",
            createdAt: created,
            steps: (0..<stepCount).map { index in
                Step(
                    name: "step-\(index)-snapshot-volumes",
                    status: "succeeded",
                    attempts: version,
                    startedAt: created.addingTimeInterval(Double(index)),
                    requestIDs: ["4f1c2a7e-93b4-4d0e-8e51-0c6f5a9d2b1\(index % 10)"]
                )
            }
        )
    }
}

/// The path of journal segment `index` under a journal directory.
func segmentPath(_ directory: URL, _ index: Int) -> String {
    directory.appendingPathComponent(JournalSegment.fileName(index)).path
}

/// Every record of a freshly opened journal in `directory`, in order.
func replayAll(_ directory: URL, segmentSizeLimit: Int = EventJournal.defaultSegmentSizeLimit) throws -> [JournalRecord] {
    let journal = try EventJournal(directory: directory, segmentSizeLimit: segmentSizeLimit)
    var records: [JournalRecord] = []
    try journal.replay { records.append($0) }
    return records
}

/// The test payload for record `index`.
func payload(_ index: Int, size: Int = 0) -> Data {
    var text = "event-\(index)"
    if text.count < size { text += String(repeating: "x", count: size - text.count) }
    return Data(text.utf8)
}

/// Replaces the bytes of a file with `transform` applied to them.
func rewrite(_ path: String, _ transform: (inout [UInt8]) -> Void) throws {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    transform(&bytes)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// The `DomainError` thrown by `body`, recorded as a test failure (and nil) if it throws nothing or another error.
func domainError(_ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) async -> DomainError? {
    do {
        try await body()
        Issue.record("expected a DomainError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as DomainError {
        return error
    } catch {
        Issue.record("expected a DomainError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
