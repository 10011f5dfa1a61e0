/// One exported record — a CSV row or an xAPI statement — as the importer reads it: the text of
/// each source named in the mapping, and where to report a problem with it.
protocol ImportRow {
    /// The text of source `s` of entry `e` (`nil` when absent or empty).
    func text(entry e: Int, source s: Int) -> String?
    /// A problem with the value of source `s` of entry `e` (nil: the row itself).
    func problem(entry e: Int, source s: Int?, _ message: String) -> ImportProblem
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
        for (s, (source, _)) in plan.mapping.entries[e].sources.enumerated() {
            switch source {
            case .fixed(let text): return (text, s)
            case .named:
                if let t = row.text(entry: e, source: s), !t.isEmpty { return (ImportRowWriter.undefused(t), s) }
            }
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

    /// Whether any source under a target has text.
    func present(_ target: ImportPlan.Target) -> Bool {
        switch target {
        case .cell(let e), .listCell(let e): return value(e) != nil
        case .record(let r): return r.fields.values.contains { present($0) }
        case .list(let elements): return elements.values.contains { present($0) }
        }
    }

    /// Writes a record's fields in declared order; a required field left empty is a problem
    /// at its cell (or at the row, when the record's cells are all empty).
    mutating func writeRecord(_ record: ImportPlan.RecordTarget, path: String, _ w: inout JSONWriter, key: String?) {
        w.beginObject(key)
        for field in plan.schema.records[record.name]?.fields ?? [] {
            guard let target = record.fields[field.name] else { continue }
            let required = !field.type.isOptional && field.type.element == nil
            let fieldPath = path.isEmpty ? field.name : path + "." + field.name
            switch target {
            case .cell(let e):
                if let v = scalar(e) {
                    v.write(&w, field.name)
                } else if required && value(e) == nil {
                    missing(e, fieldPath)
                }
            case .listCell(let e):
                guard let (text, s) = value(e) else { continue }
                var values: [ImportPlan.Converted] = []
                for piece in text.components(separatedBy: plan.mapping.separator) {
                    let t = piece.trimmingWhitespace
                    if t.isEmpty { continue }
                    switch plan.convert(t, entry: e, list: true) {
                    case .success(let v): values.append(v)
                    case .failure(let message): problems.append(row.problem(entry: e, source: s, "\(describe(e, s)): \(message.text)"))
                    }
                }
                w.beginArray(field.name)
                for v in values { v.write(&w) }
                w.endArray()
            case .record(let r):
                if present(target) {
                    writeRecord(r, path: fieldPath, &w, key: field.name)
                } else if required {
                    problems.append(row.problem(entry: firstEntry(target), source: nil, "\(fieldPath) is required, but every column of it is empty"))
                }
            case .list(let elements):
                let filled = elements.sorted { $0.key < $1.key }.filter { present($0.value) }
                if filled.isEmpty { continue }
                w.beginArray(field.name)
                for (i, element) in filled {
                    switch element {
                    case .record(let r): writeRecord(r, path: "\(fieldPath)[\(i + 1)]", &w, key: nil)
                    case .cell(let e): if let v = scalar(e) { v.write(&w) }
                    default: break
                    }
                }
                w.endArray()
            }
        }
        w.endObject()
    }

    func firstEntry(_ target: ImportPlan.Target) -> Int {
        switch target {
        case .cell(let e), .listCell(let e): return e
        case .record(let r): return r.fields.values.map(firstEntry).min() ?? 0
        case .list(let elements): return elements.values.map(firstEntry).min() ?? 0
        }
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
