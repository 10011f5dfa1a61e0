/// One CSV record (a line, or several when a quoted field holds line breaks), with its own
/// bytes so that a problem in one of its cells can be shown with the source line, however
/// large the file: a streamed file is never held whole. A field is a byte range of the record;
/// its text is made only when asked for (`field(_:)`), so a wide export whose cells are mostly
/// empty or never read costs no string per cell.
public struct CSVRecord: Sendable {
    /// The record's bytes as UTF-8 (after any transcoding), line end excluded.
    public var text: [UInt8]
    /// The 1-based line of the file it starts on.
    public var line: Int
    /// The byte offset in the file (as UTF-8) where it starts.
    public var offset: Int
    /// Where each field was written in `text` (quotes included).
    public var ranges: [Range<Int>]

    /// A record of `text` whose fields were written at `ranges`.
    public init(text: [UInt8], line: Int, offset: Int, ranges: [Range<Int>]) {
        self.text = text
        self.line = line
        self.offset = offset
        self.ranges = ranges
    }

    /// How many fields the record has.
    public var count: Int { ranges.count }

    /// The fields, unquoted (a string for each: for whole small files, not for wide exports).
    public var fields: [String] { ranges.indices.map(field) }

    /// Field `i`'s value, unquoted.
    public func field(_ i: Int) -> String {
        withValue(i) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether field `i` is empty (written as nothing or as `""`).
    public func isEmpty(_ i: Int) -> Bool {
        let r = ranges[i]
        return r.isEmpty || (r.count == 2 && text[r.lowerBound] == CSVRecord.quote)
    }

    /// Calls `body` with the bytes of field `i`'s value: the bytes inside its quotes, with each
    /// doubled quote made single (only then are the bytes copied).
    public func withValue<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = ranges[i]
        return try text.withUnsafeBufferPointer { b in
            guard r.count >= 2, b[r.lowerBound] == CSVRecord.quote else { return try body(UnsafeBufferPointer(rebasing: b[r])) }
            let inner = UnsafeBufferPointer(rebasing: b[r.lowerBound + 1..<r.upperBound - 1])
            guard inner.contains(CSVRecord.quote) else { return try body(inner) }
            var unquoted: [UInt8] = []
            unquoted.reserveCapacity(inner.count)
            var k = 0
            while k < inner.count {
                unquoted.append(inner[k])
                k += inner[k] == CSVRecord.quote ? 2 : 1
            }
            return try unquoted.withUnsafeBufferPointer(body)
        }
    }

    static let quote = UInt8(ascii: "\"")

    /// The record as a source file whose line numbers are the file's, for diagnostics.
    public func source(path: String) -> SourceFile {
        var s = SourceFile(path: path, bytes: text)
        s.lineOffset = line - 1
        return s
    }
}
