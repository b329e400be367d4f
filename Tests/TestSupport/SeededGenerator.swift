/// SplitMix64 (Steele, Lea and Flood, 2014): deterministic randomness for tests (IDs, generated and mutated
/// documents), so a failing seed replays the same way on every run.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    /// The generator's whole state; the seed.
    public var state: UInt64

    /// A generator seeded with `state`.
    public init(state: UInt64) {
        self.state = state
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
