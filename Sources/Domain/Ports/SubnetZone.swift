import Foundation

/// The Availability Zone of a subnet: where a workstation launched into it runs, so where its volumes must be.
public struct SubnetZone: Codable, Sendable, Equatable {
    /// The subnet.
    public var subnetId: String
    /// Its Availability Zone (a subnet lives in exactly one, VPC User Guide "Subnets for your VPC").
    public var availabilityZone: String
    /// The request IDs of the lookup.
    public var requestIds: [String]

    /// Creates a subnet's zone.
    public init(subnetId: String, availabilityZone: String, requestIds: [String] = []) {
        self.subnetId = subnetId
        self.availabilityZone = availabilityZone
        self.requestIds = requestIds
    }
}
