/// A connection's socket-side state, owned by one event loop thread.
final class SocketConnection {
    /// The socket.
    let descriptor: Int32
    /// A server-unique id (the epoll token), so a late response never reaches a new connection that
    /// reused the descriptor.
    let id: UInt64
    /// The protocol state.
    var machine: HTTPConnectionMachine
    /// Bytes queued for writing and how many of them are already sent.
    var outbound: [UInt8] = []
    var outboundOffset = 0
    /// When the current write last made progress while stalled, for the write timeout.
    var writeStalledSince: UInt64?
    /// Close once `outbound` is flushed.
    var closeAfterFlush = false
    /// Shut for writing and discarding input until the peer closes, so the last response is not lost
    /// to a TCP reset (RFC 9112 §9.6); dropped for good at this deadline.
    var lingerDeadline: UInt64?
    /// The epoll events currently registered.
    var registeredEvents: UInt32

    /// Wraps an accepted socket.
    init(descriptor: Int32, id: UInt64, machine: HTTPConnectionMachine, registeredEvents: UInt32) {
        self.descriptor = descriptor
        self.id = id
        self.machine = machine
        self.registeredEvents = registeredEvents
    }

    /// Whether bytes are waiting to be written.
    var hasPendingOutput: Bool { outboundOffset < outbound.count }
}
