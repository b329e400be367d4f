import FoundationEssentials

/// Checks an audit log's hash chain (and, when given, its head). Pure: the bytes and the hash come in.
public enum AuditChain {
    /// What a check found.
    public enum Verdict: Sendable, Equatable {
        /// Every line links to the one before it; `head` describes the last line.
        case intact(records: Int, head: AuditHead)
        /// The first line (1-based) where the chain breaks, and why.
        case broken(line: Int, reason: String)
    }

    /// The bytes of each complete line (without its newline), and whether bytes follow the last newline.
    public static func lines(of log: Data) -> (lines: [Data], tornTail: Bool) {
        var lines: [Data] = []
        var start = log.startIndex
        while let newline = log[start...].firstIndex(of: UInt8(ascii: "\n")) {
            lines.append(log[start..<newline])
            start = log.index(after: newline)
        }
        return (lines, start != log.endIndex)
    }

    /// Verifies every line in order: a JSON record, `seq` counting from 1, `prev` the hash of the line before
    /// (the genesis value for the first); then that the log reaches the head and that the head's line is unchanged.
    /// A log may run past its head by the records of a commit whose head write a crash interrupted.
    public static func verify(_ log: Data, head: AuditHead?, hash: (Data) -> String) -> Verdict {
        let (lines, tornTail) = lines(of: log)
        let decoder = StoreJSON.decoder()
        var previous = AuditHead(seq: 0, hash: AuditRecord.genesis)
        for (index, line) in lines.enumerated() {
            let number = index + 1
            let record: AuditRecord
            do {
                record = try decoder.decode(AuditRecord.self, from: line)
            } catch {
                return .broken(line: number, reason: "not an audit record (\(error))")
            }
            guard record.seq == number else {
                return .broken(line: number, reason: "seq is \(record.seq), expected \(number): a line was removed, inserted or moved")
            }
            guard record.prev == previous.hash else {
                let before = number == 1 ? "the genesis value" : "the SHA-256 of line \(number - 1)"
                return .broken(line: number, reason: "prev is not \(before): that line or this one was changed, or lines were removed or reordered")
            }
            previous = AuditHead(seq: number, hash: hash(line))
        }
        if tornTail {
            return .broken(line: lines.count + 1, reason: "the last line has no newline: it was cut off or appended to")
        }
        if let head {
            guard head.seq <= lines.count else {
                return .broken(line: lines.count + 1,
                               reason: "the head records \(head.seq) line(s) but the log has \(lines.count): lines were removed from the end")
            }
            if head.seq > 0, hash(lines[head.seq - 1]) != head.hash {
                return .broken(line: head.seq, reason: "its SHA-256 is not the one the head recorded: the line was changed")
            }
        }
        return .intact(records: lines.count, head: previous)
    }
}
