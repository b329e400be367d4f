extension CordonMetrics {
    /// The `GET /metrics` response: the registry rendered now.
    func scrapeResponse() -> HTTPResponse {
        HTTPResponse(status: .ok, headers: ["Content-Type": MetricsRegistry.contentType], body: registry.render())
    }

    /// The router observer that counts each answered request under its route pattern.
    var requestObserver: Router.Observer {
        { record in
            recordRequest(method: record.method, route: record.route == "-" ? nil : record.route, status: record.status,
                          seconds: Double(record.durationNanoseconds) / 1_000_000_000)
        }
    }
}
