/// Which outcomes of a ruleset its tests exercised. The outcomes, per ruleset:
///
/// - each marking point: **met** and **not met** (verdicts, as marked);
/// - each `met when` and `partially met when`: **true** and **false**, when the engine evaluated
///   it (a `partially met when` is evaluated only when `met when` is false);
/// - each top-level operand of an `and`/`or` chain in those conditions: **true** and **false**,
///   when the engine evaluated it (`a and b` evaluates `b` only when `a` is true);
/// - each quantifier's or aggregate's `where` filter reached from the points (their `let`s and
///   conditions, and the definitions they use, in libraries too): **true** for some element and
///   **false** for some element, over the elements the engine tested;
/// - each floor: **reached** and **failed**;
/// - each grade's rule: **held** and **not held** (grade rules are evaluated for every case).
public struct CoverageReport: Sendable {
    /// An outcome no test case reached.
    public struct Gap: Sendable, Equatable {
        /// The file, line and column of the rule.
        public var path: String
        /// Line, 1-based.
        public var line: Int
        /// Column, 1-based.
        public var column: Int
        /// What was never seen.
        public var message: String
    }

    /// The ruleset's path.
    public var path: String
    /// Test cases that marked a submission with it.
    public var cases: Int
    /// Outcomes to exercise.
    public var total: Int
    /// Outcomes exercised.
    public var covered: Int
    /// The outcomes never exercised: the points' (verdicts, conditions, operands) in ruleset
    /// order, then filters in source order, then floors and grade rules.
    public var gaps: [Gap]

    /// Whether every outcome was exercised.
    public var isComplete: Bool { covered == total }

    /// Compares a ruleset's outcomes with what a trace saw.
    public init(ruleset: Ruleset, trace: ExplanationTrace, cases: Int) {
        path = ruleset.sources.first?.path ?? ruleset.id
        self.cases = cases
        total = 0
        covered = 0
        gaps = []
        var found: [(SourceRef, String)] = []
        func check(_ seen: Bool, _ ref: SourceRef, _ message: @autoclosure () -> String) {
            total += 1
            if seen { covered += 1 } else { found.append((ref, message())) }
        }
        func text(_ ref: SourceRef) -> String {
            let t = Explainer.collapse(ruleset.sources[ref.file].text(ref.range))
            return t.count <= 60 ? t : String(t.prefix(57)) + "…"
        }
        let statements = StatementMap(ruleset)
        var filters: [SourceRef] = []
        var visitedFunctions: Set<Int> = []
        var visitedValues: Set<Int> = []
        func collectFilters(_ n: Node) {
            switch n.kind {
            case .quantifier(_, _, _, let f, _), .aggregate(_, _, _, _, let f, _):
                if f != nil && !filters.contains(n.location) { filters.append(n.location) }
            case .call(let function, _, _):
                if visitedFunctions.insert(function).inserted { collectFilters(ruleset.functions[function].body) }
            case .value(let index, _):
                if visitedValues.insert(index).inserted { collectFilters(ruleset.values[index].body) }
            default: break
            }
            for c in Explainer.children(n) { collectFilters(c) }
        }
        for (i, p) in ruleset.points.enumerated() {
            check(trace.saw(verdict: .met, point: i), p.location, "point '\(p.id)' is never met")
            check(trace.saw(verdict: .notMet, point: i), p.location, "point '\(p.id)' is never not met")
            var conditions: [(Node, VerdictLevel, String)] = [(p.met, .met, "met when")]
            if let pm = p.partiallyMet { conditions.append((pm, .partiallyMet, "partially met when")) }
            for (node, level, label) in conditions {
                let target = ExplanationTrace.Target.condition(point: i, level: level)
                let at = (level == .met ? statements.points[p.id]?.met : statements.points[p.id]?.partiallyMet) ?? node.location
                check(trace.saw(target, true), at, "'\(label) \(text(node.location))' of point '\(p.id)' is never true")
                check(trace.saw(target, false), at, "'\(label) \(text(node.location))' of point '\(p.id)' is never false")
                for isAnd in [true, false] {
                    let operands = Explainer.chain(node, and: isAnd)
                    guard operands.count > 1 else { continue }
                    for operand in operands {
                        check(trace.saw(.operand(operand.location), true), operand.location, "operand '\(text(operand.location))' of '\(label)' of point '\(p.id)' is never true")
                        check(trace.saw(.operand(operand.location), false), operand.location, "operand '\(text(operand.location))' of '\(label)' of point '\(p.id)' is never false")
                    }
                }
            }
            for b in p.bindings { collectFilters(b.value) }
            collectFilters(p.met)
            if let pm = p.partiallyMet { collectFilters(pm) }
        }
        for ref in filters.sorted(by: { ($0.file, $0.range.lowerBound) < ($1.file, $1.range.lowerBound) }) {
            check(trace.saw(.filter(ref), true), ref, "the filter of '\(text(ref))' never counted an element")
            check(trace.saw(.filter(ref), false), ref, "the filter of '\(text(ref))' never excluded an element")
        }
        for (k, floor) in ruleset.grading.floors.enumerated() {
            let id = ruleset.points[floor.point].id
            let at = k < statements.floors.count ? statements.floors[k] : ruleset.points[floor.point].location
            check(trace.saw(.floor(k), true), at, "floor '\(id) at \(CompiledGrading.words(floor))' is never reached")
            check(trace.saw(.floor(k), false), at, "floor '\(id) at \(CompiledGrading.words(floor))' never fails")
        }
        for (g, rule) in ruleset.grading.rules.enumerated() {
            guard let rule else { continue }
            let name = ruleset.grading.grades[g]
            let at = statements.gradeRules[g] ?? rule.location
            check(trace.saw(.gradeRule(grade: g), true), at, "the rule for \"\(name)\" never holds")
            check(trace.saw(.gradeRule(grade: g), false), at, "the rule for \"\(name)\" always holds")
        }
        for (k, c) in ruleset.grading.components.enumerated() {
            for (g, rule) in c.grading.rules.enumerated() {
                guard let rule else { continue }
                let name = c.grading.grades[g]
                let at = statements.componentRules[k]?[g] ?? rule.location
                check(trace.saw(.componentRule(component: k, grade: g), true), at, "the rule for \"\(name)\" of component '\(c.id)' never holds")
                check(trace.saw(.componentRule(component: k, grade: g), false), at, "the rule for \"\(name)\" of component '\(c.id)' always holds")
            }
        }
        gaps = found.map { ref, message in
            let source = ruleset.sources[ref.file]
            let loc = source.location(of: ref.range.lowerBound)
            return Gap(path: source.path, line: loc.line, column: loc.column, message: message)
        }
    }

    /// A report for a ruleset no test case marked with.
    public static func untested(ruleset: Ruleset) -> CoverageReport {
        var report = CoverageReport(ruleset: ruleset, trace: ExplanationTrace(), cases: 0)
        report.gaps = [Gap(path: report.path, line: 1, column: 1, message: "no test cases mark with this ruleset: add \(Self.testsPath(for: report.path))")]
        return report
    }

    static func testsPath(for rules: String) -> String {
        rules.hasSuffix(".rules") ? String(rules.dropLast(6)) + ".tests" : rules + ".tests"
    }

    /// The report as text: a summary line, then one line per gap.
    public func render() -> String {
        let percent = total == 0 ? 100 : covered * 100 / total
        var out = "coverage: \(path): \(covered) of \(total) outcomes (\(percent)%) in \(cases) case\(cases == 1 ? "" : "s")\n"
        for gap in gaps {
            out += "  \(gap.path):\(gap.line):\(gap.column): \(gap.message)\n"
        }
        return out
    }
}
