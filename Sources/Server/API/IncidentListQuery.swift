import Domain

/// The query of `GET /v1/incidents`: `status`, `limit` (default 50, at most 500) and `cursor`, validated so a
/// mistyped parameter is a 400 that names it rather than a silently unfiltered list.
struct IncidentListQuery: Sendable, Equatable {
    /// The page size when `limit` is absent.
    static let defaultLimit = 50
    /// The largest page.
    static let maxLimit = 500
    /// The longest cursor accepted; cursors are short opaque tokens the service hands out.
    static let maxCursorLength = 512

    /// Only incidents in this status, when set.
    var status: IncidentStatus?
    /// The page size.
    var limit = IncidentListQuery.defaultLimit
    /// A previous page's `nextCursor`.
    var cursor: String?

    /// Reads decoded query items; throws a 400 naming the first bad or repeated parameter.
    init(_ items: [(name: String, value: String)]) throws(HTTPError) {
        var seen: Set<String> = []
        for (name, value) in items {
            guard seen.insert(name).inserted else {
                throw HTTPError(.badRequest, "Query parameter \(name) is given more than once.")
            }
            switch name {
            case "status":
                guard let status = IncidentStatus(rawValue: value) else {
                    let choices = IncidentStatus.allCases.map(\.rawValue).joined(separator: ", ")
                    throw HTTPError(.badRequest, "Query parameter status: \(String(reflecting: value)) is not one of \(choices).")
                }
                self.status = status
            case "limit":
                guard let limit = Int(value), (1...Self.maxLimit).contains(limit) else {
                    throw HTTPError(.badRequest, "Query parameter limit: \(String(reflecting: value)) is not a whole number from 1 to \(Self.maxLimit).")
                }
                self.limit = limit
            case "cursor":
                guard (1...Self.maxCursorLength).contains(value.utf8.count), value.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                    throw HTTPError(.badRequest, "Query parameter cursor: not a cursor this service handed out; pass a page's nextCursor as it is.")
                }
                self.cursor = value
            default:
                throw HTTPError(.badRequest, "Query parameter \(name) is not known here; use status, limit or cursor.")
            }
        }
    }
}
