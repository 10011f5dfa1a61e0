/// Makes evidence values that a ruleset's evidence declaration accepts: the smallest value of a
/// type, a "rich" one (every flag set, every optional present), and for a field the values
/// worth trying, taken from the declaration (enumerations, scales) and from the constants the
/// rules compare with (thresholds, phrases, numbers of days). `mark why-not` and the
/// counterexample search build their candidate submissions from it; scheme analysis may too.
public struct SubmissionGenerator: Sendable {
    /// The ruleset whose declaration and rules guide the values.
    public let ruleset: Ruleset
    /// Numbers written in the rules (thresholds, days), each once, in ascending order.
    public let numbers: [Double]
    /// Texts written in the rules (phrases, enumeration values compared with), in source order.
    public let texts: [String]
    /// A text of many words that mentions every text the rules name (made once: every rich
    /// item and every text field tried holds it).
    public let richText: String
    /// Whether a text field is tried with each of `texts` (otherwise only with the smallest
    /// and the richest text, which names them all).
    public var triesEachText = true

    /// Creates a generator for a ruleset.
    public init(ruleset: Ruleset) {
        self.ruleset = ruleset
        var numbers = Set<Double>()
        var texts: [String] = []
        for node in SubmissionGenerator.roots(of: ruleset) {
            SubmissionGenerator.visit(node) { n in
                guard case .constant(let v) = n.kind else { return }
                switch v {
                case .number(let x): numbers.insert(x)
                case .text(let t) where !texts.contains(t): texts.append(t)
                default: break
                }
            }
        }
        self.numbers = numbers.sorted()
        self.texts = texts
        richText = (["Written in full: what happened, what was done and why, and what it gave the customer"] + texts).joined(separator: "; ")
    }

    /// Every expression of the ruleset: definitions, point lets and conditions, grade rules.
    static func roots(of ruleset: Ruleset) -> [Node] {
        var nodes = ruleset.values.map(\.body) + ruleset.functions.map(\.body)
        for p in ruleset.points {
            nodes += p.bindings.map(\.value) + [p.met] + (p.partiallyMet.map { [$0] } ?? [])
        }
        return nodes + ruleset.grading.rules.compactMap { $0 }
    }

    /// Calls `body` for `node` and every node under it.
    static func visit(_ node: Node, _ body: (Node) -> Void) {
        node.forEachNode(body)
    }

    /// A placeholder text for a required text field the rules do not need.
    public static let placeholder = "(to be written)"

    /// The smallest value of a type: missing, an empty list, false, the lowest number, an empty
    /// text, the first value of an enumeration, the start date, a record of smallest fields.
    public func minimal(_ type: ValueType, scale: ClosedRange<Double>? = nil, started: CalendarDate) -> Value {
        switch type {
        case .optional: return .missing
        case .list: return .list([])
        case .boolean: return .boolean(false)
        case .number: return .number(scale?.lowerBound ?? 0)
        case .text, .error: return .text(SubmissionGenerator.placeholder)
        case .date: return .date(started)
        case .enumeration(let name): return .text(ruleset.schema.enumerations[name]?.first ?? "")
        case .record(let name):
            let fields = ruleset.schema.records[name]?.fields ?? []
            return .record(fields.map { minimal($0.type, scale: $0.scale, started: started) })
        }
    }

    /// A value that gives the rules as much as it can: every boolean true, every optional
    /// present, lists holding one rich element (a list of an enumeration holds every value),
    /// numbers at the top of their scale, text naming every phrase the rules look for.
    public func rich(_ type: ValueType, scale: ClosedRange<Double>? = nil, started: CalendarDate, depth: Int = 0) -> Value {
        guard depth < 8 else { return minimal(type, scale: scale, started: started) }
        switch type {
        case .optional(let t): return rich(t, scale: scale, started: started, depth: depth + 1)
        case .list(.enumeration(let name)): return .list((ruleset.schema.enumerations[name] ?? []).map { .text($0) })
        case .list(let t): return .list([rich(t, scale: scale, started: started, depth: depth + 1)])
        case .boolean: return .boolean(true)
        case .number: return .number(scale?.upperBound ?? (numbers.last ?? 1) + 1)
        case .text, .error: return .text(richText)
        case .date: return .date(started)
        case .enumeration(let name): return .text(ruleset.schema.enumerations[name]?.first ?? "")
        case .record(let name):
            let fields = ruleset.schema.records[name]?.fields ?? []
            return .record(fields.map { rich($0.type, scale: $0.scale, started: started, depth: depth + 1) })
        }
    }


    /// A new item of `kind` dated `date`: the smallest (or, with `rich`, the richest) value of
    /// every declared field.
    public func item(id: String, kind: String, date: CalendarDate, rich isRich: Bool, started: CalendarDate) -> Value {
        let fields = ruleset.schema.item.fields.dropFirst(3).map { f in
            isRich ? rich(f.type, scale: f.scale, started: started) : minimal(f.type, scale: f.scale, started: started)
        }
        return .record([.text(id), .text(kind), .date(date)] + fields)
    }

    /// A submission with the envelope of `base` (or a made-up one) and the given items, ids
    /// `E1`, `E2` … in order.
    public func submission(items: [Value], like base: Submission? = nil) -> Submission {
        let started = base?.started ?? ruleset.appliesFrom
        let ids = items.indices.map { "E\($0 + 1)" }
        let numbered = zip(items, ids).map { EvidenceChange.replacing($0, at: [.field(0)], with: .text($1)) }
        return Submission(
            path: base?.path ?? "generated", learnerID: base?.learnerID ?? "L-GENERATED", learnerName: nil,
            unit: base?.unit ?? ruleset.unit, started: started,
            submitted: base?.submitted ?? CalendarDate(day: started.day + 182), assessor: base?.assessor ?? "A-GENERATED",
            items: numbered, itemIDs: ids)
    }

    /// A value of `type` under this generator's declaration made from one of another
    /// declaration: record fields matched by name, a field the other lacks at its smallest,
    /// an enumeration value this declaration lacks nil.
    public func converted(_ value: Value, _ type: ValueType, from other: EvidenceSchema, started: CalendarDate) -> Value? {
        switch (value, type.unwrapped) {
        case (.missing, _): return type.isOptional ? .missing : nil
        case (.record(let fields), .record(let name)):
            guard let mine = ruleset.schema.records[name]?.fields, let theirs = other.records[name]?.fields else { return nil }
            var out: [Value] = []
            for field in mine {
                if let k = theirs.firstIndex(where: { $0.name == field.name }), k < fields.count {
                    guard let v = converted(fields[k], field.type, from: other, started: started) else { return nil }
                    out.append(v)
                } else {
                    out.append(minimal(field.type, scale: field.scale, started: started))
                }
            }
            return .record(out)
        case (.list(let elements), .list(let element)):
            var out: [Value] = []
            for e in elements {
                guard let v = converted(e, element, from: other, started: started) else { return nil }
                out.append(v)
            }
            return .list(out)
        case (.text(let t), .enumeration(let name)):
            return ruleset.schema.enumerations[name]?.contains(t) == true ? value : nil
        default: return value
        }
    }

    /// Values worth trying for a field whose value is now `current`: for a boolean the other
    /// one; every value of an enumeration; for a number the rules' thresholds, one either side
    /// and the scale's ends; for text the rules' phrases and a long text; for a date `dates`.
    public func candidates(_ type: ValueType, scale: ClosedRange<Double>?, current: Value, dates: [CalendarDate]) -> [Value] {
        var out: [Value] = []
        switch type.unwrapped {
        case .boolean: out = [.boolean(true), .boolean(false)]
        case .enumeration(let name): out = (ruleset.schema.enumerations[name] ?? []).map { .text($0) }
        case .number:
            var xs = numbers.flatMap { [$0 - 1, $0, $0 + 1] }
            if let scale { xs = xs.filter { scale.contains($0) } + [scale.lowerBound, scale.upperBound] }
            out = xs.map { .number($0) }
        case .text: out = (triesEachText ? texts.map { .text($0) } : [.text(SubmissionGenerator.placeholder)]) + [.text(richText)]
        case .date: out = dates.map { .date($0) }
        case .record(let name):
            if current == .missing { out = [rich(.record(name), started: dates.min() ?? ruleset.appliesFrom)] }
        case .list, .optional, .error: break
        }
        if type.isOptional { out.append(.missing) }
        var seen = Set<Value>([current])
        return out.filter { seen.insert($0).inserted }
    }

    /// The dates worth trying in a submission: the start and submission dates, every item's
    /// date, and each of those moved by the numbers of days the rules name (and by one day and
    /// one week), kept within the programme; those from the latest item's date on come first.
    public func dates(for submission: Submission) -> [CalendarDate] {
        let dateField = 2
        var anchors = [submission.started.day, submission.submitted.day]
        for item in submission.items {
            if case .record(let f) = item, case .date(let d) = f[dateField] { anchors.append(d.day) }
        }
        let shifts = Set([0, 1, -1, 7, -7] + numbers.filter { $0 == $0.rounded() && abs($0) <= 400 }.flatMap { [Int($0), -Int($0), Int($0) + 1] })
        var days = Set<Int>()
        for a in anchors { for s in shifts { days.insert(a + s) } }
        // The learner's future first: from the latest item's date on, then earlier dates, latest first.
        let latest = anchors.dropFirst(2).max() ?? submission.started.day
        let inside = days.filter { $0 >= submission.started.day && $0 <= submission.submitted.day }
        return (inside.filter { $0 >= latest }.sorted() + inside.filter { $0 < latest }.sorted(by: >)).map { CalendarDate(day: $0) }
    }
}
