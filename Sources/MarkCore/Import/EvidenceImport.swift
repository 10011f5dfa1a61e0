/// Turns exported rows into `evidence/1` submissions, one per learner and unit, through a
/// mapping (docs/import.md). Each submission is checked whole before it is handed on: a
/// submission with any problem is not written, and one learner's bad row never stops the others.
public enum EvidenceImport {
    /// One submission, ready to write.
    public struct Imported: Sendable {
        /// The learner's id and the unit (a file name for `--out`).
        public var learnerID: String
        public var unit: String
        /// The `evidence/1` JSON as UTF-8, without a final line break.
        public var bytes: [UInt8]
        /// The `evidence/1` JSON, without a final line break.
        public var json: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// What an import did.
    public struct Summary: Sendable {
        /// Data rows (or statements) read.
        public var rows = 0
        /// Submissions written, and refused because of a problem.
        public var written = 0
        public var refused = 0
        /// The problems, at most `problemLimit` of them; `unreported` counts the rest.
        public var problems: [ImportProblem] = []
        public var unreported = 0

        /// Whether the import read everything without a problem.
        public var isClean: Bool { problems.isEmpty && unreported == 0 }

        /// The rulesets whose plans the mapping does not fit, already reported.
        var unfitReported: Set<Int> = []

        mutating func add(_ p: ImportProblem) {
            if problems.count < EvidenceImport.problemLimit { problems.append(p) } else { unreported += 1 }
        }

        /// Counts a finished group and hands on its submission, or keeps its problems (a
        /// mapping that does not fit the group's ruleset is reported for the first such group).
        mutating func record(_ f: Finished, mapping: ImportMapping, emit: (Imported) -> Void) {
            if let (ruleset, diagnostics) = f.unfit, unfitReported.insert(ruleset).inserted {
                for d in diagnostics { add(ImportProblem(diagnostic: d, source: mapping.file)) }
            }
            if let imported = f.imported {
                written += 1
                emit(imported)
            } else {
                refused += 1
                for p in f.problems { add(p) }
            }
        }
    }

    /// What finishing one group gave: its submission, or the problems that stop it.
    struct Finished {
        var imported: Imported?
        var problems: [ImportProblem] = []
        /// The group's ruleset and the mapping's problems with it, when its plan could not be made.
        var unfit: (ruleset: Int, diagnostics: [Diagnostic])?
    }

    /// At most this many problems are kept for one import.
    public static let problemLimit = 100

    /// One learner's rows for one unit, gathered until the next learner's.
    struct Group<Row: ImportRow> {
        var key: [String]
        var rows: [(row: Row, line: Int)] = []
        var spoiled = false
    }

    /// The plan for a group's unit and start date, compiled once per ruleset; a mapping that
    /// does not fit the ruleset is a problem in the mapping file, reported once.
    struct Plans {
        let mapping: ImportMapping
        let catalog: RulesetCatalog
        /// Reads sources before a ruleset is chosen.
        let base: ImportPlan
        var compiled: [Int: Result<ImportPlan, DiagnosticList>] = [:]
        /// Each entry's columns, for a CSV (its header read); the programs laid out for them.
        var columns: [[Int]]?
        var programs: [Int: ImportProgram] = [:]
        /// The writer of the last submission, kept for its buffer.
        var writer: JSONWriter?

        init(_ mapping: ImportMapping, _ catalog: RulesetCatalog) {
            self.mapping = mapping
            self.catalog = catalog
            base = ImportPlan.envelopeOnly(mapping)
        }

        /// The program of a compiled plan, for a CSV.
        mutating func program(_ ruleset: Int) -> ImportProgram? {
            guard let columns, case .success(let plan)? = compiled[ruleset] else { return nil }
            if let known = programs[ruleset] { return known }
            let program = ImportProgram(plan, columns: columns)
            programs[ruleset] = program
            return program
        }

        /// The plan for a ruleset, made the first time it is asked for.
        mutating func plan(_ ruleset: Int) -> Result<ImportPlan, DiagnosticList> {
            if let known = compiled[ruleset] { return known }
            let result = ImportPlan.compile(mapping, schema: catalog.rulesets[ruleset].schema)
            compiled[ruleset] = result
            return result
        }
    }

    /// Writes a group as one submission, or says why it cannot be (nil: a group without rows).
    static func finish<Row: ImportRow>(_ group: Group<Row>, plans: inout Plans, pretty: Bool) -> Finished? {
        guard let (first, firstLine) = group.rows.first else { return nil }
        if group.spoiled { return Finished() }
        var finished = Finished()
        let mapping = plans.mapping
        func entry(_ name: String) -> Int? { mapping.envelopeEntries[name] }
        var problems: [ImportProblem] = []
        // The envelope, from the first row; every later row must agree with it.
        var envelope: [String: (text: String, source: Int)] = [:]
        var dates: [String: CalendarDate] = [:]
        let envelopeEntries = FieldPath.envelope.compactMap { name in entry(name).map { (name, $0) } }
        // A later row whose envelope cells are written as the first row's agrees with it (when
        // the first row's envelope was complete): it is not read again.
        let envelopeIndices = envelopeEntries.map(\.1)
        var firstComplete = true
        for (k, (row, _)) in group.rows.enumerated() {
            if k > 0 && firstComplete && row.writesSame(envelopeIndices, as: first) { continue }
            let problemsBefore = problems.count
            defer { if k == 0 && problems.count != problemsBefore { firstComplete = false } }
            let reader = ImportRowWriter(plan: plans.base, row: row)
            for (name, e) in envelopeEntries {
                guard let v = reader.value(e) else {
                    if !FieldPath.optionalEnvelope.contains(name) {
                        problems.append(row.problem(entry: e, source: 0, "\(reader.describe(e, 0)) is empty, but every \(k == 0 ? "submission" : "row") needs \(name)"))
                    }
                    continue
                }
                let text = name == "learner.name" ? v.text : v.text.trimmingWhitespace
                if k > 0 {
                    if let there = envelope[name]?.text, text != there {
                        problems.append(
                            row.problem(
                                entry: e, source: v.source,
                                "\(reader.describe(e, v.source)) is \(ImportPlan.quote(text)) here but \(ImportPlan.quote(there)) on line \(firstLine) for the same learner and unit; a submission has one \(name)"
                            ))
                    }
                    continue
                }
                envelope[name] = (text, v.source)
                if name == "started" || name == "submitted" {
                    switch ImportPlan.date(text) {
                    case .success(let d): dates[name] = d
                    case .failure(let message): problems.append(row.problem(entry: e, source: v.source, "\(reader.describe(e, v.source)): \(message.text)"))
                    }
                }
            }
        }
        if let s = dates["started"], let t = dates["submitted"], t < s, let e = entry("submitted") {
            problems.append(first.problem(entry: e, source: envelope["submitted"]?.source ?? 0, "the submission date \(t) is before the start date \(s)"))
        }
        var plan: ImportPlan?
        var program: ImportProgram?
        if problems.isEmpty, let unit = envelope["unit"]?.text, let started = dates["started"] {
            switch plans.catalog.select(unit: unit, started: started) {
            case .success(let index):
                switch plans.plan(index) {
                case .success(let p): plan = p
                case .failure(let list): finished.unfit = (index, list.items)
                }
                program = plans.program(index)
            case .failure(let message):
                let e = entry("unit")!
                problems.append(first.problem(entry: e, source: envelope["unit"]?.source ?? 0, message.text))
            }
        }
        // One writer for every submission, its buffer reused once the last one is handed on.
        var w = plans.writer ?? JSONWriter(pretty: pretty)
        plans.writer = nil
        w.reset()
        defer { plans.writer = w }
        if let plan, problems.isEmpty {
            w.beginObject()
            w.string("format", EvidenceReader.format)
            w.beginObject("learner")
            w.string("id", envelope["learner.id"]?.text ?? "")
            if let name = envelope["learner.name"] { w.string("name", name.text) }
            w.endObject()
            w.string("unit", envelope["unit"]?.text ?? "")
            w.string("started", dates["started"]?.description ?? "")
            w.string("submitted", dates["submitted"]?.description ?? "")
            w.string("assessor", envelope["assessor"]?.text ?? "")
            for name in ["centre", "group"] {
                if let value = envelope[name] { w.string(name, value.text) }
            }
            w.beginArray("items")
            var ids: [String: Int] = [:]
            var frames: [ImportRowWriter<Row>.Frame] = []
            let idEntry = mapping.entries.firstIndex { $0.path.steps == [.field("id")] }
            for (row, line) in group.rows {
                var writer = ImportRowWriter(plan: plan, row: row)
                if program == nil || !writer.run(program!, &w, frames: &frames) { writer.writeRecord(plan.written, &w, key: nil) }
                problems += writer.problems
                if let idEntry, let (id, s) = writer.value(idEntry) {
                    if let earlier = ids[id] {
                        problems.append(row.problem(entry: idEntry, source: s, "item id \(ImportPlan.quote(id)) is already used on line \(earlier) for this learner and unit; each item needs its own id"))
                    } else {
                        ids[id] = line
                    }
                }
            }
            w.endArray()
            w.endObject()
        }
        if problems.isEmpty && plan != nil {
            finished.imported = Imported(learnerID: envelope["learner.id"]?.text ?? "", unit: envelope["unit"]?.text ?? "", bytes: w.bytes)
        } else {
            finished.problems = problems
        }
        return finished
    }

    /// The text of the grouping key fields of a row: learner id and unit (nil when both are empty).
    static func key<Row: ImportRow>(_ row: Row, _ base: ImportPlan) -> [String]? {
        let mapping = base.mapping
        let reader = ImportRowWriter(plan: base, row: row)
        var key: [String] = []
        for name in ["learner.id", "unit"] {
            let e = mapping.envelopeEntries[name]
            key.append(e.flatMap { reader.value($0)?.text.trimmingWhitespace } ?? "")
        }
        return key.allSatisfy(\.isEmpty) ? nil : key
    }
}

extension ImportPlan {
    /// A plan that only reads sources (for the envelope, before a ruleset is chosen).
    static func envelopeOnly(_ mapping: ImportMapping) -> ImportPlan {
        ImportPlan(
            mapping: mapping, schema: EvidenceSchema(kinds: [], enumerations: [:], records: [:]), item: RecordTarget(name: "item"), written: WrittenRecord(),
            envelope: [:],
            entryTypes: Array(repeating: (.text, nil), count: mapping.entries.count))
    }
}
