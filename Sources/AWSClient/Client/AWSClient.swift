import FoundationEssentials

/// Sends `AWSAction`s: resolves credentials and the endpoint, builds the form body, signs, sends through
/// the transport, decodes, and retries per the standard retry mode. Time, sleep and jitter are injected.
public struct AWSClient: Sendable {
    /// The seams and settings the client needs, all injected.
    public struct Configuration: Sendable {
        /// The retry rules.
        public var retry: RetryPolicy = RetryPolicy()
        /// The deadline of one attempt.
        public var attemptTimeout: Duration = .seconds(30)
        /// The most pages a paginated Describe/List call follows before failing.
        public var maxPages: Int = 100
        /// The current time.
        public var now: @Sendable () -> Date = { Date() }
        /// Waits before a retry.
        public var sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
        /// A uniform random number in [0, 1) for backoff jitter.
        public var random: @Sendable () -> Double = { Double.random(in: 0..<1) }
        /// Told once per `send`, when it returns or throws (metrics: calls by action and outcome, retries).
        /// It runs on the caller's task, so it must return quickly.
        public var onCall: (@Sendable (AWSCallRecord) -> Void)?

        /// Creates the default configuration.
        public init() {}
    }

    /// The region calls are made in.
    public let region: String
    let credentials: any CredentialProvider
    let transport: any AWSHTTPTransport
    let endpoint: @Sendable (AWSService, _ region: String) throws -> AWSEndpoint
    let configuration: Configuration
    /// The retry quota shared by every call of this client and its copies (one AWS rate budget).
    public let quota: RetryQuota
    /// The learnt clock offset shared by every call of this client (and its copies).
    public let clockOffset: ClockOffset

    /// Creates a client; `endpoint` maps a service and region to its URL and signing scope.
    public init(region: String, credentials: any CredentialProvider, transport: any AWSHTTPTransport,
                endpoint: @escaping @Sendable (AWSService, _ region: String) throws -> AWSEndpoint,
                configuration: Configuration = Configuration(), quota: RetryQuota = RetryQuota(),
                clockOffset: ClockOffset = ClockOffset()) {
        self.region = region
        self.credentials = credentials
        self.transport = transport
        self.endpoint = endpoint
        self.configuration = configuration
        self.quota = quota
        self.clockOffset = clockOffset
    }

    /// Creates a client on the SDK endpoint rules (regional hostnames, partitions, `AWS_ENDPOINT_URL*`).
    public init(region: String, credentials: any CredentialProvider, transport: any AWSHTTPTransport,
                resolver: EndpointResolver, configuration: Configuration = Configuration()) {
        self.init(region: region, credentials: credentials, transport: transport,
                  endpoint: { try resolver.endpoint(for: $0, region: $1) }, configuration: configuration)
    }

    /// Creates a client whose every service is at one URL, signed for the call's region (moto, a test proxy).
    public init(region: String, credentials: any CredentialProvider, transport: any AWSHTTPTransport,
                endpointURL: URL, configuration: Configuration = Configuration()) {
        self.init(region: region, credentials: credentials, transport: transport,
                  endpoint: { AWSEndpoint(url: endpointURL, signingRegion: $1, signingName: $0.signingName) },
                  configuration: configuration)
    }

    /// The same client (transport, endpoints, retry quota, clock offset) with other credentials or region,
    /// e.g. to call STS AssumeRole with a chain link's credentials or act in the incident's region.
    public func with(credentials: any CredentialProvider, region: String? = nil) -> AWSClient {
        AWSClient(region: region ?? self.region, credentials: credentials, transport: transport, endpoint: endpoint,
                  configuration: configuration, quota: quota, clockOffset: clockOffset)
    }

    /// Sends the action, retrying what the standard retry mode allows, and returns its decoded output.
    public func send<Output>(_ action: AWSAction<Output>) async throws -> Output {
        var attempt = 1
        do {
            let output = try await sendRetrying(action, attempt: &attempt)
            configuration.onCall?(AWSCallRecord(service: action.service, action: action.name,
                                                outcome: AWSCallRecord.success, attempts: attempt))
            return output
        } catch {
            let outcome = (error as? AWSClientError)?.code ?? (error is CancellationError ? "Cancelled" : "Unknown")
            configuration.onCall?(AWSCallRecord(service: action.service, action: action.name, outcome: outcome, attempts: attempt))
            throw error
        }
    }

    /// The retry loop of `send`; `attempt` ends as the number of the last attempt made.
    private func sendRetrying<Output>(_ action: AWSAction<Output>, attempt: inout Int) async throws -> Output {
        var lastRetryCost: Int?
        var mayHaveTakenEffect = false
        while true {
            // A create whose earlier attempt may have succeeded unseen: find its result before creating again.
            if mayHaveTakenEffect, let recover = action.recover, let existing = try await recover(self) {
                await quota.recordSuccess(lastRetryCost: lastRetryCost)
                return existing
            }
            let failure: AWSClientError
            let skewCorrected: Bool
            switch await attemptOnce(action) {
            case .success(let output):
                await quota.recordSuccess(lastRetryCost: lastRetryCost)
                return output
            case .failure(let error, let corrected):
                failure = error
                skewCorrected = corrected
            }
            guard attempt < configuration.retry.maxAttempts,
                  let reason = RetryPolicy.reason(for: failure, skewCorrected: skewCorrected),
                  RetryPolicy.allowsRetry(reason, idempotent: action.idempotent || action.recover != nil),
                  let cost = await quota.acquire(timeout: reason == .timeout)
            else { throw failure }
            lastRetryCost = cost
            mayHaveTakenEffect = mayHaveTakenEffect || reason == .transient || reason == .timeout
            try await configuration.sleep(configuration.retry.backoff(retry: attempt, random: configuration.random()))
            attempt += 1
        }
    }

    /// One attempt's outcome; a failure says whether it corrected the clock offset.
    private enum Attempt<Output> {
        case success(Output)
        case failure(AWSClientError, skewCorrected: Bool)
    }

    private func attemptOnce<Output>(_ action: AWSAction<Output>) async -> Attempt<Output> {
        let response: AWSHTTPResponse
        do {
            let request = try await signedRequest(for: action)
            response = try await transport.send(request, timeout: configuration.attemptTimeout)
        } catch {
            return .failure(Self.clientError(error, kind: .transport), skewCorrected: false)
        }
        guard (200..<300).contains(response.status) else {
            let error = AWSResponseDecoding.serviceError(of: response)
            var corrected = false
            if RetryPolicy.clockSkewCodes.contains(error.code),
               let header = response.headers["date"], let serverDate = ClockOffset.parseHTTPDate(header) {
                corrected = await clockOffset.correct(serverDate: serverDate, localNow: configuration.now())
            }
            return .failure(error, skewCorrected: corrected)
        }
        do {
            let (result, requestId) = try AWSResponseDecoding.result(of: response, action: action.name)
            return .success(try action.decode(result, requestId))
        } catch {
            return .failure(Self.clientError(error, kind: .decoding), skewCorrected: false)
        }
    }

    /// Builds and signs the form POST (moto and AWS both accept Query APIs as POSTs; moto rejects signed GETs).
    private func signedRequest<Output>(for action: AWSAction<Output>) async throws -> AWSHTTPRequest {
        let target = try endpoint(action.service, region)
        let body = action.parameters.formBody(action: action.name, version: action.service.apiVersion)
        var request = AWSHTTPRequest(method: "POST", url: target.url, body: Data(body.utf8))
        request.setHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        guard action.signed else { return request }
        let signer = SigV4Signer(credentials: try await credentials.credentials(), region: target.signingRegion,
                                 service: target.signingName)
        let signingDate = configuration.now().addingTimeInterval(await clockOffset.seconds)
        signer.sign(&request, date: signingDate)
        return request
    }

    /// Keeps an `AWSClientError` as it is; wraps anything else (a decoder's own error) in the given kind.
    private static func clientError(_ error: any Error, kind: AWSClientError.Kind) -> AWSClientError {
        if let error = error as? AWSClientError { return error }
        return AWSClientError(kind: kind, code: kind == .decoding ? "DecodingFailed" : AWSClientError.connectionFailedCode,
                              message: "\(error)")
    }
}
