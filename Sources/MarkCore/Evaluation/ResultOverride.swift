/// An assessor's override of one of the engine's decisions for a submission: a point's verdict
/// or the grade. A result keeps the engine's decision and the override side by side, so every
/// report can show both (docs/governance.md).
public struct ResultOverride: Sendable, Equatable {
    /// What is overridden.
    public enum Target: Sendable, Equatable {
        /// The grade.
        case grade
        /// A marking point's verdict, by point id.
        case point(String)
    }

    /// The grade or the point.
    public var target: Target
    /// The engine's decision: the grade's name, or the verdict's words.
    public var engine: String
    /// The assessor's decision, in the same terms.
    public var decision: String
    /// The assessor who made the override.
    public var assessor: String
    /// When, as `YYYY-MM-DD`.
    public var date: String
    /// Why: the rationale the assessor recorded.
    public var rationale: String

    /// Creates an override record.
    public init(target: Target, engine: String, decision: String, assessor: String, date: String, rationale: String) {
        self.target = target
        self.engine = engine
        self.decision = decision
        self.assessor = assessor
        self.date = date
        self.rationale = rationale
    }

    /// `grade`, or the point's id: how summaries and gradebooks name what was overridden.
    public var targetName: String {
        switch target {
        case .grade: "grade"
        case .point(let id): id
        }
    }

    /// One line for gradebooks: `grade: Pass → Merit (A-17, 2026-03-02)`.
    public var summary: String { "\(targetName): \(engine) → \(decision) (\(assessor), \(date))" }
}

extension MarkingResult {
    /// The grade as decided: the assessor's, when the grade was overridden, else the engine's.
    public var decidedGrade: String {
        overrides.last { $0.target == .grade }?.decision ?? grade
    }
}
