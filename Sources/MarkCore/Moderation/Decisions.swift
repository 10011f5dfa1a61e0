import Foundation

/// Assessors' or moderators' own decisions, read from a CSV file with a header row:
/// `learner` and `grade` are required; `assessor`, `marks` and `unit` are optional; any other
/// column is named by a marking point's id and holds that person's verdict for the point
/// (met / partially met / not met; an empty cell means no decision for that point).
public struct DecisionSheet: Sendable {
    /// One row: one learner's decision.
    public struct Decision: Sendable {
        /// The 1-based line the row starts on.
        public var line: Int
        /// The learner's id.
        public var learner: String
        /// The unit, when the sheet has a `unit` column and the cell is not empty.
        public var unit: String?
        /// The human grade, as written.
        public var grade: String
        /// Byte range of the grade cell, for messages.
        public var gradeRange: Range<Int>
        /// Who made the decision, when the sheet says.
        public var assessor: String?
        /// The human marks, when given.
        public var marks: Double?
        /// Which of several raters made this decision (a `rater` column), when the sheet says.
        public var rater: String?
        /// The quality assurer's outcome, action and feedback to the assessor, when recorded.
        public var review: QualityReview?
        /// Per-point verdicts (column order), with the cell's range.
        public var points: [(id: String, verdict: VerdictLevel, range: Range<Int>)]
    }

    /// The CSV file.
    public var source: SourceFile
    /// The rows.
    public var decisions: [Decision]
    /// Per-point columns: the name and the header cell's range.
    public var pointColumns: [(name: String, range: Range<Int>)]
    /// Whether there is a `marks` column.
    public var hasMarks: Bool
    /// Whether there is an `assessor` column.
    public var hasAssessor: Bool
    /// Whether there is a `rater` column (several raters per learner).
    public var hasRater = false
    /// Whether there is an `outcome` column (the quality assurer's record).
    public var hasReview = false

    /// The quality assurer's record columns (`outcome`, `action`, `feedback`).
    public static let reviewColumns = ["outcome", "action", "feedback"]

    /// The fixed columns (matched ignoring case).
    public static let fixedColumns = ["learner", "grade", "assessor", "marks", "unit", "rater"] + reviewColumns
    /// Columns read past and never printed (a learner's name is personal data).
    public static let ignoredColumns = ["name", "notes", "note", "comment", "comments"]

    /// Reads a CSV file of decisions.
    public static func read(_ source: SourceFile) -> Result<DecisionSheet, DiagnosticList> {
        let table: CSVTable
        switch CSVReader.read(source) {
        case .failure(let list): return .failure(list)
        case .success(let t): table = t
        }
        var problems: [Diagnostic] = []
        func problem(_ message: String, _ range: Range<Int>) {
            problems.append(Diagnostic(.error, id: "bad-decision", message, path: source.path, range: range))
        }
        var fixed: [String: Int] = [:]
        var pointColumns: [(name: String, index: Int, range: Range<Int>)] = []
        var seen: Set<String> = []
        for (i, raw) in table.header.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces)
            let range = table.header.ranges[i]
            if name.isEmpty {
                problem("column \(i + 1) has no name in the header row", range)
                continue
            }
            guard seen.insert(name.lowercased()).inserted else {
                problem("the header names column '\(name)' twice", range)
                continue
            }
            if fixedColumns.contains(name.lowercased()) {
                fixed[name.lowercased()] = i
            } else if ignoredColumns.contains(name.lowercased()) {
                continue
            } else {
                pointColumns.append((name, i, range))
            }
        }
        for required in ["learner", "grade"] where fixed[required] == nil {
            let near = table.header.fields.compactMap { f in Suggestion.nearest(to: f.trimmingCharacters(in: .whitespaces), among: [required]).map { _ in f } }.first
            problem(
                "the header has no '\(required)' column; a decisions file needs 'learner' and 'grade'" + (near.map { " (is '\($0)' meant to be '\(required)'?)" } ?? ""),
                table.header.start..<table.header.start + 1)
        }
        guard problems.isEmpty, let learnerColumn = fixed["learner"], let gradeColumn = fixed["grade"] else {
            return .failure(DiagnosticList(problems))
        }
        var decisions: [Decision] = []
        for row in table.rows {
            let line = table.line(of: row)
            func cell(_ i: Int) -> String { row.fields[i].trimmingCharacters(in: .whitespaces) }
            // Learner ids are matched exactly, spaces included: trimming would make "L-1" and
            // "L-1 " one learner.
            let learner = row.fields[learnerColumn]
            guard !learner.trimmingCharacters(in: .whitespaces).isEmpty else {
                problem("this row has no learner id", row.ranges[learnerColumn])
                continue
            }
            let grade = cell(gradeColumn)
            if grade.isEmpty {
                problem("no grade for learner '\(learner)'; every row needs the human grade", row.ranges[gradeColumn])
                continue
            }
            var marks: Double?
            if let m = fixed["marks"], !cell(m).isEmpty {
                guard let value = Double(cell(m)), value.isFinite else {
                    problem("marks '\(cell(m))' for learner '\(learner)' is not a number", row.ranges[m])
                    continue
                }
                marks = value
            }
            var points: [(id: String, verdict: VerdictLevel, range: Range<Int>)] = []
            var bad = false
            for column in pointColumns {
                let text = cell(column.index)
                if text.isEmpty { continue }
                guard let verdict = VerdictWords.parse(text) else {
                    problem(
                        "'\(text)' is not a verdict for '\(column.name)' (learner '\(learner)'); write met, partially met or not met, or leave the cell empty"
                            + Suggestion.didYouMean(text, among: ["met", "partially met", "not met"]),
                        row.ranges[column.index])
                    bad = true
                    continue
                }
                points.append((column.name, verdict, row.ranges[column.index]))
            }
            if bad { continue }
            var review: QualityReview?
            switch QualityReview.read(fixed, cell: cell, learner: learner) {
            case .failure(let error):
                problem(error.message, row.ranges[fixed["outcome"] ?? gradeColumn])
                continue
            case .success(let r): review = r
            }
            decisions.append(
                Decision(
                    line: line, learner: learner, unit: fixed["unit"].map(cell).flatMap { $0.isEmpty ? nil : $0 }, grade: grade,
                    gradeRange: row.ranges[gradeColumn], assessor: fixed["assessor"].map(cell).flatMap { $0.isEmpty ? nil : $0 },
                    marks: marks, rater: fixed["rater"].map(cell).flatMap { $0.isEmpty ? nil : $0 }, review: review, points: points))
        }
        // The same learner (and unit) twice is ambiguous.
        var firstLine: [String: Int] = [:]
        for d in decisions {
            let key = d.learner + "|" + (d.unit ?? "") + "|" + (d.rater ?? "")
            if let earlier = firstLine[key] {
                let fix = fixed["rater"] == nil
                    ? "give one decision per learner and unit, or add a 'rater' column when several people marked the same work"
                    : "give one decision per learner, unit and rater"
                problem("learner '\(d.learner)' has a second row" + (d.rater.map { " by rater '\($0)'" } ?? "") + " (the first is on line \(earlier)); " + fix, d.gradeRange)
            } else {
                firstLine[key] = d.line
            }
        }
        if !problems.isEmpty { return .failure(DiagnosticList(problems)) }
        return .success(
            DecisionSheet(
                source: source, decisions: decisions, pointColumns: pointColumns.map { ($0.name, $0.range) }, hasMarks: fixed["marks"] != nil,
                hasAssessor: fixed["assessor"] != nil, hasRater: fixed["rater"] != nil, hasReview: fixed["outcome"] != nil))
    }
}
