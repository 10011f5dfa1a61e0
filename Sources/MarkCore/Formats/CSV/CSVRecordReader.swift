import Foundation

/// Reads CSV records one at a time (RFC 4180: fields in double quotes may hold delimiters, quotes
/// written twice and line breaks; records end with CRLF, LF or a lone CR), from a file
/// descriptor in 64 KiB chunks or from bytes in memory, so memory stays flat however long the
/// file. A UTF-8 byte order mark is skipped; blank lines are skipped; the delimiter is a comma
/// unless given. A record that is not valid text or not valid CSV is a `CSVProblem`, and
/// reading goes on with the next line (except after a quote that is never closed).
public struct CSVRecordReader {
    /// Where the bytes come from.
    public enum Input {
        /// A file descriptor, read to its end (the caller closes it).
        case descriptor(Int32)
        /// A regular file's descriptor, read from the file's start with positional reads, so
        /// that several readers may read the same descriptor at once (the caller closes it).
        case file(Int32)
        /// Bytes in memory.
        case bytes([UInt8])
    }

    private var input: Input
    private let delimiter: UInt8
    private let encoding: CSVEncoding
    private var buffer: [UInt8] = []
    private var position = 0
    /// Bytes read from the input so far (where the next positional read starts).
    private var fileOffset = 0
    /// Bytes dropped from the front of `buffer` so far.
    private var dropped = 0
    private var atEnd = false
    private var line = 1
    private var started = false
    private var stopped = false
    /// The `errno` of a failed read, if reading stopped because of one.
    public private(set) var readError: Int32?
    /// How many bytes one read asks for, and the buffer it reads into (made once).
    private let chunk: Int
    private var chunkBuffer: [UInt8] = []
    /// The most bytes held at once (what "memory stays flat" means: the longest record plus a chunk).
    public private(set) var largestBuffer = 0
    /// The most fields a record has had so far (room reserved for the next record's).
    private var fieldsExpected = 8

    /// A reader of `input` with a one-byte delimiter (`,` `;` tab `|`) and an encoding; a
    /// descriptor is read `chunk` bytes at a time.
    public init(_ input: Input, delimiter: UInt8 = UInt8(ascii: ","), encoding: CSVEncoding = .utf8, chunk: Int = 1 << 16) {
        self.input = input
        self.chunk = max(1, chunk)
        self.delimiter = delimiter
        self.encoding = encoding
        if case .bytes(let bytes) = input {
            buffer = encoding == .utf8 ? bytes : Windows1252.utf8(bytes[...])
            atEnd = true
            self.input = .bytes([])
        }
    }

    /// Reads more bytes into the buffer; false at the end of the input.
    private mutating func fill() -> Bool {
        guard !atEnd else { return false }
        let fd: Int32
        var positional = false
        switch input {
        case .descriptor(let d): fd = d
        case .file(let d):
            fd = d
            positional = true
        case .bytes: return false
        }
        if position > 0 {
            buffer.removeSubrange(0..<position)
            dropped += position
            position = 0
        }
        if chunkBuffer.count != self.chunk { chunkBuffer = [UInt8](repeating: 0, count: self.chunk) }
        var chunk: [UInt8] = []
        swap(&chunk, &chunkBuffer)
        defer { swap(&chunk, &chunkBuffer) }
        while true {
            let offset = fileOffset
            let n = chunk.withUnsafeMutableBytes { positional ? pread(fd, $0.baseAddress!, $0.count, off_t(offset)) : Foundation.read(fd, $0.baseAddress!, $0.count) }
            if n > 0 { fileOffset += n }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { readError = errno }
            if n <= 0 {
                atEnd = true
                return false
            }
            if encoding == .utf8 { chunk.withUnsafeBufferPointer { buffer.append(contentsOf: UnsafeBufferPointer(rebasing: $0[0..<n])) } } else { buffer += Windows1252.utf8(chunk[0..<n]) }
            largestBuffer = max(largestBuffer, buffer.count)
            return true
        }
    }

    /// The next record, a problem with it, or nil at the end. With `leading`, a record that is
    /// plain ASCII without quotes has only its first `leading` fields located (its `ranges`
    /// end there; its text is whole): a quick pass over a file that needs a few columns of
    /// each record. Any other record is read in full, as without `leading`.
    ///
    /// With `counting` as well, such a record's fields are counted (its `count` is all of them)
    /// and the rest can be located later, on another thread (`CSVRecord.locateFields`).
    public mutating func next(leading: Int? = nil, counting: Bool = false) -> Result<CSVRecord, CSVProblem>? {
        while !stopped {
            if !started {
                while buffer.count - position < 3 && fill() {}
                if buffer[position...].starts(with: [0xEF, 0xBB, 0xBF]) { position += 3 }
                started = true
            }
            if position >= buffer.count && !fill() { return nil }
            switch leading.flatMap({ quickScan($0, counting: counting) }) ?? scan() {
            case .needMore:
                if !fill() { atEnd = true }
            case .blank:
                continue
            case .record(let r):
                return .success(r)
            case .problem(let p):
                return .failure(p)
            }
        }
        return nil
    }

    private enum Scan {
        case needMore, blank, record(CSVRecord), problem(CSVProblem)
    }

    /// Scans a record from `position` whose first `wanted` fields are plain (ASCII, unquoted),
    /// locating them, and whose other fields are ASCII, unquoted or quoted as a whole, finding
    /// its end (quoted line breaks counted); nil when the record is anything else (the full scan
    /// reads it, and reports any problem).
    private mutating func quickScan(_ wanted: Int, counting: Bool) -> Scan? {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let delimiter = self.delimiter
        let start = position
        let count = buffer.count
        let quotes = ByteWord.repeated(quote)
        let crs = ByteWord.repeated(cr), lfs = ByteWord.repeated(lf)
        let delimiters = ByteWord.repeated(delimiter)
        let atEnd = self.atEnd
        // nil: more bytes are needed; .some(nil): not a record for this scan.
        let found = buffer.withUnsafeBufferPointer { b -> (end: Int, next: Int, breaks: Int, ranges: [Range<Int>], fields: Int, text: [UInt8])?? in
            let raw = UnsafeRawPointer(b.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            // The leading fields, a byte at a time (they are short).
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(wanted + 1)
            var i = start
            var fieldStart = start
            var ended = false
            while ranges.count < wanted {
                guard i < count else {
                    if !atEnd { return nil }
                    ended = true
                    break
                }
                let x = b[i]
                if x >= 0x80 || x == quote { return .some(nil) }
                if x == cr || x == lf {
                    ended = true
                    break
                }
                if x == delimiter {
                    ranges.append(fieldStart - start..<i - start)
                    fieldStart = i + 1
                }
                i += 1
            }
            if ended { ranges.append(fieldStart - start..<i - start) }
            // The record's end, eight bytes at a time between quoted fields (counting the
            // delimiters outside quotes, when asked).
            var breaks = 0
            var fields = ranges.count + (ended ? 0 : 1)
            while !ended {
                while i + 8 <= count {
                    let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if (w & ByteWord.highBits) | ByteWord.has(w, quotes) | ByteWord.has(w, crs) | ByteWord.has(w, lfs) != 0 { break }
                    if counting { fields += ByteWord.matches(w, delimiters).nonzeroBitCount }
                    i += 8
                }
                guard i < count else {
                    if !atEnd { return nil }
                    break
                }
                let x = b[i]
                if x >= 0x80 { return .some(nil) }
                if x == cr || x == lf { break }
                if x != quote {
                    if x == delimiter { fields += 1 }
                    i += 1
                    continue
                }
                // A quote opens a field only at its start; the field must end at its closing quote.
                guard i > start, b[i - 1] == delimiter else { return .some(nil) }
                i += 1
                var closed = false
                while i < count {
                    // Eight bytes at a time while none of them ends the field or a line.
                    while i + 8 <= count {
                        let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                        if (w & ByteWord.highBits) | ByteWord.has(w, quotes) | ByteWord.has(w, crs) | ByteWord.has(w, lfs) != 0 { break }
                        i += 8
                    }
                    guard i < count else { break }
                    let y = b[i]
                    if y >= 0x80 { return .some(nil) }
                    if y == quote {
                        if i + 1 < count, b[i + 1] == quote {
                            i += 2
                            continue
                        }
                        if i + 1 == count && !atEnd { return nil }
                        i += 1
                        closed = true
                        break
                    }
                    if y == lf || (y == cr && !(i + 1 < count && b[i + 1] == lf)) { breaks += 1 }
                    i += 1
                }
                if !closed { return atEnd ? .some(nil) : nil }
                if i < count, b[i] != delimiter, b[i] != cr, b[i] != lf { return .some(nil) }
            }
            let end = i
            if end == count && !atEnd { return nil }
            var next = end
            if next < count, b[next] == cr {
                if next + 1 == count && !atEnd { return nil }
                next += 1
            }
            if next < count, b[next] == lf, next == end || b[next - 1] == cr { next += 1 }
            return .some((end, next, breaks, ranges, fields, Array(b[start..<end])))
        }
        guard let found else { return .needMore }
        guard let (end, next, breaks, ranges, fields, text) = found else { return nil }
        let firstLine = line
        line += breaks
        if next > end { line += 1 }
        position = next
        if end == start { return .blank }
        if counting { return .record(CSVRecord(text: text, line: firstLine, offset: dropped + start, leading: ranges, count: fields)) }
        return .record(CSVRecord(text: text, line: firstLine, offset: dropped + start, ranges: ranges))
    }

    /// Scans one record from `position`; `.needMore` when the buffer ends inside it and more
    /// may come (the record is then scanned again from its start). Fields are only located
    /// (`CSVRecord` unquotes a field when it is read); line breaks are counted, and bytes that
    /// are not ASCII noted, on the way.
    private mutating func scan() -> Scan {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let delimiter = self.delimiter
        let start = position
        let count = buffer.count
        let delimiters = ByteWord.repeated(delimiter), quotes = ByteWord.repeated(quote)
        let crs = ByteWord.repeated(cr), lfs = ByteWord.repeated(lf)
        return buffer.withUnsafeBufferPointer { b -> Scan in
            let raw = UnsafeRawPointer(b.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            var i = start
            var ranges: [Range<Int>] = []
            ranges.reserveCapacity(fieldsExpected)
            var problem: (String, Int)?
            var unclosed = false
            var high: UInt8 = 0
            var breaks = 0
            fieldLoop: while true {
                var fieldStart = i
                // Runs of unquoted fields, eight bytes at a time: each delimiter in a word that
                // holds no quote or line break ends a field (most fields of an export are
                // empty or short); at the first quote or line break the byte-at-a-time path
                // below takes over, at the start of a field or inside one.
                if i < count, b[i] != quote {
                    while i + 8 <= count {
                        let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                        let special = ByteWord.matches(w, quotes) | ByteWord.matches(w, crs) | ByteWord.matches(w, lfs)
                        // Only the bytes before the first special one count.
                        let before = special == 0 ? ~UInt64(0) : (special & (0 &- special)) &- 1
                        var ends = ByteWord.matches(w, delimiters) & before
                        if w & ByteWord.highBits & before != 0 { high = 0x80 }
                        while ends != 0 {
                            let at = i + ends.trailingZeroBitCount >> 3
                            ranges.append(fieldStart - start..<at - start)
                            fieldStart = at + 1
                            ends &= ends &- 1
                        }
                        if special != 0 {
                            i += special.trailingZeroBitCount >> 3
                            break
                        }
                        i += 8
                    }
                    // A field that starts with a quote is read as quoted.
                    if i == fieldStart && i < count && b[i] == quote { continue fieldLoop }
                }
                if i == fieldStart, i < count, b[i] == quote {
                    i += 1
                    var closed = false
                    while i < count {
                        // Eight bytes at a time while none of them ends the field or a line.
                        while i + 8 <= count {
                            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                            if ByteWord.has(w, quotes) | ByteWord.has(w, crs) | ByteWord.has(w, lfs) != 0 { break }
                            if w & ByteWord.highBits != 0 { high = 0x80 }
                            i += 8
                        }
                        guard i < count else { break }
                        let x = b[i]
                        if x == quote {
                            if i + 1 < count, b[i + 1] == quote {
                                i += 2
                                continue
                            }
                            if i + 1 == count && !atEnd { return .needMore }
                            i += 1
                            closed = true
                            break
                        }
                        high |= x
                        if x == lf || (x == cr && !(i + 1 < count && b[i + 1] == lf)) { breaks += 1 }
                        i += 1
                    }
                    if !closed {
                        if !atEnd { return .needMore }
                        problem = ("this quoted field is never closed: add the closing '\"' (a quote inside a field is written twice: \"\")", fieldStart - start)
                        unclosed = true
                        break fieldLoop
                    }
                    if i < count, b[i] != delimiter, b[i] != cr, b[i] != lf {
                        problem = ("unexpected text after the closing quote of a field; a quote inside a quoted field is written twice (\"\")", i - start)
                        break fieldLoop
                    }
                } else {
                    while i < count {
                        let x = b[i]
                        if x == delimiter || x == cr || x == lf { break }
                        if x == quote {
                            problem = ("a quote inside an unquoted field; put the whole field in quotes and write the quote twice (\"\")", i - start)
                            break fieldLoop
                        }
                        high |= x
                        i += 1
                        // Most fields are empty or short; past eight bytes, a long one is skipped
                        // eight bytes at a time while none of them ends it.
                        if i &- fieldStart == 8 {
                            while i + 8 <= count {
                                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                                let ends = ByteWord.has(w, delimiters) | ByteWord.has(w, quotes) | ByteWord.has(w, crs) | ByteWord.has(w, lfs)
                                if ends != 0 { break }
                                if w & ByteWord.highBits != 0 { high = 0x80 }
                                i += 8
                            }
                        }
                    }
                }
                if i == count && !atEnd { return .needMore }
                ranges.append(fieldStart - start..<i - start)
                if i < count, b[i] == delimiter {
                    i += 1
                    continue fieldLoop
                }
                break fieldLoop
            }
            // The record's end: its line break, or (after a problem) the end of its line.
            var end = i
            if problem != nil && !unclosed {
                while end < count, b[end] != lf, b[end] != cr {
                    end += 1
                }
                if end == count && !atEnd { return .needMore }
                high = 0x80  // the rest of the line was not looked at
            }
            if unclosed {
                end = count
                high = 0x80
                breaks = CSVRecordReader.lineBreaks(b, start..<end)
            }
            var next = end
            if next < count, b[next] == cr {
                if next + 1 == count && !atEnd { return .needMore }
                next += 1
            }
            if next < count, b[next] == lf, next == end || b[next - 1] == cr { next += 1 }
            if next > end { breaks += 1 }
            let text = Array(b[start..<end])
            let firstLine = line
            line += breaks
            position = next
            if unclosed { stopped = true }
            fieldsExpected = max(fieldsExpected, ranges.count)
            let record = CSVRecord(text: text, line: firstLine, offset: dropped + start, ranges: ranges)
            if high >= 0x80, let bad = UTF8Check.firstInvalid(text) {
                let hint = encoding == .utf8 ? "; if it was saved as Windows-1252 (\"ANSI\"), read it with --encoding windows-1252, or save it as UTF-8 CSV" : ""
                return .problem(CSVProblem(message: "this line is not valid UTF-8 text\(hint)", record: record, offset: bad))
            }
            if let (message, offset) = problem { return .problem(CSVProblem(message: message, record: record, offset: offset)) }
            if ranges.count == 1 && ranges[0].isEmpty { return .blank }
            return .record(record)
        }
    }

    /// Line breaks (LF, CRLF, lone CR) in a range of bytes.
    static func lineBreaks(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var n = 0
        var i = range.lowerBound
        while i < range.upperBound {
            if b[i] == 10 {
                n += 1
            } else if b[i] == 13 && !(i + 1 < range.upperBound && b[i + 1] == 10) {
                n += 1
            }
            i += 1
        }
        return n
    }
}
