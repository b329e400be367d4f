import Foundation
import Testing
@testable import Server

@Suite struct CordonConfigurationTests {
    @Test func defaults() throws {
        #expect(try CordonConfiguration.parse(arguments: [], environment: [:]) == .run(CordonConfiguration()))
    }

    @Test func flagsBeatEnvironment() throws {
        let command = try CordonConfiguration.parse(
            arguments: ["--port", "9000", "--data-dir=/tmp/d"],
            environment: ["CORDON_PORT": "7000", "CORDON_HOST": "0.0.0.0", "CORDON_DATA_DIR": "/env"]
        )
        var expected = CordonConfiguration(dataDirectory: "/tmp/d")
        expected.http.host = "0.0.0.0"
        expected.http.port = 9000
        #expect(command == .run(expected))
    }

    @Test func httpEngineSettingsReachTheEngine() throws {
        let command = try CordonConfiguration.parse(arguments: [], environment: [
            "CORDON_HTTP_EVENT_LOOPS": "3", "CORDON_HTTP_MAX_CONNECTIONS": "50",
            "CORDON_HTTP_HEADER_TIMEOUT_SECONDS": "5", "CORDON_HTTP_BODY_TIMEOUT_SECONDS": "6",
            "CORDON_HTTP_IDLE_TIMEOUT_SECONDS": "7", "CORDON_HTTP_WRITE_TIMEOUT_SECONDS": "8",
            "CORDON_HTTP_SHUTDOWN_GRACE_SECONDS": "0", "CORDON_HTTP_MAX_TARGET_BYTES": "4096",
            "CORDON_HTTP_MAX_HEADER_BYTES": "2048", "CORDON_HTTP_MAX_HEADER_COUNT": "20",
            "CORDON_HTTP_MAX_DECOMPRESSED_BODY_BYTES": "2097152",
        ])
        guard case .run(let configuration) = command else { throw ConfigurationError(description: "not run") }
        let http = configuration.http
        #expect(http.eventLoopCount == 3 && http.maxConnections == 50)
        #expect(http.headerTimeout == .seconds(5) && http.bodyTimeout == .seconds(6))
        #expect(http.idleTimeout == .seconds(7) && http.writeTimeout == .seconds(8))
        #expect(http.shutdownGracePeriod == .zero)
        #expect(http.maxTargetBytes == 4096 && http.maxHeaderBytes == 2048 && http.maxHeaderCount == 20)
        #expect(http.maxDecompressedBodyBytes == 2_097_152)
    }

    /// Every engine setting refuses 0 or a value past its range, and says which variable was wrong.
    @Test(arguments: ConfigurationSetting.httpEngine.map(\.variable))
    func httpEngineSettingsRefuseOutOfRange(variable: String) {
        let refused = variable == "CORDON_HTTP_SHUTDOWN_GRACE_SECONDS" ? ["-1", "3601", "ten"] : ["0", "2000000000", "ten"]
        for value in refused {
            #expect {
                try CordonConfiguration.parse(arguments: [], environment: [variable: value])
            } throws: { error in
                (error as? ConfigurationError)?.description.contains(variable) == true
            }
        }
    }

    @Test(arguments: [(1, 1), (2, 1), (3, 1), (8, 4), (0, 1)])
    func eventLoopsDefaultToHalfTheCores(cores: Int, loops: Int) {
        #expect(HTTPServer.defaultEventLoopCount(cores: cores) == loops)
    }

    @Test func help() throws {
        #expect(try CordonConfiguration.parse(arguments: ["--help"], environment: [:]) == .help)
    }

    @Test(arguments: [
        (["--port", "70000"], [String: String](), "--port"),
        (["--port"], [:], "--port"),
        (["--host", "example.com"], [:], "--host"),
        (["--bogus"], [:], "--bogus"),
        ([], ["CORDON_PORT": "http"], "CORDON_PORT"),
        ([], ["CORDON_HOST": "1.2.3"], "CORDON_HOST"),
    ])
    func badValuesNameTheirSource(arguments: [String], environment: [String: String], named: String) {
        #expect {
            try CordonConfiguration.parse(arguments: arguments, environment: environment)
        } throws: { error in
            (error as? ConfigurationError)?.description.contains(named) == true
        }
    }
}

@Suite struct CordonConfigurationFileTests {
    private func parse(_ file: String, named name: String = "cordon.json", environment: [String: String] = [:]) throws -> CordonConfiguration {
        let command = try CordonConfiguration.parse(arguments: ["--config", name], environment: environment) { path in
            #expect(path == name)
            return Data(file.utf8)
        }
        guard case .run(let configuration) = command else { throw ConfigurationError(description: "not run") }
        return configuration
    }

    @Test func jsonFileSetsNestedSettingsAndRules() throws {
        let configuration = try parse("""
            {"port": 9001, "responder": "soc-team", "forensics": {"amiId": "ami-0123456789abcdef0",
             "subnetId": "subnet-01234567", "securityGroupId": "sg-89abcdef"},
             "rules": [{"name": "all-guardduty", "sources": ["guardduty"], "action": "open",
                        "playbook": "contain-instance", "mode": "automatic"}]}
            """)
        #expect(configuration.http.port == 9001)
        #expect(configuration.responderName == "soc-team")
        #expect(configuration.forensicWorkstation?.securityGroupIds == ["sg-89abcdef"])
        #expect(configuration.rules?.map(\.name) == ["all-guardduty"])
    }

    @Test func yamlFileReadsTheSameKeys() throws {
        let configuration = try parse("""
            port: 9002
            aws:
              maxConcurrentCalls: 4
            http:
              idleTimeoutSeconds: 120
              maxConnections: 4096
            quarantineSecurityGroupId: sg-0123456789abcdef0
            """, named: "cordon.yaml")
        #expect(configuration.http.port == 9002)
        #expect(configuration.awsMaxConcurrentCalls == 4)
        #expect(configuration.http.idleTimeout == .seconds(120))
        #expect(configuration.http.maxConnections == 4096)
        #expect(configuration.quarantineSecurityGroupId == "sg-0123456789abcdef0")
    }

    @Test func realisticYAMLFileEqualsTheSameJSONFile() throws {
        let fromYAML = try parse(YAMLFixtures.realisticYAML, named: "cordon.yaml")
        var fromJSON = try parse(YAMLFixtures.realisticJSON, named: "cordon.json")
        fromJSON.configFile = "cordon.yaml"
        #expect(fromYAML == fromJSON)
        #expect(fromYAML.rules?.count == 5)
        #expect(fromYAML.exemptResources.count == 3)
    }

    @Test(arguments: [
        ("port: 9002\nport: 9003\n", "cordon.yaml: invalid YAML: line 2, column 1: duplicate key 'port'"),
        ("rules: &shared []\n", "cordon.yaml: invalid YAML: line 1, column 8: anchors (&) are not supported"),
        ("port: 9002\n---\nport: 1\n", "cordon.yaml: invalid YAML: line 2, column 1: multiple documents are not supported"),
        ("- port\n", "cordon.yaml: must hold an object of settings"),
        ("rules:\n- name: r\n  action: ignore\n  minSeverity: 42\n", "rules[0].minSeverity"),
    ])
    func badYAMLFilesSayWhereAndWhat(file: String, message: String) {
        #expect {
            try parse(file, named: "cordon.yaml")
        } throws: { error in
            (error as? ConfigurationError)?.description.contains(message) == true
        }
    }

    @Test func environmentBeatsTheFile() throws {
        let configuration = try parse(#"{"port": 9001}"#, environment: ["CORDON_PORT": "9005"])
        #expect(configuration.http.port == 9005)
    }

    @Test(arguments: [
        (#"{"prot": 1}"#, "unknown key 'prot'"),
        (#"{"port": "high"}"#, "port"),
        (#"{"http": {"headerTimeoutSeconds": 0}}"#, "http.headerTimeoutSeconds"),
        (#"{"http": {"keepAlive": 5}}"#, "unknown key 'http.keepAlive'"),
        (#"{"forensics": {"amiId": "ami-0123456789abcdef0"}}"#, "CORDON_FORENSIC_SUBNET"),
        (#"{"quarantineSecurityGroupId": "group-1"}"#, "quarantineSecurityGroupId"),
        (#"{"rules": [{"name": "r", "action": "ignore", "minSeverity": 42}]}"#, "rules[0].minSeverity"),
        (#"{"port": 1"#, "invalid JSON"),
        (#"[1, 2]"#, "must hold an object"),
    ])
    func badFilesNameTheField(file: String, named: String) {
        #expect {
            try parse(file)
        } throws: { error in
            (error as? ConfigurationError)?.description.contains(named) == true
        }
    }

    @Test func configCheckCommand() throws {
        #expect(try CordonConfiguration.parse(arguments: ["config", "check", "x.yaml"], environment: [:]) == .checkConfig(path: "x.yaml"))
    }
}
