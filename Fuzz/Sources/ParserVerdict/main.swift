import Foundation

// Differential oracle for tests/hostile/differential.py: runs the engine's own parser (the sources are
// symlinked from Sources/Server/HTTP) over many requests in one process, without sockets.
// Input on stdin: frames of a 4-byte big-endian length, then that many bytes of one connection's input.
// Output: one line per frame, judging the first request only:
//   accept <method> <target> <body bytes> <bytes consumed>   the first request is complete and valid
//   reject <status> <detail>                                   the parser refused it (the connection closes)
//   incomplete                                                 more bytes are needed
// The limits are the engine's defaults, as the live server runs them.

/// The verdict on the first request of one connection's bytes.
func verdict(on bytes: [UInt8]) -> String {
    var parser = HTTPRequestParser(configuration: HTTPConfiguration())
    parser.append(bytes)
    var head: HTTPRequestHead?
    var bodyBytes = 0
    do {
        while let event = try parser.next() {
            switch event {
            case .head(let parsed): head = parsed
            case .body(let piece): bodyBytes += piece.count
            case .end:
                guard let head else { return "incomplete" }
                return "accept \(head.method.rawValue) \(head.target) \(bodyBytes) \(bytes.count - parser.bufferedByteCount)"
            }
        }
    } catch {
        return "reject \(error.status.code) \(error.detail)"
    }
    return "incomplete"
}

let input = FileHandle.standardInput
var output = ""
while true {
    let prefix = input.readData(ofLength: 4)
    guard prefix.count == 4 else { break }
    let length = prefix.reduce(0) { $0 << 8 | Int($1) }
    let frame = length == 0 ? Data() : input.readData(ofLength: length)
    guard frame.count == length else { break }
    output += verdict(on: Array(frame)) + "\n"
    // Flush per frame so the driver can stream requests and read answers in lock step if it wants to.
    FileHandle.standardOutput.write(Data(output.utf8))
    output = ""
}
