extension AWSCloudResponder {
    /// What the operator configures for the AWS adapter.
    public struct Configuration: Sendable, Equatable {
        /// A quarantine security group to use in its VPC instead of finding or creating Cordon's own there.
        public var quarantineSecurityGroupId: String?
        /// The role to assume in an incident's account, e.g. "CordonResponder" for
        /// `arn:aws:iam::<account>:role/CordonResponder`; nil acts with the default credentials in every account.
        public var crossAccountRoleName: String?
        /// The role session name, visible in the target account's CloudTrail.
        public var roleSessionName: String
        /// The most calls one method makes at once (every ENI, every volume); the client's retry quota still applies.
        public var maxConcurrentCalls: Int

        /// Creates a configuration.
        public init(quarantineSecurityGroupId: String? = nil, crossAccountRoleName: String? = nil,
                    roleSessionName: String = AssumeRoleCredentialProvider.sessionName(forIncident: "responder"),
                    maxConcurrentCalls: Int = 8) {
            self.quarantineSecurityGroupId = quarantineSecurityGroupId
            self.crossAccountRoleName = crossAccountRoleName
            self.roleSessionName = roleSessionName
            self.maxConcurrentCalls = maxConcurrentCalls
        }

        /// The role ARN to assume in `account` (in the region's partition), or nil when no role is configured.
        public func roleArn(inAccount account: String, region: String) -> String? {
            guard let name = crossAccountRoleName, !name.isEmpty else { return nil }
            return "arn:\(AWSPartition(region: region).rawValue):iam::\(account):role/\(name)"
        }
    }
}
