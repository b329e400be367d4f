/// The items of a paginated Describe/List call, all pages joined, with every page's request ID.
public struct AWSList<Item: Sendable>: Sendable {
    /// The items in the order AWS returned them.
    public var items: [Item]
    /// One request ID per page fetched.
    public var requestIds: [String]

    /// Creates a list.
    public init(items: [Item], requestIds: [String]) {
        self.items = items
        self.requestIds = requestIds
    }
}

extension AWSList: Equatable where Item: Equatable {}

/// One page of a paginated call: its items, the token of the next page (nil on the last), its request ID.
public struct AWSPage<Item: Sendable>: Sendable {
    /// The page's items.
    public var items: [Item]
    /// NextToken / NextMarker / Marker of the next page; nil or empty on the last page.
    public var nextToken: String?
    /// The page's request ID.
    public var requestId: String

    /// Creates a page.
    public init(items: [Item], nextToken: String?, requestId: String) {
        self.items = items
        self.nextToken = nextToken
        self.requestId = requestId
    }
}
