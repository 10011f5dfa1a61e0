extension Checker {
    mutating func compileGrading(points compiled: [CompiledPoint]) -> CompiledGrading? {
        guard let scheme = gradingScheme(), !gradeNames.isEmpty else { return nil }
        currentFile = gradingFile
        defer { currentFile = 0 }
        collectComponents(scheme)
        let components = compileComponents(scheme, points: compiled)
        currentFile = gradingFile
        let tables = scheme.statements.compactMap { s -> (CombineTable, Range<Int>)? in
            if case .combine(let t, let r) = s { (t, r) } else { nil }
        }
        for (_, range) in tables.dropFirst() {
            error("duplicate-combine", "the grading scheme has two combine tables; one table gives the overall grade", range, file: currentFile,
                notes: [note("the first table", tables[0].1, file: currentFile)])
        }
        let statements = scheme.statements.enumerated().map { ($1, scheme.file(ofStatement: $0, default: gradingFile)) }
        var scale = compileScale(statements, grades: gradeNames, component: nil, points: compiled, table: tables.first.map { ($0.0.headRange, gradingFile) })
        currentFile = gradingFile
        var combine: CompiledCombine?
        if let table = tables.first {
            combine = compileCombineTable(table.0, into: &scale.rules)
        } else {
            defaultComponentRules(&scale.rules, scheme)
        }
        return CompiledGrading(grades: gradeNames, rules: scale.rules, floors: scale.floors, boundaries: scale.boundaries, components: components, combine: combine)
    }

    /// Compiles the floors and grade rules of one scale: the overall grading scheme's
    /// (`component` nil) or a component's, on its `grades`, each statement with the file it is
    /// written in. Beside a combine table (`table`), an overall rule is an error.
    mutating func compileScale(
        _ statements: [(GradingStatement, Int)], grades: [String], component: Int?, points compiled: [CompiledPoint], table: (Range<Int>, Int)? = nil
    ) -> (rules: [Node?], boundaries: [Marks?], floors: [(point: Int, level: VerdictLevel, marks: Marks?)]) {
        var rules = [Node?](repeating: nil, count: grades.count)
        var boundaries = [Marks?](repeating: nil, count: grades.count)
        var floors: [(point: Int, level: VerdictLevel, marks: Marks?)] = []
        let step = Checker.markStep(component.map { componentInfos[$0].points.map { compiled[$0] } } ?? compiled)
        let constants = numberConstants()
        for (statement, file) in statements {
            currentFile = file
            switch statement {
            case .grades, .component: break
            case .combine(let t, _):
                if component != nil {
                    error("combine-in-component", "a combine table gives the overall grade from the components' grades; write it in the grading scheme, not in a component", t.headRange, file: file)
                }
            case .floor(let id, let level, _):
                if let p = floorPoint(id, component: component) { floors.append((p, level, nil)) }
            case .markFloor(let id, let e, _):
                guard let p = floorPoint(id, component: component) else { continue }
                let marks = markValue(e, what: "a floor's marks")
                if marks > compiled[p].marks, !unknownMaximum.contains(id.name) {
                    error("floor-above-maximum", "the floor of \(marks) marks can never be reached: point '\(id.name)' gives at most \(compiled[p].marks)", e.range, file: file)
                } else {
                    floors.append((p, .notMet, marks))
                }
            case .rule(let grade, let e, let range):
                guard let g = scaleGradeIndex(grade, grades: grades, component: component) else { continue }
                if let table {
                    error(
                        "combine-with-rules", "the combine table gives the overall grade, so a rule for '\(grade.value)' beside it would never be used",
                        range, file: file, notes: [note("the table", table.0, file: table.1)])
                    continue
                }
                if g == 0 {
                    error("rule-for-lowest", "'\(grade.value)' is the lowest grade, awarded when no other is reached; it takes no rule", range, file: file)
                    continue
                }
                if rules[g] != nil {
                    error("duplicate-grade-rule", "grade '\(grade.value)' has two rules; combine them with 'and' or 'or'", range, file: file)
                    continue
                }
                var scope = Scope(context: .grading, file: file)
                scope.component = component
                rules[g] = expectType(e, .boolean, &scope, what: "a grade's rule").node
                checkTotalComparisons(e)
                boundaries[g] = Checker.markBoundary(e, step: step, constants: constants)
            }
        }
        return (rules, boundaries, floors)
    }

    /// The point a floor names: any marking point for the overall scheme, one of the
    /// component's points for a component's floor.
    mutating func floorPoint(_ id: Identifier, component: Int?) -> Int? {
        if let component { return memberPoint(id, of: componentInfos[component]) }
        guard let p = pointIndex[id.name] else {
            error("unknown-point", "unknown marking point '\(id.name)'" + Suggestion.didYouMean(id.name, among: pointIndex.keys), id.range, file: currentFile)
            return nil
        }
        pointsUsedByGrading.insert(p)
        return p
    }

    /// The index of a rule's grade on its scale; an error when the scale has no such grade.
    mutating func scaleGradeIndex(_ grade: StringLiteral, grades: [String], component: Int?) -> Int? {
        guard let component else { return gradeIndex(grade) }
        guard let g = grades.firstIndex(of: grade.value) else {
            error(
                "unknown-grade", "unknown grade '\(grade.value)' in component '\(componentInfos[component].id)' (its grades are \(grades.joined(separator: ", ")))"
                    + Suggestion.didYouMean(grade.value, among: grades), grade.range, file: currentFile)
            return nil
        }
        return g
    }

    /// The steps a total moves in: the greatest common divisor of every mark a point can give
    /// (whole marks give 1), so that `total > 9` needs 10 and `total > 9.5` with half marks
    /// needs 10.
    static func markStep(_ points: [CompiledPoint]) -> Marks {
        func gcd(_ a: Int64, _ b: Int64) -> Int64 { b == 0 ? a : gcd(b, a % b) }
        var g: Int64 = 0
        for p in points {
            g = gcd(g, p.marks.hundredths.magnitude > 0 ? Int64(p.marks.hundredths.magnitude) : 0)
            g = gcd(g, p.partialMarks.hundredths.magnitude > 0 ? Int64(p.partialMarks.hundredths.magnitude) : 0)
            if let per = p.scale?.per { g = gcd(g, Int64(per.hundredths.magnitude)) }
        }
        return Marks(hundredths: g == 0 ? 1 : g)
    }

    /// The value definitions whose body is a number (`define pass_total = 12`), by name, as
    /// written: a grade boundary may be named so that it is set in one place.
    func numberConstants() -> [String: String] {
        var constants: [String: String] = [:]
        for d in definitions where d.declaration.parameters == nil {
            if case .number(let raw) = d.declaration.body.kind { constants[d.declaration.name.name] = raw }
        }
        return constants
    }

    /// The boundary of the `total >= N` (or `total > N`) among the top-level `and`s of a rule:
    /// N itself, or for `>` the least total above N in steps of `step` from zero. N is a number,
    /// or the name of a value definition that is a number (`total >= pass_total`).
    static func markBoundary(_ e: Expr, step: Marks, constants: [String: String] = [:]) -> Marks? {
        switch e.kind {
        case .group(let inner): return markBoundary(inner, step: step, constants: constants)
        case .binary(.and, let a, let b):
            return markBoundary(a, step: step, constants: constants) ?? markBoundary(b, step: step, constants: constants)
        case .binary(let op, let lhs, let rhs) where op == .greaterEqual || op == .greater:
            var literal: String?
            if case .number(let raw) = rhs.kind { literal = raw }
            if case .name(let named) = rhs.kind { literal = constants[named.name] }
            guard case .name(let id) = lhs.kind, id.name == "total", let raw = literal,
                case .success(let n) = Marks.parse(Substring(raw))
            else { return nil }
            guard op == .greater else { return n }
            let s = step.hundredths
            // The first multiple of the step above N.
            var k = n.hundredths >= 0 ? (n.hundredths + s - 1) / s : n.hundredths / s
            if k * s == n.hundredths { k += 1 }
            return Marks(hundredths: k * s)
        default: return nil
        }
    }

    /// Every number compared with `total` must be exact marks.
    mutating func checkTotalComparisons(_ e: Expr) {
        switch e.kind {
        case .group(let inner): checkTotalComparisons(inner)
        case .binary(let op, let lhs, let rhs):
            switch op {
            case .and, .or:
                checkTotalComparisons(lhs)
                checkTotalComparisons(rhs)
            default:
                for (a, b) in [(lhs, rhs), (rhs, lhs)] {
                    guard case .name(let id) = a.kind, id.name == "total" else { continue }
                    if case .number(let raw) = b.kind {
                        _ = exactMarks(raw, b.range, what: "marks compared with 'total'")
                    } else if case .name(let named) = b.kind, let index = definitionIndex[named.name],
                        definitions[index].declaration.parameters == nil,
                        case .number(let raw) = definitions[index].declaration.body.kind
                    {
                        // A named boundary (`total >= pass_total`) is exact marks too; the error is
                        // at the number, where the name is defined.
                        let file = currentFile
                        currentFile = definitions[index].file
                        _ = exactMarks(raw, definitions[index].declaration.body.range, what: "marks compared with 'total' ('\(named.name)')")
                        currentFile = file
                    }
                }
            }
        case .unary(_, let inner): checkTotalComparisons(inner)
        default: break
        }
    }

    mutating func warnGradingProblems(points compiled: [CompiledPoint], grading: CompiledGrading?) {
        guard let grading, let scheme = gradingScheme() else { return }
        currentFile = gradingFile
        defer { currentFile = 0 }
        for (i, p) in compiled.enumerated() {
            let counts = gradingUsesTotal && (p.marks > .zero || p.partialMarks > .zero)
            if !counts && p.requiredFor == nil && !pointsUsedByGrading.contains(i) {
                warning(
                    "point-unused", "no grade uses marking point '\(p.id)': it has no marks counted in a total, is required for no grade and no rule tests it",
                    points[i].id.range, file: pointFiles[i])
            }
        }
        let maximum = compiled.reduce(Marks.zero) { $0 + $1.marks }
        var ruleRanges: [Int: (Range<Int>, Int)] = [:]
        for (i, statement) in scheme.statements.enumerated() {
            if case .rule(let grade, _, let range) = statement, let g = gradeNames.firstIndex(of: grade.value) {
                ruleRanges[g] = (range, scheme.file(ofStatement: i, default: gradingFile))
            }
        }
        var previous: (grade: Int, boundary: Marks)?
        for g in grading.grades.indices {
            guard let boundary = grading.boundaries[g] else { continue }
            let (range, file) = ruleRanges[g] ?? (scheme.range, gradingFile)
            currentFile = file
            if boundary > maximum, unknownMaximum.isEmpty {
                warning(
                    "unreachable-grade",
                    "no submission can reach '\(grading.grades[g])': it needs \(boundary) marks but the points give at most \(maximum)",
                    range, file: currentFile)
            }
            if let previous, boundary <= previous.boundary {
                warning(
                    "overlapping-boundaries",
                    "mark boundaries overlap: '\(grading.grades[g])' starts at \(boundary) marks, not above '\(grading.grades[previous.grade])' at \(previous.boundary)",
                    range, file: currentFile)
            }
            previous = (g, boundary)
        }
    }
}
