import Foundation

/// CSV cells for a gradebook: RFC 4180 quoting, and formula neutralisation so a spreadsheet
/// never runs a cell as a formula.
enum GradebookCSV {
    /// The fixed columns before the component and marking-point columns.
    static let leadColumns = ["learner", "unit", "ruleset", "ruleset_version", "grade", "total", "maximum"]
    /// The columns after the marking points: provenance (who assessed, and the exact engine,
    /// rules and input that decided the row), then where the submission came from.
    static let tailColumns = ["assessor", "engine_version", "ruleset_sha256", "input_sha256", "path", "error"]

    /// What a row was decided from, so it can be traced back to the decision that made it.
    struct Provenance {
        /// The assessor's id from the evidence envelope; empty for a failed submission.
        var assessor = ""
        /// The version of `mark` that marked it (or tried to).
        var engineVersion: String
        /// SHA-256 of the ruleset's sources; empty for a failed submission.
        var rulesetSHA256 = ""
        /// SHA-256 of the submission's bytes; empty when they could not be read.
        var inputSHA256 = ""
    }
    /// The columns after those with `--overrides`: the overridden grade, and every override
    /// with the engine's decision beside the assessor's.
    static let overrideColumns = ["grade_override", "overrides"]

    /// Appends one cell (see `CSVWriter.appendCell`: the one CSV writer).
    @inline(__always)
    static func appendCell(_ value: String, to out: inout String) {
        CSVWriter.appendCell(value, to: &out)
    }

    /// One cell as a string.
    static func cell(_ value: String) -> String {
        var out = ""
        appendCell(value, to: &out)
        return out
    }

    /// Cells joined by commas.
    static func row(_ values: [String]) -> String {
        var out = ""
        for (i, v) in values.enumerated() {
            if i > 0 { out += "," }
            appendCell(v, to: &out)
        }
        return out
    }

    /// The lead cells of a marked submission.
    static func lead(_ r: MarkingResult) -> String {
        let marks = r.carriesMarks ? [JSONWriter.format(r.total), JSONWriter.format(r.maximum)] : ["", ""]
        return row([r.learnerID, r.unit, r.ruleset.id, r.ruleset.version, r.grade] + marks)
    }

    /// The total and maximum cells recorded in a result file: both empty for a competency
    /// unit, which carries no marks (as `lead` writes them).
    static func marks(total: Double, maximum: Double) -> [String] {
        maximum > 0 ? [JSONWriter.format(total), JSONWriter.format(maximum)] : ["", ""]
    }

    /// The lead cells of a failed submission: all empty.
    static let emptyLead = String(repeating: ",", count: leadColumns.count - 1)

    /// The provenance, path and error cells.
    static func tail(_ p: Provenance, path: String, error: String) -> String {
        row([p.assessor, p.engineVersion, p.rulesetSHA256, p.inputSHA256, path, error])
    }
}

/// The gradebook written to the results stream with `--format csv`: a header, then one row per
/// submission in input order. After the lead columns come the component columns, one
/// `component:ID` per component of the rulesets used (none when no ruleset declares components),
/// holding the component's grade; then the marking-point columns, the point ids of the rulesets
/// used. Both are in the order their rulesets are first seen; when the catalog could mix rulesets the rows are
/// spooled to an unlinked temporary file until the last submission, so memory stays bounded.
final class Gradebook {
    private let catalog: RulesetCatalog
    private let output: any CohortOutput
    private var columns: [String] = []
    private var columnIndex: [String: Int] = [:]
    /// For each ruleset index: the column of each of its points.
    private var mapping: [Int: [Int]] = [:]
    /// The component ids, each the column `component:ID`.
    private var componentColumns: [String] = []
    private var componentIndex: [String: Int] = [:]
    /// For each ruleset index: the component column of each of its components.
    private var componentMapping: [Int: [Int]] = [:]
    private let streaming: Bool
    private var spool: UnsafeMutablePointer<FILE>?
    private var line = ""
    private let extraColumns: [String]
    /// Why the gradebook could not be kept (its temporary file could not be created, written
    /// or read back): the run must then fail rather than print a partial gradebook.
    private(set) var failure: String?

    /// `only` is the one ruleset every row uses, when that is known before marking.
    init(catalog: RulesetCatalog, only: Int?, output: any CohortOutput, extraColumns: [String] = []) {
        self.catalog = catalog
        self.output = output
        self.extraColumns = extraColumns
        if let only {
            streaming = true
            see(only)
            output.write(header())
        } else {
            streaming = false
            spool = tmpfile()
            if spool == nil { failure = "cannot create its temporary file: " + String(cString: strerror(errno)) }
        }
    }

    private func see(_ ruleset: Int) {
        guard mapping[ruleset] == nil else { return }
        let r = catalog.rulesets[ruleset]
        mapping[ruleset] = Self.place(r.points.map(\.id), in: &columns, index: &columnIndex)
        componentMapping[ruleset] = Self.place(r.grading.components.map(\.id), in: &componentColumns, index: &componentIndex)
    }

    /// The column of each id, adding the ids not yet among `columns` at the end.
    private static func place(_ ids: [String], in columns: inout [String], index: inout [String: Int]) -> [Int] {
        ids.map { id in
            if let c = index[id] { return c }
            index[id] = columns.count
            columns.append(id)
            return columns.count - 1
        }
    }

    private func header() -> String {
        GradebookCSV.row(GradebookCSV.leadColumns + componentColumns.map { "component:" + $0 } + columns + GradebookCSV.tailColumns + extraColumns) + "\n"
    }

    /// Adds the row of one submission.
    func add(_ cells: GradebookCells) {
        if let r = cells.ruleset { see(r) }
        if streaming {
            output.write(assemble(cells))
            return
        }
        guard let spool, failure == nil else { return }
        var record: [UInt8] = []
        func append32(_ v: Int) { withUnsafeBytes(of: UInt32(truncatingIfNeeded: v).littleEndian) { record.append(contentsOf: $0) } }
        append32(cells.ruleset.map { $0 + 1 } ?? 0)
        append32(cells.verdicts.count)
        for v in cells.verdicts { record.append(UInt8(v.rawValue)) }
        append32(cells.components.count)
        for g in cells.components {
            append32(g.utf8.count)
            record.append(contentsOf: g.utf8)
        }
        append32(cells.lead.utf8.count)
        record.append(contentsOf: cells.lead.utf8)
        append32(cells.tail.utf8.count)
        record.append(contentsOf: cells.tail.utf8)
        let written = record.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, spool) }
        if written != record.count { failure = "cannot write its temporary file: " + String(cString: strerror(errno)) }
    }

    /// Writes the spooled rows, if any, after their header; false (with `failure` set) if the
    /// temporary file failed, and then nothing is written.
    @discardableResult
    func finish() -> Bool {
        guard !streaming else { return true }
        guard let spool else { return failure == nil }
        defer {
            fclose(spool)
            self.spool = nil
        }
        if failure == nil && (fflush(spool) != 0 || ferror(spool) != 0) {
            failure = "cannot write its temporary file: " + String(cString: strerror(errno))
        }
        guard failure == nil else { return false }
        output.write(header())
        let reader = SpoolReader(fd: fileno(spool))
        while let r = reader.int32(), let n = reader.int32() {
            let verdicts = reader.bytes(n).map { VerdictLevel(rawValue: Int($0)) ?? .notMet }
            let components = (0..<(reader.int32() ?? 0)).map { _ in
                String(decoding: reader.bytes(reader.int32() ?? 0), as: UTF8.self)
            }
            let lead = String(decoding: reader.bytes(reader.int32() ?? 0), as: UTF8.self)
            let tail = String(decoding: reader.bytes(reader.int32() ?? 0), as: UTF8.self)
            output.write(assemble(GradebookCells(
                ruleset: r == 0 ? nil : r - 1, verdicts: verdicts, components: components, lead: lead, tail: tail)))
        }
        if let code = reader.readError {
            failure = "cannot read back its temporary file: " + String(cString: strerror(code))
            return false
        }
        return true
    }

    /// Reads the spool file from its start through a 64 KB buffer.
    final class SpoolReader {
        let fd: Int32
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var start = 0
        var end = 0
        /// The `errno` of a failed read: the rows after it are missing.
        var readError: Int32?

        init(fd: Int32) {
            self.fd = fd
            lseek(fd, 0, SEEK_SET)
        }

        func bytes(_ n: Int) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(n)
            while out.count < n {
                if start == end {
                    let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                    if got < 0 && errno == EINTR { continue }
                    if got < 0 { readError = errno }
                    guard got > 0 else { break }
                    start = 0
                    end = got
                }
                let take = min(n - out.count, end - start)
                out.append(contentsOf: buffer[start..<start + take])
                start += take
            }
            return out
        }

        func int32() -> Int? {
            let b = bytes(4)
            guard b.count == 4 else { return nil }
            return Int(UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24)
        }
    }

    private func assemble(_ cells: GradebookCells) -> String {
        line.removeAll(keepingCapacity: true)
        line += cells.ruleset == nil ? GradebookCSV.emptyLead : cells.lead
        let components = cells.ruleset.flatMap { componentMapping[$0] } ?? []
        if !componentColumns.isEmpty {
            var grades = [String](repeating: "", count: componentColumns.count)
            if components.count == cells.components.count {
                for (i, c) in components.enumerated() { grades[c] = cells.components[i] }
            }
            for g in grades {
                line += ","
                GradebookCSV.appendCell(g, to: &line)
            }
        }
        let map = cells.ruleset.flatMap { mapping[$0] } ?? []
        if map.count == cells.verdicts.count && columns.count > 0 {
            var cellsByColumn = [VerdictLevel?](repeating: nil, count: columns.count)
            for (i, c) in map.enumerated() { cellsByColumn[c] = cells.verdicts[i] }
            for v in cellsByColumn {
                line += ","
                if let v { line += v.words }
            }
        } else {
            for _ in columns { line += "," }
        }
        line += ","
        line += cells.tail
        line += "\n"
        return line
    }
}

/// One gradebook row before its point columns are placed.
struct GradebookCells: Sendable {
    /// The ruleset that marked it; nil for a failed submission.
    var ruleset: Int?
    /// Verdicts in the ruleset's point order.
    var verdicts: [VerdictLevel]
    /// Component grades in the ruleset's component order (empty without components).
    var components: [String] = []
    /// The lead cells (learner … maximum), already quoted.
    var lead: String
    /// The provenance, path and error cells, already quoted.
    var tail: String
}
