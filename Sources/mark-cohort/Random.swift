/// SplitMix64: turns a seed into well-mixed 64-bit values; used to seed `Xoshiro256`, and to
/// derive one independent stream per submission from the cohort's seed.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman and Vigna): a small, fast generator written out here so a cohort is
/// the same on every machine and every Swift version (the system generator is neither).
struct Random {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator for submission `index` of the cohort with `seed`: submission n is the same
    /// whatever `--count` is, so a small cohort is a prefix of a larger one.
    init(seed: UInt64, stream: UInt64) {
        var mix = SplitMix64(state: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        s0 = mix.next()
        s1 = mix.next()
        s2 = mix.next()
        s3 = mix.next()
    }

    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        let result = Random.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Random.rotl(s3, 45)
        return result
    }

    /// A whole number in `range` (multiply-shift; the tiny bias does not matter here).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: span).high)
    }

    /// A number in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// One element of a non-empty array.
    mutating func pick<T>(_ options: [T]) -> T { options[int(0...options.count - 1)] }

    /// Up to `count` distinct elements, in the array's order.
    mutating func some<T>(_ options: [T], count: Int) -> [T] {
        var chosen = Array(repeating: false, count: options.count)
        for _ in 0..<min(count, options.count) {
            var i = int(0...options.count - 1)
            while chosen[i] { i = (i + 1) % options.count }
            chosen[i] = true
        }
        return options.indices.filter { chosen[$0] }.map { options[$0] }
    }
}
