import FoundationEssentials

/// The summary index file: every incident's `IncidentSummary` with the identity of the file it was read from, so a
/// restart reads one file instead of every incident (issue #7: reading and scanning 100,000 files, 788 MB, was
/// most of startup; docs/PERFORMANCE.md, "Startup and memory").
///
/// The incident files stay the only source of truth; the index is derived from them and trusted one entry at a
/// time: an entry is used only while its file's inode, size, mtime and ctime are those recorded (`FileIdentity`),
/// and any file without a matching entry is read and scanned as if there were no index. So a save after the index
/// was written, a crash at any point, a restored backup or an edit by hand costs reading the files concerned,
/// never a stale summary. A damaged, truncated or unknown-format index is ignored as a whole (CRC-32C over the
/// body), and `IncidentStore.loadAll()` writes a new one atomically (`AtomicFileWriter`) when it disagreed.
///
/// Layout, little-endian: the magic `CRDNSIX1`, the entry count (u32), CRC-32C of the body (u32), then per entry
/// the identity (inode u64, size, mtime ns, ctime ns as i64), the summary fields (strings as u32 length + UTF-8,
/// enums by raw value, `createdAt` as the bits of its `timeIntervalSinceReferenceDate`), flags (u8) and version (i64).
enum IncidentSummaryIndex {
    /// The file's name in the incidents directory: hidden and not `.json`, so it is never taken for an incident.
    static let fileName = ".summary-index"

    private static let magic = Array("CRDNSIX1".utf8)
    private static let headerSize = magic.count + 8

    /// The index file's bytes for `entries`.
    static func encode(_ entries: [String: ScannedFile<IncidentSummary>]) -> Data {
        var body = ByteWriter()
        body.bytes.reserveCapacity(entries.count * 256)
        // Sorted, so the same incidents always make the same file.
        for (id, entry) in entries.sorted(by: { $0.key < $1.key }) {
            body.append(entry.identity.inode)
            body.append(UInt64(bitPattern: entry.identity.size))
            body.append(UInt64(bitPattern: entry.identity.modified))
            body.append(UInt64(bitPattern: entry.identity.changed))
            let summary = entry.summary
            body.append(id)
            body.append(summary.status.rawValue)
            switch summary.target {
            case .instanceId(let value): body.append(UInt8(0)); body.append(value)
            case .ipAddress(let value): body.append(UInt8(1)); body.append(value)
            case .accessKeyId(let value): body.append(UInt8(2)); body.append(value)
            }
            body.append(summary.playbook.rawValue)
            body.append(summary.mode.rawValue)
            body.append(summary.createdAt.timeIntervalSinceReferenceDate.bitPattern)
            if let key = summary.idempotencyKey { body.append(UInt8(1)); body.append(key) } else { body.append(UInt8(0)) }
            body.append(UInt32(summary.dedupKeys.count))
            for key in summary.dedupKeys { body.append(key) }
            body.append(UInt8((summary.hasSteps ? 1 : 0) | (summary.hasRunningStep ? 2 : 0)))
            body.append(UInt64(bitPattern: Int64(summary.version)))
        }
        var file = ByteWriter()
        file.bytes.reserveCapacity(headerSize + body.bytes.count)
        file.bytes += magic
        file.append(UInt32(entries.count))
        file.append(body.bytes.withUnsafeBytes { CRC32C.checksum($0) })
        file.bytes += body.bytes
        return Data(file.bytes)
    }

    /// The entries in an index file's bytes, each marked as not read from its incident file.
    ///
    /// - Throws: `.corruptStore` with the offset and reason when `data` is not a whole, intact index of this format.
    static func decode(_ data: Data) throws -> [String: ScannedFile<IncidentSummary>] {
        try data.withUnsafeBytes { raw in
            guard raw.count >= headerSize, raw.prefix(magic.count).elementsEqual(magic) else {
                throw DomainError(.corruptStore, "offset 0: not a summary index of this format")
            }
            var header = ByteReader(raw, at: magic.count)
            let count = Int(try header.uint32())
            let checksum = try header.uint32()
            guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: raw[headerSize...])) == checksum else {
                throw DomainError(.corruptStore, "offset \(headerSize): the checksum does not match")
            }
            var reader = ByteReader(raw, at: headerSize)
            var entries: [String: ScannedFile<IncidentSummary>] = [:]
            entries.reserveCapacity(count)
            for _ in 0..<count {
                let identity = FileIdentity(inode: try reader.uint64(), size: Int64(bitPattern: try reader.uint64()),
                                            modified: Int64(bitPattern: try reader.uint64()),
                                            changed: Int64(bitPattern: try reader.uint64()))
                let id = try reader.string()
                let status = try reader.enumeration(IncidentStatus.self)
                let target: IncidentTarget
                switch try reader.uint8() {
                case 0: target = .instanceId(try reader.string())
                case 1: target = .ipAddress(try reader.string())
                case 2: target = .accessKeyId(try reader.string())
                default: throw reader.failure("not a target kind")
                }
                let playbook = try reader.enumeration(PlaybookName.self)
                let mode = try reader.enumeration(IncidentMode.self)
                let createdAt = Date(timeIntervalSinceReferenceDate: Double(bitPattern: try reader.uint64()))
                let idempotencyKey = try reader.uint8() == 0 ? nil : try reader.string()
                let dedupCount = Int(try reader.uint32())
                // Each key takes at least its 4-byte length: a count past the end is damage, not an allocation.
                guard dedupCount <= reader.remaining / 4 else { throw reader.failure("too many dedup keys") }
                var dedupKeys: [String] = []
                dedupKeys.reserveCapacity(dedupCount)
                for _ in 0..<dedupCount { dedupKeys.append(try reader.string()) }
                let flags = try reader.uint8()
                let version = Int(Int64(bitPattern: try reader.uint64()))
                entries[id] = ScannedFile(
                    summary: IncidentSummary(id: id, status: status, target: target, playbook: playbook, mode: mode,
                                             createdAt: createdAt, idempotencyKey: idempotencyKey, dedupKeys: dedupKeys,
                                             hasSteps: flags & 1 != 0, hasRunningStep: flags & 2 != 0, version: version),
                    identity: identity, wasRead: false)
            }
            guard reader.remaining == 0, entries.count == count else {
                throw reader.failure("the entries do not match the count \(count)")
            }
            return entries
        }
    }
}

/// Appends little-endian integers and length-prefixed strings to a byte array.
private struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func append(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    mutating func append(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }

    mutating func append(_ text: String) {
        append(UInt32(text.utf8.count))
        bytes += text.utf8
    }
}

/// Reads what `ByteWriter` wrote, checking every length against the end of the buffer.
private struct ByteReader {
    private let raw: UnsafeRawBufferPointer
    private var offset: Int

    init(_ raw: UnsafeRawBufferPointer, at offset: Int) {
        self.raw = raw
        self.offset = offset
    }

    var remaining: Int { raw.count - offset }

    mutating func uint8() throws -> UInt8 {
        try take(1)[0]
    }

    mutating func uint32() throws -> UInt32 {
        UInt32(littleEndian: try take(4).loadUnaligned(as: UInt32.self))
    }

    mutating func uint64() throws -> UInt64 {
        UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self))
    }

    mutating func string() throws -> String {
        let length = Int(try uint32())
        return String(decoding: try take(length), as: UTF8.self)
    }

    mutating func enumeration<Value: RawRepresentable<String>>(_ type: Value.Type) throws -> Value {
        let text = try string()
        guard let value = Value(rawValue: text) else { throw failure("\(String(reflecting: text)) is not a \(Value.self)") }
        return value
    }

    func failure(_ reason: String) -> DomainError {
        DomainError(.corruptStore, "offset \(offset): \(reason)")
    }

    private mutating func take(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count <= remaining else { throw failure("the index ends inside an entry") }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: raw[offset..<offset + count])
    }
}
