/// `cordon`'s settings from flags and environment (flags beat environment; then the defaults).
struct CordonConfiguration: Equatable, Sendable {
    /// The listen address (`--host`, `CORDON_HOST`).
    var host = "127.0.0.1"
    /// The listen port (`--port`, `CORDON_PORT`).
    var port = 8080
    /// Where incidents and journals live (`--data-dir`, `CORDON_DATA_DIR`).
    var dataDirectory = "./data"

    /// What the command line asks for.
    enum Command: Equatable {
        /// Run the server with these settings.
        case run(CordonConfiguration)
        /// Print usage and exit 0.
        case help
    }

    /// The usage text for `--help`.
    static let usage = """
        Usage: cordon [--host ADDRESS] [--port PORT] [--data-dir PATH]

          --host ADDRESS    IPv4 address to listen on (env CORDON_HOST, default 127.0.0.1)
          --port PORT       TCP port, 0-65535 (env CORDON_PORT, default 8080)
          --data-dir PATH   data directory, created if missing (env CORDON_DATA_DIR, default ./data)
          --help            show this help

        """

    /// Parses arguments (without the program name) over the environment.
    static func parse(arguments: [String], environment: [String: String]) throws(ConfigurationError) -> Command {
        var configuration = CordonConfiguration()
        if let host = environment["CORDON_HOST"] { configuration.host = try validHost(host, source: "CORDON_HOST") }
        if let port = environment["CORDON_PORT"] { configuration.port = try validPort(port, source: "CORDON_PORT") }
        if let directory = environment["CORDON_DATA_DIR"] {
            configuration.dataDirectory = try validDirectory(directory, source: "CORDON_DATA_DIR")
        }
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            var flag = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                flag = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if flag == "--help" || flag == "-h" { return .help }
            guard ["--host", "--port", "--data-dir"].contains(flag) else {
                throw ConfigurationError(description: "unknown argument '\(argument)' (see --help)")
            }
            guard let value = inlineValue ?? remaining.popFirst() else {
                throw ConfigurationError(description: "\(flag) needs a value")
            }
            switch flag {
            case "--host": configuration.host = try validHost(value, source: "--host")
            case "--port": configuration.port = try validPort(value, source: "--port")
            default: configuration.dataDirectory = try validDirectory(value, source: "--data-dir")
            }
        }
        return .run(configuration)
    }

    private static func validHost(_ value: String, source: String) throws(ConfigurationError) -> String {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv4 = parts.count == 4 && parts.allSatisfy { part in
            guard let number = Int(part), part.count <= 3 else { return false }
            return (0...255).contains(number)
        }
        guard isIPv4 || value == "localhost" else {
            throw ConfigurationError(description: "\(source): '\(value)' is not an IPv4 address or localhost")
        }
        return value
    }

    private static func validPort(_ value: String, source: String) throws(ConfigurationError) -> Int {
        guard let port = Int(value), (0...65_535).contains(port) else {
            throw ConfigurationError(description: "\(source): '\(value)' is not a port number (0-65535)")
        }
        return port
    }

    private static func validDirectory(_ value: String, source: String) throws(ConfigurationError) -> String {
        guard !value.isEmpty, !value.contains("\0") else {
            throw ConfigurationError(description: "\(source): the data directory must be a non-empty path")
        }
        return value
    }
}
