// OpenSSL's declarations, types and constants for the AWS transport's TLS. Nothing is linked: libssl is loaded with
// dlopen on the first https call (Sources/AWSClient/Transport/LibSSL.swift, docs/PERFORMANCE.md "Idle memory").
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
