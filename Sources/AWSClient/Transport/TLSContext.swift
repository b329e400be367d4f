import COpenSSL
import FoundationEssentials

/// The transport's one OpenSSL client context: TLS 1.2 or later, peer verification on, made through the libssl
/// loaded on the first https call (`LibSSL`).
///
/// Trust comes from OpenSSL's default paths (Debian's /etc/ssl/certs; OpenSSL itself honours SSL_CERT_FILE and
/// SSL_CERT_DIR) plus, as the AWS SDKs do, the PEM bundle named by `AWS_CA_BUNDLE` (AWS SDKs and Tools reference,
/// "ca_bundle"). `@unchecked Sendable`: an SSL_CTX is never changed after this initializer, and OpenSSL allows one
/// to make SSL objects on several threads at once (openssl-threads(7)).
final class TLSContext: @unchecked Sendable {
    /// The SSL_CTX.
    let context: OpaquePointer
    /// The functions of the loaded libssl.
    let openSSL: LibSSL

    /// Makes the context, loading `caBundle` (a PEM file path) when given.
    init(openSSL: LibSSL, caBundle: String?) throws(AWSClientError) {
        self.openSSL = openSSL
        guard let context = openSSL.SSL_CTX_new(openSSL.TLS_client_method()) else {
            throw .connectionFailed("TLS: cannot make a context: \(openSSL.drainErrors())")
        }
        self.context = context
        openSSL.SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        // SSL_CTX_set_min_proto_version and SSL_CTX_set_mode are macros over SSL_CTX_ctrl (ssl.h).
        _ = openSSL.SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(TLS1_2_VERSION), nil)
        // SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER: a retried SSL_write may pass a buffer at another address (Swift may
        // move it between calls); SSL_MODE_ENABLE_PARTIAL_WRITE: a write returns once some bytes are out, like
        // send(2), so the deadline is checked between writes.
        _ = openSSL.SSL_CTX_ctrl(context, SSL_CTRL_MODE, Int(SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_ENABLE_PARTIAL_WRITE), nil)
        guard openSSL.SSL_CTX_set_default_verify_paths(context) == 1 else {
            throw .connectionFailed("TLS: cannot load the default trust store: \(openSSL.drainErrors())")
        }
        if let caBundle, openSSL.SSL_CTX_load_verify_locations(context, caBundle, nil) != 1 {
            throw AWSClientError(kind: .configuration, code: "InvalidCABundle",
                                 message: "AWS_CA_BUNDLE \(caBundle): not a readable PEM file (\(openSSL.drainErrors()))")
        }
    }

    deinit {
        openSSL.SSL_CTX_free(context)
    }
}

extension LibSSL {
    /// Empties this thread's OpenSSL error queue, returning its messages (OpenSSL keeps one queue per thread,
    /// and a stale entry would be blamed on the next call: SSL_get_error(3)).
    func drainErrors() -> String {
        var messages: [String] = []
        while true {
            let code = ERR_get_error()
            guard code != 0 else { break }
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            messages.append(String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "no OpenSSL error reported" : messages.joined(separator: "; ")
    }
}
