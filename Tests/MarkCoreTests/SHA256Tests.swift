import Testing

@testable import MarkCore

/// SHA-256 against the FIPS 180-4 example vectors.
@Suite struct SHA256Tests {
    @Test func knownVectors() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
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
