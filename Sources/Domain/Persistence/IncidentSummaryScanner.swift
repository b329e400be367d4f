import FoundationEssentials
import Glibc

/// Reads an `IncidentSummary` from a stored incident's JSON without building the `Incident`.
///
/// Startup reads every incident file; Foundation's `JSONDecoder` spends about 45 µs on a 3 KB incident, most of it
/// on fields the summary does not need (steps' outputs, evidence, timeline). This scanner walks the bytes once,
/// keeps only the summary's fields, and still checks the whole document against the JSON grammar (RFC 8259
/// sections 2-7), so a damaged file is named at startup, not later when someone opens it. The full `Codable`
/// decode happens when the incident is loaded.
struct IncidentSummaryScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    /// Deeper than any incident the encoder writes; bounds the recursion on a hostile or damaged file.
    private static let maxDepth = 64

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The summary of the incident document in `data`.
    ///
    /// - Throws: `.corruptStore` naming the byte offset when `data` is not JSON or lacks a summary field.
    static func summary(of data: Data) throws -> IncidentSummary {
        try data.withUnsafeBytes { raw in
            var scanner = IncidentSummaryScanner(bytes: raw.bindMemory(to: UInt8.self))
            return try scanner.scanIncident()
        }
    }

    private mutating func scanIncident() throws -> IncidentSummary {
        var id: String?, status: IncidentStatus?, target: IncidentTarget?, playbook: PlaybookName?
        var mode: IncidentMode?, createdAt: Date?, idempotencyKey: String?, version: Int?
        var dedupKeys: [String] = []
        var hasSteps = false, hasRunningStep = false
        skipWhitespace()
        try beginObject()
        var first = true
        while let range = try nextMember(&first) {
            // Keys as raw bytes: the encoder never escapes these names, and building a String per key was most of
            // the scan's time.
            switch String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) {
            case "id": id = try string()
            case "status": status = try enumeration(IncidentStatus.self)
            case "target": target = try incidentTarget()
            case "playbook": playbook = try enumeration(PlaybookName.self)
            case "mode": mode = try enumeration(IncidentMode.self)
            case "createdAt": createdAt = try date()
            case "idempotencyKey": idempotencyKey = try optionalString()
            case "version": version = try integer()
            case "signals":
                try forEachObject { scanner, key in
                    if scanner.key(key, is: "dedupKey") { dedupKeys.append(try scanner.string()) } else { try scanner.skipValue() }
                }
            case "steps":
                try forEachObject { scanner, key in
                    hasSteps = true
                    if scanner.key(key, is: "status") {
                        if try scanner.enumeration(StepStatus.self) == .running { hasRunningStep = true }
                    } else {
                        try scanner.skipValue()
                    }
                }
            default: try skipValue()
            }
        }
        skipWhitespace()
        guard index == bytes.count else { throw failure("unexpected data after the incident") }
        guard let id, let status, let target, let playbook, let mode, let createdAt, let version else {
            throw failure("an incident needs id, status, target, playbook, mode, createdAt and version")
        }
        return IncidentSummary(id: id, status: status, target: target, playbook: playbook, mode: mode,
                               createdAt: createdAt, idempotencyKey: idempotencyKey, dedupKeys: dedupKeys,
                               hasSteps: hasSteps, hasRunningStep: hasRunningStep, version: version)
    }

    // MARK: Summary fields

    /// An array of objects; `body` sees each member key with the scanner positioned at its value.
    private mutating func forEachObject(_ body: (inout IncidentSummaryScanner, Range<Int>) throws -> Void) throws {
        try beginArray()
        var firstElement = true
        while try nextElement(&firstElement) {
            try beginObject()
            var firstMember = true
            while let key = try nextMember(&firstMember) { try body(&self, key) }
        }
    }

    private mutating func enumeration<Value: RawRepresentable<String>>(_ type: Value.Type) throws -> Value {
        let start = index
        let text = try string()
        guard let value = Value(rawValue: text) else {
            index = start
            throw failure("\(String(reflecting: text)) is not a \(Value.self)")
        }
        return value
    }

    /// `{"instanceId": ...}`, `{"ipAddress": ...}` or `{"accessKeyId": ...}`, as `IncidentTarget` encodes it.
    private mutating func incidentTarget() throws -> IncidentTarget {
        let start = index
        try beginObject()
        var first = true
        var targets: [IncidentTarget] = []
        while let key = try nextMember(&first) {
            let value = try string()
            switch String(decoding: UnsafeBufferPointer(rebasing: bytes[key]), as: UTF8.self) {
            case "instanceId" where !value.isEmpty: targets.append(.instanceId(value))
            case "ipAddress" where !value.isEmpty: targets.append(.ipAddress(value))
            case "accessKeyId" where !value.isEmpty: targets.append(.accessKeyId(value))
            default: break
            }
        }
        guard targets.count == 1, let target = targets.first else {
            index = start
            throw failure("a target has exactly one non-empty instanceId, ipAddress or accessKeyId")
        }
        return target
    }

    private mutating func date() throws -> Date {
        let start = index
        let text = try string()
        guard let date = StoreJSON.date(from: text) else {
            index = start
            throw failure("\(String(reflecting: text)) is not an ISO-8601 date")
        }
        return date
    }

    private mutating func optionalString() throws -> String? {
        if literal("null") { return nil }
        return try string()
    }

    private mutating func integer() throws -> Int {
        let start = index
        try skipNumber()
        guard let value = Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)) else {
            index = start
            throw failure("not an integer")
        }
        return value
    }

    // MARK: JSON grammar (RFC 8259)

    private mutating func beginObject() throws {
        guard depth < Self.maxDepth else { throw failure("nested deeper than \(Self.maxDepth)") }
        try expect(UInt8(ascii: "{"))
        depth += 1
    }

    private mutating func beginArray() throws {
        guard depth < Self.maxDepth else { throw failure("nested deeper than \(Self.maxDepth)") }
        try expect(UInt8(ascii: "["))
        depth += 1
    }

    /// After `{` or a member's value: the bytes of the next member's key (between its quotes), positioned at its
    /// value; nil after the closing `}`.
    private mutating func nextMember(_ first: inout Bool) throws -> Range<Int>? {
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return nil
        }
        if !first {
            try expect(UInt8(ascii: ","))
            skipWhitespace()
        }
        first = false
        let (key, _) = try stringRange()
        skipWhitespace()
        try expect(UInt8(ascii: ":"))
        skipWhitespace()
        return key
    }

    /// After `[` or an element: whether another element follows (positioned at it); false after the closing `]`.
    private mutating func nextElement(_ first: inout Bool) throws -> Bool {
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return false
        }
        if !first {
            try expect(UInt8(ascii: ","))
            skipWhitespace()
        }
        first = false
        return true
    }

    private mutating func skipValue() throws {
        guard index < bytes.count else { throw failure("unexpected end of the document") }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            try beginObject()
            var first = true
            while try nextMember(&first) != nil { try skipValue() }
        case UInt8(ascii: "["):
            try beginArray()
            var first = true
            while try nextElement(&first) { try skipValue() }
        case UInt8(ascii: "\""):
            _ = try stringRange()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            guard literal("true") || literal("false") || literal("null") else { throw failure("not a JSON value") }
        default:
            try skipNumber()
        }
    }

    /// `number = [ minus ] int [ frac ] [ exp ]` (RFC 8259 section 6).
    private mutating func skipNumber() throws {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if skipDigits() == 0 {
            index = start
            throw failure("not a JSON value")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard skipDigits() > 0 else { throw failure("a fraction needs digits") }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard skipDigits() > 0 else { throw failure("an exponent needs digits") }
        }
    }

    private mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }

    /// Whether the key bytes in `range` spell `name`.
    private func key(_ range: Range<Int>, is name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base + range.lowerBound, name.utf8Start, range.count) == 0
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { return false }
        index += count
        return true
    }

    private mutating func string() throws -> String {
        let (range, escaped) = try stringRange()
        let content = UnsafeBufferPointer(rebasing: bytes[range])
        return escaped ? try unescape(content, at: range.lowerBound) : String(decoding: content, as: UTF8.self)
    }

    /// Skips a string (RFC 8259 section 7); returns the range between its quotes and whether it has escapes.
    private mutating func stringRange() throws -> (Range<Int>, escaped: Bool) {
        try expect(UInt8(ascii: "\""))
        let start = index
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return (start..<index - 1, escaped)
            case UInt8(ascii: "\\"):
                escaped = true
                index += 2
            case 0..<0x20:
                throw failure("a control character inside a string")
            default:
                index += 1
            }
        }
        throw failure("a string is not terminated")
    }

    /// The text of a string with escapes (`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\uXXXX` with surrogate
    /// pairs; RFC 8259 section 7).
    private func unescape(_ content: UnsafeBufferPointer<UInt8>, at offset: Int) throws -> String {
        var scalars = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        var position = 0
        func flush() {
            scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
            utf8.removeAll(keepingCapacity: true)
        }
        func hex(_ at: Int) throws -> UInt32 {
            guard at + 4 <= content.count,
                  let value = UInt32(String(decoding: UnsafeBufferPointer(rebasing: content[at..<at + 4]), as: UTF8.self),
                                     radix: 16) else {
                throw DomainError(.corruptStore, "offset \(offset + at): a \\u escape needs four hex digits")
            }
            return value
        }
        while position < content.count {
            let byte = content[position]
            guard byte == UInt8(ascii: "\\"), position + 1 < content.count else {
                utf8.append(byte)
                position += 1
                continue
            }
            flush()
            let escape = content[position + 1]
            position += 2
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(Unicode.Scalar(escape))
            case UInt8(ascii: "b"): scalars.append("\u{8}")
            case UInt8(ascii: "f"): scalars.append("\u{C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex(position)
                position += 4
                if (0xD800..<0xDC00).contains(code), position + 6 <= content.count,
                   content[position] == UInt8(ascii: "\\"), content[position + 1] == UInt8(ascii: "u") {
                    let low = try hex(position + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        position += 6
                    }
                }
                guard let scalar = Unicode.Scalar(code) else {
                    throw DomainError(.corruptStore, "offset \(offset + position): a lone surrogate in a \\u escape")
                }
                scalars.append(scalar)
            default:
                throw DomainError(.corruptStore, "offset \(offset + position - 1): an invalid escape")
            }
        }
        flush()
        return String(scalars)
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard index < bytes.count, bytes[index] == byte else {
            throw failure("expected \(String(reflecting: String(UnicodeScalar(byte))))")
        }
        index += 1
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func failure(_ reason: String) -> DomainError {
        DomainError(.corruptStore, "offset \(index): \(reason)")
    }
}
