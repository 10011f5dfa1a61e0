/// Writes JSON text with a fixed key order chosen by the caller, so output is byte-identical
/// from run to run. Strings are escaped per RFC 8259; numbers are written in a stable form.
public struct JSONWriter: Sendable {
    /// What has been written so far.
    private var run = ByteRun()
    /// The UTF-8 bytes written so far.
    public var bytes: [UInt8] { run.array }
    /// Whether the current object or array (or the top level) has a value already: the next
    /// one is preceded by a comma. The enclosing levels' flags are on `outer`.
    private var needsComma = false
    private var outer: [Bool] = []
    private let pretty: Bool
    private var depth: Int { outer.count }

    /// The text written so far.
    public var output: String { run.withBytes { String(decoding: $0, as: UTF8.self) } }

    /// Creates a writer; `pretty` indents with two spaces, otherwise everything is on one line.
    public init(pretty: Bool = false) {
        self.pretty = pretty
    }

    /// Empties the writer for the next document, keeping its buffer (no allocation when the
    /// bytes written before are no longer shared).
    public mutating func reset() {
        run.removeAll()
        outer.removeAll(keepingCapacity: true)
        needsComma = false
    }

    @inline(__always)
    private mutating func appendLiteral(_ text: StaticString) {
        text.withUTF8Buffer { run.append(bytes: $0) }
    }

    @inline(__always)
    private mutating func appendText(_ text: String) {
        var text = text
        text.withUTF8 { run.append(bytes: $0) }
    }

    @inline(__always)
    private mutating func separate() {
        if needsComma { run.append(UInt8(ascii: ",")) }
        needsComma = true
        if pretty && depth > 0 { newline() }
    }

    @inline(__always)
    private mutating func push() {
        outer.append(needsComma)
        needsComma = false
    }

    private mutating func newline() {
        run.append(UInt8(ascii: "\n"))
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
        run.append(bracket)
        push()
    }

    private mutating func close(_ bracket: UInt8) {
        let hadItems = needsComma
        needsComma = outer.removeLast()
        if pretty && hadItems { newline() }
        run.append(bracket)
    }

    private mutating func writeKey(_ key: String?) {
        separate()
        if let key {
            JSONWriter.appendQuoted(key, to: &run)
            if pretty { appendLiteral(": ") } else { run.append(UInt8(ascii: ":")) }
        }
    }

    /// A key quoted and escaped once (as `appendQuoted` does), for a caller that writes the
    /// same key many times: writing it copies its bytes instead of escaping it again.
    public struct Key: Sendable {
        /// The quoted, escaped key and its colon, `"name":` (pretty output adds a space). One
        /// array, so that handing a key on costs one reference count.
        let quoted: [UInt8]

        /// Quotes and escapes `name`.
        public init(_ name: String) {
            var b: [UInt8] = []
            JSONWriter.appendQuoted(name, to: &b)
            b.append(UInt8(ascii: ":"))
            quoted = b
        }
    }

    private mutating func writeKey(_ key: Key) {
        separate()
        run.append(key.quoted)
        if pretty { run.append(UInt8(ascii: " ")) }
    }

    /// Begins an object as the value of a prepared key.
    public mutating func beginObject(_ key: Key) {
        writeKey(key)
        run.append(UInt8(ascii: "{"))
        push()
    }

    /// Begins an array as the value of a prepared key.
    public mutating func beginArray(_ key: Key) {
        writeKey(key)
        run.append(UInt8(ascii: "["))
        push()
    }

    /// Writes a string value under a prepared key.
    public mutating func string(_ key: Key, _ value: String) {
        writeKey(key)
        JSONWriter.appendQuoted(value, to: &run)
    }

    /// Writes a number value under a prepared key.
    public mutating func number(_ key: Key, _ value: Double) {
        writeKey(key)
        appendText(JSONWriter.format(value))
    }

    /// Writes a whole number under a prepared key (or as a list element), as `number` writes
    /// the same value, without making a string.
    public mutating func integer(_ key: Key?, _ value: Int64) {
        if let key { writeKey(key) } else { writeKey(nil as String?) }
        if value < 0 { run.append(UInt8(ascii: "-")) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var v = value.magnitude
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[23 - n] = UInt8(truncatingIfNeeded: v % 10) + 48
                v /= 10
                n += 1
            } while v > 0
            run.append(bytes: UnsafeBufferPointer(start: d.baseAddress!.assumingMemoryBound(to: UInt8.self) + (24 - n), count: n))
        }
    }

    /// Writes a boolean under a prepared key, or as a list element.
    public mutating func boolean(_ key: Key?, _ value: Bool) {
        if let key { writeKey(key) } else { writeKey(nil as String?) }
        if value { appendLiteral("true") } else { appendLiteral("false") }
    }

    /// Where the writer is, to take back what is written after it.
    public struct Checkpoint: Sendable {
        let count: Int
        let needsComma: Bool
        let depth: Int
    }

    /// The writer's position now.
    public var checkpoint: Checkpoint { Checkpoint(count: run.count, needsComma: needsComma, depth: outer.count) }

    /// Takes back everything written since `checkpoint`, including objects and arrays begun
    /// since (the writer must not have closed the one `checkpoint` was in).
    public mutating func restore(_ checkpoint: Checkpoint) {
        run.truncate(to: checkpoint.count)
        outer.removeSubrange(checkpoint.depth...)
        needsComma = checkpoint.needsComma
    }

    /// Writes a string value already quoted and escaped (a `Key`'s text without its colon is
    /// not this: `quoted` is `"value"` as `appendQuoted` writes it), under a prepared key or as
    /// a list element.
    public mutating func quoted(_ key: Key?, _ quoted: UnsafeBufferPointer<UInt8>) {
        if let key { writeKey(key) } else { writeKey(nil as String?) }
        run.append(bytes: quoted)
    }

    /// Writes UTF-8 bytes (valid UTF-8, as the caller guarantees) as a quoted string value,
    /// escaped as `string` escapes the same text, under a prepared key or as a list element.
    public mutating func string(_ key: Key?, utf8 value: UnsafeBufferPointer<UInt8>) {
        if let key { writeKey(key) } else { writeKey(nil as String?) }
        JSONWriter.appendQuoted(utf8: value, to: &run)
    }

    /// Writes a boolean value under a prepared key.
    public mutating func bool(_ key: Key, _ value: Bool) {
        writeKey(key)
        if value { appendLiteral("true") } else { appendLiteral("false") }
    }

    /// Writes a string value.
    public mutating func string(_ key: String? = nil, _ value: String) {
        writeKey(key)
        JSONWriter.appendQuoted(value, to: &run)
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
    public static func appendQuoted<Sink: ByteSink>(_ value: String, to out: inout Sink) {
        var text = value
        text.withUTF8 { appendQuoted(utf8: $0, to: &out) }
    }

    /// Appends UTF-8 bytes as a quoted JSON string, escaped as `appendQuoted(_:to:)` escapes
    /// the string of those bytes.
    public static func appendQuoted<Sink: ByteSink>(utf8 b: UnsafeBufferPointer<UInt8>, to out: inout Sink) {
        out.append(0x22)
        do {
            var runStart = 0
            var i = 0
            let space = SIMD16<Int8>(repeating: 0x20), quote = SIMD16<Int8>(repeating: 0x22)
            let backslash = SIMD16<Int8>(repeating: 0x5C), delete = SIMD16<Int8>(repeating: 0x7F)
            while i < b.count {
                // Sixteen bytes at a time to the next byte that may start an escape (a signed
                // `< 0x20` also stops at every byte 0x80 and above, which the loop below looks at).
                if i + 16 <= b.count {
                    let v = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: SIMD16<Int8>.self)
                    let special = (v .< space) .| (v .== quote) .| (v .== backslash) .| (v .== delete)
                    if !any(special) {
                        i += 16
                        continue
                    }
                    let halves = unsafeBitCast(special, to: SIMD2<UInt64>.self)
                    let low = UInt64(littleEndian: halves[0])
                    i += low != 0 ? low.trailingZeroBitCount >> 3 : 8 + UInt64(littleEndian: halves[1]).trailingZeroBitCount >> 3
                }
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
                if runStart < i { out.append(bytes: UnsafeBufferPointer(rebasing: b[runStart..<i])) }
                if hex {
                    var e = hexEscape(UInt32(x))
                    e.withUTF8 { out.append(bytes: $0) }
                } else {
                    escape.withUTF8Buffer { out.append(bytes: $0) }
                }
                i += width
                runStart = i
            }
            if runStart < b.count { out.append(bytes: UnsafeBufferPointer(rebasing: b[runStart..<b.count])) }
        }
        out.append(0x22)
    }

    static func hexEscape(_ v: UInt32) -> String {
        let hex = String(v, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
