import Foundation
import Testing

@testable import AWSClient

/// The environment, web identity, container and IMDS providers.
@Suite struct CredentialsProviderTests {
    @Test func environmentKeysAndToken() async throws {
        let provider = EnvironmentCredentialProvider(environment: [
            "AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "SECRET", "AWS_SESSION_TOKEN": "TOKEN",
        ])
        #expect(try await provider.credentials()
            == AWSCredentials(accessKeyId: "AKID", secretAccessKey: "SECRET", sessionToken: "TOKEN"))
    }

    @Test(arguments: [
        ([:], true),
        (["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""], true),
        (["AWS_ACCESS_KEY_ID": "AKID"], false),
        (["AWS_SECRET_ACCESS_KEY": "TOPSECRET"], false),
    ])
    func environmentWithoutBothKeys(environment: [String: String], absent: Bool) async throws {
        let error = try #require(await awsError { try await EnvironmentCredentialProvider(environment: environment).credentials() })
        #expect(error.kind == .credentials)
        #expect(error.isCredentialsNotConfigured == absent)
        #expect(!error.message.contains("TOPSECRET"))
    }

    @Test func webIdentityFromEnvironmentReadsTheTokenFile() async throws {
        let scratch = try ScratchDirectory()
        let tokenFile = try scratch.write("token", "eyJ.token.sig\n")
        let sts = FakeRoleAssumer()
        let provider = WebIdentityCredentialProvider(
            environment: [
                "AWS_WEB_IDENTITY_TOKEN_FILE": tokenFile, "AWS_ROLE_ARN": "arn:aws:iam::111122223333:role/irsa",
                "AWS_ROLE_SESSION_NAME": "pod-session",
            ],
            region: "eu-west-1", roleAssumer: sts, defaultSessionName: "cordon"
        )
        #expect(try await provider.credentials() == FakeRoleAssumer.issued(for: "arn:aws:iam::111122223333:role/irsa"))
        #expect(await sts.calls == [FakeRoleAssumer.Call(
            roleArn: "arn:aws:iam::111122223333:role/irsa", sessionName: "pod-session", externalId: nil,
            durationSeconds: nil, sourceAccessKey: nil, webIdentityToken: "eyJ.token.sig", region: "eu-west-1"
        )])
    }

    @Test(arguments: [
        ([:], true),
        (["AWS_ROLE_ARN": "arn:aws:iam::111122223333:role/irsa"], false),
        (["AWS_WEB_IDENTITY_TOKEN_FILE": "/nonexistent/token", "AWS_ROLE_ARN": "arn:aws:iam::1:role/r"], false),
    ])
    func webIdentityIncompleteOrUnreadable(environment: [String: String], absent: Bool) async throws {
        let provider = WebIdentityCredentialProvider(
            environment: environment, region: "us-east-1", roleAssumer: FakeRoleAssumer(), defaultSessionName: "cordon"
        )
        let error = try #require(await awsError { try await provider.credentials() })
        #expect(error.isCredentialsNotConfigured == absent)
    }

    @Test func webIdentityDeniedNamesTheRole() async throws {
        let scratch = try ScratchDirectory()
        let provider = WebIdentityCredentialProvider(
            tokenFilePath: try scratch.write("token", "jwt"), roleArn: "arn:aws:iam::1:role/denied",
            sessionName: "s", region: "us-east-1", roleAssumer: FakeRoleAssumer(deniedRoles: ["arn:aws:iam::1:role/denied"])
        )
        let error = try #require(await awsError { try await provider.credentials() })
        #expect(error.message.contains("arn:aws:iam::1:role/denied"))
        #expect(error.message.contains("AccessDenied"))
        #expect(error.httpStatus == 403)
    }

    @Test func containerRelativeURIWithTokenFile() async throws {
        let scratch = try ScratchDirectory()
        let tokenFile = try scratch.write("auth", "file-token\n")
        let transport = StubTransport(["GET http://169.254.170.2/v2/credentials/abc": credentialsDocument(key: "ASIATASK")])
        let provider = ContainerCredentialProvider(environment: [
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/abc",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:9/ignored",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "env-token",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
        ], transport: transport)
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyId == "ASIATASK")
        #expect(credentials.sessionToken == "token-ASIATASK")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 2_000_000_000))
        let request = try #require(await transport.requests.first)
        #expect(request.header("Authorization") == "file-token")
    }

    @Test(arguments: [
        ("https://creds.example.com/role", true),
        ("http://127.0.0.1:8080/creds", true),
        ("http://127.10.20.30/creds", true),
        ("http://localhost/creds", true),
        ("http://[::1]:80/creds", true),
        ("http://169.254.170.2/creds", true),
        ("http://169.254.170.23/v1/credentials", true),
        ("http://[fd00:ec2::23]/v1/credentials", true),
        ("http://10.0.0.5/creds", false),
        ("http://example.com/creds", false),
        ("http://127.0.0.1.evil.example/creds", false),
        ("ftp://127.0.0.1/creds", false),
        ("not a url", false),
    ])
    func containerFullURIHosts(uri: String, allowed: Bool) async throws {
        let provider = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri], transport: StubTransport()
        )
        if allowed {
            #expect(try provider.endpoint().absoluteString == uri)
        } else {
            #expect(throws: AWSClientError.self) { try provider.endpoint() }
        }
    }

    @Test func containerTokenWithLineBreakIsRefused() async throws {
        let provider = ContainerCredentialProvider(environment: [
            "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1/creds",
            "AWS_CONTAINER_AUTHORIZATION_TOKEN": "abc\r\nX-Injected: 1",
        ], transport: StubTransport())
        let error = try #require(await awsError { try await provider.credentials() })
        #expect(error.message.contains("line break"))
        #expect(!error.message.contains("X-Injected"))
    }

    @Test func containerErrorStatusAndMissingConfiguration() async throws {
        let transport = StubTransport(["GET http://127.0.0.1/creds": AWSHTTPResponse(status: 500)])
        let failing = ContainerCredentialProvider(
            environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1/creds"], transport: transport
        )
        let error = try #require(await awsError { try await failing.credentials() })
        #expect(error.httpStatus == 500)
        #expect(!error.isCredentialsNotConfigured)
        let absent = try #require(await awsError {
            try await ContainerCredentialProvider(environment: [:], transport: transport).credentials()
        })
        #expect(absent.isCredentialsNotConfigured)
    }

    static let imdsRoutes: [String: AWSHTTPResponse] = [
        "PUT http://169.254.169.254/latest/api/token": AWSHTTPResponse(status: 200, body: Data("imds-token".utf8)),
        "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/":
            AWSHTTPResponse(status: 200, body: Data("cordon-role\n".utf8)),
        "GET http://169.254.169.254/latest/meta-data/iam/security-credentials/cordon-role":
            credentialsDocument(key: "ASIAINSTANCE"),
    ]

    @Test func imdsV2TokenThenRoleThenCredentials() async throws {
        let transport = StubTransport(Self.imdsRoutes)
        let credentials = try await InstanceMetadataCredentialProvider(environment: [:], transport: transport).credentials()
        #expect(credentials.accessKeyId == "ASIAINSTANCE")
        let requests = await transport.requests
        #expect(requests.map(\.method) == ["PUT", "GET", "GET"])
        #expect(requests[0].header("X-aws-ec2-metadata-token-ttl-seconds") == "21600")
        #expect(requests[1].header("X-aws-ec2-metadata-token") == "imds-token")
        #expect(requests[2].header("X-aws-ec2-metadata-token") == "imds-token")
    }

    @Test func imdsCustomEndpoint() async throws {
        let routes = Dictionary(uniqueKeysWithValues: Self.imdsRoutes.map {
            ($0.key.replacingOccurrences(of: "http://169.254.169.254", with: "http://127.0.0.1:1338"), $0.value)
        })
        let provider = InstanceMetadataCredentialProvider(
            environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1338/"], transport: StubTransport(routes)
        )
        #expect(try await provider.credentials().accessKeyId == "ASIAINSTANCE")
    }

    @Test func imdsDisabledOrAbsentIsNotConfigured() async throws {
        let transport = StubTransport(Self.imdsRoutes)
        let disabled = try #require(await awsError {
            try await InstanceMetadataCredentialProvider(
                environment: ["AWS_EC2_METADATA_DISABLED": "TRUE"], transport: transport
            ).credentials()
        })
        #expect(disabled.isCredentialsNotConfigured)
        #expect(await transport.requests.isEmpty)
        let absent = try #require(await awsError {
            try await InstanceMetadataCredentialProvider(environment: [:], transport: StubTransport()).credentials()
        })
        #expect(absent.isCredentialsNotConfigured)
    }

    @Test func imdsWithoutRoleIsAFailure() async throws {
        var routes = Self.imdsRoutes
        routes["GET http://169.254.169.254/latest/meta-data/iam/security-credentials/"] = AWSHTTPResponse(status: 404)
        let error = try #require(await awsError {
            try await InstanceMetadataCredentialProvider(environment: [:], transport: StubTransport(routes)).credentials()
        })
        #expect(!error.isCredentialsNotConfigured)
        #expect(error.httpStatus == 404)
    }

    @Test(arguments: [
        (#"{"Code":"Success","AccessKeyId":"A","SecretAccessKey":"S","Token":"T","Expiration":"2033-05-18T03:33:20.123Z"}"#, true),
        (#"{"Code":"Failed","Message":"no role"}"#, false),
        (#"{"AccessKeyId":"A"}"#, false),
        (#"{"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"yesterday"}"#, false),
        ("<html>", false),
    ])
    func credentialsDocuments(body: String, valid: Bool) {
        let result = Result { try CredentialsDocument.credentials(from: Data(body.utf8), source: "test") }
        if valid {
            #expect(throws: Never.self) { try result.get() }
        } else {
            #expect(throws: AWSClientError.self) { try result.get() }
        }
    }

    @Test(arguments: [
        ("INC-2024-0042", "cordon-INC-2024-0042"),
        ("incident 7/ssh brute force", "cordon-incident-7-ssh-brute-force"),
        (String(repeating: "x", count: 100), "cordon-" + String(repeating: "x", count: 57)),
    ])
    func sessionNameForIncident(incident: String, expected: String) {
        #expect(AssumeRoleCredentialProvider.sessionName(forIncident: incident) == expected)
    }

    @Test func assumeRoleIntoAnotherAccount() async throws {
        let sts = FakeRoleAssumer()
        let provider = AssumeRoleCredentialProvider(
            roleArn: "arn:aws:iam::444455556666:role/cordon-responder", sessionName: "cordon-INC-7",
            externalId: "ext-1", durationSeconds: 900, region: "eu-central-1",
            source: StaticCredentialProvider(testKeys), roleAssumer: sts
        )
        #expect(try await provider.credentials().accessKeyId == "ASIA-cordon-responder")
        #expect(await sts.calls == [FakeRoleAssumer.Call(
            roleArn: "arn:aws:iam::444455556666:role/cordon-responder", sessionName: "cordon-INC-7",
            externalId: "ext-1", durationSeconds: 900, sourceAccessKey: "AKIDEXAMPLE", webIdentityToken: nil,
            region: "eu-central-1"
        )])
    }
}
