/// Draws a reproducible moderation sample from a cohort's results, following a `SamplePlan`.
///
/// 1. Results are put in a fixed order (assessor, learner, unit, ruleset), so the draw does not
///    depend on the order files were read; a learner with two results for one unit keeps the first.
/// 2. Each result gets a weight: 1, times the borderline weight when it is borderline, times the
///    referred weight when it has the lowest grade, times the overridden weight when an assessor
///    overrode one of the engine's decisions.
/// 3. For each assessor (in order of id), their quota — the share of their submissions rounded
///    up, at least the minimum, at most all of them — is drawn without replacement, each draw
///    picking a result with probability proportional to its weight.
/// 4. With "every grade", each grade awarded in the cohort (per ruleset version) that the sample
///    lacks gets one more draw among the results with that grade.
/// 5. Per unit (`UnitCoverage`): the highest and lowest non-zero totals, a pick in each band of
///    a spread of marks, and draws up to the size table's sample size, when the plan asks.
/// 6. CAMERA strata (`StrataCoverage`): each method, centre and group no pick has gets a draw.
///
/// In the extended sample of staged moderation, the assessors stage 1 flagged
/// (`SamplePlan.flaggedAssessors`) have their share and minimum doubled and their results' weight
/// doubled, so the further sample looks harder where the differences were.
///
/// Draws use `SplitMix64` with integer weights only, so a seed gives the same sample everywhere.
public enum Sampler {
    /// One submission picked.
    public struct Pick: Sendable {
        /// The result.
        public var record: ResultRecord
        /// Why it was drawn, and what raised its weight.
        public var reasons: [String]
        /// Its weight in the draw.
        public var weight: Int
    }

    /// One assessor's line of the sample.
    public struct AssessorQuota: Sendable, Equatable {
        public var assessor: String
        public var submissions: Int
        /// Their share in hundredths of a percent.
        public var share: Int
        public var isNew: Bool
        /// Whether stage 1 of moderation flagged the assessor (their share and minimum doubled).
        public var isFlagged = false
        public var quota: Int
        /// Picks for this assessor (quota plus any grade-coverage picks).
        public var sampled: Int
    }

    /// A grade of a ruleset version: how many in the cohort and in the sample.
    public struct GradeCount: Sendable, Equatable {
        public var ruleset: String
        public var grade: String
        public var cohort: Int
        public var sampled: Int
    }

    /// The sample.
    public struct Selection: Sendable {
        /// The plan used.
        public var plan: SamplePlan
        /// Results considered (after duplicates were dropped).
        public var population: Int
        /// Duplicate results dropped.
        public var duplicates: Int
        /// Borderline and referred counts in the cohort.
        public var borderline: Int
        public var referred: Int
        /// Submissions with an assessor's override in the cohort.
        public var overridden = 0
        /// The picks, in draw order.
        public var picks: [Pick]
        /// Per assessor.
        public var assessors: [AssessorQuota]
        /// Per grade, per ruleset version: cohort and sample counts (grades of the scale that no
        /// submission has are listed with 0, when the scale is known).
        public var grades: [GradeCount]
    }

    /// Why a result is borderline, or nil.
    public static func borderline(_ r: ResultRecord, scale: GradeScale, margin: Double) -> String? {
        let g = r.gradeIndex
        let total = Marks(nearest: r.total)
        if r.floorsFailed.isEmpty, g < scale.boundaries.count, let ownValue = scale.boundaries[g], total >= Marks(nearest: ownValue),
            (total - Marks(nearest: ownValue)).double <= margin
        {
            let own = Marks(nearest: ownValue)
            let d = total - own
            return d == .zero
                ? "on the \(r.grade) boundary (\(JSONWriter.format(own)) marks)"
                : "\(JSONWriter.format(d)) mark\(d == Marks(1) ? "" : "s") above the \(r.grade) boundary (\(JSONWriter.format(own)))"
        }
        if let next = r.nextGrade {
            // The engine's next steps: "Gain N more marks: …" steps, and the others (points to
            // meet, floors to reach). Marks alone short, or one other step alone, is borderline.
            let marksSteps = r.nextSteps.compactMap(GradeScales.marksShort)
            let otherSteps = r.nextSteps.filter { GradeScales.marksShort($0) == nil }
            var short: Double?
            var boundary: Double?
            if g + 1 < scale.boundaries.count, let b = scale.boundaries[g + 1], total < Marks(nearest: b) {
                short = (Marks(nearest: b) - total).double
                boundary = b
            } else {
                short = marksSteps.first
            }
            if otherSteps.isEmpty, let short, short <= margin {
                return "\(JSONWriter.format(short)) mark\(short == 1 ? "" : "s") short of \(next)" + (boundary.map { " (boundary \(JSONWriter.format($0)))" } ?? "")
            }
            if otherSteps.count == 1, marksSteps.isEmpty {
                return "one step short of \(next): " + Sampler.shortened(otherSteps[0])
            }
        }
        return nil
    }

    static func shortened(_ text: String, limit: Int = 90) -> String {
        guard text.count > limit else { return text }
        var cut = String(text.prefix(limit))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut + " …"
    }

    /// Draws the sample. `assessorLabel` names an assessor in the reasons (a pseudonym in a
    /// pseudonymised report); the draw itself always uses the real ids, so the sample is the same.
    public static func draw(
        _ input: [ResultRecord], plan: SamplePlan, scales: GradeScales, assessorLabel: (String) -> String = { $0 }
    ) -> Selection {
        let ordered = input.sorted {
            ($0.assessor, $0.learner, $0.unit, $0.rulesetID, $0.rulesetVersion, $0.origin)
                < ($1.assessor, $1.learner, $1.unit, $1.rulesetID, $1.rulesetVersion, $1.origin)
        }
        var seen: Set<String> = []
        var records: [ResultRecord] = []
        for r in ordered where seen.insert(r.learner + "\u{0}" + r.unit).inserted { records.append(r) }
        let duplicates = ordered.count - records.count

        var weights: [Int] = []
        var flags: [[String]] = []
        var borderlineCount = 0
        var referredCount = 0
        var overriddenCount = 0
        for r in records {
            var w = 1
            var f: [String] = []
            if let why = borderline(r, scale: scales.scale(for: r), margin: plan.borderlineMargin) {
                w *= plan.borderlineWeight
                f.append("borderline: \(why)" + (plan.borderlineWeight > 1 ? " (weight ×\(plan.borderlineWeight))" : ""))
                borderlineCount += 1
            }
            if r.gradeIndex == 0 {
                w *= plan.referredWeight
                f.append("referred: \(r.grade), the lowest grade" + (plan.referredWeight > 1 ? " (weight ×\(plan.referredWeight))" : ""))
                referredCount += 1
            }
            if !r.overrides.isEmpty {
                w *= plan.overriddenWeight
                let what = r.overrides.map { "\($0.targetName) \($0.engine) → \($0.decision) by \(assessorLabel($0.assessor))" }.joined(separator: "; ")
                f.append("overridden: \(what)" + (plan.overriddenWeight > 1 ? " (weight ×\(plan.overriddenWeight))" : ""))
                overriddenCount += 1
            }
            if plan.flaggedAssessors.contains(r.assessor) {
                w *= SamplePlan.flaggedFactor
                f.append("flagged at stage 1: \(assessorLabel(r.assessor))'s moderated marks were outside the tolerance (weight ×\(SamplePlan.flaggedFactor))")
            }
            weights.append(w)
            flags.append(f)
        }

        var rng = SplitMix64(seed: plan.seed)
        var picked = [Bool](repeating: false, count: records.count)
        var picks: [Pick] = []
        /// Draws one index among `candidates` (not yet picked) in proportion to weight.
        func drawOne(_ candidates: [Int]) -> Int? {
            let open = candidates.filter { !picked[$0] }
            let total = open.reduce(0) { $0 + weights[$1] }
            guard total > 0 else { return nil }
            var r = Int(rng.below(UInt64(total)))
            for i in open {
                if r < weights[i] { return i }
                r -= weights[i]
            }
            return open.last
        }

        var quotas: [AssessorQuota] = []
        let assessors = Set(records.map(\.assessor)).sorted()
        for a in assessors {
            let mine = records.indices.filter { records[$0].assessor == a }
            let isNew = plan.newAssessors.contains(a)
            let isFlagged = plan.flaggedAssessors.contains(a)
            let factor = isFlagged ? SamplePlan.flaggedFactor : 1
            let share = min(10000, (isNew ? plan.newAssessorShare : plan.share) * factor)
            let minimum = plan.minimum * factor
            let quota = min(mine.count, max(minimum, (mine.count * share + 9999) / 10000))
            for n in 0..<quota {
                guard let i = drawOne(mine) else { break }
                picked[i] = true
                let why = "drawn for \(assessorLabel(a))'s share: \(n + 1) of \(quota) from \(mine.count) (" + (isNew ? "new assessor, " : "")
                    + (isFlagged ? "flagged at stage 1, " : "") + "\(SamplePlan.percentText(share)), at least \(minimum))"
                picks.append(Pick(record: records[i], reasons: [why] + flags[i], weight: weights[i]))
            }
            quotas.append(
                AssessorQuota(assessor: a, submissions: mine.count, share: share, isNew: isNew, isFlagged: isFlagged, quota: quota, sampled: quota))
        }

        // Grades per ruleset version, in scale order.
        var keys: [String] = []
        for r in records {
            let k = GradeScales.key(r.rulesetID, r.rulesetVersion)
            if !keys.contains(k) { keys.append(k) }
        }
        keys.sort()
        var grades: [GradeCount] = []
        for k in keys {
            let members = records.indices.filter { GradeScales.key(records[$0].rulesetID, records[$0].rulesetVersion) == k }
            let scale = scales.scale(for: records[members[0]])
            let indices = Set(members.map { records[$0].gradeIndex })
            let top = max(scale.grades.count - 1, indices.max() ?? 0)
            for g in 0...top {
                let ofGrade = members.filter { records[$0].gradeIndex == g }
                // A grade nobody reached is listed when its name is known.
                if ofGrade.isEmpty && (g >= scale.grades.count || scale.grades[g].hasPrefix("(grade ")) { continue }
                let name = ofGrade.first.map { records[$0].grade } ?? scale.grades[g]
                if plan.everyGrade, !ofGrade.isEmpty, !ofGrade.contains(where: { picked[$0] }), let i = drawOne(ofGrade) {
                    picked[i] = true
                    let why = "drawn so that \(name) (\(k)) is represented: \(ofGrade.count) in the cohort, none drawn for the assessors' shares"
                    picks.append(Pick(record: records[i], reasons: [why] + flags[i], weight: weights[i]))
                    if let q = quotas.firstIndex(where: { $0.assessor == records[i].assessor }) { quotas[q].sampled += 1 }
                }
                grades.append(GradeCount(ruleset: k, grade: name, cohort: ofGrade.count, sampled: ofGrade.filter { picked[$0] }.count))
            }
        }
        /// Adds the pick of result `i` for `why`.
        func take(_ i: Int, _ why: String) {
            picked[i] = true
            picks.append(Pick(record: records[i], reasons: [why] + flags[i], weight: weights[i]))
            if let q = quotas.firstIndex(where: { $0.assessor == records[i].assessor }) { quotas[q].sampled += 1 }
        }
        UnitCoverage.cover(
            records, plan: plan, isPicked: { picked[$0] }, draw: drawOne,
            take: take,
            note: { i, why in
                if let p = picks.firstIndex(where: { $0.record == records[i] }) { picks[p].reasons.insert(why, at: 1) }
            })
        StrataCoverage.cover(
            records, plan: plan, isPicked: { picked[$0] }, draw: drawOne,
            take: take)
        for k in grades.indices {
            grades[k].sampled = picks.filter { GradeScales.key($0.record.rulesetID, $0.record.rulesetVersion) == grades[k].ruleset && $0.record.grade == grades[k].grade }.count
        }
        var selection = Selection(
            plan: plan, population: records.count, duplicates: duplicates, borderline: borderlineCount, referred: referredCount, picks: picks,
            assessors: quotas, grades: grades)
        selection.overridden = overriddenCount
        return selection
    }
}
