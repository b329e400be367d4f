/// The IAM actions exposed-key response needs (AWS Query protocol, API version 2010-05-08; a global service).
public struct IAMClient: Sendable {
    /// The client that sends the calls.
    public let client: AWSClient

    /// Creates the IAM client.
    public init(client: AWSClient) {
        self.client = client
    }

    /// ListAccessKeys of a user, every page (`Marker`, with `IsTruncated` saying whether more follow).
    public func listAccessKeys(userName: String) async throws -> AWSList<IAMAccessKey> {
        try await client.sendAll { token in
            var parameters = QueryParameters()
            parameters.set("UserName", userName)
            parameters.set("Marker", token)
            return AWSAction(service: .iam, name: "ListAccessKeys", parameters: parameters, idempotent: true) { result, requestId in
                AWSPage(items: try result.list("AccessKeyMetadata").map(IAMAccessKey.init(xml:)),
                        nextToken: result.bool("IsTruncated") == true ? result.string("Marker") : nil, requestId: requestId)
            }
        }
    }

    /// UpdateAccessKey: sets a key Active or Inactive (deactivate an exposed key; never delete the evidence).
    public func updateAccessKey(userName: String?, accessKeyId: String, status: String) async throws -> AWSAcknowledgement {
        var parameters = QueryParameters()
        parameters.set("UserName", userName)
        parameters.set("AccessKeyId", accessKeyId)
        parameters.set("Status", status)
        return try await client.send(.acknowledged(.iam, "UpdateAccessKey", parameters))
    }

    /// GetAccessKeyLastUsed: where and when the key was last used.
    public func getAccessKeyLastUsed(accessKeyId: String) async throws -> IAMAccessKeyLastUsed {
        var parameters = QueryParameters()
        parameters.set("AccessKeyId", accessKeyId)
        return try await client.send(AWSAction(service: .iam, name: "GetAccessKeyLastUsed", parameters: parameters, idempotent: true) {
            IAMAccessKeyLastUsed(xml: $0, requestId: $1)
        })
    }

    /// PutUserPolicy: adds or replaces an inline policy (e.g. deny all for tokens issued before now).
    public func putUserPolicy(userName: String, policyName: String, policyDocument: String) async throws -> AWSAcknowledgement {
        var parameters = QueryParameters()
        parameters.set("UserName", userName)
        parameters.set("PolicyName", policyName)
        parameters.set("PolicyDocument", policyDocument)
        return try await client.send(.acknowledged(.iam, "PutUserPolicy", parameters))
    }

    /// TagUser (idempotent: tags are set, not appended).
    public func tagUser(userName: String, tags: [AWSTag]) async throws -> AWSAcknowledgement {
        var parameters = QueryParameters()
        parameters.set("UserName", userName)
        parameters.set(list: "Tags.member", tags) { parameters, tag, prefix in
            parameters.set("\(prefix).Key", tag.key)
            parameters.set("\(prefix).Value", tag.value)
        }
        return try await client.send(.acknowledged(.iam, "TagUser", parameters))
    }

    /// GetUser: the named user, or the caller when `userName` is nil.
    public func getUser(userName: String? = nil) async throws -> IAMUser {
        var parameters = QueryParameters()
        parameters.set("UserName", userName)
        return try await client.send(AWSAction(service: .iam, name: "GetUser", parameters: parameters, idempotent: true) {
            try IAMUser(xml: $0, requestId: $1)
        })
    }
}
