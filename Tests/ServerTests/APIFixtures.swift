import Domain
import Foundation
import Synchronization
import Testing
@testable import Server

/// Shared helpers for the API's tests: a fake `IncidentOperations`, a request builder that goes through the
/// router's pre-body hook as the engine does, and readers for JSON and problem bodies.
enum APIFixtures {
    /// The fixed clock of every API test: 2026-11-29T15:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_795_964_400)

    /// A fake domain: incidents in memory, a configurable receipt, and an error every call throws when set.
    actor FakeOperations: IncidentOperations {
        /// Thrown by every call when set.
        var failure: (any Error)?
        /// What `ingest` answers.
        var receipt = IngestReceipt(accepted: 2, duplicates: 1, incidents: [IncidentReference(id: "inc-20261129T150000Z-00000001", created: true)])
        /// Incidents by ID.
        private(set) var incidents: [String: Incident] = [:]
        /// Incident ID by idempotency key.
        private var keys: [String: String] = [:]
        /// What `ingest` was given: format and body.
        private(set) var ingested: [(EventFormat, Data)] = []
        /// What `incidents(status:limit:after:)` was given.
        private(set) var pageRequests: [(IncidentStatus?, Int, String?)] = []
        /// The actor (name and role) each `open`, `perform`, dry run and approval ran for.
        private(set) var actors: [AuditActor] = []

        /// Sets the error every call throws.
        func fail(with error: (any Error)?) { failure = error }

        /// Sets the ingest receipt.
        func answer(_ receipt: IngestReceipt) { self.receipt = receipt }

        /// Stores an incident as if it had been opened earlier.
        func seed(_ incident: Incident) { incidents[incident.id] = incident }

        func ingest(_ body: Data, format: EventFormat, receivedAt: Date) async throws -> IngestReceipt {
            if let failure { throw failure }
            ingested.append((format, body))
            return receipt
        }

        func open(_ request: OpenIncidentRequest, idempotencyKey: String?, by actor: AuditActor) async throws -> OpenedIncident {
            if let failure { throw failure }
            actors.append(actor)
            if let idempotencyKey, let id = keys[idempotencyKey], let existing = incidents[id] {
                return OpenedIncident(incident: existing, created: false)
            }
            let id = String(format: "inc-20261129T150000Z-%08x", incidents.count + 1)
            let incident = Incident(id: id, reference: request.reference, target: request.target, region: request.region ?? "us-east-1",
                                    account: request.account, playbook: request.playbook ?? .containInstance,
                                    mode: request.mode ?? .automatic, idempotencyKey: idempotencyKey, openedBy: actor.name, at: APIFixtures.now)
            incidents[id] = incident
            if let idempotencyKey { keys[idempotencyKey] = id }
            return OpenedIncident(incident: incident, created: true)
        }

        func incident(id: String) async throws -> Incident {
            if let failure { throw failure }
            guard let incident = incidents[id] else { throw DomainError(.notFound, "No incident has the ID \(id).") }
            return incident
        }

        func incidents(status: IncidentStatus?, limit: Int, after cursor: String?) async throws -> IncidentPage {
            if let failure { throw failure }
            pageRequests.append((status, limit, cursor))
            let matching = incidents.values.filter { status == nil || $0.status == status }.sorted { $0.id > $1.id }
            return IncidentPage(items: Array(matching.prefix(limit)), nextCursor: matching.count > limit ? "next-\(limit)" : nil)
        }

        func perform(_ action: IncidentAction, on incidentId: String, by actor: AuditActor) async throws -> Incident {
            if let failure { throw failure }
            guard var incident = incidents[incidentId] else { throw DomainError(.notFound, "No incident has the ID \(incidentId).") }
            guard incident.status != .closed else { throw DomainError(.conflict, "Incident \(incidentId) is closed.") }
            actors.append(actor)
            incident.status = switch action {
            case .close: .closed
            case .release: .released
            case .contain, .forensics: .containing
            }
            incidents[incidentId] = incident
            return incident
        }

        func plan(incidentId: String) async throws -> Plan {
            if let failure { throw failure }
            guard let incident = incidents[incidentId] else { throw DomainError(.notFound, "No incident has the ID \(incidentId).") }
            return try APIFixtures.plan(incident.target)
        }

        func plan(for request: OpenIncidentRequest, by actor: AuditActor) async throws -> Plan {
            if let failure { throw failure }
            actors.append(actor)
            return try APIFixtures.plan(request.target)
        }

        func approve(incidentId: String, planDigest: String, by actor: AuditActor) async throws -> Incident {
            if let failure { throw failure }
            guard var incident = incidents[incidentId] else { throw DomainError(.notFound, "No incident has the ID \(incidentId).") }
            guard planDigest == (try APIFixtures.plan(incident.target)).digest else {
                throw DomainError(.conflict, "the plan changed")
            }
            actors.append(actor)
            incident.approvals = (incident.approvals ?? []) + [Approval(actor: actor, planDigest: planDigest, approvedAt: APIFixtures.now,
                                                                        expiresAt: APIFixtures.now + 3600)]
            incidents[incidentId] = incident
            return incident
        }
    }

    /// The plan the fake answers for a target: nothing planned, digested with the live hash.
    static func plan(_ target: IncidentTarget) throws -> Plan {
        try Plan(target: target, playbook: .containInstance).digested(with: AuditVerifyCommand.hash)
    }

    /// Log lines a test can read.
    final class LogLines: Sendable {
        private let storage = Mutex<[String]>([])
        /// Appends one batch.
        func append(_ bytes: [UInt8]) { storage.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
        /// Everything logged.
        var all: [String] { storage.withLock { $0 } }
    }

    /// An incident as the fake opens it.
    static func incident(_ id: String = "inc-20261129T140000Z-0000abcd", status: IncidentStatus = .open) -> Incident {
        var incident = Incident(id: id, target: .instanceId("i-0123456789abcdef0"), region: "eu-west-1",
                                playbook: .containInstance, openedBy: "alice", at: now)
        incident.status = status
        return incident
    }

    /// The API over `operations`, logging into `lines`.
    static func router(_ operations: FakeOperations, ready: Bool = true, lines: LogLines = LogLines()) -> Router {
        let logger = JSONLineLogger(minimumLevel: .info, clock: { 0 }, sink: lines.append)
        return CordonAPI(operations: operations, isReady: { ready }, now: { now }, logger: logger).router()
    }

    /// Sends a request through `router` as the engine would: the pre-body hook first (its refusal is the answer,
    /// and so is a body over the limit it set), then the handler.
    static func send(_ router: Router, _ method: HTTPMethod, _ target: String, body: String? = nil,
                     headers: HTTPHeaders = ["Host": "cordon"]) async -> HTTPResponse {
        let bytes = body.map { Data($0.utf8) } ?? Data()
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let head = HTTPRequestHead(method: method, target: target, path: String(parts[0]), query: parts.count > 1 ? String(parts[1]) : nil,
                                   version: .http11, headers: headers, framing: body == nil ? .none : .length(bytes.count))
        switch router.admit(head) {
        case .refuse(let response):
            return response
        case .proceed(let limit):
            if let limit, bytes.count > limit { return .problem(.contentTooLarge, detail: "over the route limit") }
        }
        return await router.respond(to: HTTPRequest(head: head, body: bytes, requestID: "req-1"))
    }

    /// Runs blocking socket work on a Dispatch thread: blocking a thread of Swift's cooperative pool (two on a
    /// two-core machine) would starve the server's own request tasks.
    static func offThePool<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The body as a JSON object.
    static func object(_ response: HTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
    }

    /// The body as a problem, after checking its media type and that its status matches the response's.
    static func problem(_ response: HTTPResponse) throws -> ProblemDetails {
        #expect(response.headers["Content-Type"] == "application/problem+json")
        let problem = try JSONDecoder().decode(ProblemDetails.self, from: response.body)
        #expect(problem.status == response.status.code)
        return problem
    }

    /// The path of a sample event under `../shared/testdata/events/`, found from this file (CI runs from a fresh
    /// clone next to a copy of shared/).
    static func sampleEvent(_ relativePath: String) throws -> Data {
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try Data(contentsOf: package.appendingPathComponent("../shared/testdata/events/\(relativePath)"))
    }
}
