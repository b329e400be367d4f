import FoundationEssentials

/// One line of the audit log (`<data>/audit/audit.log`), as JSON with sorted keys.
///
/// `prev` is the lower-case hex SHA-256 of the previous line's bytes (without its newline); the first line's
/// `prev` is 64 zeros. Changing, removing or reordering any line breaks the link of the line after it.
public struct AuditRecord: Codable, Sendable, Equatable {
    /// The link to the previous line.
    public var prev: String
    /// The record's number, from 1, without gaps.
    public var seq: Int
    /// When it was recorded.
    public var time: Date
    /// Who did it.
    public var actor: AuditActor
    /// What was done.
    public var action: String
    /// What it was done to.
    public var target: String
    /// The parameters that matter.
    public var parameters: [String: String]
    /// How it ended.
    public var outcome: String
    /// Every AWS request ID it caused.
    public var awsRequestIds: [String]

    /// The `prev` of the first record.
    public static let genesis = String(repeating: "0", count: 64)

    /// Creates the record of an entry at its place in the chain.
    public init(_ entry: AuditEntry, seq: Int, prev: String, time: Date) {
        self.prev = prev
        self.seq = seq
        self.time = time
        self.actor = entry.actor
        self.action = entry.action
        self.target = entry.target
        self.parameters = entry.parameters
        self.outcome = entry.outcome
        self.awsRequestIds = entry.awsRequestIds
    }
}
