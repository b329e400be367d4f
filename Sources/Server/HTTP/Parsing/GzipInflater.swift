import CZlib
import FoundationEssentials

/// Inflates `Content-Encoding: gzip` request bodies (RFC 9110 §8.4.1.3, RFC 1952) with a cap on the output.
enum GzipInflater {
    /// The inflated body; 413 when it would exceed `limit` bytes (a zip bomb), 400 when it is not valid gzip.
    static func inflate(_ compressed: Data, limit: Int) throws(HTTPError) -> Data {
        var stream = z_stream()
        // 16 + MAX_WBITS (15) selects the gzip wrapper (zlib.h, inflateInit2).
        guard inflateInit2_(&stream, 31, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw HTTPError(.internalServerError, "The gzip decoder could not start.")
        }
        defer { inflateEnd(&stream) }
        var output = Data()
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var input = [UInt8](compressed)
        var failure: HTTPError?
        input.withUnsafeMutableBufferPointer { inputBuffer in
            stream.next_in = inputBuffer.baseAddress
            stream.avail_in = uInt(inputBuffer.count)
            while failure == nil {
                let status = chunk.withUnsafeMutableBufferPointer { chunkBuffer in
                    stream.next_out = chunkBuffer.baseAddress
                    stream.avail_out = uInt(chunkBuffer.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                let produced = chunk.count - Int(stream.avail_out)
                if output.count + produced > limit {
                    failure = HTTPError(.contentTooLarge, "The body inflates to more than \(limit) bytes.")
                    break
                }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    // RFC 1952 §2.2: a gzip file may hold several members; continue with the next one.
                    if stream.avail_in == 0 { return }
                    inflateReset(&stream)
                case Z_OK:
                    if stream.avail_in == 0 && produced == 0 {
                        failure = .badRequest("The gzip body is truncated.")
                    }
                case Z_BUF_ERROR where stream.avail_in == 0:
                    failure = .badRequest("The gzip body is truncated.")
                default:
                    failure = .badRequest("The body is not valid gzip.")
                }
            }
        }
        if let failure { throw failure }
        return output
    }
}
