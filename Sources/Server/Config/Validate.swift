/// Checks of single setting values; each error names where the value came from.
enum Validate {
    static func host(_ value: String, _ source: String) throws(ConfigurationError) -> String {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv4 = parts.count == 4 && parts.allSatisfy { part in
            guard let number = Int(part), part.count <= 3 else { return false }
            return (0...255).contains(number)
        }
        guard isIPv4 || value == "localhost" else {
            throw ConfigurationError(description: "\(source): '\(value)' is not an IPv4 address or localhost")
        }
        return value
    }

    static func integer(_ value: String, in range: ClosedRange<Int>, _ source: String) throws(ConfigurationError) -> Int {
        guard let number = Int(value), range.contains(number) else {
            throw ConfigurationError(description: "\(source): '\(value)' is not a whole number in \(range.lowerBound)-\(range.upperBound)")
        }
        return number
    }

    /// A whole number of seconds in `range`, as a duration.
    static func seconds(_ value: String, in range: ClosedRange<Int>, _ source: String) throws(ConfigurationError) -> Duration {
        .seconds(try integer(value, in: range, source))
    }

    static func path(_ value: String, _ source: String) throws(ConfigurationError) -> String {
        guard !value.isEmpty, !value.contains("\0") else {
            throw ConfigurationError(description: "\(source): must be a non-empty path")
        }
        return value
    }

    /// A name that goes into AWS tags, descriptions or ARNs: 1-128 of letters, digits and `._-+=@,:/`.
    static func name(_ value: String, _ source: String) throws(ConfigurationError) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-+=@,:/")
        guard (1...128).contains(value.count), value.allSatisfy(allowed.contains) else {
            throw ConfigurationError(description: "\(source): '\(value)' must be 1-128 letters, digits or ._-+=@,:/")
        }
        return value
    }

    /// An EC2 resource ID such as `sg-0123abcd`: the prefix, then 8 or 17 hex digits.
    static func awsID(_ value: String, prefix: String, _ source: String) throws(ConfigurationError) -> String {
        let suffix = value.dropFirst(prefix.count)
        guard value.hasPrefix(prefix), [8, 17].contains(suffix.count), suffix.allSatisfy(\.isHexDigit) else {
            throw ConfigurationError(description: "\(source): '\(value)' is not an ID like \(prefix)0123456789abcdef0")
        }
        return value
    }
}
