/// One exported record — a CSV row or an xAPI statement — as the importer reads it: the text of
/// each source named in the mapping, and where to report a problem with it.
protocol ImportRow {
    /// The text of source `s` of entry `e` (`nil` when absent or empty).
    func text(entry e: Int, source s: Int) -> String?
    /// Whether source `s` of entry `e` has text: `text` is not nil and not empty.
    func hasText(entry e: Int, source s: Int) -> Bool
    /// A problem with the value of source `s` of entry `e` (nil: the row itself).
    func problem(entry e: Int, source s: Int?, _ message: String) -> ImportProblem
    /// Whether any of the `sources` named sources of entry `e` has text.
    func hasText(entry e: Int, sources: Int) -> Bool
    /// Calls `body` with the bytes of the first source of entry `e` with text, when the row holds
    /// its cells as valid UTF-8 bytes (a CSV record); nil otherwise, or when none has text.
    func withFirstCell<R>(entry e: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R?
    /// Whether what decides the values of `entries` (for each, its first source with text, as
    /// written) is the same in this row as in `other`: then their values are equal and need
    /// not be compared as text. False when the row cannot tell.
    func writesSame(_ entries: [Int], as other: Self) -> Bool
    /// Calls `body` with the row's bytes and where each cell is in them (quotes included), when
    /// the row is a CSV record; nil otherwise.
    func withCells<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Range<Int>>) -> R) -> R?
}

extension ImportRow {
    func hasText(entry e: Int, sources: Int) -> Bool {
        for s in 0..<sources where hasText(entry: e, source: s) { return true }
        return false
    }

    func withFirstCell<R>(entry e: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? { nil }

    func writesSame(_ entries: [Int], as other: Self) -> Bool { false }

    func withCells<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Range<Int>>) -> R) -> R? { nil }
}

/// A problem found while importing, with the source it is shown against (a CSV record, the
/// xAPI file, the mapping file).
public struct ImportProblem: Sendable {
    /// The diagnostic.
    public var diagnostic: Diagnostic
    /// Its source.
    public var source: SourceFile
}

/// Writes one item (or the envelope) of a submission from a row, through the plan.
struct ImportRowWriter<Row: ImportRow> {
    let plan: ImportPlan
    let row: Row
    var problems: [ImportProblem] = []

    /// The first source of entry `e` with text, and its index.
    func value(_ e: Int) -> (text: String, source: Int)? {
        let fixed = plan.mapping.fixedTexts[e]
        for s in 0..<fixed.count {
            if let text = fixed[s] { return (text, s) }
            if let t = row.text(entry: e, source: s), !t.isEmpty { return (ImportRowWriter.undefused(t), s) }
        }
        return nil
    }

    /// A cell as it was before a CSV writer defused it: `'=SUM(A1)` → `=SUM(A1)` (the leading
    /// `'` that `CSVWriter` and spreadsheets put before `=`, `+`, `-`, `@`, tab or CR).
    static func undefused(_ t: String) -> String {
        let u = t.utf8
        guard u.count >= 2, u.first == UInt8(ascii: "'") else { return t }
        let second = u[u.index(after: u.startIndex)]
        guard [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(second) else { return t }
        return String(t.dropFirst())
    }

    /// The converted value of a scalar entry, or nil (with a problem when it is wrong).
    mutating func scalar(_ e: Int) -> ImportPlan.Converted? {
        guard let (text, s) = value(e) else { return nil }
        switch plan.convert(text, entry: e, list: false) {
        case .success(let v): return v
        case .failure(let message):
            problems.append(row.problem(entry: e, source: s, "\(describe(e, s)): \(message.text)"))
            return nil
        }
    }

    /// "column 'Signed' (verified_by.signed)": what a message names.
    func describe(_ e: Int, _ s: Int) -> String {
        let entry = plan.mapping.entries[e]
        switch entry.sources[s].source {
        case .named(let name): return "\(row is CSVRowMarker ? "column " : "")'\(TerminalText.escaped(name))' (\(entry.path))"
        case .fixed: return "fixed \(entry.path)"
        }
    }

    /// Whether any source of an entry has text (without making the text).
    func has(_ e: Int) -> Bool {
        if e < plan.cells.sources.count {
            let n = plan.cells.sources[e]
            return n < 0 || row.hasText(entry: e, sources: n)
        }
        let fixed = plan.mapping.fixedTexts[e]
        for s in 0..<fixed.count where fixed[s] != nil || row.hasText(entry: e, source: s) { return true }
        return false
    }

    /// Writes entry `e`'s value straight from its cell's bytes (`ImportCells`); false when it
    /// must go the general way (`scalar`), which then writes the same or reports the problem.
    func fast(_ e: Int, _ key: JSONWriter.Key?, _ w: inout JSONWriter) -> Bool {
        guard plan.cells.takes(e) else { return false }
        return row.withFirstCell(entry: e) { plan.cells.write($0, entry: e, key: key, &w) } ?? false
    }

    /// Whether any source under a record has text.
    func present(_ record: ImportPlan.WrittenRecord) -> Bool { record.entries.contains { has($0) } }

    /// Writes a record's fields in declared order; a required field left empty is a problem
    /// at its cell (or at the row, when the record's cells are all empty).
    mutating func writeRecord(_ record: ImportPlan.WrittenRecord, _ w: inout JSONWriter, key: JSONWriter.Key?) {
        if let key { w.beginObject(key) } else { w.beginObject() }
        for (name, fieldPath, required, target) in record.fields {
            switch target {
            case .cell(let e):
                guard has(e) else {
                    if required { missing(e, fieldPath) }
                    continue
                }
                if fast(e, name, &w) { continue }
                if let v = scalar(e) { v.write(&w, name) }
            case .listCell(let e):
                guard has(e) else { continue }
                if plan.cells.takes(e) {
                    let before = w.checkpoint
                    w.beginArray(name)
                    let done = row.withFirstCell(entry: e) { plan.cells.writeList($0, entry: e, &w) } ?? false
                    if done {
                        w.endArray()
                        continue
                    }
                    w.restore(before)
                }
                writeListCell(e, name, &w)
            case .record(let r):
                if present(r) {
                    writeRecord(r, &w, key: name)
                } else if required {
                    problems.append(row.problem(entry: r.entries.min() ?? 0, source: nil, "\(fieldPath) is required, but every column of it is empty"))
                }
            case .list(let elements):
                var open = false
                for (_, element) in elements {
                    switch element {
                    case .record(let r):
                        guard present(r) else { continue }
                        if !open { w.beginArray(name); open = true }
                        writeRecord(r, &w, key: nil)
                    case .cell(let e):
                        guard has(e) else { continue }
                        let before = w.checkpoint
                        if !open { w.beginArray(name) }
                        if fast(e, nil, &w) {
                            open = true
                            continue
                        }
                        if !open { w.restore(before) }
                        guard let v = scalar(e) else { continue }
                        if !open { w.beginArray(name); open = true }
                        v.write(&w)
                    default: break
                    }
                }
                if open { w.endArray() }
            }
        }
        w.endObject()
    }

    /// Writes a list written in one cell, piece by piece, each converted the general way.
    mutating func writeListCell(_ e: Int, _ name: JSONWriter.Key, _ w: inout JSONWriter) {
        guard let (text, s) = value(e) else { return }
        w.beginArray(name)
        for t in text.listPieces(plan.mapping.separator) {
            switch plan.convert(t, entry: e, list: true) {
            case .success(let v): v.write(&w)
            case .failure(let message): problems.append(row.problem(entry: e, source: s, "\(describe(e, s)): \(message.text)"))
            }
        }
        w.endArray()
    }

    mutating func missing(_ e: Int, _ path: String) {
        let entry = plan.mapping.entries[e]
        let names = entry.sources.compactMap { if case .named(let n) = $0.source { "'\(TerminalText.escaped(n))'" } else { nil } }
        let what = !(row is CSVRowMarker) ? names.joined(separator: ", ") : (names.count == 1 ? "column " : "columns ") + names.joined(separator: ", ")
        problems.append(row.problem(entry: e, source: 0, "\(what) (\(path)) is empty, but \(path) is required"))
    }
}

/// Rows whose sources are columns (their messages say "column 'X'").
protocol CSVRowMarker {}
extension EvidenceImport.CSVRow: CSVRowMarker {}
