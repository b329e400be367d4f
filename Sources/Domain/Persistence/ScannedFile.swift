/// What a startup scan knows of one stored document: its summary and the version of the file it came from.
struct ScannedFile<Summary: Sendable>: Sendable {
    /// The summary `DocumentStore.scan` computed (or reused) for the file.
    var summary: Summary
    /// The file version the summary was read from.
    var identity: FileIdentity
    /// Whether this scan read the file (false: the summary was reused because the file was unchanged).
    var wasRead: Bool
}

extension ScannedFile: Equatable where Summary: Equatable {}
