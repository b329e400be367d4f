import AWSClient
import Foundation
import Testing
@testable import Server

@Suite struct AuthTokenFileTests {
    static let digest = String(repeating: "ab", count: 32)

    @Test func parsesEntriesWithAndWithoutLimits() throws {
        let json = """
            [{"name": "splunk", "role": "ingest", "sha256": "\(Self.digest.uppercased())", "rateLimit": {"perSecond": 50, "burst": 100}},
             {"name": "oncall", "role": "responder", "sha256": "\(String(repeating: "0", count: 64))"},
             {"name": "prom", "role": "metrics", "sha256": "\(String(repeating: "1", count: 64))", "rateLimit": {"perSecond": 2.5}}]
            """
        let tokens = try AccessToken.list(from: Data(json.utf8), source: "tokens.json")
        #expect(tokens.map(\.name) == ["splunk", "oncall", "prom"])
        #expect(tokens[0].role == .ingest)
        #expect(tokens[0].digest == Data(repeating: 0xAB, count: 32))
        #expect(tokens[0].rateLimit == RateLimit(perSecond: 50, burst: 100))
        #expect(tokens[1].rateLimit == nil)
        #expect(tokens[2].rateLimit == RateLimit(perSecond: 2.5, burst: 3))
        #expect(try AccessToken.list(from: AccessToken.json(tokens), source: "again") == tokens)
    }

    @Test(arguments: [
        (#"{"name": "a"}"#, "must be a JSON array"),
        ("[1]", "[0]: must be a JSON object"),
        (#"[{"role": "ingest", "sha256": "DIGEST"}]"#, "[0].name: is required"),
        (#"[{"name": "", "role": "ingest", "sha256": "DIGEST"}]"#, "[0].name: must be a non-empty string"),
        (#"[{"name": "a", "role": "root", "sha256": "DIGEST"}]"#, "[0].role: 'root' is not one of"),
        (#"[{"name": "a", "role": "ingest", "sha256": "abc"}]"#, "[0].sha256: must be 64 hex"),
        (#"[{"name": "a", "role": "ingest", "sha256": "DIGEST", "token": "x"}]"#, "[0].token: unknown field"),
        (#"[{"name": "a", "role": "ingest", "sha256": "DIGEST", "rateLimit": {"burst": 3}}]"#, "[0].rateLimit.perSecond: is required"),
        (#"[{"name": "a", "role": "ingest", "sha256": "DIGEST", "rateLimit": {"perSecond": 0}}]"#, "[0].rateLimit.perSecond: must be a number"),
        (#"[{"name": "a", "role": "ingest", "sha256": "DIGEST", "rateLimit": {"perSecond": 1, "burst": 0.5}}]"#, "[0].rateLimit.burst: must be a whole number"),
        (#"[{"name": "a", "role": "ingest", "sha256": "DIGEST"}, {"name": "a", "role": "admin", "sha256": "OTHER"}]"#, "[1].name: 'a' is already used"),
        (#"[{"name": "a", "role": "ingest", "sha256": "DIGEST"}, {"name": "b", "role": "admin", "sha256": "DIGEST"}]"#, "[1].sha256: the same secret"),
        ("[{", "not valid JSON"),
    ])
    func invalidFilesNameTheField(json: String, message: String) {
        let text = json.replacingOccurrences(of: "DIGEST", with: Self.digest).replacingOccurrences(of: "OTHER", with: String(repeating: "cd", count: 32))
        #expect {
            _ = try AccessToken.list(from: Data(text.utf8), source: "/etc/cordon/tokens.json")
        } throws: { error in
            let description = (error as? ConfigurationError)?.description ?? ""
            return description.hasPrefix("/etc/cordon/tokens.json: ") && description.contains(message)
        }
    }

    @Test func firstStartCreatesOneAdminTokenAndShowsItOnce() throws {
        let directory = try AuthFixtures.scratchDirectory()
        let shown = LockedValue<[String]>([])
        let provisioner = TokenProvisioner(dataDirectory: directory, randomBytes: { Array(repeating: 7, count: $0) }) { secret in
            shown.withLock { $0.append(secret) }
        }
        let first = try provisioner.tokens(tokensFile: nil, bootstrapTokenDigest: nil)
        let secrets = shown.withLock { $0 }
        #expect(secrets == ["cordon_" + String(repeating: "07", count: 32)])
        #expect(first.count == 1 && first[0].role == .admin)
        #expect(first[0].digest == SHA256(secrets[0]).digest)

        let path = directory + "/tokens.json"
        let stored = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!stored.contains(secrets[0]))
        let mode = try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
        #expect(mode == 0o600)

        let second = try provisioner.tokens(tokensFile: nil, bootstrapTokenDigest: nil)
        #expect(second == first)
        #expect(shown.withLock { $0.count } == 1)
    }

    @Test func configuredTokensSkipGeneration() throws {
        let directory = try AuthFixtures.scratchDirectory()
        let file = directory + "/configured.json"
        try Data(#"[{"name": "splunk", "role": "ingest", "sha256": "\#(Self.digest)"}]"#.utf8).write(to: URL(fileURLWithPath: file))
        let provisioner = TokenProvisioner(dataDirectory: directory, randomBytes: { Array(repeating: 1, count: $0) }) { _ in
            Issue.record("announced a token although tokens were configured")
        }
        let bootstrap = "bootstrap-secret-0123456789"
        let tokens = try provisioner.tokens(tokensFile: file, bootstrapTokenDigest: SHA256(bootstrap).digest)
        #expect(tokens.map(\.name) == ["splunk", "bootstrap"])
        #expect(tokens[1] == AccessToken(name: "bootstrap", role: .admin, digest: SHA256(bootstrap).digest, rateLimit: nil))
        #expect(!FileManager.default.fileExists(atPath: directory + "/tokens.json"))
    }

    @Test func unreadableTokensFileIsNamed() throws {
        let provisioner = TokenProvisioner(dataDirectory: try AuthFixtures.scratchDirectory(), randomBytes: { Array(repeating: 0, count: $0) }) { _ in }
        #expect {
            _ = try provisioner.tokens(tokensFile: "/nonexistent/tokens.json", bootstrapTokenDigest: nil)
        } throws: { error in
            (error as? ConfigurationError)?.description == "CORDON_TOKENS_FILE: cannot read /nonexistent/tokens.json"
        }
    }

    @Test(arguments: ["short", "has spaces in it but is long enough", "0123456789012345678901\u{e9}"])
    func weakBootstrapTokensAreRefused(secret: String) {
        #expect {
            _ = try CordonConfiguration.parse(arguments: [], environment: ["CORDON_BOOTSTRAP_TOKEN": secret])
        } throws: { error in
            (error as? ConfigurationError)?.description.hasPrefix("CORDON_BOOTSTRAP_TOKEN: must be at least 22") == true
        }
    }

    @Test func settingsReachTheConfiguration() throws {
        let secret = "whsec_" + Data(repeating: 9, count: 32).base64EncodedString()
        let command = try CordonConfiguration.parse(arguments: [], environment: [
            "CORDON_TOKENS_FILE": "/etc/cordon/tokens.json", "CORDON_BOOTSTRAP_TOKEN": "bootstrap-secret-0123456789",
            "CORDON_WEBHOOK_SECRETS": secret,
        ])
        guard case .run(let configuration) = command else {
            Issue.record("not a run command")
            return
        }
        #expect(configuration.tokensFile == "/etc/cordon/tokens.json")
        #expect(configuration.bootstrapTokenDigest == SHA256("bootstrap-secret-0123456789").digest)
        #expect(configuration.webhookSecrets.map(\.key) == [Data(repeating: 9, count: 32)])
        #expect(!"\(configuration)".contains("bootstrap-secret"))
        #expect(!"\(configuration)".contains(secret))
    }

    @Test func configFileNamesTheTokensFile() throws {
        let command = try CordonConfiguration.parse(arguments: ["--config", "c.json"], environment: [:]) { _ in
            Data(#"{"auth": {"tokensFile": "/run/secrets/tokens.json"}}"#.utf8)
        }
        #expect(command == .run({
            var expected = CordonConfiguration()
            expected.configFile = "c.json"
            expected.tokensFile = "/run/secrets/tokens.json"
            return expected
        }()))
    }
}
