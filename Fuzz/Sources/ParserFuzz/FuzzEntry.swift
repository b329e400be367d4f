/// libFuzzer entry point: parses the input whole and again split at a fuzzer-chosen point, and checks
/// that both give the same decision (a parser whose answer depends on TCP segmentation can be smuggled past).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var configuration = HTTPConfiguration()
    configuration.maxTargetBytes = 256
    configuration.maxHeaderBytes = 1024
    configuration.maxHeaderCount = 16
    let whole = outcome(of: [bytes[...]], configuration: configuration)
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    let pieces = outcome(of: [bytes[..<split], bytes[split...]], configuration: configuration)
    precondition(whole == pieces, "segmentation changed the outcome: \(whole) vs \(pieces)")
    return 0
}

private func outcome(of pieces: [ArraySlice<UInt8>], configuration: HTTPConfiguration) -> String {
    var parser = HTTPRequestParser(configuration: configuration)
    var summary: [String] = []
    var bodyBytes = 0
    for piece in pieces {
        parser.append(piece)
        do {
            while let event = try parser.next() {
                switch event {
                case .head(let head): summary.append("\(head.method) \(head.path) \(head.framing)")
                case .body(let body): bodyBytes += body.count
                case .end: summary.append("end \(bodyBytes)"); bodyBytes = 0
                }
            }
        } catch {
            return summary.joined(separator: "|") + "|error \(error.status.code)"
        }
    }
    return summary.joined(separator: "|") + "|body \(bodyBytes)"
}
