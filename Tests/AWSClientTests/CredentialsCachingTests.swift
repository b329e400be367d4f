import Foundation
import Testing

@testable import AWSClient

/// The caching wrapper and the default chain.
@Suite struct CredentialsCachingTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    static func temporary(_ key: String, expiresIn seconds: TimeInterval) -> AWSCredentials {
        AWSCredentials(accessKeyId: key, secretAccessKey: "s", sessionToken: "t", expiration: start + seconds)
    }

    /// A settable clock for the wrapper; its `now` must be synchronous, so it guards its one value with a lock
    /// (NSLock rather than Mutex: Mutex trips the thread sanitizer here, see STYLE.md).
    final class TestClock: @unchecked Sendable {
        private let lock = NSLock()
        private var current: Date
        init(_ date: Date) { current = date }
        var now: Date { lock.withLock { current } }
        func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    }

    @Test func servesCachedUntilTheRefreshMarginThenRefreshes() async throws {
        let base = ScriptedProvider([.success(Self.temporary("first", expiresIn: 3_600)), .success(Self.temporary("second", expiresIn: 7_200))])
        let clock = TestClock(Self.start)
        let cache = CachingCredentialProvider(wrapping: base, refreshMargin: 300, now: { clock.now })
        #expect(try await cache.credentials().accessKeyId == "first")
        clock.advance(3_299)
        #expect(try await cache.credentials().accessKeyId == "first")
        #expect(await base.calls == 1)
        clock.advance(1)
        #expect(try await cache.credentials().accessKeyId == "second")
        #expect(await base.calls == 2)
    }

    @Test func longTermKeysAreFetchedOnce() async throws {
        let base = ScriptedProvider([.success(testKeys)])
        let cache = CachingCredentialProvider(wrapping: base, now: { Self.start })
        for _ in 0..<3 { #expect(try await cache.credentials() == testKeys) }
        #expect(await base.calls == 1)
    }

    @Test func concurrentCallersShareOneRefresh() async throws {
        let base = ScriptedProvider([.success(Self.temporary("shared", expiresIn: 3_600))], holds: true)
        let cache = CachingCredentialProvider(wrapping: base, now: { Self.start })
        let callers = (0..<8).map { _ in Task { try await cache.credentials() } }
        // Let every caller reach the cache while the one refresh is held open.
        while await base.calls == 0 { await Task.yield() }
        for _ in 0..<200 { await Task.yield() }
        await base.release()
        for caller in callers { #expect(try await caller.value.accessKeyId == "shared") }
        #expect(await base.calls == 1)
    }

    @Test func failedRefreshKeepsStillValidCredentials() async throws {
        let base = ScriptedProvider([
            .success(Self.temporary("first", expiresIn: 600)),
            .failure(.credentialsUnavailable("IMDS hiccup")),
            .failure(.credentialsUnavailable("IMDS down")),
        ])
        let clock = TestClock(Self.start)
        let cache = CachingCredentialProvider(wrapping: base, refreshMargin: 300, now: { clock.now })
        _ = try await cache.credentials()
        clock.advance(400)
        #expect(try await cache.credentials().accessKeyId == "first")
        clock.advance(300)
        let error = try #require(await awsError { try await cache.credentials() })
        #expect(error.message == "IMDS down")
    }

    @Test func invalidateForcesARefresh() async throws {
        let base = ScriptedProvider([.success(testKeys), .success(Self.temporary("rotated", expiresIn: 3_600))])
        let cache = CachingCredentialProvider(wrapping: base, now: { Self.start })
        _ = try await cache.credentials()
        await cache.invalidate()
        #expect(try await cache.credentials().accessKeyId == "rotated")
    }

    @Test func chainSkipsAbsentSourcesAndReturnsTheFirstFound() async throws {
        let chain = CredentialProviderChain([
            ("one", ScriptedProvider([.failure(.credentialsNotConfigured("one is not set"))])),
            ("two", StaticCredentialProvider(testKeys)),
            ("three", ScriptedProvider([.success(Self.temporary("never", expiresIn: 60))])),
        ])
        #expect(try await chain.credentials() == testKeys)
    }

    @Test func chainStopsAtAConfiguredSourceThatFails() async throws {
        let later = ScriptedProvider([.success(testKeys)])
        let chain = CredentialProviderChain([
            ("environment", ScriptedProvider([.failure(.credentialsNotConfigured("AWS_ACCESS_KEY_ID is not set"))])),
            ("container", ScriptedProvider([.failure(.credentialsUnavailable("endpoint answered HTTP 500", httpStatus: 500))])),
            ("instance metadata", later),
        ])
        let error = try #require(await awsError { try await chain.credentials() })
        #expect(error.message.contains("container credentials are configured but failed"))
        #expect(error.message.contains("environment: AWS_ACCESS_KEY_ID is not set"))
        #expect(error.httpStatus == 500)
        #expect(await later.calls == 0)
    }

    @Test func standardChainOrderAndExplanation() async throws {
        let scratch = try ScratchDirectory()
        var environment = [
            "AWS_CONFIG_FILE": scratch.path + "/absent-config",
            "AWS_SHARED_CREDENTIALS_FILE": try scratch.write("credentials", "[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = file-secret\n"),
        ]
        let make = { (environment: [String: String]) in
            CredentialProviderChain.standard(
                environment: environment, region: "us-east-1", defaultSessionName: "cordon",
                roleAssumer: FakeRoleAssumer(), transport: StubTransport()
            )
        }
        #expect(make(environment).links.map(\.name)
            == ["environment", "web identity", "shared profile", "container", "instance metadata"])
        #expect(try await make(environment).credentials().accessKeyId == "AKIDFILE")
        environment["AWS_ACCESS_KEY_ID"] = "AKIDENV"
        environment["AWS_SECRET_ACCESS_KEY"] = "env-secret"
        #expect(try await make(environment).credentials().accessKeyId == "AKIDENV")

        let nothing = ["AWS_CONFIG_FILE": scratch.path + "/absent", "AWS_SHARED_CREDENTIALS_FILE": scratch.path + "/absent"]
        let error = try #require(await awsError { try await make(nothing).credentials() })
        #expect(error.code == "NoCredentials")
        for source in ["environment:", "web identity:", "shared profile:", "container:", "instance metadata:"] {
            #expect(error.message.contains(source))
        }
    }
}
