/// A checked ruleset, ready to mark submissions: names resolved, types checked, expressions
/// compiled to evaluation nodes.
public struct Ruleset: Sendable {
    /// The ruleset's id (`ruleset "id"`).
    public var id: String
    /// Its title.
    public var title: String
    /// Its version, recorded in every result.
    public var version: String
    /// The unit it marks.
    public var unit: String
    /// The qualification, if given.
    public var qualification: String?
    /// What sets this variant of the unit apart (`variant "…"`), if it is one of several that
    /// mark the unit for the same start dates; a submission names its ruleset to choose.
    public var variant: String? = nil
    /// First start date it applies to.
    public var appliesFrom: CalendarDate
    /// Last start date it applies to, if bounded.
    public var appliesUntil: CalendarDate?
    /// Where `applies from … until …` is written in the ruleset's file.
    public var appliesRange: Range<Int>
    /// SHA-256 of the ruleset's source and every file it imports.
    public var sourceHash: String
    /// The ruleset file and the files it imports, ruleset first.
    public var sources: [SourceFile]
    /// The evidence shape.
    public var schema: EvidenceSchema
    /// Value definitions (`define x = …`), evaluated lazily once per submission.
    public var values: [CompiledValue]
    /// Function definitions (`define f(p: T) = …`).
    public var functions: [CompiledFunction]
    /// Marking points in source order.
    public var points: [CompiledPoint]
    /// The grading scheme.
    public var grading: CompiledGrading
    /// Number of evaluation slots (binders, parameters, lets).
    public var slotCount: Int
    /// The syntax tree of each source as the ruleset uses it: with a base (`extends`), the
    /// base's replaced and removed declarations are left out. Empty when not recorded.
    public var trees: [RuleFile] = []

    /// Whether the ruleset applies to a learner who started on `start`.
    public func applies(toStart start: CalendarDate) -> Bool {
        start >= appliesFrom && (appliesUntil.map { start <= $0 } ?? true)
    }

    /// The highest total a submission can reach.
    public var maximumMarks: Marks { points.reduce(Marks.zero) { $0 + $1.marks } }
}

/// A compiled value definition.
public struct CompiledValue: Sendable {
    /// Its name.
    public var name: String
    /// Its body.
    public var body: Node
}

/// A compiled function definition.
public struct CompiledFunction: Sendable {
    /// Its name.
    public var name: String
    /// The slots its arguments are stored in.
    public var parameterSlots: [Int]
    /// Its body.
    public var body: Node
}

/// A compiled marking point.
public struct CompiledPoint: Sendable {
    /// The point's id.
    public var id: String
    /// The examiner's wording.
    public var wording: String
    /// Marks when met: for computed marks (`marks 5 per qualifying, at most 20`), the most the
    /// point gives.
    public var marks: Marks
    /// How the marks are computed, for `marks N per count, at most M`; nil for fixed marks.
    public var scale: CompiledMarkScale? = nil
    /// Marks when partially met.
    public var partialMarks: Marks
    /// Index into the grade list of the grade this point is required for, if any.
    public var requiredFor: Int?
    /// `let` bindings in order: slot and value.
    public var bindings: [(name: String, slot: Int, value: Node)]
    /// The condition for "met".
    public var met: Node
    /// The condition for "partially met", if any.
    public var partiallyMet: Node?
    /// Feedback templates by verdict.
    public var feedback: [VerdictLevel: FeedbackTemplate]
    /// What the learner should do to meet the point, in the learner's terms (`advice "…"`);
    /// next steps use it in place of the examiner's wording.
    public var advice: String? = nil
    /// The file index (into `Ruleset.sources`) and range of the point.
    public var location: SourceRef
}

/// `marks 5 per qualifying, at most 20`: the point gives `per` marks for each whole unit of
/// `count` (a negative count gives none), at most the point's `marks`.
public struct CompiledMarkScale: Sendable {
    /// Marks for each unit.
    public var per: Marks
    /// The count, a number.
    public var count: Node
    /// Whether the verdict follows from the marks (the point has no `met when` of its own):
    /// met at the maximum, partially met with any marks.
    public var verdictFromMarks = false
    /// What is counted, in words (`qualifying items` for a name `qualifying_items`), for next
    /// steps; nil when the count is not a plain name.
    public var counted: String?
    /// Where the `marks … per …` statement is written.
    public var location: SourceRef? = nil

    /// The marks for a value of the count, capped at `maximum`.
    public func marks(for value: Value, maximum: Marks) -> Marks {
        guard case .number(let n) = value, n >= 1, per > .zero else { return .zero }
        let cap = maximum.hundredths / per.hundredths + 1
        let units = n >= Double(cap) ? cap : Int64(n.rounded(.down))
        return Swift.min(Marks(hundredths: per.hundredths * units), maximum)
    }

    /// How many more units of the count give `marks` more (at least one).
    public func unitsFor(_ marks: Marks) -> Int64 {
        Swift.max(1, (marks.hundredths + per.hundredths - 1) / per.hundredths)
    }
}

/// A feedback template: text with placeholders compiled to value lookups.
public struct FeedbackTemplate: Sendable {
    /// A piece of the template.
    public enum Part: Sendable {
        case text(String)
        /// A value to render.
        case value(Node)
        /// `{name|singular|plural}`: the value followed by the word that agrees with it
        /// ("1 day", "3 days").
        case counted(Node, singular: String, plural: String)
        /// The ids of the evidence items cited for the point.
        case evidence
        /// The marks awarded.
        case marks
    }
    /// The parts in order.
    public var parts: [Part]

    /// The expressions the template renders.
    public var nodes: [Node] {
        parts.compactMap { part in
            switch part {
            case .value(let n), .counted(let n, _, _): n
            case .text, .evidence, .marks: nil
            }
        }
    }
}

/// A compiled grading scheme.
public struct CompiledGrading: Sendable {
    /// Grade names, lowest first.
    public var grades: [String]
    /// For each grade, its rule (nil for a grade with none, such as the lowest).
    public var rules: [Node?]
    /// Floors: point index and the minimum verdict, or the minimum marks for
    /// `floor p at 10 marks` (its level is then `notMet`); below it, the lowest grade.
    public var floors: [(point: Int, level: VerdictLevel, marks: Marks?)]
    /// The mark boundary of each grade, if it has one: the least total that satisfies the
    /// `total >= N` (or `total > N`) among the top-level `and`s of its rule.
    public var boundaries: [Marks?]
    /// The components, each graded on its own scale before the overall grade.
    public var components: [CompiledComponent] = []
    /// The combine table that gives the overall grade from the components' grades, if any (its
    /// rows are also written into `rules`, so every reader of rules sees them).
    public var combine: CompiledCombine?

    /// A floor in the words of the rules: `partially met`, `10 marks`.
    public static func words(_ floor: (point: Int, level: VerdictLevel, marks: Marks?)) -> String {
        floor.marks.map { "\(JSONWriter.format($0)) marks" } ?? floor.level.words
    }
}

/// A component of the grading scheme: points graded together on their own scale.
public struct CompiledComponent: Sendable {
    /// The component's id.
    public var id: String
    /// Its title.
    public var title: String
    /// Its points, by index into `Ruleset.points`, in the order listed.
    public var points: [Int]
    /// Its grades, floors and rules; `total` in its rules is the component's total.
    public var grading: CompiledGrading
    /// The most marks its points give.
    public var maximum: Marks
}

/// A checked combine table: columns of components, rows of exact component grades (nil for
/// `any`) and the overall grade each gives.
public struct CompiledCombine: Sendable {
    /// One row: a grade index per column (nil for `any`) and the overall grade it gives.
    public struct Row: Sendable {
        /// For each column, the component's grade (an index into its scale), nil for `any`.
        public var cells: [Int?]
        /// The overall grade it gives.
        public var grade: Int
    }
    /// The component of each column (an index into `CompiledGrading.components`).
    public var components: [Int]
    /// The rows, in the order written.
    public var rows: [Row]
    /// The grade of a combination no row gives (`otherwise`), if written.
    public var otherwise: Int?

    /// The first row matching the components' grades (indexed by component), nil when none
    /// does (then `otherwise` gives the grade).
    public func row(for grades: [Int]) -> Int? {
        rows.firstIndex { row in zip(row.cells, components).allSatisfy { cell, c in cell == nil || cell == grades[c] } }
    }
}

/// A source file index and byte range.
public struct SourceRef: Sendable, Equatable {
    /// Index into `Ruleset.sources`.
    public var file: Int
    /// Byte range in that file.
    public var range: Range<Int>
}
