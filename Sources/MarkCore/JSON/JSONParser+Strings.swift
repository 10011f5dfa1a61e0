/// Strings: find the closing quote eight bytes at a time, validate UTF-8 as it goes, and
/// decode escapes into the side buffer only for strings that have them.
extension JSONParser {
    /// Scans the string whose opening quote is at `pos` and appends its node.
    @inline(__always)
    mutating func scanString() throws(JSONSyntaxError) {
        let quote = pos
        let start = quote + 1
        var p = start
        while true {
            p = findSpecial(from: p)
            guard p < end else { throw unterminatedString(quote) }
            let byte = base[p]
            if byte == UInt8(ascii: "\"") {
                guard p - start <= Int(JSONNode.maxPayload) else { throw stringTooLong(quote) }
                nodes.append(JSONNode(
                    offset: UInt32(truncatingIfNeeded: quote), kind: .string, payload: UInt32(truncatingIfNeeded: p - start)))
                pos = p + 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                try scanEscapedString(quote: quote, from: p)
                return
            }
            if byte < 0x20 { throw controlCharacter(at: p) }
            p = try skipUTF8Sequence(at: p)
        }
    }

    /// The rest of a string that has escapes, from its first backslash at `backslash`:
    /// copies it, decoded, into the side buffer.
    mutating func scanEscapedString(quote: Int, from backslash: Int) throws(JSONSyntaxError) {
        let decodedStart = decoded.count
        var chunk = quote + 1
        var p = backslash
        while true {
            guard p < end else { throw unterminatedString(quote) }
            let byte = base[p]
            if byte == UInt8(ascii: "\"") {
                appendDecoded(from: chunk, to: p)
                guard decoded.count - decodedStart <= Int(JSONNode.maxPayload) else { throw stringTooLong(quote) }
                guard spans.count < Int(JSONNode.maxPayload) else { throw tooManyValues() }
                nodes.append(JSONNode(
                    offset: UInt32(truncatingIfNeeded: quote), kind: .string,
                    payload: UInt32(truncatingIfNeeded: spans.count), escaped: true))
                spans.append(JSONSpan(
                    start: UInt32(truncatingIfNeeded: decodedStart), count: UInt32(truncatingIfNeeded: decoded.count - decodedStart)))
                pos = p + 1
                return
            }
            if byte == UInt8(ascii: "\\") {
                appendDecoded(from: chunk, to: p)
                p = try decodeEscape(at: p, quote: quote)
                chunk = p
            } else if byte < 0x20 {
                throw controlCharacter(at: p)
            } else {
                p = try skipUTF8Sequence(at: p)
            }
            p = findSpecial(from: p)
        }
    }

    @inline(__always)
    mutating func appendDecoded(from start: Int, to stop: Int) {
        if stop > start {
            decoded.append(contentsOf: UnsafeBufferPointer(start: base + start, count: stop - start))
        }
    }

    /// The index of the first byte at or after `start` that is `"`, `\`, a control character
    /// or non-ASCII; `end` if there is none.
    @inline(__always)
    func findSpecial(from start: Int) -> Int {
        var p = start
        let space = SIMD16<Int8>(repeating: 0x20)
        let quote = SIMD16<Int8>(repeating: 0x22)
        let backslash = SIMD16<Int8>(repeating: 0x5C)
        // Sixteen bytes at a time: a signed `< 0x20` catches control characters and every byte
        // 0x80 and above at once. The lanes of the mask are 0xFF or 0, so each half locates
        // the first special byte exactly.
        while p + 16 <= end {
            let bytes = UnsafeRawPointer(base + p).loadUnaligned(as: SIMD16<Int8>.self)
            let special = (bytes .< space) .| (bytes .== quote) .| (bytes .== backslash)
            if any(special) {
                let halves = unsafeBitCast(special, to: SIMD2<UInt64>.self)
                let low = UInt64(littleEndian: halves[0])
                if low != 0 { return p + low.trailingZeroBitCount >> 3 }
                return p + 8 + UInt64(littleEndian: halves[1]).trailingZeroBitCount >> 3
            }
            p += 16
        }
        while p + 8 <= end {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self))
            let mask = Self.specialBytes(word)
            if mask != 0 { return p + mask.trailingZeroBitCount >> 3 }
            p += 8
        }
        while p < end {
            let byte = base[p]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { return p }
            p += 1
        }
        return p
    }

    /// The high bit of each byte of `word` that is `"` (0x22), `\` (0x5C), below 0x20 or
    /// 0x80 and above. Borrows in the subtractions only start at a matching byte, so bits
    /// above the lowest set one may be spurious but the lowest is exact.
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let below20 = word &- ones &* 0x20
        let quote = (word ^ (ones &* 0x22)) &- ones
        let backslash = (word ^ (ones &* 0x5C)) &- ones
        return (((below20 | quote | backslash) & ~word) | word) & (ones &* 0x80)
    }

    /// Decodes the escape whose backslash is at `p` into the side buffer; returns the index
    /// after it.
    mutating func decodeEscape(at p: Int, quote: Int) throws(JSONSyntaxError) -> Int {
        guard p + 1 < end else { throw unterminatedString(quote) }
        let simple: UInt8
        switch base[p + 1] {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            let unit = try hex4(at: p, quote: quote)
            var scalar = unit
            var next = p + 6
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard next + 1 < end, base[next] == UInt8(ascii: "\\"), base[next + 1] == UInt8(ascii: "u") else {
                    throw loneSurrogate(at: p, unit)
                }
                let low = try hex4(at: next, quote: quote)
                guard low >= 0xDC00 && low <= 0xDFFF else { throw loneSurrogate(at: p, unit) }
                scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                next += 6
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw loneSurrogate(at: p, unit)
            }
            appendUTF8(scalar)
            return next
        default:
            throw invalidEscape(at: p)
        }
        decoded.append(simple)
        return p + 2
    }

    /// The value of the four hex digits of the `\u` escape whose backslash is at `p`.
    func hex4(at p: Int, quote: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for i in p + 2..<p + 6 {
            guard i < end else { throw unterminatedString(quote) }
            let byte = base[i]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw badUnicodeEscape(at: p)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            decoded.append(UInt8(scalar))
        case 0x80..<0x800:
            decoded.append(UInt8(0xC0 | scalar >> 6))
            decoded.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            decoded.append(UInt8(0xE0 | scalar >> 12))
            decoded.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            decoded.append(UInt8(0x80 | scalar & 0x3F))
        default:
            decoded.append(UInt8(0xF0 | scalar >> 18))
            decoded.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            decoded.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            decoded.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
