/// HMAC-SHA256 (RFC 2104, FIPS 198-1) over the engine's own `SHA256`, used to pseudonymise
/// learner ids in moderation outputs: the same key and id always give the same pseudonym, and
/// without the key the id cannot be recovered or checked.
public enum HMACSHA256 {
    /// SHA-256's block size in bytes.
    static let blockSize = 64

    /// The 32-byte authentication code of `message` under `key`.
    public static func authenticate(_ message: some Sequence<UInt8>, key: some Sequence<UInt8>) -> [UInt8] {
        var keyBlock = Array(key)
        // A key longer than a block is replaced by its digest; a shorter one is padded with zeros.
        if keyBlock.count > blockSize { keyBlock = digest(keyBlock) }
        keyBlock += [UInt8](repeating: 0, count: blockSize - keyBlock.count)
        var inner = SHA256()
        inner.update(keyBlock.map { $0 ^ 0x36 })
        inner.update(Array(message))
        let innerDigest = bytes(fromHex: inner.finalizeHex())
        var outer = SHA256()
        outer.update(keyBlock.map { $0 ^ 0x5c })
        outer.update(innerDigest)
        return bytes(fromHex: outer.finalizeHex())
    }

    /// The authentication code as 64 lowercase hex digits.
    public static func hex(_ message: some Sequence<UInt8>, key: some Sequence<UInt8>) -> String {
        let hexDigits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in authenticate(message, key: key) {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var h = SHA256()
        h.update(bytes)
        return self.bytes(fromHex: h.finalizeHex())
    }

    /// Bytes from lowercase hex digits (as `SHA256.finalizeHex` writes them).
    static func bytes(fromHex hex: String) -> [UInt8] {
        func value(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
        let digits = Array(hex.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digits.count / 2)
        var i = 0
        while i + 1 < digits.count {
            out.append(value(digits[i]) << 4 | value(digits[i + 1]))
            i += 2
        }
        return out
    }
}
