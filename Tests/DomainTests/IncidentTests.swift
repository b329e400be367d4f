import Foundation
import Testing
@testable import Domain
import TestSupport

@Suite struct IncidentTests {
    @Test(arguments: [
        (IncidentTarget.instanceId("i-0abc1234def567890"), #"{"instanceId":"i-0abc1234def567890"}"#),
        (IncidentTarget.ipAddress("10.0.1.10"), #"{"ipAddress":"10.0.1.10"}"#),
        (IncidentTarget.accessKeyId("AKIAIOSFODNN7EXAMPLE"), #"{"accessKeyId":"AKIAIOSFODNN7EXAMPLE"}"#),
    ])
    func targetJSONHasOneKey(target: IncidentTarget, json: String) throws {
        let encoded = String(decoding: try JSONEncoder().encode(target), as: UTF8.self)
        #expect(encoded == json)
        #expect(try JSONDecoder().decode(IncidentTarget.self, from: Data(json.utf8)) == target)
    }

    @Test(arguments: ["{}", #"{"instanceId":"i-1","ipAddress":"10.0.0.1"}"#, #"{"instanceId":""}"#, #"{"hostname":"web"}"#])
    func targetRejectsAnythingButExactlyOneKnownKey(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(IncidentTarget.self, from: Data(json.utf8))
        }
    }

    @Test func incidentJSONFieldNamesAreStable() throws {
        var incident = Sample.incident(.instanceId("i-1"), playbook: .containInstance)
        incident.steps = [IncidentStep(name: .captureInstance)]
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(incident)) as? [String: Any])
        #expect(Set(object.keys) == [
            "id", "reference", "target", "region", "status", "playbook", "mode", "steps", "signals", "evidence",
            "timeline", "createdAt", "updatedAt", "version",
        ])
        let step = try #require((object["steps"] as? [[String: Any]])?.first)
        #expect(Set(step.keys) == ["name", "status", "attempts", "awsRequestIds", "createdResourceIds", "outputs"])
        #expect(step["name"] as? String == "capture-instance")
        #expect(object["playbook"] as? String == "contain-instance")
        #expect(object["mode"] as? String == "automatic")
    }

    @Test func incidentRoundTripsThroughJSON() throws {
        var incident = Sample.incident(.ipAddress("10.0.1.10"), playbook: .forensics, mode: .awaitingApproval)
        incident.account = "111122223333"
        incident.idempotencyKey = "req-1"
        incident.signals = [SignalSummary(source: "guardduty", kind: "UnauthorizedAccess:EC2/SSHBruteForce",
                                          time: testEpoch, severity: "high", title: "SSH brute force", dedupKey: "gd-1")]
        incident.evidence = [.instance(Sample.instance(), step: .captureInstance, at: testEpoch),
                             .snapshots(["vol-1": "snap-1"], step: .snapshotVolumes, at: testEpoch),
                             .accessKey(Sample.accessKey, step: .captureAccessKey, at: testEpoch)]
        let decoded = try JSONDecoder().decode(Incident.self, from: JSONEncoder().encode(incident))
        #expect(decoded == incident)
    }

    @Test func referenceDefaultsToTheID() {
        let incident = Incident(id: "inc-1", target: .instanceId("i-1"), region: "eu-west-1",
                                playbook: .triage, openedBy: "test", at: testEpoch)
        #expect(incident.reference == "inc-1")
        #expect(incident.status == .open)
        #expect(incident.version == 0)
    }

    @Test func idsAreDeterministicFromTimeAndRandomnessAndSortByTime() {
        var first = SeededGenerator(state: 7)
        var again = SeededGenerator(state: 7)
        let id = Incident.makeID(at: testEpoch, using: &first)
        #expect(id == Incident.makeID(at: testEpoch, using: &again))
        #expect(id.hasPrefix("inc-20261129T144021Z-"))
        #expect(id.count == "inc-20261129T144021Z-".count + 8)
        var other = SeededGenerator(state: 1)
        #expect(Incident.makeID(at: testEpoch + 1, using: &other) > id)
    }

    @Test func idempotencyTokensAreStablePerStepAndFitClientToken() {
        let id = "inc-20261129T144021Z-0000abcd"
        let tokens = StepName.allCases.map { IdempotencyToken(incidentId: id, step: $0) }
        #expect(Set(tokens).count == StepName.allCases.count)
        #expect(tokens == StepName.allCases.map { IdempotencyToken(incidentId: id, step: $0) })
        #expect(tokens.allSatisfy { $0.value.utf8.count <= 64 })
        let long = IdempotencyToken(incidentId: String(repeating: "x", count: 80), step: .captureInstance)
        let otherLong = IdempotencyToken(incidentId: String(repeating: "x", count: 80), step: .tagInstance)
        #expect(long.value.utf8.count == 64)
        #expect(long != otherLong)
    }
}
