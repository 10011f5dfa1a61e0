extension Evaluator {
    /// The error when a submission has taken more steps than its budget.
    func budgetSpent(at location: SourceRef) -> EvaluationError {
        EvaluationError(
            message: "evaluation stopped after \(maxSteps) step\(maxSteps == 1 ? "" : "s") (the budget for one submission; raise it with --max-steps)",
            location: location)
    }

    /// Counts one evaluation step; past the budget, marking stops with an error at the rule
    /// being evaluated, so one runaway rule cannot stall a cohort.
    @inline(__always)
    mutating func step(_ node: Node) throws(EvaluationError) {
        steps &+= 1
        if steps > maxSteps {
            throw budgetSpent(at: node.location)
        }
    }

    /// Whether a verdict passes a grading rule's test of it (`is partially met` means at least
    /// partially).
    @inline(__always)
    static func passes(_ v: VerdictLevel, _ test: TestKind) -> Bool {
        switch test {
        case .met: v == .met
        case .partiallyMet: v >= .partiallyMet
        case .notMet: v == .notMet
        case .missing, .present: false
        }
    }

    /// Evaluates a compiled expression against the current submission.
    mutating func evaluate(_ node: Node) throws(EvaluationError) -> Value {
        try step(node)
        switch node.kind {
        case .constant(let v): return v
        case .slot(let s, _): return slots[s]
        case .value(let index, _):
            if let cached = valueCache[index] {
                cite(valueCited[index])
                return cached
            }
            let body = ruleset.values[index].body
            let (v, own) = try capturingCitations { (e: inout Evaluator) throws(EvaluationError) -> Value in try e.evaluate(body) }
            valueCache[index] = v
            valueCited[index] = own
            return v
        case .items: return .list(items)
        case .submission(let i): return envelope[i]
        case .total: return .number(total.double)
        case .verdict(let p, let test):
            return .boolean(Evaluator.passes(verdicts[p], test))
        case .verdictCount(let points, let test, let atLeast):
            var passed = 0
            for p in points where Evaluator.passes(verdicts[p], test) { passed += 1 }
            return .boolean(passed >= atLeast)
        case .componentCount(let components, let grades, let atLeast):
            var passed = 0
            for (k, c) in components.enumerated() where componentGrades[c] >= grades[k] { passed += 1 }
            return .boolean(passed >= atLeast)
        case .field(let base, let index, _, let isList):
            if case .slot(let s, _) = base.kind {
                // A field of a binder or parameter (`i.date`): read it in place.
                if case .record(let fields) = slots[s] { return fields[index] }
                return isList ? .list([]) : .missing
            }
            if case .field(let inner, let innerIndex, _, _) = base.kind, case .slot(let s, _) = inner.kind {
                // A field of a field of a binder (`i.follow_up.date`): the same, one level down.
                if case .record(let outer) = slots[s], case .record(let fields) = outer[innerIndex] { return fields[index] }
                return isList ? .list([]) : .missing
            }
            let b = try evaluate(base)
            if case .record(let fields) = b { return fields[index] }
            return isList ? .list([]) : .missing
        case .call(let function, let args, _):
            return try call(function, args)
        case .builtin(let b, let args):
            let v = try evaluate(args[0])
            return try Evaluator.builtin(b, v, location: node.location)
        case .not(let a):
            return .boolean(!(try holds(a)))
        case .negate(let a):
            return .number(-(try number(a)))
        case .and(let a, let b):
            guard try holds(a) else { return .boolean(false) }
            return .boolean(try holds(b))
        case .or(let a, let b):
            if try holds(a) { return .boolean(true) }
            return .boolean(try holds(b))
        case .compare(let op, let a, let b):
            return .boolean(Evaluator.compare(op, try evaluate(a), try evaluate(b)))
        case .arithmetic(let op, let a, let b):
            let x = try evaluate(a)
            let y = try evaluate(b)
            return try Evaluator.arithmetic(op, x, y, location: node.location)
        case .member(let a, let list, let negated):
            return .boolean(try member(a, list, negated))
        case .mentions(let a, let phrases):
            return .boolean(PhraseMatcher.mentions(try evaluate(a), try evaluate(phrases)))
        case .isMissing(let a):
            if case .missing = try evaluate(a) { return .boolean(true) }
            return .boolean(false)
        case .isPresent(let a):
            if case .missing = try evaluate(a) { return .boolean(false) }
            return .boolean(true)
        case .otherwise(let a, let b):
            let v = try evaluate(a)
            if case .missing = v { return try evaluate(b) }
            return v
        case .within(let a, let days, let b):
            guard case .date(let x) = try evaluate(a), case .date(let y) = try evaluate(b) else { return .boolean(false) }
            let limit = try number(days)
            return .boolean(Double(abs(x.day - y.day)) <= limit)
        case .between(let unit, let a, let b):
            guard case .date(let x) = try evaluate(a), case .date(let y) = try evaluate(b) else { return .missing }
            let days = abs(y.day - x.day)
            return .number(Double(unit == .weeks ? days / 7 : days))
        case .list(let elements):
            var out: [Value] = []
            out.reserveCapacity(elements.count)
            for e in elements { out.append(try evaluate(e)) }
            return .list(out)
        case .quantifier(let q, let slot, let collection, let filter, let tracks):
            return try quantify(q, slot: slot, collection: collection, filter: filter, tracks: tracks)
        case .aggregate(let a, let value, let slot, let collection, let filter, let tracks):
            return try aggregate(a, value: value, slot: slot, collection: collection, filter: filter, tracks: tracks)
        }
    }

    /// Whether a condition holds: `evaluate(node) == .boolean(true)`, with the same effects, but
    /// without building values for the connectives that conditions are made of.
    mutating func holds(_ node: Node) throws(EvaluationError) -> Bool {
        try step(node)
        switch node.kind {
        case .and(let a, let b):
            guard try holds(a) else { return false }
            return try holds(b)
        case .or(let a, let b):
            if try holds(a) { return true }
            return try holds(b)
        case .not(let a):
            return !(try holds(a))
        case .compare(let op, let a, let b):
            return Evaluator.compare(op, try evaluate(a), try evaluate(b))
        case .member(let a, let list, let negated):
            return try member(a, list, negated)
        case .call(let function, let args, _):
            if case .boolean(true) = try call(function, args) { return true }
            return false
        default:
            if case .boolean(true) = try evaluate(node) { return true }
            return false
        }
    }

    /// `a in list` (or `not in`); a list written out of constants is searched without being built.
    mutating func member(_ a: Node, _ list: Node, _ negated: Bool) throws(EvaluationError) -> Bool {
        let v = try evaluate(a)
        if case .list(let elements) = list.kind, Evaluator.allConstant(elements) {
            for e in elements {
                if case .constant(let c) = e.kind, c == v { return !negated }
            }
            return negated
        }
        guard case .list(let elements) = try evaluate(list) else { return negated }
        return elements.contains(v) != negated
    }

    static func allConstant(_ nodes: [Node]) -> Bool {
        for n in nodes {
            guard case .constant = n.kind else { return false }
        }
        return true
    }

    mutating func number(_ node: Node) throws(EvaluationError) -> Double {
        if case .number(let n) = try evaluate(node) { return n }
        return 0
    }

    static func compare(_ op: Comparison, _ a: Value, _ b: Value) -> Bool {
        switch op {
        case .equal: return a == b
        case .notEqual: return a != b
        default: break
        }
        let order: Int
        switch (a, b) {
        case (.number(let x), .number(let y)): order = x < y ? -1 : x > y ? 1 : 0
        case (.date(let x), .date(let y)): order = x.day < y.day ? -1 : x.day > y.day ? 1 : 0
        default: return false
        }
        switch op {
        case .less: return order < 0
        case .lessEqual: return order <= 0
        case .greater: return order > 0
        case .greaterEqual: return order >= 0
        case .equal, .notEqual: return false
        }
    }

    /// Arithmetic on two values (static: evaluating the operands must not copy the evaluator).
    static func arithmetic(_ op: Arithmetic, _ a: Value, _ b: Value, location: SourceRef) throws(EvaluationError) -> Value {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            switch op {
            case .plus: return .number(x + y)
            case .minus: return .number(x - y)
            case .times: return .number(x * y)
            case .divide:
                guard y != 0 else { throw EvaluationError(message: "division by zero", location: location) }
                return .number(x / y)
            }
        case (.date(let d), .number(let n)):
            guard n.isFinite, abs(n) < 10_000_000 else { throw EvaluationError(message: "date arithmetic out of range", location: location) }
            let days = Int(n.rounded(.towardZero))
            return .date(CalendarDate(day: op == .plus ? d.day + days : d.day - days))
        default:
            return .missing
        }
    }

    /// A built-in function of one value (static, like `arithmetic`).
    static func builtin(_ b: Builtin, _ v: Value, location: SourceRef) throws(EvaluationError) -> Value {
        switch b {
        case .count:
            if case .list(let l) = v { return .number(Double(l.count)) }
            return .number(0)
        case .sum:
            guard case .list(let l) = v else { return .number(0) }
            var s = 0.0
            for case .number(let n) in l { s += n }
            return .number(s)
        case .min, .max:
            guard case .list(let l) = v, var best = l.first else { return .missing }
            for x in l.dropFirst() where Evaluator.compare(b == .min ? .less : .greater, x, best) { best = x }
            return best
        case .weekOf:
            guard case .date(let d) = v else { return .missing }
            // Weeks start on Monday; 1970-01-05 was a Monday.
            let shifted = d.day - 4
            return .number(Double(shifted >= 0 ? shifted / 7 : (shifted - 6) / 7))
        case .abs:
            if case .number(let n) = v { return .number(Swift.abs(n)) }
            return .missing
        case .words:
            guard case .text(let t) = v else { return .number(0) }
            return .number(Double(PhraseMatcher.words(t)))
        }
    }

    /// The elements a quantifier or aggregate ranges over; the submission's items directly.
    mutating func elements(of collection: Node) throws(EvaluationError) -> [Value]? {
        if case .items = collection.kind { return items }
        guard case .list(let elements) = try evaluate(collection) else { return nil }
        return elements
    }

    mutating func quantify(_ q: Quantifier, slot: Int, collection: Node, filter: Node?, tracks: Bool) throws(EvaluationError) -> Value {
        guard let elements = try elements(of: collection) else { return q == .count ? .number(0) : .boolean(q != .any) }
        var matched = 0
        var i = 0
        let overItems: Bool
        if case .items = collection.kind { overItems = true } else { overItems = false }
        while i < elements.count {
            slots[slot] = elements[i]
            memo.slotItem[slot] = overItems ? i : -1
            let holds: Bool
            if let filter { holds = try self.holds(filter) } else { holds = true }
            if holds {
                matched += 1
                if tracks && q != .none { cite(i) }
                if q == .any && !tracks { return .boolean(true) }
            } else {
                if q == .all { return .boolean(false) }
            }
            if holds && q == .none { return .boolean(false) }
            i += 1
        }
        switch q {
        case .any: return .boolean(matched > 0)
        case .all: return .boolean(true)
        case .none: return .boolean(true)
        case .count: return .number(Double(matched))
        }
    }

    mutating func aggregate(_ a: Aggregate, value: Node, slot: Int, collection: Node, filter: Node?, tracks: Bool) throws(EvaluationError) -> Value {
        guard let elements = try elements(of: collection) else { return .missing }
        var accumulator = AggregateAccumulator(a)
        lendKeys(to: &accumulator)
        let overItems: Bool
        if case .items = collection.kind { overItems = true } else { overItems = false }
        for (i, element) in elements.enumerated() {
            slots[slot] = element
            memo.slotItem[slot] = overItems ? i : -1
            if let filter, !(try holds(filter)) { continue }
            if tracks { cite(i) }
            accumulator.add(try evaluate(value))
        }
        return finish(&accumulator)
    }
}
