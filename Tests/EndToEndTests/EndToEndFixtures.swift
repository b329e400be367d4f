import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MotoSupport
import Testing

// Shared helpers of the end-to-end tests: the real `cordon` binary as a subprocess, the delay proxy in front of
// moto, the sample events rewritten for a fixture, and a loose view of the incidents API's JSON. The tests see
// Cordon only through HTTP and AWS only through scripts/moto/check_containment.py.

/// Why an end-to-end test could not go on: cordon missing or not starting, an unexpected answer, a deadline.
struct EndToEndError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The admin token every test's cordon is started with (CORDON_BOOTSTRAP_TOKEN needs 22+ characters).
let endToEndToken = "end-to-end-admin-token-0123456789"

/// The directory of the running test executable, where `swift test` also builds the `cordon` product.
let cordonBinary: URL = {
    let executable = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    return executable.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("cordon")
}()

/// A fresh fixture in its own region of the shared moto, so each test counts only its own resources, with a
/// scratch directory for its JSON, Cordon's data and logs.
struct EndToEndEnvironment {
    let moto: URL
    let fixture: MotoFixture
    let fixtureFile: URL
    let scratch: URL

    /// Builds the fixture in `region` (one region per test keeps the region-wide counts the test's own).
    init(region: String) async throws {
        moto = try await MotoServer.open.url()
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cordon-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        fixtureFile = scratch.appendingPathComponent("fixture.json")
        fixture = try MotoFixture.build(at: moto, file: fixtureFile, region: region)
    }

    /// What the checker sees now, for these incidents.
    func report(_ incidents: [String] = []) throws -> ContainmentReport {
        try ContainmentReport.check(moto, fixtureFile: fixtureFile, incidents: incidents)
    }

    /// Starts cordon on `dataDirectory` against `endpoint` (moto itself unless a proxy is given), configured for
    /// this fixture's forensic workstation, and waits until it listens.
    func startCordon(dataDirectory: URL, endpoint: URL? = nil) async throws -> CordonProcess {
        let aws = (endpoint ?? moto).absoluteString
        return try await CordonProcess.start(dataDirectory: dataDirectory, log: scratch, environment: [
            "AWS_ENDPOINT_URL": aws.hasSuffix("/") ? String(aws.dropLast()) : aws,
            "AWS_REGION": fixture.region,
            "AWS_ACCESS_KEY_ID": "AKIDCORDONE2E",
            "AWS_SECRET_ACCESS_KEY": "cordon-e2e-secret",
            "CORDON_BOOTSTRAP_TOKEN": endToEndToken,
            "CORDON_RESPONDER": "e2e",
            "CORDON_FORENSIC_AMI": fixture.forensicAmiId,
            "CORDON_FORENSIC_SUBNET": fixture.forensicSubnetId,
            "CORDON_FORENSIC_SECURITY_GROUP": fixture.forensicSecurityGroupId,
            "CORDON_FORENSIC_INSTANCE_TYPE": "t3.medium",
        ])
    }

    /// The GuardDuty sample (EventBridge shape) about the fixture's instance, severity 8, in its region.
    func guardDutyFinding(id: String) throws -> Data {
        var event = try sampleEvent("guardduty/eventbridge_cloud_custodian/ec2-duty-event.json")
        guard var detail = event["detail"] as? [String: Any], var resource = detail["resource"] as? [String: Any],
              var instance = resource["instanceDetails"] as? [String: Any] else {
            throw EndToEndError("the GuardDuty sample has no detail.resource.instanceDetails")
        }
        instance["instanceId"] = fixture.instanceId
        resource["instanceDetails"] = instance
        detail["resource"] = resource
        detail["severity"] = 8
        detail["id"] = id
        detail["region"] = fixture.region
        detail["updatedAt"] = ISO8601DateFormatter().string(from: Date())
        event["detail"] = detail
        event["region"] = fixture.region
        return try JSONSerialization.data(withJSONObject: event)
    }

    /// The Trusted Advisor "Exposed Access Keys" sample naming the fixture's key and user.
    func exposedKeyEvent() throws -> Data {
        let url = Self.events.appendingPathComponent("health/trusted_advisor_tools/Exposed_Access_Keys__from_README.json")
        let text = try String(contentsOf: url, encoding: .utf8)
            .replacingOccurrences(of: "ACCESS_KEY_ID_HERE", with: fixture.accessKeyId)
            .replacingOccurrences(of: "\"test-user\"", with: "\"\(fixture.userName)\"")
            .replacingOccurrences(of: "\"us-east-1\"", with: "\"\(fixture.region)\"")
        return Data(text.utf8)
    }

    /// ../shared/testdata/events, next to the package.
    static let events = responderPackageRoot.deletingLastPathComponent().appendingPathComponent("shared/testdata/events")

    private func sampleEvent(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: Self.events.appendingPathComponent(path))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw EndToEndError("\(path) is not a JSON object")
        }
        return object
    }
}

/// A running `cordon` on a loopback port chosen by the kernel, with the admin token.
struct CordonProcess {
    let process: WatchedProcess
    let url: URL

    /// Starts the binary with `--port 0` and reads the port from its "started" log line (written to a new file
    /// in `log`, so a restart's line is never taken for the previous one's).
    static func start(dataDirectory: URL, log: URL, environment: [String: String]) async throws -> CordonProcess {
        guard FileManager.default.isExecutableFile(atPath: cordonBinary.path) else {
            throw EndToEndError("no cordon binary at \(cordonBinary.path): run `swift build --build-tests` (swift test builds it)")
        }
        let logFile = log.appendingPathComponent("cordon-\(UUID().uuidString).log")
        let process = try WatchedProcess(cordonBinary.path, ["--host", "127.0.0.1", "--port", "0", "--data-dir", dataDirectory.path],
                                         environment: environment, log: logFile)
        // Recovery runs before the port opens, so this also waits for the journal replay.
        for _ in 0..<600 {
            let lines = FileManager.default.contents(atPath: logFile.path).map { String(decoding: $0, as: UTF8.self) } ?? ""
            if let line = lines.split(separator: "\n").first(where: { $0.contains("\"msg\":\"started\"") }),
               let port = line.firstMatch(of: /"port":(\d+)/)?.output.1 {
                return CordonProcess(process: process, url: URL(string: "http://127.0.0.1:\(port)")!)
            }
            guard process.isRunning else { throw EndToEndError("cordon exited at start:\n\(lines)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw EndToEndError("cordon did not report its port in 30 s")
    }

    /// Sends a request with the admin token; answers the status and body.
    func send(_ method: String, _ path: String, body: Data? = nil) async throws -> (status: Int, body: Data) {
        var request = URLRequest(url: url.appendingPathComponent(path))
        request.httpMethod = method
        request.setValue("Bearer \(endToEndToken)", forHTTPHeaderField: "Authorization")
        if let body {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = body
        }
        request.timeoutInterval = 30
        let (data, response) = try await URLSession.shared.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw EndToEndError("\(method) \(path): not an HTTP answer") }
        return (http.statusCode, data)
    }

    /// POSTs an event to /v1/events and answers its receipt; a non-202 answer is an error.
    func postEvent(_ event: Data) async throws -> Receipt {
        let (status, body) = try await send("POST", "v1/events", body: event)
        guard status == 202 else { throw EndToEndError("POST /v1/events answered \(status): \(String(decoding: body, as: UTF8.self))") }
        return try JSONDecoder().decode(Receipt.self, from: body)
    }

    /// POSTs an action (contain, forensics, close, release) to an incident; a non-202 answer is an error.
    func act(_ action: String, on incident: String) async throws {
        let (status, body) = try await send("POST", "v1/incidents/\(incident)/actions", body: Data("{\"action\":\"\(action)\"}".utf8))
        guard status == 202 else { throw EndToEndError("\(action) answered \(status): \(String(decoding: body, as: UTF8.self))") }
    }

    /// POSTs /v1/incidents for the instance or access key: with `dryRun`, answers the plan (200, nothing opened);
    /// otherwise the incident it opened (201). `mode` "awaitingApproval" runs only evidence steps until approved.
    func open(_ target: [String: String], reference: String, mode: String = "automatic") async throws -> IncidentView {
        let request = ["target": target, "reference": reference, "mode": mode] as [String: Any]
        let (status, body) = try await send("POST", "v1/incidents", body: try JSONSerialization.data(withJSONObject: request))
        guard status == 201 else { throw EndToEndError("POST /v1/incidents answered \(status): \(String(decoding: body, as: UTF8.self))") }
        return try JSONDecoder().decode(IncidentView.self, from: body)
    }

    /// The plan an incident opened for `target` with `reference` would carry out (POST /v1/incidents, "dryRun": true).
    func dryRun(_ target: [String: String], reference: String) async throws -> PlanView {
        let request = ["target": target, "reference": reference, "dryRun": true] as [String: Any]
        let (status, body) = try await send("POST", "v1/incidents", body: try JSONSerialization.data(withJSONObject: request))
        guard status == 200 else { throw EndToEndError("dry run answered \(status): \(String(decoding: body, as: UTF8.self))") }
        return try JSONDecoder().decode(PlanView.self, from: body)
    }

    /// The incident's plan now (GET /v1/incidents/{id}/plan).
    func plan(_ id: String) async throws -> PlanView {
        let (status, body) = try await send("GET", "v1/incidents/\(id)/plan")
        guard status == 200 else { throw EndToEndError("GET plan of \(id) answered \(status): \(String(decoding: body, as: UTF8.self))") }
        return try JSONDecoder().decode(PlanView.self, from: body)
    }

    /// The incident as the API shows it.
    func incident(_ id: String) async throws -> IncidentView {
        let (status, body) = try await send("GET", "v1/incidents/\(id)")
        guard status == 200 else { throw EndToEndError("GET incident \(id) answered \(status): \(String(decoding: body, as: UTF8.self))") }
        return try JSONDecoder().decode(IncidentView.self, from: body)
    }

    /// Polls the incident until `done` holds (or it failed), for up to `seconds`; a hang guard, not a timing check.
    func wait(for id: String, seconds: Int = 60, until done: (IncidentView) -> Bool) async throws -> IncidentView {
        var last = try await incident(id)
        for _ in 0..<(seconds * 20) {
            if done(last) { return last }
            guard last.status != "failed" else { throw EndToEndError("incident \(id) failed: \(last.stepSummary)") }
            try await Task.sleep(for: .milliseconds(50))
            last = try await incident(id)
        }
        throw EndToEndError("incident \(id) did not get there in \(seconds) s: \(last.status) \(last.stepSummary)")
    }

    /// Kills cordon with SIGKILL, as a crash or an OOM kill would.
    func crash() async throws {
        try await process.kill()
    }
}

/// The 202 receipt of POST /v1/events.
struct Receipt: Decodable {
    struct Opened: Decodable {
        var id: String
        var created: Bool
    }
    var accepted: Int
    var duplicates: Int
    var incidents: [Opened]
}

/// The parts of GET /v1/incidents/{id} the tests read.
struct IncidentView: Decodable {
    struct Step: Decodable {
        var name: String
        var status: String
        var attempts: Int
        var createdResourceIds: [String]
        var error: String?
    }
    struct Signal: Decodable {
        var source: String
        var dedupKey: String
    }
    struct TimelineEntry: Decodable {
        var message: String
    }
    var id: String
    var reference: String
    var status: String
    var playbook: String
    var steps: [Step]
    var signals: [Signal]
    var timeline: [TimelineEntry]

    /// Whether its playbook ran to the end: every step succeeded and the incident `contained` (`released` after the
    /// release playbook).
    func finished(_ playbook: String) -> Bool {
        self.playbook == playbook && status == (playbook == "release" ? "released" : "contained") && !steps.isEmpty
            && steps.allSatisfy { $0.status == "succeeded" }
    }

    /// The step of this name.
    func step(_ name: String) -> Step? {
        steps.first { $0.name == name }
    }

    /// "name=status" for every step, with errors, for failure messages.
    var stepSummary: String {
        steps.map { "\($0.name)=\($0.status)\($0.error.map { " (\($0))" } ?? "")" }.joined(separator: ", ")
    }
}

/// A plan as GET /v1/incidents/{id}/plan and the dry run answer it (openapi.yaml `Plan`), decoded whole.
struct PlanView: Decodable, Equatable {
    struct InterfaceChange: Decodable, Equatable {
        var networkInterfaceId: String
        var vpcId: String
        var currentGroupIds: [String]
        var newGroupIds: [String]
    }
    struct TargetGroup: Decodable, Equatable {
        var targetGroupArn: String
        var port: Int?
    }
    struct PermissionCheck: Decodable, Equatable {
        var action: String
        var resource: String
        var allowed: Bool
        var code: String
    }
    var playbook: String
    var instanceId: String?
    var networkInterfaces: [InterfaceChange]
    var autoScalingGroup: String?
    var classicLoadBalancers: [String]
    var targetGroups: [TargetGroup]
    var volumesToSnapshot: [String]
    var protectInstance: Bool
    var instanceTags: [String: String]
    var accessKeysToDeactivate: [String]
    var userToTag: String?
    var exemption: String?
    var permissionChecks: [PermissionCheck]
    var digest: String
}

/// scripts/moto/delay_proxy.py in front of moto: every AWS call waits `milliseconds` first, so a workflow is slow
/// enough to be killed in the middle.
struct DelayProxy {
    let process: WatchedProcess
    let url: URL

    /// Starts the proxy on a free loopback port and waits until it relays.
    static func start(to moto: URL, milliseconds: Int) async throws -> DelayProxy {
        let port = try freeLoopbackPort()
        let script = responderPackageRoot.appendingPathComponent("scripts/moto/delay_proxy.py").path
        let upstream = moto.absoluteString.hasSuffix("/") ? String(moto.absoluteString.dropLast()) : moto.absoluteString
        let process = try WatchedProcess("/usr/bin/env", ["python3", script, "\(port)", upstream, "\(milliseconds)"])
        let url = URL(string: "http://127.0.0.1:\(port)/")!
        try await waitUntilAnswering(URL(string: "moto-api/", relativeTo: url)!, what: "delay_proxy.py")
        return DelayProxy(process: process, url: url)
    }
}
