extension Checker {
    mutating func compileGrading() -> CompiledGrading? {
        guard let scheme = gradingScheme(), !gradeNames.isEmpty else { return nil }
        var rules = [Node?](repeating: nil, count: gradeNames.count)
        var boundaries = [Double?](repeating: nil, count: gradeNames.count)
        var floors: [(point: Int, level: VerdictLevel)] = []
        for statement in scheme.statements {
            switch statement {
            case .grades: break
            case .floor(let id, let level, _):
                guard let p = pointIndex[id.name] else {
                    error("unknown-point", "unknown marking point '\(id.name)'" + Suggestion.didYouMean(id.name, among: pointIndex.keys), id.range, file: 0)
                    continue
                }
                pointsUsedByGrading.insert(p)
                floors.append((p, level))
            case .rule(let grade, let e, let range):
                guard let g = gradeIndex(grade) else { continue }
                if g == 0 {
                    error("rule-for-lowest", "'\(grade.value)' is the lowest grade, awarded when no other is reached; it takes no rule", range, file: 0)
                    continue
                }
                if rules[g] != nil {
                    error("duplicate-grade-rule", "grade '\(grade.value)' has two rules; combine them with 'and' or 'or'", range, file: 0)
                    continue
                }
                var scope = Scope(context: .grading, file: 0)
                let t = expectType(e, .boolean, &scope, what: "a grade's rule")
                rules[g] = t.node
                boundaries[g] = Checker.markBoundary(e)
            }
        }
        return CompiledGrading(grades: gradeNames, rules: rules, floors: floors, boundaries: boundaries)
    }

    /// The `N` of a `total >= N` (or `total > N`) among the top-level `and`s of a rule.
    static func markBoundary(_ e: Expr) -> Double? {
        switch e.kind {
        case .group(let inner): return markBoundary(inner)
        case .binary(.and, let a, let b): return markBoundary(a) ?? markBoundary(b)
        case .binary(let op, let lhs, let rhs) where op == .greaterEqual || op == .greater:
            if case .name(let id) = lhs.kind, id.name == "total", case .number(let raw) = rhs.kind, let v = Double(raw) {
                return op == .greater ? v + 1 : v
            }
            return nil
        default: return nil
        }
    }

    mutating func warnGradingProblems(points compiled: [CompiledPoint], grading: CompiledGrading?) {
        guard let grading, let scheme = gradingScheme() else { return }
        for (i, p) in compiled.enumerated() {
            let counts = gradingUsesTotal && (p.marks > 0 || p.partialMarks > 0)
            if !counts && p.requiredFor == nil && !pointsUsedByGrading.contains(i) {
                warning(
                    "point-unused", "no grade uses marking point '\(p.id)': it has no marks counted in a total, is required for no grade and no rule tests it",
                    points[i].id.range, file: 0)
            }
        }
        let maximum = compiled.reduce(0) { $0 + $1.marks }
        var ruleRanges: [Int: Range<Int>] = [:]
        for case .rule(let grade, _, let range) in scheme.statements {
            if let g = gradeNames.firstIndex(of: grade.value) { ruleRanges[g] = range }
        }
        var previous: (grade: Int, boundary: Double)?
        for g in grading.grades.indices {
            guard let boundary = grading.boundaries[g] else { continue }
            let range = ruleRanges[g] ?? scheme.range
            if boundary > maximum {
                warning(
                    "unreachable-grade",
                    "no submission can reach '\(grading.grades[g])': it needs \(JSONWriter.format(boundary)) marks but the points give at most \(JSONWriter.format(maximum))",
                    range, file: 0)
            }
            if let previous, boundary <= previous.boundary {
                warning(
                    "overlapping-boundaries",
                    "mark boundaries overlap: '\(grading.grades[g])' starts at \(JSONWriter.format(boundary)) marks, not above '\(grading.grades[previous.grade])' at \(JSONWriter.format(previous.boundary))",
                    range, file: 0)
            }
            previous = (g, boundary)
        }
    }
}
