extension STSClient: RoleAssumer {
    /// AssumeRole signed with the given credentials in the given region (the credential chain's port).
    public func assumeRole(roleArn: String, sessionName: String, externalId: String?, durationSeconds: Int?,
                           using credentials: AWSCredentials, region: String) async throws -> AWSCredentials {
        let sts = STSClient(client: client.with(credentials: StaticCredentialProvider(credentials), region: region))
        return try await sts.assumeRole(roleArn: roleArn, sessionName: sessionName, externalId: externalId,
                                        durationSeconds: durationSeconds).credentials
    }

    /// AssumeRoleWithWebIdentity in the given region, unsigned (the credential chain's port).
    public func assumeRoleWithWebIdentity(roleArn: String, sessionName: String, webIdentityToken: String,
                                          region: String) async throws -> AWSCredentials {
        let sts = STSClient(client: client.with(credentials: client.credentials, region: region))
        return try await sts.assumeRoleWithWebIdentity(roleArn: roleArn, sessionName: sessionName,
                                                       webIdentityToken: webIdentityToken).credentials
    }
}
