/// An instance as DescribeInstances and RunInstances describe it: what containment must know and record.
public struct EC2Instance: Sendable, Equatable {
    /// An EBS volume attached at launch or later (`blockDeviceMapping`).
    public struct BlockDevice: Sendable, Equatable {
        /// The device name, e.g. /dev/xvda.
        public var deviceName: String
        /// The EBS volume ID.
        public var volumeId: String
        /// Whether terminating the instance deletes the volume (evidence loss if true).
        public var deleteOnTermination: Bool
        /// The attachment status.
        public var status: String?

        /// Creates a block device.
        public init(deviceName: String, volumeId: String, deleteOnTermination: Bool, status: String? = nil) {
            self.deviceName = deviceName
            self.volumeId = volumeId
            self.deleteOnTermination = deleteOnTermination
            self.status = status
        }
    }

    /// The instance ID (i-…).
    public var instanceId: String
    /// The reservation it was launched in.
    public var reservationId: String?
    /// The owning account.
    public var ownerId: String?
    /// The AMI.
    public var imageId: String?
    /// The instance type.
    public var instanceType: String?
    /// The state name: pending, running, stopping, stopped, shutting-down, terminated.
    public var state: String
    /// The VPC.
    public var vpcId: String?
    /// The subnet.
    public var subnetId: String?
    /// The availability zone.
    public var availabilityZone: String?
    /// The primary private IPv4 address.
    public var privateIpAddress: String?
    /// The public IPv4 address.
    public var publicIpAddress: String?
    /// The instance-level security groups (the primary interface's).
    public var securityGroups: [EC2GroupIdentifier]
    /// Every network interface, each with its own groups and addresses.
    public var networkInterfaces: [EC2NetworkInterface]
    /// The EBS block devices.
    public var blockDevices: [BlockDevice]
    /// The IAM instance profile ARN, when one is attached.
    public var iamInstanceProfileArn: String?
    /// The tags.
    public var tags: [AWSTag]
    /// The launch time as AWS wrote it (ISO 8601).
    public var launchTime: String?

    /// Decodes an `instancesSet` item.
    init(xml: XMLTree, reservationId: String?, ownerId: String?) throws {
        instanceId = try xml.required("instanceId")
        self.reservationId = reservationId
        self.ownerId = ownerId
        imageId = xml.string("imageId")
        instanceType = xml.string("instanceType")
        state = xml.string("instanceState", "name") ?? "unknown"
        vpcId = xml.string("vpcId")
        subnetId = xml.string("subnetId")
        availabilityZone = xml.string("placement", "availabilityZone")
        privateIpAddress = xml.string("privateIpAddress")
        publicIpAddress = xml.string("ipAddress")
        securityGroups = EC2GroupIdentifier.list(xml, "groupSet")
        networkInterfaces = try xml.list("networkInterfaceSet").map(EC2NetworkInterface.init(xml:))
        blockDevices = xml.list("blockDeviceMapping").compactMap { item in
            guard let volumeId = item.string("ebs", "volumeId") else { return nil }
            return BlockDevice(deviceName: item.string("deviceName") ?? "", volumeId: volumeId,
                               deleteOnTermination: item.bool("ebs", "deleteOnTermination") ?? false,
                               status: item.string("ebs", "status"))
        }
        iamInstanceProfileArn = xml.string("iamInstanceProfile", "arn")
        tags = xml.list("tagSet").map(AWSTag.init(xml:))
        launchTime = xml.string("launchTime")
    }

    /// Decodes every instance of a `reservationSet` (DescribeInstances) or of one reservation (RunInstances).
    static func reservation(_ reservation: XMLTree) throws -> [EC2Instance] {
        let reservationId = reservation.string("reservationId")
        let ownerId = reservation.string("ownerId")
        return try reservation.list("instancesSet").map { try EC2Instance(xml: $0, reservationId: reservationId, ownerId: ownerId) }
    }
}
