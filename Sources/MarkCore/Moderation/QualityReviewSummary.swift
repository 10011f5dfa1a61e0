/// The internal quality assurer's record over a sample: per assessor, how many decisions were
/// planned for sampling (from the sample `mark sample` drew), how many were reviewed, and the
/// outcomes; and every decision not accepted, with its action and feedback to the assessor.
public struct QualityReviewSummary: Sendable {
    /// One assessor's line.
    public struct AssessorLine: Sendable, Equatable {
        /// The assessor whose decisions were sampled (the result's, or the sheet's `assessor`).
        public var assessor: String
        /// Decisions planned for sampling, when a sample was given.
        public var planned: Int?
        /// Planned decisions with a recorded outcome (or, without a plan, every review).
        public var completed: Int
        /// Outcomes recorded.
        public var accepted = 0
        public var rejected = 0
        public var resubmit = 0
    }

    /// One reviewed decision that was not simply accepted (or carries an action).
    public struct Finding: Sendable {
        /// The learner, the assessor whose decision it was, the unit.
        public var learner: String
        public var assessor: String
        public var unit: String
        /// The review.
        public var review: QualityReview
    }

    /// A pick of the sample: learner (an id or the pseudonym the sample printed), unit and assessor.
    public struct PlannedPick: Sendable, Equatable {
        public var learner: String
        public var unit: String
        public var assessor: String

        /// Creates a pick.
        public init(learner: String, unit: String, assessor: String) {
            self.learner = learner
            self.unit = unit
            self.assessor = assessor
        }
    }

    /// Per assessor, sorted by id.
    public var assessors: [AssessorLine]
    /// Decisions rejected or sent back, and accepted ones with an action, in learner order.
    public var findings: [Finding]
    /// Planned picks without a recorded outcome.
    public var outstanding: [PlannedPick] = []
    /// Whether a sample (the plan) was given.
    public var hasPlan = false

    /// The reviews among the matches.
    public init(_ matches: [DecisionAgreement.Match]) {
        var lines: [String: AssessorLine] = [:]
        var findings: [Finding] = []
        for m in matches {
            guard let review = m.decision.review else { continue }
            let assessor = m.decision.assessor ?? m.result.assessor
            var line = lines[assessor] ?? AssessorLine(assessor: assessor, planned: nil, completed: 0)
            line.completed += 1
            switch review.outcome {
            case .accept: line.accepted += 1
            case .reject: line.rejected += 1
            case .resubmit: line.resubmit += 1
            }
            lines[assessor] = line
            if review.outcome != .accept || review.action != nil {
                findings.append(Finding(learner: m.result.learner, assessor: assessor, unit: m.result.unit, review: review))
            }
        }
        assessors = lines.values.sorted { $0.assessor < $1.assessor }
        self.findings = findings.sorted { ($0.learner, $0.unit) < ($1.learner, $1.unit) }
        reviewed = matches.compactMap { m in m.decision.review.map { _ in PlannedPick(learner: m.result.learner, unit: m.result.unit, assessor: m.decision.assessor ?? m.result.assessor) } }
    }

    /// The reviewed decisions, for matching against a plan.
    var reviewed: [PlannedPick]

    /// Sets the sample that was planned: each assessor's planned count, completed as the planned
    /// picks with an outcome. A pick that names a learner by pseudonym (a pseudonymised sample)
    /// is read as the learner among `learners` whose pseudonym it is.
    public mutating func plan(_ picks: [PlannedPick], learners: [String], pseudonym: (String) -> String) {
        hasPlan = true
        let known = Set(learners)
        var byPseudonym: [String: String] = [:]
        for l in known.sorted() { byPseudonym[pseudonym(l)] = l }
        let picks = picks.map { p -> PlannedPick in
            var p = p
            if !known.contains(p.learner), let real = byPseudonym[p.learner] { p.learner = real }
            return p
        }
        var lines: [String: AssessorLine] = [:]
        for a in assessors { lines[a.assessor] = AssessorLine(assessor: a.assessor, planned: 0, completed: 0, accepted: a.accepted, rejected: a.rejected, resubmit: a.resubmit) }
        outstanding = []
        for pick in picks {
            let done = reviewed.first { r in r.learner == pick.learner && (pick.unit.isEmpty || r.unit == pick.unit) }
            let assessor = done?.assessor ?? pick.assessor
            var line = lines[assessor] ?? AssessorLine(assessor: assessor, planned: 0, completed: 0)
            line.planned = (line.planned ?? 0) + 1
            if done != nil { line.completed += 1 } else { outstanding.append(pick) }
            lines[assessor] = line
        }
        assessors = lines.values.sorted { $0.assessor < $1.assessor }
    }

    /// Reads the picks of a sample as `mark sample --format csv` writes it (columns `learner`,
    /// `assessor`, and `unit` when present).
    public static func readSample(_ source: SourceFile) -> Result<[PlannedPick], DiagnosticList> {
        let table: CSVTable
        switch CSVReader.read(source) {
        case .failure(let list): return .failure(list)
        case .success(let t): table = t
        }
        let names = table.header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let learner = names.firstIndex(of: "learner"), let assessor = names.firstIndex(of: "assessor") else {
            return .failure(
                DiagnosticList([
                    Diagnostic(
                        .error, id: "bad-sample", "a sample file needs 'learner' and 'assessor' columns, as 'mark sample --format csv' writes",
                        path: source.path, range: table.header.start..<table.header.start + 1)
                ]))
        }
        let unit = names.firstIndex(of: "unit")
        return .success(table.rows.map { row in PlannedPick(learner: row.fields[learner], unit: unit.map { row.fields[$0] } ?? "", assessor: row.fields[assessor]) })
    }
}
