import Foundation
import Testing

@testable import AWSClient

/// Endpoint, signing scope and region resolution.
@Suite struct EndpointsResolverTests {
    @Test(arguments: [
        (AWSService.ec2, "us-east-1", "https://ec2.us-east-1.amazonaws.com", "us-east-1", "ec2"),
        (.autoScaling, "eu-west-1", "https://autoscaling.eu-west-1.amazonaws.com", "eu-west-1", "autoscaling"),
        (.elasticLoadBalancing, "ap-southeast-2", "https://elasticloadbalancing.ap-southeast-2.amazonaws.com",
         "ap-southeast-2", "elasticloadbalancing"),
        (.elasticLoadBalancingV2, "ap-southeast-2", "https://elasticloadbalancing.ap-southeast-2.amazonaws.com",
         "ap-southeast-2", "elasticloadbalancing"),
        (.sts, "eu-central-1", "https://sts.eu-central-1.amazonaws.com", "eu-central-1", "sts"),
        (.iam, "eu-central-1", "https://iam.amazonaws.com", "us-east-1", "iam"),
        (.iam, "cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1", "iam"),
        (.iam, "us-gov-east-1", "https://iam.us-gov.amazonaws.com", "us-gov-west-1", "iam"),
        (.ec2, "cn-north-1", "https://ec2.cn-north-1.amazonaws.com.cn", "cn-north-1", "ec2"),
        (.sts, "us-gov-west-1", "https://sts.us-gov-west-1.amazonaws.com", "us-gov-west-1", "sts"),
    ])
    func standardEndpoints(service: AWSService, region: String, url: String, signingRegion: String, signingName: String) throws {
        let endpoint = try EndpointResolver(environment: [:]).endpoint(for: service, region: region)
        #expect(endpoint == AWSEndpoint(url: try #require(URL(string: url)), signingRegion: signingRegion, signingName: signingName))
    }

    @Test func serviceSpecificOverrideWinsOverGlobal() throws {
        let resolver = EndpointResolver(environment: [
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5000",
            "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2": "http://127.0.0.1:5001/",
        ])
        let elbv2 = try resolver.endpoint(for: .elasticLoadBalancingV2, region: "eu-west-1")
        #expect(elbv2.url.absoluteString == "http://127.0.0.1:5001/")
        #expect(elbv2.signingName == "elasticloadbalancing")
        #expect(try resolver.endpoint(for: .elasticLoadBalancing, region: "eu-west-1").url.absoluteString
            == "http://127.0.0.1:5000")
        // An overridden IAM endpoint signs with the configured region, as the SDKs' endpoint rules do.
        #expect(try resolver.endpoint(for: .iam, region: "eu-west-1").signingRegion == "eu-west-1")
    }

    @Test(arguments: AWSService.allCases)
    func everyServiceHasItsOwnOverrideVariable(service: AWSService) throws {
        let resolver = EndpointResolver(environment: ["AWS_ENDPOINT_URL_\(service.endpointVariableSuffix)": "https://proxy.internal:8443"])
        #expect(try resolver.endpoint(for: service, region: "us-east-1").url.absoluteString == "https://proxy.internal:8443")
        let others = AWSService.allCases.filter { $0 != service }
        for other in others {
            #expect(try resolver.endpoint(for: other, region: "us-east-1").url.host?.hasSuffix("amazonaws.com") == true)
        }
    }

    @Test func ignoreConfiguredEndpointURLs() throws {
        let resolver = EndpointResolver(environment: [
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true",
        ])
        #expect(try resolver.endpoint(for: .ec2, region: "us-east-1").url.absoluteString == "https://ec2.us-east-1.amazonaws.com")
    }

    @Test(arguments: [
        ("AWS_ENDPOINT_URL", "127.0.0.1:5000"),
        ("AWS_ENDPOINT_URL", "not a url"),
        ("AWS_ENDPOINT_URL_EC2", "ftp://127.0.0.1"),
        ("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:5000/?x=1"),
        ("AWS_ENDPOINT_URL_EC2", "https://user:pass@proxy.internal"),
        ("AWS_ENDPOINT_URL_EC2", "http:///path"),
    ])
    func malformedOverrideNamesTheVariable(variable: String, value: String) throws {
        let resolver = EndpointResolver(environment: [variable: value])
        let error = try #require(throws: AWSClientError.self) { try resolver.endpoint(for: .ec2, region: "us-east-1") }
        #expect(error.kind == .configuration)
        #expect(error.message.contains(variable))
        #expect(!error.message.contains("pass"))
    }

    @Test(arguments: ["", "US-EAST-1", "us-east-1.evil.com", "us east 1", "-us-east-1", "us-east-1/"])
    func invalidRegionsAreRefused(region: String) throws {
        let error = try #require(throws: AWSClientError.self) {
            try EndpointResolver(environment: [:]).endpoint(for: .ec2, region: region)
        }
        #expect(error.kind == .configuration)
    }

    @Test(arguments: [
        (["AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-2"], "eu-west-1"),
        (["AWS_DEFAULT_REGION": "eu-west-2"], "eu-west-2"),
        (["AWS_REGION": ""], "eu-north-1"),
        ([:], "eu-north-1"),
        (["AWS_PROFILE": "other"], "ap-south-1"),
    ])
    func regionPrecedence(environment: [String: String], region: String) throws {
        let shared = SharedConfig(profiles: ["default": ["region": "eu-north-1"], "other": ["region": "ap-south-1"]])
        #expect(try RegionResolver.region(environment: environment, sharedConfig: shared) == region)
    }

    @Test(arguments: [
        (["AWS_REGION": "eu west 1"], "AWS_REGION"),
        (["AWS_DEFAULT_REGION": "EU"], "AWS_DEFAULT_REGION"),
        (["AWS_PROFILE": "bad"], "region of profile bad"),
        (["AWS_PROFILE": "none"], "no region"),
    ])
    func regionErrorsNameTheSetting(environment: [String: String], named: String) throws {
        let shared = SharedConfig(profiles: ["bad": ["region": "http://x"], "none": [:]])
        let error = try #require(throws: AWSClientError.self) {
            try RegionResolver.region(environment: environment, sharedConfig: shared)
        }
        #expect(error.kind == .configuration)
        #expect(error.message.contains(named))
    }

    @Test(arguments: [
        (AWSService.ec2, "2016-11-15"), (.autoScaling, "2011-01-01"), (.elasticLoadBalancing, "2012-06-01"),
        (.elasticLoadBalancingV2, "2015-12-01"), (.iam, "2010-05-08"), (.sts, "2011-06-15"),
    ])
    func apiVersions(service: AWSService, version: String) {
        #expect(service.apiVersion == version)
    }
}
