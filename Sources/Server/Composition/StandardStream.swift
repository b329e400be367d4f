import Glibc

/// Standard output and standard error, written with write(2): unbuffered, so a line is out at once even when
/// stdout is a pipe (print() holds it in stdio's buffer until exit; `docker logs` would show nothing), and without
/// Foundation's `FileHandle`, which links all of Foundation into the binary (docs/PERFORMANCE.md, "Idle memory").
enum StandardStream: Int32 {
    case output = 1
    case error = 2

    /// Writes `text` whole, retrying short writes and interruptions; a closed stream drops the rest.
    func write(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(rawValue, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }
}
