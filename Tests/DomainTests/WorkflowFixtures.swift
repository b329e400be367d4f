import Foundation
import Testing
@testable import Domain

// Shared helpers of the incident, playbook and workflow tests: a fake cloud, an in-memory repository,
// a settable clock, a seeded random generator and sample incidents.

/// A fixed instant the tests start from: 2026-11-29T14:40:21Z.
let testEpoch = Date(timeIntervalSince1970: 1_795_963_221)

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    // @unchecked: `current` is only touched under `lock`.
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = testEpoch) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }

    var read: @Sendable () -> Date { { [self] in now } }
}


/// Incidents in memory; can be told to fail saves or to hold a load, and keeps every saved version.
actor InMemoryIncidentRepository: IncidentRepository {
    private var incidents: [String: Incident] = [:]
    private(set) var saves: [Incident] = []
    private var failSaves = false
    private var holdNext = false
    private var held: CheckedContinuation<Void, Never>?
    private var heldWatchers: [CheckedContinuation<Void, Never>] = []

    func save(_ incident: Incident) async throws {
        if failSaves { throw DomainError(.storageFailure, "disk full (test)") }
        incidents[incident.id] = incident
        saves.append(incident)
    }

    func load(id: String) async throws -> Incident? {
        let incident = incidents[id]
        if holdNext {
            // Read now, returned later: what a slow disk read overtaken by other saves hands back.
            holdNext = false
            await withCheckedContinuation { continuation in
                held = continuation
                for watcher in heldWatchers { watcher.resume() }
                heldWatchers.removeAll()
            }
        }
        return incident
    }

    /// Makes the next load read the incident at once but return it only at `releaseHeldLoad()`.
    func holdNextLoad() { holdNext = true }

    /// Returns once a load is being held.
    func waitUntilALoadIsHeld() async {
        if held != nil { return }
        await withCheckedContinuation { heldWatchers.append($0) }
    }

    /// Lets the held load return what it read.
    func releaseHeldLoad() {
        held?.resume()
        held = nil
    }

    func all() async throws -> [Incident] { Array(incidents.values) }

    func setFailSaves(_ value: Bool) { failSaves = value }
}

/// An in-memory cloud: records every call in order, changes its model of the instance and key as the real
/// calls would, counts creations per idempotency token (a repeated token returns what the first call made),
/// and can be told to fail a method.
actor FakeCloudResponder: CloudResponder {
    struct Call: Equatable, Sendable {
        var method: String
        var subject: String
        var token: IdempotencyToken?
    }

    private(set) var calls: [Call] = []
    private(set) var creations: [IdempotencyToken: Int] = [:]
    private(set) var maxInFlight = 0
    private var inFlight = 0
    private var instances: [String: InstanceDescription] = [:]
    private var accessKeys: [String: AccessKeyDescription] = [:]
    private var snapshots: [String: String] = [:]
    private var madeByToken: [IdempotencyToken: CloudEffect] = [:]
    private var failures: [String: (error: DomainError, remaining: Int)] = [:]
    private var counter = 0
    private var detachIsIgnored = false
    private var restoreSkipsAutoScaling = false
    private var quarantineGroups: [String: String] = [:]
    private var subnetZone = "eu-west-1b"

    init(instances: [InstanceDescription] = [], accessKeys: [AccessKeyDescription] = []) {
        for instance in instances { self.instances[instance.instanceId] = instance }
        for key in accessKeys { self.accessKeys[key.accessKeyId] = key }
    }

    /// Makes the next `times` calls of `method` fail with `error`.
    func fail(_ method: String, with error: DomainError, times: Int = .max) {
        failures[method] = (error, times)
    }

    /// Makes DetachInstances answer success while the instance stays in its group (as if never settling).
    func ignoreAutoScalingDetach() { detachIsIgnored = true }

    /// Makes `restoreInstance` leave the Auto Scaling group out, so a release's verification finds it.
    func skipAutoScalingOnRestore() { restoreSkipsAutoScaling = true }

    /// Puts the forensic subnet in another zone than the one the workstation launches in (eu-west-1b).
    func placeSubnet(in zone: String) { subnetZone = zone }

    /// Makes a VPC's quarantine group exist, as a dry run would find it.
    func setQuarantineGroup(_ groupId: String, in vpcId: String) { quarantineGroups[vpcId] = groupId }

    /// Changes the instance's model, e.g. to change what a plan would be.
    func updateInstance(_ id: String, _ change: @Sendable (inout InstanceDescription) -> Void) {
        if var instance = instances[id] {
            change(&instance)
            instances[id] = instance
        }
    }

    func calls(of method: String) -> [Call] { calls.filter { $0.method == method } }

    func instance(_ id: String) -> InstanceDescription? { instances[id] }

    func accessKey(_ id: String) -> AccessKeyDescription? { accessKeys[id] }

    // MARK: CloudResponder

    func describeInstance(_ target: IncidentTarget, in scope: CloudScope) async throws -> InstanceDescription {
        try await enter("describeInstance", target.value, nil)
        defer { inFlight -= 1 }
        let found = instances.values.first { instance in
            instance.instanceId == target.value
                || instance.networkInterfaces.contains { $0.privateIpAddresses.contains(target.value) || $0.publicIp == target.value }
        }
        guard var instance = found else { throw DomainError(.notFound, "no instance \(target.value)") }
        instance.requestIds = [nextId("req")]
        return instance
    }

    func protectInstance(_ instanceId: String, in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect {
        try await enter("protectInstance", instanceId, token)
        defer { inFlight -= 1 }
        instances[instanceId]?.terminationProtection = true
        instances[instanceId]?.stopProtection = true
        instances[instanceId]?.shutdownBehavior = "stop"
        return CloudEffect(requestIds: [nextId("req")])
    }

    func detachFromAutoScalingGroup(_ instanceId: String, group: String, in scope: CloudScope,
                                    token: IdempotencyToken) async throws -> CloudEffect {
        try await enter("detachFromAutoScalingGroup", instanceId, token)
        defer { inFlight -= 1 }
        if !detachIsIgnored { instances[instanceId]?.autoScalingGroupName = nil }
        return CloudEffect(requestIds: [nextId("req")])
    }

    func deregisterFromLoadBalancers(_ instanceId: String, classicLoadBalancers: [String],
                                     targetGroups: [TargetGroupMembership], in scope: CloudScope,
                                     token: IdempotencyToken) async throws -> CloudEffect {
        try await enter("deregisterFromLoadBalancers", instanceId, token)
        defer { inFlight -= 1 }
        instances[instanceId]?.classicLoadBalancers = []
        instances[instanceId]?.targetGroups = []
        return CloudEffect(requestIds: [nextId("req")])
    }

    func ensureIsolationGroups(vpcIds: [String], in scope: CloudScope, token: IdempotencyToken) async throws -> IsolationGroups {
        try await enter("ensureIsolationGroups", vpcIds.joined(separator: ","), token)
        defer { inFlight -= 1 }
        let effect = create(token) {
            CloudEffect(requestIds: [nextId("req")], createdResourceIds: vpcIds.flatMap { _ in [nextId("sg"), nextId("sg")] })
        }
        let pairs = vpcIds.enumerated().map { index, vpc in
            IsolationGroups.Pair(vpcId: vpc, quarantineGroupId: effect.createdResourceIds[2 * index],
                                 untrackingGroupId: effect.createdResourceIds[2 * index + 1])
        }
        return IsolationGroups(pairs: pairs, effect: effect)
    }

    func isolateNetworkInterfaces(_ interfaces: [NetworkInterfaceState], groups: IsolationGroups, in scope: CloudScope,
                                  token: IdempotencyToken) async throws -> CloudEffect {
        try await enter("isolateNetworkInterfaces", interfaces.map(\.networkInterfaceId).joined(separator: ","), token)
        defer { inFlight -= 1 }
        let ids = Set(interfaces.map(\.networkInterfaceId))
        for (id, var instance) in instances {
            for index in instance.networkInterfaces.indices where ids.contains(instance.networkInterfaces[index].networkInterfaceId) {
                let pair = groups.pair(for: instance.networkInterfaces[index].vpcId)
                instance.networkInterfaces[index].securityGroupIds = pair.map { [$0.quarantineGroupId] } ?? []
            }
            instances[id] = instance
        }
        return CloudEffect(requestIds: interfaces.flatMap { _ in [nextId("req"), nextId("req")] })
    }

    func snapshotVolumes(_ volumes: [VolumeState], of instanceId: String, description: String, tags: [String: String],
                         in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect {
        try await enter("snapshotVolumes", description, token)
        defer { inFlight -= 1 }
        return create(token) {
            let ids = volumes.map { _ in nextId("snap") }
            for id in ids { snapshots[id] = "pending" }
            return CloudEffect(requestIds: [nextId("req")], createdResourceIds: ids,
                               outputs: Dictionary(uniqueKeysWithValues: zip(volumes.map(\.volumeId), ids)))
        }
    }

    func tagInstance(_ instanceId: String, tags: [String: String], in scope: CloudScope,
                     token: IdempotencyToken) async throws -> CloudEffect {
        try await enter("tagInstance", instanceId, token)
        defer { inFlight -= 1 }
        instances[instanceId]?.tags.merge(tags) { _, new in new }
        return CloudEffect(requestIds: [nextId("req")])
    }

    func describeSnapshots(_ snapshotIds: [String], in scope: CloudScope) async throws -> SnapshotInventory {
        try await enter("describeSnapshots", snapshotIds.joined(separator: ","), nil)
        defer { inFlight -= 1 }
        return SnapshotInventory(states: snapshots.filter { snapshotIds.contains($0.key) }, requestIds: [nextId("req")])
    }

    func launchForensicWorkstation(_ spec: ForensicWorkstationSpec, tags: [String: String], in scope: CloudScope,
                                   token: IdempotencyToken) async throws -> ForensicWorkstation {
        try await enter("launchForensicWorkstation", spec.imageId, token)
        defer { inFlight -= 1 }
        let effect = create(token) { CloudEffect(requestIds: [nextId("req")], createdResourceIds: [nextId("i")]) }
        return ForensicWorkstation(instanceId: effect.createdResourceIds[0], availabilityZone: "eu-west-1b",
                                   securityGroupIds: spec.securityGroupIds, effect: effect)
    }

    func createVolumes(fromSnapshots snapshotIds: [String], inZoneOfSubnet subnetId: String, tags: [String: String],
                       in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect {
        try await enter("createVolumes", subnetId, token)
        defer { inFlight -= 1 }
        var effect = create(token) {
            CloudEffect(requestIds: [nextId("req")], createdResourceIds: snapshotIds.map { _ in nextId("vol") })
        }
        effect.outputs["availabilityZone"] = subnetZone
        return effect
    }

    func attachVolumes(_ attachments: [VolumeAttachment], to instanceId: String, in scope: CloudScope,
                       token: IdempotencyToken) async throws -> CloudEffect {
        try await enter("attachVolumes", attachments.map { "\($0.volumeId)@\($0.device)" }.joined(separator: ","), token)
        defer { inFlight -= 1 }
        return CloudEffect(requestIds: attachments.map { _ in nextId("req") })
    }

    func authorizeForensicAccess(from workstationGroupIds: [String], into quarantineGroupIds: [String],
                                 in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect {
        try await enter("authorizeForensicAccess", quarantineGroupIds.joined(separator: ","), token)
        defer { inFlight -= 1 }
        return CloudEffect(requestIds: [nextId("req")])
    }

    func describeAccessKey(_ accessKeyId: String, in scope: CloudScope) async throws -> AccessKeyDescription {
        try await enter("describeAccessKey", accessKeyId, nil)
        defer { inFlight -= 1 }
        guard var key = accessKeys[accessKeyId] else { throw DomainError(.notFound, "no access key \(accessKeyId)") }
        key.requestIds = [nextId("req")]
        return key
    }

    func deactivateAccessKey(_ accessKeyId: String, userName: String, in scope: CloudScope,
                             token: IdempotencyToken) async throws -> CloudEffect {
        try await enter("deactivateAccessKey", accessKeyId, token)
        defer { inFlight -= 1 }
        accessKeys[accessKeyId]?.status = "Inactive"
        return CloudEffect(requestIds: [nextId("req")])
    }

    func revokeSessions(userName: String, issuedBefore: Date, in scope: CloudScope,
                        token: IdempotencyToken) async throws -> CloudEffect {
        try await enter("revokeSessions", userName, token)
        defer { inFlight -= 1 }
        return CloudEffect(requestIds: [nextId("req")], outputs: ["issuedBefore": "\(issuedBefore.timeIntervalSince1970)"])
    }

    func tagUser(_ userName: String, tags: [String: String], in scope: CloudScope,
                 token: IdempotencyToken) async throws -> CloudEffect {
        try await enter("tagUser", userName, token)
        defer { inFlight -= 1 }
        return CloudEffect(requestIds: [nextId("req")])
    }

    func dryRunContainment(of instance: InstanceDescription, in scope: CloudScope) async throws -> ContainmentDryRun {
        try await enter("dryRunContainment", instance.instanceId, nil)
        defer { inFlight -= 1 }
        let checks = instance.networkInterfaces.map {
            PermissionCheck(action: "ModifyNetworkInterfaceAttribute", resource: $0.networkInterfaceId, allowed: true,
                            code: "DryRunOperation")
        }
        return ContainmentDryRun(quarantineGroupIds: quarantineGroups, permissionChecks: checks, requestIds: [nextId("req")])
    }

    func restoreInstance(_ prior: InstanceDescription, in scope: CloudScope, token: IdempotencyToken) async throws -> CloudEffect {
        try await enter("restoreInstance", prior.instanceId, token)
        defer { inFlight -= 1 }
        guard var instance = instances[prior.instanceId] else { throw DomainError(.notFound, "no instance \(prior.instanceId)") }
        for index in instance.networkInterfaces.indices {
            let id = instance.networkInterfaces[index].networkInterfaceId
            if let was = prior.networkInterfaces.first(where: { $0.networkInterfaceId == id }) {
                instance.networkInterfaces[index].securityGroupIds = was.securityGroupIds
            }
        }
        instance.terminationProtection = prior.terminationProtection ?? instance.terminationProtection
        instance.stopProtection = prior.stopProtection ?? instance.stopProtection
        instance.shutdownBehavior = prior.shutdownBehavior ?? instance.shutdownBehavior
        if !restoreSkipsAutoScaling { instance.autoScalingGroupName = prior.autoScalingGroupName }
        instance.classicLoadBalancers = prior.classicLoadBalancers
        instance.targetGroups = prior.targetGroups
        instances[prior.instanceId] = instance
        return CloudEffect(requestIds: [nextId("req")])
    }

    // MARK: Mechanics

    /// Records the call, lets other calls interleave (so concurrency is observable), then fails if told to.
    private func enter(_ method: String, _ subject: String, _ token: IdempotencyToken?) async throws {
        calls.append(Call(method: method, subject: subject, token: token))
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        await Task.yield()
        if let failure = failures[method], failure.remaining > 0 {
            failures[method] = (failure.error, failure.remaining - 1)
            inFlight -= 1
            throw failure.error
        }
    }

    /// Creates once per token: a repeated token returns what the first call made (ClientToken semantics).
    private func create(_ token: IdempotencyToken, _ make: () -> CloudEffect) -> CloudEffect {
        if let made = madeByToken[token] { return made }
        let made = make()
        madeByToken[token] = made
        creations[token, default: 0] += 1
        return made
    }

    private func nextId(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)-\(String(format: "%08x", counter))"
    }
}

/// Sample data.
enum Sample {
    /// An instance with two ENIs, two volumes, an ASG, a classic ELB and a target group.
    static func instance(_ id: String = "i-0abc1234def567890", ip: String = "10.0.1.10") -> InstanceDescription {
        InstanceDescription(
            instanceId: id, state: "running", availabilityZone: "eu-west-1a", instanceType: "t3.micro",
            networkInterfaces: [
                NetworkInterfaceState(networkInterfaceId: "eni-\(id.suffix(6))a", vpcId: "vpc-1", deviceIndex: 0,
                                      securityGroupIds: ["sg-web"], privateIpAddresses: [ip]),
                NetworkInterfaceState(networkInterfaceId: "eni-\(id.suffix(6))b", vpcId: "vpc-1", deviceIndex: 1,
                                      securityGroupIds: ["sg-admin", "sg-web"], ipv6Addresses: ["2001:db8::1"]),
            ],
            volumes: [VolumeState(volumeId: "vol-\(id.suffix(6))1", deviceName: "/dev/xvda"),
                      VolumeState(volumeId: "vol-\(id.suffix(6))2", deviceName: "/dev/xvdb")],
            autoScalingGroupName: "web-asg", classicLoadBalancers: ["web-elb"],
            targetGroups: [TargetGroupMembership(
                targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/web/1", port: 80)])
    }

    static let accessKey = AccessKeyDescription(
        accessKeyId: "AKIAIOSFODNN7EXAMPLE", userName: "ci-deployer", status: "Active",
        lastUsedAt: testEpoch - 3600, lastUsedService: "s3", lastUsedRegion: "eu-west-1")

    static let workstation = ForensicWorkstationSpec(
        imageId: "ami-forensic", subnetId: "subnet-forensic", securityGroupIds: ["sg-forensic"],
        instanceType: "m5.large", keyName: "ir")

    static func incident(_ target: IncidentTarget, playbook: PlaybookName, mode: IncidentMode = .automatic,
                         id: String = "inc-20261129T144021Z-0000abcd") -> Incident {
        Incident(id: id, reference: "IR-42", target: target, region: "eu-west-1", playbook: playbook, mode: mode,
                 openedBy: "test", at: testEpoch)
    }
}

/// An engine over a fake cloud and an in-memory repository.
struct EngineHarness {
    let cloud: FakeCloudResponder
    let repository: InMemoryIncidentRepository
    let clock = TestClock()
    let engine: WorkflowEngine

    init(cloud: FakeCloudResponder, repository: InMemoryIncidentRepository = InMemoryIncidentRepository(),
         maxConcurrent: Int = 8, retryPolicy: RetryPolicy = RetryPolicy()) {
        self.cloud = cloud
        self.repository = repository
        let clock = clock
        let budget = CloudCallBudget(maxConcurrent: maxConcurrent, perSecond: 1000, clock: clock.read,
                                     sleep: { clock.advance(by: $0) })
        engine = WorkflowEngine(
            repository: repository, responder: cloud, budget: budget,
            settings: WorkflowSettings(responderName: "cordon", forensicWorkstation: Sample.workstation, retryPolicy: retryPolicy),
            clock: clock.read)
    }

    /// Saves the incident as opened (version 1), starts it and waits for the run to settle.
    func run(_ opened: Incident) async throws -> Incident {
        var incident = opened
        incident.version += 1
        try await repository.save(incident)
        _ = try await engine.start(incidentId: incident.id, by: "test")
        return try await engine.settled(incidentId: incident.id)
    }
}
