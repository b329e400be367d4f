/// What a token is for. Each role is a fixed set of permissions; `admin` holds all of them.
///
/// `metrics` exists so a Prometheus scraper holds a token that can read counters but not incidents
/// (least privilege: incident bodies carry account IDs, ARNs and evidence); readers may scrape too.
enum Role: String, Sendable, CaseIterable, Codable {
    /// SIEMs and pipelines: POST events only.
    case ingest
    /// Read incidents (and scrape metrics).
    case reader
    /// A reader that may also open incidents and run actions.
    case responder
    /// A reader that may also approve actions awaiting approval.
    case approver
    /// Scrape `/metrics` and nothing else.
    case metrics
    /// Everything.
    case admin

    /// The permissions this role holds.
    var permissions: Set<Permission> {
        switch self {
        case .ingest: [.ingestEvents]
        case .reader: [.readIncidents, .readMetrics]
        case .responder: [.readIncidents, .readMetrics, .openIncidents, .runActions]
        case .approver: [.readIncidents, .readMetrics, .approveActions]
        case .metrics: [.readMetrics]
        case .admin: Set(Permission.allCases)
        }
    }

    /// Whether this role holds `permission`.
    func grants(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// The roles holding `permission`, in declaration order, for 403 messages.
    static func holding(_ permission: Permission) -> [Role] { allCases.filter { $0.grants(permission) } }
}
