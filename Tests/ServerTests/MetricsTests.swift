@testable import Domain
import Foundation
import Testing
@testable import Server

@Suite struct MetricsTests {
    static func text(_ family: any MetricFamily) -> String {
        var output = PrometheusText()
        family.render(into: &output)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    @Test func counterRendersSortedSeries() {
        let counter = CounterFamily(name: "x_total", help: "Things.", labelNames: ["kind", "code"])
        counter.increment(["b", "200"])
        counter.increment(["a", "500"], by: 2)
        counter.increment(["b", "200"])
        counter.increment(["b", "200"], by: -5)
        #expect(Self.text(counter) == """
            # HELP x_total Things.
            # TYPE x_total counter
            x_total{kind="a",code="500"} 2
            x_total{kind="b",code="200"} 2

            """)
    }

    @Test func escapingFollowsTheFormat() {
        let counter = CounterFamily(name: "e_total", help: "Back\\slash\nnewline \"quoted\".", labelNames: ["v"])
        counter.increment(["a\"b\\c\nd"])
        #expect(Self.text(counter) == #"""
            # HELP e_total Back\\slash\nnewline "quoted".
            # TYPE e_total counter
            e_total{v="a\"b\\c\nd"} 1

            """#)
    }

    @Test func histogramBucketsAreCumulative() {
        let histogram = HistogramFamily(name: "d_seconds", help: "Durations.", labelNames: ["step"], buckets: [1, 0.1, 1])
        for value in [0.05, 0.1, 0.5, 7] { histogram.observe(value, ["snapshot"]) }
        #expect(Self.text(histogram) == """
            # HELP d_seconds Durations.
            # TYPE d_seconds histogram
            d_seconds_bucket{step="snapshot",le="0.1"} 2
            d_seconds_bucket{step="snapshot",le="1"} 3
            d_seconds_bucket{step="snapshot",le="+Inf"} 4
            d_seconds_sum{step="snapshot"} 7.65
            d_seconds_count{step="snapshot"} 4

            """)
    }

    @Test func updatesFromManyThreadsAreAllCounted() {
        let counter = CounterFamily(name: "c_total", help: "Calls.", labelNames: ["kind"])
        let histogram = HistogramFamily(name: "h_seconds", help: "Durations.", labelNames: ["kind"], buckets: [1])
        // Each thread updates its own shard; reads and scrapes must add them all up.
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            for _ in 0..<1_000 {
                counter.increment(["a"])
                histogram.observe(0.5, ["a"])
            }
        }
        #expect(counter.value(["a"]) == 16_000)
        #expect(histogram.count(["a"]) == 16_000)
        #expect(Self.text(counter).hasSuffix("c_total{kind=\"a\"} 16000\n"))
        #expect(Self.text(histogram).contains("h_seconds_bucket{kind=\"a\",le=\"1\"} 16000\n"))
        #expect(Self.text(histogram).contains("h_seconds_sum{kind=\"a\"} 8000\n"))
    }

    @Test func gaugeIsComputedAtEachScrape() {
        let open = LockedValue(1)
        let gauge = GaugeFamily(name: "g", help: "Open.", labelNames: ["status"]) {
            [(labels: ["open"], value: Double(open.withLock { $0 }))]
        }
        #expect(Self.text(gauge).hasSuffix("g{status=\"open\"} 1\n"))
        open.withLock { $0 = 4 }
        #expect(Self.text(gauge).hasSuffix("g{status=\"open\"} 4\n"))
    }

    @Test func registryRefusesATakenName() {
        let registry = MetricsRegistry()
        #expect(registry.register(CounterFamily(name: "a_total", help: "A.", labelNames: [])))
        #expect(!registry.register(CounterFamily(name: "a_total", help: "Again.", labelNames: [])))
        #expect(String(decoding: registry.render(), as: UTF8.self).components(separatedBy: "# TYPE").count == 2)
    }

    @Test(arguments: [(1.0, "1"), (0.25, "0.25"), (-3, "-3"), (.infinity, "+Inf"), (-.infinity, "-Inf"), (.nan, "NaN"), (1e20, "1e+20")])
    func sampleValues(value: Double, text: String) {
        #expect(PrometheusText.format(value) == text)
    }

    /// Cordon's families after some traffic, with `incidents` incidents behind the gauge, counted as the live
    /// service counts them (the store's `IncidentStatusCounts`).
    static func populated(incidents: Int) -> CordonMetrics {
        let counts = IncidentStatusCounts()
        for index in 0..<incidents {
            var incident = Incident(id: "inc-\(index)", target: .instanceId("i-\(index)"), region: "eu-west-1",
                                    playbook: .containInstance, openedBy: "bench", at: Date(timeIntervalSince1970: 0))
            incident.version = 1
            incident.status = IncidentStatus.allCases[index % IncidentStatus.allCases.count]
            counts.update(IncidentSummary(incident))
        }
        let metrics = CordonMetrics(statusCounts: counts)
        for (index, route) in ["/v1/events", "/v1/incidents", "/v1/incidents/{id}", "/metrics"].enumerated() {
            for status in [200, 202, 401, 403, 429] {
                metrics.recordRequest(method: index == 0 ? "POST" : "GET", route: route, status: status, seconds: Double(status) / 100_000)
            }
        }
        metrics.recordRequest(method: "GET", route: nil, status: 404, seconds: 0.0001)
        metrics.eventsIngested.increment(["cloudtrail"], by: 12)
        metrics.eventsRejected.increment(["auto", "unknown-shape"])
        for step in ["capture-metadata", "isolate-network", "snapshot-volumes"] {
            metrics.stepDuration.observe(1.5, [step, "succeeded"])
        }
        metrics.awsCalls.increment(["DescribeInstances", "success"], by: 3)
        metrics.awsCalls.increment(["CreateSnapshot", "RequestLimitExceeded"])
        metrics.awsRetries.increment(["CreateSnapshot"])
        return metrics
    }

    @Test func unmatchedRequestsShareOneRouteLabel() {
        let metrics = Self.populated(incidents: 0)
        #expect(metrics.httpRequests.value(["GET", CordonMetrics.unmatchedRoute, "404"]) == 1)
        #expect(metrics.httpDuration.count(["POST", "/v1/events"]) == 5)
        let scrape = metrics.scrapeResponse()
        #expect(scrape.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(String(decoding: scrape.body, as: UTF8.self).contains(#"cordon_http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
    }

    /// Parses the exposition with the Prometheus project's own Python parser (prometheus_client).
    @Test func outputParsesWithPrometheusClient() throws {
        let script = """
            import sys
            try:
                from prometheus_client.parser import text_string_to_metric_families
            except ImportError:
                print("MISSING"); sys.exit(3)
            for family in text_string_to_metric_families(sys.stdin.read()):
                for sample in family.samples:
                    labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
                    print(f"{family.type} {sample.name} {labels} {float(sample.value)}")
            """
        let body = Self.populated(incidents: 12).registry.render()
        guard let result = try AuthFixtures.python(script, input: body), result.status != 3 else {
            // Without python3 or prometheus_client the check cannot run here; CI must have both.
            #expect(ProcessInfo.processInfo.environment["CI"] == nil, "CI needs python3 with prometheus_client")
            return
        }
        #expect(result.status == 0, "\(result.output)")
        let lines = Set(result.output.split(separator: "\n").map(String.init))
        #expect(lines.contains("gauge cordon_incidents status=open 2.0"))
        #expect(lines.contains("counter cordon_events_ingested_total format=cloudtrail 12.0"))
        #expect(lines.contains("counter cordon_aws_calls_total action=CreateSnapshot,outcome=RequestLimitExceeded 1.0"))
        #expect(lines.contains("histogram cordon_workflow_step_duration_seconds_bucket le=+Inf,status=succeeded,step=isolate-network 1.0"))
        #expect(lines.contains("histogram cordon_http_request_duration_seconds_count method=GET,route=unmatched 1.0"))
    }

    /// Scrape cost at 10,000 incidents, printed for docs/OPERATIONS.md (timings are reported, never asserted).
    @Test func scrapeCostAtTenThousandIncidents() {
        let metrics = Self.populated(incidents: 10_000)
        var bytes = 0
        let rounds = 200
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<rounds { bytes += metrics.registry.render().count }
        }
        #expect(bytes > 0)
        print("metrics scrape with 10,000 incidents: \(elapsed / rounds) per scrape, \(bytes / rounds) bytes")
    }
}
