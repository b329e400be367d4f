import Foundation
import Testing

@testable import AWSClient

/// Where the shared test data lives: `../shared/testdata` next to the package root.
let signingTestDataDirectory: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        url.deleteLastPathComponent()
    }
    return url.deletingLastPathComponent().appendingPathComponent("shared/testdata")
}()

/// One case folder of the SigV4 test suite (aws-c-auth's v4 format).
struct SigV4SuiteCase: CustomTestStringConvertible, Sendable {
    let name: String
    let directory: URL
    let request: SuiteRequest
    let credentials: AWSCredentials
    let region: String
    let service: String
    let date: Date
    let expires: Int
    let options: SigV4Signer.Options

    var testDescription: String { name }

    /// Every folder holding a request.txt, at any depth, sorted by relative path.
    static func all() -> [SigV4SuiteCase] {
        let root = signingTestDataDirectory.appendingPathComponent("aws-sigv4-test-suite")
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        var cases: [SigV4SuiteCase] = []
        while let url = walker?.nextObject() as? URL {
            guard url.lastPathComponent == "request.txt" else { continue }
            let directory = url.deletingLastPathComponent()
            let name = String(directory.path.dropFirst(root.path.count + 1))
            do {
                cases.append(try SigV4SuiteCase(name: name, directory: directory))
            } catch {
                Issue.record("cannot load suite case \(name): \(error)")
            }
        }
        return cases.sorted { $0.name < $1.name }
    }

    init(name: String, directory: URL) throws {
        self.name = name
        self.directory = directory
        request = try SuiteRequest(parsing: Data(contentsOf: directory.appendingPathComponent("request.txt")))
        let context = try JSONDecoder().decode(
            SuiteContext.self, from: Data(contentsOf: directory.appendingPathComponent("context.json"))
        )
        credentials = AWSCredentials(
            accessKeyId: context.credentials.access_key_id,
            secretAccessKey: context.credentials.secret_access_key,
            sessionToken: context.credentials.token
        )
        region = context.region
        service = context.service
        expires = context.expiration_in_seconds
        guard let date = ISO8601DateFormatter().date(from: context.timestamp) else {
            throw SuiteError(message: "bad timestamp \(context.timestamp)")
        }
        self.date = date
        options = SigV4Signer.Options(
            normalizePath: context.normalize, addContentHashHeader: context.sign_body,
            signSessionToken: !(context.omit_session_token ?? false)
        )
    }

    var signer: SigV4Signer {
        SigV4Signer(credentials: credentials, region: region, service: service, options: options)
    }

    /// The text of one expected-output file of the case.
    func expected(_ file: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
    }
}

/// A test-suite error (a file that does not parse).
struct SuiteError: Error {
    let message: String
}

/// The context.json of a suite case.
struct SuiteContext: Decodable {
    struct Credentials: Decodable {
        let access_key_id: String
        let secret_access_key: String
        let token: String?
    }

    let credentials: Credentials
    let expiration_in_seconds: Int
    let normalize: Bool
    let region: String
    let service: String
    let sign_body: Bool
    let timestamp: String
    let omit_session_token: Bool?
}

/// A raw HTTP/1.1 request as the suite writes it: request line, headers (folded lines kept), body.
struct SuiteRequest: Sendable {
    let method: String
    let path: String
    let query: String?
    let headers: [(name: String, value: String)]
    let body: Data

    init(parsing data: Data) throws {
        let text = String(decoding: data, as: UTF8.self)
        let (head, body) = text.range(of: "\n\n").map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) }
            ?? (text, "")
        var lines = head.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 3 else { throw SuiteError(message: "bad request line") }
        method = String(requestLine[0])
        // The target may contain a space (get-space-*): everything between the method and the version.
        let target = requestLine.dropFirst().dropLast().joined(separator: " ")
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = String(parts[0])
        query = parts.count > 1 ? String(parts[1]) : nil
        var headers: [(name: String, value: String)] = []
        for line in lines {
            if line.first == " " || line.first == "\t", let last = headers.popLast() {
                headers.append((last.name, last.value + "\n" + line))
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            } else {
                throw SuiteError(message: "bad header line \(line)")
            }
        }
        self.headers = headers
        self.body = Data(body.utf8)
    }

    /// The request as an `AWSHTTPRequest`, when its target is a valid URL as written (not get-space, get-utf8).
    var awsRequest: AWSHTTPRequest? {
        let host = headers.first { $0.name.lowercased() == "host" }?.value ?? ""
        let target = path + (query.map { "?" + $0 } ?? "")
        guard let url = URL(string: "https://\(host)\(target)"), RequestTarget(url: url).path == path,
            RequestTarget(url: url).query == query
        else { return nil }
        return AWSHTTPRequest(method: method, url: url, headers: headers, body: body)
    }
}

/// Headers as comparable lines, `lower-name:canonical value`, sorted.
func normalizedHeaderLines(_ headers: [(name: String, value: String)]) -> [String] {
    headers.map { "\($0.name.lowercased()):\(SigV4Signer.trimmed($0.value))" }.sorted()
}

// MARK: - Fakes for the credential providers

/// A transport that answers from a route table and records every request: for requests sent concurrently,
/// whose order a script cannot know.
actor RouteTableTransport: AWSHTTPTransport {
    /// Answers by route (by default "METHOD URL"); a missing route is a transport failure, as when nothing listens.
    var routes: [String: AWSHTTPResponse]
    /// Every request received, in order.
    private(set) var requests: [AWSHTTPRequest] = []
    private let route: @Sendable (AWSHTTPRequest) -> String

    init(_ routes: [String: AWSHTTPResponse] = [:],
         route: @escaping @Sendable (AWSHTTPRequest) -> String = { "\($0.method) \($0.url.absoluteString)" }) {
        self.routes = routes
        self.route = route
    }

    /// Routes Query-protocol requests by their form's `Action`, `Attribute` and first filter name, joined by "|"
    /// (e.g. "DescribeInstanceAttribute|disableApiStop|", "DescribeInstances||ip-address").
    static func byAction(_ routes: [String: Result<AWSHTTPResponse, AWSClientError>]) throws -> RouteTableTransport {
        RouteTableTransport(try routes.mapValues { try $0.get() }) { request in
            let form = formFields(request)
            return [form["Action"], form["Attribute"], form["Filter.1.Name"]].map { $0 ?? "" }.joined(separator: "|")
        }
    }

    func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        requests.append(request)
        let key = route(request)
        guard let response = routes[key] else {
            throw AWSClientError(kind: .transport, code: "ConnectionRefused", message: "nothing at \(key)")
        }
        return response
    }

    /// The form fields of every request sent, decoded.
    func forms() -> [[String: String]] {
        requests.map(formFields)
    }
}

/// A fake STS that records its calls and answers with fixed credentials per role.
actor FakeRoleAssumer: RoleAssumer {
    /// One recorded call.
    struct Call: Equatable {
        let roleArn: String
        let sessionName: String
        let externalId: String?
        let durationSeconds: Int?
        let sourceAccessKey: String?
        let webIdentityToken: String?
        let region: String
    }

    private(set) var calls: [Call] = []
    /// Roles whose assumption fails with AccessDenied.
    let deniedRoles: Set<String>

    init(deniedRoles: Set<String> = []) {
        self.deniedRoles = deniedRoles
    }

    /// The credentials the fake issues for a role: the key names the role's last path element.
    static func issued(for roleArn: String) -> AWSCredentials {
        let name = roleArn.split(separator: "/").last.map(String.init) ?? roleArn
        return AWSCredentials(
            accessKeyId: "ASIA-\(name)", secretAccessKey: "secret-\(name)", sessionToken: "token-\(name)",
            expiration: Date(timeIntervalSince1970: 2_000_000_000)
        )
    }

    func assumeRole(
        roleArn: String, sessionName: String, externalId: String?, durationSeconds: Int?,
        using credentials: AWSCredentials, region: String
    ) async throws -> AWSCredentials {
        calls.append(Call(
            roleArn: roleArn, sessionName: sessionName, externalId: externalId, durationSeconds: durationSeconds,
            sourceAccessKey: credentials.accessKeyId, webIdentityToken: nil, region: region
        ))
        return try answer(roleArn)
    }

    func assumeRoleWithWebIdentity(
        roleArn: String, sessionName: String, webIdentityToken: String, region: String
    ) async throws -> AWSCredentials {
        calls.append(Call(
            roleArn: roleArn, sessionName: sessionName, externalId: nil, durationSeconds: nil,
            sourceAccessKey: nil, webIdentityToken: webIdentityToken, region: region
        ))
        return try answer(roleArn)
    }

    private func answer(_ roleArn: String) throws -> AWSCredentials {
        if deniedRoles.contains(roleArn) {
            throw AWSClientError(kind: .service, code: "AccessDenied", message: "not authorized", httpStatus: 403)
        }
        return Self.issued(for: roleArn)
    }
}

/// A provider that counts calls, answers from a script, and can hold each call until released.
actor ScriptedProvider: CredentialProvider {
    private var script: [Result<AWSCredentials, AWSClientError>]
    private(set) var calls = 0
    private var held: [CheckedContinuation<Void, Never>] = []
    private let holds: Bool

    init(_ script: [Result<AWSCredentials, AWSClientError>], holds: Bool = false) {
        self.script = script
        self.holds = holds
    }

    func credentials() async throws -> AWSCredentials {
        calls += 1
        if holds { await withCheckedContinuation { held.append($0) } }
        guard !script.isEmpty else { throw AWSClientError.credentialsNotConfigured("script exhausted") }
        return try script.removeFirst().get()
    }

    /// Lets every held call continue.
    func release() {
        held.forEach { $0.resume() }
        held.removeAll()
    }
}

/// A directory of files for one test, removed when the value goes away.
final class ScratchDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("cordon-signing-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to `name` in the directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    deinit {
        // Best-effort cleanup of a temporary directory; a leftover one harms nothing.
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Long-term test keys that no assertion message may reveal.
let signingTestKeys = AWSCredentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

/// A credentials document as the container endpoint and IMDS return it.
func credentialsDocument(key: String, expiration: String = "2033-05-18T03:33:20Z") -> AWSHTTPResponse {
    AWSHTTPResponse(status: 200, body: Data("""
        {"Code":"Success","AccessKeyId":"\(key)","SecretAccessKey":"secret-\(key)","Token":"token-\(key)","Expiration":"\(expiration)"}
        """.utf8))
}

/// The error a throwing call raised, as an `AWSClientError`.
func caughtClientError(_ body: () async throws -> some Any) async -> AWSClientError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error as? AWSClientError
    }
}
