/// Which credential each route needs, keyed by method and route pattern.
///
/// A route missing from the table needs `administer` (fail closed), so a route added without an entry is
/// admin-only until someone decides otherwise; a test checks that every routed pattern has an entry.
struct PermissionTable: Sendable {
    /// One row: a method and pattern and what they need.
    struct Entry: Sendable {
        /// The method; a GET row also covers HEAD (RFC 9110 §9.3.2), as the router does.
        let method: HTTPMethod
        /// The route pattern, as registered with the router.
        let pattern: RoutePattern
        /// What a caller must present.
        let requirement: RouteRequirement
    }

    /// The rows in order; the first match wins.
    let entries: [Entry]
    /// The scan's answers for the literal patterns' own paths (`LiteralPathIndex`).
    private let literalPaths: LiteralPathIndex<RouteRequirement>

    /// A table from (method, pattern, requirement) rows.
    init(_ rows: [(HTTPMethod, String, RouteRequirement)]) {
        let entries = rows.map { Entry(method: $0.0, pattern: RoutePattern($0.1), requirement: $0.2) }
        self.entries = entries
        literalPaths = LiteralPathIndex(entries.map { ($0.method, $0.pattern) }) { Self.scan(entries, $0, path: $1) }
    }

    /// What a request for `method` on the percent-encoded `path` needs.
    func requirement(_ method: HTTPMethod, path: String) -> RouteRequirement {
        if let known = literalPaths.answer(method, path: path) { return known }
        return Self.scan(entries, method, path: path)
    }

    /// The first matching row's requirement; a route missing from the table needs `administer`.
    private static func scan(_ entries: [Entry], _ method: HTTPMethod, path: String) -> RouteRequirement {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        let lookup = method == .head ? HTTPMethod.get : method
        for entry in entries where entry.method == lookup && entry.pattern.match(segments) != nil {
            return entry.requirement
        }
        return .bearer(.administer)
    }

    /// Cordon's routes.
    static let cordon = PermissionTable([
        (.get, "/healthz", .open),
        (.get, "/readyz", .open),
        (.get, "/metrics", .bearer(.readMetrics)),
        (.post, "/v1/events", .bearer(.ingestEvents)),
        (.post, "/v1/firehose", .firehoseAccessKey),
        (.post, "/v1/webhooks/events", .webhookSignature),
        (.get, "/v1/incidents", .bearer(.readIncidents)),
        (.post, "/v1/incidents", .bearer(.openIncidents)),
        (.get, "/v1/incidents/{id}", .bearer(.readIncidents)),
        (.post, "/v1/incidents/{id}/actions", .bearer(.runActions)),
        (.get, "/v1/incidents/{id}/plan", .bearer(.readIncidents)),
        (.post, "/v1/incidents/{id}/approvals", .bearer(.approveActions)),
    ])
}
