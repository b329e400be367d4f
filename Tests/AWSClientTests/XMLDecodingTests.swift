import Foundation
import Testing
@testable import AWSClient

@Suite struct XMLDecodingTests {
    @Test func parsesNestedElementsAndLists() throws {
        let tree = try XMLTree.parse(Data("""
            <?xml version="1.0"?>
            <R xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><a><b> x &amp; y </b></a>\
            <set><item><k>1</k></item><item><k>2</k></item></set><m><member>3</member></m></R>
            """.utf8))
        #expect(tree.name == "R")
        #expect(tree.string("a", "b") == "x & y")
        #expect(tree.list("set").compactMap { $0.string("k") } == ["1", "2"])
        #expect(tree.list("m").map(\.text) == ["3"])
        #expect(tree.list("absent").isEmpty)
        #expect(throws: AWSClientError.self) { try tree.required("a", "missing") }
    }

    @Test func malformedXMLIsADecodingError() {
        #expect {
            try XMLTree.parse(Data("<a><b></a>".utf8))
        } throws: { error in
            (error as? AWSClientError)?.kind == .decoding
        }
    }

    @Test func ec2ErrorEnvelope() {
        let body = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Response><Errors><Error><Code>InvalidInstanceID.NotFound</Code>\
            <Message>The instance ID 'i-1' does not exist</Message></Error></Errors>\
            <RequestID>ea966190-f9aa-478e-9ede-example</RequestID></Response>
            """
        let error = AWSResponseDecoding.serviceError(of: AWSHTTPResponse(status: 400, body: Data(body.utf8)))
        #expect(error == AWSClientError(kind: .service, code: "InvalidInstanceID.NotFound",
                                        message: "The instance ID 'i-1' does not exist", httpStatus: 400,
                                        requestId: "ea966190-f9aa-478e-9ede-example"))
    }

    @Test func queryErrorEnvelope() {
        let body = """
            <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>\
            <Code>NoSuchEntity</Code><Message>The user with name bob cannot be found.</Message></Error>\
            <RequestId>4a1f4a5e-example</RequestId></ErrorResponse>
            """
        let error = AWSResponseDecoding.serviceError(of: AWSHTTPResponse(status: 404, body: Data(body.utf8)))
        #expect(error.code == "NoSuchEntity")
        #expect(error.message == "The user with name bob cannot be found.")
        #expect(error.httpStatus == 404)
        #expect(error.requestId == "4a1f4a5e-example")
    }

    @Test func headerRequestIdWinsAndNonXMLKeepsTheStatus() {
        let error = AWSResponseDecoding.serviceError(of: AWSHTTPResponse(
            status: 503, headers: ["X-Amzn-RequestId": "hdr-1"], body: Data("<html>Service Unavailable".utf8)))
        #expect(error.code == "HTTP503")
        #expect(error.requestId == "hdr-1")
        #expect(RetryPolicy.reason(for: error, skewCorrected: false) == .transient)
    }

    @Test func successKeepsTheRequestIdOfEitherProtocol() throws {
        let ec2 = try AWSResponseDecoding.result(of: AWSHTTPResponse(status: 200, body: Data(
            "<CreateTagsResponse><requestId>r-ec2</requestId><return>true</return></CreateTagsResponse>".utf8)),
            action: "CreateTags")
        #expect(ec2.requestId == "r-ec2")
        #expect(ec2.result.string("return") == "true")
        let query = try AWSResponseDecoding.result(of: AWSHTTPResponse(status: 200, body: Data("""
            <GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult>\
            <ResponseMetadata><RequestId>r-sts</RequestId></ResponseMetadata></GetCallerIdentityResponse>
            """.utf8)), action: "GetCallerIdentity")
        #expect(query.requestId == "r-sts")
        #expect(query.result.string("Account") == "123456789012")
    }
}
