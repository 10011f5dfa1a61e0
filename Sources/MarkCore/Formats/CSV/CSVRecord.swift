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
    /// Where each field was written in `text` (quotes included); after a quick read, only the
    /// leading fields, until `locateFields` is called.
    public var ranges: [Range<Int>]
    /// How many fields the record has when `ranges` holds only some of them (a quick read that
    /// counted them), else nil.
    private var counted: Int?

    /// A record of `text` whose fields were written at `ranges`.
    public init(text: [UInt8], line: Int, offset: Int, ranges: [Range<Int>]) {
        self.text = text
        self.line = line
        self.offset = offset
        self.ranges = ranges
    }

    /// A record read quickly: its leading fields at `ranges`, `count` fields in all.
    init(text: [UInt8], line: Int, offset: Int, leading ranges: [Range<Int>], count: Int) {
        self.init(text: text, line: line, offset: offset, ranges: ranges)
        if count != ranges.count { counted = count }
    }

    /// How many fields the record has.
    public var count: Int { counted ?? ranges.count }

    /// Locates every field of a record read quickly with its fields counted (a no-op for any
    /// other). Such a record is ASCII with quotes only around whole fields, which this reads
    /// as the full scan does (`CSVRecordReaderTests` checks that the two agree).
    public mutating func locateFields(delimiter: UInt8) {
        guard let count = counted else { return }
        ranges = text.withUnsafeBufferPointer { CSVRecord.fieldRanges($0, delimiter: delimiter, expected: count) }
        counted = nil
    }

    /// The fields of a record without line breaks or misplaced quotes: delimiters are taken
    /// eight bytes at a time between quoted fields.
    static func fieldRanges(_ b: UnsafeBufferPointer<UInt8>, delimiter: UInt8, expected: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(expected)
        let n = b.count
        let raw = UnsafeRawPointer(b.baseAddress ?? UnsafePointer(bitPattern: 1)!)
        let quotes = ByteWord.repeated(quote), delimiters = ByteWord.repeated(delimiter)
        var i = 0
        var fieldStart = 0
        fields: while true {
            if i < n && b[i] == quote {
                // A quoted field: to its closing quote (a doubled quote is inside it).
                i += 1
                while i < n {
                    if b[i] == quote {
                        if i + 1 < n && b[i + 1] == quote {
                            i += 2
                            continue
                        }
                        i += 1
                        break
                    }
                    i += 1
                }
                ranges.append(fieldStart..<i)
                guard i < n else { return ranges }
                i += 1
                fieldStart = i
                continue fields
            }
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let q = ByteWord.has(w, quotes)
                let before = q == 0 ? ~UInt64(0) : (q & (0 &- q)) &- 1
                var ends = ByteWord.matches(w, delimiters) & before
                while ends != 0 {
                    let at = i + ends.trailingZeroBitCount >> 3
                    ranges.append(fieldStart..<at)
                    fieldStart = at + 1
                    ends &= ends &- 1
                }
                if q != 0 {
                    // A quote begins the next field.
                    i += q.trailingZeroBitCount >> 3
                    continue fields
                }
                i += 8
            }
            while i < n {
                if b[i] == quote { continue fields }
                if b[i] == delimiter {
                    ranges.append(fieldStart..<i)
                    fieldStart = i + 1
                }
                i += 1
            }
            ranges.append(fieldStart..<n)
            return ranges
        }
    }

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
