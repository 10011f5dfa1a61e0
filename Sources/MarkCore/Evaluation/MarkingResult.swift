/// The outcome of marking one submission: a verdict per point, the grade, and next steps.
public struct MarkingResult: Sendable, Equatable {
    /// Which ruleset produced the result, so an appeal can reproduce it.
    public struct RulesetInfo: Sendable, Equatable {
        /// Ruleset id.
        public var id: String
        /// Ruleset title.
        public var title: String
        /// Ruleset version.
        public var version: String
        /// SHA-256 of the rules source.
        public var sha256: String
    }

    /// One marking point's outcome.
    public struct PointResult: Sendable, Equatable {
        /// The point's id.
        public var id: String
        /// The examiner's wording.
        public var wording: String
        /// Met, partially met or not met.
        public var verdict: VerdictLevel
        /// Marks awarded.
        public var marks: Marks
        /// Marks available.
        public var maximum: Marks
        /// Ids of the evidence items that satisfied its conditions, in submission order.
        public var evidence: [String]
        /// The feedback rendered from the point's template.
        public var feedback: String
        /// The grade this point is required for, if any.
        public var requiredFor: String?
        /// What the learner should do to meet the point, in the learner's terms, if the rules say.
        public var advice: String? = nil
    }

    /// One component's grade, on its own scale.
    public struct ComponentResult: Sendable, Equatable {
        /// The component's id.
        public var id: String
        /// Its title.
        public var title: String
        /// The grade it reached.
        public var grade: String
        /// Index of that grade in the component's scale, lowest 0.
        public var gradeIndex: Int
        /// The marks of its points.
        public var total: Marks
        /// The most marks its points give.
        public var maximum: Marks
        /// Its points' ids, in the order listed.
        public var points: [String]
        /// Its points below a floor of the component, which forced its lowest grade.
        public var floorsFailed: [String]
    }

    /// Which row of the combine table the components' grades matched, and the grade it gives
    /// (the grade awarded may be lower: floors and required points still apply).
    public struct Combination: Sendable, Equatable {
        /// The row, counted from 1 as written; nil when no row matched and `otherwise` gave it.
        public var row: Int?
        /// The table's components (its columns), by id.
        public var components: [String]
        /// The grade each reached, in the same order.
        public var grades: [String]
        /// The overall grade the table gives.
        public var grade: String
    }

    /// The submission's source.
    public var path: String
    /// The learner's id.
    public var learnerID: String
    /// The unit.
    public var unit: String
    /// The assessor's id.
    public var assessor: String
    /// The ruleset used.
    public var ruleset: RulesetInfo
    /// Per-point outcomes, in ruleset order.
    public var points: [PointResult]
    /// Total marks.
    public var total: Marks
    /// Maximum marks.
    public var maximum: Marks
    /// The grade awarded.
    public var grade: String
    /// Index of the grade in the scheme, lowest 0.
    public var gradeIndex: Int
    /// Points below their floor, which forced the lowest grade.
    public var floorsFailed: [String]
    /// The next grade up, if any.
    public var nextGrade: String?
    /// What the learner must still show for the next grade, in the learner's terms.
    public var nextSteps: [String]
    /// Assessors' overrides of the engine's decisions, applied after marking (`--overrides`);
    /// the fields above stay the engine's.
    public var overrides: [ResultOverride] = []
    /// Each component's grade, in the order declared; empty without components.
    public var components: [ComponentResult] = []
    /// The combine table's row that gave the overall grade; nil without a table.
    public var combination: Combination?
    /// The centre or site of assessment, when the submission names one.
    public var centre: String? = nil
    /// The learner's group, when the submission names one.
    public var group: String? = nil
    /// The assessment methods of the evidence (distinct item kinds, sorted).
    public var methods: [String] = []

    /// Whether the result carries marks: false for a competency unit (its maximum is 0), whose
    /// marks are hidden in text and HTML, null in JSON and empty cells in CSV.
    public var carriesMarks: Bool { maximum > .zero }
}

/// Marking stopped because a rule could not be evaluated (for example a division by zero).
public struct EvaluationError: Error, Sendable, Equatable {
    /// What went wrong.
    public var message: String
    /// Where in the rules.
    public var location: SourceRef
}
