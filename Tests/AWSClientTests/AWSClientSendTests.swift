import Foundation
import Testing
@testable import AWSClient

@Suite struct AWSClientSendTests {
    static let tagsOK = "<CreateTagsResponse><requestId>r-ok</requestId><return>true</return></CreateTagsResponse>"

    func createTags(_ client: AWSClient) async throws -> AWSAcknowledgement {
        try await EC2Client(client: client).createTags(resourceIds: ["i-1"], tags: [AWSTag(key: "k", value: "v")])
    }

    @Test func sendsASignedFormPost() async throws {
        let transport = ScriptedTransport([ok(Self.tagsOK)])
        let answer = try await createTags(stubClient(transport))
        #expect(answer.requestId == "r-ok")
        let request = try #require(await transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "https://ec2.eu-west-1.amazonaws.com/")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(request.header("X-Amz-Date") == "20261129T120000Z")
        let authorization = try #require(request.header("Authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/eu-west-1/ec2/aws4_request"))
        #expect(formFields(request) == ["Action": "CreateTags", "Version": "2016-11-15", "ResourceId.1": "i-1",
                                        "Tag.1.Key": "k", "Tag.1.Value": "v"])
    }

    @Test func throttledTwiceSucceedsOnTheThirdAttempt() async throws {
        let sleeps = SleepRecorder()
        let quota = RetryQuota()
        let transport = ScriptedTransport([ec2Error("RequestLimitExceeded", status: 503), ec2Error("Throttling"), ok(Self.tagsOK)])
        let answer = try await createTags(stubClient(transport, sleeps: sleeps, random: 0.5, quota: quota))
        #expect(answer.requestId == "r-ok")
        #expect(await transport.requests.count == 3)
        #expect(await sleeps.delays == [.milliseconds(500), .seconds(1)])
        // Two retries cost 10; the success refunds the last retry's 5.
        #expect(await quota.available == 495)
    }

    @Test func aNonRetryableErrorIsNotRetried() async throws {
        let transport = ScriptedTransport([ec2Error("InvalidInstanceID.NotFound"), ok(Self.tagsOK)])
        await #expect {
            try await createTags(stubClient(transport))
        } throws: { error in
            (error as? AWSClientError)?.code == "InvalidInstanceID.NotFound" && (error as? AWSClientError)?.requestId == "err-InvalidInstanceID.NotFound"
        }
        #expect(await transport.requests.count == 1)
    }

    @Test func givesUpAfterMaxAttemptsWithTheLastError() async throws {
        let transport = ScriptedTransport([ec2Error("Throttling"), ec2Error("Throttling"), ec2Error("SlowDown", status: 503)])
        await #expect {
            try await createTags(stubClient(transport, maxAttempts: 3))
        } throws: { error in
            (error as? AWSClientError)?.code == "SlowDown"
        }
        #expect(await transport.requests.count == 3)
    }

    @Test func anEmptyQuotaStopsRetrying() async throws {
        let quota = RetryQuota(capacity: 5)
        let transport = ScriptedTransport([ec2Error("Throttling"), ec2Error("Throttling"), ok(Self.tagsOK)])
        await #expect(throws: AWSClientError.self) { try await createTags(stubClient(transport, quota: quota)) }
        #expect(await transport.requests.count == 2)
        #expect(await quota.available == 0)
    }

    @Test func aServerErrorOnANonIdempotentCallIsNotRetried() async throws {
        let action = AWSAction<AWSAcknowledgement>.acknowledged(.ec2, "AllocateAddress", QueryParameters(), idempotent: false)
        let transport = ScriptedTransport([ec2Error("InternalError", status: 500), ok(Self.tagsOK)])
        await #expect(throws: AWSClientError.self) { try await stubClient(transport).send(action) }
        #expect(await transport.requests.count == 1)
    }

    @Test func aLostConnectionOnAnIdempotentCallIsRetried() async throws {
        let transport = ScriptedTransport([connectionLost, ok(Self.tagsOK)])
        _ = try await createTags(stubClient(transport))
        #expect(await transport.requests.count == 2)
    }

    @Test func aSkewedClockIsCorrectedFromTheDateHeader() async throws {
        let transport = ScriptedTransport([
            ec2Error("RequestTimeTooSkewed", status: 403, headers: ["Date": "Sun, 29 Nov 2026 13:00:00 GMT"]),
            ok(Self.tagsOK),
        ])
        let client = stubClient(transport)
        _ = try await createTags(client)
        let dates = await transport.requests.map { $0.header("X-Amz-Date") }
        #expect(dates == ["20261129T120000Z", "20261129T130000Z"])
        #expect(await client.clockOffset.seconds == 3600)
    }

    @Test func aSignatureErrorWithoutSkewIsNotRetried() async throws {
        let transport = ScriptedTransport([
            ec2Error("SignatureDoesNotMatch", status: 403, headers: ["Date": "Sun, 29 Nov 2026 12:01:00 GMT"]), ok(Self.tagsOK),
        ])
        await #expect(throws: AWSClientError.self) { try await createTags(stubClient(transport)) }
        #expect(await transport.requests.count == 1)
    }

    static func snapshotPage(_ ids: [String], next: String?, requestId: String) -> Result<AWSHTTPResponse, AWSClientError> {
        let items = ids.map { "<item><snapshotId>\($0)</snapshotId><volumeId>vol-1</volumeId><status>completed</status></item>" }
        let token = next.map { "<nextToken>\($0)</nextToken>" } ?? ""
        return ok("<DescribeSnapshotsResponse><requestId>\(requestId)</requestId><snapshotSet>\(items.joined())</snapshotSet>\(token)</DescribeSnapshotsResponse>")
    }

    @Test func paginationJoinsEveryPage() async throws {
        let transport = ScriptedTransport([
            Self.snapshotPage(["snap-1", "snap-2"], next: "page-2", requestId: "r1"),
            Self.snapshotPage(["snap-3"], next: nil, requestId: "r2"),
        ])
        let list = try await EC2Client(client: stubClient(transport)).describeSnapshots()
        #expect(list.items.map(\.snapshotId) == ["snap-1", "snap-2", "snap-3"])
        #expect(list.requestIds == ["r1", "r2"])
        let forms = await transport.forms()
        #expect(forms.map { $0["NextToken"] } == [nil, "page-2"])
        #expect(forms.allSatisfy { $0["Owner.1"] == "self" })
    }

    @Test func paginationStopsAtThePageCap() async throws {
        let transport = ScriptedTransport([
            Self.snapshotPage(["snap-1"], next: "a", requestId: "r1"), Self.snapshotPage(["snap-2"], next: "b", requestId: "r2"),
        ])
        await #expect {
            try await EC2Client(client: stubClient(transport, maxPages: 2)).describeSnapshots()
        } throws: { error in
            (error as? AWSClientError)?.code == "PageLimitExceeded"
        }
    }

    @Test func aLostCreateSnapshotAnswerDoesNotCreateASecondSnapshot() async throws {
        let transport = ScriptedTransport([connectionLost, Self.snapshotPage(["snap-first"], next: nil, requestId: "r-lookup")])
        let snapshot = try await EC2Client(client: stubClient(transport))
            .createSnapshot(volumeId: "vol-1", description: "alice-2026-11-29-INC-7", token: "tok-7")
        #expect(snapshot.snapshotId == "snap-first")
        #expect(await transport.actions() == ["CreateSnapshot", "DescribeSnapshots"])
        let forms = await transport.forms()
        #expect(forms[0]["TagSpecification.1.Tag.1.Key"] == "cordon:token")
        #expect(forms[0]["TagSpecification.1.Tag.1.Value"] == "tok-7")
        #expect(forms[1]["Filter.1.Name"] == "tag:cordon:token")
        #expect(forms[1]["Filter.1.Value.1"] == "tok-7")
    }

    @Test func aLostCreateSnapshotThatNeverHappenedIsCreatedOnce() async throws {
        let created = ok("<CreateSnapshotResponse><requestId>r-c</requestId><snapshotId>snap-new</snapshotId><volumeId>vol-1</volumeId><status>pending</status></CreateSnapshotResponse>")
        let transport = ScriptedTransport([connectionLost, Self.snapshotPage([], next: nil, requestId: "r-lookup"), created])
        let snapshot = try await EC2Client(client: stubClient(transport))
            .createSnapshot(volumeId: "vol-1", description: "d", token: "tok-8")
        #expect(snapshot.snapshotId == "snap-new")
        #expect(snapshot.state == "pending")
        #expect(await transport.actions() == ["CreateSnapshot", "DescribeSnapshots", "CreateSnapshot"])
    }

    @Test func aLostRunInstancesAnswerFindsTheTaggedInstance() async throws {
        let found = ok("""
            <DescribeInstancesResponse><requestId>r-d</requestId><reservationSet><item><reservationId>r-1</reservationId>\
            <instancesSet><item><instanceId>i-forensic</instanceId><instanceState><code>0</code><name>pending</name></instanceState>\
            </item></instancesSet></item></reservationSet></DescribeInstancesResponse>
            """)
        let transport = ScriptedTransport([connectionLost, found])
        let launched = try await EC2Client(client: stubClient(transport))
            .runInstances(imageId: "ami-1", instanceType: "t3.micro", token: "tok-9")
        #expect(launched.items.map(\.instanceId) == ["i-forensic"])
        #expect(await transport.actions() == ["RunInstances", "DescribeInstances"])
        let run = await transport.forms()[0]
        #expect(run["ClientToken"] == "tok-9")
        #expect(run["TagSpecification.1.ResourceType"] == "instance")
    }

    @Test func aThrottledCreateSnapshotIsRetriedWithoutALookup() async throws {
        let created = ok("<CreateSnapshotResponse><requestId>r-c</requestId><snapshotId>snap-new</snapshotId></CreateSnapshotResponse>")
        let transport = ScriptedTransport([ec2Error("RequestLimitExceeded", status: 503), created])
        _ = try await EC2Client(client: stubClient(transport)).createSnapshot(volumeId: "vol-1", description: "d", token: "t")
        #expect(await transport.actions() == ["CreateSnapshot", "CreateSnapshot"])
    }

    @Test func anUnsignedActionCarriesNoAuthorization() async throws {
        let body = """
            <AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>\
            <AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>tok</SessionToken>\
            <Expiration>2026-11-29T13:00:00Z</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn>\
            </AssumedRoleUser></AssumeRoleWithWebIdentityResult><ResponseMetadata><RequestId>r-w</RequestId></ResponseMetadata>\
            </AssumeRoleWithWebIdentityResponse>
            """
        let transport = ScriptedTransport([ok(body)])
        let role = try await STSClient(client: stubClient(transport))
            .assumeRoleWithWebIdentity(roleArn: "arn:aws:iam::123456789012:role/r", sessionName: "s", webIdentityToken: "jwt")
        #expect(role.credentials == AWSCredentials(accessKeyId: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "tok",
                                                   expiration: fixedNow.addingTimeInterval(3600)))
        #expect(role.requestId == "r-w")
        #expect(await transport.requests.first?.header("Authorization") == nil)
    }
}
