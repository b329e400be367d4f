/// Trimming without Foundation's `trimmingCharacters(in:)`, whose `CharacterSet` links all of Foundation into the
/// binary (docs/PERFORMANCE.md, "Idle memory").
extension StringProtocol {
    /// The text without leading and trailing whitespace and newlines (`Character.isWhitespace`).
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
