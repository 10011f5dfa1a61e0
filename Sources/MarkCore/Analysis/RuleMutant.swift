/// One small change to a checked ruleset, as mutation testing of its rule tests makes it: a
/// threshold moved by one, a comparison flipped, an operand of `and`/`or` dropped, or a
/// verdict level swapped. A test suite that lets a mutant through (every case still passes)
/// would not notice that mistake in the rules.
public struct RuleMutant: Sendable {
    /// The kinds of change.
    public enum Operator: String, Sendable, CaseIterable {
        /// A number compared with (`examples >= 2` → `examples >= 3` and `>= 1`), or the count of
        /// `at least N of (…)`, moved by one in each direction.
        case threshold
        /// A comparison turned into its opposite (`>=` ↔ `<`, `>` ↔ `<=`, `=` ↔ `!=`).
        case comparison
        /// One operand of an `and` or `or` dropped, leaving the other.
        case operand
        /// `is met` ↔ `is partially met` in the grading, a floor's level, or a point's two
        /// conditions exchanged.
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
        case swapConditions(point: Int)
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
        case .swapConditions(let p):
            guard let partial = r.points[p].partiallyMet else { break }
            r.points[p].partiallyMet = r.points[p].met
            r.points[p].met = partial
        }
        return r
    }
}
