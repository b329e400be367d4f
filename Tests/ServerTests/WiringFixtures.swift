import AWSClient
import Foundation
import Testing
@testable import Server

/// Shared helpers of the production-wiring tests: the live object graph over a scratch data directory, with
/// every AWS call answered by a stub, and a reader for `/metrics`.
enum WiringFixtures {
    /// Refuses every AWS request: the first with a throttling 503 (`RequestLimitExceeded`, which the client retries
    /// after a backoff under a second), every later one with EC2's `UnauthorizedOperation` (403, not retried).
    final class RefusingTransport: AWSHTTPTransport {
        private let count = LockedValue(0)

        /// Requests sent so far.
        var requests: Int { count.withLock { $0 } }

        func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
            let first = count.withLock { sent in
                sent += 1
                return sent == 1
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
