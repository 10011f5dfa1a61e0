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

/// Reads a whole CSV file held in memory (a decisions file) with `CSVRecordReader`: UTF-8, comma
/// separated, every row as many fields as the header. Problems are diagnostics at the line and
/// column of the offending byte. Large exports are read record by record instead (`Import`).
public enum CSVReader {
    /// At most this many problems are reported for one file.
    static let problemLimit = 25

    /// Reads a whole file.
    public static func read(_ source: SourceFile) -> Result<CSVTable, DiagnosticList> {
        var problems: [Diagnostic] = []
        func problem(_ message: String, _ range: Range<Int>) {
            if problems.count < problemLimit {
                problems.append(Diagnostic(.error, id: "csv-syntax", message, path: source.path, range: range))
            }
        }
        if let bad = UTF8Check.firstInvalid(source.bytes) {
            problem("the file is not valid UTF-8 text; save it as UTF-8 CSV", bad..<bad + 1)
            return .failure(DiagnosticList(problems))
        }
        var reader = CSVRecordReader(.bytes(source.bytes))
        var records: [CSVTable.Record] = []
        while let next = reader.next() {
            switch next {
            case .success(let r):
                let start = r.offset
                records.append(CSVTable.Record(fields: r.fields, ranges: r.ranges.map { start + $0.lowerBound..<start + $0.upperBound }, start: start))
            case .failure(let p):
                let at = p.record.offset + p.offset
                problem(p.message, at..<at + 1)
            }
        }
        guard let header = records.first else {
            if problems.isEmpty { problem("the file is empty; it needs a header row", 0..<0) }
            return .failure(DiagnosticList(problems))
        }
        let rows = Array(records.dropFirst())
        for row in rows where row.fields.count != header.fields.count {
            problem(raggedMessage(row.fields.count, header.fields.count), row.start..<row.start + 1)
        }
        if !problems.isEmpty { return .failure(DiagnosticList(problems)) }
        return .success(CSVTable(source: source, header: header, rows: rows))
    }

    /// The message for a row whose field count is not the header's.
    public static func raggedMessage(_ fields: Int, _ header: Int, delimiter: String = "comma") -> String {
        "this row has \(fields) field\(fields == 1 ? "" : "s") but the header has \(header); quote any field that contains a \(delimiter)"
    }
}
