@preconcurrency import Glibc
import COpenSSL
import FoundationEssentials

/// One TLS client session over a connected non-blocking socket, verified against the host the URL names.
///
/// `@unchecked Sendable`: like its socket, a session belongs to one exchange at a time (the pool hands it over
/// under its lock); the SSL object is never used from two threads at once.
final class TLSSession: @unchecked Sendable {
    private let ssl: OpaquePointer
    private let openSSL: LibSSL

    /// Performs the handshake within the deadline. The certificate must chain to a trusted root and name `host`
    /// (RFC 6125; an IP address must be in its iPAddress names), else the error gives OpenSSL's reason.
    init(context: TLSContext, socket: TCPSocket, host: String, deadline: TransportDeadline, handle: ExchangeHandle) throws(AWSClientError) {
        let openSSL = context.openSSL
        self.openSSL = openSSL
        guard let ssl = openSSL.SSL_new(context.context) else {
            throw .connectionFailed("TLS: cannot make a session: \(openSSL.drainErrors())")
        }
        self.ssl = ssl
        guard openSSL.SSL_set_fd(ssl, socket.descriptor) == 1 else {
            throw .connectionFailed("TLS: cannot attach the socket: \(openSSL.drainErrors())")
        }
        if Self.isIPAddress(host) {
            // RFC 6066 section 3: SNI carries host names only, never a literal address.
            guard openSSL.X509_VERIFY_PARAM_set1_ip_asc(openSSL.SSL_get0_param(ssl), host) == 1 else {
                throw .connectionFailed("TLS: cannot check the certificate for \(host): \(openSSL.drainErrors())")
            }
        } else {
            guard openSSL.setServerName(ssl, host), openSSL.SSL_set1_host(ssl, host) == 1 else {
                throw .connectionFailed("TLS: cannot check the certificate for \(host): \(openSSL.drainErrors())")
            }
        }
        while true {
            openSSL.ERR_clear_error()
            let result = openSSL.SSL_connect(ssl)
            if result == 1 { return }
            switch openSSL.SSL_get_error(ssl, result) {
            case SSL_ERROR_WANT_READ:
                try socket.wait(for: Int16(POLLIN), deadline: deadline, handle: handle, phase: "in the TLS handshake")
            case SSL_ERROR_WANT_WRITE:
                try socket.wait(for: Int16(POLLOUT), deadline: deadline, handle: handle, phase: "in the TLS handshake")
            default:
                let verification = openSSL.SSL_get_verify_result(ssl)
                if verification != Int(X509_V_OK) {
                    let reason = openSSL.X509_verify_cert_error_string(verification).map { String(cString: $0) } ?? "error \(verification)"
                    _ = openSSL.drainErrors()
                    throw .connectionFailed("TLS certificate verification failed for \(host): \(reason)")
                }
                throw .connectionFailed("TLS handshake with \(host) failed: \(openSSL.drainErrors())")
            }
        }
    }

    deinit {
        openSSL.SSL_free(ssl)
    }

    /// Writes some of `bytes` (partial writes are on: SSL_MODE_ENABLE_PARTIAL_WRITE).
    func send(_ bytes: UnsafeRawBufferPointer) throws(AWSClientError) -> TCPSocket.Step {
        openSSL.ERR_clear_error()
        let written = openSSL.SSL_write(ssl, bytes.baseAddress, Int32(clamping: bytes.count))
        if written > 0 { return .transferred(Int(written)) }
        return try step(after: written, doing: "sending")
    }

    /// Reads into `buffer`; a peer that closes without close_notify is an error (RFC 8446 section 6.1), so a
    /// close-delimited body cannot be truncated unseen.
    func receive(into buffer: UnsafeMutableRawBufferPointer) throws(AWSClientError) -> TCPSocket.Step {
        openSSL.ERR_clear_error()
        let count = openSSL.SSL_read(ssl, buffer.baseAddress, Int32(clamping: buffer.count))
        if count > 0 { return .transferred(Int(count)) }
        return try step(after: count, doing: "receiving")
    }

    private func step(after result: Int32, doing what: String) throws(AWSClientError) -> TCPSocket.Step {
        switch openSSL.SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ: return .wouldBlock(Int16(POLLIN))
        case SSL_ERROR_WANT_WRITE: return .wouldBlock(Int16(POLLOUT))
        case SSL_ERROR_ZERO_RETURN: return .transferred(0)
        case SSL_ERROR_SYSCALL where errno != 0:
            let reason = String(cString: strerror(errno))
            _ = openSSL.drainErrors()
            throw .connectionFailed("TLS \(what): \(reason)")
        default:
            throw .connectionFailed("TLS \(what): \(openSSL.drainErrors())")
        }
    }

    private static func isIPAddress(_ host: String) -> Bool {
        var address = in6_addr()
        return inet_pton(AF_INET, host, &address) == 1 || inet_pton(AF_INET6, host, &address) == 1
    }
}
