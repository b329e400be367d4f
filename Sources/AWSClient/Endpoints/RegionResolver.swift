/// Resolves the region as the SDKs do: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the profile's `region`
/// (AWS SDKs reference, "AWS Region").
public enum RegionResolver {
    /// The region in force, or a `.configuration` error naming the setting that is malformed or saying none is set.
    public static func region(environment: [String: String], sharedConfig: SharedConfig) throws -> String {
        if let region = environment.nonEmpty("AWS_REGION") {
            return try validate(region, source: "AWS_REGION")
        }
        if let region = environment.nonEmpty("AWS_DEFAULT_REGION") {
            return try validate(region, source: "AWS_DEFAULT_REGION")
        }
        let profile = SharedConfig.profileName(environment: environment)
        if let region = sharedConfig.profile(profile)?["region"], !region.isEmpty {
            return try validate(region, source: "region of profile \(profile)")
        }
        throw AWSClientError(
            kind: .configuration, code: "MissingRegion",
            message: "no region: set AWS_REGION, AWS_DEFAULT_REGION or region in profile \(profile)"
        )
    }

    /// A region is one DNS label of lower-case letters, digits and hyphens (it becomes part of a hostname).
    @discardableResult
    static func validate(_ region: String, source: String) throws -> String {
        let allowed = region.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: "-")
        }
        guard allowed, (1...63).contains(region.utf8.count), !region.hasPrefix("-"), !region.hasSuffix("-") else {
            throw AWSClientError(
                kind: .configuration, code: "InvalidRegion", message: "\(source) is not a valid region name: \"\(region)\""
            )
        }
        return region
    }
}
