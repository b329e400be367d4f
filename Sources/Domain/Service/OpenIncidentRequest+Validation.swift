import FoundationEssentials

extension OpenIncidentRequest {
    /// The longest reference accepted: it goes into snapshot descriptions (255 characters, EC2 API Reference,
    /// CreateSnapshot) together with the responder and date, and into a tag value (256 characters).
    static let maximumReferenceLength = 128

    /// The longest idempotency key accepted (the IETF httpapi Idempotency-Key draft leaves the length to the
    /// server; a UUID is 36).
    static let maximumIdempotencyKeyLength = 255

    /// Throws `.invalidInput` naming the first field that is not acceptable.
    func validate() throws {
        try Self.validateTarget(target)
        if playbook == .release {
            throw DomainError(.invalidInput, "playbook: release runs on an incident (its action \"release\"), not on opening")
        }
        if let playbook, !Playbook.named(playbook).accepts(target) {
            let kind = target.isInstance ? "an instance" : "an access key"
            throw DomainError(.invalidInput, "playbook: \(playbook.rawValue) cannot act on \(kind) (\(target.value))")
        }
        if let reference {
            // Tag values allow letters, digits, spaces and + - = . _ : / @ (EC2 User Guide, "Tag restrictions");
            // spaces are left out so the reference stays one word in names and descriptions.
            guard (1...Self.maximumReferenceLength).contains(reference.count),
                  reference.unicodeScalars.allSatisfy({ $0.isASCIILetterOrDigit || "+-=._:/@".unicodeScalars.contains($0) })
            else {
                throw DomainError(.invalidInput, "reference: 1 to \(Self.maximumReferenceLength) characters of "
                                      + "A-Z a-z 0-9 + - = . _ : / @")
            }
        }
        if let region, !Self.isRegion(region) {
            throw DomainError(.invalidInput, "region: \(String(reflecting: String(region.prefix(40)))) is not an AWS "
                                  + "region name such as us-east-1 or us-gov-west-1")
        }
        if let account, !(account.count == 12 && account.unicodeScalars.allSatisfy(\.isASCIIDigit)) {
            throw DomainError(.invalidInput, "account: an AWS account ID is 12 digits")
        }
    }

    /// Throws `.invalidInput` unless the key is 1 to 255 printable ASCII characters.
    static func validateIdempotencyKey(_ key: String) throws {
        guard (1...maximumIdempotencyKeyLength).contains(key.utf8.count),
              key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw DomainError(.invalidInput, "Idempotency-Key: 1 to \(maximumIdempotencyKeyLength) printable "
                                  + "ASCII characters without spaces")
        }
    }

    /// Region names are `<partition area>-<direction>-<number>`, e.g. `eu-west-1`, `us-gov-east-1`,
    /// `ap-southeast-5` (AWS General Reference, "Regional endpoints").
    static func isRegion(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (3...4).contains(parts.count), let first = parts.first, let last = parts.last,
              first.count == 2, !last.isEmpty, last.count <= 2 else { return false }
        return parts.dropLast().allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(\.isASCIILowercase) }
            && last.unicodeScalars.allSatisfy(\.isASCIIDigit)
    }

    /// The target's syntax, by the same rules ingestion uses to recognise resources in events.
    private static func validateTarget(_ target: IncidentTarget) throws {
        switch target {
        case .instanceId(let id):
            guard ResourceScanner.instanceID(in: id) == id else {
                throw DomainError(.invalidInput, "target.instanceId: \"i-\" and 8 or 17 hexadecimal digits")
            }
        case .ipAddress(let address):
            guard ResourceScanner.isIPAddress(address) else {
                throw DomainError(.invalidInput, "target.ipAddress: not an IPv4 or IPv6 address")
            }
        case .accessKeyId(let id):
            guard ResourceScanner.isAccessKeyID(id) else {
                throw DomainError(.invalidInput, "target.accessKeyId: AKIA or ASIA and 16 more of A-Z and 0-9")
            }
        }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    fileprivate var isASCIIUppercase: Bool { ("A"..."Z").contains(self) }
    fileprivate var isASCIILowercase: Bool { ("a"..."z").contains(self) }
    fileprivate var isASCIILetterOrDigit: Bool { isASCIIDigit || isASCIIUppercase || isASCIILowercase }
}
