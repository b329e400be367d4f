import Foundation
import Testing
@testable import AWSClient

// Shared helpers of the AWS client tests: a scripted stub transport, fixed credentials and clock,
// response builders, and the client for the moto_server that MotoSupport launches.

/// The stub clients' credentials (the stub does not check signatures).
let stubCredentials = StaticCredentialProvider(
    AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"))

/// A transport that answers from an ordered script (responses and failures alike, so a retry sequence can be
/// played), and records what it was sent. (SigningFixtures' `StubTransport` answers by route instead.)
actor ScriptedTransport: AWSHTTPTransport {
    private var script: [Result<AWSHTTPResponse, AWSClientError>]
    private(set) var requests: [AWSHTTPRequest] = []

    init(_ script: [Result<AWSHTTPResponse, AWSClientError>]) {
        self.script = script
    }

    func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        requests.append(request)
        guard !script.isEmpty else {
            throw AWSClientError(kind: .transport, code: "StubExhausted", message: "no scripted answer for request \(requests.count)")
        }
        return try script.removeFirst().get()
    }

    /// The form fields of every request sent, decoded.
    func forms() -> [[String: String]] {
        requests.map(formFields)
    }

    /// The `Action` of every request sent.
    func actions() -> [String] {
        forms().map { $0["Action"] ?? "" }
    }
}

/// Records the backoff delays the client asked for, instead of sleeping.
actor SleepRecorder {
    private(set) var delays: [Duration] = []
    func sleep(_ duration: Duration) { delays.append(duration) }
}

/// A 200 answer with an XML body.
func ok(_ xml: String, headers: [String: String] = [:]) -> Result<AWSHTTPResponse, AWSClientError> {
    .success(AWSHTTPResponse(status: 200, headers: headers, body: Data(xml.utf8)))
}

/// An EC2-envelope error answer.
func ec2Error(_ code: String, status: Int = 400, headers: [String: String] = [:]) -> Result<AWSHTTPResponse, AWSClientError> {
    let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <Response><Errors><Error><Code>\(code)</Code><Message>scripted \(code)</Message></Error></Errors>\
        <RequestID>err-\(code)</RequestID></Response>
        """
    return .success(AWSHTTPResponse(status: status, headers: headers, body: Data(xml.utf8)))
}

/// A lost connection, as the live transport reports it.
let connectionLost: Result<AWSHTTPResponse, AWSClientError> =
    .failure(AWSClientError(kind: .transport, code: AWSClientError.connectionFailedCode, message: "connection reset"))

/// 2026-11-29T12:00:00Z, the stub clock's fixed now.
let fixedNow = Date(timeIntervalSince1970: 1_795_953_600)

/// A client on a stub transport with a fixed clock, a recorded sleep and a fixed jitter.
func stubClient(_ transport: some AWSHTTPTransport, sleeps: SleepRecorder = SleepRecorder(), random: Double = 0.5,
                maxAttempts: Int = 3, quota: RetryQuota = RetryQuota(), maxPages: Int = 100,
                onCall: (@Sendable (AWSCallRecord) -> Void)? = nil) -> AWSClient {
    var configuration = AWSClient.Configuration()
    configuration.onCall = onCall
    configuration.now = { fixedNow }
    configuration.sleep = { await sleeps.sleep($0) }
    configuration.random = { random }
    configuration.retry = RetryPolicy(maxAttempts: maxAttempts)
    configuration.maxPages = maxPages
    return AWSClient(region: "eu-west-1", credentials: stubCredentials, transport: transport,
                     endpoint: { service, region in
                         AWSEndpoint(url: URL(string: "https://\(service.endpointPrefix).\(region).amazonaws.com/")!,
                                     signingRegion: region, signingName: service.signingName)
                     },
                     configuration: configuration, quota: quota)
}

/// Decodes an `application/x-www-form-urlencoded` body into its fields.
func formFields(_ request: AWSHTTPRequest) -> [String: String] {
    var fields: [String: String] = [:]
    for pair in String(decoding: request.body, as: UTF8.self).split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
        fields[parts[0]] = parts.count > 1 ? parts[1] : ""
    }
    return fields
}

/// The live transport the moto tests share (one connection pool, as in production).
let motoTransport = SocketHTTPTransport()

/// A client for a moto endpoint, signing with `credentials` in us-east-1.
func motoClient(_ url: URL, credentials: AWSCredentials = AWSCredentials(accessKeyId: "testing", secretAccessKey: "testing"))
    -> AWSClient {
    AWSClient(region: "us-east-1", credentials: StaticCredentialProvider(credentials), transport: motoTransport, endpointURL: url)
}

/// A raw action for calls the client has no typed wrapper for (moto set-up: CreateUser, AllocateAddress, …);
/// answers the result element.
func rawAction(_ service: AWSService, _ name: String, _ fields: [String: String] = [:]) -> AWSAction<XMLTree> {
    var parameters = QueryParameters()
    for (key, value) in fields { parameters.set(key, value) }
    return AWSAction(service: service, name: name, parameters: parameters, idempotent: false) { result, _ in result }
}
