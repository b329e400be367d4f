import Foundation
import Testing
@testable import AWSClient
import MotoSupport

@Suite struct SocketHTTPTransportTests {
    private let ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"

    @Test func theRequestGoesOutAsSigned() async throws {
        let seen = RequestLog()
        let peer = try ScriptedPeer { connection in
            seen.append(connection.readRequest())
            connection.write(self.ok)
        }
        var request = post(peer.url("/path/a%20b?Action=X&b=%2F"), body: "a=b")
        request.setHeader("X-Amz-Date", "20261129T120000Z")
        _ = try await SocketHTTPTransport().send(request, timeout: .seconds(10))
        let text = try #require(seen.all.first)
        #expect(text.hasPrefix("POST /path/a%20b?Action=X&b=%2F HTTP/1.1\r\nHost: 127.0.0.1:\(peer.port)\r\n"))
        #expect(text.contains("\r\nX-Amz-Date: 20261129T120000Z\r\n"))
        #expect(text.contains("\r\nContent-Length: 3\r\n\r\na=b"))
    }

    @Test(arguments: [
        ("https://ec2.us-east-1.amazonaws.com/", "ec2.us-east-1.amazonaws.com"),
        ("https://ec2.us-east-1.amazonaws.com:8443/", "ec2.us-east-1.amazonaws.com:8443"),
        ("http://localhost:80/", "localhost"),
        ("http://[::1]:5000/", "[::1]:5000"),
    ])
    func theHostHeaderIsTheSignersOne(url: String, host: String) throws {
        let request = AWSHTTPRequest(method: "GET", url: URL(string: url)!)
        let text = String(decoding: try request.wireBytes(), as: UTF8.self)
        #expect(text == "GET / HTTP/1.1\r\nHost: \(host)\r\n\r\n")
        #expect(RequestTarget(url: request.url).host == host)
    }

    @Test func aHeaderWithALineBreakIsRefused() {
        let request = AWSHTTPRequest(method: "GET", url: URL(string: "http://127.0.0.1/")!, headers: [("X-A", "b\r\nInjected: yes")])
        #expect { try request.wireBytes() } throws: { ($0 as? AWSClientError)?.code == "InvalidRequest" }
    }

    @Test func headersAndBodyArrive() async throws {
        let peer = try ScriptedPeer { connection in
            _ = connection.readRequest()
            connection.write("HTTP/1.1 200 OK\r\nX-Amzn-RequestId: rid-1\r\nContent-Length: 4\r\n\r\n<a/>")
        }
        let response = try await SocketHTTPTransport().send(post(peer.url()), timeout: .seconds(10))
        #expect(response.headers["x-amzn-requestid"] == "rid-1")
        #expect(response.body == Data("<a/>".utf8))
    }

    @Test func aChunkedBodySplitAcrossWritesArrives() async throws {
        let peer = try ScriptedPeer { connection in
            _ = connection.readRequest()
            for piece in ["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n", "\r\n5;ext=1\r\n<Resp", "\r\n",
                          "6\r\nonse/>\r\n0\r\nX-Checksum: abc\r\n", "\r\n"] {
                connection.write(piece)
                usleep(5_000)
            }
        }
        let response = try await SocketHTTPTransport().send(post(peer.url()), timeout: .seconds(10))
        #expect(String(decoding: response.body, as: UTF8.self) == "<Response/>")
    }

    @Test func aCloseDelimitedBodyArrives() async throws {
        let peer = try ScriptedPeer { connection in
            _ = connection.readRequest()
            connection.write("HTTP/1.1 200 OK\r\n\r\nuntil the close")
        }
        let response = try await SocketHTTPTransport().send(post(peer.url()), timeout: .seconds(10))
        #expect(response.body == Data("until the close".utf8))
    }

    /// HEAD and 204 answers have no body whatever their Content-Length says; the connection is then reused.
    @Test func headAnd204HaveNoBody() async throws {
        let peer = try ScriptedPeer { connection in
            _ = connection.readRequest()
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
            _ = connection.readRequest()
            connection.write("HTTP/1.1 204 No Content\r\n\r\n")
            connection.waitForClose()
        }
        let transport = SocketHTTPTransport()
        let head = try await transport.send(AWSHTTPRequest(method: "HEAD", url: peer.url()), timeout: .seconds(10))
        let noContent = try await transport.send(post(peer.url()), timeout: .seconds(10))
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(noContent.status == 204 && noContent.body.isEmpty)
        #expect(peer.acceptCount == 1)
    }

    @Test func aContinueInterimResponseIsSkipped() async throws {
        let peer = try ScriptedPeer { connection in
            _ = connection.readRequest()
            connection.write("HTTP/1.1 100 Continue\r\n\r\n")
            usleep(5_000)
            connection.write(self.ok)
        }
        let response = try await SocketHTTPTransport().send(post(peer.url()), timeout: .seconds(10))
        #expect(response.status == 200)
        #expect(response.body == Data("ok".utf8))
    }

    @Test func aRedirectIsReturnedNotFollowed() async throws {
        let peer = try ScriptedPeer { connection in
            _ = connection.readRequest()
            connection.write("HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:9/elsewhere\r\nContent-Length: 0\r\n\r\n")
            connection.waitForClose()
        }
        let response = try await SocketHTTPTransport().send(post(peer.url()), timeout: .seconds(10))
        #expect(response.status == 307)
        #expect(response.headers["location"] == "http://127.0.0.1:9/elsewhere")
        #expect(peer.acceptCount == 1)
    }

    @Test(arguments: [
        ("HTTP/1.1 2OO OK\r\nContent-Length: 0\r\n\r\n", "malformed status line"),
        ("HTTP/1.1 200 OK\r\nBroken header\r\n\r\n", "without a colon"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nnothex\r\n", "invalid chunk size"),
        ("HTTP/1.1 200 OK\r\nX-Big: " + String(repeating: "x", count: 66_000) + "\r\n\r\n", "exceeds 64 KiB"),
    ])
    func badFramingIsAConnectionFailure(reply: String, reason: String) async throws {
        let peer = try ScriptedPeer { connection in
            _ = connection.readRequest()
            connection.write(reply)
            connection.waitForClose()
        }
        await #expect {
            try await SocketHTTPTransport().send(post(peer.url()), timeout: .seconds(10))
        } throws: { isTransportError($0, code: AWSClientError.connectionFailedCode, mentioning: reason) }
    }

    @Test func sequentialRequestsShareOneConnection() async throws {
        let peer = try ScriptedPeer { connection in
            while !connection.readRequest().isEmpty { connection.write(self.ok) }
        }
        let transport = SocketHTTPTransport()
        for _ in 0..<3 {
            let response = try await transport.send(post(peer.url()), timeout: .seconds(10))
            #expect(response.body == Data("ok".utf8))
        }
        #expect(peer.acceptCount == 1)
    }

    @Test func aPooledConnectionThePeerClosedIsReplaced() async throws {
        let closed = PeerSignal()
        let peer = try ScriptedPeer { connection in
            _ = connection.readRequest()
            connection.write(self.ok)
            if connection.index == 0 {
                connection.hangUp()
                closed.raise()
            }
        }
        let transport = SocketHTTPTransport()
        _ = try await transport.send(post(peer.url()), timeout: .seconds(10))
        await closed.wait()
        let second = try await transport.send(post(peer.url()), timeout: .seconds(10))
        #expect(second.body == Data("ok".utf8))
        #expect(peer.acceptCount == 2)
    }

    @Test func connectionCloseIsHonoured() async throws {
        let peer = try ScriptedPeer { connection in
            _ = connection.readRequest()
            connection.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok")
            // Left open: only the header says not to reuse it.
            connection.waitForClose()
        }
        let transport = SocketHTTPTransport()
        _ = try await transport.send(post(peer.url()), timeout: .seconds(10))
        _ = try await transport.send(post(peer.url()), timeout: .seconds(10))
        #expect(peer.acceptCount == 2)
    }

    @Test func aRefusedConnectionIsAConnectionFailure() async throws {
        let url = URL(string: "http://127.0.0.1:\(try freeLoopbackPort())/")!
        await #expect {
            try await SocketHTTPTransport().send(post(url), timeout: .seconds(10))
        } throws: { isTransportError($0, code: AWSClientError.connectionFailedCode, mentioning: "refused") }
    }

    @Test func aSilentPeerIsATimeout() async throws {
        let peer = try ScriptedPeer { connection in
            _ = connection.readRequest()
            connection.waitForClose()
        }
        await #expect {
            try await SocketHTTPTransport().send(post(peer.url()), timeout: .milliseconds(300))
        } throws: { isTransportError($0, code: AWSClientError.timedOutCode) }
    }

    /// A cancelled call ends with CancellationError, not with the timeout it would otherwise reach.
    @Test func cancellingABlockedCallEndsIt() async throws {
        let received = PeerSignal()
        let peer = try ScriptedPeer { connection in
            _ = connection.readRequest()
            received.raise()
            connection.waitForClose()
        }
        let transport = SocketHTTPTransport()
        let call = Task { try await transport.send(post(peer.url()), timeout: .seconds(60)) }
        await received.wait()
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        // The transport is still usable afterwards.
        let again = try ScriptedPeer { connection in
            _ = connection.readRequest()
            connection.write(self.ok)
        }
        #expect(try await transport.send(post(again.url()), timeout: .seconds(10)).status == 200)
    }

    @Test func anHTTPProxyGetsTheAbsoluteForm() async throws {
        let seen = RequestLog()
        let proxy = try ScriptedPeer { connection in
            seen.append(connection.readRequest())
            connection.write(self.ok)
        }
        let transport = SocketHTTPTransport(environment: ["HTTP_PROXY": "http://127.0.0.1:\(proxy.port)"])
        let response = try await transport.send(post(URL(string: "http://imds.invalid:8080/latest/api/token?a=b")!), timeout: .seconds(10))
        #expect(response.body == Data("ok".utf8))
        let text = try #require(seen.all.first)
        #expect(text.hasPrefix("POST http://imds.invalid:8080/latest/api/token?a=b HTTP/1.1\r\nHost: imds.invalid:8080\r\n"))
    }

    @Test func noProxyGoesDirect() async throws {
        let peer = try ScriptedPeer { connection in
            _ = connection.readRequest()
            connection.write(self.ok)
        }
        let transport = SocketHTTPTransport(environment: ["HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": "127.0.0.1"])
        #expect(try await transport.send(post(peer.url()), timeout: .seconds(10)).status == 200)
    }

    @Test func aRefusedConnectIsAConnectionFailure() async throws {
        let seen = RequestLog()
        let proxy = try ScriptedPeer { connection in
            seen.append(connection.readRequest())
            connection.write("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")
        }
        let transport = SocketHTTPTransport(environment: ["HTTPS_PROXY": "127.0.0.1:\(proxy.port)"])
        await #expect {
            try await transport.send(post(URL(string: "https://sts.amazonaws.com/")!), timeout: .seconds(10))
        } throws: { isTransportError($0, code: AWSClientError.connectionFailedCode, mentioning: "refused CONNECT to sts.amazonaws.com:443: HTTP 403") }
        #expect(seen.all.first == "CONNECT sts.amazonaws.com:443 HTTP/1.1\r\nHost: sts.amazonaws.com:443\r\n\r\n")
    }
}
