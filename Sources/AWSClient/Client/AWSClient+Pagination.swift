extension AWSClient {
    /// Sends a paginated action page after page until AWS gives no next token, joining the items.
    ///
    /// `page` builds the action for a token (nil for the first page). Callers never paginate themselves:
    /// a Describe that stops at page one silently misses resources. Fails after `maxPages` pages, or if AWS
    /// repeats a token, rather than loop for ever.
    public func sendAll<Item>(_ page: (_ token: String?) -> AWSAction<AWSPage<Item>>) async throws -> AWSList<Item> {
        var list = AWSList<Item>(items: [], requestIds: [])
        var token: String?
        var seen: Set<String> = []
        for _ in 0..<configuration.maxPages {
            let result = try await send(page(token))
            list.items += result.items
            list.requestIds.append(result.requestId)
            guard let next = result.nextToken, !next.isEmpty else { return list }
            guard seen.insert(next).inserted else {
                throw AWSClientError(kind: .decoding, code: "PaginationLoop", message: "\(page(token).name) repeated a page token")
            }
            token = next
        }
        throw AWSClientError(kind: .decoding, code: "PageLimitExceeded",
                             message: "\(page(token).name) has more than \(configuration.maxPages) pages")
    }
}
