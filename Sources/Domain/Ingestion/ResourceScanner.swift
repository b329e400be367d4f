/// Finds resource identifiers by their shape in a part of an event, so each normalizer need not know every
/// place AWS puts an instance ID (`instanceId`, `instancesSet.items[].instanceId`, instance ARNs ...).
///
/// On the ingestion hot path (every CloudTrail request and response is scanned), so the checks work on
/// UTF-8 bytes and reject most strings on their first byte.
struct ResourceScanner {
    private var resources = SignalResources()
    private let maxDepth: Int

    /// A scanner that stops descending after `maxDepth` levels (the parser already bounds depth; this bounds work).
    init(maxDepth: Int = 32) {
        self.maxDepth = maxDepth
    }

    /// What was found, each list sorted, so the result (and so an incident's target) never depends on the
    /// order a dictionary happens to iterate in.
    var found: SignalResources {
        SignalResources(
            instanceIDs: resources.instanceIDs.sorted(), networkInterfaceIDs: resources.networkInterfaceIDs.sorted(),
            ipAddresses: resources.ipAddresses.sorted(), accessKeyIDs: resources.accessKeyIDs.sorted(),
            userNames: resources.userNames.sorted()
        )
    }

    /// Scans `value`; `key` is the member name it sits under, which decides whether a string may be an IP
    /// address (only under keys naming an IP, so a version string like "1.2.3.4" elsewhere is not taken) or a
    /// user name.
    mutating func scan(_ value: JSONValue, key: String = "", depth: Int = 0) {
        guard depth < maxDepth else { return }
        switch value {
        case .string(let text): classify(text, key: key)
        case .array(let elements): for element in elements { scan(element, key: key, depth: depth + 1) }
        case .object(let members): for (memberKey, member) in members { scan(member, key: memberKey, depth: depth + 1) }
        case .null, .bool, .number: break
        }
    }

    private mutating func classify(_ text: String, key: String) {
        let utf8 = text.utf8
        guard utf8.count >= 7, utf8.count <= 2048, let first = utf8.first else { return }
        switch first {
        case UInt8(ascii: "i"):
            if Self.isResourceID(utf8, prefixLength: 2, prefix: "i-") { add(text, to: \.instanceIDs) }
        case UInt8(ascii: "e"):
            if Self.isResourceID(utf8, prefixLength: 4, prefix: "eni-") { add(text, to: \.networkInterfaceIDs) }
        case UInt8(ascii: "A"):
            if Self.isAccessKeyID(text) { add(text, to: \.accessKeyIDs) }
        case UInt8(ascii: "a"):
            if let instanceID = Self.instanceID(in: text) { add(instanceID, to: \.instanceIDs) }
        default:
            break
        }
        if Self.isASCIIHexOrColon(first), Self.keyNamesIP(key), Self.isIPAddress(text) {
            add(text, to: \.ipAddresses)
        } else if Self.equalsIgnoringASCIICase(key, "username") {
            add(text, to: \.userNames)
        }
    }

    private mutating func add(_ item: String, to list: WritableKeyPath<SignalResources, [String]>) {
        if !resources[keyPath: list].contains(item) { resources[keyPath: list].append(item) }
    }

    /// `prefix` plus 8 or 17 lower-case hex digits: the EC2 resource ID formats (`i-`, `eni-`).
    private static func isResourceID(_ utf8: String.UTF8View, prefixLength: Int, prefix: StaticString) -> Bool {
        let count = utf8.count - prefixLength
        guard count == 8 || count == 17 else { return false }
        var index = 0
        let expected = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
        for byte in utf8 {
            if index < prefixLength {
                guard byte == expected[index] else { return false }
            } else if !((UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)) {
                return false
            }
            index += 1
        }
        return true
    }

    /// An instance ID alone, or at the end of an instance ARN (`arn:aws:ec2:region:account:instance/i-...`).
    static func instanceID(in text: String) -> String? {
        if isResourceID(text.utf8, prefixLength: 2, prefix: "i-") { return text }
        // Cheap checks first: most strings starting with "a" are not instance ARNs.
        guard text.utf8.count > 30, let last = text.utf8.last, isASCIIHexOrColon(last), text.hasPrefix("arn:") else {
            return nil
        }
        let marker = Array(":instance/i-".utf8)
        let utf8 = Array(text.utf8)
        for digits in [8, 17] where utf8.count > digits + marker.count {
            let start = utf8.count - digits - marker.count
            if utf8[start..<(start + marker.count)].elementsEqual(marker) {
                let candidate = String(decoding: utf8[(start + marker.count - 2)...], as: UTF8.self)
                return isResourceID(candidate.utf8, prefixLength: 2, prefix: "i-") ? candidate : nil
            }
        }
        return nil
    }

    /// IAM access key IDs: 20 characters, `AKIA` (long-term) or `ASIA` (temporary), then upper-case
    /// letters and digits (IAM User Guide, "Unique identifiers", IDs prefixes table).
    static func isAccessKeyID(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == 20, text.hasPrefix("AKIA") || text.hasPrefix("ASIA") else { return false }
        return utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// True when the key contains "ip" in any case (`sourceIPAddress`, `privateIpAddress`, `ipAddressV4`).
    private static func keyNamesIP(_ key: String) -> Bool {
        var previousIsI = false
        for byte in key.utf8 {
            if previousIsI, byte | 0x20 == UInt8(ascii: "p") { return true }
            previousIsI = byte | 0x20 == UInt8(ascii: "i")
        }
        return false
    }

    private static func equalsIgnoringASCIICase(_ text: String, _ lowercase: StaticString) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == lowercase.utf8CodeUnitCount else { return false }
        let expected = UnsafeBufferPointer(start: lowercase.utf8Start, count: lowercase.utf8CodeUnitCount)
        return zip(utf8, expected).allSatisfy { $0 | 0x20 == $1 }
    }

    private static func isASCIIHexOrColon(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
            || byte == UInt8(ascii: ":")
    }

    /// A dotted-quad IPv4 address, or an IPv6 address in RFC 4291 section 2.2 text form.
    static func isIPAddress(_ text: String) -> Bool {
        isIPv4(Substring(text)) || isIPv6(text)
    }

    /// Four decimal octets 0-255 separated by dots.
    private static func isIPv4(_ text: Substring) -> Bool {
        var octets = 0, digits = 0, value = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: ".") {
                guard digits > 0 else { return false }
                octets += 1
                digits = 0
                value = 0
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                digits += 1
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                guard digits <= 3, value <= 255 else { return false }
            } else {
                return false
            }
        }
        return octets == 3 && digits > 0
    }

    private static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":"), text.utf8.count <= 45 else { return false }
        let doubleColons = text.components(separatedBy: "::").count - 1
        guard doubleColons <= 1 else { return false }
        var groups = text.split(separator: ":", omittingEmptySubsequences: true)
        var allowed = 8
        if let last = groups.last, last.contains(".") {
            // An embedded IPv4 tail (e.g. ::ffff:192.0.2.1) stands for two groups.
            guard isIPv4(last) else { return false }
            groups.removeLast()
            allowed = 6
        }
        guard groups.allSatisfy({ $0.count <= 4 && $0.allSatisfy(\.isHexDigit) }) else { return false }
        return doubleColons == 1 ? groups.count < allowed : groups.count == allowed
    }
}
