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
