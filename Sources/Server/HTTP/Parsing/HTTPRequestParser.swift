import FoundationEssentials

/// A byte-level HTTP/1.1 request parser (RFC 9112) that never touches a socket.
///
/// Feed it bytes with `append`, then call `next()` until it returns nil (it needs more bytes). It yields a
/// head, the body in pieces, and an end marker per request, so pipelined requests come out in order.
/// Every rule that prevents request smuggling rejects the message with a thrown `HTTPError`; after an
/// error the parser yields nothing more, and the connection must be closed (RFC 9112 §11.2).
struct HTTPRequestParser {
    /// What the parser found next in the byte stream.
    enum Event: Equatable, Sendable {
        /// A complete, validated request head.
        case head(HTTPRequestHead)
        /// A piece of the body, transfer coding removed.
        case body(Data)
        /// The end of the current request's body.
        case end
    }

    private enum State {
        case requestLine(emptyLinesSkipped: Int)
        case headers(RequestLine, fields: HTTPHeaders, bytes: Int)
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(bytes: Int, count: Int)
        case complete
        case failed
    }

    struct RequestLine {
        let method: HTTPMethod
        let target: String
        let version: HTTPVersion
    }

    let maxTargetBytes: Int
    private let maxHeaderBytes: Int
    private let maxHeaderCount: Int
    private var state = State.requestLine(emptyLinesSkipped: 0)
    private var buffer: [UInt8] = []
    private var position = 0
    /// Where the search for the next LF resumes, so a head trickling in is scanned once.
    private var scanPosition = 0

    /// Makes a parser enforcing the configuration's target and header limits.
    init(configuration: HTTPConfiguration) {
        maxTargetBytes = configuration.maxTargetBytes
        maxHeaderBytes = configuration.maxHeaderBytes
        maxHeaderCount = configuration.maxHeaderCount
    }

    /// Bytes received but not yet consumed by `next()`.
    var bufferedByteCount: Int { buffer.count - position }

    /// Body bytes the current chunk has announced but not yet yielded (0 outside chunk data), so a chunk that
    /// announces more than the body limit is refused at its size line instead of after its bytes.
    var announcedChunkBytes: Int {
        if case .chunkData(let remaining) = state { return remaining }
        return 0
    }

    /// Whether the parser sits between requests with nothing buffered.
    var isAtMessageBoundary: Bool {
        if case .requestLine = state { return bufferedByteCount == 0 }
        return false
    }

    /// Adds received bytes.
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if position == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            position = 0
            scanPosition = 0
        } else if position > 16 * 1024, position > buffer.count / 2 {
            buffer.removeFirst(position)
            scanPosition -= position
            position = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Adds received bytes from any byte collection (tests, fuzzing).
    mutating func append(_ bytes: some Collection<UInt8>) {
        Array(bytes).withUnsafeBytes { append($0) }
    }

    /// The next event, or nil when more bytes are needed.
    mutating func next() throws(HTTPError) -> Event? {
        do {
            return try step()
        } catch {
            state = .failed
            throw error
        }
    }

    private mutating func step() throws(HTTPError) -> Event? {
        while true {
            switch state {
            case .failed:
                return nil
            case .complete:
                state = .requestLine(emptyLinesSkipped: 0)
                return .end
            case .requestLine(let skipped):
                // The request line is bounded by the target limit plus room for method and version.
                let limit = maxTargetBytes + 64
                guard let line = try nextLine(limit: limit, tooLong: HTTPError(.uriTooLong, "The request line is longer than \(limit) bytes.")) else { return nil }
                if line.isEmpty {
                    // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line.
                    guard skipped < 4 else { throw .badRequest("Too many empty lines before the request line.") }
                    state = .requestLine(emptyLinesSkipped: skipped + 1)
                    continue
                }
                state = .headers(try parseRequestLine(line), fields: HTTPHeaders(), bytes: 0)
            case .headers(let requestLine, var fields, let bytes):
                let maxBytes = maxHeaderBytes
                guard let line = try nextLine(limit: maxBytes - bytes, tooLong: HTTPError(
                    .requestHeaderFieldsTooLarge, "The header section is larger than \(maxBytes) bytes.")) else { return nil }
                if line.isEmpty {
                    let head = try makeHead(requestLine, fields)
                    switch head.framing {
                    case .none: state = .complete
                    case .length(let length): state = length == 0 ? .complete : .fixedBody(remaining: length)
                    case .chunked: state = .chunkSize
                    }
                    return .head(head)
                }
                guard fields.count < maxHeaderCount else {
                    throw HTTPError(.requestHeaderFieldsTooLarge, "More than \(maxHeaderCount) header fields.")
                }
                let field = try Self.parseFieldLine(line)
                // Drop the state's reference first, so that adding to `fields` does not copy them all.
                state = .failed
                fields.add(field.name, field.value)
                state = .headers(requestLine, fields: fields, bytes: bytes + line.count + 2)
            case .fixedBody(let remaining):
                guard let piece = takeBody(upTo: remaining) else { return nil }
                state = remaining == piece.count ? .complete : .fixedBody(remaining: remaining - piece.count)
                return .body(piece)
            case .chunkSize:
                guard let line = try nextLine(limit: 1024, tooLong: .badRequest("A chunk-size line is longer than 1024 bytes.")) else { return nil }
                let size = try Self.parseChunkSize(line)
                state = size == 0 ? .trailers(bytes: 0, count: 0) : .chunkData(remaining: size)
            case .chunkData(let remaining):
                guard let piece = takeBody(upTo: remaining) else { return nil }
                state = remaining == piece.count ? .chunkDataEnd : .chunkData(remaining: remaining - piece.count)
                return .body(piece)
            case .chunkDataEnd:
                // RFC 9112 §7.1: chunk-data is followed by CRLF; anything else means the framing is lost.
                guard bufferedByteCount >= 2 else { return nil }
                guard buffer[position] == 0x0D, buffer[position + 1] == 0x0A else {
                    throw .badRequest("Chunk data is not followed by CRLF.")
                }
                consume(2)
                state = .chunkSize
            case .trailers(let bytes, let count):
                // RFC 9112 §7.1.2: trailer fields are parsed like header fields, then discarded here.
                let maxBytes = maxHeaderBytes
                guard let line = try nextLine(limit: maxBytes - bytes, tooLong: HTTPError(
                    .requestHeaderFieldsTooLarge, "The trailer section is larger than \(maxBytes) bytes.")) else { return nil }
                if line.isEmpty {
                    state = .complete
                    continue
                }
                guard count < maxHeaderCount else {
                    throw HTTPError(.requestHeaderFieldsTooLarge, "More than \(maxHeaderCount) trailer fields.")
                }
                _ = try Self.parseFieldLine(line)
                state = .trailers(bytes: bytes + line.count + 2, count: count + 1)
            }
        }
    }

    /// The next CRLF-terminated line without its terminator, or nil if it is not complete yet.
    /// `tooLong` is an autoclosure: its message is only built for a line that is refused.
    private mutating func nextLine(limit: Int, tooLong: @autoclosure () -> HTTPError) throws(HTTPError) -> ArraySlice<UInt8>? {
        guard let newline = buffer[scanPosition...].firstIndex(of: 0x0A) else {
            scanPosition = buffer.count
            if buffer.count - position > limit { throw tooLong() }
            return nil
        }
        // RFC 9112 §2.2: a bare LF or CR could be read differently by another parser on the path; reject.
        guard newline > position, buffer[newline - 1] == 0x0D else { throw .badRequest("A line ends in a bare LF.") }
        let line = buffer[position..<(newline - 1)]
        if line.count > limit { throw tooLong() }
        if line.contains(0x0D) { throw .badRequest("A bare CR is not allowed.") }
        position = newline + 1
        scanPosition = position
        return line
    }

    private mutating func takeBody(upTo remaining: Int) -> Data? {
        let available = min(bufferedByteCount, remaining)
        guard available > 0 else { return nil }
        let piece = Data(buffer[position..<(position + available)])
        consume(available)
        return piece
    }

    private mutating func consume(_ count: Int) {
        position += count
        scanPosition = position
    }
}
