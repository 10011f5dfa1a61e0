import Testing

@testable import MarkCore

/// SHA-256 against the FIPS 180-4 example vectors, on the CPU's SHA extensions and in portable
/// Swift alike.
@Suite struct SHA256Tests {
    static func digest(_ bytes: [UInt8], _ rounds: SHA256.Rounds) -> String {
        var h = SHA256(rounds: rounds)
        h.update(bytes)
        return h.finalizeHex()
    }

    /// Deterministic bytes of every value (a linear congruential sequence).
    static func bytes(_ count: Int, seed: UInt32) -> [UInt8] {
        var x = seed
        return (0..<count).map { _ in
            x = x &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: x >> 24)
        }
    }

    @Test(arguments: [SHA256.Rounds.scalar, .hardware]) func knownVectors(_ rounds: SHA256.Rounds) {
        #expect(Self.digest(Array("".utf8), rounds) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.digest(Array("abc".utf8), rounds) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Self.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8), rounds)
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            Self.digest(Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8), rounds)
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(Self.digest([UInt8](repeating: 0x61, count: 1_000_000), rounds) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func defaultHasherUsesTheHardwareWhenItHasIt() {
        #expect(SHA256().rounds == SHA256.preferred)
        #expect(SHA256(rounds: .scalar).rounds == .scalar)
        #expect(SHA256(rounds: .hardware).rounds == (SHA256.hardwareAvailable ? .hardware : .scalar))
    }

    /// Every length from 0 to 1,000 bytes (so every padding case: 55, 56, 63, 64 bytes into a
    /// block), whole and fed in two parts: the hardware rounds give the portable rounds' digest.
    @Test(.enabled(if: SHA256.hardwareAvailable, "this CPU has no SHA extensions: only the portable rounds run"))
    func hardwareRoundsMatchPortableRounds() {
        let data = Self.bytes(1000, seed: 42)
        for count in 0...1000 {
            let part = Array(data[..<count])
            let scalar = Self.digest(part, .scalar)
            #expect(Self.digest(part, .hardware) == scalar, "\(count) bytes")
            var split = SHA256(rounds: .hardware)
            split.update(Array(part[..<(count / 3)]))
            split.update(Array(part[(count / 3)...]))
            #expect(split.finalizeHex() == scalar, "\(count) bytes in two parts")
        }
    }

    @Test func incrementalUpdatesMatchOneShot() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        for split in [0, 1, 63, 64, 65, 500, 999] {
            var h = SHA256()
            h.update(Array(data[..<split]))
            h.update(Array(data[split...]))
            #expect(h.finalizeHex() == SHA256.hex(data), "split at \(split)")
        }
    }
}

/// Number formatting in results never traps and is stable.
@Suite struct NumberFormatTests {
    @Test func formatsEveryMagnitude() {
        #expect(JSONWriter.format(4) == "4")
        #expect(JSONWriter.format(2.5) == "2.5")
        #expect(JSONWriter.format(-0.125) == "-0.125")
        #expect(JSONWriter.format(1.0 / 3.0) == "0.333333")
        #expect(JSONWriter.format(1e15) == "1000000000000000.0")
        #expect(JSONWriter.format(123456789012.5) == "123456789012.5")
        #expect(JSONWriter.format(1e300) == "1e+300")
        #expect(JSONWriter.format(-2.5e13) == "-25000000000000")
        #expect(JSONWriter.format(.infinity) == "null")
    }
}
