import FoundationEssentials

/// One EBS volume attached to an instance.
public struct VolumeState: Codable, Sendable, Equatable {
    /// The volume ID.
    public var volumeId: String
    /// The device name it is attached as (e.g. "/dev/xvda").
    public var deviceName: String
    /// Whether it is deleted when the instance terminates (a reason to protect the instance first).
    public var deleteOnTermination: Bool?

    /// Creates a volume state.
    public init(volumeId: String, deviceName: String, deleteOnTermination: Bool? = nil) {
        self.volumeId = volumeId
        self.deviceName = deviceName
        self.deleteOnTermination = deleteOnTermination
    }
}
