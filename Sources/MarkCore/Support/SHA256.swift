import Foundation
import MarkSHA256

/// SHA-256 (FIPS 180-4), used to fingerprint rule sources so every result can be traced to the
/// exact rules that produced it.
public struct SHA256: Sendable {
    /// How the compression function runs: on the CPU's SHA extensions (MarkSHA256, in C) or in
    /// portable Swift. Both give the same digests; the tests check one against the other.
    enum Rounds: Sendable {
        case hardware
        case scalar
    }

    /// Whether this CPU has the SHA extensions (and SSSE3 and SSE4.1), by CPUID.
    static let hardwareAvailable = mark_sha256_hardware_available() != 0

    /// The rounds `init()` uses: the hardware's when it has them, unless the environment
    /// variable `MARK_SHA256` is `scalar` (to measure or check the portable path).
    static let preferred: Rounds =
        hardwareAvailable && ProcessInfo.processInfo.environment["MARK_SHA256"] != "scalar" ? .hardware : .scalar

    /// Whether hashers made with `init()` run on the CPU's SHA extensions (for benchmarks).
    public static var usesHardwareRounds: Bool { preferred == .hardware }

    private var state: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]
    private var buffer: [UInt8] = []
    private var length: UInt64 = 0
    /// The rounds this hasher uses.
    let rounds: Rounds

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Creates an empty hasher.
    public init() { rounds = SHA256.preferred }

    /// Creates an empty hasher with the given rounds; `.hardware` falls back to `.scalar` on a
    /// CPU without the SHA extensions.
    init(rounds: Rounds) { self.rounds = rounds == .hardware && SHA256.hardwareAvailable ? .hardware : .scalar }

    /// Feeds bytes to the hash.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let array = Array(bytes)
        array.withUnsafeBufferPointer { update($0) }
    }

    /// Feeds bytes to the hash, whole blocks straight from the buffer.
    public mutating func update(_ bytes: UnsafeBufferPointer<UInt8>) {
        length &+= UInt64(bytes.count)
        var i = 0
        if !buffer.isEmpty {
            while i < bytes.count && buffer.count < 64 {
                buffer.append(bytes[i])
                i += 1
            }
            if buffer.count == 64 {
                buffer.withUnsafeBufferPointer { compress(UnsafeBufferPointer(rebasing: $0[0..<64])) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        let whole = (bytes.count - i) / 64
        if whole > 0 {
            compress(UnsafeBufferPointer(rebasing: bytes[i..<i + whole * 64]))
            i += whole * 64
        }
        while i < bytes.count {
            buffer.append(bytes[i])
            i += 1
        }
    }

    /// Finishes and returns the digest as 64 lowercase hex digits.
    public mutating func finalizeHex() -> String {
        let bitLength = length &* 8
        var tail = buffer
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        tail.withUnsafeBufferPointer { compress($0) }
        buffer.removeAll()
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for word in state {
            for shift in stride(from: 28, through: 0, by: -4) { out.append(hex[Int((word >> UInt32(shift)) & 0xF)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The hex digest of some bytes.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var h = SHA256()
        h.update(bytes)
        return h.finalizeHex()
    }

    /// Compresses whole 64-byte blocks (`blocks.count` is a multiple of 64).
    private mutating func compress(_ blocks: UnsafeBufferPointer<UInt8>) {
        guard let base = blocks.baseAddress, blocks.count >= 64 else { return }
        if rounds == .hardware {
            state.withUnsafeMutableBufferPointer { mark_sha256_hardware_compress($0.baseAddress!, base, blocks.count / 64) }
            return
        }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            SHA256.k.withUnsafeBufferPointer { k in
                var offset = 0
                while offset < blocks.count {
                    compress(base + offset, schedule: w.baseAddress!, constants: k.baseAddress!)
                    offset &+= 64
                }
            }
        }
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

    /// One round: `d` gains the round's first sum (the next `e`), `h` becomes the next `a`.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
        _ kw: UInt32
    ) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
        let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) | (c & (a | b)))
        d &+= t1
        h = t1 &+ t2
    }

    private mutating func compress(
        _ block: UnsafePointer<UInt8>, schedule w: UnsafeMutablePointer<UInt32>, constants k: UnsafePointer<UInt32>
    ) {
        for i in 0..<16 {
            w[i] = UInt32(block[i &* 4]) << 24 | UInt32(block[i &* 4 &+ 1]) << 16 | UInt32(block[i &* 4 &+ 2]) << 8
                | UInt32(block[i &* 4 &+ 3])
        }
        for i in 16..<64 {
            let s0 = SHA256.rotr(w[i &- 15], 7) ^ SHA256.rotr(w[i &- 15], 18) ^ (w[i &- 15] >> 3)
            let s1 = SHA256.rotr(w[i &- 2], 17) ^ SHA256.rotr(w[i &- 2], 19) ^ (w[i &- 2] >> 10)
            w[i] = w[i &- 16] &+ s0 &+ w[i &- 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
        // Eight rounds a pass, the working variables renamed instead of moved.
        var i = 0
        while i < 64 {
            SHA256.round(a, b, c, &d, e, f, g, &h, k[i] &+ w[i])
            SHA256.round(h, a, b, &c, d, e, f, &g, k[i &+ 1] &+ w[i &+ 1])
            SHA256.round(g, h, a, &b, c, d, e, &f, k[i &+ 2] &+ w[i &+ 2])
            SHA256.round(f, g, h, &a, b, c, d, &e, k[i &+ 3] &+ w[i &+ 3])
            SHA256.round(e, f, g, &h, a, b, c, &d, k[i &+ 4] &+ w[i &+ 4])
            SHA256.round(d, e, f, &g, h, a, b, &c, k[i &+ 5] &+ w[i &+ 5])
            SHA256.round(c, d, e, &f, g, h, a, &b, k[i &+ 6] &+ w[i &+ 6])
            SHA256.round(b, c, d, &e, f, g, h, &a, k[i &+ 7] &+ w[i &+ 7])
            i &+= 8
        }
        state[0] &+= a
        state[1] &+= b
        state[2] &+= c
        state[3] &+= d
        state[4] &+= e
        state[5] &+= f
        state[6] &+= g
        state[7] &+= h
    }
}
