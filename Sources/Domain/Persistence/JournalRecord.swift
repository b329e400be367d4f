import FoundationEssentials

/// One durable record read back from the journal: the bytes that were appended and where they are.
public struct JournalRecord: Hashable, Sendable {
    /// Where the record is.
    public var position: JournalPosition
    /// The bytes given to `EventJournal.append`.
    public var payload: Data

    /// Creates a record.
    public init(position: JournalPosition, payload: Data) {
        self.position = position
        self.payload = payload
    }
}
