import Foundation
@testable import Domain

// Shared helpers of the journal checkpoint tests (PersistenceJournalCheckpointTests, ServiceCheckpointTests).

/// The checkpoint file of the journal in `journalDirectory`.
func checkpointPath(_ journalDirectory: URL) -> String {
    journalDirectory.appendingPathComponent(JournalCheckpoint.fileName).path
}

/// Ways a checkpoint file can be unusable; each must lead to a full replay, never to a refused start.
enum CheckpointDamage: String, CaseIterable, Sendable {
    case absent, truncated, flippedByte, otherVersion, empty, midRecord

    /// Applies the damage to the checkpoint of the journal in `journalDirectory`.
    func apply(to journalDirectory: URL) throws {
        let path = checkpointPath(journalDirectory)
        switch self {
        case .absent: try FileManager.default.removeItem(atPath: path)
        case .truncated: try rewrite(path) { $0.removeLast(9) }
        case .flippedByte: try rewrite(path) { $0[$0.count / 2] ^= 0x40 }
        case .otherVersion:
            // A well-formed file of format version 2: its checksum matches, its version does not.
            try rewrite(path) { bytes in
                bytes[8] = 2
                bytes.removeLast(4)
                withUnsafeBytes(of: CRC32C.checksum(bytes).littleEndian) { bytes.append(contentsOf: $0) }
            }
        case .empty: try Data().write(to: URL(fileURLWithPath: path))
        case .midRecord:
            // Well-formed, but pointing into the middle of the last segment's bytes: not a record boundary.
            let checkpoint = try JournalCheckpoint(decoding: Data(contentsOf: URL(fileURLWithPath: path)))
            var moved = checkpoint
            moved.position.offset = max(1, checkpoint.position.offset - 3)
            try moved.encoded().write(to: URL(fileURLWithPath: path))
        }
    }
}
