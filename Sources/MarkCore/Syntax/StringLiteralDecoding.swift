/// Decoding of string literals in rule files: `"…"` with the escapes `\"`, `\\`, `\n`, `\t`,
/// `\{` and `\}`.
public enum StringLiteralDecoding {
    static func isValidEscape(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "t"),
            UInt8(ascii: "{"), UInt8(ascii: "}"):
            true
        default: false
        }
    }

    /// The value of a string token's source text (quotes included). Braces keep a marker so
    /// that feedback templates can tell an escaped brace from a placeholder: an escaped brace
    /// is returned as itself, and `placeholders` lists the unescaped `{name}` parts.
    public static func decode(_ raw: String) -> String {
        decodeTemplate(raw).map { part in
            switch part {
            case .text(let t): t
            case .placeholder(let name, _): "{" + name + "}"
            }
        }.joined()
    }

    /// A piece of a feedback template.
    public enum TemplatePart: Sendable, Equatable {
        /// Literal text.
        case text(String)
        /// A `{name}` placeholder and the byte offset of the name within the literal's source.
        case placeholder(String, offset: Int)
    }

    /// Splits a string literal into text and `{name}` placeholders. An unclosed `{` is kept as
    /// text; the checker reports it.
    public static func decodeTemplate(_ raw: String) -> [TemplatePart] {
        var bytes = Array(raw.utf8)
        if bytes.first == UInt8(ascii: "\"") { bytes.removeFirst() } else { return [.text(raw)] }
        let closed = bytes.last == UInt8(ascii: "\"") && !(bytes.count >= 2 && bytes[bytes.count - 2] == UInt8(ascii: "\\") && !evenBackslashes(bytes, before: bytes.count - 1))
        if closed { bytes.removeLast() }
        var parts: [TemplatePart] = []
        var text: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\\"), i + 1 < bytes.count {
                let e = bytes[i + 1]
                switch e {
                case UInt8(ascii: "n"): text.append(10)
                case UInt8(ascii: "t"): text.append(9)
                default: text.append(e)
                }
                i += 2
                continue
            }
            if b == UInt8(ascii: "{"), let close = bytes[(i + 1)...].firstIndex(of: UInt8(ascii: "}")) {
                if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
                text.removeAll()
                let name = String(decoding: bytes[(i + 1)..<close], as: UTF8.self)
                parts.append(.placeholder(name, offset: i + 2))
                i = close + 1
                continue
            }
            text.append(b)
            i += 1
        }
        if !text.isEmpty || parts.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))) }
        return parts
    }

    private static func evenBackslashes(_ bytes: [UInt8], before end: Int) -> Bool {
        var n = 0
        var j = end - 1
        while j >= 0, bytes[j] == UInt8(ascii: "\\") { n += 1; j -= 1 }
        return n % 2 == 0
    }
}
