/// One thing a route lets its caller do; roles are sets of these and the permission table maps routes to them.
enum Permission: String, Sendable, CaseIterable {
    /// POST events (`/v1/events`, `/v1/firehose`).
    case ingestEvents = "ingest events"
    /// GET incidents.
    case readIncidents = "read incidents"
    /// POST a new incident.
    case openIncidents = "open incidents"
    /// Run an action (contain, forensics, close) on an incident.
    case runActions = "run actions"
    /// Approve an action that awaits approval.
    case approveActions = "approve actions"
    /// Scrape `/metrics`.
    case readMetrics = "read metrics"
    /// Anything not listed above (fail closed: a route missing from the table needs this).
    case administer = "administer"
}
