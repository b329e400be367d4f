import FoundationEssentials

/// What lets startup skip the journal's history: a position P such that every record before P has had its effects
/// (incidents opened or joined) durably written, and the deduplication digests of every signal in those records.
/// Startup loads it and replays only the records from P on (`EventJournal.replay(from:)`).
///
/// Stored as `journal/checkpoint`, replaced atomically (`AtomicFileWriter`). Layout, little-endian:
/// the 8 bytes `CORDCKPT`, a UInt32 format version, UInt64 segment and UInt64 offset of P, a UInt64 digest count,
/// that many 16-byte digests (high, low), then a CRC-32C of everything before it. A file that fails any check is
/// not used: the journal is replayed from the start instead, which rebuilds the same state (see `EventJournal`).
public struct JournalCheckpoint: Sendable, Equatable {
    /// The file name in the journal directory.
    static let fileName = "checkpoint"
    /// The format written; a file of another version is ignored (full replay), never misread.
    static let version: UInt32 = 1
    private static let magic = Array("CORDCKPT".utf8)
    private static let headerSize = 8 + 4 + 8 + 8 + 8

    /// Replay starts at the first record at or after this position.
    public var position: JournalPosition
    /// The deduplication digests of the signals of every record before `position` (and possibly later ones).
    public var digests: [DeduplicationDigest]

    /// Creates a checkpoint.
    public init(position: JournalPosition, digests: [DeduplicationDigest]) {
        self.position = position
        self.digests = digests
    }

    /// The file's bytes.
    func encoded() -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.headerSize + digests.count * 16 + 4)
        bytes += Self.magic
        Self.append(Self.version, to: &bytes)
        Self.append(UInt64(position.segment), to: &bytes)
        Self.append(UInt64(position.offset), to: &bytes)
        Self.append(UInt64(digests.count), to: &bytes)
        for digest in digests {
            Self.append(digest.high, to: &bytes)
            Self.append(digest.low, to: &bytes)
        }
        Self.append(CRC32C.checksum(bytes), to: &bytes)
        return Data(bytes)
    }

    /// Reads a checkpoint file's bytes back.
    ///
    /// - Throws: `.corruptStore` saying what is wrong (size, magic, version, checksum, position); the caller falls
    ///   back to a full replay rather than stop, since the journal itself holds everything the checkpoint does.
    init(decoding data: Data) throws {
        let decoded: JournalCheckpoint = try data.withUnsafeBytes { bytes in
            guard bytes.count >= Self.headerSize + 4 else {
                throw DomainError(.corruptStore, "checkpoint is \(bytes.count) bytes, shorter than its header")
            }
            guard Array(bytes[0..<8]) == Self.magic else {
                throw DomainError(.corruptStore, "checkpoint does not start with CORDCKPT")
            }
            let version = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
            guard version == Self.version else {
                throw DomainError(.corruptStore, "checkpoint format version \(version); this build reads \(Self.version)")
            }
            let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: bytes.count - 4, as: UInt32.self))
            let computed = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<(bytes.count - 4)]))
            guard stored == computed else {
                throw DomainError(.corruptStore, "checkpoint checksum mismatch")
            }
            let segment = Self.load(bytes, at: 12)
            let offset = Self.load(bytes, at: 20)
            let count = Self.load(bytes, at: 28)
            guard count <= UInt64((bytes.count - Self.headerSize - 4) / 16),
                  Self.headerSize + Int(count) * 16 + 4 == bytes.count else {
                throw DomainError(.corruptStore, "checkpoint holds \(count) digests but is \(bytes.count) bytes")
            }
            guard segment >= 1, segment <= UInt64(Int.max), offset <= UInt64(Int.max) else {
                throw DomainError(.corruptStore, "checkpoint position \(segment):\(offset) is out of range")
            }
            var digests: [DeduplicationDigest] = []
            digests.reserveCapacity(Int(count))
            for index in 0..<Int(count) {
                let base = Self.headerSize + index * 16
                digests.append(DeduplicationDigest(high: Self.load(bytes, at: base), low: Self.load(bytes, at: base + 8)))
            }
            return JournalCheckpoint(position: JournalPosition(segment: Int(segment), offset: Int(offset)), digests: digests)
        }
        self = decoded
    }

    private static func append<Value: FixedWidthInteger>(_ value: Value, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func load(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
