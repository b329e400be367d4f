import Foundation
import Testing

@testable import AWSClient

/// The published SigV4 test suite, every case in both header and query (presigned) form.
@Suite struct SigningSuiteTests {
    static let cases = SigV4SuiteCase.all()

    @Test func suiteHasEveryCaseFolder() {
        // 38 folders in ../shared/testdata/aws-sigv4-test-suite; a missing or unreadable one fails here.
        #expect(Self.cases.count == 38)
    }

    @Test(arguments: cases)
    func headerSigning(_ suiteCase: SigV4SuiteCase) throws {
        let request = suiteCase.request
        let signed = suiteCase.signer.headerSignature(
            method: request.method, path: request.path, query: request.query,
            headers: request.headers, body: request.body, date: suiteCase.date
        )
        #expect(signed.steps.canonicalRequest == (try suiteCase.expected("header-canonical-request.txt")))
        #expect(signed.steps.stringToSign == (try suiteCase.expected("header-string-to-sign.txt")))
        #expect(signed.steps.signature == (try suiteCase.expected("header-signature.txt")))
        let expectedRequest = try SuiteRequest(
            parsing: Data(try suiteCase.expected("header-signed-request.txt").utf8)
        )
        #expect(normalizedHeaderLines(signed.headers) == normalizedHeaderLines(expectedRequest.headers))
    }

    @Test(arguments: cases)
    func querySigning(_ suiteCase: SigV4SuiteCase) throws {
        let request = suiteCase.request
        let signed = suiteCase.signer.querySignature(
            method: request.method, path: request.path, query: request.query,
            headers: request.headers, body: request.body, date: suiteCase.date, expires: suiteCase.expires
        )
        #expect(signed.steps.canonicalRequest == (try suiteCase.expected("query-canonical-request.txt")))
        #expect(signed.steps.stringToSign == (try suiteCase.expected("query-string-to-sign.txt")))
        #expect(signed.steps.signature == (try suiteCase.expected("query-signature.txt")))
        let expectedRequest = try SuiteRequest(
            parsing: Data(try suiteCase.expected("query-signed-request.txt").utf8)
        )
        let sentQuery = Set(signed.query.split(separator: "&"))
        #expect(sentQuery == Set((expectedRequest.query ?? "").split(separator: "&")))
    }

    /// The public `sign(_:date:)` and `presignedURL` on every case whose target is a valid URL as written.
    @Test(arguments: cases)
    func publicSigningMatchesSuite(_ suiteCase: SigV4SuiteCase) throws {
        guard var request = suiteCase.request.awsRequest else {
            #expect(["get-space-normalized", "get-space-unnormalized", "get-utf8", "get-vanilla-utf8-query"]
                .contains(suiteCase.name))
            return
        }
        suiteCase.signer.sign(&request, date: suiteCase.date)
        let expected = try SuiteRequest(parsing: Data(try suiteCase.expected("header-signed-request.txt").utf8))
        #expect(normalizedHeaderLines(request.headers) == normalizedHeaderLines(expected.headers))

        let presigned = try #require(suiteCase.request.awsRequest).url
        let url = suiteCase.signer.presignedURL(
            for: try #require(suiteCase.request.awsRequest), date: suiteCase.date, expires: suiteCase.expires
        )
        let expectedQuery = try SuiteRequest(parsing: Data(try suiteCase.expected("query-signed-request.txt").utf8))
        #expect(RequestTarget(url: url).path == RequestTarget(url: presigned).path)
        #expect(Set((RequestTarget(url: url).query ?? "").split(separator: "&"))
            == Set((expectedQuery.query ?? "").split(separator: "&")))
    }
}
