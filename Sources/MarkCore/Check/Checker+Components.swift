/// Components of the grading scheme: `component id "title" { points …; grades …; grade … }`,
/// and the tests of their grades in the overall rules.
extension Checker {
    /// What grading rules need to know of a component while the scheme is checked.
    struct ComponentInfo {
        var id: String
        var grades: [String]
        var points: [Int]
    }

    /// Registers every component (its id, points and grades) before any rule is checked, so
    /// the overall rules may test components written after them.
    mutating func collectComponents(_ scheme: GradingScheme) {
        var owner: [Int: (component: String, range: Range<Int>)] = [:]
        for case .component(let c, _) in scheme.statements {
            if componentIndex[c.id.name] != nil {
                error("duplicate-component", "component '\(c.id.name)' is declared twice", c.id.range, file: currentFile)
                continue
            }
            var members: [Int] = []
            for id in c.points {
                guard let p = pointIndex[id.name] else {
                    error("unknown-point", "'\(id.name)' is not a marking point" + Suggestion.didYouMean(id.name, among: pointIndex.keys), id.range, file: currentFile)
                    continue
                }
                if let first = owner[p] {
                    error(
                        "point-in-two-components", "point '\(id.name)' is already in component '\(first.component)'; a point belongs to one component",
                        id.range, file: currentFile, notes: [note("listed here", first.range, file: currentFile)])
                    continue
                }
                owner[p] = (c.id.name, id.range)
                members.append(p)
                pointsUsedByGrading.insert(p)
            }
            if c.pointsRange == nil {
                error("component-points", "component '\(c.id.name)' needs 'points a, b, …' naming its marking points", c.id.range, file: currentFile)
            }
            var grades: [String] = []
            var seenGrades = false
            for case .grades(let list, let r) in c.statements {
                if seenGrades { error("duplicate-grades", "the grades are listed twice", r, file: currentFile) }
                seenGrades = true
                for g in list {
                    if grades.contains(g.value) { error("duplicate-grade", "grade '\(g.value)' is listed twice", g.range, file: currentFile) } else { grades.append(g.value) }
                }
            }
            if !seenGrades {
                error("missing-grades", "component '\(c.id.name)' needs 'grades \"…\", \"…\"', lowest first", c.id.range, file: currentFile)
            }
            componentIndex[c.id.name] = componentInfos.count
            componentInfos.append(ComponentInfo(id: c.id.name, grades: grades, points: members))
        }
    }

    /// Compiles each component's floors and rules; `total` in them is the component's total.
    mutating func compileComponents(_ scheme: GradingScheme, points compiled: [CompiledPoint]) -> [CompiledComponent] {
        var out: [CompiledComponent] = []
        for case .component(let c, _) in scheme.statements {
            guard let index = componentIndex[c.id.name], out.count == index else { continue }
            let info = componentInfos[index]
            let members = info.points.map { compiled[$0] }
            let (rules, boundaries, floors) = compileScale(c.statements.map { ($0, gradingFile) }, grades: info.grades, component: index, points: compiled)
            let grading = CompiledGrading(grades: info.grades, rules: rules, floors: floors, boundaries: boundaries)
            out.append(
                CompiledComponent(id: info.id, title: c.title.value, points: info.points, grading: grading, maximum: members.reduce(.zero) { $0 + $1.marks }))
        }
        return out
    }

    /// A point of a component named in its floor; an error when it is not one of them.
    mutating func memberPoint(_ id: Identifier, of info: ComponentInfo) -> Int? {
        guard let p = pointIndex[id.name] else {
            error("unknown-point", "unknown marking point '\(id.name)'" + Suggestion.didYouMean(id.name, among: pointIndex.keys), id.range, file: currentFile)
            return nil
        }
        guard info.points.contains(p) else {
            error("point-outside-component", "point '\(id.name)' is not in component '\(info.id)' (its points are \(info.points.map { points[$0].id.name }.joined(separator: ", ")))", id.range, file: currentFile)
            return nil
        }
        return p
    }

    /// `c is "G"`, `at least N of (c1, c2) are "G"`, `at least N components are "G"` and
    /// `every component is "G"` (ids nil: every component; count nil: all of those named).
    mutating func checkComponentCount(_ count: Expr?, _ ids: [Identifier]?, _ grade: StringLiteral, _ e: Expr, _ scope: inout Scope) -> Typed {
        guard scope.context == .grading, scope.component == nil else {
            let place = scope.context == .grading ? "in the overall grading rules, not in a component's" : "in the grading scheme"
            error("component-outside-grading", "a component's grade can only be tested \(place)", e.range, file: scope.file)
            return poisoned(e, scope)
        }
        guard !componentInfos.isEmpty else {
            error("unknown-component", "this ruleset has no components; declare one with 'component id \"title\" { points … }' in the grading scheme", e.range, file: scope.file)
            return poisoned(e, scope)
        }
        var tested: [Int] = []
        var bad = false
        for id in ids ?? [] {
            guard let c = componentIndex[id.name] else {
                let hint = pointIndex[id.name] != nil ? "; a point's verdict is tested with 'is met'" : Suggestion.didYouMean(id.name, among: componentIndex.keys)
                error("unknown-component", "'\(id.name)' is not a component" + hint, id.range, file: scope.file)
                bad = true
                continue
            }
            if tested.contains(c) {
                error("repeated-component", "'\(id.name)' is listed twice; each component counts once", id.range, file: scope.file)
                bad = true
                continue
            }
            tested.append(c)
        }
        if ids == nil { tested = Array(componentInfos.indices) }
        var grades: [Int] = []
        for c in tested {
            guard let g = componentInfos[c].grades.firstIndex(of: grade.value) else {
                error(
                    "unknown-grade", "component '\(componentInfos[c].id)' has no grade '\(grade.value)' (its grades are \(componentInfos[c].grades.joined(separator: ", ")))"
                        + Suggestion.didYouMean(grade.value, among: componentInfos[c].grades), grade.range, file: scope.file)
                bad = true
                continue
            }
            grades.append(g)
        }
        var n = tested.count
        if let count {
            let raw = sources[scope.file].text(count.range)
            guard let k = Int(raw), k >= 1, k <= tested.count || bad else {
                let why = Int(raw) == nil ? "is a whole number of components, not '\(raw)'" : Int(raw)! < 1 ? "must be at least 1" : "is more than the \(tested.count) component\(tested.count == 1 ? "" : "s") counted, so it can never hold"
                error("at-least-count", "the count in 'at least N …' \(why)", count.range, file: scope.file)
                return poisoned(e, scope)
            }
            n = k
        }
        if bad { return poisoned(e, scope) }
        return Typed(type: .boolean, node: Node(.componentCount(components: tested, grades: grades, atLeast: n), ref(e.range, scope)))
    }

    /// `every point in c is met`: every point of the component passes the test.
    mutating func checkEveryPoint(_ id: Identifier, _ test: TestKind, _ e: Expr, _ scope: inout Scope) -> Typed {
        guard scope.context == .grading else {
            error("verdict-outside-grading", "a point's verdict can only be tested in the grading scheme", e.range, file: scope.file)
            return poisoned(e, scope)
        }
        guard let c = componentIndex[id.name] else {
            error("unknown-component", "'\(id.name)' is not a component" + Suggestion.didYouMean(id.name, among: componentIndex.keys), id.range, file: scope.file)
            return poisoned(e, scope)
        }
        let members = componentInfos[c].points
        guard !members.isEmpty else { return poisoned(e, scope) }
        return Typed(type: .boolean, node: Node(.verdictCount(points: members, test: test, atLeast: members.count), ref(e.range, scope)))
    }

    /// With components, a grade above the lowest that has no rule of its own is reached when
    /// every component whose scale has that grade reaches it.
    func defaultComponentRules(_ rules: inout [Node?], _ scheme: GradingScheme) {
        guard !componentInfos.isEmpty else { return }
        var at: [String: Range<Int>] = [:]
        for case .grades(let list, _) in scheme.statements { for g in list { at[g.value] = g.range } }
        for g in gradeNames.indices.dropFirst() where rules[g] == nil {
            let name = gradeNames[g]
            let tested = componentInfos.indices.filter { componentInfos[$0].grades.contains(name) }
            guard !tested.isEmpty else { continue }
            let grades = tested.map { componentInfos[$0].grades.firstIndex(of: name)! }
            rules[g] = Node(.componentCount(components: tested, grades: grades, atLeast: tested.count), SourceRef(file: currentFile, range: at[name] ?? scheme.range))
        }
    }
}
