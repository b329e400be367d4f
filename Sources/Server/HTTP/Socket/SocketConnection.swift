import Dispatch

/// A connection's socket-side state, owned by one event loop thread.
final class SocketConnection {
    /// The socket.
    let descriptor: Int32
    /// A server-unique id, so a late response never reaches a new connection that reused the descriptor.
    let id: UInt64
    /// The protocol state.
    var machine: HTTPConnectionMachine
    /// Bytes queued for writing and how many of them are already sent.
    var outbound: [UInt8] = []
    var outboundOffset = 0
    /// When the current write first stalled (EAGAIN), for the write timeout.
    var writeStalledSince: UInt64?
    /// Close once `outbound` is flushed.
    var closeAfterFlush = false
    /// Shut for writing and discarding input until the peer closes, so the last response is not lost
    /// to a TCP reset (RFC 9112 §9.6); dropped for good at this deadline.
    var lingerDeadline: UInt64?
    /// Fires when the socket is readable; suspended while the machine wants no input.
    let readSource: any DispatchSourceRead
    var readSuspended = false
    /// Fires when a stalled write can continue; exists only while output is pending.
    var writeSource: (any DispatchSourceWrite)?
    /// Sources whose cancellation is still outstanding; the descriptor closes when this reaches zero,
    /// since Dispatch needs it open until each cancel handler has run.
    var outstandingCancels = 0

    /// Wraps an accepted socket and its read source (created suspended).
    init(descriptor: Int32, id: UInt64, machine: HTTPConnectionMachine, readSource: any DispatchSourceRead) {
        self.descriptor = descriptor
        self.id = id
        self.machine = machine
        self.readSource = readSource
    }

    /// Whether bytes are waiting to be written.
    var hasPendingOutput: Bool { outboundOffset < outbound.count }
}
