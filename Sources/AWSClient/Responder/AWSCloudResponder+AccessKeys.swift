import Domain
import FoundationEssentials

extension AWSCloudResponder {
    /// The inline policy that revokes older sessions; one name per user, so a later revocation replaces an earlier
    /// one with a later cut-off rather than piling up.
    static let revocationPolicyName = "CordonRevokeOlderSessions"

    /// GetAccessKeyLastUsed names the key's user and its last use; ListAccessKeys of that user gives its status and
    /// creation time.
    public func describeAccessKey(_ accessKeyId: String, in scope: CloudScope) async throws -> AccessKeyDescription {
        try await mapped("describeAccessKey") {
            let iam = IAMClient(client: await client(for: scope))
            let lastUsed = try await iam.getAccessKeyLastUsed(accessKeyId: accessKeyId)
            guard let userName = lastUsed.userName, !userName.isEmpty else {
                throw DomainError(.notFound, "describeAccessKey: \(accessKeyId) belongs to no IAM user (a root key?)")
            }
            let keys = try await iam.listAccessKeys(userName: userName)
            guard let key = keys.items.first(where: { $0.accessKeyId == accessKeyId }) else {
                throw DomainError(.notFound, "describeAccessKey: \(accessKeyId) is not among \(userName)'s keys")
            }
            return AccessKeyDescription(
                accessKeyId: accessKeyId, userName: userName, status: key.status, createdAt: key.createDate.flatMap(AWSTimestamp.parse),
                lastUsedAt: lastUsed.lastUsedDate.flatMap(AWSTimestamp.parse),
                lastUsedService: lastUsed.serviceName.flatMap { $0 == "N/A" ? nil : $0 },
                lastUsedRegion: lastUsed.region.flatMap { $0 == "N/A" ? nil : $0 },
                requestIds: [lastUsed.requestId] + keys.requestIds)
        }
    }

    /// UpdateAccessKey Status=Inactive: sets a state, so deactivating an inactive key succeeds as a no-op. Never deletes.
    public func deactivateAccessKey(_ accessKeyId: String, userName: String, in scope: CloudScope,
                                    token: IdempotencyToken) async throws -> CloudEffect {
        try await mapped("deactivateAccessKey") {
            let iam = IAMClient(client: await client(for: scope))
            let answer = try await iam.updateAccessKey(userName: userName, accessKeyId: accessKeyId, status: "Inactive")
            return CloudEffect(requestIds: [answer.requestId], outputs: ["status": "Inactive"])
        }
    }

    /// PutUserPolicy with Deny * on * where `aws:TokenIssueTime` is before the cut-off (IAM User Guide, "Revoking IAM
    /// role temporary security credentials"; the same condition revokes a user's GetSessionToken sessions).
    public func revokeSessions(userName: String, issuedBefore: Date, in scope: CloudScope,
                               token: IdempotencyToken) async throws -> CloudEffect {
        try await mapped("revokeSessions") {
            let iam = IAMClient(client: await client(for: scope))
            let document = Self.revocationPolicy(issuedBefore: issuedBefore)
            let answer = try await iam.putUserPolicy(userName: userName, policyName: Self.revocationPolicyName, policyDocument: document)
            return CloudEffect(requestIds: [answer.requestId],
                               outputs: ["policyName": Self.revocationPolicyName, "issuedBefore": AWSTimestamp.format(issuedBefore)])
        }
    }

    /// TagUser (tags are set, not appended, so a repeat is harmless).
    public func tagUser(_ userName: String, tags: [String: String], in scope: CloudScope,
                        token: IdempotencyToken) async throws -> CloudEffect {
        try await mapped("tagUser") {
            let answer = try await IAMClient(client: await client(for: scope)).tagUser(userName: userName, tags: Self.awsTags(tags))
            return CloudEffect(requestIds: [answer.requestId])
        }
    }

    /// The deny-all policy for sessions issued before `time`, as compact JSON.
    static func revocationPolicy(issuedBefore time: Date) -> String {
        #"{"Version":"2012-10-17","Statement":[{"Sid":"CordonRevokeOlderSessions","Effect":"Deny","Action":["*"],"#
            + #""Resource":["*"],"Condition":{"DateLessThan":{"aws:TokenIssueTime":"\#(AWSTimestamp.format(time))"}}}]}"#
    }
}
