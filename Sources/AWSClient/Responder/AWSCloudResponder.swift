import Domain
import FoundationEssentials

/// Domain's `CloudResponder` over the typed AWS clients: every containment and forensics step as AWS calls.
///
/// Every method maps `AWSClientError` to `DomainError` (throttling, 5xx and transport failures become
/// `cloudTransient`), reports every request ID it caused, and is safe to repeat with the same token: it looks up
/// what an earlier call made (by the `cordon:token` tag, a unique name, or the current state) before changing
/// anything, and counts "already done" answers (a duplicate rule, an instance already detached) as success.
/// Independent calls within one method (every ENI, every volume, the Auto Scaling and load balancer lookups)
/// run concurrently, at most `configuration.maxConcurrentCalls` at a time.
public struct AWSCloudResponder: CloudResponder {
    /// The operator's settings: quarantine group, cross-account role, concurrency.
    public let configuration: Configuration
    /// The client with Cordon's own credentials; scoped clients share its transport, retry quota and clock offset.
    let base: AWSClient
    /// Assumed-role credentials per account, each refreshed before it expires.
    let accounts: AccountCredentials

    /// Creates the responder over `client` (Cordon's own credentials; its region is overridden per scope).
    public init(client: AWSClient, configuration: Configuration = Configuration(), now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.base = client
        self.accounts = AccountCredentials(now: now)
    }

    /// The client for a scope: its region, and the configured role in its account when it names one.
    func client(for scope: CloudScope) async -> AWSClient {
        guard let account = scope.account, let roleArn = configuration.roleArn(inAccount: account, region: scope.region) else {
            return base.with(credentials: base.credentials, region: scope.region)
        }
        let credentials = await accounts.provider(for: roleArn) {
            AssumeRoleCredentialProvider(roleArn: roleArn, sessionName: configuration.roleSessionName, region: scope.region,
                                         source: base.credentials, roleAssumer: STSClient(client: base))
        }
        return base.with(credentials: credentials, region: scope.region)
    }

    /// Runs one port method's calls, turning AWS failures into `DomainError`s that name the method.
    func mapped<Output>(_ method: String, _ body: () async throws -> Output) async throws -> Output {
        do {
            return try await body()
        } catch let error as AWSClientError {
            throw DomainError(aws: error, during: method)
        }
    }

    /// Runs `body` for every item, at most `configuration.maxConcurrentCalls` at once, and returns the results in
    /// the items' order. Every item runs even if one fails (a destructive step gets as far as it can; its retry
    /// redoes only what is left); the first failure in item order is then thrown.
    func concurrently<Item: Sendable, Output: Sendable>(
        _ items: [Item], _ body: @escaping @Sendable (Item) async throws -> Output
    ) async throws -> [Output] {
        let limit = max(1, configuration.maxConcurrentCalls)
        let outcomes = await withTaskGroup(of: (Int, Result<Output, any Error>).self) { group in
            var outcomes = [Result<Output, any Error>?](repeating: nil, count: items.count)
            var next = 0
            func launch() {
                let index = next, item = items[index]
                group.addTask {
                    do { return (index, .success(try await body(item))) } catch { return (index, .failure(error)) }
                }
                next += 1
            }
            while next < min(limit, items.count) { launch() }
            while let (index, outcome) = await group.next() {
                outcomes[index] = outcome
                if next < items.count { launch() }
            }
            return outcomes
        }
        return try outcomes.map { outcome in
            guard let outcome else { throw DomainError(.cloudFailure, "a concurrent call did not finish") }
            return try outcome.get()
        }
    }
}
