import Foundation
import Testing
@testable import Domain
import TestSupport

// Shared helpers of the startup tests and benchmark: realistic stored incidents, made by running the real
// service on a fake cloud, and copies of them that differ in ID, target, status and signal keys.

/// Decodes a stored `PersistenceSample` in full, as a `DocumentStore.scan` summarizer.
let decodeSample: @Sendable (String, Data) throws -> PersistenceSample = { _, bytes in
    try StoreJSON.decoder().decode(PersistenceSample.self, from: bytes)
}

enum StartupIncidents {
    /// A contained incident as the real service leaves it: opened by a GuardDuty finding, every step of the
    /// `contain-instance` playbook run against the fake cloud, with evidence, signals and timeline.
    static func contained() async throws -> Incident {
        try await ServiceHarness.run { harness in
            let receipt = try await harness.ingest(ServiceEvents.guardDutyFinding())
            let id = try #require(receipt.incidents.first?.id)
            let incident = try await harness.settled(id)
            #expect(incident.status == .contained)
            return incident
        }
    }

    /// Copy number `index` of `model`: a unique ID (ascending with `index`), instance, signal key and reference,
    /// and a status that cycles through contained, closed and failed; every fifth has an idempotency key.
    static func copy(of model: Incident, index: Int) -> Incident {
        var incident = model
        var generator = SeededGenerator(state: UInt64(index))
        incident.id = Incident.makeID(at: model.createdAt + TimeInterval(index), using: &generator)
        incident.reference = "IR-\(index)"
        incident.target = .instanceId(String(format: "i-%017x", index))
        incident.signals = model.signals.map { signal in
            var signal = signal
            signal.dedupKey = "guardduty:finding-\(index):2026-11-29T14:00:00Z"
            return signal
        }
        incident.status = [.contained, .contained, .closed, .failed][index % 4]
        incident.idempotencyKey = index % 5 == 0 ? "key-\(index)" : nil
        return incident
    }

    /// `incident` as its first save: version 1.
    static func firstVersion(_ incident: Incident) -> Incident {
        var incident = incident
        incident.version = 1
        return incident
    }
}
