import Foundation
import Testing

@testable import AWSClient

/// The signer's behaviour beyond the suite: what it adds to real requests, and re-signing.
@Suite struct SigningSignerTests {
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 20150830T123600Z, the suite's time

    static func queryRequest(_ url: String) throws -> AWSHTTPRequest {
        AWSHTTPRequest(
            method: "POST", url: try #require(URL(string: url)),
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Data("Action=DescribeInstances&Version=2016-11-15".utf8)
        )
    }

    @Test(arguments: [
        ("http://127.0.0.1:5000/", "127.0.0.1:5000"),
        ("https://ec2.us-east-1.amazonaws.com", "ec2.us-east-1.amazonaws.com"),
        ("https://ec2.us-east-1.amazonaws.com:443/", "ec2.us-east-1.amazonaws.com"),
        ("http://localhost:80/", "localhost"),
        ("https://proxy.internal:8443/", "proxy.internal:8443"),
    ])
    func hostComesFromTheURLWithANonDefaultPort(url: String, host: String) throws {
        var request = try Self.queryRequest(url)
        SigV4Signer(credentials: testKeys, region: "us-east-1", service: "ec2").sign(&request, date: Self.date)
        #expect(request.header("Host") == host)
        #expect(request.header("X-Amz-Date") == "20150830T123600Z")
        let authorization = try #require(request.header("Authorization"))
        #expect(authorization.hasPrefix(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/ec2/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="
        ))
        #expect(request.header("X-Amz-Security-Token") == nil)
    }

    @Test func sessionTokenIsSentAndSigned() throws {
        var request = try Self.queryRequest("https://sts.eu-west-1.amazonaws.com/")
        let credentials = AWSCredentials(accessKeyId: "ASIAEXAMPLE", secretAccessKey: "s", sessionToken: "session-token")
        SigV4Signer(credentials: credentials, region: "eu-west-1", service: "sts").sign(&request, date: Self.date)
        #expect(request.header("X-Amz-Security-Token") == "session-token")
        #expect(request.header("Authorization")?.contains("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,") == true)
    }

    @Test func resigningReplacesTheSignatureInsteadOfAddingOne() throws {
        let signer = SigV4Signer(credentials: testKeys, region: "us-east-1", service: "ec2")
        var once = try Self.queryRequest("https://ec2.us-east-1.amazonaws.com/")
        signer.sign(&once, date: Self.date)
        var twice = once
        signer.sign(&twice, date: Self.date + 60)
        #expect(twice.headers.filter { $0.name == "Authorization" }.count == 1)
        #expect(twice.headers.filter { $0.name == "X-Amz-Date" }.count == 1)
        #expect(twice.header("X-Amz-Date") == "20150830T123700Z")
        var again = once
        signer.sign(&again, date: Self.date)
        #expect(again == once)
    }

    @Test func signatureDependsOnBodyRegionAndService() throws {
        func authorization(region: String, service: String, body: String) throws -> String? {
            var request = try Self.queryRequest("https://ec2.us-east-1.amazonaws.com/")
            request.body = Data(body.utf8)
            SigV4Signer(credentials: testKeys, region: region, service: service).sign(&request, date: Self.date)
            return request.header("Authorization")
        }
        let base = try authorization(region: "us-east-1", service: "ec2", body: "a=1")
        #expect(base != (try authorization(region: "us-east-1", service: "ec2", body: "a=2")))
        #expect(base != (try authorization(region: "us-east-2", service: "ec2", body: "a=1")))
        #expect(base != (try authorization(region: "us-east-1", service: "iam", body: "a=1")))
    }

    @Test func contentHashHeaderOption() throws {
        var request = try Self.queryRequest("https://example.amazonaws.com/")
        let signer = SigV4Signer(
            credentials: testKeys, region: "us-east-1", service: "s3",
            options: SigV4Signer.Options(normalizePath: false, addContentHashHeader: true)
        )
        signer.sign(&request, date: Self.date)
        #expect(request.header("x-amz-content-sha256") == SHA256(request.body).hexDigest)
        #expect(request.header("Authorization")?.contains("x-amz-content-sha256") == true)
    }

    @Test func percentEncodedPathIsEncodedAgain() {
        // Non-S3 services sign each path segment URI-encoded twice (SigV4, canonical URI).
        let signer = SigV4Signer(credentials: testKeys, region: "us-east-1", service: "service")
        #expect(signer.canonicalPath("/documents%20and%20settings/") == "/documents%2520and%2520settings/")
        #expect(signer.canonicalPath("") == "/")
    }

    @Test func presignedURLCarriesTheSignature() throws {
        let request = AWSHTTPRequest(method: "GET", url: try #require(URL(string: "https://example.amazonaws.com/?Param1=value1")))
        let url = SigV4Signer(credentials: testKeys, region: "us-east-1", service: "service")
            .presignedURL(for: request, date: Self.date, expires: 3600)
        let query = try #require(URLComponents(url: url, resolvingAgainstBaseURL: false)?.queryItems)
        #expect(query.first { $0.name == "Param1" }?.value == "value1")
        #expect(query.first { $0.name == "X-Amz-Expires" }?.value == "3600")
        #expect(query.first { $0.name == "X-Amz-Signature" }?.value?.count == 64)
    }
}
