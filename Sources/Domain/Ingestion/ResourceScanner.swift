/// Finds resource identifiers by their shape in a part of an event, so each normalizer need not know every
/// place AWS puts an instance ID (`instanceId`, `instancesSet.items[].instanceId`, instance ARNs ...).
struct ResourceScanner {
    private(set) var found = SignalResources()
    private let maxDepth: Int

    /// A scanner that stops descending after `maxDepth` levels (the parser already bounds depth; this bounds work).
    init(maxDepth: Int = 32) {
        self.maxDepth = maxDepth
    }

    /// Scans `value`; `key` is the member name it sits under, which decides whether a string may be an IP
    /// address (only under keys naming an IP, so a version string like "1.2.3.4" elsewhere is not taken) or a
    /// user name.
    mutating func scan(_ value: JSONValue, key: String = "", depth: Int = 0) {
        guard depth < maxDepth else { return }
        switch value {
        case .string(let text): classify(text, key: key)
        case .array(let elements): for element in elements { scan(element, key: key, depth: depth + 1) }
        case .object(let members):
            // Sorted, so the order of what is found (and so the incident target) does not depend on hashing.
            for memberKey in members.keys.sorted() {
                if let member = members[memberKey] { scan(member, key: memberKey, depth: depth + 1) }
            }
        case .null, .bool, .number: break
        }
    }

    private mutating func classify(_ text: String, key: String) {
        let utf8 = text.utf8
        guard utf8.count >= 7, utf8.count <= 2048 else { return }
        if let instanceID = Self.instanceID(in: text) {
            add(instanceID, to: \.instanceIDs)
        } else if text.hasPrefix("eni-"), Self.isHexSuffix(text.utf8.dropFirst(4)) {
            add(text, to: \.networkInterfaceIDs)
        } else if Self.isAccessKeyID(text) {
            add(text, to: \.accessKeyIDs)
        } else if Self.keyNamesIP(key), Self.isIPAddress(text) {
            add(text, to: \.ipAddresses)
        } else if key.lowercased() == "username" {
            add(text, to: \.userNames)
        }
    }

    private mutating func add(_ item: String, to list: WritableKeyPath<SignalResources, [String]>) {
        if !found[keyPath: list].contains(item) { found[keyPath: list].append(item) }
    }

    /// `i-` plus 8 or 17 hex digits (EC2 resource ID formats), alone or at the end of an instance ARN
    /// (`arn:aws:ec2:region:account:instance/i-...`).
    static func instanceID(in text: String) -> String? {
        if text.hasPrefix("i-") {
            return isHexSuffix(text.utf8.dropFirst(2)) ? text : nil
        }
        guard text.hasPrefix("arn:"), let range = text.range(of: ":instance/i-", options: .backwards) else { return nil }
        let candidate = String(text[text.index(range.lowerBound, offsetBy: 10)...])
        return isHexSuffix(candidate.utf8.dropFirst(2)) ? candidate : nil
    }

    private static func isHexSuffix(_ bytes: Substring.UTF8View) -> Bool {
        (bytes.count == 8 || bytes.count == 17) && bytes.allSatisfy { byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        }
    }

    /// IAM access key IDs: 20 characters, `AKIA` (long-term) or `ASIA` (temporary), then upper-case
    /// letters and digits (IAM User Guide, "Unique identifiers", IDs prefixes table).
    static func isAccessKeyID(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == 20, text.hasPrefix("AKIA") || text.hasPrefix("ASIA") else { return false }
        return utf8.allSatisfy { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    private static func keyNamesIP(_ key: String) -> Bool {
        key.range(of: "ip", options: .caseInsensitive) != nil
    }

    /// A dotted-quad IPv4 address, or an IPv6 address in RFC 4291 section 2.2 text form.
    static func isIPAddress(_ text: String) -> Bool {
        isIPv4(text) || isIPv6(text)
    }

    private static func isIPv4(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            part.count >= 1 && part.count <= 3 && part.allSatisfy(\.isASCII) && (Int(part).map { $0 <= 255 } ?? false)
        }
    }

    private static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":"), text.utf8.count <= 45 else { return false }
        let doubleColons = text.components(separatedBy: "::").count - 1
        guard doubleColons <= 1 else { return false }
        var groups = text.split(separator: ":", omittingEmptySubsequences: true).map(String.init)
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
