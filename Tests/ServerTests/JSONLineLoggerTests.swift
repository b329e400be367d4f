import Foundation
import Synchronization
import Testing
@testable import Server

@Suite struct JSONLineLoggerTests {
    final class Lines: Sendable {
        let storage = Mutex<[String]>([])
        func append(_ line: [UInt8]) { storage.withLock { $0.append(String(decoding: line, as: UTF8.self)) } }
        var all: [String] { storage.withLock { $0 } }
    }

    @Test func writesOneParseableJSONObjectPerLine() throws {
        let lines = Lines()
        let logger = JSONLineLogger(minimumLevel: .info, clock: { 1_700_000_000.25 }, sink: lines.append)
        logger.debug("dropped")
        logger.info("request", ["path": "/a\"b\n", "status": 200, "ok": .bool(true)])
        #expect(lines.all.count == 1)
        let line = try #require(lines.all.first)
        #expect(line.hasSuffix("}\n"))
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        #expect(object?["ts"] as? String == "2023-11-14T22:13:20.250Z")
        #expect(object?["level"] as? String == "info")
        #expect(object?["path"] as? String == "/a\"b\n")
        #expect(object?["status"] as? Int == 200)
    }
}

@Suite struct LogBatchTests {
    static func text(_ batch: LogBatch) -> [String] {
        String(decoding: batch.bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The second is formatted once and reused; the milliseconds and a new second still come out right.
    @Test func timestampsWithinAndAcrossSeconds() throws {
        let times = [1_700_000_000.25, 1_700_000_000.999, 1_700_000_001.0, 1_700_000_059.5, 1_700_000_060.125]
        var batch = LogBatch()
        for time in times {
            batch.beginLine(level: .info, message: "m", at: time)
            batch.endLine()
        }
        let stamps = try Self.text(batch).map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["ts"] as? String
        }
        #expect(stamps == ["2023-11-14T22:13:20.250Z", "2023-11-14T22:13:20.999Z", "2023-11-14T22:13:21.000Z",
                           "2023-11-14T22:14:19.500Z", "2023-11-14T22:14:20.125Z"])
    }

    /// The access log's own path writes exactly the line the general one writes for the same fields.
    @Test(arguments: [
        HTTPExchangeRecord(requestID: "9f3a01bc-00000000002a", method: "GET", path: "/healthz", route: "/healthz",
                           status: 200, durationNanoseconds: 291_665),
        HTTPExchangeRecord(requestID: "a\"b", method: "-", path: "/x\u{1}\\y\n", route: "-",
                           status: 400, durationNanoseconds: 0),
        HTTPExchangeRecord(requestID: "é", method: "POST", path: "/v1/events", route: "/v1/events",
                           status: 202, durationNanoseconds: 12_345_678_901),
    ])
    func requestLineEqualsTheGeneralLine(record: HTTPExchangeRecord) {
        let logger = JSONLineLogger(minimumLevel: .info, clock: { 1_700_000_000.25 }, sink: { _ in })
        var fast = LogBatch()
        logger.appendRequest(record, to: &fast)
        var general = LogBatch()
        logger.append(.info, "request", [
            "request_id": .string(record.requestID), "method": .string(record.method), "path": .string(record.path),
            "route": .string(record.route), "status": .int(record.status),
            "duration_ms": .double(Double(record.durationNanoseconds) / 1_000_000),
        ], to: &general)
        #expect(!fast.bytes.isEmpty)
        #expect(fast.bytes == general.bytes)
    }

    @Test func requestLineRespectsTheLevel() {
        let logger = JSONLineLogger(minimumLevel: .warning, clock: { 0 }, sink: { _ in })
        var batch = LogBatch()
        logger.appendRequest(HTTPExchangeRecord(requestID: "r", method: "GET", path: "/", route: "-", status: 200,
                                                durationNanoseconds: 1), to: &batch)
        #expect(batch.bytes.isEmpty)
    }
}

@Suite struct RequestIDSourceTests {
    @Test func prefixDashAndTwelveHexDigits() {
        let source = RequestIDSource(prefix: "9f3a01bc")
        #expect(source.next() == "9f3a01bc-000000000001")
        #expect(source.next() == "9f3a01bc-000000000002")
    }

    @Test func moreDigitsPastTwelveAndWrapping() {
        #expect(RequestIDSource(prefix: "p", last: 0xFFFF_FFFF_FFFE).next() == "p-ffffffffffff")
        #expect(RequestIDSource(prefix: "p", last: 0xFFFF_FFFF_FFFF).next() == "p-1000000000000")
        #expect(RequestIDSource(prefix: "p", last: UInt64.max - 1).next() == "p-ffffffffffffffff")
        #expect(RequestIDSource(prefix: "p", last: UInt64.max).next() == "p-000000000000")
    }

    @Test func randomPrefixIsEightHexDigits() {
        let prefix = RequestIDSource.randomPrefix()
        #expect(prefix.count == 8 && prefix.allSatisfy(\.isHexDigit))
    }
}
