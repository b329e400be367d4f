import FoundationEssentials

/// What the journal keeps of one accepted request: a one-line JSON header (format, receive time), a newline,
/// then the body exactly as received, so replay decodes it the same way the request was decoded.
///
/// The header is written by hand: it is two fields on the hot path of every request.
struct IngestRecord: Sendable, Equatable {
    /// How the body is decoded.
    var format: EventFormat
    /// When Cordon received it; the signals' `receivedAt`.
    var receivedAt: Date
    /// The request body as received.
    var body: Data

    private struct Header: Decodable {
        var format: EventFormat
        var receivedAt: Double
    }

    /// The journal payload.
    func encoded() -> Data {
        // Double's description is the shortest text that parses back to the same value, so the date round-trips.
        let header = #"{"format":"\#(format.rawValue)","receivedAt":\#(receivedAt.timeIntervalSince1970)}"# + "\n"
        var payload = Data(capacity: header.utf8.count + body.count)
        payload.append(contentsOf: header.utf8)
        payload.append(body)
        return payload
    }

    /// Reads a journal payload back.
    ///
    /// - Throws: `.corruptStore` when the header is missing or unreadable (the frame's checksum passed, so the
    ///   record was written by something else).
    init(decoding payload: Data) throws {
        guard let newline = payload.firstIndex(of: UInt8(ascii: "\n")) else {
            throw DomainError(.corruptStore, "journal record has no ingest header line")
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: payload[payload.startIndex..<newline])
        } catch {
            throw DomainError(.corruptStore, "journal record's ingest header is unreadable: \(error)")
        }
        self.init(format: header.format, receivedAt: Date(timeIntervalSince1970: header.receivedAt),
                  body: payload[payload.index(after: newline)...])
    }

    /// Creates a record.
    init(format: EventFormat, receivedAt: Date, body: Data) {
        self.format = format
        self.receivedAt = receivedAt
        self.body = body
    }
}
