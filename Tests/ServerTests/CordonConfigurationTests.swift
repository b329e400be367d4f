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
