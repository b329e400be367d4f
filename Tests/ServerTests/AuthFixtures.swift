import AWSClient
import Foundation
@testable import Server

/// Shared helpers for the auth, webhook, metrics and config tests: request heads, one token per role,
/// a settable clock and scratch directories.
enum AuthFixtures {
    /// A clock tests move by hand.
    final class ManualClock: Sendable {
        private let seconds: LockedValue<Double>

        /// A clock reading `start`.
        init(_ start: Double = 1_700_000_000) { seconds = LockedValue(start) }

        /// The current reading.
        func now() -> Double { seconds.withLock { $0 } }

        /// Moves the clock on by `delta` seconds.
        func advance(_ delta: Double) { seconds.withLock { $0 += delta } }
    }

    /// The secret of the fixture token for `role`.
    static func secret(_ role: Role) -> String { "test-\(role.rawValue)-token-0123456789abcdef" }

    /// A secret no token has.
    static let wrongSecret = "test-nobody-token-0123456789abcdef"

    /// One token per role, named after it, without rate limits.
    static let tokens: [AccessToken] = Role.allCases.map { role in
        AccessToken(name: role.rawValue, role: role, digest: SHA256(secret(role)).digest, rateLimit: nil)
    }

    /// An authenticator over `tokens` with a fresh limiter on `clock`.
    static func authenticator(tokens: [AccessToken] = tokens, clock: ManualClock = ManualClock()) -> Authenticator {
        Authenticator(tokens: tokens, rateLimiter: RateLimiter(clock: clock.now))
    }

    /// The API as the service runs it, over `operations`, with the fixture tokens and `webhookSecrets`.
    static func securedRouter(_ operations: APIFixtures.FakeOperations, webhookSecrets: [String] = []) throws -> Router {
        let secrets = try webhookSecrets.map { secret throws(ConfigurationError) in try WebhookSecret(secret, source: "test") }
        let access = APIAccess(authenticator: authenticator(), webhookSecrets: secrets, metrics: CordonMetrics { ["open": 1] })
        let api = CordonAPI(operations: operations, isReady: { true }, now: { APIFixtures.now }, logger: HTTPFixtures.silentLogger)
        return api.router(access: access)
    }

    /// A request head for `method` and `path` with `headers`.
    static func head(_ method: HTTPMethod, _ path: String, _ headers: HTTPHeaders = [:]) -> HTTPRequestHead {
        var all: HTTPHeaders = ["Host": "cordon.test"]
        for field in headers { all.add(field.name, field.value) }
        return HTTPRequestHead(method: method, target: path, path: path, query: nil, version: .http11, headers: all, framing: .none)
    }

    /// The head with `Authorization: Bearer <secret>`.
    static func head(_ method: HTTPMethod, _ path: String, bearer secret: String) -> HTTPRequestHead {
        head(method, path, ["Authorization": "Bearer \(secret)"])
    }

    /// The status a decision answers with: 0 for admitted.
    static func status(_ decision: AuthDecision) -> Int {
        switch decision {
        case .admitted: 0
        case .refused(let refusal): refusal.status.code
        }
    }

    /// The refusal's response, nil if admitted.
    static func refusal(_ decision: AuthDecision) -> HTTPResponse? {
        guard case .refused(let refusal) = decision else { return nil }
        return refusal.problem
    }

    /// A new empty directory under the temporary directory.
    static func scratchDirectory() throws -> String {
        let path = NSTemporaryDirectory() + "cordon-prod-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `python3` with `script` on stdin-free arguments; returns exit status and stdout, or nil if python3 is absent.
    static func python(_ script: String, input: Data) throws -> (status: Int32, output: String)? {
        // The python3 on PATH, the one scripts/test.sh installs prometheus-client into.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stdout
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // env exits 127 when there is no python3 on PATH.
        guard process.terminationStatus != 127 else { return nil }
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
