/// The rule for document ids, which become file names: `<id>.json` in the store's directory.
///
/// Only `A-Z a-z 0-9 . _ -`, 1 to 128 characters, not starting with a dot: no `/` or `..` can leave the
/// directory, no NUL can cut the path short, and no id collides with the hidden temporary files of
/// `AtomicFileWriter` or with `.` and `..`.
enum DocumentID {
    /// The longest id accepted; well under NAME_MAX (255 bytes) with the `.json` suffix and temp-file affixes.
    static let maximumLength = 128

    /// Whether `id` may be used as a document id.
    static func isValid(_ id: String) -> Bool {
        let bytes = id.utf8
        guard (1...maximumLength).contains(bytes.count), bytes.first != UInt8(ascii: ".") else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }

    /// Throws `.invalidInput` unless `id` is valid; the message quotes at most 64 characters of the id, escaped.
    static func validate(_ id: String) throws {
        guard isValid(id) else {
            throw DomainError(
                .invalidInput,
                "document id \(String(reflecting: String(id.prefix(64)))) must be 1 to \(maximumLength) characters "
                    + "of A-Z a-z 0-9 . _ - and must not start with a dot"
            )
        }
    }
}
