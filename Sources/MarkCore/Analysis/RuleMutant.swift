/// One small change to a checked ruleset, as mutation testing of its rule tests makes it: a
/// threshold moved by one, a comparison flipped, an operand of `and`/`or` dropped, or a
/// verdict level swapped. A test suite that lets a mutant through (every case still passes)
/// would not notice that mistake in the rules.
public struct RuleMutant: Sendable {
    /// The kinds of change.
    public enum Operator: String, Sendable, CaseIterable {
        /// A number compared with (`examples >= 2` → `examples >= 3` and `>= 1`), the count of
        /// `at least N of (…)` or `at least N components are …`, a floor in marks, or a
        /// computed mark's marks per unit and maximum, moved by one in each direction.
        case threshold
        /// A comparison turned into its opposite (`>=` ↔ `<`, `>` ↔ `<=`, `=` ↔ `!=`).
        case comparison
        /// One operand of an `and` or `or` dropped, leaving the other.
        case operand
        /// `is met` ↔ `is partially met` in the grading, a floor's level, a component's grade
        /// tested one step up or down its scale, or a point's two conditions exchanged.
        case verdictLevel = "verdict level"
    }

    /// Where the change is made in the ruleset.
    enum Site: Sendable {
        case value(Int)
        case function(Int)
        case met(point: Int)
        case partiallyMet(point: Int)
        case binding(point: Int, index: Int)
        case gradeRule(Int)
        case floor(Int, VerdictLevel)
        /// A floor in marks moved to these marks.
        case markFloor(Int, Marks)
        case swapConditions(point: Int)
        /// A computed mark's marks per unit and maximum (`marks 5 per n, at most 20`).
        case markScale(point: Int, per: Marks, maximum: Marks)
        /// Rule `grade` of component `component`.
        case componentRule(component: Int, grade: Int)
    }

    /// The kind of change.
    public var kind: Operator
    /// The rules file changed (the ruleset or a library it imports).
    public var path: String
    /// Where, 1-based.
    public var line: Int
    public var column: Int
    /// The byte range of the changed text in that file.
    public var range: Range<Int>
    /// The text as written.
    public var original: String
    /// The text as the mutant has it.
    public var mutated: String
    var site: Site
    var replacement: Node?

    /// "no test fails if 'examples >= 2' becomes 'examples >= 3' at line 45".
    public var survivorMessage: String {
        "no test fails if '\(original)' becomes '\(mutated)' at line \(line)"
    }

    /// The ruleset with this change made.
    func applied(to ruleset: Ruleset) -> Ruleset {
        var r = ruleset
        switch site {
        case .value(let v): r.values[v].body = replacement!
        case .function(let f): r.functions[f].body = replacement!
        case .met(let p): r.points[p].met = replacement!
        case .partiallyMet(let p): r.points[p].partiallyMet = replacement!
        case .binding(let p, let i): r.points[p].bindings[i].value = replacement!
        case .gradeRule(let g): r.grading.rules[g] = replacement!
        case .floor(let k, let level): r.grading.floors[k].level = level
        case .markFloor(let k, let marks): r.grading.floors[k].marks = marks
        case .markScale(let p, let per, let maximum):
            guard var scale = r.points[p].scale else { break }
            scale.per = per
            r.points[p].scale = scale
            r.points[p].marks = maximum
            if scale.verdictFromMarks, let at = scale.location {
                (r.points[p].met, r.points[p].partiallyMet) = CompiledMarkScale.conditions(scale.count, per: per, maximum: maximum, at: at)
            }
        case .componentRule(let c, let g): r.grading.components[c].grading.rules[g] = replacement!
        case .swapConditions(let p):
            guard let partial = r.points[p].partiallyMet else { break }
            r.points[p].partiallyMet = r.points[p].met
            r.points[p].met = partial
        }
        return r
    }
}
