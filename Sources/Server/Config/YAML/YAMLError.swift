/// Why a YAML config file was refused, and where: `line L, column C: reason` (both 1-based; columns count
/// Unicode scalars, so a column matches what an editor shows for text without combining marks).
struct YAMLError: Error, Equatable, CustomStringConvertible {
    /// The 1-based line of the offending text.
    let line: Int
    /// The 1-based column of the offending text.
    let column: Int
    /// What is wrong, in a sentence an operator can act on.
    let reason: String

    /// `line L, column C: reason`.
    var description: String { "line \(line), column \(column): \(reason)" }
}
