extension CordonMetrics {
    /// The `GET /metrics` response: the registry rendered now.
    func scrapeResponse() -> HTTPResponse {
        HTTPResponse(status: .ok, headers: ["Content-Type": MetricsRegistry.contentType], body: registry.render())
    }
}
