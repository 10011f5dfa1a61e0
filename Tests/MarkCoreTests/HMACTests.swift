import Testing

@testable import MarkCore

/// HMAC-SHA256 against the RFC 4231 test vectors, and the pseudonyms built on it.
@Suite struct HMACTests {
    static func bytes(_ hex: String) -> [UInt8] { HMACSHA256.bytes(fromHex: hex) }

    /// RFC 4231, section 4: test cases 1, 2, 3, 4, 6 and 7 (case 5 truncates the output).
    @Test func rfc4231Vectors() {
        let cases: [(key: [UInt8], data: [UInt8], mac: String)] = [
            (
                [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
            ),
            (Array("Jefe".utf8), Array("what do ya want for nothing?".utf8), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            (
                [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
            ),
            (
                Array(1...25), [UInt8](repeating: 0xcd, count: 50),
                "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"
            ),
            (
                [UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
            ),
            (
                [UInt8](repeating: 0xaa, count: 131),
                Array(
                    "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."
                        .utf8),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
            ),
        ]
        for (n, c) in cases.enumerated() {
            #expect(HMACSHA256.hex(c.data, key: c.key) == c.mac, "RFC 4231 case \(n < 4 ? n + 1 : n + 2)")
            #expect(HMACSHA256.authenticate(c.data, key: c.key) == Self.bytes(c.mac))
        }
    }

    @Test func keyOfExactlyOneBlockIsNotHashed() {
        // A 64-byte key is used as it is; hashing it first would give a different code.
        let key = [UInt8](repeating: 0x41, count: 64)
        let hashedKey = HMACSHA256.digest(key)
        #expect(HMACSHA256.hex([1, 2, 3], key: key) != HMACSHA256.hex([1, 2, 3], key: hashedKey))
    }

    @Test func pseudonymsAreKeyedStableAndShort() throws {
        let p = try #require(Pseudonymiser(key: Array("centre secret".utf8)))
        let q = try #require(Pseudonymiser(key: Array("another secret".utf8)))
        let a = p.pseudonym("L-2303")
        #expect(a == "P-" + HMACSHA256.hex(Array("L-2303".utf8), key: Array("centre secret".utf8)).prefix(12))
        #expect(a.count == 14)
        #expect(a == p.pseudonym("L-2303"))
        #expect(a != p.pseudonym("L-2304"))
        #expect(a != q.pseudonym("L-2303"))
        #expect(Pseudonymiser(key: []) == nil)
    }

    @Test func keyFilesLoseTrailingLineBreaks() {
        #expect(Pseudonymiser.key(fromFile: Array("s3cret\r\n".utf8)) == Array("s3cret".utf8))
        #expect(Pseudonymiser.key(fromFile: Array("s3cret\n\n".utf8)) == Array("s3cret".utf8))
        #expect(Pseudonymiser.key(fromFile: Array(" s3cret ".utf8)) == Array(" s3cret ".utf8))
    }

    @Test func maskingHidesIdsAndPaths() throws {
        let masking = LearnerMasking(pseudonymiser: try #require(Pseudonymiser(key: [1, 2, 3])))
        #expect(masking.learner("L-1").hasPrefix("P-"))
        #expect(masking.path("Samples/megan-hughes.json") == nil)
        #expect(LearnerMasking.none.learner("L-1") == "L-1")
        #expect(LearnerMasking.none.path("a.json") == "a.json")
    }
}
