import Foundation
import Testing

@testable import AWSClient

/// The shared config and credentials files: parsing, and every way a profile yields credentials.
@Suite struct CredentialsProfileTests {
    static let config = """
        # comment
        [default]
        region = eu-west-1 ; inline comment
        s3 =
          max_concurrent_requests = 20
        output = json

        [profile dev]
        aws_access_key_id = AKIDCONFIG
        aws_secret_access_key = from-config

        [ignored]
        aws_access_key_id = AKIDIGNORED
        aws_secret_access_key = ignored

        [profile responder]
        role_arn = arn:aws:iam::444455556666:role/responder
        source_profile = hub
        role_session_name = cordon-INC-9
        external_id = ext-9
        duration_seconds = 1800

        [profile hub]
        role_arn = arn:aws:iam::111122223333:role/hub
        source_profile = base

        [profile self-source]
        role_arn = arn:aws:iam::111122223333:role/self
        source_profile = self-source
        aws_access_key_id = AKIDSELF
        aws_secret_access_key = self-secret

        [profile loop-a]
        role_arn = arn:aws:iam::1:role/a
        source_profile = loop-b

        [profile loop-b]
        role_arn = arn:aws:iam::1:role/b
        source_profile = loop-a

        [profile from-env]
        role_arn = arn:aws:iam::1:role/env
        credential_source = Environment

        [profile from-ecs]
        role_arn = arn:aws:iam::1:role/ecs
        credential_source = EcsContainer

        [profile from-imds]
        role_arn = arn:aws:iam::1:role/imds
        credential_source = Ec2InstanceMetadata

        [profile both]
        role_arn = arn:aws:iam::1:role/both
        source_profile = base
        credential_source = Environment

        [profile neither]
        role_arn = arn:aws:iam::1:role/neither

        [profile bad-source]
        role_arn = arn:aws:iam::1:role/bad
        credential_source = Laptop

        [profile web]
        role_arn = arn:aws:iam::1:role/web
        web_identity_token_file = TOKENFILE

        [profile sso]
        sso_session = corp
        sso_account_id = 111122223333

        [profile half]
        aws_access_key_id = AKIDHALF

        [profile bad-duration]
        role_arn = arn:aws:iam::1:role/d
        source_profile = base
        duration_seconds = an hour

        [sso-session corp]
        sso_region = us-east-1
        """

    static let credentials = """
        [base]
        aws_access_key_id = AKIDBASE
        aws_secret_access_key = base-secret
        aws_session_token = base-token

        [dev]
        aws_secret_access_key = from-credentials

        [profile wrong]
        aws_access_key_id = AKIDWRONG
        aws_secret_access_key = wrong
        """

    /// Files in a scratch directory and the environment pointing at them.
    struct Setup {
        let scratch: ScratchDirectory
        let environment: [String: String]
    }

    static func setup(profile: String?, extra: [String: String] = [:]) throws -> Setup {
        let scratch = try ScratchDirectory()
        let token = try scratch.write("web-token", "web-jwt")
        var environment = [
            "AWS_CONFIG_FILE": try scratch.write("config", config.replacingOccurrences(of: "TOKENFILE", with: token)),
            "AWS_SHARED_CREDENTIALS_FILE": try scratch.write("credentials", credentials),
        ]
        environment["AWS_PROFILE"] = profile
        return Setup(scratch: scratch, environment: environment.merging(extra) { $1 })
    }

    static func provider(_ setup: Setup, sts: FakeRoleAssumer, transport: StubTransport = StubTransport()) -> ProfileCredentialProvider {
        ProfileCredentialProvider(
            environment: setup.environment, region: "us-east-2", defaultSessionName: "cordon-default",
            roleAssumer: sts, transport: transport
        )
    }

    @Test func parsingFollowsTheSDKFileFormat() throws {
        let setup = try Self.setup(profile: nil)
        let shared = try SharedConfig.load(environment: setup.environment)
        #expect(shared.profile("default") == ["region": "eu-west-1", "s3": "", "output": "json"])
        // `[ignored]` in the config file and `[profile wrong]` in the credentials file are not profiles.
        #expect(shared.profile("ignored") == nil)
        #expect(shared.profile("wrong") == nil)
        #expect(shared.profile("profile wrong") == nil)
        #expect(shared.profile("corp") == nil)
        // The credentials file wins for the same setting.
        #expect(shared.profile("dev") == ["aws_access_key_id": "AKIDCONFIG", "aws_secret_access_key": "from-credentials"])
    }

    @Test func missingFilesAreEmptyAndHomeIsExpanded() throws {
        let environment = ["HOME": "/nonexistent-home"]
        #expect(SharedConfig.configFilePath(environment: environment) == "/nonexistent-home/.aws/config")
        #expect(SharedConfig.credentialsFilePath(environment: environment) == "/nonexistent-home/.aws/credentials")
        #expect(try SharedConfig.load(environment: environment).profiles.isEmpty)
    }

    @Test func staticKeysMergedAcrossFiles() async throws {
        let setup = try Self.setup(profile: "dev")
        let credentials = try await Self.provider(setup, sts: FakeRoleAssumer()).credentials()
        #expect(credentials == AWSCredentials(accessKeyId: "AKIDCONFIG", secretAccessKey: "from-credentials"))
    }

    @Test func roleChainAssumesEachHopWithThePreviousCredentials() async throws {
        let setup = try Self.setup(profile: "responder")
        let sts = FakeRoleAssumer()
        let credentials = try await Self.provider(setup, sts: sts).credentials()
        #expect(credentials == FakeRoleAssumer.issued(for: "arn:aws:iam::444455556666:role/responder"))
        #expect(await sts.calls == [
            FakeRoleAssumer.Call(
                roleArn: "arn:aws:iam::111122223333:role/hub", sessionName: "cordon-default", externalId: nil,
                durationSeconds: nil, sourceAccessKey: "AKIDBASE", webIdentityToken: nil, region: "us-east-2"
            ),
            FakeRoleAssumer.Call(
                roleArn: "arn:aws:iam::444455556666:role/responder", sessionName: "cordon-INC-9", externalId: "ext-9",
                durationSeconds: 1800, sourceAccessKey: "ASIA-hub", webIdentityToken: nil, region: "us-east-2"
            ),
        ])
    }

    @Test func profileMaySourceItsOwnKeys() async throws {
        let setup = try Self.setup(profile: "self-source")
        let sts = FakeRoleAssumer()
        _ = try await Self.provider(setup, sts: sts).credentials()
        #expect(await sts.calls.map(\.sourceAccessKey) == ["AKIDSELF"])
    }

    @Test(arguments: [
        ("from-env", "ASIA-env", "AKIDENV"),
        ("from-ecs", "ASIA-ecs", "ASIAECS"),
        ("from-imds", "ASIA-imds", "ASIAIMDS"),
    ])
    func credentialSources(profile: String, issued: String, sourceKey: String) async throws {
        let setup = try Self.setup(profile: profile, extra: [
            "AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "env-secret",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/task",
        ])
        var routes = CredentialsProviderTests.imdsRoutes
        routes["GET http://169.254.169.254/latest/meta-data/iam/security-credentials/cordon-role"] =
            credentialsDocument(key: "ASIAIMDS")
        routes["GET http://169.254.170.2/v2/credentials/task"] = credentialsDocument(key: "ASIAECS")
        let sts = FakeRoleAssumer()
        let credentials = try await Self.provider(setup, sts: sts, transport: StubTransport(routes)).credentials()
        #expect(credentials.accessKeyId == issued)
        #expect(await sts.calls.map(\.sourceAccessKey) == [sourceKey])
    }

    @Test func webIdentityProfile() async throws {
        let setup = try Self.setup(profile: "web")
        let sts = FakeRoleAssumer()
        #expect(try await Self.provider(setup, sts: sts).credentials().accessKeyId == "ASIA-web")
        #expect(await sts.calls.map(\.webIdentityToken) == ["web-jwt"])
    }

    @Test(arguments: [
        ("loop-a", "cycle"),
        ("both", "both source_profile and credential_source"),
        ("neither", "without source_profile or credential_source"),
        ("bad-source", "credential_source Laptop"),
        ("sso", "sso_session"),
        ("half", "needs both"),
        ("bad-duration", "duration_seconds"),
        ("missing", "AWS_PROFILE names a missing profile"),
    ])
    func brokenProfilesFailAndSaySo(profile: String, reason: String) async throws {
        let setup = try Self.setup(profile: profile)
        let error = try #require(await awsError { try await Self.provider(setup, sts: FakeRoleAssumer()).credentials() })
        #expect(error.kind == .credentials)
        #expect(!error.isCredentialsNotConfigured)
        #expect(error.message.contains(reason))
    }

    @Test func defaultProfileWithoutKeysIsNotConfigured() async throws {
        // [default] holds only region: the chain must go on to the container and IMDS.
        let setup = try Self.setup(profile: nil)
        let error = try #require(await awsError { try await Self.provider(setup, sts: FakeRoleAssumer()).credentials() })
        #expect(error.isCredentialsNotConfigured)
    }

    @Test func deniedHopNamesTheRoleAndNoSecret() async throws {
        let setup = try Self.setup(profile: "responder")
        let sts = FakeRoleAssumer(deniedRoles: ["arn:aws:iam::111122223333:role/hub"])
        let error = try #require(await awsError { try await Self.provider(setup, sts: sts).credentials() })
        #expect(error.message.contains("arn:aws:iam::111122223333:role/hub"))
        #expect(!error.message.contains("base-secret"))
        #expect(!error.message.contains("base-token"))
    }

    @Test(arguments: [
        ("a = b # c", "b"), ("a = b#c", "b#c"), ("a = b ;c", "b"), ("a = #b", "#b"), ("a =   spaced value  ", "spaced value"),
    ])
    func inlineComments(line: String, value: String) {
        #expect(SharedConfig.parse("[x]\n\(line)", isConfigFile: false)["x"]?["a"] == value)
    }
}
