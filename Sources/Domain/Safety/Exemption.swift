import FoundationEssentials

/// Decides whether Cordon must leave a target alone, from what was described and what is configured. Pure.
public enum Exemption {
    /// The tag that exempts a resource (key and value, compared exactly).
    public static let tagKey = "cordon:exempt"

    /// Why the instance is exempt, or nil when Cordon may act on it.
    public static func reason(for instance: InstanceDescription, configured: Set<String>) -> String? {
        if instance.tags[tagKey] == "true" {
            return "\(instance.instanceId) is tagged \(tagKey)=true"
        }
        if configured.contains(instance.instanceId) {
            return "\(instance.instanceId) is listed in exemptResources"
        }
        return nil
    }

    /// Why the access key (or its user) is exempt, or nil when Cordon may act on it.
    public static func reason(for key: AccessKeyDescription, configured: Set<String>) -> String? {
        for name in [key.accessKeyId, key.userName] where configured.contains(name) {
            return "\(name) is listed in exemptResources"
        }
        return nil
    }
}
