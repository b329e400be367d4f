import COpenSSL
import Foundation

/// The transport's one OpenSSL client context: TLS 1.2 or later, peer verification on.
///
/// Trust comes from OpenSSL's default paths (Debian's /etc/ssl/certs; OpenSSL itself honours SSL_CERT_FILE and
/// SSL_CERT_DIR) plus, as the AWS SDKs do, the PEM bundle named by `AWS_CA_BUNDLE` (AWS SDKs and Tools reference,
/// "ca_bundle"). `@unchecked Sendable`: an SSL_CTX is never changed after this initializer, and OpenSSL allows one
/// to make SSL objects on several threads at once (openssl-threads(7)).
final class TLSContext: @unchecked Sendable {
    /// The SSL_CTX.
    let context: OpaquePointer

    /// Makes the context, loading `caBundle` (a PEM file path) when given.
    init(caBundle: String?) throws(AWSClientError) {
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw .connectionFailed("TLS: cannot make a context: \(Self.drainErrors())")
        }
        self.context = context
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        _ = cordon_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION)
        _ = cordon_SSL_CTX_set_transport_modes(context)
        guard SSL_CTX_set_default_verify_paths(context) == 1 else {
            throw .connectionFailed("TLS: cannot load the default trust store: \(Self.drainErrors())")
        }
        if let caBundle, SSL_CTX_load_verify_locations(context, caBundle, nil) != 1 {
            throw AWSClientError(kind: .configuration, code: "InvalidCABundle",
                                 message: "AWS_CA_BUNDLE \(caBundle): not a readable PEM file (\(Self.drainErrors()))")
        }
    }

    deinit {
        SSL_CTX_free(context)
    }

    /// Empties this thread's OpenSSL error queue, returning its messages (OpenSSL keeps one queue per thread,
    /// and a stale entry would be blamed on the next call: SSL_get_error(3)).
    static func drainErrors() -> String {
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
