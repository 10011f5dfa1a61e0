/// How far a marked submission is from a grade: the guide of the why-not and counterexample
/// searches. Zero when the grade is reached; otherwise a sum, over every condition still
/// failing, of how far it fails (a count two short of its threshold is further than one
/// short), so a change that brings a submission nearer lowers it before the grade is reached.
extension Evaluator {
    /// The distance of the submission last marked (by `mark`) from grade `target`.
    public mutating func distance(toGrade target: Int) -> Double {
        scaleDistance(ruleset.grading, toGrade: target, required: true)
    }

    /// The distance from grade `target` on one scale: the overall scheme's (with its required
    /// points) or a component's (with `total` its own total).
    mutating func scaleDistance(_ grading: CompiledGrading, toGrade target: Int, required: Bool) -> Double {
        var d = 0.0
        for floor in grading.floors where !Evaluator.reaches(floor, verdicts[floor.point], awarded[floor.point]) {
            d += floor.marks.map { marksDistance(floor.point, $0) } ?? pointDistance(floor.point, floor.level)
        }
        guard target >= 1 else { return d }
        for g in 1...min(target, grading.grades.count - 1) {
            if required {
                for (i, p) in ruleset.points.enumerated() where p.requiredFor == g && verdicts[i] != .met {
                    d += pointDistance(i, .met)
                }
            }
            if let rule = grading.rules[g] { d += conditionDistance(rule) }
        }
        return d
    }

    /// The distance of component `c` from grade `target` on its own scale: 0 when it has it,
    /// else at least 1.
    mutating func componentDistance(_ c: Int, toGrade target: Int) -> Double {
        guard c < componentGrades.count, componentGrades[c] < target else { return 0 }
        let component = ruleset.grading.components[c]
        let overall = total
        total = component.points.reduce(Marks.zero) { $0 + awarded[$1] }
        defer { total = overall }
        return 1 + scaleDistance(component.grading, toGrade: target, required: false)
    }

    /// The distance of a point from `needed` marks (a floor in marks): 0 when it has them, else
    /// at least 1, nearer as a computed point's count nears the units the marks need.
    mutating func marksDistance(_ p: Int, _ needed: Marks) -> Double {
        guard awarded[p] < needed else { return 0 }
        let point = ruleset.points[p]
        guard let scale = point.scale else {
            return point.partialMarks >= needed && point.partiallyMet != nil ? pointDistance(p, .partiallyMet) : pointDistance(p, .met)
        }
        do {
            for binding in point.bindings { slots[binding.slot] = try evaluate(binding.value) }
            guard case .number(let n) = try evaluate(scale.count) else { return 2 }
            let short = Double(scale.unitsFor(needed)) - max(0, n.rounded(.down))
            return 1 + max(0, short) / (max(0, short) + 1)
        } catch {
            return 2
        }
    }

    /// The distance of a point from a verdict: 0 when it has it, else at least 1.
    mutating func pointDistance(_ p: Int, _ level: VerdictLevel) -> Double {
        guard verdicts[p] < level else { return 0 }
        let point = ruleset.points[p]
        do {
            for binding in point.bindings { slots[binding.slot] = try evaluate(binding.value) }
        } catch {
            return 2
        }
        var d = conditionDistance(point.met)
        if level == .partiallyMet, let partial = point.partiallyMet { d = min(d, conditionDistance(partial)) }
        return 1 + d
    }

    /// How far a condition is from holding: 0 when it holds, between 0 and 1 for a failing
    /// comparison (by the size of the gap), sums for `and`, the least for `or`.
    mutating func conditionDistance(_ node: Node) -> Double {
        do {
            switch node.kind {
            case .and(let a, let b): return conditionDistance(a) + conditionDistance(b)
            case .or(let a, let b): return min(conditionDistance(a), conditionDistance(b))
            case .verdict(let p, let test) where test == .met || test == .partiallyMet:
                return pointDistance(p, test == .met ? .met : .partiallyMet)
            case .verdictCount(let points, let test, let atLeast) where test == .met || test == .partiallyMet:
                let level: VerdictLevel = test == .met ? .met : .partiallyMet
                let gaps = points.map { pointDistance($0, level) }.sorted()
                let short = atLeast - gaps.filter { $0 == 0 }.count
                return short <= 0 ? 0 : gaps.filter { $0 > 0 }.prefix(short).reduce(0, +)
            case .componentCount(let components, let grades, let atLeast):
                let gaps = zip(components, grades).map { componentDistance($0, toGrade: $1) }.sorted()
                let short = atLeast - gaps.filter { $0 == 0 }.count
                return short <= 0 ? 0 : gaps.filter { $0 > 0 }.prefix(short).reduce(0, +)
            case .compare(let op, let a, let b):
                let x = try evaluate(a)
                let y = try evaluate(b)
                if Evaluator.compare(op, x, y) { return 0 }
                return Evaluator.gap(op, x, y)
            case .call(let function, let args, _):
                let f = ruleset.functions[function]
                var values: [Value] = []
                for a in args { values.append(try evaluate(a)) }
                let saved = f.parameterSlots.map { slots[$0] }
                for (slot, v) in zip(f.parameterSlots, values) { slots[slot] = v }
                defer { for (slot, v) in zip(f.parameterSlots, saved) { slots[slot] = v } }
                return conditionDistance(f.body)
            case .quantifier(.any, let slot, let collection, let filter, _):
                guard let filter, let elements = try elements(of: collection) else { return try holds(node) ? 0 : 1 }
                let saved = slots[slot]
                defer { slots[slot] = saved }
                var best = 1.0
                for e in elements {
                    slots[slot] = e
                    best = min(best, conditionDistance(filter))
                    if best == 0 { break }
                }
                return best
            default:
                return try holds(node) ? 0 : 1
            }
        } catch {
            return 1
        }
    }

    /// How far apart the two sides of a failing comparison are, scaled into 0 … 1.
    static func gap(_ op: Comparison, _ x: Value, _ y: Value) -> Double {
        let g: Double
        switch (x, y) {
        case (.number(let a), .number(let b)): g = abs(a - b)
        case (.date(let a), .date(let b)): g = Double(abs(a.day - b.day))
        default: return 1
        }
        let strict = op == .less || op == .greater || op == .notEqual ? 1.0 : 0
        let size = g + strict
        return size / (size + 1)
    }
}
