import Foundation
import Testing
@testable import AWSClient
import MotoSupport

/// Against a moto that authenticates every action: a correct SigV4 signature passes, a wrong secret fails.
@Suite(.enabled(if: MotoServer.enabled, "moto_server is not installed (pip install 'moto[server]'); CI=true makes this a failure"))
struct MotoSignatureTests {
    @Test func aCorrectSignaturePassesAndAWrongSecretFails() async throws {
        let url = try await MotoServer.authenticating.url()
        // moto's admin API (not IAM-checked) lets exactly the three set-up actions below through unsigned.
        let reset = AWSHTTPRequest(method: "POST", url: url.appendingPathComponent("moto-api/reset-auth"),
                                   headers: [("Content-Type", "text/plain")], body: Data("3".utf8))
        #expect(try await motoTransport.send(reset, timeout: .seconds(10)).status == 200)
        let setup = motoClient(url)
        _ = try await setup.send(rawAction(.iam, "CreateUser", ["UserName": "cordon"]))
        _ = try await setup.send(rawAction(.iam, "PutUserPolicy", [
            "UserName": "cordon", "PolicyName": "all",
            "PolicyDocument": #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        ]))
        let key = try await setup.send(rawAction(.iam, "CreateAccessKey", ["UserName": "cordon"]))
        let credentials = AWSCredentials(accessKeyId: try key.required("AccessKey", "AccessKeyId"),
                                         secretAccessKey: try key.required("AccessKey", "SecretAccessKey"))

        let identity = try await STSClient(client: motoClient(url, credentials: credentials)).getCallerIdentity()
        #expect(identity.arn.hasSuffix(":user/cordon"))
        let instances = try await EC2Client(client: motoClient(url, credentials: credentials)).describeInstances()
        #expect(instances.requestIds.count == 1)

        var wrong = credentials
        wrong.secretAccessKey += "x"
        await #expect {
            try await EC2Client(client: motoClient(url, credentials: wrong)).describeInstances()
        } throws: { error in
            let error = error as? AWSClientError
            // EC2 (and moto's EC2) answers a bad signature with AuthFailure, HTTP 401.
            return error?.kind == .service && error?.code == "AuthFailure" && error?.httpStatus == 401
        }
    }
}
