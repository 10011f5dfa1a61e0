/// Why a submission was marked as it was: for every marking point the `let` values and the
/// conditions, for the grading scheme the floors, required points and grade rules — each as a
/// tree of the expressions written in the rules with the values they took. Built by `Explainer`;
/// printed by `ExplanationText` and `ExplanationJSON` (see docs/explain.md).
public struct SubmissionExplanation: Sendable {
    /// The marking result (the same as `mark` gives).
    public var result: MarkingResult
    /// The ruleset, for source paths and lines.
    public var ruleset: Ruleset
    /// One explanation per marking point, in ruleset order.
    public var points: [PointExplanation]
    /// The floors of the grading scheme.
    public var floors: [FloorExplanation]
    /// The grades above the lowest, lowest first.
    public var grades: [GradeExplanation]
    /// Each component's grade and rules, in the order declared; empty without components.
    public var components: [ComponentExplanation] = []
    /// Text values that may be printed (enumeration values, texts written in the rules, item
    /// ids, the envelope's ids); any other text came from the learner and is withheld.
    public var printableTexts: Set<String>
}

/// How one marking point was decided.
public struct PointExplanation: Sendable {
    /// Index into `Ruleset.points`.
    public var index: Int
    /// The point's id.
    public var id: String
    /// The verdict.
    public var verdict: VerdictLevel
    /// Marks awarded and available.
    public var marks: Marks
    /// Marks available.
    public var maximum: Marks
    /// Where the point is declared.
    public var location: SourceRef
    /// The evidence cited for the point.
    public var evidence: [String]
    /// Where the point's `required for` statement is written, if it has one.
    public var requiredStatement: SourceRef?
    /// The point's `let` values in order.
    public var lets: [LetExplanation]
    /// The `met when` condition.
    public var met: ExplanationNode
    /// Where the `met when` statement starts.
    public var metStatement: SourceRef
    /// The `partially met when` condition, if the point has one (not reached when met held).
    public var partiallyMet: ExplanationNode?
    /// Where the `partially met when` statement starts.
    public var partiallyMetStatement: SourceRef?
}

/// A point's `let name = …` and the value it took.
public struct LetExplanation: Sendable {
    /// The name.
    public var name: String
    /// Where the `let` statement is written.
    public var statement: SourceRef
    /// The expression's explanation.
    public var node: ExplanationNode
}

/// A `floor point at level` of the grading scheme.
public struct FloorExplanation: Sendable {
    /// Index of the point.
    public var point: Int
    /// The lowest verdict allowed.
    public var level: VerdictLevel
    /// The point's verdict.
    public var verdict: VerdictLevel
    /// Whether the floor was reached (the verdict is at least the level, the marks at least
    /// the floor's).
    public var passed: Bool { verdict >= level && pointMarks >= (marks ?? .zero) }
    /// The floor in the words of the rules: `partially met`, `10 marks`.
    public var words: String { marks.map { "\(JSONWriter.format($0)) marks" } ?? level.words }
    /// Where the floor is written.
    public var location: SourceRef
    /// The fewest marks allowed, for `floor p at 10 marks`.
    public var marks: Marks? = nil
    /// The point's marks.
    public var pointMarks: Marks = .zero
}

/// One grade above the lowest: its required points and its rule.
public struct GradeExplanation: Sendable {
    /// Index of the grade, lowest 0.
    public var index: Int
    /// Its name.
    public var name: String
    /// The points required for this grade (not lower ones), with their verdicts.
    public var required: [(point: Int, verdict: VerdictLevel)]
    /// The grade's rule, if it has one. It is evaluated for every submission, whether or not
    /// grading reached this grade (`tested` says whether it did).
    public var rule: ExplanationNode?
    /// Where the `grade "…" when` statement starts.
    public var ruleStatement: SourceRef?
    /// Whether grading tested this grade: no floor failed and every lower grade was reached.
    public var tested: Bool
    /// Whether the grade awarded is this one or higher.
    public var reached: Bool
}

/// One expression of the rules with the value it took.
public struct ExplanationNode: Sendable {
    /// What sort of expression it is, for layout.
    public enum Kind: String, Sendable {
        /// `a and b and …`: children are the operands.
        case and
        /// `a or b or …`: children are the operands.
        case or
        /// `not a`: the child is `a`.
        case not
        /// A call of a function definition: the child is its body.
        case call
        /// A value definition: the child is its body.
        case definition
        /// `any`, `all`, `none`, `count(x in L where …)`: `elements` says which matched.
        case quantifier
        /// `count(distinct …)`, `sum`, `min`, `max`, `span`, `distinct`: `elements` too.
        case aggregate
        /// Any other expression: a comparison, arithmetic, a field …; children are the
        /// quantifiers, calls and definitions inside it.
        case expression
    }

    /// What sort of expression it is.
    public var kind: Kind
    /// Where it is written.
    public var location: SourceRef
    /// Its source text, with runs of white space collapsed to one space.
    public var text: String
    /// The value it took.
    public var value: Value
    /// Whether the engine evaluated it while marking. An operand after the one that decided an
    /// `and` or `or` is not evaluated by the engine; it is evaluated for the explanation only.
    public var reached: Bool
    /// For a quantifier or aggregate: whether it ranges over the submission's items.
    public var overItems: Bool
    /// For a quantifier or aggregate: each element, counted or excluded.
    public var elements: [ExplanationElement]
    /// The parts of the expression that are explained in turn.
    public var children: [ExplanationNode]
    /// The named values the expression reads directly (`let` values, `total`, envelope
    /// fields), so that `personal >= 2` can say what `personal` was.
    public var inputs: [ExplanationInput] = []

    /// The ids of the evidence items this expression looked at (in it and its children), in
    /// submission order of first appearance.
    public var items: [String] {
        var seen: [String] = []
        func walk(_ n: ExplanationNode) {
            if n.overItems { for e in n.elements where !seen.contains(e.label) { seen.append(e.label) } }
            for c in n.children { walk(c) }
        }
        walk(self)
        return seen
    }
}

/// A named value an expression reads.
public struct ExplanationInput: Sendable {
    /// The name as written (`personal`, `total`, `submission.started`).
    public var name: String
    /// Its value.
    public var value: Value
}

/// One element of a list a quantifier or aggregate ranged over.
public struct ExplanationElement: Sendable {
    /// The item's id, for the submission's items; otherwise `#1`, `#2` … by position.
    public var label: String
    /// Whether it satisfied the `where` filter (always, without a filter).
    public var counted: Bool
    /// For an aggregate, the value it contributed; for a list of plain values, the element.
    public var value: Value?
    /// Why an excluded element was excluded: the first `and`-clause of the filter that was
    /// false, then (when that clause is a call of a definition) the first false clause of the
    /// definition, and so on.
    public var excludedBy: [ExplanationClause]
}

/// A clause of a condition that was false.
public struct ExplanationClause: Sendable {
    /// Where it is written.
    public var location: SourceRef
    /// Its source text, white space collapsed.
    public var text: String
    /// The values it read (fields of the element, named values), for a clause that is not a
    /// call: why `i.greeted_within_seconds <= 30` was false.
    public var inputs: [ExplanationInput] = []
}
