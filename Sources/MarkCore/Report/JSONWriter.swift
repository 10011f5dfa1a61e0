/// Writes JSON text with a fixed key order chosen by the caller, so output is byte-identical
/// from run to run. Strings are escaped per RFC 8259; numbers are written in a stable form.
public struct JSONWriter: Sendable {
    /// The text written so far.
    public private(set) var output: String = ""
    private var needsComma: [Bool] = [false]
    private let pretty: Bool
    private var depth: Int { needsComma.count - 1 }

    /// Creates a writer; `pretty` indents with two spaces, otherwise everything is on one line.
    public init(pretty: Bool = false) {
        self.pretty = pretty
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { output += "," }
        needsComma[needsComma.count - 1] = true
        if pretty && depth > 0 { newline() }
    }

    private mutating func newline() {
        output += "\n" + String(repeating: "  ", count: depth)
    }

    /// Begins an object, as a value or as the value of `key` inside an object.
    public mutating func beginObject(_ key: String? = nil) {
        open(key, "{")
    }

    /// Ends the current object.
    public mutating func endObject() {
        close("}")
    }

    /// Begins an array.
    public mutating func beginArray(_ key: String? = nil) {
        open(key, "[")
    }

    /// Ends the current array.
    public mutating func endArray() {
        close("]")
    }

    private mutating func open(_ key: String?, _ bracket: String) {
        writeKey(key)
        output += bracket
        needsComma.append(false)
    }

    private mutating func close(_ bracket: String) {
        let hadItems = needsComma.removeLast()
        if pretty && hadItems { newline() }
        output += bracket
    }

    private mutating func writeKey(_ key: String?) {
        separate()
        if let key {
            JSONWriter.appendQuoted(key, to: &output)
            output += pretty ? ": " : ":"
        }
    }

    /// Writes a string value.
    public mutating func string(_ key: String? = nil, _ value: String) {
        writeKey(key)
        JSONWriter.appendQuoted(value, to: &output)
    }

    /// Writes a string value, or null.
    public mutating func optionalString(_ key: String? = nil, _ value: String?) {
        if let value { string(key, value) } else { null(key) }
    }

    /// Writes an integer value.
    public mutating func int(_ key: String? = nil, _ value: Int) {
        writeKey(key)
        output += String(value)
    }

    /// Writes a number value; integral values are written without a fraction.
    public mutating func number(_ key: String? = nil, _ value: Double) {
        writeKey(key)
        output += JSONWriter.format(value)
    }

    /// Writes an exact number of marks.
    public mutating func number(_ key: String? = nil, _ value: Marks) {
        writeKey(key)
        output += value.description
    }

    /// Formats exact marks as the writer does (the same text as `format` of their value).
    public static func format(_ value: Marks) -> String { value.description }

    /// Writes a boolean value.
    public mutating func bool(_ key: String? = nil, _ value: Bool) {
        writeKey(key)
        output += value ? "true" : "false"
    }

    /// Writes null.
    public mutating func null(_ key: String? = nil) {
        writeKey(key)
        output += "null"
    }

    /// Formats a number the way the writer does: integers without a fraction, others with up to
    /// six decimal places and no trailing zeros; non-finite values as null.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        // Beyond what six decimal places can show in 64 bits: the shortest exact form.
        if abs(value) >= 1e12 { return "\(value)" }
        var text = String(Int64((abs(value) * 1_000_000).rounded()))
        while text.count < 7 { text = "0" + text }
        let split = text.index(text.endIndex, offsetBy: -6)
        var fraction = String(text[split...])
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let whole = String(text[..<split])
        let sign = value < 0 ? "-" : ""
        return fraction.isEmpty ? sign + whole : sign + whole + "." + fraction
    }

    /// Appends `value` as a quoted JSON string: runs of bytes that need no escape are copied
    /// whole (a string with nothing to escape is appended as it is).
    public static func appendQuoted(_ value: String, to out: inout String) {
        out += "\""
        var text = value
        text.withUTF8 { b in
            var runStart = 0
            var i = 0
            while i < b.count {
                let x = b[i]
                let escape: String
                var width = 1
                switch x {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x00..<0x20, 0x7F: escape = hexEscape(UInt32(x))
                case 0xE2 where i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9):
                    // U+2028 and U+2029 end lines in JavaScript: escape them.
                    escape = b[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                default:
                    i += 1
                    continue
                }
                if runStart < i { out += String(decoding: UnsafeBufferPointer(rebasing: b[runStart..<i]), as: UTF8.self) }
                out += escape
                i += width
                runStart = i
            }
            if runStart == 0 {
                out += value
            } else if runStart < b.count {
                out += String(decoding: UnsafeBufferPointer(rebasing: b[runStart..<b.count]), as: UTF8.self)
            }
        }
        out += "\""
    }

    static func hexEscape(_ v: UInt32) -> String {
        let hex = String(v, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
