import FoundationEssentials

/// Signs requests with AWS Signature Version 4: a pure value, with the time passed in.
///
/// The steps follow "Create a signed AWS API request" (AWS IAM User Guide, Signature Version 4):
/// canonical request, string to sign, signing key, signature, then the Authorization header
/// or the presigned query string. The canonical URI is the path as sent, URI-encoded once more,
/// which is the double encoding every service but S3 expects; S3's single encoding is not offered.
public struct SigV4Signer: Sendable {
    /// Choices the SigV4 specification leaves to the service.
    public struct Options: Sendable, Equatable {
        /// Remove `.`/`..` segments and repeated slashes from the path before signing (every service but S3).
        public var normalizePath: Bool
        /// Add and sign `x-amz-content-sha256` with the payload hash (S3 requires it).
        public var addContentHashHeader: Bool
        /// Sign the session token; when false it is added after signing (a few services, e.g. IoT, want this).
        public var signSessionToken: Bool

        /// Creates options; the defaults suit every Query-protocol service Cordon calls.
        public init(normalizePath: Bool = true, addContentHashHeader: Bool = false, signSessionToken: Bool = true) {
            self.normalizePath = normalizePath
            self.addContentHashHeader = addContentHashHeader
            self.signSessionToken = signSessionToken
        }
    }

    /// The credentials to sign with.
    public let credentials: AWSCredentials
    /// The region of the credential scope, e.g. "us-east-1".
    public let region: String
    /// The service of the credential scope, e.g. "ec2".
    public let service: String
    /// How this service wants requests canonicalized.
    public let options: Options

    /// Creates a signer for one credential scope.
    public init(credentials: AWSCredentials, region: String, service: String) {
        self.init(credentials: credentials, region: region, service: service, options: Options())
    }

    /// Creates a signer for one credential scope with service-specific options.
    public init(credentials: AWSCredentials, region: String, service: String, options: Options) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
    }

    /// Adds X-Amz-Date, X-Amz-Security-Token (when present), Host (when absent) and Authorization to the request.
    public func sign(_ request: inout AWSHTTPRequest, date: Date) {
        let target = RequestTarget(url: request.url)
        if request.header("Host") == nil { request.setHeader("Host", target.host) }
        let signed = headerSignature(
            method: request.method, path: target.path, query: target.query,
            headers: request.headers, body: request.body, date: date
        )
        request.headers = signed.headers
    }

    /// Returns the request's URL with a presigned query string (SigV4 "query string authentication")
    /// valid for `expires` seconds from `date`; the caller sends the request's other signed headers unchanged.
    public func presignedURL(for request: AWSHTTPRequest, date: Date, expires: Int) -> URL {
        let target = RequestTarget(url: request.url)
        var headers = request.headers
        if request.header("Host") == nil { headers.append(("Host", target.host)) }
        let signed = querySignature(
            method: request.method, path: target.path, query: target.query,
            headers: headers, body: request.body, date: date, expires: expires
        )
        var components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        components?.percentEncodedQuery = signed.query
        // A URL that parsed once keeps parsing with only percent-encoded query items appended.
        return components?.url ?? request.url
    }
}
