/// Writes JSON text with a fixed key order chosen by the caller, so output is byte-identical
/// from run to run. Strings are escaped per RFC 8259; numbers are written in a stable form.
public struct JSONWriter: Sendable {
    /// The UTF-8 bytes written so far.
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]
    private let pretty: Bool
    private var depth: Int { needsComma.count - 1 }

    /// The text written so far.
    public var output: String { String(decoding: bytes, as: UTF8.self) }

    /// Creates a writer; `pretty` indents with two spaces, otherwise everything is on one line.
    public init(pretty: Bool = false) {
        self.pretty = pretty
        bytes.reserveCapacity(1024)
    }

    @inline(__always)
    private mutating func appendLiteral(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    @inline(__always)
    private mutating func appendText(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func separate() {
        if needsComma[needsComma.count - 1] { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
        if pretty && depth > 0 { newline() }
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { appendLiteral("  ") }
    }

    /// Begins an object, as a value or as the value of `key` inside an object.
    public mutating func beginObject(_ key: String? = nil) {
        open(key, UInt8(ascii: "{"))
    }

    /// Ends the current object.
    public mutating func endObject() {
        close(UInt8(ascii: "}"))
    }

    /// Begins an array.
    public mutating func beginArray(_ key: String? = nil) {
        open(key, UInt8(ascii: "["))
    }

    /// Ends the current array.
    public mutating func endArray() {
        close(UInt8(ascii: "]"))
    }

    private mutating func open(_ key: String?, _ bracket: UInt8) {
        writeKey(key)
        bytes.append(bracket)
        needsComma.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        let hadItems = needsComma.removeLast()
        if pretty && hadItems { newline() }
        bytes.append(bracket)
    }

    private mutating func writeKey(_ key: String?) {
        separate()
        if let key {
            JSONWriter.appendQuoted(key, to: &bytes)
            if pretty { appendLiteral(": ") } else { bytes.append(UInt8(ascii: ":")) }
        }
    }

    /// A key quoted and escaped once (as `appendQuoted` does), for a caller that writes the
    /// same key many times: writing it copies its bytes instead of escaping it again.
    public struct Key: Sendable {
        /// The quoted, escaped key: `"name"`.
        let quoted: [UInt8]

        /// Quotes and escapes `name`.
        public init(_ name: String) {
            var b: [UInt8] = []
            JSONWriter.appendQuoted(name, to: &b)
            quoted = b
        }
    }

    private mutating func writeKey(_ key: Key) {
        separate()
        bytes.append(contentsOf: key.quoted)
        if pretty { appendLiteral(": ") } else { bytes.append(UInt8(ascii: ":")) }
    }

    /// Begins an object as the value of a prepared key.
    public mutating func beginObject(_ key: Key) {
        writeKey(key)
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    /// Begins an array as the value of a prepared key.
    public mutating func beginArray(_ key: Key) {
        writeKey(key)
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    /// Writes a string value under a prepared key.
    public mutating func string(_ key: Key, _ value: String) {
        writeKey(key)
        JSONWriter.appendQuoted(value, to: &bytes)
    }

    /// Writes a number value under a prepared key.
    public mutating func number(_ key: Key, _ value: Double) {
        writeKey(key)
        appendText(JSONWriter.format(value))
    }

    /// Writes a boolean value under a prepared key.
    public mutating func bool(_ key: Key, _ value: Bool) {
        writeKey(key)
        if value { appendLiteral("true") } else { appendLiteral("false") }
    }

    /// Writes a string value.
    public mutating func string(_ key: String? = nil, _ value: String) {
        writeKey(key)
        JSONWriter.appendQuoted(value, to: &bytes)
    }

    /// Writes a string value, or null.
    public mutating func optionalString(_ key: String? = nil, _ value: String?) {
        if let value { string(key, value) } else { null(key) }
    }

    /// Writes an integer value.
    public mutating func int(_ key: String? = nil, _ value: Int) {
        writeKey(key)
        appendText(String(value))
    }

    /// Writes a number value; integral values are written without a fraction.
    public mutating func number(_ key: String? = nil, _ value: Double) {
        writeKey(key)
        appendText(JSONWriter.format(value))
    }

    /// Writes an exact number of marks.
    public mutating func number(_ key: String? = nil, _ value: Marks) {
        writeKey(key)
        appendText(value.description)
    }

    /// Writes exact marks, or null when there are none (a competency unit carries no marks).
    public mutating func optionalNumber(_ key: String? = nil, _ value: Marks?) {
        if let value { number(key, value) } else { null(key) }
    }

    /// Writes a number, or null when there is none.
    public mutating func optionalNumber(_ key: String? = nil, _ value: Double?) {
        if let value { number(key, value) } else { null(key) }
    }

    /// Formats exact marks as the writer does (the same text as `format` of their value).
    public static func format(_ value: Marks) -> String { value.description }

    /// Writes a boolean value.
    public mutating func bool(_ key: String? = nil, _ value: Bool) {
        writeKey(key)
        if value { appendLiteral("true") } else { appendLiteral("false") }
    }

    /// Writes null.
    public mutating func null(_ key: String? = nil) {
        writeKey(key)
        appendLiteral("null")
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
        var bytes: [UInt8] = []
        appendQuoted(value, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `value`'s UTF-8 as a quoted JSON string, escaped as `appendQuoted(_:to:)` for
    /// `String` does.
    public static func appendQuoted(_ value: String, to out: inout [UInt8]) {
        out.append(0x22)
        var text = value
        text.withUTF8 { b in
            var runStart = 0
            var i = 0
            while i < b.count {
                let x = b[i]
                // Most bytes need no escape: only these can start one.
                if x >= 0x20 && x != 0x22 && x != 0x5C && x != 0x7F && x != 0xE2 {
                    i += 1
                    continue
                }
                let escape: StaticString
                var width = 1
                var hex = false
                switch x {
                case 0x22: escape = "\\\""
                case 0x5C: escape = "\\\\"
                case 0x0A: escape = "\\n"
                case 0x0D: escape = "\\r"
                case 0x09: escape = "\\t"
                case 0x00..<0x20, 0x7F:
                    escape = ""
                    hex = true
                case 0xE2 where i + 2 < b.count && b[i + 1] == 0x80 && (b[i + 2] == 0xA8 || b[i + 2] == 0xA9):
                    // U+2028 and U+2029 end lines in JavaScript: escape them.
                    escape = b[i + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                default:
                    i += 1
                    continue
                }
                if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i])) }
                if hex {
                    var e = hexEscape(UInt32(x))
                    e.withUTF8 { out.append(contentsOf: $0) }
                } else {
                    escape.withUTF8Buffer { out.append(contentsOf: $0) }
                }
                i += width
                runStart = i
            }
            if runStart < b.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<b.count])) }
        }
        out.append(0x22)
    }

    static func hexEscape(_ v: UInt32) -> String {
        let hex = String(v, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
