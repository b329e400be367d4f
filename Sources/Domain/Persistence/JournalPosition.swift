/// Where a record sits in the journal: its segment number and the byte offset of its frame in that segment.
///
/// Positions order records in the order they were made durable; a consumer that remembers the position of the
/// first record it has not handled resumes with `EventJournal.replay(from:)`.
public struct JournalPosition: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The segment number (the file `journal/00000001.log` is segment 1).
    public var segment: Int
    /// The byte offset of the record's frame within the segment.
    public var offset: Int

    /// Creates a position.
    public init(segment: Int, offset: Int) {
        self.segment = segment
        self.offset = offset
    }

    /// The position before every record; `replay(from: .start)` yields the whole journal.
    public static let start = JournalPosition(segment: 0, offset: 0)

    /// Orders by segment, then by offset within it.
    public static func < (lhs: JournalPosition, rhs: JournalPosition) -> Bool {
        (lhs.segment, lhs.offset) < (rhs.segment, rhs.offset)
    }

    /// `segment:offset`, as operators see it in logs.
    public var description: String { "\(segment):\(offset)" }
}
