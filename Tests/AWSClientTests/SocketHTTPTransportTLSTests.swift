import Foundation
import Testing
@testable import AWSClient

/// TLS against a python3 HTTPS peer whose certificate a throwaway CA (made with the openssl CLI) signed.
@Suite struct SocketHTTPTransportTLSTests {
    private let authority: TestCertificateAuthority

    init() throws {
        authority = try TestCertificateAuthority()
    }

    @Test(arguments: ["localhost", "127.0.0.1"])
    func aCertificateFromTheCABundleIsTrusted(host: String) async throws {
        let server = try authority.serve("right")
        defer { authority.stop(server.process) }
        let transport = SocketHTTPTransport(environment: ["AWS_CA_BUNDLE": authority.caBundle])
        let url = URL(string: "https://\(host):\(server.port)/")!
        let response = try await transport.send(post(url), timeout: .seconds(10))
        #expect(response.status == 200)
        #expect(response.body == Data("ok".utf8))
    }

    @Test func withoutTheBundleVerificationFails() async throws {
        let server = try authority.serve("right")
        defer { authority.stop(server.process) }
        await #expect {
            try await SocketHTTPTransport().send(post(URL(string: "https://localhost:\(server.port)/")!), timeout: .seconds(10))
        } throws: {
            isTransportError($0, code: AWSClientError.connectionFailedCode, mentioning: "TLS certificate verification failed for localhost")
        }
    }

    @Test(arguments: [("localhost", "hostname mismatch"), ("127.0.0.1", "IP address mismatch")])
    func aCertificateForAnotherNameFails(host: String, reason: String) async throws {
        let server = try authority.serve("wrong")
        defer { authority.stop(server.process) }
        let transport = SocketHTTPTransport(environment: ["AWS_CA_BUNDLE": authority.caBundle])
        await #expect {
            try await transport.send(post(URL(string: "https://\(host):\(server.port)/")!), timeout: .seconds(10))
        } throws: { isTransportError($0, code: AWSClientError.connectionFailedCode, mentioning: reason) }
    }

    @Test func anUnreadableBundleIsAConfigurationError() async throws {
        let transport = SocketHTTPTransport(environment: ["AWS_CA_BUNDLE": authority.directory.appendingPathComponent("missing.pem").path])
        await #expect {
            try await transport.send(post(URL(string: "https://localhost:1/")!), timeout: .seconds(10))
        } throws: { ($0 as? AWSClientError)?.code == "InvalidCABundle" }
    }

    @Test func httpsGoesThroughAConnectTunnel() async throws {
        let server = try authority.serve("right")
        defer { authority.stop(server.process) }
        let proxy = try ScriptedPeer { connection in
            _ = connection.readRequest()
            connection.relay(toPort: server.port)
        }
        let transport = SocketHTTPTransport(environment: ["AWS_CA_BUNDLE": authority.caBundle, "HTTPS_PROXY": "http://127.0.0.1:\(proxy.port)"])
        let response = try await transport.send(post(URL(string: "https://localhost:\(server.port)/")!), timeout: .seconds(10))
        #expect(response.body == Data("ok".utf8))
        #expect(proxy.acceptCount == 1)
    }
}
