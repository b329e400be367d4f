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
    /// `scan`'s answer for each row's method (GET rows: also HEAD) on each literal pattern's own path, so the
    /// admission hook of every request on such a path (`/healthz`, `/v1/events`) is one hash lookup.
    private let literalPaths: [String: [HTTPMethod: RouteRequirement]]

    /// A table from (method, pattern, requirement) rows.
    init(_ rows: [(HTTPMethod, String, RouteRequirement)]) {
        entries = rows.map { Entry(method: $0.0, pattern: RoutePattern($0.1), requirement: $0.2) }
        var methods: Set<HTTPMethod> = [.head]
        for entry in entries { methods.insert(entry.method) }
        var literalPaths: [String: [HTTPMethod: RouteRequirement]] = [:]
        for entry in entries where entry.pattern.isLiteral {
            for method in methods {
                literalPaths[entry.pattern.description, default: [:]][method] = Self.scan(entries, method, path: entry.pattern.description)
            }
        }
        self.literalPaths = literalPaths
    }

    /// What a request for `method` on the percent-encoded `path` needs.
    func requirement(_ method: HTTPMethod, path: String) -> RouteRequirement {
        if let known = literalPaths[path]?[method] { return known }
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
