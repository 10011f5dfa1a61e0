import Foundation

/// The second pass of a CSV import: each learner's rows for a unit gathered into one group, in
/// the file's order, with the problems met while reading them. Groups are handed to the
/// converting threads one at a time (`OrderedPipeline` calls `next` under its lock).
extension EvidenceImport {
    /// One learner's rows, and the problems read before they were complete (a record that is not
    /// CSV, a ragged row), which come before the group's own in the import's report.
    struct CSVGroupJob {
        var problems: [ImportProblem]
        var group: Group<CSVRow>?
    }

    final class CSVGroupReader {
        private var reader: CSVRecordReader
        private let path: String
        private let columns: [[Int]]
        private let headerCount: Int
        private let delimiterName: String
        private let base: ImportPlan
        private var sameKey: CSVKeyMatch
        /// The fields a record is read as far as: the key's columns.
        private let leading: Int
        private var group: Group<CSVRow>?
        private var problems: [ImportProblem] = []
        /// A row the learner of which is not known spoils the group that starts next.
        private var spoilNext = false
        private var ended = false
        /// A read that failed: reported after everything else.
        private var trailing: ImportProblem?
        /// Data rows read so far.
        private(set) var rows = 0

        /// Reads the rows after `reader`'s header.
        init(_ reader: CSVRecordReader, path: String, columns: [[Int]], headerCount: Int, delimiterName: String, base: ImportPlan, keyEntries: [Int]) {
            self.reader = reader
            self.path = path
            self.columns = columns
            self.headerCount = headerCount
            self.delimiterName = delimiterName
            self.base = base
            sameKey = CSVKeyMatch(entries: keyEntries)
            leading = CSVKeyMatch.leading(keyEntries, columns)
        }

        /// The next group (once its next learner's first row is read), then one job with the
        /// problems after the last group, if any; nil at the end.
        func next() -> CSVGroupJob? {
            // Records are read as far as their key cells and their ends (their fields counted);
            // the converting threads locate the other fields.
            while !ended, let next = reader.next(leading: leading, counting: true) {
                switch next {
                case .failure(let p):
                    let (d, s) = p.diagnostic(path: path)
                    problems.append(ImportProblem(diagnostic: d, source: s))
                    rows += 1
                    // The row's learner is not known: the learners around it are not written.
                    group?.spoiled = true
                    spoilNext = true
                case .success(let record):
                    rows += 1
                    let row = CSVRow(record: record, path: path, columns: columns)
                    var done: CSVGroupJob?
                    if !sameKey.matches(row) {
                        let key = EvidenceImport.key(row, base) ?? group?.key ?? []
                        if key != group?.key {
                            if let g = group {
                                done = CSVGroupJob(problems: problems, group: g)
                                problems = []
                            }
                            group = Group(key: key)
                            if spoilNext { group?.spoiled = true }
                        }
                    }
                    spoilNext = false
                    if record.count != headerCount {
                        problems.append(
                            ImportProblem(
                                diagnostic: Diagnostic(
                                    .error, id: "ragged-row", CSVReader.raggedMessage(record.count, headerCount, delimiter: delimiterName), path: path, range: 0..<1),
                                source: record.source(path: path)))
                        group?.spoiled = true
                        spoilNext = true
                    }
                    group?.rows.append((row, record.line))
                    if let done { return done }
                }
            }
            if !ended {
                ended = true
                if let code = reader.readError {
                    trailing = ImportProblem(
                        diagnostic: Diagnostic(.error, id: "unreadable-file", "cannot read the file: \(String(cString: strerror(code)))", path: path, range: 0..<0),
                        source: SourceFile(path: path, bytes: []))
                }
            }
            if let g = group {
                group = nil
                defer { problems = [] }
                return CSVGroupJob(problems: problems, group: g)
            }
            // What was read after the last group, and a read that failed, come last.
            if let trailing {
                problems.append(trailing)
                self.trailing = nil
            }
            if !problems.isEmpty {
                defer { problems = [] }
                return CSVGroupJob(problems: problems, group: nil)
            }
            return nil
        }
    }

    /// Whether a row's learner and unit cells are written as the row before's (then it has the
    /// same key, and the key's text need not be made); a row with other cells is kept for the next.
    struct CSVKeyMatch {
        let entries: [Int]
        private var previous: CSVRow?

        init(entries: [Int]) { self.entries = entries }

        /// How many leading fields of a record hold the key's cells (what a quick read locates).
        static func leading(_ entries: [Int], _ columns: [[Int]]) -> Int {
            (entries.flatMap { columns[$0] }.max() ?? 0) + 1
        }

        mutating func matches(_ row: CSVRow) -> Bool {
            if let previous, row.writesSame(entries, as: previous) { return true }
            previous = row
            return false
        }
    }
}
