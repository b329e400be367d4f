import Foundation
import Testing
@testable import Server

/// The engine on a real loopback socket (port 0). Serialized: each test blocks on its socket reads,
/// and one blocked cooperative thread at a time leaves the other free for async responders.
@Suite(.serialized) struct HTTPServerLiveTests {
    @Test func keepAliveServesSeveralRequestsOnOneConnection() throws {
        try HTTPFixtures.withServer { server in
            let client = try RawClient(port: server.port)
            for _ in 0..<3 {
                client.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.body == Data(#"{"status":"ok"}"#.utf8))
                #expect(response.headers["date"] != nil)
                #expect(response.headers["connection"] == nil)
            }
        }
    }

    /// Connections are dealt to the loops in turn, however many one loop's wake-up finds waiting: eight connections
    /// opened at once are served four by each of the two loops (an immediate route runs on its loop's thread).
    @Test func connectionsAreDealtToTheLoopsInTurn() throws {
        var router = HTTPFixtures.router()
        router.onImmediate(.get, "/thread") { _ in HTTPResponse(status: .ok, body: Data("\(pthread_self())".utf8)) }
        try HTTPFixtures.withServer(responder: router) { server in
            let clients = try (0..<8).map { _ in try RawClient(port: server.port) }
            var served: [Data: Int] = [:]
            for client in clients {
                client.send("GET /thread HTTP/1.1\r\nHost: x\r\n\r\n")
                served[try client.readResponse().body, default: 0] += 1
            }
            #expect(served.values.sorted() == [4, 4], "\(served.count) loop threads served \(served.values.sorted())")
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        try HTTPFixtures.withServer { server in
            let client = try RawClient(port: server.port)
            // The slow async request comes first; the immediate one must still be answered second.
            client.send("GET /slow/50 HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            let first = try client.readResponse()
            let second = try client.readResponse()
            let third = try client.readResponse()
            #expect(first.body == Data(#"{"slept":50}"#.utf8))
            #expect(second.body == Data("hello".utf8))
            #expect(third.status == 200)
        }
    }

    @Test func connectionCloseAndHTTP10CloseAfterTheResponse() throws {
        try HTTPFixtures.withServer { server in
            let close = try RawClient(port: server.port)
            close.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(try close.readResponse().headers["connection"] == "close")
            #expect(close.isClosedByPeer())

            let old = try RawClient(port: server.port)
            old.send("GET /healthz HTTP/1.0\r\n\r\n")
            #expect(try old.readResponse().status == 200)
            #expect(old.isClosedByPeer())

            let oldKeepAlive = try RawClient(port: server.port)
            oldKeepAlive.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try oldKeepAlive.readResponse().headers["connection"] == "keep-alive")
            oldKeepAlive.send("GET /healthz HTTP/1.0\r\n\r\n")
            #expect(try oldKeepAlive.readResponse().status == 200)
        }
    }

    @Test func headHasContentLengthButNoBody() throws {
        try HTTPFixtures.withServer { server in
            let client = try RawClient(port: server.port)
            client.send("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try client.readResponse(toHead: true)
            #expect(head.status == 200)
            #expect(head.headers["content-length"] == "15")
            // Had the HEAD response carried a body, these bytes would not parse as the GET's response.
            #expect(try client.readResponse().body == Data(#"{"status":"ok"}"#.utf8))
        }
    }

    @Test func expectContinueIsSentOnlyWhenTheBodyWillBeRead() throws {
        try HTTPFixtures.withServer { server in
            let accepted = try RawClient(port: server.port)
            accepted.send("POST /guarded HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer good\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            #expect(try accepted.readResponse().status == 100)
            accepted.send("abcd")
            #expect(try accepted.readResponse().body == Data(#"{"bytes":4}"#.utf8))

            let unauthorized = try RawClient(port: server.port)
            unauthorized.send("POST /guarded HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            let refusal = try unauthorized.readResponse()
            #expect(refusal.status == 401)
            #expect(refusal.headers["content-type"] == "application/problem+json")

            let tooLarge = try RawClient(port: server.port)
            tooLarge.send("POST /guarded HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer good\r\nContent-Length: 101\r\nExpect: 100-continue\r\n\r\n")
            #expect(try tooLarge.readResponse().status == 413)

            let unknown = try RawClient(port: server.port)
            unknown.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nExpect: teapot\r\n\r\n")
            #expect(try unknown.readResponse().status == 417)
        }
    }

    @Test(arguments: [
        ("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n", 404),
        ("DELETE /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n", 413),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: br\r\nContent-Length: 1\r\n\r\nx", 415),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("GET /\(String(repeating: "a", count: 9000)) HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    ])
    func refusalsCarryAProblemBody(raw: String, status: Int) throws {
        try HTTPFixtures.withServer { server in
            let client = try RawClient(port: server.port)
            client.send(raw)
            let response = try client.readResponse()
            #expect(response.status == status)
            #expect(response.headers["content-type"] == "application/problem+json")
            let problem = try JSONDecoder().decode(ProblemDetails.self, from: response.body)
            #expect(problem.status == status)
            if status == 405 { #expect(response.headers["allow"] == "GET, HEAD") }
        }
    }

    @Test func chunkedBodiesOverTheLimitGet413() throws {
        try HTTPFixtures.withServer { server in
            let client = try RawClient(port: server.port)
            let chunk = String(repeating: "z", count: 600)
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n")
            #expect(try client.readResponse().status == 413)
        }
    }

    /// Found by tests/hostile: a chunk announcing more than the limit waited for the body timeout (408).
    @Test func aChunkAnnouncingMoreThanTheLimitGets413BeforeItsBytes() throws {
        try HTTPFixtures.withServer { server in
            let client = try RawClient(port: server.port)
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n7FFFFFFF\r\nzz")
            #expect(try client.readResponse().status == 413)
            #expect(client.isClosedByPeer())
        }
    }

    @Test func gzipBodiesAreInflatedAndBombsRefused() throws {
        try HTTPFixtures.withServer { server in
            let text = Data(String(repeating: "cordon ", count: 100).utf8)
            let compressed = HTTPFixtures.gzip(text)
            #expect(!compressed.isEmpty)
            let client = try RawClient(port: server.port)
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: \(compressed.count)\r\n\r\n")
            client.send(Array(compressed))
            #expect(try client.readResponse().body == text)

            // 64 KiB of zeros compresses to well under the wire limit but inflates past the 4 KiB cap.
            let bomb = HTTPFixtures.gzip(Data(count: 65_536))
            let bombClient = try RawClient(port: server.port)
            bombClient.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: \(bomb.count)\r\n\r\n")
            bombClient.send(Array(bomb))
            #expect(try bombClient.readResponse().status == 413)

            let corrupt = try RawClient(port: server.port)
            corrupt.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope")
            #expect(try corrupt.readResponse().status == 400)
        }
    }

    @Test func requestIDIsEchoedWhenSaneAndGeneratedOtherwise() throws {
        try HTTPFixtures.withServer { server in
            let client = try RawClient(port: server.port)
            client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-123\r\n\r\n")
            #expect(try client.readResponse().headers["x-request-id"] == "abc-123")
            client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: \(String(repeating: "a", count: 200))\r\n\r\n")
            let generated = try client.readResponse().headers["x-request-id"]
            #expect(generated != nil && generated?.count != 200)
        }
    }

    @Test func slowHeadersGet408AndIdleConnectionsClose() throws {
        try HTTPFixtures.withServer { server in
            let slow = try RawClient(port: server.port)
            slow.send("GET /healthz HTTP/1.1\r\nHost: x\r\n")
            #expect(try slow.readResponse().status == 408)

            let slowBody = try RawClient(port: server.port)
            slowBody.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
            #expect(try slowBody.readResponse().status == 408)

            let idle = try RawClient(port: server.port)
            idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try idle.readResponse().status == 200)
            #expect(idle.isClosedByPeer())
        }
    }

    @Test func aClientThatStopsReadingIsDroppedAfterTheWriteTimeout() throws {
        // A long idle timeout, so only the write timeout can end this connection.
        try HTTPFixtures.withServer(HTTPFixtures.liveConfiguration { $0.idleTimeout = .seconds(30) }) { server in
            let client = try RawClient(port: server.port)
            client.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n")
            while server.openConnections == 0 { usleep(1_000) }
            // Bounded wait for the server to give up on the stalled write; the client never reads.
            for _ in 0..<500 where server.openConnections > 0 { usleep(10_000) }
            #expect(server.openConnections == 0)
        }
    }

    @Test func connectionsBeyondTheCapGet503() throws {
        try HTTPFixtures.withServer(HTTPFixtures.liveConfiguration { $0.maxConnections = 2; $0.idleTimeout = .seconds(5) }) { server in
            let first = try RawClient(port: server.port)
            let second = try RawClient(port: server.port)
            first.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            second.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try first.readResponse().status == 200)
            #expect(try second.readResponse().status == 200)
            let third = try RawClient(port: server.port)
            let refusal = try third.readResponse()
            #expect(refusal.status == 503)
            #expect(refusal.headers["connection"] == "close")
        }
    }

    @Test func shutdownFinishesInFlightRequestsAndClosesIdleOnes() throws {
        let server = try HTTPServer(configuration: HTTPFixtures.liveConfiguration { $0.idleTimeout = .seconds(5) }, responder: HTTPFixtures.router(), logger: HTTPFixtures.silentLogger)
        try server.start()
        let idle = try RawClient(port: server.port)
        idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        let busy = try RawClient(port: server.port)
        busy.send("GET /slow/300 HTTP/1.1\r\nHost: x\r\n\r\n")
        // Wait until the slow request is in flight: both connections must be open on the server.
        while server.openConnections < 2 { usleep(1_000) }
        usleep(50_000)
        server.shutdown()
        #expect(idle.isClosedByPeer())
        let response = try busy.readResponse()
        #expect(response.status == 200)
        #expect(response.headers["connection"] == "close")
        server.waitUntilStopped()
        #expect(server.openConnections == 0)
        #expect(throws: RawClient.Failure.self) { try RawClient(port: server.port) }
    }
}
