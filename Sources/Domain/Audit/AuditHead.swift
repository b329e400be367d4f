import FoundationEssentials

/// The last record the log made durable (`<data>/audit/audit.head`), replaced atomically after each commit.
///
/// A hash chain alone cannot show that its last lines were removed or that its last line was edited: nothing
/// follows them. The head anchors the end, so truncation and a changed last line are detected too.
public struct AuditHead: Codable, Sendable, Equatable {
    /// The last durable record's `seq` (0 for an empty log).
    public var seq: Int
    /// The hex SHA-256 of that record's line (`AuditRecord.genesis` for an empty log).
    public var hash: String

    /// Creates a head.
    public init(seq: Int, hash: String) {
        self.seq = seq
        self.hash = hash
    }
}
