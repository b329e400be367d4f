@preconcurrency import Glibc
import Foundation
import Testing
@testable import AWSClient
import MotoSupport

/// A one-shot loopback HTTP peer: accepts one connection, reads the request, answers `reply` (or nothing).
final class CannedPeer: Sendable {
    let port: Int
    private let fd: Int32

    init(reply: String?) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = fd
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        try #require(ready)
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread {
            let connection = accept(fd, nil, nil)
            guard connection >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            _ = read(connection, &buffer, buffer.count)
            if let reply {
                _ = reply.utf8CString.withUnsafeBufferPointer { send(connection, $0.baseAddress, $0.count - 1, Int32(MSG_NOSIGNAL)) }
                close(connection)
            } else {
                // Hold the connection open and silent until the client gives up.
                _ = read(connection, &buffer, buffer.count)
                close(connection)
            }
        }
    }

    deinit {
        close(fd)
    }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/")! }
}

@Suite struct SocketHTTPTransportTests {
    @Test func aRedirectIsReturnedNotFollowed() async throws {
        let peer = try CannedPeer(reply: "HTTP/1.1 307 Temporary Redirect\r\nLocation: http://127.0.0.1:9/elsewhere\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        let response = try await SocketHTTPTransport().send(AWSHTTPRequest(method: "POST", url: peer.url, body: Data("a=b".utf8)), timeout: .seconds(10))
        #expect(response.status == 307)
        #expect(response.headers["location"] == "http://127.0.0.1:9/elsewhere")
    }

    @Test func headersAndBodyArrive() async throws {
        let peer = try CannedPeer(reply: "HTTP/1.1 200 OK\r\nX-Amzn-RequestId: rid-1\r\nContent-Length: 4\r\nConnection: close\r\n\r\n<a/>")
        let response = try await SocketHTTPTransport().send(AWSHTTPRequest(method: "POST", url: peer.url), timeout: .seconds(10))
        #expect(response.headers["x-amzn-requestid"] == "rid-1")
        #expect(response.body == Data("<a/>".utf8))
    }

    @Test func aRefusedConnectionIsATransportError() async throws {
        let url = URL(string: "http://127.0.0.1:\(try freeLoopbackPort())/")!
        await #expect {
            try await SocketHTTPTransport().send(AWSHTTPRequest(method: "POST", url: url), timeout: .seconds(10))
        } throws: { error in
            (error as? AWSClientError).map { $0.kind == .transport && $0.code == AWSClientError.connectionFailedCode } ?? false
        }
    }

    @Test func aSilentPeerIsATimeout() async throws {
        let peer = try CannedPeer(reply: nil)
        await #expect {
            try await SocketHTTPTransport().send(AWSHTTPRequest(method: "POST", url: peer.url), timeout: .milliseconds(300))
        } throws: { error in
            (error as? AWSClientError).map { $0.kind == .transport && $0.code == AWSClientError.timedOutCode } ?? false
        }
    }
}
