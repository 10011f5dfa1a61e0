/// Works out a `SchemeFact` for every expression of a ruleset, bottom up, and records each
/// comparison that no valid submission can make true (or false): a threshold above a field's
/// declared maximum, a count compared below zero, bounds on one value that contradict each
/// other within an `and`, a count whose `where` no item can pass.
struct SchemeAnalyzer {
    let ruleset: Ruleset
    /// A finding about one clause.
    struct Finding {
        enum Kind { case neverHolds, alwaysHolds }
        var kind: Kind
        var location: SourceRef
        var reason: String
    }
    /// Findings by clause, first found first.
    private(set) var findings: [Finding] = []
    private var found: Set<String> = []
    var slots: [Int: SchemeFact] = [:]
    var values: [Int: SchemeFact] = [:]
    var functions: [Int: SchemeFact] = [:]
    /// The facts of each point's conditions, once worked out (for verdict tests in grading).
    var points: [(met: SchemeFact, partial: SchemeFact?)] = []
    /// The range of the total.
    var total = SchemeFact.number(0, .infinity)
    /// The highest grade each component can reach, by index (filled before the overall rules
    /// are looked at).
    var componentReach: [Int] = []
    /// Declared scales of number fields, by field name, when every record agrees.
    let scales: [String: (range: ClosedRange<Double>, optional: Bool)]

    init(_ ruleset: Ruleset) {
        self.ruleset = ruleset
        var scales: [String: (range: ClosedRange<Double>, optional: Bool)] = [:]
        var conflicting: Set<String> = []
        for record in ruleset.schema.records.values.sorted(by: { $0.name < $1.name }) {
            for field in record.fields {
                guard let scale = field.scale else {
                    if field.type.unwrapped == .number { conflicting.insert(field.name) }
                    continue
                }
                if let known = scales[field.name], known.range != scale { conflicting.insert(field.name) }
                scales[field.name] = (scale, field.type.isOptional)
            }
        }
        for name in conflicting { scales[name] = nil }
        self.scales = scales
    }

    func text(_ n: Node) -> String { text(n.location) }

    func text(_ ref: SourceRef) -> String {
        ruleset.sources[ref.file].text(ref.range)
            .split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    mutating func record(_ kind: Finding.Kind, _ node: Node, _ reason: String) {
        guard found.insert("\(node.location.file)|\(node.location.range)").inserted else { return }
        findings.append(Finding(kind: kind, location: node.location, reason: reason))
    }

    /// The fact of an expression (visiting every expression below it).
    mutating func fact(_ node: Node) -> SchemeFact {
        switch node.kind {
        case .constant(.number(let n)): return .number(n, n)
        case .constant(.boolean(let b)): return .condition(true: b, false: !b)
        case .slot(let s, _): return slots[s] ?? .unknown
        case .value(let v, _):
            if let known = values[v] { return known }
            let f = fact(ruleset.values[v].body)
            values[v] = f
            return f
        case .call(let function, let arguments, _):
            for a in arguments { _ = fact(a) }
            if let known = functions[function] { return known }
            let f = fact(ruleset.functions[function].body)
            functions[function] = f
            return f
        case .total: return total
        case .componentCount(let components, let grades, let atLeast):
            let able = zip(components, grades).filter { c, g in c >= componentReach.count || componentReach[c] >= g }
            guard able.count < atLeast else { return .unknown }
            let unable = zip(components, grades).filter { c, g in c < componentReach.count && componentReach[c] < g }.map { c, g in
                "'\(ruleset.grading.components[c].id)' cannot reach '\(ruleset.grading.components[c].grading.grades[g])'"
            }
            let reason = "it needs \(atLeast) of \(components.count) component\(components.count == 1 ? "" : "s"), and \(unable.joined(separator: ", "))"
            return .condition(true: false, false: true, blame: .init(location: node.location, reason: reason))
        case .verdict(let p, let test):
            var f = verdictFact(p, test)
            f.blame?.location = node.location
            return f
        case .field(let base, _, let name, _):
            _ = fact(base)
            guard let scale = scales[name] else { return .unknown }
            var f = SchemeFact.number(scale.range.lowerBound, scale.range.upperBound)
            f.mayBeMissing = scale.optional
            return f
        case .builtin(let b, let arguments):
            for a in arguments { _ = fact(a) }
            switch b {
            case .count, .words, .abs: return .number(0, .infinity)
            default: return .unknown
            }
        case .not(let a):
            let f = fact(a)
            return .condition(true: f.canBeFalse, false: f.canBeTrue, blame: f.canBeTrue ? nil : f.blame)
        case .negate(let a):
            let f = fact(a)
            return .number(-f.high, -f.low)
        case .and(let a, let b):
            let x = fact(a), y = fact(b)
            var f = SchemeFact.condition(true: x.canBeTrue && y.canBeTrue, false: x.canBeFalse || y.canBeFalse)
            f.blame = !x.canBeTrue ? x.blame : !y.canBeTrue ? y.blame : nil
            if f.canBeTrue, let contradiction = contradiction(in: node) {
                f.canBeTrue = false
                f.blame = .init(location: node.location, reason: contradiction)
                record(.neverHolds, node, contradiction)
            }
            return f
        case .or(let a, let b):
            let x = fact(a), y = fact(b)
            var f = SchemeFact.condition(true: x.canBeTrue || y.canBeTrue, false: x.canBeFalse && y.canBeFalse)
            f.blame = f.canBeTrue ? nil : (x.blame ?? y.blame)
            return f
        case .compare(let op, let a, let b): return compareFact(node, op, a, b)
        case .arithmetic(let op, let a, let b):
            let x = fact(a), y = fact(b)
            let (lo, hi): (Double, Double) =
                switch op {
                case .plus: (x.low + y.low, x.high + y.high)
                case .minus: (x.low - y.high, x.high - y.low)
                case .times, .divide: (-.infinity, .infinity)
                }
            return lo.isNaN || hi.isNaN ? .unknown : .number(lo, hi)
        case .otherwise(let a, let b):
            var f = fact(a).union(fact(b))
            f.mayBeMissing = false
            return f
        case .quantifier(let q, let slot, let collection, let filter, _):
            _ = fact(collection)
            slots[slot] = .unknown
            guard let filter else { return q == .count ? .number(0, .infinity) : .unknown }
            let f = fact(filter)
            guard !f.canBeTrue else { return q == .count ? .number(0, .infinity) : .unknown }
            let blame = passesNone(filter, f)
            switch q {
            case .any: return .condition(true: false, false: true, blame: blame)
            case .none: return .condition(true: true, false: false, blame: blame)
            case .count: return .number(0, 0, blame: blame)
            case .all: return .unknown
            }
        case .aggregate(let a, let value, let slot, let collection, let filter, _):
            _ = fact(collection)
            slots[slot] = .unknown
            let f = filter.map { fact($0) }
            let v = fact(value)
            let none = f.map { !$0.canBeTrue } ?? false
            let blame = none ? passesNone(filter!, f!) : nil
            switch a {
            case .countDistinct, .span: return none ? .number(0, 0, blame: blame) : .number(0, .infinity)
            case .min, .max:
                var r = SchemeFact.number(v.low, v.high)
                r.mayBeMissing = true
                return r
            case .sum: return v.low >= 0 ? .number(0, .infinity) : .unknown
            case .distinct: return .unknown
            }
        default:
            for c in node.children { _ = fact(c) }
            return .unknown
        }
    }

    /// Why no element passes a `where`.
    func passesNone(_ filter: Node, _ f: SchemeFact) -> SchemeFact.Blame {
        let why =
            f.blame.map { $0.location == filter.location ? $0.reason : "'\(text($0.location))' cannot hold: \($0.reason)" } ?? "it cannot hold"
        return .init(location: f.blame?.location ?? filter.location, reason: "no item can pass 'where \(text(filter))': \(why)")
    }

    mutating func compareFact(_ node: Node, _ op: Comparison, _ a: Node, _ b: Node) -> SchemeFact {
        let x = fact(a), y = fact(b)
        var (t, f) = SchemeFact.compare(op, x, y)
        if x.mayBeMissing || y.mayBeMissing { f = true }
        guard !(t && f) else { return .condition(true: true, false: true) }
        let (side, sideFact) = x.low == x.high && !(y.low == y.high) ? (b, y) : (a, x)
        var reason = "'\(text(side))' is \(sideFact.rangeWords)"
        if let inner = sideFact.blame { reason += " (\(inner.reason))" } else if let declared = declaredScale(side) { reason += " (\(declared))" }
        let result = SchemeFact.condition(true: t, false: f, blame: t ? nil : .init(location: node.location, reason: reason))
        record(t ? .alwaysHolds : .neverHolds, node, reason)
        return result
    }

    /// "declared 'from 0 to 10'" for a field read with a scale.
    func declaredScale(_ n: Node) -> String? {
        if case .otherwise(let a, _) = n.kind { return declaredScale(a) }
        guard case .field(_, _, let name, _) = n.kind, let s = scales[name] else { return nil }
        return "declared 'from \(JSONWriter.format(s.range.lowerBound)) to \(JSONWriter.format(s.range.upperBound))'"
    }

    /// Bounds on one value within an `and` chain that no number meets together.
    func contradiction(in node: Node) -> String? {
        var conjuncts: [Node] = []
        func flatten(_ n: Node) {
            if case .and(let a, let b) = n.kind { flatten(a); flatten(b) } else { conjuncts.append(n) }
        }
        flatten(node)
        var bounds: [String: (low: Double, high: Double, clauses: [String])] = [:]
        for c in conjuncts {
            guard case .compare(let op, let a, let b) = c.kind else { continue }
            let (subject, n, left): (Node, Double, Bool)
            if case .constant(.number(let v)) = b.kind { (subject, n, left) = (a, v, false) }
            else if case .constant(.number(let v)) = a.kind { (subject, n, left) = (b, v, true) }
            else { continue }
            guard let allowed = SchemeFact.allowed(op, n, constantOnLeft: left) else { continue }
            let key = text(subject)
            var entry = bounds[key] ?? (-.infinity, .infinity, [])
            entry.low = max(entry.low, allowed.low)
            entry.high = min(entry.high, allowed.high)
            entry.clauses.append("'\(text(c))'")
            bounds[key] = entry
            if entry.low > entry.high {
                return "\(entry.clauses.joined(separator: " and ")) cannot all hold: no value of '\(key)' meets them together"
            }
        }
        return nil
    }

    /// Whether a verdict test can be true and false, from the facts of the point's conditions.
    func verdictFact(_ p: Int, _ test: TestKind) -> SchemeFact {
        guard p < points.count else { return .unknown }
        let (met, partial) = points[p]
        let canMet = met.canBeTrue
        let canPartial = met.canBeFalse && (partial?.canBeTrue ?? false)
        let canNot = met.canBeFalse && (partial?.canBeFalse ?? true)
        let (t, f): (Bool, Bool) =
            switch test {
            case .met: (canMet, canPartial || canNot)
            case .partiallyMet: (canMet || canPartial, canNot)
            case .notMet: (canNot, canMet || canPartial)
            case .missing, .present: (true, true)
            }
        let blame = SchemeFact.Blame(location: ruleset.points[p].met.location, reason: "point '\(ruleset.points[p].id)' can never be \(test.rawValue)")
        return .condition(true: t, false: f, blame: t ? nil : blame)
    }
}
