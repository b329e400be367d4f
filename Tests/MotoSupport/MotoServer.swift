import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One moto_server process on a free loopback port, started once per test process and stopped when it exits.
public actor MotoServer {
    /// The moto that does not check signatures (INITIAL_NO_AUTH_ACTION_COUNT unset).
    public static let open = MotoServer(environment: [:])
    /// The moto that authenticates every action from the start.
    public static let authenticating = MotoServer(environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "0"])

    /// moto_server's path, when installed.
    public static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/moto_server" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether the moto suites run: when moto is installed, and always on CI, where a missing moto must fail.
    public static let enabled = executable != nil || ProcessInfo.processInfo.environment["CI"] == "true"

    private let environment: [String: String]
    private var starting: Task<URL, Error>?
    private var process: WatchedProcess?

    private init(environment: [String: String]) {
        self.environment = environment
    }

    /// The endpoint URL, starting the server on first use and waiting until it answers.
    public func url() async throws -> URL {
        // Callers that arrive while it starts wait for the same start (the actor is reentrant across the wait).
        if let starting { return try await starting.value }
        let task = Task { try await start() }
        starting = task
        return try await task.value
    }

    private func start() async throws -> URL {
        guard let executable = Self.executable else {
            throw MotoSupportError("moto_server is not on PATH (pip install 'moto[server]')")
        }
        let port = try freeLoopbackPort()
        let credentials = ["AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_DEFAULT_REGION": "us-east-1"]
        process = try WatchedProcess(executable, ["-H", "127.0.0.1", "-p", "\(port)"],
                                     environment: credentials.merging(environment) { _, new in new })
        let url = URL(string: "http://127.0.0.1:\(port)/")!
        try await waitUntilAnswering(URL(string: "moto-api/", relativeTo: url)!, what: "moto_server")
        return url
    }
}

/// Waits until `url` answers an HTTP GET (any status), for up to 60 s; `what` names the server in the error.
/// (Probe moto with `moto-api/`, its static dashboard: `moto-api/data.json` serializes every resource it holds.)
public func waitUntilAnswering(_ url: URL, what: String) async throws {
    var request = URLRequest(url: url)
    request.timeoutInterval = 2
    for _ in 0..<600 {
        do {
            _ = try await URLSession.shared.data(for: request)
            return
        } catch {
            try await Task.sleep(for: .milliseconds(100))
        }
    }
    throw MotoSupportError("\(what) did not answer at \(url.absoluteString)")
}
