/// One step of a why-not answer, in the learner's terms.
public struct WhyNotStep: Sendable, Equatable {
    /// `add` (a new item) or `change` (a value of an item already given).
    public var action: String
    /// The id of the item added or changed.
    public var item: String
    /// What to do, as a sentence for the learner.
    public var text: String
    /// For a new item: the kinds that would do, the first and last date that would do, and
    /// whether the date must fall in a week no item uses yet.
    public var kinds: [String] = []
    public var from: CalendarDate?
    public var until: CalendarDate?
    public var newWeek = false
}

/// Turns the changes a why-not search found into learner-facing steps: each new item is cut
/// down to the fields the grade needs (the rest left at their smallest), and the kinds, dates
/// and enumeration values that would do as well are found by marking, so the step can say
/// "dated on or after …, verified by your assessor or a witness".
struct WhyNotRefiner {
    var search: WhyNot.Search
    let original: Submission
    /// The changed submission, once `steps(for:)` has run.
    var final: Submission
    var markings: Int { search.markings }

    init(search: WhyNot.Search, original: Submission) {
        self.search = search
        self.original = original
        self.final = original
    }

    /// The id for a new item: `NEW-1`, `NEW-2` … not already used.
    static func newID(_ s: Submission) -> String {
        var n = 1
        while s.itemIDs.contains("NEW-\(n)") { n += 1 }
        return "NEW-\(n)"
    }

    var schema: EvidenceSchema { search.ruleset.schema }

    mutating func reaches(_ s: Submission) throws(EvaluationError) -> Bool { try search.reaches(s).0 }

    mutating func steps(for path: [EvidenceChange]) throws(EvaluationError) -> [WhyNotStep] {
        for change in path { final = change.applied(to: final, newID: WhyNotRefiner.newID(final)) }
        var steps: [WhyNotStep] = []
        var added = original.items.count
        for change in path {
            switch change {
            case .addItem(_, let model):
                steps.append(try refineItem(added, model: model))
                added += 1
            case .setField(let item, let fieldPath, let value) where item < original.items.count:
                var described = value
                if case .record = value, case .record(let name)? = pathType(fieldPath)?.unwrapped {
                    described = try cutDown(item, fieldPath, record: name)
                }
                steps.append(WhyNotStep(
                    action: "change", item: original.itemIDs[item],
                    text: "In \(original.itemIDs[item]), \(describe(fieldPath, described))."))
            case .setField:
                break  // a change to a new item is part of its description
            }
        }
        return steps
    }

    /// Cuts item `index` of `final` down and describes it.
    mutating func refineItem(_ index: Int, model: Int?) throws(EvaluationError) -> WhyNotStep {
        let generator = SubmissionGenerator(ruleset: search.ruleset)
        let fields = schema.item.fields
        for (f, field) in fields.enumerated() where f >= 3 {
            let smallest = generator.minimal(field.type, scale: field.scale, started: final.started)
            try keepIfStillReaches(index, [.field(f)], smallest)
        }
        guard case .record(let values) = final.items[index] else { return WhyNotStep(action: "add", item: final.itemIDs[index], text: "") }
        var kinds: [String] = []
        for kind in schema.kinds where try still(index, [.field(1)], .text(kind)) { kinds.append(kind) }
        var days: [Int] = []
        let last = min(final.submitted.day, final.started.day + 1_000)
        for day in final.started.day...max(final.started.day, last) where try still(index, [.field(2)], .date(CalendarDate(day: day))) {
            days.append(day)
        }
        var needs: [String] = []
        for (f, field) in fields.enumerated() where f >= 3 {
            if let need = try describeNeeded(index, f, field, values[f], model: model) { needs.append(need) }
        }
        var step = WhyNotStep(action: "add", item: final.itemIDs[index], text: "", kinds: kinds)
        var found = final.started.day
        if case .date(let d) = values[2] { found = d.day }
        let when = datePhrase(days, found: found, index: index, step: &step)
        let like = model.map { " like \(original.itemIDs[$0])" } ?? ""
        let kindWords = kinds.count == schema.kinds.count ? "item of any kind" : WhyNotRefiner.alternatives(kinds.map(WhyNotRefiner.words))
        step.text = "Add one more \(kindWords)\(like), dated \(when)" + (needs.isEmpty ? "." : ", with " + needs.joined(separator: "; ") + ".")
        return step
    }

    /// Whether `final` still reaches the grade with the value at `path` of item `index` replaced.
    mutating func still(_ index: Int, _ path: [FieldStep], _ value: Value) throws(EvaluationError) -> Bool {
        var s = final
        s.items[index] = EvidenceChange.replacing(s.items[index], at: path, with: value)
        return try reaches(s)
    }

    mutating func keepIfStillReaches(_ index: Int, _ path: [FieldStep], _ value: Value) throws(EvaluationError) {
        if try still(index, path, value) { final.items[index] = EvidenceChange.replacing(final.items[index], at: path, with: value) }
    }

    /// A needed field: a record's needed values (with the enumeration values that would do as
    /// well), a list "as in" the model, or the value itself.
    mutating func describeNeeded(_ index: Int, _ f: Int, _ field: FieldSchema, _ value: Value, model: Int?) throws(EvaluationError) -> String? {
        let name = WhyNotRefiner.words(field.name)
        let generator = SubmissionGenerator(ruleset: search.ruleset)
        if case .enumeration = field.type.unwrapped {
            return try enumerationNeeded(index, [.field(f)], field).map { "\(name) \($0)" }
        }
        guard value != generator.minimal(field.type, scale: field.scale, started: final.started) else { return nil }
        switch (field.type.unwrapped, value) {
        case (.record(let r), .record):
            let sub = schema.records[r]?.fields ?? []
            _ = try cutDown(index, [.field(f)], record: r)
            guard case .record(let cut)? = EvidenceChange.value(final.items[index], at: [.field(f)]) else { return name }
            var parts: [String] = []
            for (k, leaf) in sub.enumerated() where k < cut.count {
                if case .enumeration = leaf.type.unwrapped {
                    if let ok = try enumerationNeeded(index, [.field(f), .field(k)], leaf) { parts.append("\(WhyNotRefiner.words(leaf.name)) \(ok)") }
                } else if cut[k] != generator.minimal(leaf.type, scale: leaf.scale, started: final.started) {
                    if case .record(let inner) = leaf.type.unwrapped {
                        parts.append("\(WhyNotRefiner.words(leaf.name)) (\(summary(cut[k], record: inner)))")
                    } else {
                        parts.append("\(WhyNotRefiner.words(leaf.name)) \(WhyNotRefiner.rendered(cut[k]))")
                    }
                }
            }
            return parts.isEmpty ? "\(name) filled in" : "\(name): \(parts.joined(separator: ", "))"
        case (.list, .list(let elements)):
            let source = model.map { " as in \(original.itemIDs[$0])" } ?? " (see the written file)"
            return "\(name) (\(elements.count) \(elements.count == 1 ? "entry" : "entries")\(source))"
        default:
            return "\(name) \(WhyNotRefiner.rendered(value))"
        }
    }

    /// The values of an enumeration at `path` that would do ("assessor or witness"), or nil
    /// when any would.
    mutating func enumerationNeeded(_ index: Int, _ path: [FieldStep], _ field: FieldSchema) throws(EvaluationError) -> String? {
        guard case .enumeration(let e) = field.type.unwrapped else { return nil }
        let all = schema.enumerations[e] ?? []
        var ok: [String] = []
        for v in all where try still(index, path, .text(v)) { ok.append(WhyNotRefiner.words(v)) }
        return ok.count == all.count ? nil : WhyNotRefiner.alternatives(ok)
    }

    /// When a new item may be dated: the run of days that would do around the day found,
    /// counting every day, or only days no other item uses, or only weeks no other item uses,
    /// whichever reaches furthest ("on or after D, in a week you have not used yet").
    func datePhrase(_ days: [Int], found: Int, index: Int, step: inout WhyNotStep) -> String {
        guard days.contains(found) else { return "on \(CalendarDate(day: found))" }
        var usedWeeks = Set<Int>()
        var usedDays = Set<Int>()
        for (i, item) in final.items.enumerated() where i != index {
            if case .record(let f) = item, case .date(let x) = f[2] {
                usedWeeks.insert(WhyNotRefiner.week(x.day))
                usedDays.insert(x.day)
            }
        }
        let working = Set(days)
        let programme = Array(final.started.day...max(final.started.day, final.submitted.day))
        let filters: [(String, (Int) -> Bool)] = [
            ("", { _ in true }), (", on a day you have not used yet", { !usedDays.contains($0) }),
            (", in a week you have not used yet", { !usedWeeks.contains(WhyNotRefiner.week($0)) }),
        ]
        var best: (lo: Int, hi: Int, toEnd: Bool, filter: Int)?
        for (k, filter) in filters.enumerated() {
            let allowed = programme.filter(filter.1)
            guard let at = allowed.firstIndex(of: found) else { continue }
            var lo = at
            var hi = at
            while lo > 0 && working.contains(allowed[lo - 1]) { lo -= 1 }
            while hi + 1 < allowed.count && working.contains(allowed[hi + 1]) { hi += 1 }
            let toEnd = hi == allowed.count - 1
            let run = (allowed[lo], allowed[hi], toEnd, k)
            if best == nil || (toEnd && !best!.toEnd) || (toEnd == best!.toEnd && run.1 - run.0 > best!.hi - best!.lo) { best = run }
        }
        guard let best else { return "on \(CalendarDate(day: found))" }
        step.from = CalendarDate(day: best.lo)
        step.until = CalendarDate(day: best.hi)
        step.newWeek = best.filter == 2
        let phrase = filters[best.filter].0
        if best.toEnd && best.lo == programme.first! {
            return ["on any day of your programme", "on any day you have not used yet", "in any week you have not used yet"][best.filter]
        }
        if best.toEnd { return "on or after \(CalendarDate(day: best.lo))" + phrase }
        if best.lo == best.hi { return "on \(CalendarDate(day: best.lo))" + phrase }
        return "between \(CalendarDate(day: best.lo)) and \(CalendarDate(day: best.hi))" + phrase
    }

    /// The week number `week_of` gives.
    static func week(_ day: Int) -> Int {
        let shifted = day - 4
        return shifted >= 0 ? shifted / 7 : (shifted - 6) / 7
    }

    /// Leaves at their smallest the fields of the record at `path` in item `index` that the
    /// grade does not need; returns the record.
    mutating func cutDown(_ index: Int, _ path: [FieldStep], record name: String) throws(EvaluationError) -> Value {
        let generator = SubmissionGenerator(ruleset: search.ruleset)
        for (k, leaf) in (schema.records[name]?.fields ?? []).enumerated() {
            let here = path + [.field(k)]
            try keepIfStillReaches(index, here, generator.minimal(leaf.type, scale: leaf.scale, started: final.started))
            switch EvidenceChange.value(final.items[index], at: here) {
            case .record?:
                if case .record(let inner) = leaf.type.unwrapped, path.count < 6 { _ = try cutDown(index, here, record: inner) }
            case .list(let l)? where l.count > 1:
                try keepIfStillReaches(index, here, .list([l[0]]))
            default: break
            }
        }
        return EvidenceChange.value(final.items[index], at: path) ?? .missing
    }

    /// The needed values of a record, as "name value, name value"; a nested record in brackets.
    func summary(_ value: Value, record name: String, depth: Int = 0) -> String {
        guard case .record(let values) = value, let fields = schema.records[name]?.fields else { return "" }
        let generator = SubmissionGenerator(ruleset: search.ruleset)
        var parts: [String] = []
        for (k, field) in fields.enumerated() where k < values.count && values[k] != generator.minimal(field.type, scale: field.scale, started: final.started) {
            let label = WhyNotRefiner.words(field.name)
            if case .record(let inner) = field.type.unwrapped, depth < 2 {
                let inside = summary(values[k], record: inner, depth: depth + 1)
                parts.append(inside.isEmpty ? "\(label) filled in" : "\(label) (\(inside))")
            } else if case .list(let l) = values[k], l.allSatisfy({ if case .text = $0 { true } else { false } }) {
                let enumerated = if case .list(.enumeration) = field.type { true } else { false }
                parts.append("\(label) \(l.map { enumerated ? WhyNotRefiner.words($0.rendered) : WhyNotRefiner.rendered($0) }.joined(separator: ", "))")
            } else {
                parts.append("\(label) \(WhyNotRefiner.rendered(values[k]))")
            }
        }
        return parts.joined(separator: ", ")
    }

    /// The type of the value at a path in an item.
    func pathType(_ path: [FieldStep]) -> ValueType? {
        var type: ValueType = .record("item")
        for step in path {
            switch (step, type.unwrapped) {
            case (.field(let f), .record(let r)):
                guard let fields = schema.records[r]?.fields, f < fields.count else { return nil }
                type = fields[f].type
            case (.element, .list(let element)): type = element
            default: return nil
            }
        }
        return type
    }

    /// What a field change asks for, after "In E3, ".
    func describe(_ path: [FieldStep], _ value: Value) -> String {
        let (words, appends) = pathWords(path)
        let record: String? = {
            if case .record(let r)? = pathType(path)?.unwrapped { return r }
            return nil
        }()
        if appends {
            if case .record = value, let record { return "add to \(words) an entry with \(summary(value, record: record))" }
            return "add \(WhyNotRefiner.rendered(value)) to \(words)"
        }
        if value == .missing { return "leave out \(words)" }
        if case .record = value, let record { return "add \(words): \(summary(value, record: record))" }
        if case .text(let t) = value, case .text? = pathType(path)?.unwrapped {
            return t.count <= 60 ? "make \(words) say “\(t)”" : "write more in \(words) (see the written file)"
        }
        return "set \(words) to \(WhyNotRefiner.rendered(value))"
    }

    /// A path as words ("actions 1 → feasibility → documented"), and whether it ends by
    /// appending to a list.
    func pathWords(_ path: [FieldStep]) -> (String, Bool) {
        var record: RecordSchema? = schema.item
        var type: ValueType? = nil
        var parts: [String] = []
        var appends = false
        for (k, step) in path.enumerated() {
            switch step {
            case .field(let f):
                guard let field = record?.fields[f] else { break }
                parts.append(WhyNotRefiner.words(field.name))
                type = field.type.unwrapped
                if case .record(let r)? = type { record = schema.records[r] } else { record = nil }
            case .element(let e):
                guard case .list(let element)? = type else { break }
                if k == path.count - 1 {
                    appends = true
                } else {
                    parts[parts.count - 1] += " \(e + 1)"
                }
                type = element
                if case .record(let r) = element { record = schema.records[r] } else { record = nil }
            }
        }
        return (parts.joined(separator: " → "), appends)
    }

    /// A name from the declaration as words: `witness_testimony` → "witness testimony".
    static func words(_ name: String) -> String { name.replacingOccurrences(of: "_", with: " ") }

    /// "a", "a or b", "a, b or c".
    static func alternatives(_ options: [String]) -> String {
        guard options.count > 1 else { return options.first ?? "" }
        return options.dropLast().joined(separator: ", ") + " or " + options.last!
    }

    /// A value for a sentence: yes/no, a number, a date, a short text in quotes.
    static func rendered(_ value: Value) -> String {
        switch value {
        case .text(let t): return t.count <= 60 ? "“\(t)”" : "a fuller text (see the written file)"
        case .list(let l): return "\(l.count) \(l.count == 1 ? "entry" : "entries")"
        default: return value.rendered
        }
    }
}
