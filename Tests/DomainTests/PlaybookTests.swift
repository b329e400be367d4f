import Testing
@testable import Domain

@Suite struct PlaybookTests {
    @Test(arguments: PlaybookName.allCases)
    func everyNeedNamesAnEarlierStep(name: PlaybookName) {
        let playbook = Playbook.named(name)
        var seen: Set<StepName> = []
        for step in playbook.steps {
            #expect(step.needs.allSatisfy(seen.contains), "\(step.name) needs a later or unknown step")
            #expect(!seen.contains(step.name), "\(step.name) appears twice")
            seen.insert(step.name)
        }
    }

    @Test(arguments: [PlaybookName.containInstance, .forensics, .containAccessKey])
    func verificationIsLastAndNeedsEveryStepButTheTag(name: PlaybookName) throws {
        let playbook = Playbook.named(name)
        let last = try #require(playbook.steps.last)
        #expect(last.kind == .verification)
        #expect(Set(last.needs) == Set(playbook.steps.dropLast().map(\.name)).subtracting([.tagInstance]))
        #expect(playbook.steps.filter { $0.kind == .verification }.count == 1)
    }

    @Test(arguments: [PlaybookName.containInstance, .forensics])
    func theQuarantineTagWaitsForIsolation(name: PlaybookName) throws {
        #expect(try #require(Playbook.named(name).step(.tagInstance)).needs == [.isolateNetworkInterfaces])
    }

    @Test(arguments: [PlaybookName.containInstance, .forensics])
    func isolationWaitsForAutoScalingAndLoadBalancers(name: PlaybookName) throws {
        let isolate = try #require(Playbook.named(name).step(.isolateNetworkInterfaces))
        #expect(Set(isolate.needs).isSuperset(of: [.detachFromAutoScaling, .deregisterFromLoadBalancers, .prepareIsolationGroups]))
        let snapshot = try #require(Playbook.named(name).step(.snapshotVolumes))
        #expect(snapshot.kind == .evidence)
        #expect(snapshot.needs == [.captureInstance], "snapshots run in parallel with isolation")
    }

    @Test func forensicVolumesAreCreatedAlongsideTheLaunchAndAttachedAfterBoth() throws {
        let playbook = Playbook.named(.forensics)
        #expect(try #require(playbook.step(.createForensicVolumes)).needs == [.snapshotVolumes])
        #expect(Set(try #require(playbook.step(.attachForensicVolumes)).needs)
                == [.createForensicVolumes, .launchForensicWorkstation])
    }

    @Test func forensicsIncludesContainmentAndTheSeedRunbookSteps() {
        let forensics = Set(Playbook.named(.forensics).steps.map(\.name))
        #expect(forensics.isSuperset(of: Playbook.named(.containInstance).steps.map(\.name)))
        #expect(forensics.isSuperset(of: [.launchForensicWorkstation, .createForensicVolumes, .attachForensicVolumes,
                                          .authorizeForensicAccess]))
        #expect(Playbook.named(.triage).steps.isEmpty)
    }

    @Test(arguments: [
        (PlaybookName.containInstance, IncidentTarget.instanceId("i-1"), true),
        (.containInstance, .ipAddress("10.0.0.1"), true),
        (.containInstance, .accessKeyId("AKIA1"), false),
        (.forensics, .accessKeyId("AKIA1"), false),
        (.containAccessKey, .accessKeyId("AKIA1"), true),
        (.containAccessKey, .instanceId("i-1"), false),
        (.triage, .accessKeyId("AKIA1"), true),
    ])
    func playbooksAcceptTheirTargets(name: PlaybookName, target: IncidentTarget, accepted: Bool) {
        #expect(Playbook.named(name).accepts(target) == accepted)
    }
}
