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
    /// How many intact records they hold.
    public var records: Int
    /// The position of the last intact record, or `.start` when the journal is empty.
    public var lastRecord: JournalPosition
    /// The position the next record will be written at (segment and its length); `replay` reads up to here.
    public var end: JournalPosition
    /// The torn tail that was cut off, if there was one.
    public var droppedTail: DroppedTail?
}
