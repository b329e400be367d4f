/// One page of `GET /v1/incidents`.
public struct IncidentPage: Codable, Sendable, Equatable {
    /// The incidents on this page, newest first.
    public var items: [Incident]
    /// Pass as `cursor` to get the next page; nil on the last page.
    public var nextCursor: String?

    /// Creates a page.
    public init(items: [Incident], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
