/// Fixed-width numbers without Foundation's `String(format:)`, which links all of Foundation into the binary
/// (docs/PERFORMANCE.md, "Idle memory").
extension BinaryInteger {
    /// The value's digits in `radix`, left-padded with zeros to at least `width` digits, as `%0*d`/`%0*x` print
    /// them; a negative value keeps its sign in front of the padding.
    public func zeroPadded(_ width: Int, radix: Int = 10, uppercase: Bool = false) -> String {
        let digits = String(magnitude, radix: radix, uppercase: uppercase)
        let padding = String(repeating: "0", count: Swift.max(0, width - digits.count))
        return (self < 0 ? "-" : "") + padding + digits
    }
}
