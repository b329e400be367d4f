import FoundationEssentials

/// What the API layer asks of Cordon's domain: take events in, open incidents, read them, act on them.
///
/// `IncidentService` is the live implementation; API tests use a small fake.
public protocol IncidentOperations: Sendable {
    /// Decodes one POSTed document of `format`, journals it durably, and applies the rules to its new signals.
    /// Throws `.invalidInput` / `.unknownEventShape` (nothing journaled) or `.storageFailure` (nothing acknowledged).
    func ingest(_ body: Data, format: EventFormat, receivedAt: Date) async throws -> IngestReceipt

    /// Opens an incident and starts its workflow (awaiting approval, only its evidence steps run). A request
    /// repeated with the same idempotency key returns the incident the first one opened, with `created == false`;
    /// the same key with a different request is a `.conflict`, and so is a target with an incident not closed.
    /// `actor` (name and role) is recorded in the audit log; its name in the incident's timeline.
    func open(_ request: OpenIncidentRequest, idempotencyKey: String?, by actor: AuditActor) async throws -> OpenedIncident

    /// The incident with this ID; throws `.notFound`.
    func incident(id: String) async throws -> Incident

    /// Incidents, newest first, optionally only those in `status`; `cursor` is a page's `nextCursor`.
    func incidents(status: IncidentStatus?, limit: Int, after cursor: String?) async throws -> IncidentPage

    /// Runs an action on an incident and returns it once the action's first effects are saved.
    /// Throws `.notFound`, or `.conflict` when the incident's state does not allow the action.
    func perform(_ action: IncidentAction, on incidentId: String, by actor: AuditActor) async throws -> Incident

    /// The plan the incident's playbook would carry out now, from a fresh describe and EC2 dry runs; changes nothing.
    func plan(incidentId: String) async throws -> Plan

    /// The plan an incident opened with this request would carry out now (`"dryRun": true`); opens nothing.
    func plan(for request: OpenIncidentRequest, by actor: AuditActor) async throws -> Plan

    /// Records `actor`'s approval of the plan with this digest. Throws `.conflict` when the incident does not await
    /// approval, the actor requested it, or the current plan has another digest (re-plan and review it).
    func approve(incidentId: String, planDigest: String, by actor: AuditActor) async throws -> Incident
}
