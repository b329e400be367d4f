/// The EC2 actions containment needs (EC2 Query protocol, API version 2016-11-15).
public struct EC2Client: Sendable {
    /// The tag a create carries so a retry after a lost answer can find what it created.
    public static let tokenTagKey = "cordon:token"

    /// The client that sends the calls.
    public let client: AWSClient

    /// Creates the EC2 client.
    public init(client: AWSClient) {
        self.client = client
    }

    /// A Describe action with EC2's `NextToken` pagination; `items` picks the page's entries from the result.
    func describe<Item>(_ name: String, _ parameters: QueryParameters, token: String?,
                        items: @escaping @Sendable (XMLTree) throws -> [Item]) -> AWSAction<AWSPage<Item>> {
        var parameters = parameters
        parameters.set("NextToken", token)
        return AWSAction(service: .ec2, name: name, parameters: parameters, idempotent: true) { result, requestId in
            AWSPage(items: try items(result), nextToken: result.string("nextToken"), requestId: requestId)
        }
    }

    /// The tag filter that finds what a create tagged with `token` made.
    static func tokenFilter(_ token: String) -> EC2Filter {
        EC2Filter(name: "tag:\(tokenTagKey)", values: [token])
    }
}
