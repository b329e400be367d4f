import Foundation
import Testing
@testable import Domain

/// Firehose HTTP endpoint delivery: requestId echoed, records base64 (and gzip) decoded, all or nothing.
@Suite struct IngestionFirehoseTests {
    private let record = #"{"eventID":"e-9","eventName":"DeleteTrail","eventSource":"cloudtrail.amazonaws.com","userIdentity":{"type":"Root"}}"#

    private func body(_ datas: [String]) -> Data {
        let records = datas.map { #"{"data":"\#($0)"}"# }.joined(separator: ",")
        return Data(#"{"requestId":"req-1","timestamp":1578090901599,"records":[\#(records)]}"#.utf8)
    }

    private func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    @Test func decodesRecordsAndKeepsTheRequestID() throws {
        let lines = record + "\n" + record.replacingOccurrences(of: "e-9", with: "e-10") + "\n"
        let delivery = try EventDecoder().decodeFirehose(body([base64(lines), "", base64(record)]), receivedAt: IngestionFixtures.receivedAt)
        #expect(delivery.requestID == "req-1")
        #expect(delivery.timestamp == 1_578_090_901_599)
        #expect(delivery.signals.map(\.deduplicationKey) == ["cloudtrail:e-9", "cloudtrail:e-10", "cloudtrail:e-9"])
    }

    @Test func readsCloudWatchLogsEnvelopesAndSkipsControlMessages() throws {
        let message = record.replacingOccurrences(of: "\"", with: "\\\"")
        let data = #"{"messageType":"DATA_MESSAGE","owner":"1","logGroup":"g","logStream":"s","subscriptionFilters":["f"],"logEvents":[{"id":"1","timestamp":1,"message":"\#(message)"}]}"#
        let control = #"{"messageType":"CONTROL_MESSAGE","logEvents":[]}"#
        let delivery = try EventDecoder().decodeFirehose(body([base64(data), base64(control)]), receivedAt: IngestionFixtures.receivedAt)
        #expect(delivery.signals.map(\.kind) == ["DeleteTrail"])
    }

    @Test func inflatesGzipRecordsThroughTheInjectedSeam() throws {
        let gzipped = Data([0x1F, 0x8B]) + Data(record.utf8) // The fake inflater strips the two magic bytes.
        let decoder = EventDecoder(gunzip: { Data($0.dropFirst(2)) })
        let delivery = try decoder.decodeFirehose(body([gzipped.base64EncodedString()]), receivedAt: IngestionFixtures.receivedAt)
        #expect(delivery.signals.count == 1)
        #expect(throws: DomainError.self) {
            try EventDecoder().decodeFirehose(body([gzipped.base64EncodedString()]), receivedAt: IngestionFixtures.receivedAt)
        }
    }

    @Test(arguments: [
        (#"{"records":[]}"#, "requestId"),
        (#"{"requestId":"r","records":{}}"#, "records: required, an array"),
        (#"{"requestId":"r","records":[{"data":"%%%"}]}"#, "records[0].data: not valid base64"),
        (#"{"requestId":"r","records":[{"data":1}]}"#, "records[0].data: required, a base64 string"),
        (#"{"requestId":"r","records":[{"data":"e30="},{"data":"bm90IGpzb24="}]}"#, "records[0].data: no known event shape"),
        (#"{"requestId":"r","records":[{"data":"bm90IGpzb24="}]}"#, "records[0].data: invalid JSON at byte 0"),
    ])
    func rejectsTheBatchNamingTheRecord(text: String, fragment: String) {
        #expect {
            try EventDecoder().decodeFirehose(Data(text.utf8), receivedAt: IngestionFixtures.receivedAt)
        } throws: { error in
            (error as? DomainError)?.message.contains(fragment) == true
        }
    }

    @Test func theEventEndpointAlsoTakesAFirehoseBody() throws {
        let signals = try EventDecoder().decode(body([base64(record)]), receivedAt: IngestionFixtures.receivedAt)
        #expect(signals.map(\.kind) == ["DeleteTrail"])
    }
}
