/// "Next steps": what a learner must still show for the next grade up.
extension Evaluator {
    /// What the learner must still show for the next grade.
    mutating func nextSteps(gradeIndex: Int, points: [MarkingResult.PointResult], floorsFailed: [Int]) throws(EvaluationError) -> [String] {
        let grades = ruleset.grading.grades
        var steps: [String] = []
        for p in floorsFailed {
            let floor = ruleset.grading.floors.first { $0.point == p && !Evaluator.reaches($0, verdicts[p], awarded[p]) }!
            let what = Evaluator.sentence(points[p].advice ?? points[p].wording)
            if let least = floor.marks {
                let more = moreUnits(p, for: least - awarded[p]).map { ": \($0)" } ?? ""
                steps.append("\(what) — this needs at least \(least) marks before any grade above \(grades[0]) can be awarded (it has \(awarded[p]))\(more). \(points[p].feedback)")
            } else {
                steps.append("\(what) — this must be at least \(floor.level.words) before any grade above \(grades[0]) can be awarded. \(points[p].feedback)")
            }
        }
        let target = gradeIndex + 1
        guard target < grades.count else { return steps }
        for g in 1...target {
            for i in ruleset.points.indices where ruleset.points[i].requiredFor == g && verdicts[i] != .met && !floorsFailed.contains(i) {
                steps.append("\(Evaluator.sentence(points[i].advice ?? points[i].wording)) (required for \(grades[g])). \(points[i].feedback)")
            }
        }
        if let boundary = ruleset.grading.boundaries[target], total < boundary {
            let short = boundary - total
            steps.append("Gain \(short) more mark\(short == Marks(1) ? "" : "s"): \(grades[target]) needs \(boundary) and you have \(total) of \(ruleset.maximumMarks).")
            for i in ruleset.points.indices where ruleset.points[i].scale != nil && awarded[i] < ruleset.points[i].marks && !floorsFailed.contains(i) {
                if let more = moreUnits(i, for: short) {
                    steps.append("\(Evaluator.sentence(points[i].advice ?? points[i].wording)): \(more).")
                }
            }
        }
        if let table = ruleset.grading.combine {
            if let step = combineStep(table, for: target) { steps.append(step) }
            return steps
        }
        if let rule = ruleset.grading.rules[target] {
            for alternatives in Evaluator.pointsTested(by: rule) {
                // A group already satisfied by one of its points needs nothing more.
                guard !alternatives.contains(where: { verdicts[$0] == .met }) else { continue }
                let open = alternatives.filter { ruleset.points[$0].requiredFor == nil }
                if open.count == 1, let p = open.first {
                    steps.append("\(Evaluator.sentence(points[p].advice ?? points[p].wording)) (needed for \(grades[target])). \(points[p].feedback)")
                } else if open.count > 1 {
                    let choices = open.map { "\(Evaluator.sentence(points[$0].advice ?? points[$0].wording)). \(points[$0].feedback)" }
                    steps.append("One of these is needed for \(grades[target]): " + choices.joined(separator: " Or: "))
                }
            }
        }
        if let rule = ruleset.grading.rules[target] {
            for (tested, test, atLeast) in Evaluator.pointCounts(in: rule) {
                let passed = tested.filter { Evaluator.passes(verdicts[$0], test) }.count
                let open = tested.filter { !Evaluator.passes(verdicts[$0], test) && ruleset.points[$0].requiredFor == nil }
                guard passed < atLeast, !open.isEmpty else { continue }
                let short = atLeast - passed
                let choices = open.map { "\(Evaluator.sentence(points[$0].advice ?? points[$0].wording)). \(points[$0].feedback)" }
                let level = test == .partiallyMet ? "at least partially met" : "met"
                let lead = short == open.count
                    ? (short == 1 ? "This must be \(level) for \(grades[target]): " : "All \(short) of these must be \(level) for \(grades[target]): ")
                    : "\(short) more of these must be \(level) for \(grades[target]): "
                steps.append(lead + choices.joined(separator: short == open.count ? " And: " : " Or: "))
            }
        }
        if let rule = ruleset.grading.rules[target] { steps += componentSteps(rule, for: grades[target]) }
        if steps.isEmpty, let rule = ruleset.grading.rules[target], try value(rule, program.gradeRules[target]) != .boolean(true) {
            let source = ruleset.sources[rule.location.file]
            steps.append("Meet the rule for \(grades[target]): \(source.text(rule.location.range)).")
        }
        return steps
    }

    /// For a point with computed marks below its maximum: "2 more qualifying items would add
    /// 10 marks", the fewest more units that give `wanted` marks (or all the point has left).
    func moreUnits(_ i: Int, for wanted: Marks) -> String? {
        let point = ruleset.points[i]
        guard let scale = point.scale, awarded[i] < point.marks, wanted > .zero else { return nil }
        let left = point.marks - awarded[i]
        let units = scale.unitsFor(Swift.min(wanted, left))
        let added = Swift.min(Marks(hundredths: scale.per.hundredths * units), left)
        var counted = scale.counted ?? "of what it counts"
        if units == 1, scale.counted != nil, counted.hasSuffix("s") { counted.removeLast() }
        return "\(units) more \(counted) would add \(added) mark\(added == Marks(1) ? "" : "s")"
    }

    /// With a combine table: the combinations of component grades that give the next grade
    /// (the rows of the least grade at or above it), and the grades reached now.
    func combineStep(_ table: CompiledCombine, for target: Int) -> String? {
        let c = ruleset.grading.components
        guard let least = table.rows.map(\.grade).filter({ $0 >= target }).min() else { return nil }
        let rows = table.rows.filter { $0.grade == least }.map { row in
            zip(row.cells, table.components).compactMap { cell, k in cell.map { "\(c[k].title) \(c[k].grading.grades[$0])" } }.joined(separator: " and ")
        }
        let now = table.components.map { "\(c[$0].title) \(c[$0].grading.grades[componentGrades[$0]])" }.joined(separator: ", ")
        let lead = rows.count == 1 ? "\(ruleset.grading.grades[target]) needs " : "\(ruleset.grading.grades[target]) needs one of these combinations: "
        return lead + rows.joined(separator: "; or ") + " (now \(now))."
    }

    /// For each test of component grades among a rule's top-level `and`s that does not hold:
    /// "Reach Distinction in 1 more of these components for Distinction: Professional
    /// discussion (now Pass)."
    func componentSteps(_ rule: Node, for grade: String) -> [String] {
        var out: [String] = []
        func visit(_ n: Node) {
            switch n.kind {
            case .and(let a, let b):
                visit(a)
                visit(b)
            case .componentCount(let components, let levels, let atLeast):
                let below = zip(components, levels).filter { componentGrades[$0.0] < $0.1 }
                let short = atLeast - (components.count - below.count)
                guard short > 0 else { return }
                let c = ruleset.grading.components
                let names = below.map { "\(c[$0.0].title) (now \(c[$0.0].grading.grades[componentGrades[$0.0]]))" }
                let wanted = Set(below.map { c[$0.0].grading.grades[$0.1] }).sorted().joined(separator: " or ")
                let lead = short == below.count ? (short == 1 ? "this component" : "each of these components") : "\(short) more of these components"
                out.append("Reach \(wanted) in \(lead) for \(grade): " + names.joined(separator: ", ") + ".")
            default: break
            }
        }
        visit(rule)
        return out
    }

    /// The wording without its final full stop, so a note can follow it.
    static func sentence(_ wording: String) -> String {
        var w = wording
        while w.hasSuffix(".") || w.hasSuffix(" ") { w.removeLast() }
        return w
    }

    /// The `at least N of (…) are met` (or `partially met`) tests among a rule's top-level
    /// `and`s: the points, the test and N. Tests of `not met`, and those under `or` or `not`,
    /// ask for nothing a learner can show, so they are left out.
    static func pointCounts(in node: Node) -> [(points: [Int], test: TestKind, atLeast: Int)] {
        switch node.kind {
        case .and(let a, let b): return pointCounts(in: a) + pointCounts(in: b)
        case .verdictCount(let points, let test, let atLeast) where test == .met || test == .partiallyMet:
            return [(points, test, atLeast)]
        default: return []
        }
    }

    /// Points whose verdict a grading rule needs, as groups of alternatives: each top-level
    /// `and` operand gives one group, and a group of several points (from `or`) needs only one
    /// of them. Points tested under `not` are not needed, so they are left out.
    static func pointsTested(by node: Node) -> [[Int]] {
        var groups: [[Int]] = []
        func alternatives(_ n: Node, into found: inout [Int]) {
            switch n.kind {
            case .verdict(let p, let test) where test == .met || test == .partiallyMet:
                if !found.contains(p) { found.append(p) }
            case .or(let a, let b), .and(let a, let b):
                alternatives(a, into: &found)
                alternatives(b, into: &found)
            default: break
            }
        }
        func conjuncts(_ n: Node) {
            switch n.kind {
            case .and(let a, let b):
                conjuncts(a)
                conjuncts(b)
            case .or:
                var found: [Int] = []
                alternatives(n, into: &found)
                if !found.isEmpty { groups.append(found) }
            default:
                var found: [Int] = []
                alternatives(n, into: &found)
                for p in found where !groups.contains([p]) { groups.append([p]) }
            }
        }
        conjuncts(node)
        return groups
    }
}
