import FoundationEssentials

/// One segment file of the journal (`journal/00000001.log`, ...): its name and the frames it holds.
struct JournalSegment {
    /// The segment's number.
    let index: Int
    /// The path of its file.
    let path: String

    /// The segment numbered `index` in the journal directory.
    init(index: Int, directory: String) {
        self.index = index
        self.path = URL(fileURLWithPath: directory).appendingPathComponent(Self.fileName(index)).path
    }

    /// `00000001.log` for segment 1: fixed width, so names sort in segment order.
    static func fileName(_ index: Int) -> String {
        let digits = String(index)
        return String(repeating: "0", count: max(0, 8 - digits.count)) + digits + ".log"
    }

    /// The segment number a file name stands for, or nil for any other file.
    static func index(ofFileName name: String) -> Int? {
        guard name.hasSuffix(".log"), let index = Int(name.dropLast(".log".count)), index > 0 else { return nil }
        // Only the canonical spelling: "+0000001.log" or "000000001.log" would otherwise alias segment 1.
        return fileName(index) == name ? index : nil
    }

    /// What a scan of a segment's bytes found.
    struct Scan {
        /// Intact records before the first damage (or in the whole file).
        var records = 0
        /// The offset of the last intact record.
        var lastRecordOffset: Int?
        /// Where the intact prefix ends: the file length when there is no damage.
        var intactLength = 0
        /// The first damaged frame, if any.
        var damage: (offset: Int, reason: String)?
        /// Whether nothing intact follows the damage, so it can be a write torn by a crash rather than corruption.
        var damageIsTail = false
    }

    /// Walks the frames in `bytes`, calling `visit` with each intact record's offset and payload, and stops at
    /// the first damaged frame.
    static func scan(
        _ bytes: UnsafeRawBufferPointer,
        visit: (Int, UnsafeRawBufferPointer) throws -> Void
    ) rethrows -> Scan {
        var scan = Scan()
        var offset = 0
        while offset < bytes.count {
            switch JournalFrame.decode(bytes, at: offset) {
            case .success(let payload):
                try visit(offset, UnsafeRawBufferPointer(rebasing: bytes[payload]))
                scan.records += 1
                scan.lastRecordOffset = offset
                offset = payload.upperBound
            case .failure(let damage):
                scan.intactLength = offset
                scan.damage = (offset, damage.reason)
                scan.damageIsTail = !containsIntactFrame(bytes, after: offset)
                return scan
            }
        }
        scan.intactLength = offset
        return scan
    }

    /// Whether an intact frame starts anywhere after `offset`. A crash can only tear the last write, so damage
    /// followed by an intact record was not a torn write: it is corruption of acknowledged data and must stop
    /// startup rather than be cut off.
    private static func containsIntactFrame(_ bytes: UnsafeRawBufferPointer, after offset: Int) -> Bool {
        var candidate = offset + 1
        while candidate + JournalFrame.headerSize <= bytes.count {
            if case .success = JournalFrame.decode(bytes, at: candidate) { return true }
            candidate += 1
        }
        return false
    }
}
