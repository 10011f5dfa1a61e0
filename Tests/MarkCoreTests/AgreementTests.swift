import Testing

@testable import MarkCore

/// Percent agreement, Cohen's kappa and weighted kappa against published worked examples, with
/// the expected values also computed independently here from the definitions.
@Suite struct AgreementTests {
    /// The common textbook 2×2 example (e.g. the "Cohen's kappa" worked example used in many
    /// statistics texts, after Cohen 1960): 50 items, rater A yes/no in rows, rater B in columns,
    /// [[20, 5], [10, 15]]. p_o = 35/50 = 0.7, p_e = (25·30 + 25·20)/50² = 0.5, κ = 0.2/0.5 = 0.4.
    @Test func textbookTwoByTwoGivesPointFour() throws {
        let t = AgreementTable(categories: ["yes", "no"], counts: [[20, 5], [10, 15]])
        #expect(t.total == 50)
        #expect(t.agreed == 35)
        let percent = try #require(Agreement.percentAgreement(t).value)
        #expect(abs(percent - 0.7) < 1e-12)
        let kappa = try #require(Agreement.cohensKappa(t).value)
        #expect(round4(kappa) == 0.4)
        #expect(abs(try #require(Agreement.expectedAgreement(t, weighting: .unweighted)) - 0.5) < 1e-12)
    }

    /// An ordinal example: two radiologists rating 85 xeromammograms as normal, benign, suspected
    /// cancer or cancer (Boyd et al. 1982, as tabulated in Altman 1991, Practical Statistics for
    /// Medical Research, pp. 403–405, and used in the Stata Base Reference Manual's [R] kappa
    /// example, data "rate2"). Published: observed agreement 63.53%, expected 30.82%,
    /// κ = 0.4728. The weighted values are computed below by the definition, independently of the
    /// implementation (disagreement weights and real-valued proportions, rather than the
    /// implementation's whole-number agreement weights).
    static let radiologists = AgreementTable(
        categories: ["normal", "benign", "suspect", "cancer"],
        counts: [
            [21, 12, 0, 0],
            [4, 17, 1, 0],
            [3, 9, 15, 2],
            [0, 0, 0, 1],
        ])

    /// κ_w = 1 − Σ v_ij p_ij / Σ v_ij p_i. p_.j with disagreement weights v_ij (Cohen 1968).
    static func byDefinition(_ t: AgreementTable, disagreement v: (Int, Int) -> Double) -> Double {
        let n = Double(t.total)
        let k = t.categories.count
        var rows = [Double](repeating: 0, count: k)
        var columns = [Double](repeating: 0, count: k)
        for i in 0..<k {
            for j in 0..<k {
                rows[i] += Double(t.counts[i][j]) / n
                columns[j] += Double(t.counts[i][j]) / n
            }
        }
        var observed = 0.0
        var expected = 0.0
        for i in 0..<k {
            for j in 0..<k {
                observed += v(i, j) * Double(t.counts[i][j]) / n
                expected += v(i, j) * rows[i] * columns[j]
            }
        }
        return 1 - observed / expected
    }

    @Test func radiologistsUnweightedMatchesPublishedValue() throws {
        let t = Self.radiologists
        #expect(round4(try #require(Agreement.percentAgreement(t).value)) == 0.6353)
        #expect(round4(try #require(Agreement.expectedAgreement(t, weighting: .unweighted))) == 0.3082)
        #expect(round4(try #require(Agreement.cohensKappa(t).value)) == 0.4728)
        let independent = Self.byDefinition(t) { $0 == $1 ? 0 : 1 }
        #expect(round4(independent) == 0.4728)
    }

    @Test func radiologistsLinearWeighted() throws {
        let t = Self.radiologists
        let expected = Self.byDefinition(t) { Double(abs($0 - $1)) / 3 }
        let actual = try #require(Agreement.weightedKappa(t, weighting: .linear).value)
        #expect(round4(actual) == round4(expected))
        #expect(round4(actual) == 0.5684)
    }

    @Test func radiologistsQuadraticWeighted() throws {
        let t = Self.radiologists
        let expected = Self.byDefinition(t) { Double(($0 - $1) * ($0 - $1)) / 9 }
        let actual = try #require(Agreement.weightedKappa(t, weighting: .quadratic).value)
        #expect(round4(actual) == round4(expected))
        #expect(round4(actual) == 0.6714)
        #expect(round4(try #require(Agreement.observedAgreement(t, weighting: .quadratic))) == 0.9477)
        #expect(round4(try #require(Agreement.expectedAgreement(t, weighting: .quadratic))) == 0.8409)
    }

    @Test func weightsFollowTheDefinitions() {
        #expect(Agreement.weight(0, 0, categories: 4, weighting: .linear) == 1)
        #expect(abs(Agreement.weight(0, 1, categories: 4, weighting: .linear) - 2.0 / 3) < 1e-12)
        #expect(abs(Agreement.weight(0, 1, categories: 4, weighting: .quadratic) - 8.0 / 9) < 1e-12)
        #expect(Agreement.weight(0, 3, categories: 4, weighting: .quadratic) == 0)
        #expect(Agreement.weight(1, 2, categories: 4, weighting: .unweighted) == 0)
    }

    @Test func perfectAgreementIsOne() {
        let t = AgreementTable(categories: ["Fail", "Pass", "Merit"], counts: [[3, 0, 0], [0, 5, 0], [0, 0, 2]])
        for w in KappaWeighting.allCases {
            #expect(Agreement.kappa(t, weighting: w) == .value(1), "\(w)")
        }
        #expect(Agreement.percentAgreement(t) == .value(1))
    }

    @Test func weightedKappaRewardsNearMisses() throws {
        // One grade apart against three apart, same diagonal: near misses score higher.
        let near = AgreementTable(categories: ["A", "B", "C", "D"], counts: [[2, 1, 0, 0], [0, 2, 0, 0], [0, 0, 2, 1], [0, 0, 0, 2]])
        let far = AgreementTable(categories: ["A", "B", "C", "D"], counts: [[2, 0, 0, 1], [0, 2, 0, 0], [0, 0, 2, 0], [1, 0, 0, 2]])
        let nq = try #require(Agreement.weightedKappa(near, weighting: .quadratic).value)
        let fq = try #require(Agreement.weightedKappa(far, weighting: .quadratic).value)
        #expect(nq > fq)
        #expect(fq < 0.5)
    }

    @Test func degenerateCasesSayWhyInsteadOfNaN() {
        let empty = AgreementTable(categories: ["Fail", "Pass"])
        for s in [Agreement.percentAgreement(empty), Agreement.cohensKappa(empty), Agreement.weightedKappa(empty, weighting: .quadratic)] {
            #expect(s.value == nil)
            #expect(s.reason?.contains("no pairs") == true)
        }
        let one = AgreementTable(categories: ["Pass"], counts: [[4]])
        #expect(Agreement.percentAgreement(one) == .value(1))
        #expect(Agreement.cohensKappa(one).reason?.contains("at least two categories") == true)
        let same = AgreementTable(categories: ["Fail", "Pass"], counts: [[0, 0], [0, 6]])
        let k = Agreement.cohensKappa(same)
        #expect(k.value == nil)
        #expect(k.reason?.contains("'Pass'") == true)
        #expect(k.reason?.contains("100%") == true)
        #expect(Agreement.weightedKappa(same, weighting: .linear).value == nil)
        let summary = AgreementSummary(table: same, unorderedReason: "scales differ")
        #expect(summary.quadratic == .undefined("scales differ"))
        #expect(ModerationText.statistic(summary.kappa).hasPrefix("not computed: "))
    }

    @Test func strengthWordsAndFixedDecimals() {
        #expect(Agreement.strength(-0.1) == "poor")
        #expect(Agreement.strength(0.4) == "fair")
        #expect(Agreement.strength(0.4728) == "moderate")
        #expect(Agreement.strength(0.6714) == "substantial")
        #expect(Agreement.strength(1) == "almost perfect")
        #expect(ModerationText.fixed(0.4) == "0.4000")
        #expect(ModerationText.fixed(0.67137) == "0.6714")
        #expect(ModerationText.fixed(-0.00001) == "0.0000")
        #expect(ModerationText.fixed(-0.25) == "-0.2500")
        #expect(ModerationText.percent(0.8333333) == "83.3%")
    }

    func round4(_ x: Double) -> Double { (x * 10000).rounded() / 10000 }
}
