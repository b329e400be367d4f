/// Cordon's metric families and the calls that feed them. Label values are bounded sets (route patterns,
/// never raw paths; AWS action names; step names) so the number of series cannot grow with traffic.
struct CordonMetrics: Sendable {
    /// The route label for a request that matched no route (404/405): raw paths would be unbounded.
    static let unmatchedRoute = "unmatched"

    /// The registry every family below is registered in.
    let registry: MetricsRegistry
    /// `cordon_http_requests_total{method,route,status}`.
    let httpRequests = CounterFamily(name: "cordon_http_requests_total", help: "HTTP requests answered, by method, route pattern and status.", labelNames: ["method", "route", "status"])
    /// `cordon_http_request_duration_seconds{method,route}`.
    let httpDuration = HistogramFamily(name: "cordon_http_request_duration_seconds", help: "Time from a request's head to its response, by method and route pattern.", labelNames: ["method", "route"])
    /// `cordon_events_ingested_total{format}`.
    let eventsIngested = CounterFamily(name: "cordon_events_ingested_total", help: "Events accepted and journaled, by the format they arrived in.", labelNames: ["format"])
    /// `cordon_events_rejected_total{format,reason}`.
    let eventsRejected = CounterFamily(name: "cordon_events_rejected_total", help: "Event documents refused, by format and reason.", labelNames: ["format", "reason"])
    /// `cordon_workflow_step_duration_seconds{step,status}`.
    let stepDuration = HistogramFamily(name: "cordon_workflow_step_duration_seconds", help: "Workflow step run time, by step name and final status.", labelNames: ["step", "status"])
    /// `cordon_aws_calls_total{action,outcome}`.
    let awsCalls = CounterFamily(name: "cordon_aws_calls_total", help: "AWS API calls, by action and outcome (success or the AWS error code).", labelNames: ["action", "outcome"])
    /// `cordon_aws_retries_total{action}`.
    let awsRetries = CounterFamily(name: "cordon_aws_retries_total", help: "AWS API call attempts that were retries, by action.", labelNames: ["action"])

    /// The families, with `incidentsByStatus` called at each scrape for `cordon_incidents{status}`.
    init(incidentsByStatus: @escaping @Sendable () -> [String: Int]) {
        registry = MetricsRegistry()
        let incidents = GaugeFamily(name: "cordon_incidents", help: "Incidents currently in each status.", labelNames: ["status"]) {
            incidentsByStatus().map { (labels: [$0.key], value: Double($0.value)) }
        }
        let families: [any MetricFamily] = [httpRequests, httpDuration, eventsIngested, eventsRejected, incidents, stepDuration, awsCalls, awsRetries]
        for family in families { registry.register(family) }
    }

    /// The methods counted by name; any other token a client sends is counted as `other` (bounded labels).
    static let countedMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    /// Records one answered request; `route` is the matched pattern or nil for an unmatched path.
    func recordRequest(method: String, route: String?, status: Int, seconds: Double) {
        let route = route ?? Self.unmatchedRoute
        let method = Self.countedMethods.contains(method) ? method : "other"
        httpRequests.increment([method, route, String(status)])
        httpDuration.observe(seconds, [method, route])
    }
}
