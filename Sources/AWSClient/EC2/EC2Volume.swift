/// An EBS volume (DescribeVolumes, CreateVolume).
public struct EC2Volume: Sendable, Equatable {
    /// An attachment of the volume to an instance.
    public struct Attachment: Sendable, Equatable {
        /// The instance.
        public var instanceId: String
        /// The device name.
        public var device: String?
        /// attaching, attached, detaching, detached.
        public var state: String?
        /// Whether terminating the instance deletes the volume.
        public var deleteOnTermination: Bool?
        /// The request ID of the AttachVolume call; nil when listed by a Describe.
        public var requestId: String?

        /// Creates an attachment.
        public init(instanceId: String, device: String? = nil, state: String? = nil, deleteOnTermination: Bool? = nil,
                    requestId: String? = nil) {
            self.instanceId = instanceId
            self.requestId = requestId
            self.device = device
            self.state = state
            self.deleteOnTermination = deleteOnTermination
        }
    }

    /// The volume ID (vol-…).
    public var volumeId: String
    /// The size in GiB.
    public var size: Int?
    /// The snapshot it was created from.
    public var snapshotId: String?
    /// The availability zone.
    public var availabilityZone: String?
    /// creating, available, in-use, deleting, deleted, error.
    public var state: String?
    /// gp3, io2, …
    public var volumeType: String?
    /// The attachments.
    public var attachments: [Attachment]
    /// The tags.
    public var tags: [AWSTag]
    /// The request ID of the call that created or found it (CreateVolume); nil when listed by a Describe.
    public var requestId: String?

    /// Decodes a volume (`volumeSet` item or the CreateVolume response).
    init(xml: XMLTree, requestId: String? = nil) throws {
        self.requestId = requestId
        volumeId = try xml.required("volumeId")
        size = xml.int("size")
        snapshotId = xml.string("snapshotId").flatMap { $0.isEmpty ? nil : $0 }
        availabilityZone = xml.string("availabilityZone")
        state = xml.string("status")
        volumeType = xml.string("volumeType")
        attachments = xml.list("attachmentSet").compactMap { item in
            item.string("instanceId").map {
                Attachment(instanceId: $0, device: item.string("device"), state: item.string("status"),
                           deleteOnTermination: item.bool("deleteOnTermination"))
            }
        }
        tags = xml.list("tagSet").map(AWSTag.init(xml:))
    }
}
