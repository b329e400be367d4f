@preconcurrency import Glibc
import Foundation
import Testing
@testable import AWSClient

// Shared helpers of the AWS client tests: a scripted stub transport, fixed credentials and clock,
// response builders, and the moto_server launcher.

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
    .failure(AWSClientError(kind: .transport, code: URLSessionTransport.connectionFailedCode, message: "connection reset"))

/// 2026-11-29T12:00:00Z, the stub clock's fixed now.
let fixedNow = Date(timeIntervalSince1970: 1_795_953_600)

/// A client on a stub transport with a fixed clock, a recorded sleep and a fixed jitter.
func stubClient(_ transport: ScriptedTransport, sleeps: SleepRecorder = SleepRecorder(), random: Double = 0.5,
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

/// One moto_server process on a free loopback port, started once per test process and stopped when it exits.
actor MotoServer {
    /// The moto that does not check signatures (INITIAL_NO_AUTH_ACTION_COUNT unset).
    static let open = MotoServer(environment: [:])
    /// The moto that authenticates every action from the start.
    static let authenticating = MotoServer(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "0"])

    /// moto_server's path, when installed.
    static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/moto_server" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether the moto suites run: when moto is installed, and always on CI, where a missing moto must fail.
    static let enabled = executable != nil || ProcessInfo.processInfo.environment["CI"] == "true"

    private let environment: [String: String]
    private var started: URL?

    private init(environment: [String: String]) {
        self.environment = environment
    }

    /// The endpoint URL, starting the server on first use and waiting until it answers.
    func url() async throws -> URL {
        if let started { return started }
        guard let executable = Self.executable else {
            throw AWSClientError(kind: .configuration, code: "MotoMissing", message: "moto_server is not on PATH (pip install 'moto[server]')")
        }
        let port = try freeLoopbackPort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // A watcher shell owns moto and kills it as soon as this test process is gone, however it ends.
        // It ignores the hang-up the runner's exit sends, and uses SIGKILL because a child spawned from a
        // Swift thread inherits that thread's blocked-signal mask, SIGTERM included.
        process.arguments = ["-c", """
            trap '' HUP; "\(executable)" -H 127.0.0.1 -p \(port) & M=$!; trap 'kill -KILL $M' EXIT; \
            while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
            """]
        var env = ProcessInfo.processInfo.environment
        env["AWS_ACCESS_KEY_ID"] = "testing"
        env["AWS_SECRET_ACCESS_KEY"] = "testing"
        env["AWS_DEFAULT_REGION"] = "us-east-1"
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let url = URL(string: "http://127.0.0.1:\(port)/")!
        let probe = AWSHTTPRequest(method: "GET", url: url.appendingPathComponent("moto-api/data.json"))
        for _ in 0..<300 {
            do {
                _ = try await motoTransport.send(probe, timeout: .seconds(2))
                started = url
                return url
            } catch {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw AWSClientError(kind: .transport, code: "MotoDidNotStart", message: "moto_server did not answer on port \(port)")
    }
}

/// The live transport the moto tests share (one URLSession, as in production).
let motoTransport = URLSessionTransport()

/// A client for a moto endpoint, signing with `credentials` in us-east-1.
func motoClient(_ url: URL, credentials: AWSCredentials = AWSCredentials(accessKeyId: "testing", secretAccessKey: "testing"))
    -> AWSClient {
    AWSClient(region: "us-east-1", credentials: StaticCredentialProvider(credentials), transport: motoTransport, endpointURL: url)
}

/// A loopback TCP port nothing listens on right now (bound to port 0, read back, released).
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw AWSClientError(kind: .configuration, code: "Socket", message: "socket() failed") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
            bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
        }
    }
    guard bound else { throw AWSClientError(kind: .configuration, code: "Socket", message: "bind() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A raw action for calls the client has no typed wrapper for (moto set-up: CreateUser, AllocateAddress, …);
/// answers the result element.
func rawAction(_ service: AWSService, _ name: String, _ fields: [String: String] = [:]) -> AWSAction<XMLTree> {
    var parameters = QueryParameters()
    for (key, value) in fields { parameters.set(key, value) }
    return AWSAction(service: service, name: name, parameters: parameters, idempotent: false) { result, _ in result }
}
