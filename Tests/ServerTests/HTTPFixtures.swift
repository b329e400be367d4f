@preconcurrency import Glibc
import Foundation
@testable import Server

/// Shared helpers for the HTTP engine's tests: parser drivers, a quiet logger, a live server and a raw client.
enum HTTPFixtures {
    /// What parsing a whole byte string came to.
    enum Outcome: Equatable, CustomStringConvertible {
        /// Every request parsed; their heads and bodies.
        case accepted([HTTPRequestHead], bodies: [Data])
        /// Rejected with this status.
        case rejected(Int)

        var description: String {
            switch self {
            case .accepted(let heads, _): "accepted \(heads.count)"
            case .rejected(let status): "rejected \(status)"
            }
        }
    }

    static let configuration: HTTPConfiguration = {
        var configuration = HTTPConfiguration()
        configuration.maxTargetBytes = 64
        configuration.maxHeaderBytes = 256
        configuration.maxHeaderCount = 8
        return configuration
    }()

    /// Parses `raw`, fed in pieces of `pieceSize` bytes (the whole string when nil).
    static func parse(_ raw: String, pieceSize: Int? = nil, configuration: HTTPConfiguration = configuration) -> Outcome {
        parse(Array(raw.utf8), pieceSize: pieceSize, configuration: configuration)
    }

    /// Parses raw bytes, fed in pieces of `pieceSize` bytes (all at once when nil).
    static func parse(_ bytes: [UInt8], pieceSize: Int? = nil, configuration: HTTPConfiguration = configuration) -> Outcome {
        var parser = HTTPRequestParser(configuration: configuration)
        var heads: [HTTPRequestHead] = []
        var bodies: [Data] = []
        var offset = 0
        let step = max(1, pieceSize ?? bytes.count)
        repeat {
            let end = min(bytes.count, offset + step)
            parser.append(bytes[offset..<end])
            offset = end
            do {
                while let event = try parser.next() {
                    switch event {
                    case .head(let head): heads.append(head); bodies.append(Data())
                    case .body(let piece): bodies[bodies.count - 1].append(piece)
                    case .end: break
                    }
                }
            } catch {
                return .rejected(error.status.code)
            }
        } while offset < bytes.count
        return .accepted(heads, bodies: bodies)
    }

    /// A logger that drops everything.
    static let silentLogger = JSONLineLogger(minimumLevel: .error, clock: { 0 }, sink: { _ in })

    /// Engine limits small and timeouts short enough for tests to reach them quickly.
    static func liveConfiguration(_ adjust: (inout HTTPConfiguration) -> Void = { _ in }) -> HTTPConfiguration {
        var configuration = HTTPConfiguration()
        configuration.port = 0
        configuration.eventLoopCount = 2
        configuration.maxBodyBytes = 1024
        configuration.maxDecompressedBodyBytes = 4096
        configuration.headerTimeout = .milliseconds(300)
        configuration.bodyTimeout = .milliseconds(300)
        configuration.idleTimeout = .milliseconds(300)
        configuration.writeTimeout = .milliseconds(300)
        configuration.shutdownGracePeriod = .seconds(1)
        adjust(&configuration)
        return configuration
    }

    /// The router the live tests use: an immediate echo, a slow async route, and a route that refuses without a token.
    static func router() -> Router {
        var router = Router()
        router.onImmediate(.get, "/healthz") { _ in .json(["status": "ok"]) }
        router.onImmediate(.post, "/echo") { request in
            HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: request.body)
        }
        // Larger than loopback socket buffers can absorb, for the write timeout.
        let big = Data(count: 32 * 1024 * 1024)
        router.onImmediate(.get, "/big") { _ in HTTPResponse(status: .ok, body: big) }
        router.on(.get, "/slow/{millis}") { request in
            let millis = Int(request.pathParameters["millis"] ?? "") ?? 0
            do {
                try await Task.sleep(for: .milliseconds(millis))
            } catch {
                return .problem(.serviceUnavailable, detail: "cancelled")
            }
            return .json(["slept": millis])
        }
        router.on(.post, "/guarded") { request in .json(["bytes": request.body.count]) }
        router.admission = { head, _ in
            guard head.path == "/guarded" else { return .proceed(maxBodyBytes: nil) }
            guard head.headers["Authorization"] == "Bearer good" else {
                return .refuse(.problem(.unauthorized, detail: "A bearer token is required."))
            }
            return .proceed(maxBodyBytes: 100)
        }
        return router
    }

    /// Starts a server on a free port, runs `body`, then shuts it down and waits for it to stop.
    static func withServer(
        _ configuration: HTTPConfiguration = liveConfiguration(),
        responder: any HTTPResponder = router(),
        logger: JSONLineLogger = silentLogger,
        _ body: (HTTPServer) throws -> Void
    ) throws {
        let server = try HTTPServer(configuration: configuration, responder: responder, logger: logger)
        try server.start()
        defer {
            server.shutdown()
            server.waitUntilStopped()
        }
        try body(server)
    }

    /// gzip-compresses `data` with the system `gzip` tool's format via zlib's deflate.
    static func gzip(_ data: Data) -> Data {
        let input = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("cordon-gzip-\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: input.path, contents: data) else { return Data() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", "-n", input.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { return Data() }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        unlink(input.path)
        return output
    }
}

/// A blocking loopback client that speaks raw bytes, so tests control exactly what goes on the wire.
final class RawClient {
    /// A parsed response.
    struct Response {
        let status: Int
        let headers: [String: String]
        let body: Data
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let descriptor: Int32
    private var buffered: [UInt8] = []

    /// Connects to 127.0.0.1:`port`; reads give up after `timeout` seconds so a test never hangs.
    init(port: Int, timeout: Int = 5) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port)).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var time = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect failed: \(errno)") }
    }

    deinit { close(descriptor) }

    /// Sends a string's bytes.
    func send(_ text: String) { send(Array(text.utf8)) }

    /// Sends bytes, ignoring a peer that already closed.
    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads one response, Content-Length framed; `toHead` means no body follows whatever it announces.
    func readResponse(toHead: Bool = false) throws -> Response {
        var headEnd: Int?
        while headEnd == nil {
            if let range = findHeadEnd() { headEnd = range; break }
            guard try fill() else { throw Failure(description: "closed before a response head") }
        }
        guard let headEnd else { throw Failure(description: "no head") }
        let headText = String(decoding: buffered[0..<headEnd], as: UTF8.self)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw Failure(description: "bad status line") }
        var headers: [String: String] = [:]
        for line in lines where !line.isEmpty {
            let parts = line.split(separator: ":", maxSplits: 1)
            headers[parts[0].lowercased()] = parts.count > 1 ? String(parts[1].dropFirst()) : ""
        }
        buffered.removeFirst(headEnd + 4)
        let length = toHead || status == 100 || status == 204 ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        while buffered.count < length {
            guard try fill() else { throw Failure(description: "closed inside a body") }
        }
        let body = Data(buffered[0..<length])
        buffered.removeFirst(length)
        return Response(status: status, headers: headers, body: body)
    }

    /// Whether the server closed the connection (reads EOF) before `timeout` ran out.
    func isClosedByPeer() -> Bool {
        do {
            while try fill() { buffered.removeAll() }
            return true
        } catch {
            return false
        }
    }

    /// Whatever arrives before EOF.
    func readToEnd() throws -> String {
        while try fill() {}
        return String(decoding: buffered, as: UTF8.self)
    }

    private func findHeadEnd() -> Int? {
        guard buffered.count >= 4 else { return nil }
        for index in 0...(buffered.count - 4)
        where buffered[index] == 13 && buffered[index + 1] == 10 && buffered[index + 2] == 13 && buffered[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// Reads more bytes; false on EOF or reset, throws on timeout.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffered.append(contentsOf: chunk[0..<count])
            return true
        }
        if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { throw Failure(description: "read timed out") }
        return false
    }
}
