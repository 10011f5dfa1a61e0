/// Staged moderation of a centre's marks, as awarding bodies practise it.
///
/// - **Stage 1**: the centre's marks (here the engine's results) stand when every moderated
///   submission's marks are within the tolerance of the moderator's.
/// - **Stage 2**, when one is outside: the pattern of the differences (moderator − centre) is
///   measured — the signed mean difference with a seeded bootstrap confidence interval, and each
///   assessor's bias (mean difference, range, how many outside) —, a further sample is drawn
///   from the submissions not yet moderated (weighted toward the assessors with a difference
///   outside the tolerance: `SamplePlan.flaggedAssessors`), and an action is proposed with its evidence: an
///   adjustment of the marks by the mean difference when the differences are one consistent
///   shift (the mean, to the nearest whole mark, brings every difference within the tolerance),
///   else a re-mark; for the assessors concerned when the others are within tolerance,
///   else for the cohort.
public struct StagedModeration: Sendable {
    /// One moderated submission's marks.
    public struct Difference: Sendable, Equatable {
        /// The learner, unit and the assessor whose marks these are.
        public var learner: String
        public var unit: String
        public var assessor: String
        /// The centre's marks (the engine's total) and the moderator's.
        public var centre: Double
        public var moderator: Double
        /// Moderator minus centre: negative when the centre was lenient.
        public var signed: Double { moderator - centre }
    }

    /// One assessor's pattern of differences.
    public struct AssessorBias: Sendable, Equatable {
        /// The assessor.
        public var assessor: String
        /// Moderated submissions with marks.
        public var n: Int
        /// The mean signed difference, the smallest and the largest.
        public var mean: Double
        public var smallest: Double
        public var largest: Double
        /// Differences outside the tolerance.
        public var outside: Int

        /// `lenient` (the centre marked higher than the moderator by more than the tolerance on
        /// average), `severe` (lower), `inconsistent` (some outside the tolerance, the average
        /// within it), or `within tolerance`.
        public func direction(tolerance: Double) -> String {
            mean < -tolerance - 1e-9 ? "lenient" : mean > tolerance + 1e-9 ? "severe" : outside > 0 ? "inconsistent" : "within tolerance"
        }
    }

    /// What the moderator proposes.
    public enum Proposal: Sendable, Equatable {
        /// Stage 1 passed: the marks stand.
        case marksStand
        /// Adjust the marks of the assessors named (every assessor's, when nil) by this many marks.
        case adjust(marks: Double, assessors: [String]?)
        /// Re-mark the work of the assessors named (the cohort's, when nil).
        case remark(assessors: [String]?)
    }

    /// The tolerance in marks.
    public var tolerance: Double
    /// Moderated submissions with marks, in learner order.
    public var differences: [Difference]
    /// Matched decisions without marks (not checked).
    public var withoutMarks: Int
    /// The signed mean difference and its bootstrap interval.
    public var mean: Double
    public var interval: BootstrapInterval?
    /// Per assessor, in order of id.
    public var byAssessor: [AssessorBias]
    /// The further sample (stage 2 only).
    public var extendedSample: Sampler.Selection?
    /// The proposal and the evidence for it, in sentences.
    public var proposal: Proposal
    public var evidence: [String]

    /// Whether stage 1 passed: at least one difference, none outside the tolerance.
    public var stands: Bool { proposal == .marksStand }

    /// Differences outside the tolerance.
    public var outside: [Difference] { differences.filter { abs($0.signed) > tolerance + 1e-9 } }

    /// Moderates: `agreement` sets the moderator's decisions against the results; `cohort` is
    /// every result of the centre (the extended sample is drawn from those not moderated).
    public static func moderate(
        _ agreement: DecisionAgreement, cohort: [ResultRecord], tolerance: Double, plan: SamplePlan, scales: GradeScales, seed: UInt64 = 1,
        assessorLabel: (String) -> String = { $0 }
    ) -> StagedModeration {
        var differences: [Difference] = []
        var withoutMarks = 0
        for m in agreement.matches {
            guard let moderator = m.decision.marks else {
                withoutMarks += 1
                continue
            }
            differences.append(
                Difference(learner: m.result.learner, unit: m.result.unit, assessor: m.result.assessor, centre: m.result.total, moderator: moderator))
        }
        differences.sort { ($0.learner, $0.unit) < ($1.learner, $1.unit) }
        let signed = differences.map(\.signed)
        let mean = Self.mean(signed)
        let interval = BootstrapInterval.interval(units: signed.count, seed: seed) { picks in Self.mean(picks.map { signed[$0] }) }
        var byAssessor: [AssessorBias] = []
        for a in Set(differences.map(\.assessor)).sorted() {
            let d = differences.filter { $0.assessor == a }.map(\.signed)
            byAssessor.append(
                AssessorBias(
                    assessor: a, n: d.count, mean: Self.mean(d), smallest: d.min()!, largest: d.max()!, outside: d.filter { abs($0) > tolerance + 1e-9 }.count))
        }
        var result = StagedModeration(
            tolerance: tolerance, differences: differences, withoutMarks: withoutMarks, mean: mean, interval: interval, byAssessor: byAssessor,
            extendedSample: nil, proposal: .marksStand, evidence: [])
        guard !differences.isEmpty else {
            result.proposal = .remark(assessors: nil)
            result.evidence = ["no moderated submission gives the moderator's marks, so stage 1 cannot pass: add a 'marks' column"]
            return result
        }
        let outside = result.outside
        let within = "±" + JSONWriter.format(tolerance)
        guard !outside.isEmpty else {
            let largest = signed.map(abs).max() ?? 0
            result.evidence = ["all \(differences.count) moderated submissions are within \(within) marks (largest difference \(JSONWriter.format(largest)))"]
            return result
        }
        // Stage 2.
        let moderated = Set(agreement.matches.map { $0.result.learner + "\u{0}" + $0.result.unit })
        let remainder = cohort.filter { !moderated.contains($0.learner + "\u{0}" + $0.unit) }
        let flagged = byAssessor.filter { $0.outside > 0 }.map(\.assessor)
        var extended = plan
        extended.flaggedAssessors = flagged
        if !remainder.isEmpty { result.extendedSample = Sampler.draw(remainder, plan: extended, scales: scales, assessorLabel: assessorLabel) }
        let confined = byAssessor.allSatisfy { flagged.contains($0.assessor) || $0.outside == 0 } && flagged.count < byAssessor.count
        let scope = confined ? flagged : nil
        let inScope = confined ? differences.filter { flagged.contains($0.assessor) }.map(\.signed) : signed
        let scopeMean = Self.mean(inScope)
        let spread = (inScope.max() ?? 0) - (inScope.min() ?? 0)
        let scopeInterval = confined ? BootstrapInterval.interval(units: inScope.count, seed: seed) { picks in Self.mean(picks.map { inScope[$0] }) } : interval
        let who = scope.map { "the marks of " + $0.map(assessorLabel).joined(separator: ", ") } ?? "the cohort's marks"
        var evidence = [
            "\(outside.count) of \(differences.count) moderated submissions differ by more than \(within) marks",
            confined
                ? "the differences outside tolerance are all in the marking of \(flagged.map(assessorLabel).joined(separator: ", ")); the other assessors' marks are within tolerance"
                : "differences outside tolerance are spread over the assessors (or one assessor marked the whole sample), so the cohort is concerned",
        ]
        let mean2 = ModerationText.fixed(scopeMean, places: 2)
        let ci = scopeInterval.map { " (95% interval \(ModerationText.fixed($0.lower, places: 2)) to \(ModerationText.fixed($0.upper, places: 2)))" } ?? ""
        evidence.append("mean difference (moderator − centre) for \(who): \(mean2) marks over \(inScope.count) submissions\(ci); spread \(JSONWriter.format(spread)) mark\(spread == 1 ? "" : "s")")
        let excludesZero = scopeInterval.map { $0.lower > 0 || $0.upper < 0 } ?? false
        let by = scopeMean.rounded()
        let fits = inScope.allSatisfy { abs($0 - by) <= tolerance + 1e-9 }
        if excludesZero && fits && inScope.count >= 2 && by != 0 {
            result.proposal = .adjust(marks: by, assessors: scope)
            evidence.append(
                "the differences are one consistent shift: the interval excludes 0, and adjusting \(who) by \(by > 0 ? "+" : "")\(JSONWriter.format(by)) marks (the mean, to the nearest mark) brings every one of them within \(within)")
        } else {
            result.proposal = .remark(assessors: scope)
            evidence.append(
                !excludesZero || inScope.count < 2
                    ? "the differences do not point one way (the interval includes 0, or there are fewer than 2), so no adjustment is supported: re-mark"
                    : "no single adjustment brings every difference within \(within) (spread \(JSONWriter.format(spread)) marks): re-mark")
        }
        result.evidence = evidence
        return result
    }

    static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }
}
