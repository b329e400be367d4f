// The parts of OpenSSL Cordon uses: libcrypto's SHA-256 and HMAC, and libssl for the AWS transport's TLS.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>

// Swift cannot call C macros; these inline functions stand in for the ones the transport needs.

/// SNI (RFC 6066 section 3): `SSL_set_tlsext_host_name` is a macro over SSL_ctrl.
static inline int cordon_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

/// The lowest protocol version accepted: `SSL_CTX_set_min_proto_version` is a macro over SSL_CTX_ctrl.
static inline int cordon_SSL_CTX_set_min_proto_version(SSL_CTX *context, int version) {
    return (int)SSL_CTX_set_min_proto_version(context, version);
}

/// `SSL_CTX_set_mode` is a macro over SSL_CTX_ctrl. SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER: a retried SSL_write may
/// pass a buffer at another address (Swift may move it between calls); SSL_MODE_ENABLE_PARTIAL_WRITE: a write
/// returns once some bytes are out, like send(2), so the deadline is checked between writes.
static inline long cordon_SSL_CTX_set_transport_modes(SSL_CTX *context) {
    return SSL_CTX_set_mode(context, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_ENABLE_PARTIAL_WRITE);
}

