/// The engine's results set against people's decisions (an assessor's own marking, or a
/// moderator's re-marking of a sample): agreement overall, per assessor, per ruleset and per
/// marking point; every disagreement; and the tolerance check on marks.
public struct DecisionAgreement: Sendable {
    /// A decision matched with the engine's result for the same learner (and unit).
    public struct Match: Sendable {
        /// The person's decision.
        public var decision: DecisionSheet.Decision
        /// The engine's result.
        public var result: ResultRecord
        /// The human grade's index in the ruleset's scale.
        public var humanGradeIndex: Int
        /// The human grade as the scale spells it.
        public var humanGrade: String
        /// Who made the decision: the sheet's `rater` column, else its `assessor` column, else the
        /// result's assessor.
        public var assessor: String
        /// Points where the verdicts differ: id, the engine's verdict, the person's.
        public var pointDifferences: [(id: String, engine: VerdictLevel, human: VerdictLevel)]

        /// Whether the grades are the same.
        public var gradeAgrees: Bool { humanGradeIndex == result.gradeIndex }
        /// Whether the grade or any point's verdict differs.
        public var disagrees: Bool { !gradeAgrees || !pointDifferences.isEmpty }
        /// Human marks minus the engine's, when the decision gives marks.
        /// nil when either side has no marks: the person gave none, or the result is a
        /// competency unit's, which carries no marks to compare.
        public var marksDifference: Double? { result.carriesMarks ? decision.marks.map { $0 - result.total } : nil }
    }

    /// Agreement for a group of matches (an assessor, a ruleset, a point).
    public struct Group: Sendable {
        /// The group's name.
        public var name: String
        /// The statistics.
        public var summary: AgreementSummary
    }

    /// The tolerance check: the engine's (the centre's) marks stand when every moderated
    /// submission's human marks are within ±`marks` of the engine's.
    public struct Tolerance: Sendable {
        /// The tolerance in marks.
        public var marks: Double
        /// Matches whose decision gives marks.
        public var checked: Int
        /// Matches whose decision gives no marks (not checked).
        public var withoutMarks: Int
        /// Matches outside the tolerance, with human minus engine marks.
        public var outside: [(match: Match, difference: Double)]
        /// The largest difference either way among those checked.
        public var largest: Double

        /// Whether the marks stand: at least one submission checked and none outside.
        public var stands: Bool { checked > 0 && outside.isEmpty }
    }

    /// Decisions matched with a result.
    public var matches: [Match] = []
    /// Decisions with no engine result (warned about, not counted).
    public var unmatched: [DecisionSheet.Decision] = []
    /// Agreement on grades over every match.
    public var overall: AgreementSummary
    /// Per assessor (sorted by id).
    public var byAssessor: [Group] = []
    /// Per ruleset version (sorted).
    public var byRuleset: [Group] = []
    /// Per marking point with human verdicts (verdict scale: not met, partially met, met).
    public var byPoint: [Group] = []
    /// The tolerance check, when asked for.
    public var tolerance: Tolerance?
    /// Agreement among several raters, when the decisions file has a `rater` column.
    public var raters: RaterAgreement?
    /// The quality assurer's outcomes, when the decisions file records them.
    public var reviews: QualityReviewSummary?
    /// Errors (unknown grades, ambiguous learners) and warnings (unmatched rows, unknown columns).
    public var diagnostics: [Diagnostic] = []

    /// Whether matching found errors.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The matches that disagree.
    public var disagreements: [Match] { matches.filter(\.disagrees) }

    /// Sets the decisions against the results.
    /// `gradeMap` renames the decisions' grades that the result's scale does not have (a grade
    /// written under its old name is read under the new one).
    public static func analyse(
        results: [ResultRecord], sheet: DecisionSheet, scales: GradeScales, tolerance: Double?, gradeMap: GradeMap = GradeMap(),
        bootstrapSeed: UInt64 = 1
    ) -> DecisionAgreement {
        var analysis = DecisionAgreement(overall: AgreementSummary(table: AgreementTable(categories: [])))
        let path = sheet.source.path
        var byLearner: [String: [ResultRecord]] = [:]
        for r in results { byLearner[r.learner, default: []].append(r) }
        for d in sheet.decisions {
            let candidates = (byLearner[d.learner] ?? []).filter { d.unit == nil || $0.unit == d.unit }
            guard !candidates.isEmpty else {
                analysis.unmatched.append(d)
                analysis.diagnostics.append(
                    Diagnostic(
                        .warning, id: "no-result",
                        "no engine result for learner '\(d.learner)'" + (d.unit.map { " in unit \($0)" } ?? "") + "; the row is left out"
                            + (byLearner[d.learner.trimmingCharacters(in: .whitespaces)] != nil
                                ? " (the id has spaces before or after it; learner ids are matched exactly)" : ""),
                        path: path, range: d.gradeRange))
                continue
            }
            guard candidates.count == 1 else {
                let units = Set(candidates.map(\.unit)).sorted()
                let message =
                    units.count > 1
                    ? "learner '\(d.learner)' has results for \(units.count) units (\(units.joined(separator: ", "))); add a 'unit' column to say which this decision is for"
                    : "learner '\(d.learner)' has \(candidates.count) results for unit \(units[0]) (\(candidates.map(\.origin).joined(separator: ", "))); remove the duplicates"
                analysis.diagnostics.append(Diagnostic(.error, id: "ambiguous-learner", message, path: path, range: d.gradeRange))
                continue
            }
            let result = candidates[0]
            let scale = scales.scale(for: result)
            // The map applies only to a grade the scale does not have (written under its old name).
            guard let index = scale.index(of: d.grade) ?? scale.index(of: gradeMap.apply(d.grade)) else {
                let known = scale.complete ? "" : " (the grades seen in the results; give --rules to load the full list)"
                analysis.diagnostics.append(
                    Diagnostic(
                        .error, id: "unknown-grade",
                        "'\(d.grade)' is not a grade of \(result.rulesetID) \(result.rulesetVersion): \(scale.grades.joined(separator: ", "))\(known)"
                            + Suggestion.didYouMean(d.grade, among: scale.grades),
                        path: path, range: d.gradeRange))
                continue
            }
            var differences: [(id: String, engine: VerdictLevel, human: VerdictLevel)] = []
            for p in d.points {
                if let engine = result.verdict(of: p.id), engine != p.verdict { differences.append((p.id, engine, p.verdict)) }
            }
            analysis.matches.append(
                Match(
                    decision: d, result: result, humanGradeIndex: index, humanGrade: scale.grades[index],
                    assessor: d.rater ?? d.assessor ?? result.assessor, pointDifferences: differences))
        }
        // Point columns that name no point of any matched result.
        let knownPoints = Set(analysis.matches.flatMap { $0.result.points.map(\.id) })
        for column in sheet.pointColumns where !knownPoints.contains(column.name) && !analysis.matches.isEmpty {
            analysis.diagnostics.append(
                Diagnostic(
                    .warning, id: "unknown-column",
                    "column '\(column.name)' is not a marking point of the matched results; it is ignored"
                        + Suggestion.didYouMean(column.name, among: knownPoints.union(DecisionSheet.fixedColumns)),
                    path: path, range: column.range))
        }
        analysis.overall = summarise(analysis.matches, scales: scales)
        let assessors = Set(analysis.matches.map(\.assessor)).sorted()
        analysis.byAssessor = assessors.map { a in
            Group(name: a, summary: summarise(analysis.matches.filter { $0.assessor == a }, scales: scales))
        }
        let rulesets = Set(analysis.matches.map { GradeScales.key($0.result.rulesetID, $0.result.rulesetVersion) }).sorted()
        analysis.byRuleset = rulesets.map { k in
            Group(name: k, summary: summarise(analysis.matches.filter { GradeScales.key($0.result.rulesetID, $0.result.rulesetVersion) == k }, scales: scales))
        }
        let verdicts = [VerdictLevel.notMet, .partiallyMet, .met]
        for column in sheet.pointColumns where knownPoints.contains(column.name) {
            var table = AgreementTable(categories: verdicts.map(\.words))
            for m in analysis.matches {
                guard let human = m.decision.points.first(where: { $0.id == column.name })?.verdict, let engine = m.result.verdict(of: column.name)
                else { continue }
                table.add(engine.rawValue, human.rawValue)
            }
            analysis.byPoint.append(Group(name: column.name, summary: AgreementSummary(table: table)))
        }
        if let tolerance {
            var check = Tolerance(marks: tolerance, checked: 0, withoutMarks: 0, outside: [], largest: 0)
            for m in analysis.matches {
                guard let difference = m.marksDifference else {
                    check.withoutMarks += 1
                    continue
                }
                check.checked += 1
                check.largest = max(check.largest, abs(difference))
                if abs(difference) > tolerance + 1e-9 { check.outside.append((m, difference)) }
            }
            analysis.tolerance = check
        }
        if sheet.hasRater { analysis.raters = RaterAgreement.analyse(analysis, scales: scales, seed: bootstrapSeed) }
        if sheet.hasReview { analysis.reviews = QualityReviewSummary(analysis.matches) }
        return analysis
    }

    /// Agreement on grades over some matches: weighted kappa only when they share one complete
    /// grade scale.
    static func summarise(_ matches: [Match], scales: GradeScales) -> AgreementSummary {
        var distinct: [GradeScale] = []
        for m in matches {
            let s = scales.scale(for: m.result)
            if !distinct.contains(where: { $0.grades == s.grades }) { distinct.append(s) }
        }
        if distinct.count == 1, let scale = distinct.first {
            var table = AgreementTable(categories: scale.grades)
            for m in matches { table.add(m.result.gradeIndex, m.humanGradeIndex) }
            let reason =
                scale.complete
                ? nil : "the full grade list is not known (it was inferred from the results); give --rules so the distance between grades is known"
            return AgreementSummary(table: table, unorderedReason: reason)
        }
        var categories: [String] = []
        for s in distinct { for g in s.grades where !categories.contains(g) { categories.append(g) } }
        var table = AgreementTable(categories: categories)
        for m in matches {
            if let i = categories.firstIndex(of: m.result.grade), let j = categories.firstIndex(of: m.humanGrade) { table.add(i, j) }
        }
        return AgreementSummary(
            table: table,
            unorderedReason: distinct.isEmpty
                ? nil : "these decisions span \(distinct.count) grade scales, so there is no one order of grades; see the figures per ruleset")
    }
}
