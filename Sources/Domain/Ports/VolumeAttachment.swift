import FoundationEssentials

/// A forensic volume and the device name to attach it as.
public struct VolumeAttachment: Codable, Sendable, Equatable {
    /// The volume ID.
    public var volumeId: String
    /// The device name, "/dev/sdf" onwards (EC2 User Guide, "Device names on Linux instances").
    public var device: String

    /// Creates an attachment.
    public init(volumeId: String, device: String) {
        self.volumeId = volumeId
        self.device = device
    }
}
