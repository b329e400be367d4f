/// The AWS services Cordon calls, with what signing and endpoint resolution need to know about each.
public enum AWSService: String, Sendable, CaseIterable {
    /// Amazon EC2 (EC2 Query protocol).
    case ec2
    /// Amazon EC2 Auto Scaling.
    case autoScaling
    /// Elastic Load Balancing, classic load balancers.
    case elasticLoadBalancing
    /// Elastic Load Balancing v2: application, network and gateway load balancers.
    case elasticLoadBalancingV2
    /// AWS Identity and Access Management (a global service).
    case iam
    /// AWS Security Token Service.
    case sts

    /// The SigV4 service name of the credential scope (ELB and ELBv2 share one).
    public var signingName: String {
        switch self {
        case .ec2: "ec2"
        case .autoScaling: "autoscaling"
        case .elasticLoadBalancing, .elasticLoadBalancingV2: "elasticloadbalancing"
        case .iam: "iam"
        case .sts: "sts"
        }
    }

    /// The first label of the service's hostname, e.g. `autoscaling` in `autoscaling.eu-west-1.amazonaws.com`.
    public var endpointPrefix: String { signingName }

    /// The `Version` parameter of every Query-protocol request (each service's API reference).
    public var apiVersion: String {
        switch self {
        case .ec2: "2016-11-15"
        case .autoScaling: "2011-01-01"
        case .elasticLoadBalancing: "2012-06-01"
        case .elasticLoadBalancingV2: "2015-12-01"
        case .iam: "2010-05-08"
        case .sts: "2011-06-15"
        }
    }

    /// The SDKs' service identifier in `AWS_ENDPOINT_URL_<SERVICE>` (AWS SDKs reference, "Service-specific endpoints").
    public var endpointVariableSuffix: String {
        switch self {
        case .ec2: "EC2"
        case .autoScaling: "AUTO_SCALING"
        case .elasticLoadBalancing: "ELASTIC_LOAD_BALANCING"
        case .elasticLoadBalancingV2: "ELASTIC_LOAD_BALANCING_V2"
        case .iam: "IAM"
        case .sts: "STS"
        }
    }
}
