/// A mapping checked against one ruleset's evidence declaration: every path resolved to a
/// field, every required field of every record the mapping fills given a line, every `fixed`
/// value and translation checked. Rows are converted through it (`ImportRowWriter`). A class,
/// so that the writer made for each row refers to the plan rather than copying (and retaining)
/// each of its tables.
final class ImportPlan: @unchecked Sendable {
    // @unchecked: the `var` tables are filled by `compile` before the plan is handed on, and
    // never changed after.
    /// What fills one field.
    indirect enum Target: Sendable {
        /// One value, from a mapping entry.
        case cell(Int)
        /// A list of values, from one entry's cell split at the list separator.
        case listCell(Int)
        /// A record, field by field.
        case record(RecordTarget)
        /// A list, element by element (positions from 0).
        case list([Int: Target])
    }

    /// The fields of a record that the mapping fills, by name.
    struct RecordTarget: Sendable {
        var name: String
        var fields: [String: Target] = [:]
    }

    /// A record as rows are written: its mapped fields in declared order, and every entry
    /// below it (it is present when one of them has text).
    struct WrittenRecord: Sendable {
        var fields: [(name: JSONWriter.Key, path: String, required: Bool, target: Written)] = []
        var entries: [Int] = []
    }

    /// What fills a field, as rows are written (list elements in order).
    enum Written: Sendable {
        case cell(Int)
        case listCell(Int)
        case record(WrittenRecord)
        case list([(position: Int, element: Written)])
    }

    let mapping: ImportMapping
    let schema: EvidenceSchema
    /// The item, and the envelope fields by path (`learner.id`) → entry.
    let item: RecordTarget
    /// The item as rows are written.
    let written: WrittenRecord
    let envelope: [String: Int]
    /// The declared (unwrapped, scalar) type and scale of each entry's field.
    let entryTypes: [(type: ValueType, scale: ClosedRange<Double>?)]
    /// For each entry of an enumeration: its values and the mapping's translations (looked up
    /// once here, not for every cell).
    var enumerationValues: [[String]] = []
    var entryTranslations: [[String: String]?] = []
    /// The tables for converting cells from their bytes (empty for an envelope-only plan).
    var cells = ImportCells()

    init(mapping: ImportMapping, schema: EvidenceSchema, item: RecordTarget, written: WrittenRecord, envelope: [String: Int], entryTypes: [(type: ValueType, scale: ClosedRange<Double>?)]) {
        self.mapping = mapping
        self.schema = schema
        self.item = item
        self.written = written
        self.envelope = envelope
        self.entryTypes = entryTypes
    }

    /// The envelope fields every mapping must fill.
    static let requiredEnvelope = ["learner.id", "unit", "started", "submitted", "assessor"]

    /// Compiles `mapping` for `schema`; problems are located in the mapping file.
    static func compile(_ mapping: ImportMapping, schema: EvidenceSchema) -> Result<ImportPlan, DiagnosticList> {
        var problems: [Diagnostic] = []
        func problem(_ message: String, _ range: Range<Int>) {
            problems.append(Diagnostic(.error, id: "invalid-mapping", message, path: mapping.file.path, range: range))
        }
        var envelope: [String: Int] = [:]
        var item = Target.record(RecordTarget(name: "item"))
        var types: [(ValueType, ClosedRange<Double>?)] = Array(repeating: (.text, nil), count: mapping.entries.count)
        var firstLine: [String: Range<Int>] = [:]
        for (e, entry) in mapping.entries.enumerated() {
            if entry.path.isEnvelope {
                envelope[entry.path.description] = e
                types[e] = (["started", "submitted"].contains(entry.path.description) ? .date : .text, nil)
                continue
            }
            var target: Target? = item
            var context = Context(schema: schema, entry: e, types: types, firstLine: firstLine, range: entry.range)
            if let message = context.insert(entry.path.steps[...], type: .record("item"), at: "", into: &target) {
                problem(message, entry.range)
            } else if let target {
                item = target
            }
            types = context.types
            firstLine = context.firstLine
        }
        for name in requiredEnvelope where envelope[name] == nil {
            problem("the mapping has no line for \(name), which every submission needs (\(name) = \"Column\", or fixed \"…\")", 0..<0)
        }
        guard case .record(let root) = item else { return .failure(DiagnosticList(problems)) }
        requiredFields(root, path: "", schema: schema, firstLine: firstLine) { message, range in problem(message, range) }
        let plan = ImportPlan(
            mapping: mapping, schema: schema, item: root, written: written(root, path: "", schema: schema), envelope: envelope, entryTypes: types)
        for (type, _) in types {
            guard case .enumeration(let name) = type else {
                plan.enumerationValues.append([])
                plan.entryTranslations.append(nil)
                continue
            }
            plan.enumerationValues.append(schema.enumerations[name] ?? [])
            plan.entryTranslations.append(mapping.values[name])
        }
        plan.cells = ImportCells(plan)
        // Values that are the same for every row are checked once, here.
        for (e, entry) in mapping.entries.enumerated() {
            for (source, range) in entry.sources {
                guard case .fixed(let text) = source else { continue }
                if case .failure(let message) = plan.convert(text, entry: e, list: false) { problem("fixed \(entry.path): \(message.text)", range) }
            }
        }
        for (name, value, range) in mapping.valueRanges {
            guard let values = schema.enumerations[name] else {
                problem("no enumeration '\(name)' in this ruleset's evidence" + Suggestion.didYouMean(name, among: schema.enumerations.keys), range)
                continue
            }
            if !values.contains(value) {
                problem("'\(value)' is not a value of '\(name)' (expected one of \(values.joined(separator: ", ")))" + Suggestion.didYouMean(value, among: values), range)
            }
        }
        return problems.isEmpty ? .success(plan) : .failure(DiagnosticList(problems))
    }

    /// The record's targets in declared order, for writing.
    static func written(_ record: RecordTarget, path: String, schema: EvidenceSchema) -> WrittenRecord {
        var out = WrittenRecord()
        func freeze(_ t: Target, _ path: String) -> Written {
            switch t {
            case .cell(let e):
                out.entries.append(e)
                return .cell(e)
            case .listCell(let e):
                out.entries.append(e)
                return .listCell(e)
            case .record(let r):
                let w = written(r, path: path, schema: schema)
                out.entries += w.entries
                return .record(w)
            case .list(let elements):
                return .list(elements.sorted { $0.key < $1.key }.map { ($0.key, freeze($0.value, "\(path)[\($0.key + 1)]")) })
            }
        }
        for field in schema.records[record.name]?.fields ?? [] {
            guard let target = record.fields[field.name] else { continue }
            let fieldPath = path.isEmpty ? field.name : path + "." + field.name
            out.fields.append((JSONWriter.Key(field.name), fieldPath, !field.type.isOptional && field.type.element == nil, freeze(target, fieldPath)))
        }
        return out
    }

    /// Reports each required field of a record the mapping fills that has no line.
    static func requiredFields(_ record: RecordTarget, path: String, schema: EvidenceSchema, firstLine: [String: Range<Int>], _ report: (String, Range<Int>) -> Void) {
        guard let declared = schema.records[record.name] else { return }
        for field in declared.fields {
            let fieldPath = path.isEmpty ? field.name : path + "." + field.name
            if let target = record.fields[field.name] {
                switch target {
                case .record(let r): requiredFields(r, path: fieldPath, schema: schema, firstLine: firstLine, report)
                case .list(let elements):
                    for (i, t) in elements.sorted(by: { $0.key < $1.key }) {
                        if case .record(let r) = t { requiredFields(r, path: "\(fieldPath)[\(i + 1)]", schema: schema, firstLine: firstLine, report) }
                    }
                default: break
                }
            } else if !field.type.isOptional && field.type.element == nil {
                if path.isEmpty {
                    report("the mapping has no line for \(fieldPath), which every evidence item needs (\(fieldPath) = \"Column\")", 0..<0)
                } else {
                    report("\(path) is mapped, but not its required field \(fieldPath) (\(field.type))", firstLine[path] ?? 0..<0)
                }
            }
        }
    }

    /// The walk that places one entry in the tree of targets.
    struct Context {
        let schema: EvidenceSchema
        let entry: Int
        var types: [(ValueType, ClosedRange<Double>?)]
        var firstLine: [String: Range<Int>]
        let range: Range<Int>

        mutating func insert(_ steps: ArraySlice<FieldPath.Step>, type declared: ValueType, scale: ClosedRange<Double>? = nil, at path: String, into target: inout Target?) -> String? {
            let type = declared.unwrapped
            switch type {
            case .list(let element):
                guard let step = steps.first else {
                    if case .record = element.unwrapped { return "\(path) is a list of \(element.unwrapped) records: map each one's fields by position, such as \(path)[1].…" }
                    if target != nil { return "\(path) is mapped both whole and by position" }
                    types[entry] = (element.unwrapped, scale)
                    target = .listCell(entry)
                    return nil
                }
                guard case .index(let k) = step else { return "\(path) is a list: write a position, such as \(path)[1]" }
                var elements: [Int: Target] = [:]
                if let target {
                    guard case .list(let e) = target else { return "\(path) is mapped both whole and by position" }
                    elements = e
                }
                var sub = elements[k]
                if let message = insert(steps.dropFirst(), type: element, scale: scale, at: "\(path)[\(k + 1)]", into: &sub) { return message }
                elements[k] = sub
                target = .list(elements)
                return nil
            case .record(let name):
                guard let step = steps.first else { return "\(path) is a record (\(name)): map its fields, such as \(path).\(schema.records[name]?.fields.first?.name ?? "…")" }
                guard case .field(let f) = step else { return "\(path.isEmpty ? "an item" : path) is not a list; leave out [\u{2026}]" }
                var record = RecordTarget(name: name)
                if let target, case .record(let r) = target { record = r }
                let fields = schema.records[name]?.fields ?? []
                guard let field = fields.first(where: { $0.name == f }) else {
                    let within = path.isEmpty ? "an evidence item (or the envelope: \(FieldPath.envelope.joined(separator: ", ")))" : "\(path) (\(name))"
                    return "unknown field '\(f)' in \(within)" + Suggestion.didYouMean(f, among: fields.map(\.name) + (path.isEmpty ? FieldPath.envelope : []))
                }
                if !path.isEmpty, firstLine[path] == nil { firstLine[path] = range }
                var sub = record.fields[f]
                if let message = insert(steps.dropFirst(), type: field.type, scale: field.scale, at: path.isEmpty ? f : path + "." + f, into: &sub) { return message }
                record.fields[f] = sub
                target = .record(record)
                return nil
            default:
                if let step = steps.first {
                    if case .index = step { return "\(path) is a value of type \(type), not a list" }
                    return "\(path) is a value of type \(type): it has no fields"
                }
                types[entry] = (type, scale)
                target = .cell(entry)
                return nil
            }
        }
    }
}
