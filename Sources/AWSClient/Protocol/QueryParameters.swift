import FoundationEssentials
import Platform

/// The parameters of an EC2 Query or AWS Query call, flattened to `Name.N.Member` keys as the protocols define.
public struct QueryParameters: Sendable, Equatable {
    /// Flattened name/value pairs; the form body lists them sorted by name so a request is reproducible.
    public private(set) var values: [String: String] = [:]

    /// Creates an empty parameter set.
    public init() {}

    /// Sets a string; nil leaves the parameter out.
    public mutating func set(_ name: String, _ value: String?) {
        guard let value else { return }
        values[name] = value
    }

    /// Sets a boolean as xsd:boolean ("true"/"false"); nil leaves it out.
    public mutating func set(_ name: String, _ value: Bool?) {
        guard let value else { return }
        values[name] = value ? "true" : "false"
    }

    /// Sets an integer; nil leaves it out.
    public mutating func set(_ name: String, _ value: Int?) {
        guard let value else { return }
        values[name] = String(value)
    }

    /// Sets a list as `prefix.1`, `prefix.2`, … (1-based). EC2 lists use the member name (`InstanceId.1`),
    /// the Query protocol the `member` form (`Instances.member.1`), so the caller passes the full prefix.
    public mutating func set(list prefix: String, _ items: [String]) {
        for (index, item) in items.enumerated() {
            values["\(prefix).\(index + 1)"] = item
        }
    }

    /// Sets a list of structures: `body` receives the item and its `prefix.N` key prefix.
    public mutating func set<Item>(list prefix: String, _ items: [Item], _ body: (inout QueryParameters, Item, String) -> Void) {
        for (index, item) in items.enumerated() {
            body(&self, item, "\(prefix).\(index + 1)")
        }
    }

    /// Sets EC2 filters as `Filter.N.Name` and `Filter.N.Value.M` (EC2 API reference, "Filtering").
    public mutating func set(filters: [EC2Filter]) {
        set(list: "Filter", filters) { parameters, filter, prefix in
            parameters.set("\(prefix).Name", filter.name)
            parameters.set(list: "\(prefix).Value", filter.values)
        }
    }

    /// Sets one EC2 `TagSpecification.N` for a resource type, tagging the resource atomically at creation.
    public mutating func set(tagSpecification tags: [AWSTag], resourceType: String, index: Int = 1) {
        guard !tags.isEmpty else { return }
        let prefix = "TagSpecification.\(index)"
        set("\(prefix).ResourceType", resourceType)
        set(list: "\(prefix).Tag", tags) { parameters, tag, tagPrefix in
            parameters.set("\(tagPrefix).Key", tag.key)
            parameters.set("\(tagPrefix).Value", tag.value)
        }
    }

    /// The `application/x-www-form-urlencoded` body with `Action` and `Version` first-class parameters.
    ///
    /// Names and values are percent-encoded per RFC 3986 section 2.3 (only unreserved characters left
    /// as they are, space as `%20`), the encoding SigV4's canonical query string uses, so the same bytes
    /// can be signed and sent.
    public func formBody(action: String, version: String) -> String {
        var all = values
        all["Action"] = action
        all["Version"] = version
        return all.sorted { $0.key < $1.key }
            .map { "\(Self.percentEncode($0.key))=\(Self.percentEncode($0.value))" }
            .joined(separator: "&")
    }

    /// Percent-encodes every byte except RFC 3986 unreserved characters (ALPHA, DIGIT, "-", ".", "_", "~").
    public static func percentEncode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                encoded += "%" + byte.zeroPadded(2, radix: 16, uppercase: true)
            }
        }
        return encoded
    }

    /// Decodes every `%XX` escape; nil when an escape is malformed or the bytes are not UTF-8 (as Foundation's
    /// `removingPercentEncoding`, which would link all of Foundation into the binary).
    public static func percentDecode(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next()?.hexDigitValue, let low = iterator.next()?.hexDigitValue else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
