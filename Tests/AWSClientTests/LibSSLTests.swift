import COpenSSL
import Testing
@testable import AWSClient

/// libssl, reached through function pointers found with dlsym (`LibSSL`): their types must be the headers' own,
/// or a call would pass arguments the C function does not expect.
@Suite struct LibSSLTests {
    /// Every field built from the linked OpenSSL functions: this does not compile if a field's type differs from
    /// the header's declaration of that function.
    private static let declared = LibSSL(
        TLS_client_method: TLS_client_method, SSL_CTX_new: SSL_CTX_new, SSL_CTX_free: SSL_CTX_free,
        SSL_CTX_set_verify: SSL_CTX_set_verify, SSL_CTX_ctrl: SSL_CTX_ctrl,
        SSL_CTX_set_default_verify_paths: SSL_CTX_set_default_verify_paths,
        SSL_CTX_load_verify_locations: SSL_CTX_load_verify_locations, SSL_new: SSL_new, SSL_free: SSL_free,
        SSL_set_fd: SSL_set_fd, SSL_ctrl: SSL_ctrl, SSL_set1_host: SSL_set1_host, SSL_get0_param: SSL_get0_param,
        X509_VERIFY_PARAM_set1_ip_asc: X509_VERIFY_PARAM_set1_ip_asc, SSL_connect: SSL_connect, SSL_read: SSL_read,
        SSL_write: SSL_write, SSL_get_error: SSL_get_error, SSL_get_verify_result: SSL_get_verify_result,
        X509_verify_cert_error_string: X509_verify_cert_error_string, ERR_get_error: ERR_get_error,
        ERR_error_string_n: ERR_error_string_n, ERR_clear_error: ERR_clear_error
    )

    @Test func loadsAndFindsTheSameFunctionsTheHeadersDeclare() throws {
        let loaded = try LibSSL.load()
        // This process links libssl too, so dlopen hands back the same library: the same addresses.
        #expect(address(loaded.SSL_new) == address(Self.declared.SSL_new))
        #expect(address(loaded.SSL_ctrl) == address(Self.declared.SSL_ctrl))
        #expect(address(loaded.ERR_get_error) == address(Self.declared.ERR_get_error))
        #expect(address(loaded.X509_verify_cert_error_string) == address(Self.declared.X509_verify_cert_error_string))
    }

    @Test func aContextAndASessionCanBeMadeThroughTheLoadedFunctions() throws {
        let context = try TLSContext(openSSL: LibSSL.load(), caBundle: nil)
        let ssl = try #require(context.openSSL.SSL_new(context.context))
        defer { context.openSSL.SSL_free(ssl) }
        #expect(context.openSSL.setServerName(ssl, "ec2.us-east-1.amazonaws.com"))
        #expect(context.openSSL.drainErrors() == "no OpenSSL error reported")
    }

    @Test func aMissingLibraryIsAClearConnectionFailure() {
        #expect {
            try LibSSL.load(sonames: ["libcordon-no-such-ssl.so.9"])
        } throws: { error in
            guard let error = error as? AWSClientError else { return false }
            return error.code == AWSClientError.connectionFailedCode && error.message.contains("cannot load libssl")
                && error.message.contains("libcordon-no-such-ssl.so.9")
        }
    }

    private func address<Function>(_ function: Function) -> UInt {
        unsafeBitCast(function, to: UInt.self)
    }
}
