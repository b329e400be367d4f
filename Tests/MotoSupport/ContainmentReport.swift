import Foundation

/// What scripts/moto/check_containment.py saw, decoded loosely (the tests read the parts they check); two reports are
/// equal when nothing the checker describes changed between them.
public struct ContainmentReport: Decodable, Equatable, Sendable {
    /// The suspect instance's protection, tags and network interfaces.
    public struct Instance: Decodable, Equatable, Sendable {
        /// Termination protection (DescribeInstanceAttribute disableApiTermination).
        public var disableApiTermination: Bool
        /// Stop protection (DescribeInstanceAttribute disableApiStop).
        public var disableApiStop: Bool
        /// What an OS-initiated shutdown does ("stop" or "terminate").
        public var shutdownBehavior: String
        /// The instance's tags.
        public var tags: [String: String]
        /// Each network interface's security group IDs.
        public var interfaceGroups: [String: [String]]
    }
    /// One security group rule, flattened.
    public struct Rule: Decodable, Equatable, Sendable {
        /// The IP protocol ("-1" for all).
        public var `protocol`: String
        /// IPv4 CIDR ranges.
        public var ipv4: [String]
        /// IPv6 CIDR ranges.
        public var ipv6: [String]
        /// Source or destination security group IDs.
        public var groups: [String]

        /// Creates a rule.
        public init(protocol: String, ipv4: [String], ipv6: [String], groups: [String]) {
            self.protocol = `protocol`
            self.ipv4 = ipv4
            self.ipv6 = ipv6
            self.groups = groups
        }
    }
    /// One of Cordon's isolation groups (tagged `cordon:role`).
    public struct Group: Decodable, Equatable, Sendable {
        /// Its ID.
        public var groupId: String
        /// Its tags.
        public var tags: [String: String]
        /// Its inbound rules.
        public var ingress: [Rule]
        /// Its outbound rules.
        public var egress: [Rule]
    }
    /// A snapshot tagged with an incident.
    public struct Snapshot: Decodable, Equatable, Sendable {
        /// Its ID.
        public var snapshotId: String
        /// The volume it was taken of.
        public var volumeId: String
        /// Its description.
        public var description: String
        /// Its tags.
        public var tags: [String: String]
    }
    /// A forensic workstation tagged with an incident.
    public struct Workstation: Decodable, Equatable, Sendable {
        /// Its instance ID.
        public var instanceId: String
        /// The AMI it was launched from.
        public var imageId: String
        /// Its subnet.
        public var subnetId: String?
        /// Its security group IDs.
        public var groups: [String]
    }
    /// A volume tagged with an incident.
    public struct Volume: Decodable, Equatable, Sendable {
        /// Its ID.
        public var volumeId: String
        /// The snapshot it was created from.
        public var snapshotId: String?
        /// The instances it is attached to.
        public var attachedTo: [String]
    }
    /// The resources tagged `cordon:incident=<id>`.
    public struct IncidentResources: Decodable, Equatable, Sendable {
        /// Its snapshots.
        public var snapshots: [Snapshot]
        /// Its forensic workstations (not terminated).
        public var workstations: [Workstation]
        /// Its volumes.
        public var volumes: [Volume]
    }
    /// How many resources of each kind the region holds (instances not terminated).
    public struct Counts: Decodable, Equatable, Sendable {
        /// Snapshots owned by the account.
        public var snapshots: Int
        /// Instances not terminated.
        public var instances: Int
        /// EBS volumes.
        public var volumes: Int
        /// Security groups.
        public var securityGroups: Int

        /// Creates counts (to state what a test expects).
        public init(snapshots: Int, instances: Int, volumes: Int, securityGroups: Int) {
            self.snapshots = snapshots
            self.instances = instances
            self.volumes = volumes
            self.securityGroups = securityGroups
        }
    }
    /// An IAM policy document, as the checker printed it.
    public struct PolicyDocument: Decodable, Equatable, Sendable {
        /// One statement.
        public struct Statement: Decodable, Equatable, Sendable {
            /// "Allow" or "Deny".
            public var Effect: String
            /// The actions.
            public var Action: [String]
            /// The resources.
            public var Resource: [String]
            /// Condition operator -> key -> value.
            public var Condition: [String: [String: String]]
        }
        /// Its statements.
        public var Statement: [Statement]
    }

    /// The suspect instance.
    public var instance: Instance
    /// The Auto Scaling groups the instance is in.
    public var autoScalingGroups: [String]
    /// The instances the fixture's Auto Scaling group holds now (replacements launched after the detach).
    public var autoScalingGroupInstances: [String]
    /// The instances registered with the fixture's classic ELB.
    public var classicLoadBalancerInstances: [String]
    /// The targets registered with the fixture's target group, with the port each is registered on.
    public var targetGroupTargets: [String: Int]
    /// Cordon's isolation groups in the fixture's VPC, by role ("quarantine", "untracking").
    public var isolationGroups: [String: Group]
    /// Per incident ID, the resources tagged with it.
    public var incidents: [String: IncidentResources]
    /// The fixture user's access keys and their status.
    public var accessKeyStatus: [String: String]
    /// The fixture user's inline policies by name.
    public var userPolicies: [String: PolicyDocument]
    /// The fixture user's tags.
    public var userTags: [String: String]
    /// Resource counts in the fixture's region.
    public var counts: Counts

    /// Runs the checker against the fixture for these incidents.
    public static func check(_ url: URL, fixtureFile: URL, incidents: [String]) throws -> ContainmentReport {
        let data = try runMotoScript("check_containment.py", [url.absoluteString, fixtureFile.path] + incidents)
        return try JSONDecoder().decode(ContainmentReport.self, from: data)
    }
}
