/// UTF-8 validation (RFC 3629): shortest form only, no surrogates, nothing above U+10FFFF.
extension JSONParser {
    /// What is wrong with the UTF-8 sequence starting at `p` (a byte 0x80 or above), or nil
    /// if it is valid; `length` receives the length of a valid sequence.
    @inline(__always)
    func utf8Problem(at p: Int, length: inout Int) -> String? {
        let lead = base[p]
        let count: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: count = 2
        case 0xE0: count = 3; low = 0xA0
        case 0xED: count = 3; high = 0x9F
        case 0xE1...0xEF: count = 3
        case 0xF0: count = 4; low = 0x90
        case 0xF4: count = 4; high = 0x8F
        case 0xF1...0xF3: count = 4
        default: return "invalid UTF-8 byte \(jsonHexByte(lead))"
        }
        guard p + 1 < end, base[p + 1] & 0xC0 == 0x80 else {
            return "invalid UTF-8: incomplete sequence starting with byte \(jsonHexByte(lead))"
        }
        let second = base[p + 1]
        if second < low {
            return "invalid UTF-8: overlong encoding starting with byte \(jsonHexByte(lead))"
        }
        if second > high {
            return lead == 0xED
                ? "invalid UTF-8: encoded surrogate starting with byte \(jsonHexByte(lead))"
                : "invalid UTF-8: code point above U+10FFFF starting with byte \(jsonHexByte(lead))"
        }
        for i in 2..<count {
            guard p + i < end, base[p + i] & 0xC0 == 0x80 else {
                return "invalid UTF-8: incomplete sequence starting with byte \(jsonHexByte(lead))"
            }
        }
        length = count
        return nil
    }

    /// Skips the valid UTF-8 sequence starting at `p` (a byte 0x80 or above) and returns the
    /// index after it; throws if it is not valid.
    @inline(__always)
    mutating func skipUTF8Sequence(at p: Int) throws(JSONSyntaxError) -> Int {
        // Fast path for the common two- and three-byte sequences.
        let lead = base[p]
        if lead >= 0xC2 && lead <= 0xDF && p + 1 < end && base[p + 1] & 0xC0 == 0x80 {
            return p + 2
        }
        if lead >= 0xE1 && lead <= 0xEC && p + 2 < end
            && base[p + 1] & 0xC0 == 0x80 && base[p + 2] & 0xC0 == 0x80
        {
            return p + 3
        }
        var length = 0
        if let problem = utf8Problem(at: p, length: &length) {
            throw JSONSyntaxError(offset: p, message: problem)
        }
        return p + length
    }
}

/// `0xAB`.
func jsonHexByte(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "0x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
}
