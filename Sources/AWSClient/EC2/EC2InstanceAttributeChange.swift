/// One change ModifyInstanceAttribute can make (the API takes one attribute per call).
public enum EC2InstanceAttributeChange: Sendable, Equatable {
    /// Termination protection, sent in the boolean form `DisableApiTermination.Value` (moto enforces only that form).
    case disableApiTermination(Bool)
    /// Stop protection (`DisableApiStop.Value`).
    case disableApiStop(Bool)
    /// "stop" or "terminate" when the OS shuts down (`Attribute=instanceInitiatedShutdownBehavior`, `Value`).
    case instanceInitiatedShutdownBehavior(String)
    /// Whether terminating the instance deletes the EBS volume at that device (`BlockDeviceMapping.1.Ebs.DeleteOnTermination`).
    case deleteOnTermination(deviceName: String, Bool)
    /// The primary interface's security groups (`GroupId.N`); for every ENI use ModifyNetworkInterfaceAttribute.
    case groups([String])

    /// The parameters of this change (EC2 API reference, ModifyInstanceAttribute).
    var parameters: QueryParameters {
        var parameters = QueryParameters()
        switch self {
        case .disableApiTermination(let value):
            parameters.set("DisableApiTermination.Value", value)
        case .disableApiStop(let value):
            parameters.set("DisableApiStop.Value", value)
        case .instanceInitiatedShutdownBehavior(let value):
            // The API reference's `Attribute`/`Value` pair ("Use only with the kernel, ramdisk, userData,
            // disableApiTermination, or instanceInitiatedShutdownBehavior attribute"). moto 5.2.1 ignores the
            // `InstanceInitiatedShutdownBehavior.Value` form and answers 200, so that form left the behaviour
            // "terminate" there unnoticed.
            parameters.set("Attribute", "instanceInitiatedShutdownBehavior")
            parameters.set("Value", value)
        case .deleteOnTermination(let deviceName, let value):
            parameters.set("BlockDeviceMapping.1.DeviceName", deviceName)
            parameters.set("BlockDeviceMapping.1.Ebs.DeleteOnTermination", value)
        case .groups(let groupIds):
            parameters.set(list: "GroupId", groupIds)
        }
        return parameters
    }
}
