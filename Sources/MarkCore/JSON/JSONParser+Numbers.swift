/// Numbers: validate the RFC 8259 grammar, and convert. Integers and short decimals are
/// converted exactly here (Clinger's fast path); anything else goes to the standard
/// library's correctly rounded `Double(_:)`.
extension JSONParser {
    /// Scans the number starting at `pos` (a `-` or a digit) and appends its node.
    @inline(__always)
    mutating func scanNumber() throws(JSONSyntaxError) {
        let start = pos
        var p = start
        let negative = base[p] == UInt8(ascii: "-")
        if negative { p += 1 }

        // Integer part: 0, or a digit 1–9 followed by digits.
        guard p < end else { throw unexpectedEnd() }
        var mantissa: UInt64 = 0
        let integerStart = p
        let first = base[p]
        if first == UInt8(ascii: "0") {
            p += 1
            if p < end && base[p] &- UInt8(ascii: "0") < 10 {
                throw JSONSyntaxError(offset: integerStart, message: "leading zeros are not allowed in numbers")
            }
        } else if first &- UInt8(ascii: "1") < 9 {
            while p < end {
                let digit = base[p] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                p += 1
            }
        } else {
            throw unexpected(at: p, "expected a digit after '-'")
        }
        var digits = p - integerStart

        // Fraction.
        var fractionDigits = 0
        if p < end && base[p] == UInt8(ascii: ".") {
            p += 1
            let fractionStart = p
            while p < end {
                let digit = base[p] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                mantissa = mantissa &* 10 &+ UInt64(digit)
                p += 1
            }
            fractionDigits = p - fractionStart
            if fractionDigits == 0 { throw unexpected(at: p, "expected a digit after '.'") }
            digits += fractionDigits
        }

        // Exponent.
        var exponent = 0
        if p < end && base[p] | 0x20 == UInt8(ascii: "e") {
            p += 1
            var exponentNegative = false
            if p < end && (base[p] == UInt8(ascii: "+") || base[p] == UInt8(ascii: "-")) {
                exponentNegative = base[p] == UInt8(ascii: "-")
                p += 1
            }
            let exponentStart = p
            while p < end {
                let digit = base[p] &- UInt8(ascii: "0")
                if digit >= 10 { break }
                if exponent < 1_000_000 { exponent = exponent * 10 + Int(digit) }
                p += 1
            }
            if p == exponentStart { throw unexpected(at: p, "expected a digit in the exponent") }
            if exponentNegative { exponent = -exponent }
        }

        var value: Double
        if digits <= 19 && mantissa == 0 {
            value = 0
        } else if digits <= 19 && exponent == 0 && fractionDigits == 0 {
            value = Double(mantissa)  // one correctly rounded conversion
        } else if digits <= 19 && mantissa <= 1 << 53 && abs(exponent - fractionDigits) <= 22 {
            // Both operands are exact doubles, so one correctly rounded operation.
            let scale = exponent - fractionDigits
            value = scale < 0 ? Double(mantissa) / Self.powerOf10(-scale) : Double(mantissa) * Self.powerOf10(scale)
        } else {
            value = try slowNumber(from: start, to: p)
        }
        if negative { value = -value }
        guard numbers.count < Int(JSONNode.maxPayload) else { throw tooManyValues() }
        nodes.append(JSONNode(offset: UInt32(truncatingIfNeeded: start), kind: .number, payload: UInt32(truncatingIfNeeded: numbers.count)))
        numbers.append(value)
        pos = p
    }

    /// Converts validated number text with the standard library; rejects overflow.
    /// The sign is applied by the caller, so the magnitude is what is returned.
    func slowNumber(from start: Int, to stop: Int) throws(JSONSyntaxError) -> Double {
        let textStart = base[start] == UInt8(ascii: "-") ? start + 1 : start
        let digits = UnsafeBufferPointer(start: base + textStart, count: stop - textStart)
        let text = String(decoding: digits, as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw JSONSyntaxError(offset: start, message: "number is too large")
        }
        return value
    }

    /// 10^n for 0 ≤ n ≤ 22, all exact doubles.
    @inline(__always)
    static func powerOf10(_ n: Int) -> Double {
        return jsonPowersOf10[n]
    }
}

/// 10^0 … 10^22: the powers of ten that are exact doubles.
let jsonPowersOf10: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]
