/// A strict RFC 8259 JSON reader that builds a `JSONDocument`.
///
/// Accepts exactly one value of any kind surrounded by optional whitespace (space, tab, LF,
/// CR). Rejects, with the offset of the offending byte: trailing commas, comments, leading
/// zeros, `NaN`/`Infinity`, single quotes, unescaped control characters in strings, invalid
/// UTF-8 anywhere, a byte order mark, lone surrogate escapes, duplicate keys in one object,
/// numbers too large for a `Double`, and nesting deeper than `maxDepth`. The parser is
/// iterative, so deep input cannot overflow the stack.
public enum JSONReader {
    /// Parses a whole input.
    ///
    /// - Parameters:
    ///   - bytes: The UTF-8 JSON text. The document keeps a reference to it (no copy).
    ///   - maxDepth: The deepest nesting of arrays and objects accepted; a top-level array
    ///     is at depth 1.
    ///   - checkingDuplicateKeys: With false, duplicate keys are not looked for: for a caller
    ///     that finds them itself as it matches every key (the evidence reader), and parses again
    ///     with the check to report one.
    /// - Throws: `JSONSyntaxError` for the first problem found.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 256, checkingDuplicateKeys: Bool = true) throws(JSONSyntaxError) -> JSONDocument {
        let parts = try bytes.withUnsafeBufferPointer {
            (buffer) throws(JSONSyntaxError) -> JSONParts in
            try parse(buffer: buffer, maxDepth: maxDepth, checkingDuplicateKeys: checkingDuplicateKeys)
        }
        return JSONDocument(bytes: bytes, nodes: parts.nodes, decoded: parts.decoded, spans: parts.spans, numbers: parts.numbers)
    }

    /// Parses part of a buffer, such as one line of an NDJSON file.
    ///
    /// Offsets in the document and in errors are relative to the start of the slice, not to
    /// the start of the array it came from. The document holds a copy of the slice.
    public static func parse(_ bytes: ArraySlice<UInt8>, maxDepth: Int = 256) throws(JSONSyntaxError) -> JSONDocument {
        try parse(Array(bytes), maxDepth: maxDepth)
    }

    static func parse(
        buffer: UnsafeBufferPointer<UInt8>, maxDepth: Int, checkingDuplicateKeys: Bool = true
    ) throws(JSONSyntaxError) -> JSONParts {
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            throw JSONSyntaxError(offset: 0, message: "unexpected end of input")
        }
        guard buffer.count < Int(UInt32.max) else {
            throw JSONSyntaxError(offset: 0, message: "input is too large (4 GiB or more)")
        }
        var parser = JSONParser(base: base, count: buffer.count, maxDepth: max(0, maxDepth), checksDuplicates: checkingDuplicateKeys)
        try parser.parseDocument()
        let (nodes, count) = parser.nodes.release()
        return JSONParts(nodes: JSONTape(nodes: nodes, count: count), decoded: parser.decoded, spans: parser.spans, numbers: parser.numbers)
    }

    /// What a parse makes, before it is joined to the input bytes as a `JSONDocument`.
    struct JSONParts {
        var nodes: JSONTape
        var decoded: [UInt8]
        var spans: [JSONSpan]
        var numbers: [Double]
    }
}
