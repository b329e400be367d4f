import AWSClient
import Domain
import FoundationEssentials

/// `cordon audit verify [FILE]`: checks an audit log's hash chain, and its head when `audit.head` is next to it.
struct AuditVerifyCommand: Sendable {
    /// The log to check.
    let path: String

    /// The hash the live log chains with: hex SHA-256 over libcrypto.
    static let hash: @Sendable (Data) -> String = { SHA256($0).hexDigest }

    /// The default log of a data directory.
    static func defaultPath(dataDirectory: String) -> String {
        dataDirectory + "/audit/" + AuditLog.logName
    }

    /// Runs the check: exit status 0 and a summary for an intact chain, 1 and the first bad line otherwise.
    func run() -> (status: Int32, message: String) {
        let log: Data
        do {
            log = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return (1, "\(path): cannot read: \(error.readFailureDescription)")
        }
        let headPath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(AuditLog.headName).path
        var head: AuditHead?
        if FileManager.default.fileExists(atPath: headPath) {
            do {
                head = try StoreJSON.decoder().decode(AuditHead.self, from: Data(contentsOf: URL(fileURLWithPath: headPath)))
            } catch {
                return (1, "\(headPath): not an audit head: \(error)")
            }
        }
        switch AuditChain.verify(log, head: head, hash: Self.hash) {
        case .intact(let records, let last):
            let anchored = head == nil ? " (no \(AuditLog.headName) next to it: removed last lines cannot be detected)" : ""
            return (0, "\(path): intact, \(records) record(s), last hash \(last.hash)\(anchored)")
        case .broken(let line, let reason):
            return (1, "\(path): line \(line): \(reason)")
        }
    }
}
