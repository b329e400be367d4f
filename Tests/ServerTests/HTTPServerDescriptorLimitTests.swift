@preconcurrency import Glibc
import Foundation
import Synchronization
import Testing
@testable import Server

/// The engine when the process runs out of file descriptors.
@Suite struct HTTPServerDescriptorLimitTests {
    @Test(arguments: [(1024, 1024, 896), (1024, 1_048_576, 1024), (50, 1000, 50), (1024, 100, 1), (10, Int.max, 10)])
    func connectionLimitLeavesRoomForTheRestOfTheService(configured: Int, openFiles: Int, expected: Int) {
        #expect(HTTPServer.connectionLimit(configured: configured, openFileLimit: openFiles) == expected)
    }

    /// Every loop's epoll instance is made by `init`: without descriptors for them the server does not start, and
    /// what it had opened is closed. (A loop made on its own thread could fail after `start` returned, and the
    /// connections dealt to it then hung: found by the test below, under load.)
    @Test func serverWithoutDescriptorsForItsLoopsDoesNotStart() throws {
        let configuration = HTTPFixtures.liveConfiguration { $0.eventLoopCount = 2 }
        let open = try Self.openDescriptorCount()
        // Room for the listener and two inbox pipes (5 descriptors), not for the first epoll instance.
        let failure = try Self.withSpareDescriptors(5) { () -> HTTPServerError? in
            do {
                _ = try HTTPServer(configuration: configuration, responder: HTTPFixtures.router(), logger: HTTPFixtures.silentLogger)
                return nil
            } catch {
                return error as? HTTPServerError
            }
        }
        #expect(failure?.operation == "epoll_create1")
        #expect(try Self.openDescriptorCount() == open)
    }

    /// Out of descriptors, a loop stops watching the listener for a moment instead of retrying `accept` at once
    /// (it spun, logging "accept failed" about 400,000 times a second), keeps serving its open connections, and
    /// accepts the waiting ones once descriptors are free again.
    @Test func outOfDescriptorsPausesAcceptingThenResumes() throws {
        let warnings = Mutex<[String]>([])
        let logger = JSONLineLogger(minimumLevel: .warning, clock: { 0 }) { bytes in
            warnings.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
        }
        let configuration = HTTPFixtures.liveConfiguration { $0.idleTimeout = .seconds(10); $0.headerTimeout = .seconds(10) }
        try HTTPFixtures.withServer(configuration, logger: logger) { server in
            let request = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            let served = try RawClient(port: server.port)
            served.send(request)
            #expect(try served.readResponse().status == 200)

            let (waiting, pauses, failures) = try Self.withSpareDescriptors(4) {
                var waiting: [RawClient] = []
                // Clients until no descriptor is left for another: the server, in the same process, has none either.
                while waiting.count < 10, let client = try? RawClient(port: server.port) { waiting.append(client) }
                usleep(500_000)
                let (pauses, failures) = warnings.withLock { lines in
                    (lines.filter { $0.contains("accept paused") }.count, lines.filter { $0.contains("accept failed") }.count)
                }
                return (waiting, pauses, failures)
            }

            #expect(waiting.count >= 2)
            // Two loops pausing 100 ms at a time for half a second: about ten; spinning gave thousands.
            #expect((1...40).contains(pauses))
            #expect(failures == 0)
            served.send(request)
            #expect(try served.readResponse().status == 200)
            for client in waiting {
                client.send(request)
                #expect(try client.readResponse().status == 200)
            }
        }
    }

    /// Descriptors open in this process.
    static func openDescriptorCount() throws -> Int {
        // The listing opens the directory itself: one more than the others, closed again when it returns.
        try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count - 1
    }

    /// Runs `body` with room for only `spare` more descriptors (the soft `RLIMIT_NOFILE`), then restores the limit.
    static func withSpareDescriptors<T>(_ spare: Int, _ body: () throws -> T) throws -> T {
        var saved = rlimit()
        #expect(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &saved) == 0)
        var low = saved
        low.rlim_cur = rlim_t(try openDescriptorCount() + spare)
        #expect(setrlimit(Int32(RLIMIT_NOFILE.rawValue), &low) == 0)
        defer { #expect(setrlimit(Int32(RLIMIT_NOFILE.rawValue), &saved) == 0) }
        return try body()
    }
}
