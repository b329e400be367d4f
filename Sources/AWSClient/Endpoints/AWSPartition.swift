/// An AWS partition: a group of regions with its own DNS suffix and global-service home
/// (the SDKs' partitions.json: aws, aws-cn, aws-us-gov).
enum AWSPartition: String, Sendable, Equatable {
    /// The commercial partition.
    case aws
    /// The China regions.
    case awsChina = "aws-cn"
    /// The AWS GovCloud (US) regions.
    case awsUSGov = "aws-us-gov"

    /// The partition a region belongs to, by its prefix.
    init(region: String) {
        if region.hasPrefix("cn-") {
            self = .awsChina
        } else if region.hasPrefix("us-gov-") {
            self = .awsUSGov
        } else {
            self = .aws
        }
    }

    /// The DNS suffix of the partition's endpoints.
    var dnsSuffix: String {
        self == .awsChina ? "amazonaws.com.cn" : "amazonaws.com"
    }

    /// IAM's one endpoint in the partition and the region it signs with (IAM endpoints, AWS General Reference).
    var iamEndpoint: (host: String, signingRegion: String) {
        switch self {
        case .aws: ("iam.amazonaws.com", "us-east-1")
        case .awsChina: ("iam.cn-north-1.amazonaws.com.cn", "cn-north-1")
        case .awsUSGov: ("iam.us-gov.amazonaws.com", "us-gov-west-1")
        }
    }
}
