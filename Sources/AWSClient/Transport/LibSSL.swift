@preconcurrency import Glibc
import COpenSSL

/// OpenSSL's libssl (and, through its dependencies, libcrypto), loaded with dlopen(3) on the first https call
/// instead of being linked: a linked libssl and libcrypto are mapped and relocated at every start, 1.6 MiB of
/// resident memory that a Cordon which has not called AWS over TLS yet does not need (docs/PERFORMANCE.md,
/// "Idle memory"). The COpenSSL module supplies only the headers' types and constants; every function is
/// reached through these pointers. `LibSSLTests` checks each pointer's type against the header's declaration.
///
/// The library is never unloaded. Function pointers are immutable after `load`, so sharing them is safe.
struct LibSSL: Sendable {
    /// The sonames tried in order: Debian 12's libssl3, then a development symlink.
    static let sonames = ["libssl.so.3", "libssl.so"]

    let TLS_client_method: @convention(c) () -> OpaquePointer?
    let SSL_CTX_new: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let SSL_CTX_free: @convention(c) (OpaquePointer?) -> Void
    let SSL_CTX_set_verify: @convention(c) (OpaquePointer?, Int32, (@convention(c) (Int32, OpaquePointer?) -> Int32)?) -> Void
    let SSL_CTX_ctrl: @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    let SSL_CTX_set_default_verify_paths: @convention(c) (OpaquePointer?) -> Int32
    let SSL_CTX_load_verify_locations: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32
    let SSL_new: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let SSL_free: @convention(c) (OpaquePointer?) -> Void
    let SSL_set_fd: @convention(c) (OpaquePointer?, Int32) -> Int32
    let SSL_ctrl: @convention(c) (OpaquePointer?, Int32, Int, UnsafeMutableRawPointer?) -> Int
    let SSL_set1_host: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    let SSL_get0_param: @convention(c) (OpaquePointer?) -> OpaquePointer?
    let X509_VERIFY_PARAM_set1_ip_asc: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    let SSL_connect: @convention(c) (OpaquePointer?) -> Int32
    let SSL_read: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, Int32) -> Int32
    let SSL_write: @convention(c) (OpaquePointer?, UnsafeRawPointer?, Int32) -> Int32
    let SSL_get_error: @convention(c) (OpaquePointer?, Int32) -> Int32
    let SSL_get_verify_result: @convention(c) (OpaquePointer?) -> Int
    let X509_verify_cert_error_string: @convention(c) (Int) -> UnsafePointer<CChar>?
    let ERR_get_error: @convention(c) () -> UInt
    let ERR_error_string_n: @convention(c) (UInt, UnsafeMutablePointer<CChar>?, Int) -> Void
    let ERR_clear_error: @convention(c) () -> Void

    /// Loads the first of `sonames` that loads and looks up every function; the error names what is missing.
    static func load(sonames: [String] = sonames) throws(AWSClientError) -> LibSSL {
        var reasons: [String] = []
        for name in sonames {
            // RTLD_NOW: a missing symbol fails here, not in the middle of a handshake.
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) {
                return try LibSSL(handle: handle)
            }
            reasons.append(dlerror().map { String(cString: $0) } ?? name)
        }
        throw .connectionFailed("TLS unavailable: cannot load libssl (\(reasons.joined(separator: "; "))); install libssl3")
    }

}

extension LibSSL {
    /// Sends `host` as the TLS server name (SNI, RFC 6066 section 3): SSL_set_tlsext_host_name is a macro over
    /// SSL_ctrl (tls1.h).
    func setServerName(_ ssl: OpaquePointer, _ host: String) -> Bool {
        host.withCString { name in
            SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, Int(TLSEXT_NAMETYPE_host_name), UnsafeMutableRawPointer(mutating: name)) == 1
        }
    }

    /// Looks up every function in the library `handle` came from (an extension keeps the memberwise initializer,
    /// through which `LibSSLTests` checks the types against the headers).
    private init(handle: UnsafeMutableRawPointer) throws(AWSClientError) {
        func function<Function>(_ name: String) throws(AWSClientError) -> Function {
            guard let address = dlsym(handle, name) else {
                throw .connectionFailed("TLS unavailable: libssl has no \(name) (OpenSSL 3 is needed)")
            }
            return unsafeBitCast(address, to: Function.self)
        }
        TLS_client_method = try function("TLS_client_method")
        SSL_CTX_new = try function("SSL_CTX_new")
        SSL_CTX_free = try function("SSL_CTX_free")
        SSL_CTX_set_verify = try function("SSL_CTX_set_verify")
        SSL_CTX_ctrl = try function("SSL_CTX_ctrl")
        SSL_CTX_set_default_verify_paths = try function("SSL_CTX_set_default_verify_paths")
        SSL_CTX_load_verify_locations = try function("SSL_CTX_load_verify_locations")
        SSL_new = try function("SSL_new")
        SSL_free = try function("SSL_free")
        SSL_set_fd = try function("SSL_set_fd")
        SSL_ctrl = try function("SSL_ctrl")
        SSL_set1_host = try function("SSL_set1_host")
        SSL_get0_param = try function("SSL_get0_param")
        X509_VERIFY_PARAM_set1_ip_asc = try function("X509_VERIFY_PARAM_set1_ip_asc")
        SSL_connect = try function("SSL_connect")
        SSL_read = try function("SSL_read")
        SSL_write = try function("SSL_write")
        SSL_get_error = try function("SSL_get_error")
        SSL_get_verify_result = try function("SSL_get_verify_result")
        X509_verify_cert_error_string = try function("X509_verify_cert_error_string")
        ERR_get_error = try function("ERR_get_error")
        ERR_error_string_n = try function("ERR_error_string_n")
        ERR_clear_error = try function("ERR_clear_error")
    }
}
