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
        #expect(command == .run(CordonConfiguration(host: "0.0.0.0", port: 9000, dataDirectory: "/tmp/d")))
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
        #expect(configuration.port == 9001)
        #expect(configuration.responderName == "soc-team")
        #expect(configuration.forensicWorkstation?.securityGroupIds == ["sg-89abcdef"])
        #expect(configuration.rules?.map(\.name) == ["all-guardduty"])
    }

    @Test func yamlFileReadsTheSameKeys() throws {
        let configuration = try parse("""
            port: 9002
            aws:
              maxConcurrentCalls: 4
            quarantineSecurityGroupId: sg-0123456789abcdef0
            """, named: "cordon.yaml")
        #expect(configuration.port == 9002)
        #expect(configuration.awsMaxConcurrentCalls == 4)
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
        #expect(configuration.port == 9005)
    }

    @Test(arguments: [
        (#"{"prot": 1}"#, "unknown key 'prot'"),
        (#"{"port": "high"}"#, "port"),
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
