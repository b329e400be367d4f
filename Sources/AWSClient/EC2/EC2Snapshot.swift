/// An EBS snapshot (CreateSnapshot, CreateSnapshots, DescribeSnapshots).
public struct EC2Snapshot: Sendable, Equatable {
    /// The snapshot ID (snap-…).
    public var snapshotId: String
    /// The source volume.
    public var volumeId: String?
    /// pending, completed, error (moto completes at once; AWS starts at pending).
    public var state: String?
    /// The progress, e.g. "100%".
    public var progress: String?
    /// The description.
    public var description: String?
    /// The start time as AWS wrote it (ISO 8601).
    public var startTime: String?
    /// The tags.
    public var tags: [AWSTag]
    /// The request ID of the call that created or found it (CreateSnapshot); nil when listed by a Describe.
    public var requestId: String?

    /// Decodes a snapshot: CreateSnapshot and DescribeSnapshots say `status`, CreateSnapshots' items `state`.
    init(xml: XMLTree, requestId: String? = nil) throws {
        self.requestId = requestId
        snapshotId = try xml.required("snapshotId")
        volumeId = xml.string("volumeId")
        state = xml.string("status") ?? xml.string("state")
        progress = xml.string("progress")
        description = xml.string("description")
        startTime = xml.string("startTime")
        tags = xml.list("tagSet").map(AWSTag.init(xml:))
    }
}
