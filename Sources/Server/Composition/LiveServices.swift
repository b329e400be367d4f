import AWSClient
import Domain
import FoundationEssentials

/// The live object graph: the data directory's store and journal, the AWS client and adapter, the workflow
/// engine and the incident service, recovered from disk before anything is served.
struct LiveServices {
    /// The service the API calls.
    let service: IncidentService
    /// What recovery found and did.
    let recovery: RecoveryReport
    /// The AWS region incidents default to.
    let region: String
    /// The event journal, asked by `/readyz` whether it still takes events.
    let journal: EventJournal
    /// The metric families, fed by the service, the engine and the AWS client.
    let metrics: CordonMetrics
    /// Whether the data directory takes writes, for `GET /readyz`.
    let dataDirectoryProbe: DataDirectoryProbe

    /// Builds everything and runs recovery; throws a `ConfigurationError` naming what is wrong
    /// (unreadable AWS config, corrupt data directory) so `cordon` can exit with it. `transport` carries every AWS
    /// call (tests pass a stub); by default the socket transport, trusting `AWS_CA_BUNDLE` from `environment`.
    static func assemble(_ configuration: CordonConfiguration, environment: [String: String],
                         maxDecompressedBytes: Int, logger: JSONLineLogger,
                         transport: (any AWSHTTPTransport)? = nil) async throws(ConfigurationError) -> LiveServices {
        let transport = transport ?? SocketHTTPTransport(environment: environment)
        let dataDirectory = URL(fileURLWithPath: configuration.dataDirectory, isDirectory: true)
        let region = resolveRegion(environment: environment, logger: logger)
        let statusCounts = IncidentStatusCounts()
        let metrics = CordonMetrics(statusCounts: statusCounts)
        let client = try awsClient(region: region, environment: environment, transport: transport, onCall: metrics.recordAWSCall)
        let responder = AWSCloudResponder(client: client, configuration: AWSCloudResponder.Configuration(
            quarantineSecurityGroupId: configuration.quarantineSecurityGroupId,
            crossAccountRoleName: configuration.crossAccountRoleName))
        let settings = WorkflowSettings(responderName: configuration.responderName,
                                        forensicWorkstation: configuration.forensicWorkstation,
                                        exemptResources: configuration.exemptResources)
        let budget = CloudCallBudget(maxConcurrent: configuration.awsMaxConcurrentCalls,
                                     perSecond: configuration.awsCallsPerSecond, clock: { Date() })
        let rules = try configuration.ruleSet()
        do {
            let store = try IncidentStore(directory: dataDirectory.appendingPathComponent("incidents", isDirectory: true),
                                          statusCounts: statusCounts)
            let journal = try EventJournal(directory: dataDirectory.appendingPathComponent("journal", isDirectory: true))
            let audit = try AuditLog(directory: dataDirectory.appendingPathComponent("audit", isDirectory: true),
                                     hash: AuditVerifyCommand.hash, clock: { Date() })
            let engine = WorkflowEngine(repository: store, responder: responder, budget: budget, settings: settings,
                                        audit: audit, telemetry: TelemetryRecorder(logger: logger, metrics: metrics),
                                        clock: { Date() })
            // Firehose records from CloudWatch Logs subscriptions are gzip'd inside the base64; same limit as bodies.
            let decoder = EventDecoder(gunzip: { data in try GzipInflater.inflate(data, limit: maxDecompressedBytes) })
            let service = IncidentService(journal: journal, store: store, engine: engine, rules: rules, decoder: decoder,
                                          defaultRegion: region, clock: { Date() },
                                          generator: SystemRandomNumberGenerator(),
                                          safety: configuration.safetySettings(digest: AuditVerifyCommand.hash), audit: audit)
            let recovery = try await service.recover()
            return LiveServices(service: service, recovery: recovery, region: region, journal: journal, metrics: metrics,
                                dataDirectoryProbe: DataDirectoryProbe(directory: configuration.dataDirectory))
        } catch {
            throw ConfigurationError(description: "\(configuration.dataDirectory): \(CordonConfiguration.message(of: error))")
        }
    }

    /// The whole API over the service, behind authentication, with `/metrics`. It is built here, not in
    /// main.swift, where a closure would be main-actor code while the main thread is parked waiting for a signal.
    /// Recovery is done before the port opens, so the service is ready while its data directory takes writes and
    /// until the journal stops taking events after a disk failure it could not undo (docs/RELIABILITY.md, "Disk
    /// faults"): then a load balancer should stop sending.
    func router(tokens: [AccessToken], webhookSecrets: [WebhookSecret], logger: JSONLineLogger) -> Router {
        let access = APIAccess(authenticator: Authenticator(tokens: tokens, rateLimiter: .live()),
                               webhookSecrets: webhookSecrets, metrics: metrics)
        let probe = dataDirectoryProbe
        let isReady: @Sendable () async -> Bool = { [journal] in
            guard await !journal.hasStopped else { return false }
            return await probe.isWritable()
        }
        return CordonAPI(operations: service, isReady: isReady, logger: logger).router(access: access)
    }

    /// The region as the AWS SDKs resolve it (AWS_REGION, AWS_DEFAULT_REGION, the profile's region); Cordon can
    /// still take events in without one, so it falls back to us-east-1 and says so.
    private static func resolveRegion(environment: [String: String], logger: JSONLineLogger) -> String {
        do {
            let shared = try SharedConfig.load(environment: environment)
            return try RegionResolver.region(environment: environment, sharedConfig: shared)
        } catch {
            logger.warning("no AWS region configured; incidents default to us-east-1", ["reason": .string(String(describing: error))])
            return "us-east-1"
        }
    }

    /// The AWS client on the SDKs' conventions: the default credential chain (cached, refreshed before expiry),
    /// regional endpoints, and `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` overrides.
    private static func awsClient(region: String, environment: [String: String], transport: any AWSHTTPTransport,
                                  onCall: @escaping @Sendable (AWSCallRecord) -> Void) throws(ConfigurationError) -> AWSClient {
        var configuration = AWSClient.Configuration()
        configuration.onCall = onCall
        let resolver = EndpointResolver(environment: environment)
        // STS's own client signs AssumeRole with the credentials the chain hands it and sends
        // AssumeRoleWithWebIdentity unsigned, so it needs no credentials of its own: an empty environment has none.
        let stsClient = AWSClient(region: region, credentials: EnvironmentCredentialProvider(environment: [:]),
                                  transport: transport, resolver: resolver, configuration: configuration)
        let chain = CredentialProviderChain.standard(
            environment: environment, region: region,
            defaultSessionName: AssumeRoleCredentialProvider.sessionName(forIncident: "responder"),
            roleAssumer: STSClient(client: stsClient), transport: transport)
        let credentials = CachingCredentialProvider(wrapping: chain, now: { Date() })
        do {
            // Resolve every endpoint once now, so a malformed AWS_ENDPOINT_URL* stops startup naming the variable.
            for service in AWSService.allCases { _ = try resolver.endpoint(for: service, region: region) }
        } catch {
            throw ConfigurationError(description: String(describing: error))
        }
        return AWSClient(region: region, credentials: credentials, transport: transport, resolver: resolver,
                         configuration: configuration)
    }
}
