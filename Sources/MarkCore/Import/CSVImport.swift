import Foundation

/// A CSV export's rows through a mapping: read twice, record by record (memory stays flat
/// however long the file). The first pass checks that each learner's rows for a unit come
/// together, so that no submission is written before all of its rows are known; the second,
/// reading alongside it, converts each learner's rows into one submission once the next
/// learner's start, on several threads, and hands them on in order when the first has passed.
extension EvidenceImport {
    /// How the CSV is written.
    public struct CSVOptions: Sendable {
        /// The field delimiter (`,` `;` tab `|`).
        public var delimiter: UInt8 = UInt8(ascii: ",")
        /// The text encoding.
        public var encoding: CSVEncoding = .utf8
        /// Pretty JSON (one file per submission) or one line each (NDJSON).
        public var pretty = false
        /// How many threads convert learners' rows (the output is the same for any number).
        public var jobs = 1
        /// Creates the defaults: comma-separated UTF-8, one line each.
        public init() {}
    }

    /// The plans each converting thread starts from (its own copy, compiled as it goes).
    struct WorkerPlans: @unchecked Sendable {
        // @unchecked: copied once into each thread, before any is changed; what a copy compiles
        // stays in it.
        let plans: Plans
    }

    /// A CSV row as an import row.
    struct CSVRow: ImportRow {
        var record: CSVRecord
        let path: String
        /// Each entry's sources as column indices (-1: a fixed value).
        let columns: [[Int]]

        func text(entry e: Int, source s: Int) -> String? {
            let c = columns[e][s]
            return c >= 0 && c < record.count ? record.field(c) : nil
        }

        func hasText(entry e: Int, source s: Int) -> Bool {
            let c = columns[e][s]
            return c >= 0 && c < record.count && !record.isEmpty(c)
        }

        func hasText(entry e: Int, sources: Int) -> Bool {
            columns[e].contains { c in c >= 0 && c < record.count && !record.isEmpty(c) }
        }

        func withFirstCell<R>(entry e: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
            for c in columns[e] where c >= 0 && c < record.count && !record.isEmpty(c) {
                return record.withValue(c, body)
            }
            return nil
        }

        func withCells<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Range<Int>>) -> R) -> R? {
            record.text.withUnsafeBufferPointer { t in record.ranges.withUnsafeBufferPointer { r in body(t, r) } }
        }

        /// The first source of entry `e` that is a fixed value (no range) or a cell with text
        /// (its bytes' range in the record); -1 when there is none.
        func keyCell(entry e: Int) -> (source: Int, range: Range<Int>?) {
            let list = columns[e]
            for s in list.indices {
                let c = list[s]
                if c < 0 { return (s, nil) }
                if c < record.count && !record.isEmpty(c) { return (s, record.ranges[c]) }
            }
            return (-1, nil)
        }

        func writesSame(_ entries: [Int], as other: CSVRow) -> Bool {
            record.text.withUnsafeBufferPointer { text in
                other.record.text.withUnsafeBufferPointer { otherText in
                    for e in entries {
                        let (source, range) = keyCell(entry: e)
                        let (otherSource, otherRange) = other.keyCell(entry: e)
                        guard source == otherSource, range?.count == otherRange?.count else { return false }
                        if let range, let otherRange, memcmp(text.baseAddress! + range.lowerBound, otherText.baseAddress! + otherRange.lowerBound, range.count) != 0 {
                            return false
                        }
                    }
                    return true
                }
            }
        }

        func problem(entry e: Int, source s: Int?, _ message: String) -> ImportProblem {
            var range = 0..<1
            if let s, columns[e][s] >= 0, columns[e][s] < record.ranges.count {
                let r = record.ranges[columns[e][s]]
                range = r.lowerBound..<max(r.lowerBound + 1, r.upperBound)
            }
            return ImportProblem(diagnostic: Diagnostic(.error, id: "invalid-row", message, path: path, range: range), source: record.source(path: path))
        }
    }

    /// Imports a CSV. `open` makes a reader at the file's start (it is called three times: for
    /// the header and for each pass, whose readers are used at once, on different threads); `emit`
    /// receives each submission, in the order of the learners' first rows. `catalog` is asked
    /// for once, when the first pass has found the rows in order (so rules may load meanwhile);
    /// nil stops the import there.
    public static func csv(
        path: String, open: () -> CSVRecordReader, mapping: ImportMapping, catalog: () -> RulesetCatalog?, options: CSVOptions,
        emit: (Imported) -> Void
    ) -> Summary {
        var summary = Summary()
        let base = ImportPlan.envelopeOnly(mapping)
        var reader = open()
        // The header: every column the mapping names must be there.
        var header: CSVRecord?
        while let first = reader.next() {
            switch first {
            case .success(let r): header = r
            case .failure(let p):
                let (d, s) = p.diagnostic(path: path)
                summary.add(ImportProblem(diagnostic: d, source: s))
                return summary
            }
            break
        }
        guard let header else {
            summary.add(ImportProblem(diagnostic: Diagnostic(.error, id: "empty-csv", "the file is empty; it needs a header row", path: path, range: 0..<0), source: SourceFile(path: path, bytes: [])))
            return summary
        }
        let names = header.fields.map(\.trimmingWhitespace)
        var index: [String: Int] = [:]
        for (i, n) in names.enumerated() where index[n] == nil { index[n] = i }
        var columns: [[Int]] = []
        for entry in mapping.entries {
            var list: [Int] = []
            for (source, range) in entry.sources {
                guard case .named(let name) = source else {
                    list.append(-1)
                    continue
                }
                if let c = index[name] {
                    list.append(c)
                } else {
                    list.append(-1)
                    summary.add(
                        ImportProblem(
                            diagnostic: Diagnostic(
                                .error, id: "unknown-column",
                                "\(TerminalText.escaped(path)) has no column '\(TerminalText.escaped(name))'" + Suggestion.didYouMean(name, among: names), path: mapping.file.path,
                                range: range),
                            source: mapping.file))
                }
            }
            columns.append(list)
        }
        let delimiterName = options.delimiter == UInt8(ascii: ",") ? "comma" : options.delimiter == 9 ? "tab" : "'\(Character(Unicode.Scalar(options.delimiter)))'"
        if !summary.isClean { return summary }

        // The learner's and the unit's entries: each learner's rows for a unit are one group.
        let keyEntries = ["learner.id", "unit"].compactMap { mapping.envelopeEntries[$0] }

        // Pass 1 (the learners' rows come together) runs on a thread of its own while pass 2
        // (each learner's rows become one submission, converted on `jobs` threads) starts from
        // the top: nothing pass 2 makes is handed on before pass 1 has read the whole file and
        // found it in order. What pass 2 makes meanwhile waits in the pipeline's window (a
        // bounded number of submissions); if pass 1 finds rows out of order, it is dropped.
        var first = open()
        _ = first.next()
        let order = CSVOrderCheck(first, path: path, columns: columns, keyEntries: keyEntries, base: base, mapping: mapping)
        let checking = Thread { order.run() }
        checking.stackSize = 8 << 20
        checking.start()
        guard let catalog = catalog() else {
            // No rules: what the first pass finds is all there is to report.
            order.wait()
            return order.summary
        }
        var plans = Plans(mapping, catalog)
        plans.columns = columns
        var second = open()
        _ = second.next()
        let groups = CSVGroupReader(
            second, path: path, columns: columns, headerCount: header.count, delimiterName: delimiterName, base: plans.base, keyEntries: keyEntries)
        let pipeline = OrderedPipeline<CSVGroupJob, (problems: [ImportProblem], finished: Finished?)>(
            jobs: options.jobs, window: 512 * options.jobs, take: groups.next)
        let start = WorkerPlans(plans: plans)
        let pretty = options.pretty
        let delimiter = options.delimiter
        var inOrder: Bool?
        pipeline.run(
            worker: { _ in start.plans },
            process: { plans, job in
                // The group's records were read only as far as their key cells and their ends.
                guard var group = job.group else { return (job.problems, nil) }
                for k in group.rows.indices { group.rows[k].row.record.locateFields(delimiter: delimiter) }
                return (job.problems, finish(group, plans: &plans, pretty: pretty))
            },
            deliver: { output in
                if inOrder == nil {
                    order.wait()
                    inOrder = order.problems.isEmpty
                    if inOrder == false { pipeline.stop() }
                }
                guard inOrder == true else { return }
                for p in output.problems { summary.add(p) }
                if let f = output.finished { summary.record(f, mapping: mapping, emit: emit) }
            })
        order.wait()
        if !order.problems.isEmpty { return order.summary }
        summary.rows = groups.rows
        return summary
    }
}

extension EvidenceImport {
    /// The first pass of a CSV import: each learner's rows for a unit must come together (so that
    /// no submission is written before all of its rows are known). Run on a thread of its own;
    /// `wait` returns when it has read the file.
    final class CSVOrderCheck: @unchecked Sendable {
        // @unchecked: `reader` and `summary` are used by the checking thread only, before
        // `done` is signalled; `summary` is read only after `wait`.
        private var reader: CSVRecordReader
        private let path: String
        private let columns: [[Int]]
        private let keyEntries: [Int]
        private let base: ImportPlan
        private let mapping: ImportMapping
        private let done = DispatchSemaphore(value: 0)
        private var waited = false
        /// The rows found out of order (read after `wait`).
        private(set) var summary = Summary()
        var problems: [ImportProblem] { summary.problems }

        /// A check of the records after `reader`'s header.
        init(_ reader: CSVRecordReader, path: String, columns: [[Int]], keyEntries: [Int], base: ImportPlan, mapping: ImportMapping) {
            self.reader = reader
            self.path = path
            self.columns = columns
            self.keyEntries = keyEntries
            self.base = base
            self.mapping = mapping
        }

        /// Waits for the check to end (at once the second time).
        func wait() {
            if waited { return }
            done.wait()
            waited = true
        }

        /// Reads the records, then signals.
        func run() {
            defer { done.signal() }
            var sameKey = CSVKeyMatch(entries: keyEntries)
            var finished: [[String]: Int] = [:]
            var current: [String]?
            var lastLine = 0
            // Only the key's columns are read in this pass (any others of a plain record skipped).
            let leading = CSVKeyMatch.leading(keyEntries, columns)
            while let next = reader.next(leading: leading) {
                guard case .success(let record) = next else { continue }
                let row = CSVRow(record: record, path: path, columns: columns)
                if sameKey.matches(row) {
                    lastLine = record.line
                    continue
                }
                guard let key = EvidenceImport.key(row, base), key != current else {
                    lastLine = record.line
                    continue
                }
                if let current { finished[current] = lastLine }
                if let earlier = finished[key] {
                    summary.add(
                        row.problem(
                            entry: mapping.envelopeEntries["learner.id"] ?? 0, source: 0,
                            "this learner's rows for unit \(ImportPlan.quote(key[1])) are not together (the last one before is on line \(earlier)); sort the export by learner and unit"))
                }
                current = key
                lastLine = record.line
            }
        }
    }
}
