import Foundation
import Testing
@testable import Server

/// The connection machine without sockets: decisions that live tests cannot isolate.
@Suite struct HTTPConnectionMachineTests {
    static func machine(_ configuration: HTTPConfiguration = HTTPConfiguration()) -> HTTPConnectionMachine {
        HTTPConnectionMachine(configuration: configuration, responder: HTTPFixtures.router(), makeRequestID: { "id" }, now: 0)
    }

    static func feed(_ machine: inout HTTPConnectionMachine, _ text: String, at nanos: UInt64 = 1) -> [String] {
        let now = HTTPMoment(uptimeNanoseconds: nanos, httpDate: "Thu, 01 Jan 1970 00:00:00 GMT")
        return Array(text.utf8).withUnsafeBytes { machine.received($0, now: now) }.map(describe)
    }

    static func describe(_ action: HTTPConnectionMachine.Action) -> String {
        switch action {
        case .write(let bytes): String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")[0]
        case .respond(_, let record): "respond \(record.status)"
        case .handle(let request): "handle \(request.path)"
        case .close: "close"
        }
    }

    @Test func noContinueForHTTP10() {
        var machine = Self.machine()
        let actions = Self.feed(&machine, "POST /echo HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")
        #expect(actions.isEmpty)
    }

    @Test func continueThenResponseForHTTP11() {
        var machine = Self.machine()
        #expect(Self.feed(&machine, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n") == ["HTTP/1.1 100 Continue"])
        #expect(Self.feed(&machine, "hi") == ["respond 200"])
    }

    @Test func refusalWithAnnouncedBodyCloses() {
        var machine = Self.machine()
        #expect(Self.feed(&machine, "POST /nope HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi") == ["respond 404", "close"])
        #expect(machine.isClosed)
    }

    @Test func asyncRequestsHoldLaterPipelinedOnesBack() {
        var machine = Self.machine()
        let actions = Self.feed(&machine, "GET /slow/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(actions == ["handle /slow/1"])
        let now = HTTPMoment(uptimeNanoseconds: 2, httpDate: "-")
        #expect(machine.responded(.json(["slept": 1]), now: now).map(Self.describe) == ["respond 200", "respond 200"])
    }

    @Test func shutdownClosesIdleAndLetsBusyFinish() {
        var idle = Self.machine()
        #expect(idle.beginShutdown().map(Self.describe) == ["close"])
        var busy = Self.machine()
        _ = Self.feed(&busy, "GET /slow/1 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(busy.beginShutdown().isEmpty)
        let now = HTTPMoment(uptimeNanoseconds: 2, httpDate: "-")
        #expect(busy.responded(.json(["slept": 1]), now: now).map(Self.describe) == ["respond 200", "close"])
    }

    @Test func headerTimeoutAnswers408() {
        var configuration = HTTPConfiguration()
        configuration.headerTimeout = .seconds(1)
        var machine = Self.machine(configuration)
        _ = Self.feed(&machine, "GET / HTTP/1.1\r\n", at: 10)
        #expect(machine.tick(now: HTTPMoment(uptimeNanoseconds: 500_000_000, httpDate: "-")).isEmpty)
        #expect(machine.tick(now: HTTPMoment(uptimeNanoseconds: 1_000_000_011, httpDate: "-")).map(Self.describe) == ["respond 408", "close"])
    }
}
