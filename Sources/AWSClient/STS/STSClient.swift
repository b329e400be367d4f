/// The STS actions (AWS Query protocol, API version 2011-06-15).
public struct STSClient: Sendable {
    /// The client that sends the calls.
    public let client: AWSClient

    /// Creates the STS client.
    public init(client: AWSClient) {
        self.client = client
    }

    /// GetCallerIdentity: the account and ARN of the credentials in use.
    public func getCallerIdentity() async throws -> STSCallerIdentity {
        try await client.send(AWSAction(service: .sts, name: "GetCallerIdentity", idempotent: true) { result, requestId in
            STSCallerIdentity(account: try result.required("Account"), arn: try result.required("Arn"),
                              userId: result.string("UserId"), requestId: requestId)
        })
    }

    /// AssumeRole, signed with this client's credentials (idempotent: each call just issues a session).
    public func assumeRole(roleArn: String, sessionName: String, externalId: String? = nil, durationSeconds: Int? = nil)
        async throws -> STSAssumedRole {
        var parameters = QueryParameters()
        parameters.set("RoleArn", roleArn)
        parameters.set("RoleSessionName", sessionName)
        parameters.set("ExternalId", externalId)
        parameters.set("DurationSeconds", durationSeconds)
        return try await client.send(AWSAction(service: .sts, name: "AssumeRole", parameters: parameters, idempotent: true) {
            try STSAssumedRole(xml: $0, requestId: $1)
        })
    }

    /// AssumeRoleWithWebIdentity, sent unsigned: the OIDC token is the proof (STS API reference).
    public func assumeRoleWithWebIdentity(roleArn: String, sessionName: String, webIdentityToken: String,
                                          durationSeconds: Int? = nil) async throws -> STSAssumedRole {
        var parameters = QueryParameters()
        parameters.set("RoleArn", roleArn)
        parameters.set("RoleSessionName", sessionName)
        parameters.set("WebIdentityToken", webIdentityToken)
        parameters.set("DurationSeconds", durationSeconds)
        return try await client.send(AWSAction(service: .sts, name: "AssumeRoleWithWebIdentity", parameters: parameters,
                                               idempotent: true, signed: false) {
            try STSAssumedRole(xml: $0, requestId: $1)
        })
    }
}
