import Testing

@testable import MarkCore

/// Landis and Koch's words for kappa (docs/moderation.md, "How to read them"): below 0 poor, up to
/// 0.20 slight, 0.21–0.40 fair, 0.41–0.60 moderate, 0.61–0.80 substantial, above 0.80 almost
/// perfect. The bands are written to two decimals; `Agreement.strength` cuts between them at
/// 0.205, 0.405, 0.605 and 0.805.
@Suite struct AgreementEdgeTests {
    @Test func poorBelowZeroSlightFromZero() {
        #expect(Agreement.strength(-1) == "poor")
        #expect(Agreement.strength(-0.0001) == "poor")
        #expect(Agreement.strength(-Double.ulpOfOne) == "poor")
        #expect(Agreement.strength(0) == "slight")
        #expect(Agreement.strength(-0.0) == "slight")
        #expect(Agreement.strength(0.0001) == "slight")
    }

    @Test func eachBandAtItsTwoDecimalEnds() {
        let cases: [(Double, String)] = [
            (0.20, "slight"), (0.21, "fair"),
            (0.40, "fair"), (0.41, "moderate"),
            (0.60, "moderate"), (0.61, "substantial"),
            (0.80, "substantial"), (0.81, "almost perfect"),
            (1, "almost perfect"),
        ]
        for (kappa, word) in cases {
            #expect(Agreement.strength(kappa) == word, "\(kappa)")
        }
    }

    @Test func theCutsBetweenTheTwoDecimalBands() {
        // Between 0.20 and 0.21, 0.40 and 0.41, 0.60 and 0.61: the nearer band at two decimals.
        let cases: [(Double, String)] = [
            (0.2049, "slight"), (0.205, "fair"), (0.2051, "fair"),
            (0.4049, "fair"), (0.405, "moderate"), (0.4051, "moderate"),
            (0.6049, "moderate"), (0.605, "substantial"), (0.6051, "substantial"),
            (0.8049, "substantial"), (0.805, "almost perfect"), (0.8051, "almost perfect"),
        ]
        for (kappa, word) in cases {
            #expect(Agreement.strength(kappa) == word, "\(kappa)")
        }
    }

    @Test func bandsAreReadAtTwoDecimalPlaces() {
        // docs/moderation.md: a kappa is placed by its value rounded to two decimal places.
        #expect(Agreement.strength(0.803) == "substantial")
        #expect(Agreement.strength(0.8049) == "substantial")
        #expect(Agreement.strength(0.805) == "almost perfect")
        #expect(Agreement.strength(0.2049) == "slight")
        #expect(Agreement.strength(0.205) == "fair")
    }

    @Test func computedKappasAtTheEnds() {
        // Agreement no better than chance: exactly 0, "slight". Systematic disagreement: −1, "poor".
        let chance = AgreementTable(categories: ["Fail", "Pass"], counts: [[1, 1], [1, 1]])
        #expect(Agreement.cohensKappa(chance) == .value(0))
        #expect(ModerationText.statistic(Agreement.cohensKappa(chance), strength: true) == "0.0000 (slight)")
        let opposite = AgreementTable(categories: ["Fail", "Pass"], counts: [[0, 1], [1, 0]])
        #expect(Agreement.cohensKappa(opposite) == .value(-1))
        #expect(ModerationText.statistic(Agreement.cohensKappa(opposite), strength: true) == "-1.0000 (poor)")
        let perfect = AgreementTable(categories: ["Fail", "Pass"], counts: [[2, 0], [0, 3]])
        #expect(Agreement.cohensKappa(perfect) == .value(1))
        #expect(ModerationText.statistic(Agreement.cohensKappa(perfect), strength: true) == "1.0000 (almost perfect)")
        // p_o = 0.8, p_e = 0.5: kappa 0.6, "moderate" (0.61 would be substantial).
        let sixty = AgreementTable(categories: ["Fail", "Pass"], counts: [[4, 1], [1, 4]])
        #expect(abs(Agreement.cohensKappa(sixty).value! - 0.6) < 1e-12)
        #expect(ModerationText.statistic(Agreement.cohensKappa(sixty), strength: true) == "0.6000 (moderate)")
        // p_o = 0.6, p_e = 0.5: kappa 0.2, "slight".
        let twenty = AgreementTable(categories: ["Fail", "Pass"], counts: [[3, 2], [2, 3]])
        #expect(abs(Agreement.cohensKappa(twenty).value! - 0.2) < 1e-12)
        #expect(ModerationText.statistic(Agreement.cohensKappa(twenty), strength: true) == "0.2000 (slight)")
    }
}
