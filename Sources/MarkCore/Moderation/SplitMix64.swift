/// SplitMix64 (Steele, Lea and Flood 2014; the reference code by Sebastiano Vigna): a small,
/// fast pseudo-random generator using only 64-bit integer arithmetic, so the same seed gives the
/// same numbers on every machine and platform. Used to draw reproducible moderation samples;
/// not for secrets.
public struct SplitMix64: Sendable {
    /// The generator's state.
    public private(set) var state: UInt64

    /// Creates a generator from a seed.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number uniformly in `0..<bound` (`bound` > 0), without modulo bias: draws below
    /// `2^64 mod bound` are rejected and drawn again.
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "the bound must be positive")
        let threshold = (0 &- bound) % bound
        while true {
            let r = next()
            if r >= threshold { return r % bound }
        }
    }
}
