/// Building error messages. Kept out of line: none of this runs unless the input is bad.
extension JSONParser {
    @inline(never)
    func unexpectedEnd() -> JSONSyntaxError {
        JSONSyntaxError(offset: end, message: "unexpected end of input")
    }

    /// An error at `p` saying what was expected there — unless the input ends there, or the
    /// byte there starts invalid UTF-8, which are reported as such. Adds a hint for a few
    /// common mistakes (single quotes, comments).
    @inline(never)
    func unexpected(at p: Int, _ expected: String) -> JSONSyntaxError {
        guard p < end else { return unexpectedEnd() }
        let byte = base[p]
        if byte >= 0x80 {
            var length = 0
            if let problem = utf8Problem(at: p, length: &length) {
                return JSONSyntaxError(offset: p, message: problem)
            }
        }
        var message = expected
        switch byte {
        case UInt8(ascii: "'"): message += " (single quotes are not allowed; use double quotes)"
        case UInt8(ascii: "/"), UInt8(ascii: "#"): message += " (comments are not allowed)"
        default: break
        }
        return JSONSyntaxError(offset: p, message: message)
    }

    /// `expected a value` at `pos`, with a hint for trailing commas and NaN/Infinity.
    @inline(never)
    func expectedValue() -> JSONSyntaxError {
        // `]` where a value is expected can only follow a comma: `[]` is handled earlier.
        if pos < end, base[pos] == UInt8(ascii: "]"), let top = stack.last, nodes[top.node].kind == .array {
            return JSONSyntaxError(offset: pos, message: "expected a value (trailing commas are not allowed)")
        }
        if starts(with: "NaN") || starts(with: "Infinity") || starts(with: "+") {
            return JSONSyntaxError(offset: pos, message: "expected a value (NaN, Infinity and '+' are not allowed)")
        }
        return unexpected(at: pos, "expected a value")
    }

    /// `expected a string key` at `pos`, with a hint for trailing commas.
    @inline(never)
    func expectedKey() -> JSONSyntaxError {
        // `}` where a key is expected can only follow a comma: `{}` is handled earlier.
        if pos < end, base[pos] == UInt8(ascii: "}") {
            return JSONSyntaxError(offset: pos, message: "expected a string key (trailing commas are not allowed)")
        }
        return unexpected(at: pos, "expected a string key")
    }

    /// `invalid literal; expected 'true'` at the start of the misspelt word (the whole word
    /// is what is wrong), or `unexpected end of input` if the input stops part-way through it.
    @inline(never)
    func badLiteral(at start: Int, _ word: StaticString) -> JSONSyntaxError {
        let expected = word.withUTF8Buffer { Array($0) }
        var p = start
        for byte in expected {
            guard p < end else { return unexpectedEnd() }
            if base[p] != byte { break }
            p += 1
        }
        return JSONSyntaxError(offset: start, message: "invalid literal; expected '\(word)'")
    }

    @inline(never)
    func tooDeep() -> JSONSyntaxError {
        JSONSyntaxError(offset: pos, message: "nested too deeply (more than \(maxDepth) levels)")
    }

    @inline(never)
    func unterminatedString(_ quote: Int) -> JSONSyntaxError {
        JSONSyntaxError(offset: quote, message: "unterminated string")
    }

    @inline(never)
    func controlCharacter(at p: Int) -> JSONSyntaxError {
        let name = Self.unicodeName(UInt32(base[p]))
        return JSONSyntaxError(offset: p, message: "control character \(name) must be escaped in a string")
    }

    @inline(never)
    func invalidEscape(at p: Int) -> JSONSyntaxError {
        let byte = base[p + 1]
        if byte >= 0x21 && byte < 0x7F {
            return JSONSyntaxError(offset: p, message: "invalid escape '\\\(Character(Unicode.Scalar(byte)))'")
        }
        if byte >= 0x80 {
            var length = 0
            if utf8Problem(at: p + 1, length: &length) == nil {
                let text = String(decoding: UnsafeBufferPointer(start: base + p + 1, count: length), as: UTF8.self)
                return JSONSyntaxError(offset: p, message: "invalid escape '\\\(text)'")
            }
            return JSONSyntaxError(offset: p, message: "invalid escape: '\\' followed by byte \(jsonHexByte(byte))")
        }
        return JSONSyntaxError(offset: p, message: "invalid escape: '\\' followed by \(Self.unicodeName(UInt32(byte)))")
    }

    @inline(never)
    func badUnicodeEscape(at p: Int) -> JSONSyntaxError {
        JSONSyntaxError(offset: p, message: "invalid escape '\\u': expected 4 hex digits")
    }

    @inline(never)
    func loneSurrogate(at p: Int, _ unit: UInt32) -> JSONSyntaxError {
        let name = "\\u" + Self.hex4Digits(unit)
        if unit >= 0xDC00 {
            let message = "lone surrogate '\(name)': it must follow a high surrogate \\uD800–\\uDBFF"
            return JSONSyntaxError(offset: p, message: message)
        }
        let message = "lone surrogate '\(name)': expected a low surrogate \\uDC00–\\uDFFF after it"
        return JSONSyntaxError(offset: p, message: message)
    }

    @inline(never)
    func duplicateKey(_ keyNode: Int) -> JSONSyntaxError {
        let key = nodes[keyNode]
        let text = withBytes(of: key) { String(decoding: $0, as: UTF8.self) }
        var shown = ""
        for scalar in text.unicodeScalars.prefix(80) {
            switch scalar {
            case "\"": shown += "\\\""
            case "\\": shown += "\\\\"
            case "\n": shown += "\\n"
            case "\t": shown += "\\t"
            case "\r": shown += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    shown += "\\u" + Self.hex4Digits(scalar.value)
                } else {
                    shown.unicodeScalars.append(scalar)
                }
            }
        }
        if text.unicodeScalars.count > 80 { shown += "…" }
        return JSONSyntaxError(offset: Int(key.offset), message: "duplicate key \"\(shown)\"")
    }

    @inline(never)
    func stringTooLong(_ quote: Int) -> JSONSyntaxError {
        JSONSyntaxError(offset: quote, message: "string is too long (256 MiB or more)")
    }

    @inline(never)
    func tooManyValues() -> JSONSyntaxError {
        JSONSyntaxError(offset: pos, message: "too many values in one document (more than 268,435,455)")
    }

    func starts(with word: StaticString) -> Bool {
        word.withUTF8Buffer { bytes in
            guard pos + bytes.count <= end else { return false }
            for i in 0..<bytes.count where base[pos + i] != bytes[i] { return false }
            return true
        }
    }

    /// `U+000A`.
    static func unicodeName(_ value: UInt32) -> String {
        "U+" + hex4Digits(value)
    }

    /// At least four upper-case hex digits.
    static func hex4Digits(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
