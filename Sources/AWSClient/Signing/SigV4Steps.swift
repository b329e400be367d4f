/// The intermediate results of one SigV4 signing, kept so tests can check each step against the suite.
struct SigV4Steps: Sendable, Equatable {
    /// Task 1: the canonical request.
    let canonicalRequest: String
    /// Task 2: the string to sign.
    let stringToSign: String
    /// Task 4: the signature, lower-case hex.
    let signature: String
    /// The `;`-joined, sorted, lower-case names of the signed headers.
    let signedHeaders: String
}
