import AWSClient
import Foundation
import Testing
@testable import Server

/// Shared helpers of the production-wiring tests: the live object graph over a scratch data directory, with
/// every AWS call answered by a stub, and a reader for `/metrics`.
enum WiringFixtures {
    /// Refuses every AWS call: its first attempt with a throttling 503 (`RequestLimitExceeded`, which the client
    /// retries after a backoff under a second), its retry with EC2's `UnauthorizedOperation` (403, not retried).
    /// Attempts are matched by URL and body (a retry re-signs the headers only), so every 403 follows a retry of the
    /// same call, whichever of several parallel calls finishes first.
    final class RefusingTransport: AWSHTTPTransport {
        private let seen = LockedValue<[String: Int]>([:])

        /// Requests sent so far.
        var requests: Int { seen.withLock { $0.values.reduce(0, +) } }

        func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
            let call = request.url.absoluteString + "\n" + String(decoding: request.body, as: UTF8.self)
            let first = seen.withLock { seen in
                seen[call, default: 0] += 1
                return seen[call] == 1
            }
            let (status, code) = first ? (503, "RequestLimitExceeded") : (403, "UnauthorizedOperation")
            let body = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Response><Errors><Error><Code>\(code)</Code><Message>Refused by the stub.</Message></Error></Errors><RequestID>req-stub-\(status)</RequestID></Response>
                """
            return AWSHTTPResponse(status: status, headers: ["Content-Type": "text/xml"], body: Data(body.utf8))
        }
    }

    /// `LiveServices.assemble` over `dataDirectory` with static keys and a loopback endpoint (never reached: the
    /// stub answers), logging into `lines`.
    static func assemble(dataDirectory: String, transport: RefusingTransport,
                         lines: APIFixtures.LogLines) async throws -> LiveServices {
        guard case .run(let configuration) = try CordonConfiguration.parse(arguments: ["--data-dir", dataDirectory], environment: [:]) else {
            throw ConfigurationError(description: "not a run command")
        }
        let environment = ["AWS_REGION": "eu-west-1", "AWS_ACCESS_KEY_ID": "AKIDEXAMPLE",
                           "AWS_SECRET_ACCESS_KEY": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                           "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "HOME": dataDirectory]
        let logger = JSONLineLogger(minimumLevel: .info, clock: { 0 }, sink: lines.append)
        return try await LiveServices.assemble(configuration, environment: environment, maxDecompressedBytes: 1 << 20,
                                               logger: logger, transport: transport)
    }

    /// The value of the sample `name{labels}` in a Prometheus text body (labels written as rendered), or nil.
    static func sample(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// The headers of a request made with the fixture token of `role`.
    static func headers(_ role: Role) -> HTTPHeaders {
        ["Host": "cordon", "Content-Type": "application/json", "Authorization": "Bearer \(AuthFixtures.secret(role))"]
    }
}
