import AWSClient
import Domain

extension CordonMetrics {
    /// The families with `cordon_incidents{status}` read from `statusCounts`, which the incident store keeps as it
    /// saves: a scrape copies a few counters under a lock, never waits on an actor or walks the incidents.
    init(statusCounts: IncidentStatusCounts) {
        self.init {
            Dictionary(uniqueKeysWithValues: statusCounts.snapshot().map { ($0.key.rawValue, $0.value) })
        }
    }

    /// Counts the events one accepted document added (duplicates excluded); a document of duplicates only still
    /// creates its series at 0, so the series exists from the first request.
    func recordIngest(format: String, accepted: Int) {
        eventsIngested.increment([format], by: Double(max(0, accepted)))
    }

    /// Counts one refused document under the domain's error code (`invalidInput`, `unknownEventShape`,
    /// `storageFailure`, ...), a bounded set; anything else is `internal`.
    func recordRejection(format: String, error: any Error) {
        eventsRejected.increment([format, (error as? DomainError)?.code.rawValue ?? "internal"])
    }

    /// Counts one `AWSClient.send`: the call under its outcome, and every attempt after the first as a retry.
    func recordAWSCall(_ record: AWSCallRecord) {
        awsCalls.increment([record.action, record.outcome])
        if record.attempts > 1 { awsRetries.increment([record.action], by: Double(record.attempts - 1)) }
    }

    /// Observes a step that reached a final outcome (`succeeded`, or `failed` with no retry left).
    func recordStep(_ step: StepName, status: StepStatus, seconds: Double) {
        stepDuration.observe(seconds, [step.rawValue, status.rawValue])
    }
}
