/// Agreement among several raters who marked the same submissions (a standardisation
/// exercise, or blind re-marking by several moderators), from a decisions file with a `rater`
/// column: per ruleset version (one grade scale), Fleiss' kappa, Krippendorff's alpha (nominal
/// and ordinal) and Cohen's kappa for each pair of raters, each with a seeded bootstrap
/// confidence interval, and a warning when too few submissions were rated by two or more.
public struct RaterAgreement: Sendable {
    /// A statistic with its bootstrap interval (nil when no draw defines it).
    public struct Estimate: Sendable {
        /// The statistic on all the units.
        public var statistic: Statistic
        /// The percentile bootstrap interval.
        public var interval: BootstrapInterval?
    }

    /// Cohen's kappa for one pair of raters.
    public struct Pair: Sendable {
        /// The two raters, in order of name.
        public var first: String
        public var second: String
        /// Submissions both rated.
        public var units: Int
        /// The kappa and its interval.
        public var kappa: Estimate
    }

    /// The figures for one ruleset version.
    public struct Group: Sendable {
        /// The ruleset version (`id version`).
        public var ruleset: String
        /// The ratings: one row per learner's submission, one column per rater.
        public var matrix: RatingMatrix
        /// Fleiss' kappa and Krippendorff's alpha.
        public var fleiss: Estimate
        public var alphaNominal: Estimate
        public var alphaOrdinal: Estimate
        /// Cohen's kappa per pair of raters.
        public var pairs: [Pair]
        /// The small-sample warning, when fewer than `BootstrapInterval.minimumUnits` units
        /// were rated by two or more raters.
        public var warning: String?
    }

    /// One group per ruleset version with decisions by two or more raters.
    public var groups: [Group]
    /// Bootstrap draws per interval, and the seed.
    public var replicates: Int
    public var seed: UInt64

    /// The raters' decisions among the matches (those with a `rater`), grouped by ruleset.
    public static func analyse(_ a: DecisionAgreement, scales: GradeScales, replicates: Int = 1000, seed: UInt64 = 1) -> RaterAgreement {
        let rated = a.matches.filter { $0.decision.rater != nil }
        let keys = Set(rated.map { GradeScales.key($0.result.rulesetID, $0.result.rulesetVersion) }).sorted()
        var groups: [Group] = []
        for key in keys {
            let members = rated.filter { GradeScales.key($0.result.rulesetID, $0.result.rulesetVersion) == key }
            let scale = scales.scale(for: members[0].result)
            let raters = Set(members.compactMap(\.decision.rater)).sorted()
            // One rater is no agreement among raters (the engine-against-human figures cover it).
            guard raters.count >= 2 else { continue }
            let units = Set(members.map { $0.result.learner + "\u{0}" + $0.result.unit }).sorted()
            var ratings = Array(repeating: [Int?](repeating: nil, count: raters.count), count: units.count)
            for m in members {
                guard let u = units.firstIndex(of: m.result.learner + "\u{0}" + m.result.unit), let r = raters.firstIndex(of: m.decision.rater!) else { continue }
                ratings[u][r] = m.humanGradeIndex
            }
            let matrix = RatingMatrix(categories: scale.grades, raters: raters, units: units.map { String($0.split(separator: "\u{0}")[0]) }, ratings: ratings)
            func estimate(_ statistic: @escaping (RatingMatrix) -> Statistic) -> Estimate {
                Estimate(statistic: statistic(matrix), interval: BootstrapInterval.interval(matrix, replicates: replicates, seed: seed, statistic: statistic))
            }
            let ordinal: Estimate =
                scale.complete
                ? estimate { RaterStatistics.krippendorffAlpha($0, level: .ordinal) }
                : Estimate(statistic: .undefined("the full grade list is not known (it was inferred from the results); give --rules"), interval: nil)
            let pairs = RaterStatistics.pairwiseKappa(matrix).enumerated().map { i, p in
                Pair(first: p.first, second: p.second, units: p.units, kappa: estimate { RaterStatistics.pairwiseKappa($0)[i].kappa })
            }
            groups.append(
                Group(
                    ruleset: key, matrix: matrix, fleiss: estimate(RaterStatistics.fleissKappa),
                    alphaNominal: estimate { RaterStatistics.krippendorffAlpha($0, level: .nominal) }, alphaOrdinal: ordinal, pairs: pairs,
                    warning: BootstrapInterval.warning(units: matrix.pairable)))
        }
        return RaterAgreement(groups: groups, replicates: replicates, seed: seed)
    }
}
