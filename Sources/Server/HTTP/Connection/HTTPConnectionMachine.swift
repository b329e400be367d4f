import FoundationEssentials

/// The life of one connection as a pure state machine: bytes, responses, ticks and shutdown go in;
/// bytes to write, requests to hand to the responder, and close decisions come out. It never touches
/// a socket, a clock or a task: the socket layer performs its actions.
///
/// Requests are handled one at a time: while one awaits its response, later pipelined bytes stay
/// buffered in the parser, so responses go out in request order (RFC 9112 §9.3.2).
struct HTTPConnectionMachine {
    /// Something the socket layer must do.
    enum Action: Sendable {
        /// Write these bytes (a 100 Continue).
        case write([UInt8])
        /// Write a response and log it.
        case respond([UInt8], HTTPExchangeRecord)
        /// Call `HTTPResponder.respond(to:)` and feed the result to `responded(_:now:)`.
        case handle(HTTPRequest)
        /// Close the connection once everything queued is written.
        case close
    }

    private struct Pending {
        let head: HTTPRequestHead
        let requestID: String
        let started: UInt64
        let keepAlive: Bool
    }

    private enum Phase {
        /// Between requests, since this instant.
        case idle(since: UInt64)
        /// Some bytes of a head have arrived, the first at this instant.
        case readingHead(since: UInt64)
        /// The head is accepted and the body is arriving.
        case readingBody(Pending, limit: Int, body: Data)
        /// The request went to the responder.
        case awaitingResponse(Pending)
        /// Closed or closing; nothing more is read.
        case closed
    }

    private let configuration: HTTPConfiguration
    private let responder: any HTTPResponder
    private let makeRequestID: @Sendable () -> String
    private var parser: HTTPRequestParser
    private var phase: Phase
    private var draining = false

    /// A machine for a connection accepted at `now`.
    init(
        configuration: HTTPConfiguration,
        responder: any HTTPResponder,
        makeRequestID: @escaping @Sendable () -> String,
        now: UInt64
    ) {
        self.configuration = configuration
        self.responder = responder
        self.makeRequestID = makeRequestID
        parser = HTTPRequestParser(configuration: configuration)
        phase = .idle(since: now)
    }

    /// Whether the connection is finished.
    var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    /// Whether the socket layer should keep reading (not while a response is pending and input piles up).
    var wantsInput: Bool {
        switch phase {
        case .closed: false
        case .awaitingResponse: parser.bufferedByteCount < configuration.maxHeaderBytes
        default: true
        }
    }

    /// Feeds received bytes.
    mutating func received(_ bytes: UnsafeRawBufferPointer, now: HTTPMoment) -> [Action] {
        guard !isClosed else { return [] }
        parser.append(bytes)
        return process(now: now)
    }

    /// Feeds the responder's answer to the request last handed out with `.handle`.
    mutating func responded(_ response: HTTPResponse, now: HTTPMoment) -> [Action] {
        guard case .awaitingResponse(let pending) = phase else { return [] }
        var actions = [finish(pending, response, now: now)]
        if isClosed {
            actions.append(.close)
            return actions
        }
        actions.append(contentsOf: process(now: now))
        return actions
    }

    /// The peer closed its side: nothing more will arrive.
    mutating func peerClosed() -> [Action] {
        switch phase {
        case .awaitingResponse(let pending):
            // Still answer the request in flight (the client may have half-closed), then close.
            phase = .awaitingResponse(Pending(head: pending.head, requestID: pending.requestID, started: pending.started, keepAlive: false))
            return []
        case .closed:
            return []
        default:
            phase = .closed
            return [.close]
        }
    }

    /// Stops keeping the connection alive: idle connections close now, busy ones after their response.
    mutating func beginShutdown() -> [Action] {
        draining = true
        switch phase {
        case .idle:
            phase = .closed
            return [.close]
        default:
            return []
        }
    }

    /// The instant by which `tick` must be called for a timeout to fire, if any is running.
    var deadline: UInt64? {
        switch phase {
        case .idle(let since): since &+ configuration.idleTimeout.nanoseconds
        case .readingHead(let since): since &+ configuration.headerTimeout.nanoseconds
        case .readingBody(let pending, _, _): pending.started &+ configuration.bodyTimeout.nanoseconds
        case .awaitingResponse, .closed: nil
        }
    }

    /// Fires the header, body or idle timeout if its deadline has passed.
    mutating func tick(now: HTTPMoment) -> [Action] {
        guard let deadline, now.uptimeNanoseconds >= deadline else { return [] }
        switch phase {
        case .idle:
            // RFC 9112 §9.5: a server may close an idle connection at any time.
            phase = .closed
            return [.close]
        case .readingHead(let since):
            return reject(HTTPError(.requestTimeout, "The request head did not arrive in time."), head: nil, started: since, now: now)
        case .readingBody(let pending, _, _):
            return reject(HTTPError(.requestTimeout, "The request body did not arrive in time."), head: pending.head, started: pending.started, now: now)
        case .awaitingResponse, .closed:
            return []
        }
    }

    private mutating func process(now: HTTPMoment) -> [Action] {
        var actions: [Action] = []
        while true {
            switch phase {
            case .idle, .readingHead, .readingBody: break
            case .awaitingResponse, .closed: return actions
            }
            let event: HTTPRequestParser.Event?
            do {
                event = try parser.next()
            } catch {
                let started: UInt64
                var head: HTTPRequestHead?
                switch phase {
                case .readingHead(let since): started = since
                case .readingBody(let pending, _, _): started = pending.started; head = pending.head
                default: started = now.uptimeNanoseconds
                }
                actions.append(contentsOf: reject(error, head: head, started: started, now: now))
                return actions
            }
            guard let event else {
                if case .idle = phase, !parser.isAtMessageBoundary {
                    phase = .readingHead(since: now.uptimeNanoseconds)
                }
                // RFC 9110 §15.5.14: a chunk announcing more than the limit is refused now, not after its bytes.
                if case .readingBody(let pending, let limit, let body) = phase, parser.announcedChunkBytes > limit - body.count {
                    actions.append(contentsOf: reject(HTTPError(.contentTooLarge, "The body is larger than \(limit) bytes."), head: pending.head, started: pending.started, now: now))
                }
                return actions
            }
            switch event {
            case .head(let head):
                actions.append(contentsOf: accept(head, now: now))
            case .body(let piece):
                guard case .readingBody(let pending, let limit, var body) = phase else { continue }
                phase = .closed // release the Data's storage so append does not copy
                // Only chunked bodies can grow past the limit here; Content-Length was checked up front.
                guard body.count + piece.count <= limit else {
                    actions.append(contentsOf: reject(HTTPError(.contentTooLarge, "The body is larger than \(limit) bytes."), head: pending.head, started: pending.started, now: now))
                    return actions
                }
                body.append(piece)
                phase = .readingBody(pending, limit: limit, body: body)
            case .end:
                if case .readingBody(let pending, _, let body) = phase {
                    actions.append(contentsOf: complete(pending, body: body, now: now))
                }
            }
        }
    }

    /// Decides on a head before its body: Expect, Content-Encoding, admission and size (RFC 9110 §10.1.1).
    private mutating func accept(_ head: HTTPRequestHead, now: HTTPMoment) -> [Action] {
        let started: UInt64
        if case .readingHead(let since) = phase { started = since } else { started = now.uptimeNanoseconds }
        let pending = Pending(head: head, requestID: requestID(for: head), started: started, keepAlive: head.wantsKeepAlive)
        let expectations = head.headers.listElements("Expect").map { $0.lowercased() }
        // RFC 9110 §10.1.1: an expectation other than 100-continue may be answered 417.
        if expectations.contains(where: { $0 != "100-continue" }) {
            return refuse(pending, .problem(.expectationFailed, detail: "Only the 100-continue expectation is supported."), now: now)
        }
        // RFC 9110 §15.5.16: a content coding the server does not support gets 415.
        let codings = head.headers.listElements("Content-Encoding").map { $0.lowercased() }
        if codings.contains(where: { $0 != "gzip" && $0 != "identity" }) || codings.filter({ $0 == "gzip" }).count > 1 {
            var response = HTTPResponse.problem(.unsupportedMediaType, detail: "Only the gzip content coding is supported.")
            response.headers.set("Accept-Encoding", "gzip")
            return refuse(pending, response, now: now)
        }
        var limit = configuration.maxBodyBytes
        switch responder.admit(head) {
        case .refuse(let response):
            return refuse(pending, response, now: now)
        case .proceed(let routeLimit):
            if let routeLimit { limit = min(limit, routeLimit) }
        }
        switch head.framing {
        case .none, .length(0):
            phase = .readingBody(pending, limit: limit, body: Data())
            return []
        case .length(let length) where length > limit:
            return refuse(pending, .problem(.contentTooLarge, detail: "The body is larger than \(limit) bytes."), now: now)
        case .length, .chunked:
            phase = .readingBody(pending, limit: limit, body: Data())
            // RFC 9110 §10.1.1: send 100 only to an HTTP/1.1 client that asked, and only now that the body will be read.
            if head.version == .http11 && expectations.contains("100-continue") {
                return [.write(ResponseEncoder.continueBytes)]
            }
            return []
        }
    }

    /// A complete request: inflate, then answer synchronously if the responder can, else hand it out.
    private mutating func complete(_ pending: Pending, body: Data, now: HTTPMoment) -> [Action] {
        var body = body
        if pending.head.headers.containsToken("Content-Encoding", "gzip") {
            do {
                body = try GzipInflater.inflate(body, limit: configuration.maxDecompressedBodyBytes)
            } catch {
                phase = .awaitingResponse(pending)
                return [finish(pending, .problem(for: error), now: now)] + (isClosed ? [.close] : [])
            }
        }
        let request = HTTPRequest(head: pending.head, body: body, requestID: pending.requestID)
        phase = .awaitingResponse(pending)
        if let response = responder.respondImmediately(to: request) {
            let action = finish(pending, response, now: now)
            return isClosed ? [action, .close] : [action]
        }
        return [.handle(request)]
    }

    /// Answers a head without reading its body; the connection closes if a body was announced,
    /// because its bytes would otherwise be read as the next request.
    private mutating func refuse(_ pending: Pending, _ response: HTTPResponse, now: HTTPMoment) -> [Action] {
        let bodyAnnounced = pending.head.framing != .none && pending.head.framing != .length(0)
        let effective = Pending(head: pending.head, requestID: pending.requestID, started: pending.started, keepAlive: pending.keepAlive && !bodyAnnounced)
        phase = .awaitingResponse(effective)
        let action = finish(effective, response, now: now)
        return isClosed ? [action, .close] : [action]
    }

    /// A parse error or timeout: answer with a problem and close (RFC 9112 §11.2).
    private mutating func reject(_ error: HTTPError, head: HTTPRequestHead?, started: UInt64, now: HTTPMoment) -> [Action] {
        let requestID = head.map(requestID(for:)) ?? makeRequestID()
        let bytes = ResponseEncoder.encode(
            .problem(for: error), requestVersion: head?.version ?? .http11, isHead: head?.method == .head,
            keepAlive: false, requestID: requestID, date: now.httpDate
        )
        let record = HTTPExchangeRecord(
            requestID: requestID, method: head?.method.rawValue ?? "-", path: head?.path ?? "-",
            route: head.flatMap(responder.route(for:)) ?? "-",
            status: error.status.code, durationNanoseconds: now.uptimeNanoseconds &- started
        )
        phase = .closed
        return [.respond(bytes, record), .close]
    }

    /// Encodes the response and moves to the next request or to closed.
    private mutating func finish(_ pending: Pending, _ response: HTTPResponse, now: HTTPMoment) -> Action {
        let keepAlive = pending.keepAlive && !draining && !response.headers.containsToken("Connection", "close")
        let bytes = ResponseEncoder.encode(
            response, requestVersion: pending.head.version, isHead: pending.head.method == .head,
            keepAlive: keepAlive, requestID: pending.requestID, date: now.httpDate
        )
        phase = keepAlive ? .idle(since: now.uptimeNanoseconds) : .closed
        return .respond(bytes, HTTPExchangeRecord(
            requestID: pending.requestID, method: pending.head.method.rawValue, path: pending.head.path,
            route: responder.route(for: pending.head) ?? "-",
            status: response.status.code, durationNanoseconds: now.uptimeNanoseconds &- pending.started
        ))
    }

    /// The client's `X-Request-Id` if it is 1–128 visible ASCII characters, else a fresh one.
    private func requestID(for head: HTTPRequestHead) -> String {
        if let sent = head.headers["X-Request-Id"], (1...128).contains(sent.utf8.count),
           sent.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
            return sent
        }
        return makeRequestID()
    }
}
