import Foundation
@testable import Domain

// Shared helpers of the safety and audit tests.

/// A stand-in for SHA-256 (Domain has no crypto): four FNV-1a 64-bit hashes with different offsets, as 64 hex
/// characters. Any change to the bytes changes it, which is all the chain and digest tests rely on.
let testDigest: @Sendable (Data) -> String = { data in
    (0..<4).map { lane -> String in
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 &+ UInt64(lane) &* 0x9E37_79B9_7F4A_7C15
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return String(format: "%016llx", hash)
    }.joined()
}

/// An entry as an API command would record it.
func auditEntry(_ action: String) -> AuditEntry {
    AuditEntry(actor: AuditActor(name: "alice", role: "responder"), action: action, target: "inc-1 i-0abc",
               parameters: ["playbook": "contain-instance"], outcome: "succeeded", awsRequestIds: ["req-1"])
}

/// The log's bytes and head in `directory`.
func readLog(_ directory: URL) throws -> (Data, AuditHead) {
    let bytes = try Data(contentsOf: directory.appendingPathComponent(AuditLog.logName))
    let head = try StoreJSON.decoder().decode(AuditHead.self, from: Data(contentsOf: directory.appendingPathComponent(AuditLog.headName)))
    return (bytes, head)
}

/// An instance with a recorded prior state worth restoring: protection off, shutdown "terminate".
func unprotectedInstance(_ id: String = Sample.instance().instanceId, tags: [String: String] = [:]) -> InstanceDescription {
    var instance = Sample.instance(id, ip: "10.0.1.\(id.count)")
    instance.terminationProtection = false
    instance.stopProtection = false
    instance.shutdownBehavior = "terminate"
    instance.tags = tags
    return instance
}

/// Safety settings with the test digest.
func safety(requiredApprovals: Int = 1, exempt: Set<String> = [], perHour: Int = 10) -> SafetySettings {
    SafetySettings(requiredApprovals: requiredApprovals, exemptResources: exempt, automaticContainmentsPerHour: perHour,
                   digest: testDigest)
}
