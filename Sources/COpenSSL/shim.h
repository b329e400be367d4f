// The parts of OpenSSL's libcrypto Cordon uses: SHA-256 and HMAC.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/crypto.h>
