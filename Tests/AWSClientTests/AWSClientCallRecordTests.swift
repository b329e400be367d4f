import Foundation
import Synchronization
import Testing
@testable import AWSClient

/// `Configuration.onCall` hears once per `send`, with the action, its final outcome and the attempts it took.
@Suite struct AWSClientCallRecordTests {
    final class Records: Sendable {
        private let storage = Mutex<[AWSCallRecord]>([])
        func append(_ record: AWSCallRecord) { storage.withLock { $0.append(record) } }
        var all: [AWSCallRecord] { storage.withLock { $0 } }
    }

    @Test func aCallRetriedTwiceIsOneRecordOfThreeAttempts() async throws {
        let records = Records()
        let transport = ScriptedTransport([ec2Error("RequestLimitExceeded", status: 503), ec2Error("Throttling"), ok(AWSClientSendTests.tagsOK)])
        _ = try await AWSClientSendTests().createTags(stubClient(transport, onCall: records.append))
        #expect(records.all == [AWSCallRecord(service: .ec2, action: "CreateTags", outcome: AWSCallRecord.success, attempts: 3)])
    }

    @Test func aFailedCallIsRecordedUnderItsErrorCode() async throws {
        let records = Records()
        let transport = ScriptedTransport([ec2Error("InvalidInstanceID.NotFound")])
        await #expect(throws: AWSClientError.self) { try await AWSClientSendTests().createTags(stubClient(transport, onCall: records.append)) }
        #expect(records.all == [AWSCallRecord(service: .ec2, action: "CreateTags", outcome: "InvalidInstanceID.NotFound", attempts: 1)])
    }

    @Test func retriesThatRunOutRecordEveryAttempt() async throws {
        let records = Records()
        let transport = ScriptedTransport([ec2Error("Throttling"), ec2Error("Throttling"), ec2Error("SlowDown", status: 503)])
        await #expect(throws: AWSClientError.self) { try await AWSClientSendTests().createTags(stubClient(transport, onCall: records.append)) }
        #expect(records.all.map(\.outcome) == ["SlowDown"])
        #expect(records.all.map(\.attempts) == [3])
    }
}
