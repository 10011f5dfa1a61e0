import Foundation
import Testing

@testable import MarkCore

/// Several raters: Fleiss' kappa, Krippendorff's alpha and pairwise Cohen's kappa checked
/// against published worked examples, and the seeded bootstrap interval.
@Suite struct RaterStatisticsTests {
    /// A matrix from per-unit category counts: each unit's ratings go to raters 1, 2, … in order.
    static func fromCounts(_ counts: [[Int]]) -> RatingMatrix {
        let raters = counts[0].reduce(0, +)
        let rows: [[Int?]] = counts.map { row in row.enumerated().flatMap { j, c in Array(repeating: Optional(j), count: c) } }
        return RatingMatrix(
            categories: counts[0].indices.map { "c\($0 + 1)" }, raters: (1...raters).map { "R\($0)" }, units: counts.indices.map { "U\($0 + 1)" }, ratings: rows)
    }

    /// The worked example of Wikipedia's "Fleiss' kappa" article: 10 subjects, 14 raters, 5
    /// categories; published P̄ = 0.378, P̄e = 0.213, κ = 0.210.
    static let fleissExample = [
        [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
    ]

    /// Krippendorff's (2011) "Computing Krippendorff's alpha-reliability", example C: 4
    /// observers, 12 units, values 1–5, missing data; published α nominal 0.743, ordinal 0.815.
    static let krippendorffExample: [[Int?]] = [
        [1, 1, nil, 1], [2, 2, 3, 2], [3, 3, 3, 3], [3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 3, 4],
        [4, 4, 4, 4], [1, 1, 2, 1], [2, 2, 2, 2], [nil, 5, 5, 5], [nil, nil, 1, 1], [nil, nil, 3, nil],
    ]

    static var krippendorff: RatingMatrix {
        RatingMatrix(
            categories: ["1", "2", "3", "4", "5"], raters: ["A", "B", "C", "D"], units: (1...12).map { "u\($0)" },
            ratings: krippendorffExample.map { $0.map { $0.map { $0 - 1 } } })
    }

    static func rounded(_ s: Statistic, _ places: Double = 3) -> Double? {
        s.value.map { ($0 * pow(10, places)).rounded() / pow(10, places) }
    }

    @Test func fleissKappaMatchesThePublishedExample() {
        let kappa = RaterStatistics.fleissKappa(Self.fromCounts(Self.fleissExample))
        #expect(Self.rounded(kappa) == 0.210)
        // Exact: (A·D − C·B) / (B·(D − C)) with A = 688, B = 1820, C = 4170, D = 19600.
        #expect(kappa.value == (688.0 * 19600 - 4170.0 * 1820) / (1820.0 * (19600 - 4170)))
    }

    @Test func krippendorffsAlphaMatchesThePublishedExample() {
        #expect(Self.rounded(RaterStatistics.krippendorffAlpha(Self.krippendorff, level: .nominal)) == 0.743)
        #expect(Self.rounded(RaterStatistics.krippendorffAlpha(Self.krippendorff, level: .ordinal)) == 0.815)
        #expect(Self.krippendorff.pairable == 11, "unit 12 has one rating and carries no information")
    }

    @Test func fleissNeedsTheSameNumberOfRatingsPerUnit() {
        #expect(RaterStatistics.fleissKappa(Self.krippendorff).reason?.contains("do not all have the same number of ratings") == true)
        let one = Self.fromCounts([[3, 0], [3, 0]])
        #expect(RaterStatistics.fleissKappa(one).reason == "every rating is in one category, so agreement by chance is certain")
        #expect(RaterStatistics.krippendorffAlpha(one, level: .nominal).value == nil)
    }

    @Test func twoRatersWithoutMissingDataAgreeWithCohen() {
        // Two raters: pairwise Cohen's kappa is the two-rater statistic; alpha differs by its small-sample correction.
        let m = RatingMatrix(
            categories: ["Fail", "Pass", "Merit"], raters: ["A", "B"], units: (1...6).map { "L\($0)" },
            ratings: [[0, 0], [1, 1], [2, 2], [1, 2], [0, 1], [2, 2]])
        let pairs = RaterStatistics.pairwiseKappa(m)
        #expect(pairs.count == 1 && pairs[0].units == 6)
        let table = AgreementTable(categories: m.categories, counts: [[1, 1, 0], [0, 1, 1], [0, 0, 2]])
        #expect(pairs[0].kappa == AgreementSummary(table: table).kappa)
    }

    @Test func pairwiseKappaCoversEveryPairOverSharedUnits() {
        let pairs = RaterStatistics.pairwiseKappa(Self.krippendorff)
        #expect(pairs.map { "\($0.first)-\($0.second):\($0.units)" } == ["A-B:9", "A-C:8", "A-D:9", "B-C:9", "B-D:10", "C-D:10"])
    }

    @Test func theBootstrapIsSeededAndBracketsTheEstimate() throws {
        let m = Self.fromCounts(Self.fleissExample)
        let a = try #require(BootstrapInterval.interval(m, replicates: 500, seed: 7, statistic: RaterStatistics.fleissKappa))
        let b = try #require(BootstrapInterval.interval(m, replicates: 500, seed: 7, statistic: RaterStatistics.fleissKappa))
        #expect(a == b, "the same seed gives the same interval")
        let c = try #require(BootstrapInterval.interval(m, replicates: 500, seed: 8, statistic: RaterStatistics.fleissKappa))
        #expect(c != a, "another seed, other draws")
        let kappa = try #require(RaterStatistics.fleissKappa(m).value)
        #expect(a.lower < kappa && kappa < a.upper)
        #expect(a.defined == 500)
    }

    @Test func percentilesInterpolateBetweenOrderStatistics() {
        #expect(BootstrapInterval.percentile([1, 2, 3, 4, 5], 0.5) == 3)
        #expect(BootstrapInterval.percentile([1, 2, 3, 4, 5], 0.025) == 1.1)
        #expect(BootstrapInterval.percentile([10], 0.975) == 10)
    }

    @Test func fewUnitsCarryAWarning() {
        #expect(BootstrapInterval.warning(units: 12) == "only 12 units rated by two or more raters (fewer than 30): treat these figures and their intervals with caution")
        #expect(BootstrapInterval.warning(units: 30) == nil)
    }
}
