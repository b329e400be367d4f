import FoundationEssentials

/// The on-disk frame of one journal record: a 4-byte little-endian payload length, a 4-byte little-endian
/// CRC-32C of the length bytes followed by the payload, then the payload.
///
/// The checksum covers the length too, so a damaged length is caught rather than trusted; a run of zero bytes
/// (an unwritten block after a crash) never passes, since the CRC-32C of four zero bytes is not zero.
enum JournalFrame {
    /// Bytes before the payload.
    static let headerSize = 8
    /// The largest payload a record may have; a larger length read from disk is damage, not a record.
    static let maximumPayload = 64 << 20

    /// The frames of `payloads`, back to back, and the offset of the last frame within them.
    static func encode(_ payloads: [Data]) throws -> (bytes: [UInt8], lastFrameOffset: Int) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(payloads.reduce(0) { $0 + headerSize + $1.count })
        var lastFrameOffset = 0
        for (index, payload) in payloads.enumerated() {
            guard payload.count <= maximumPayload else {
                throw DomainError(
                    .invalidInput,
                    "journal record \(index) is \(payload.count) bytes; the maximum is \(maximumPayload)"
                )
            }
            lastFrameOffset = bytes.count
            let length = UInt32(payload.count)
            let lengthBytes = withUnsafeBytes(of: length.littleEndian) { Array($0) }
            let checksum = payload.withUnsafeBytes { CRC32C.checksum($0, continuing: CRC32C.checksum(lengthBytes)) }
            bytes.append(contentsOf: lengthBytes)
            withUnsafeBytes(of: checksum.littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: payload)
        }
        return (bytes, lastFrameOffset)
    }

    /// The payload range of the frame at `offset`, or why the bytes there are not an intact frame.
    static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Result<Range<Int>, Damage> {
        let available = bytes.count - offset
        guard available >= headerSize else {
            return .failure(Damage(reason: "incomplete frame header (\(available) of \(headerSize) bytes)"))
        }
        let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
        guard length <= maximumPayload else {
            return .failure(Damage(reason: "record length \(length) exceeds the maximum \(maximumPayload)"))
        }
        guard length <= available - headerSize else {
            return .failure(Damage(
                reason: "record of \(length) bytes runs past the end of the file (\(available - headerSize) left)"
            ))
        }
        let payload = (offset + headerSize)..<(offset + headerSize + length)
        let computed = CRC32C.checksum(
            UnsafeRawBufferPointer(rebasing: bytes[payload]),
            continuing: CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 4)]))
        )
        guard computed == stored else {
            return .failure(Damage(reason: "checksum mismatch (stored \(hex(stored)), computed \(hex(computed)))"))
        }
        return .success(payload)
    }

    /// Why bytes are not an intact frame.
    struct Damage: Error, Equatable {
        /// A phrase for the operator.
        var reason: String
    }

    private static func hex(_ value: UInt32) -> String {
        "0x" + String(value, radix: 16, uppercase: true)
    }
}
