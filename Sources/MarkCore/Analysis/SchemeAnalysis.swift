/// Scheme analysis for `mark check`: what no valid submission can bring about, found from the
/// rules and the evidence declaration alone. A point no submission can meet (naming the clause
/// that cannot hold), a condition that always holds, partial credit that can never be given, a
/// grade no submission can reach (with the reason); and, by marking generated submissions, a
/// verdict or grade that adding an item lowers (see `MonotonicityCheck`).
public enum SchemeAnalysis {
    /// Every finding about a checked ruleset, as warnings at the rules they concern.
    public static func warnings(_ ruleset: Ruleset) -> [Diagnostic] {
        var a = SchemeAnalyzer(ruleset)
        var out: [Diagnostic] = []
        let points = pointWarnings(&a, &out)
        gradeWarnings(&a, points, &out)
        let reported = Set(out.map { "\($0.path)|\($0.range)" })
        for f in a.findings {
            let source = ruleset.sources[f.location.file]
            guard !reported.contains("\(source.path)|\(f.location.range)") else { continue }
            // A total compared beyond the points' maximum is the checker's `unreachable-grade`.
            if f.kind == .neverHolds, f.reason.hasPrefix("'total' is") { continue }
            let clause = a.text(f.location)
            switch f.kind {
            case .neverHolds:
                out.append(warning("clause-never-holds", "'\(clause)' can never hold: \(f.reason)", f.location, ruleset))
            case .alwaysHolds:
                out.append(warning("condition-always-holds", "'\(clause)' always holds: \(f.reason)", f.location, ruleset))
            }
        }
        let order = Dictionary(uniqueKeysWithValues: ruleset.sources.enumerated().map { ($1.path, $0) })
        out.sort { (order[$0.path] ?? 0, $0.range.lowerBound) < (order[$1.path] ?? 0, $1.range.lowerBound) }
        return out + MonotonicityCheck(ruleset: ruleset).warnings()
    }

    static func warning(_ id: String, _ message: String, _ at: SourceRef, _ ruleset: Ruleset) -> Diagnostic {
        Diagnostic(.warning, id: id, message, path: ruleset.sources[at.file].path, range: at.range)
    }

    /// What each point can be: (can be met, can be partially met).
    static func pointWarnings(_ a: inout SchemeAnalyzer, _ out: inout [Diagnostic]) -> [(met: Bool, partial: Bool)] {
        let ruleset = a.ruleset
        var reachable: [(met: Bool, partial: Bool)] = []
        for point in ruleset.points {
            a.slots = [:]
            for b in point.bindings { a.slots[b.slot] = a.fact(b.value) }
            let met = a.fact(point.met)
            let partial = point.partiallyMet.map { a.fact($0) }
            a.points.append((met, partial))
            if !met.canBeTrue {
                let at = met.blame?.location ?? point.met.location
                out.append(warning("point-never-met", "no valid submission can meet '\(point.id)': '\(a.text(at))' cannot hold: \(met.blame?.reason ?? "its condition is never true")", at, ruleset))
            } else if !met.canBeFalse {
                out.append(warning("condition-always-holds", "every submission meets '\(point.id)': 'met when \(a.text(point.met))' always holds", point.met.location, ruleset))
            }
            var canPartial = met.canBeFalse && (partial?.canBeTrue ?? false)
            if let p = point.partiallyMet, let pf = partial, point.partialMarks > .zero {
                if !pf.canBeTrue {
                    let at = pf.blame?.location ?? p.location
                    out.append(warning("partial-never-given", "partial credit for '\(point.id)' can never be given: '\(a.text(at))' cannot hold: \(pf.blame?.reason ?? "its condition is never true")", at, ruleset))
                } else if met.canBeFalse, let why = implies(p, point.met, a) {
                    canPartial = false
                    out.append(warning("partial-never-given", "partial credit for '\(point.id)' can never be given: \(why), and 'met when' is tried first", p.location, ruleset))
                }
            }
            reachable.append((met.canBeTrue, canPartial))
        }
        return reachable
    }

    /// Why `p` holding means `m` holds: both bound the same value and `p`'s bounds lie inside
    /// `m`'s ("whenever 'examples >= 3' holds, 'examples >= 2' holds too").
    static func implies(_ p: Node, _ m: Node, _ a: SchemeAnalyzer) -> String? {
        func bound(_ n: Node) -> (String, (low: Double, high: Double))? {
            guard case .compare(let op, let x, let y) = n.kind else { return nil }
            if case .constant(.number(let v)) = y.kind, let r = SchemeFact.allowed(op, v, constantOnLeft: false) { return (a.text(x), r) }
            if case .constant(.number(let v)) = x.kind, let r = SchemeFact.allowed(op, v, constantOnLeft: true) { return (a.text(y), r) }
            return nil
        }
        guard let (ps, pr) = bound(p), let (ms, mr) = bound(m), ps == ms, mr.low <= pr.low, pr.high <= mr.high else { return nil }
        return "whenever '\(a.text(p))' holds, '\(a.text(m))' holds too"
    }

    /// Grades no submission can reach: a rule that cannot hold, a required point that can never
    /// be met, a floor no submission passes, or a lower grade that cannot be reached.
    static func gradeWarnings(_ a: inout SchemeAnalyzer, _ points: [(met: Bool, partial: Bool)], _ out: inout [Diagnostic]) {
        let ruleset = a.ruleset
        // Components first: the overall rules count the grades they can reach.
        for component in ruleset.grading.components {
            let reach = scaleWarnings(
                &a, component.grading, points, pointsIn: component.points, required: false,
                name: { "'\($0)' in component '\(component.id)'" }, &out)
            a.componentReach.append(reach)
        }
        _ = scaleWarnings(&a, ruleset.grading, points, pointsIn: Array(ruleset.points.indices), required: true, name: { "'\($0)'" }, &out)
    }

    /// The warnings of one scale (the overall scheme's, with its required points, or a
    /// component's, whose `total` is its own points' marks): floors no submission passes and
    /// grades none can reach. Returns the highest grade the analysis cannot rule out.
    static func scaleWarnings(
        _ a: inout SchemeAnalyzer, _ grading: CompiledGrading, _ points: [(met: Bool, partial: Bool)], pointsIn scope: [Int],
        required: Bool, name: (String) -> String, _ out: inout [Diagnostic]
    ) -> Int {
        let ruleset = a.ruleset
        var reachable = Marks.zero, maximum = Marks.zero
        for p in scope {
            let point = ruleset.points[p], can = points[p]
            reachable += can.met ? point.marks : can.partial ? point.partialMarks : .zero
            maximum += point.marks
        }
        a.total = .number(0, reachable.double)
        if reachable < maximum, let first = scope.first {
            a.total.blame = .init(location: ruleset.points[first].location, reason: "the points that can be met give at most \(reachable) of \(maximum) marks")
        }
        var highest = grading.grades.count - 1
        for (k, floor) in grading.floors.enumerated() {
            let can = points[floor.point]
            let passes = floor.level == .met ? can.met : floor.level == .partiallyMet ? (can.met || can.partial) : true
            guard !passes else { continue }
            let at = ruleset.floorStatement(k)?.ref ?? ruleset.points[floor.point].location
            out.append(warning("grade-unreachable", "no submission passes the floor '\(ruleset.points[floor.point].id) at \(floor.level.words)', so every submission gets \(name(grading.grades[0]))", at, ruleset))
            highest = 0
        }
        var blocked: String?
        for g in grading.grades.indices.dropFirst() {
            let location = grading.rules[g]?.location ?? ruleset.points[0].location
            if let blocked {
                out.append(warning("grade-unreachable", "no submission can reach \(name(grading.grades[g])): grades are reached in order, and '\(blocked)' cannot be reached", location, ruleset))
                continue
            }
            if required, let p = ruleset.points.indices.first(where: { ruleset.points[$0].requiredFor == g && !points[$0].met }) {
                out.append(warning("grade-unreachable", "no submission can reach \(name(grading.grades[g])): it requires '\(ruleset.points[p].id)', which can never be met", location, ruleset))
                blocked = grading.grades[g]
                highest = min(highest, g - 1)
                continue
            }
            guard let rule = grading.rules[g] else { continue }
            let f = a.fact(rule)
            if !f.canBeTrue {
                let at = f.blame?.location ?? rule.location
                let isTotal = f.blame?.reason.hasPrefix("'total' is") ?? false
                if !isTotal || reachable < maximum {
                    out.append(warning("grade-unreachable", "no submission can reach \(name(grading.grades[g])): '\(a.text(at))' cannot hold: \(f.blame?.reason ?? "its rule is never true")", at, ruleset))
                }
                blocked = grading.grades[g]
                highest = min(highest, g - 1)
            }
        }
        return highest
    }
}
