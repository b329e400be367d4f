import FoundationEssentials

/// Where the domain reports what it did, as it happens: the Server writes each `TelemetryEvent` as a JSON log
/// line carrying the incident's ID and feeds its metrics from it (Domain cannot import the Server's logger).
///
/// Called on the workflow engine's and the service's actors after the state it describes is saved, so an
/// implementation must return quickly and never block (a log write, a counter increment).
public protocol DomainTelemetry: Sendable {
    /// Records one event.
    func record(_ event: TelemetryEvent)
}
