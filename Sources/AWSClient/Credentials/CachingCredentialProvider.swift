import FoundationEssentials

/// Caches another provider's credentials and refreshes them shortly before they expire; concurrent callers
/// share one refresh. If a refresh fails while the cached credentials are still valid, those are returned,
/// so a flaky metadata endpoint does not stop a containment mid-incident.
public actor CachingCredentialProvider: CredentialProvider {
    /// The provider that fetches fresh credentials.
    public let base: any CredentialProvider
    /// How long before expiry a refresh starts (the SDKs use about 5 minutes).
    public let refreshMargin: TimeInterval
    /// The clock, passed in.
    let now: @Sendable () -> Date
    /// The last credentials obtained.
    var cached: AWSCredentials?
    /// The refresh in progress, which every concurrent caller awaits.
    var refresh: Task<AWSCredentials, any Error>?

    /// Wraps `base`, refreshing `refreshMargin` seconds before expiry, reading time from `now`.
    public init(wrapping base: any CredentialProvider, refreshMargin: TimeInterval = 300, now: @escaping @Sendable () -> Date) {
        self.base = base
        self.refreshMargin = refreshMargin
        self.now = now
    }

    /// Returns the cached credentials while fresh, else waits for the one shared refresh.
    public func credentials() async throws -> AWSCredentials {
        let time = now()
        if let cached, !needsRefresh(cached, at: time) { return cached }
        let task: Task<AWSCredentials, any Error>
        if let refresh {
            task = refresh
        } else {
            let base = self.base
            task = Task { try await base.credentials() }
            refresh = task
        }
        do {
            let fresh = try await task.value
            if refresh == task {
                cached = fresh
                refresh = nil
            }
            return fresh
        } catch {
            if refresh == task { refresh = nil }
            if let cached, let expiration = cached.expiration, expiration > now() { return cached }
            throw error
        }
    }

    /// Forgets the cached credentials, e.g. after AWS rejected them as expired or revoked.
    public func invalidate() {
        cached = nil
    }

    /// Whether credentials expire within the refresh margin; long-term keys never do.
    func needsRefresh(_ credentials: AWSCredentials, at time: Date) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSince(time) <= refreshMargin
    }
}
