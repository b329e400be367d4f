@preconcurrency import Glibc
import Foundation
import Testing
@testable import AWSClient

// Shared helpers of the transport tests: a scripted raw-socket loopback peer, and a throwaway CA with an HTTPS
// peer (python3's ssl module) for the TLS tests.

/// A loopback peer that accepts connections and runs `script` on each, on its own thread, writing exact bytes.
final class ScriptedPeer: Sendable {
    /// One accepted connection, as the script sees it.
    struct Connection {
        /// The connection's number, from 0 in order of acceptance.
        let index: Int
        fileprivate let descriptor: Int32
        fileprivate let pending = PendingBytes()

        /// Reads one request: its head up to the blank line, then a Content-Length body. Empty at end of stream.
        func readRequest() -> String {
            var bytes = pending.take()
            while !bytes.contains(subsequence: Array("\r\n\r\n".utf8)) {
                guard let more = receive() else { return String(decoding: bytes, as: UTF8.self) }
                bytes += more
            }
            let headEnd = bytes.firstRange(of: Array("\r\n\r\n".utf8))!.upperBound
            let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            while bytes.count < headEnd + length, let more = receive() { bytes += more }
            pending.keep(Array(bytes[min(bytes.count, headEnd + length)...]))
            return String(decoding: bytes[..<min(bytes.count, headEnd + length)], as: UTF8.self)
        }

        /// Writes the text's bytes exactly.
        func write(_ text: String) {
            let bytes = Array(text.utf8)
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard sent > 0 else { return }
                offset += sent
            }
        }

        /// Acts as an established CONNECT tunnel: relays bytes both ways to 127.0.0.1:`port` until either side ends.
        func relay(toPort port: Int) {
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            guard connected else { return }
            let client = descriptor
            write("HTTP/1.1 200 Connection established\r\n\r\n")
            let done = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                Self.pump(from: upstream, to: client)
                done.signal()
            }
            Self.pump(from: client, to: upstream)
            shutdown(client, Int32(SHUT_RDWR))
            shutdown(upstream, Int32(SHUT_RDWR))
            done.wait()
            close(upstream)
        }

        private static func pump(from source: Int32, to target: Int32) {
            var buffer = [UInt8](repeating: 0, count: 16_384)
            while true {
                let count = Glibc.read(source, &buffer, buffer.count)
                guard count > 0, Glibc.send(target, buffer, count, Int32(MSG_NOSIGNAL)) == count else { break }
            }
            shutdown(target, Int32(SHUT_WR))
        }

        /// Ends the connection from this side now (the client sees end of stream).
        func hangUp() {
            shutdown(descriptor, Int32(SHUT_RDWR))
        }

        /// Waits until the client closes its end (or the peer is stopped).
        func waitForClose() {
            while receive() != nil {}
        }

        private func receive() -> [UInt8]? {
            var buffer = [UInt8](repeating: 0, count: 65_536)
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            return count > 0 ? Array(buffer[..<count]) : nil
        }
    }

    /// The port it listens on, on 127.0.0.1.
    let port: Int
    private let listener: Int32
    private let accepted = AcceptCounter()

    /// Starts listening; every accepted connection runs `script` on a new thread and is closed after it.
    init(_ script: @escaping @Sendable (Connection) -> Void) throws {
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listener = listener
        let ready = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(listener, raw, length) == 0 && listen(listener, 16) == 0 && getsockname(listener, raw, &length) == 0
            }
        }
        try #require(ready)
        port = Int(UInt16(bigEndian: address.sin_port))
        let accepted = accepted
        Thread.detachNewThread {
            while true {
                let descriptor = accept(listener, nil, nil)
                guard descriptor >= 0 else { return }
                let connection = Connection(index: accepted.next(), descriptor: descriptor)
                Thread.detachNewThread {
                    script(connection)
                    close(descriptor)
                }
            }
        }
    }

    deinit {
        // shutdown(2) wakes the blocked accept(2); then the descriptor can go.
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    /// How many connections it has accepted.
    var acceptCount: Int { accepted.count }

    /// Its URL with `path`.
    func url(_ path: String = "/", scheme: String = "http", host: String = "127.0.0.1") -> URL {
        URL(string: "\(scheme)://\(host):\(port)\(path)")!
    }
}

/// Counts accepted connections. `@unchecked Sendable`: `value` is only touched under `lock`.
final class AcceptCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value - 1
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

/// The requests a peer saw. `@unchecked Sendable`: `requests` is only touched under `lock`.
final class RequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [String] = []

    func append(_ request: String) {
        lock.lock()
        requests.append(request)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return requests
    }
}

/// Bytes read past one request, kept for the next. `@unchecked Sendable`: only touched under `lock`.
final class PendingBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: [UInt8] = []

    func take() -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        let taken = bytes
        bytes = []
        return taken
    }

    func keep(_ more: [UInt8]) {
        lock.lock()
        bytes = more
        lock.unlock()
    }
}

/// A one-shot signal between a peer's thread and the test. `@unchecked Sendable`: a DispatchSemaphore is thread-safe.
final class PeerSignal: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    func raise() { semaphore.signal() }

    /// Waits without holding a cooperative thread.
    func wait() async {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.semaphore.wait()
                continuation.resume()
            }
        }
    }
}

extension Array where Element == UInt8 {
    fileprivate func contains(subsequence: [UInt8]) -> Bool {
        firstRange(of: subsequence) != nil
    }
}

/// A POST with a small form body to `url`.
func post(_ url: URL, body: String = "Action=Test") -> AWSHTTPRequest {
    AWSHTTPRequest(method: "POST", url: url, headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Data(body.utf8))
}

/// Whether `error` is a transport error with that code whose message mentions `text`.
func isTransportError(_ error: any Error, code: String, mentioning text: String = "") -> Bool {
    guard let error = error as? AWSClientError else { return false }
    return error.kind == .transport && error.code == code && (text.isEmpty || error.message.contains(text))
}

/// A throwaway CA, made with the openssl CLI in a temporary directory, and HTTPS peers with certificates it signed.
struct TestCertificateAuthority {
    /// The directory holding the keys and certificates.
    let directory: URL

    /// The CA certificate (PEM), for AWS_CA_BUNDLE.
    var caBundle: String { directory.appendingPathComponent("ca.pem").path }

    /// Makes the CA and two server certificates: "right" for localhost and 127.0.0.1, "wrong" for another name.
    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cordon-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try run(["req", "-x509"] + curve + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Cordon Test CA",
                 "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"])
        for (name, names) in [("right", "DNS:localhost,IP:127.0.0.1"), ("wrong", "DNS:other.example")] {
            try run(["req"] + curve + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/CN=\(name)"])
            try "subjectAltName=\(names)\n".write(to: directory.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
            try run(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                     "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext"])
        }
    }

    /// Starts python3 serving HTTPS with the named certificate ("right" or "wrong"): every connection gets one
    /// `200 OK` with body "ok" and is closed. Stop it with `stop(_:)`.
    func serve(_ certificate: String) throws -> (process: Process, port: Int) {
        let script = """
            import socket, ssl, sys
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[1], sys.argv[2])
            listener = socket.socket()
            listener.bind(("127.0.0.1", 0))
            listener.listen(8)
            print(listener.getsockname()[1], flush=True)
            while True:
                connection, _ = listener.accept()
                try:
                    tls = context.wrap_socket(connection, server_side=True)
                    data = b""
                    while b"\\r\\n\\r\\n" not in data:
                        chunk = tls.recv(4096)
                        if not chunk:
                            break
                        data += chunk
                    tls.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok")
                    tls.close()
                except Exception:
                    connection.close()
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, directory.appendingPathComponent("\(certificate).pem").path,
                             directory.appendingPathComponent("\(certificate).key").path]
        let output = Pipe()
        process.standardOutput = output
        // Not the test runner's stderr: swift test waits for every holder of that pipe to close it.
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let more = output.fileHandleForReading.availableData
            guard !more.isEmpty else { break }
            line += more
        }
        let port = try #require(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)))
        return (process, port)
    }

    /// Stops a server `serve` started. SIGKILL, because the child inherits the test runner's blocked signals
    /// (SIGTERM did not end it).
    func stop(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    private func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl \(arguments.prefix(2).joined(separator: " ")) failed")
    }
}
