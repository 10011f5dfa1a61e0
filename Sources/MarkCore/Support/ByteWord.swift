/// Tests on eight bytes at once (a 64-bit word read from a buffer), for scanners that skip runs
/// of ordinary bytes: the CSV reader, its field locator.
enum ByteWord {
    /// 0x01 in every byte.
    static let ones: UInt64 = 0x0101_0101_0101_0101
    /// The high bit of every byte.
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The byte `b` in every byte of a word.
    @inline(__always)
    static func repeated(_ b: UInt8) -> UInt64 { UInt64(b) &* ones }

    /// The high bit of each of the eight bytes of `word` that equals the byte repeated in
    /// `pattern`, and no other bit (exact for every byte, unlike `has`).
    @inline(__always)
    static func matches(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let v = word ^ pattern
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return ~(((v & low7) &+ low7) | v) & highBits
    }

    /// Nonzero when one of the eight bytes of `word` is the byte repeated in `pattern` (the
    /// test for a zero byte in `word ^ pattern`: exact for whether there is one, and for which
    /// is the first — the lowest set bit —, not for the bytes after it).
    @inline(__always)
    static func has(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let v = word ^ pattern
        return (v &- ones) & ~v & highBits
    }
}
