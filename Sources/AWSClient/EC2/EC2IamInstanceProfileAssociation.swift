/// An instance profile association (DescribeIamInstanceProfileAssociations): which role an instance carries.
public struct EC2IamInstanceProfileAssociation: Sendable, Equatable {
    /// The association ID (iip-assoc-…), needed to disassociate or replace it.
    public var associationId: String
    /// The instance.
    public var instanceId: String
    /// The instance profile ARN.
    public var instanceProfileArn: String?
    /// associating, associated, disassociating, disassociated.
    public var state: String?

    /// Decodes an `iamInstanceProfileAssociationSet` item.
    init(xml: XMLTree) throws {
        associationId = try xml.required("associationId")
        instanceId = try xml.required("instanceId")
        instanceProfileArn = xml.string("iamInstanceProfile", "arn")
        state = xml.string("state")
    }
}
