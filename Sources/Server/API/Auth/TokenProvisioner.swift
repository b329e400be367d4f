@preconcurrency import Glibc
import AWSClient
import Domain
import FoundationEssentials

/// Gathers the tokens at start-up: the tokens file, the bootstrap token, and, when neither is configured,
/// the data directory's `tokens.json`, created on the very first start with one new admin token.
struct TokenProvisioner {
    /// The file under the data directory holding generated tokens' hashes.
    static let generatedFileName = "tokens.json"
    /// The name the `CORDON_BOOTSTRAP_TOKEN` token carries in logs and the audit trail.
    static let bootstrapName = "bootstrap"

    /// The data directory (already created).
    let dataDirectory: String
    /// `count` cryptographically random bytes; tests pass a fixed sequence.
    let randomBytes: (Int) -> [UInt8]
    /// Shows a newly generated secret once; the live one prints to stdout, never to the log.
    let announce: (String) -> Void

    /// The live provisioner: system randomness, the secret printed on stdout.
    static func live(dataDirectory: String) -> TokenProvisioner {
        TokenProvisioner(
            dataDirectory: dataDirectory,
            randomBytes: { count in
                var generator = SystemRandomNumberGenerator()
                return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            },
            announce: { secret in
                StandardStream.output.write("cordon: created the first admin token (shown once, only its hash is stored): \(secret)\n")
            }
        )
    }

    /// Every token to accept: the tokens file's, then the bootstrap token (given as its SHA-256); with
    /// neither, the data directory's generated ones. Throws naming the setting or field that is wrong.
    func tokens(tokensFile: String?, bootstrapTokenDigest: Data?) throws(ConfigurationError) -> [AccessToken] {
        var tokens: [AccessToken] = []
        if let tokensFile {
            tokens = try AccessToken.list(from: read(tokensFile, setting: "CORDON_TOKENS_FILE"), source: tokensFile)
        }
        if let bootstrapTokenDigest {
            if tokens.contains(where: { $0.name == Self.bootstrapName }) {
                throw ConfigurationError(description: "CORDON_TOKENS_FILE: the name '\(Self.bootstrapName)' is reserved for CORDON_BOOTSTRAP_TOKEN")
            }
            tokens.append(AccessToken(name: Self.bootstrapName, role: .admin, digest: bootstrapTokenDigest, rateLimit: nil))
        }
        if !tokens.isEmpty { return tokens }
        return try generatedTokens()
    }

    /// The SHA-256 of a bootstrap token after checking it could be a secret sent as a bearer token.
    static func bootstrapDigest(_ secret: String, source: String) throws(ConfigurationError) -> Data {
        // 128 bits as hex or base64 is at least 22 characters; shorter is guessable, not a secret.
        guard secret.utf8.count >= 22, case .token = Authenticator.bearerToken(["Authorization": "Bearer \(secret)"]) else {
            throw ConfigurationError(description: "\(source): must be at least 22 characters of A-Z a-z 0-9 - . _ ~ + /")
        }
        return SHA256(secret).digest
    }

    /// The data directory's tokens, creating the first admin token when the file does not exist yet.
    private func generatedTokens() throws(ConfigurationError) -> [AccessToken] {
        let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent(Self.generatedFileName).path
        if FileManager.default.fileExists(atPath: path) {
            let tokens = try AccessToken.list(from: read(path, setting: "CORDON_DATA_DIR"), source: path)
            guard !tokens.isEmpty else {
                throw ConfigurationError(description: "\(path): holds no token; add one, or set CORDON_TOKENS_FILE or CORDON_BOOTSTRAP_TOKEN")
            }
            return tokens
        }
        let secret = "cordon_" + Data(randomBytes(32)).hexEncodedString()
        let token = AccessToken(name: "initial-admin", role: .admin, digest: SHA256(secret).digest, rateLimit: nil)
        do {
            try AtomicFileWriter().replace(path, with: AccessToken.json([token]))
        } catch {
            throw ConfigurationError(description: "CORDON_DATA_DIR: cannot write \(path): \(error)")
        }
        // AtomicFileWriter creates files 0640; the file holds only a hash, so tightening it just after the
        // rename leaves no secret exposed in between.
        guard chmod(path, 0o600) == 0 else {
            throw ConfigurationError(description: "CORDON_DATA_DIR: cannot make \(path) owner-only: \(String(cString: strerror(errno)))")
        }
        announce(secret)
        return [token]
    }

    private func read(_ path: String, setting: String) throws(ConfigurationError) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(description: "\(setting): cannot read \(path)")
        }
        return data
    }
}
