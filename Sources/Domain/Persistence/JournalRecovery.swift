/// What opening the journal found: how much is durable and whether a torn tail from a crash was cut off.
public struct JournalRecovery: Hashable, Sendable {
    /// A torn last record (a crash in the middle of a write that was never acknowledged) that recovery removed.
    public struct DroppedTail: Hashable, Sendable {
        /// The segment file that was truncated.
        public var file: String
        /// The offset it was truncated to: the end of the last intact record.
        public var offset: Int
        /// How many bytes were removed.
        public var bytes: Int
        /// Why the bytes at `offset` were not a record.
        public var reason: String
    }

    /// How many segment files the journal has.
    public var segments: Int
    /// How many intact records the verified segments (from `verifiedFrom`'s on) hold.
    public var records: Int
    /// The position of the last intact record in the verified segments, or `.start` when they hold none.
    public var lastRecord: JournalPosition
    /// The position the next record will be written at (segment and its length); `replay` reads up to here.
    public var end: JournalPosition
    /// The torn tail that was cut off, if there was one.
    public var droppedTail: DroppedTail?
    /// Where verification started: the checkpoint's position, or `.start` (every segment was verified).
    public var verifiedFrom: JournalPosition = .start
    /// Why no checkpoint was used, so startup verifies and replays the whole journal; nil when one was.
    public var fullReplayReason: String?
    /// How many deduplication digests the checkpoint that was used holds.
    public var checkpointDigests = 0
    /// Whether `verifiedFrom` is where a record starts or where a segment's intact bytes end: the only places a
    /// checkpoint this journal wrote can point at (set while verifying).
    var verifiedFromIsBoundary = false
}
