/// A CSV file read by `CSVReader`: its records with where each field was written, so that a
/// problem with a cell can be reported at its line and column.
public struct CSVTable: Sendable {
    /// One record (line, or several lines when a quoted field holds line breaks).
    public struct Record: Sendable, Equatable {
        /// The fields, unquoted.
        public var fields: [String]
        /// Byte range of each field in the file (quotes included).
        public var ranges: [Range<Int>]
        /// Byte offset where the record starts.
        public var start: Int
    }

    /// The file, for diagnostics.
    public var source: SourceFile
    /// The header row.
    public var header: Record
    /// The data rows, blank lines left out.
    public var rows: [Record]

    /// The 1-based line a record starts on.
    public func line(of record: Record) -> Int {
        source.location(of: record.start).line
    }
}

/// A hand-written RFC 4180 CSV reader: comma-separated fields, records ended by CRLF or LF,
/// fields in double quotes may hold commas, quotes (doubled: `""`) and line breaks. A UTF-8 byte
/// order mark (as spreadsheets write) is skipped; blank lines are ignored. Every row must have as
/// many fields as the header. Problems are diagnostics at the line and column of the offending
/// byte.
public enum CSVReader {
    /// At most this many problems are reported for one file.
    static let problemLimit = 25

    /// Reads a whole file.
    public static func read(_ source: SourceFile) -> Result<CSVTable, DiagnosticList> {
        let bytes = source.bytes
        var problems: [Diagnostic] = []
        func problem(_ message: String, _ range: Range<Int>) {
            if problems.count < problemLimit {
                problems.append(Diagnostic(.error, id: "csv-syntax", message, path: source.path, range: range))
            }
        }
        if Array(String(decoding: bytes, as: UTF8.self).utf8) != bytes {
            let bad = firstInvalidUTF8(bytes)
            problem("the file is not valid UTF-8 text; save it as UTF-8 CSV", bad..<bad + 1)
            return .failure(DiagnosticList(problems))
        }
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var records: [CSVTable.Record] = []
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

        /// Skips to just past the end of the current line, after an error in a record.
        func skipLine(_ i: inout Int) {
            while i < bytes.count, bytes[i] != lf { i += 1 }
            if i < bytes.count { i += 1 }
        }

        recordLoop: while i < bytes.count {
            let recordStart = i
            var fields: [String] = []
            var ranges: [Range<Int>] = []
            fieldLoop: while true {
                let fieldStart = i
                var value: [UInt8] = []
                if i < bytes.count, bytes[i] == quote {
                    i += 1
                    var closed = false
                    while i < bytes.count {
                        if bytes[i] == quote {
                            if i + 1 < bytes.count, bytes[i + 1] == quote {
                                value.append(quote)
                                i += 2
                                continue
                            }
                            i += 1
                            closed = true
                            break
                        }
                        value.append(bytes[i])
                        i += 1
                    }
                    if !closed {
                        problem("this quoted field is never closed: add the closing '\"' (a quote inside a field is written twice: \"\")", fieldStart..<fieldStart + 1)
                        break recordLoop
                    }
                    if i < bytes.count, bytes[i] != comma, bytes[i] != cr, bytes[i] != lf {
                        problem("unexpected text after the closing quote of a field; a quote inside a quoted field is written twice (\"\")", i..<i + 1)
                        skipLine(&i)
                        continue recordLoop
                    }
                } else {
                    while i < bytes.count, bytes[i] != comma, bytes[i] != cr, bytes[i] != lf {
                        if bytes[i] == quote {
                            problem("a quote inside an unquoted field; put the whole field in quotes and write the quote twice (\"\")", i..<i + 1)
                            skipLine(&i)
                            continue recordLoop
                        }
                        value.append(bytes[i])
                        i += 1
                    }
                }
                fields.append(String(decoding: value, as: UTF8.self))
                ranges.append(fieldStart..<i)
                if i < bytes.count, bytes[i] == comma {
                    i += 1
                    continue fieldLoop
                }
                // End of record: CRLF, LF, a lone CR, or the end of the file.
                if i < bytes.count, bytes[i] == cr { i += 1 }
                if i < bytes.count, bytes[i] == lf { i += 1 }
                break fieldLoop
            }
            let blank = fields.count == 1 && fields[0].isEmpty && ranges[0].isEmpty
            if !blank { records.append(CSVTable.Record(fields: fields, ranges: ranges, start: recordStart)) }
        }
        guard let header = records.first else {
            if problems.isEmpty { problem("the file is empty; it needs a header row", 0..<0) }
            return .failure(DiagnosticList(problems))
        }
        let rows = Array(records.dropFirst())
        for row in rows where row.fields.count != header.fields.count {
            let n = row.fields.count
            problem(
                "this row has \(n) field\(n == 1 ? "" : "s") but the header has \(header.fields.count); quote any field that contains a comma",
                row.start..<row.start + 1)
        }
        if !problems.isEmpty { return .failure(DiagnosticList(problems)) }
        return .success(CSVTable(source: source, header: header, rows: rows))
    }

    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >= 0xC2 && b < 0xE0 ? 2 : b >= 0xE0 && b < 0xF0 ? 3 : b >= 0xF0 && b < 0xF5 ? 4 : 0
            guard length > 0, i + length <= bytes.count else { return i }
            let piece = Array(bytes[i..<i + length])
            if Array(String(decoding: piece, as: UTF8.self).utf8) != piece { return i }
            i += length
        }
        return 0
    }
}

/// Writes CSV per RFC 4180 (CRLF line ends; fields with a comma, quote or line break quoted, quotes
/// doubled). A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return) is written with a leading `'`, so opening a report cannot run code.
public enum CSVWriter {
    /// One record, with its CRLF.
    public static func row(_ cells: [String]) -> String {
        var out = ""
        for (i, c) in cells.enumerated() {
            if i > 0 { out += "," }
            appendCell(c, to: &out)
        }
        return out + "\r\n"
    }

    /// One cell, defused and quoted as needed.
    public static func cell(_ text: String) -> String {
        var out = ""
        appendCell(text, to: &out)
        return out
    }

    /// Appends one cell: a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`;
    /// a cell holding a comma, a quote, CR or LF is quoted, its quotes doubled; any other cell
    /// is copied as it is. The scan stops at the first byte that needs quotes.
    public static func appendCell(_ value: String, to out: inout String) {
        var needsQuotes = false
        var first = true
        var neutralise = false
        for b in value.utf8 {
            if first {
                neutralise = b == UInt8(ascii: "=") || b == UInt8(ascii: "+") || b == UInt8(ascii: "-") || b == UInt8(ascii: "@")
                    || b == 0x09 || b == 0x0D
                first = false
            }
            if b == UInt8(ascii: ",") || b == UInt8(ascii: "\"") || b == 0x0A || b == 0x0D {
                needsQuotes = true
                break
            }
        }
        if !needsQuotes {
            if neutralise { out += "'" }
            out += value
            return
        }
        out += neutralise ? "\"'" : "\""
        var start = value.startIndex
        while let quote = value[start...].firstIndex(of: "\"") {
            out += value[start...quote]
            out += "\""
            start = value.index(after: quote)
        }
        out += value[start...]
        out += "\""
    }
}
