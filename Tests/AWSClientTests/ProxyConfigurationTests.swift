import Foundation
import Testing
@testable import AWSClient

@Suite struct ProxyConfigurationTests {
    @Test func upperCaseWinsAndBareHostPortIsHTTP() throws {
        let proxies = try ProxyConfiguration(environment: [
            "HTTPS_PROXY": "proxy.corp:3128", "https_proxy": "http://other:1", "http_proxy": "http://[::1]:8080/",
        ])
        #expect(proxies.https == ProxyConfiguration.Endpoint(host: "proxy.corp", port: 3128))
        #expect(proxies.http == ProxyConfiguration.Endpoint(host: "::1", port: 8080))
    }

    @Test(arguments: [
        ("ec2.us-east-1.amazonaws.com", 443, "", true),
        ("ec2.us-east-1.amazonaws.com", 443, "*", false),
        ("ec2.us-east-1.amazonaws.com", 443, "amazonaws.com", false),
        ("ec2.us-east-1.amazonaws.com", 443, ".amazonaws.com", false),
        ("ec2.us-east-1.amazonaws.com", 443, "localhost, .AmazonAWS.com", false),
        ("ec2.us-east-1.amazonaws.com", 443, "s.amazonaws.com", true),
        ("notamazonaws.com", 443, "amazonaws.com", true),
        ("sts.amazonaws.com", 443, "sts.amazonaws.com:443", false),
        ("sts.amazonaws.com", 443, "sts.amazonaws.com:8443", true),
        ("169.254.169.254", 443, "169.254.169.254", false),
        ("::1", 443, "[::1]", false),
    ])
    func noProxyDecidesWhoGoesDirect(host: String, port: Int, noProxy: String, proxied: Bool) throws {
        let proxies = try ProxyConfiguration(environment: ["HTTPS_PROXY": "http://proxy:3128", "NO_PROXY": noProxy])
        #expect((proxies.proxy(scheme: "https", host: host, port: port) != nil) == proxied)
    }

    @Test func eachSchemeUsesItsOwnVariable() throws {
        let proxies = try ProxyConfiguration(environment: ["HTTPS_PROXY": "http://proxy:3128"])
        #expect(proxies.proxy(scheme: "http", host: "169.254.169.254", port: 80) == nil)
        #expect(proxies.proxy(scheme: "https", host: "sts.amazonaws.com", port: 443)?.port == 3128)
    }

    @Test(arguments: ["https://proxy:3128", "http://user:secret@proxy:3128", "http://"])
    func unusableProxyURLsAreConfigurationErrors(url: String) {
        #expect { try ProxyConfiguration(environment: ["HTTPS_PROXY": url]) } throws: {
            ($0 as? AWSClientError)?.code == "InvalidProxy"
        }
    }
}
