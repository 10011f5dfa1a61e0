/// A statistic that the data may leave undefined (no pairs, one category only); then it says why
/// instead of giving NaN.
public enum Statistic: Sendable, Equatable {
    /// The value.
    case value(Double)
    /// Not defined for this data, and why, in words a moderator understands.
    case undefined(String)

    /// The value, or nil when undefined.
    public var value: Double? {
        if case .value(let v) = self { return v }
        return nil
    }

    /// Why the statistic is undefined, or nil when it has a value.
    public var reason: String? {
        if case .undefined(let r) = self { return r }
        return nil
    }
}

/// How disagreements between ordered categories are weighted.
public enum KappaWeighting: String, Sendable, CaseIterable {
    /// Every disagreement counts fully (Cohen's kappa).
    case unweighted
    /// Agreement weight `1 - |i - j| / (k - 1)`.
    case linear
    /// Agreement weight `1 - (i - j)² / (k - 1)²` (Fleiss and Cohen).
    case quadratic
}

/// A square table of paired ratings: row = the first rater's category, column = the second's.
/// Categories are in their order (lowest first) so that weighted kappa can use the distance
/// between them.
public struct AgreementTable: Sendable, Equatable {
    /// Category names, ordered.
    public var categories: [String]
    /// `counts[i][j]`: how many items the first rater put in category i and the second in j.
    public var counts: [[Int]]

    /// An empty table over the categories.
    public init(categories: [String]) {
        self.categories = categories
        self.counts = Array(repeating: Array(repeating: 0, count: categories.count), count: categories.count)
    }

    /// A table with the given counts; `counts` must be square with one row per category.
    public init(categories: [String], counts: [[Int]]) {
        precondition(counts.count == categories.count && counts.allSatisfy { $0.count == categories.count }, "the table must be square")
        self.categories = categories
        self.counts = counts
    }

    /// Adds one pair of ratings, by category index.
    public mutating func add(_ first: Int, _ second: Int) {
        counts[first][second] += 1
    }

    /// The number of pairs.
    public var total: Int { counts.reduce(0) { $0 + $1.reduce(0, +) } }

    /// Pairs on the diagonal (both raters chose the same category).
    public var agreed: Int { categories.indices.reduce(0) { $0 + counts[$1][$1] } }

    /// The first rater's total per category.
    public var rowTotals: [Int] { counts.map { $0.reduce(0, +) } }

    /// The second rater's total per category.
    public var columnTotals: [Int] {
        categories.indices.map { j in counts.reduce(0) { $0 + $1[j] } }
    }
}

/// Agreement between two raters over the same items: percent agreement, Cohen's kappa, and
/// weighted kappa for ordered categories.
///
/// With n items, `p_ij` the share of items in cell (i, j), row and column shares `p_i.` and `p_.j`,
/// and agreement weights `w_ij` (1 on the diagonal):
///
/// - observed agreement `p_o = Σ w_ij p_ij`; expected (chance) agreement `p_e = Σ w_ij p_i. p_.j`;
/// - kappa `κ = (p_o − p_e) / (1 − p_e)`.
///
/// Cohen's kappa (Cohen 1960) has `w_ij = 1` when `i = j`, else 0; linear weights are
/// `1 − |i − j| / (k − 1)` and quadratic weights `1 − (i − j)² / (k − 1)²` (Cohen 1968;
/// Fleiss and Cohen 1973). Sums are computed on whole numbers (weights scaled by `k − 1` or
/// `(k − 1)²`), so the result does not depend on the order of additions.
public enum Agreement {
    /// The share of items on which the raters chose the same category (0…1).
    public static func percentAgreement(_ table: AgreementTable) -> Statistic {
        let n = table.total
        guard n > 0 else { return .undefined(noPairs) }
        return .value(Double(table.agreed) / Double(n))
    }

    /// Cohen's kappa: agreement corrected for the agreement expected by chance.
    public static func cohensKappa(_ table: AgreementTable) -> Statistic {
        kappa(table, weighting: .unweighted)
    }

    /// Weighted kappa over ordered categories (linear or quadratic weights).
    public static func weightedKappa(_ table: AgreementTable, weighting: KappaWeighting) -> Statistic {
        kappa(table, weighting: weighting)
    }

    /// Kappa with the given weighting (`.unweighted` is Cohen's kappa).
    public static func kappa(_ table: AgreementTable, weighting: KappaWeighting) -> Statistic {
        let n = table.total
        guard n > 0 else { return .undefined(noPairs) }
        let k = table.categories.count
        guard k >= 2 else {
            return .undefined("kappa needs at least two categories to tell agreement from chance; there is only \(table.categories.first.map { "'\($0)'" } ?? "none")")
        }
        let (observed, expected, scale) = weightedSums(table, weighting: weighting)
        // κ = (p_o − p_e) / (1 − p_e) with p_o = observed / (scale·n), p_e = expected / (scale·n²).
        let nn = Double(n)
        let denominator = scale * nn * nn - expected
        guard denominator > 0 else {
            let used = Set(table.rowTotals.indices.filter { table.rowTotals[$0] > 0 || table.columnTotals[$0] > 0 })
            let only = used.count == 1 ? " ('\(table.categories[used.first!])')" : ""
            return .undefined("kappa is undefined: both raters put every item in the same category\(only), so the agreement expected by chance is already 100%")
        }
        return .value((observed * nn - expected) / denominator)
    }

    /// Observed agreement `p_o` with the given weights (for `.unweighted`, the percent agreement).
    public static func observedAgreement(_ table: AgreementTable, weighting: KappaWeighting) -> Double? {
        let n = table.total
        guard n > 0, table.categories.count >= 2 || weighting == .unweighted else { return nil }
        let (observed, _, scale) = weightedSums(table, weighting: weighting)
        return observed / (scale * Double(n))
    }

    /// Agreement expected by chance `p_e` with the given weights.
    public static func expectedAgreement(_ table: AgreementTable, weighting: KappaWeighting) -> Double? {
        let n = table.total
        guard n > 0, table.categories.count >= 2 || weighting == .unweighted else { return nil }
        let (_, expected, scale) = weightedSums(table, weighting: weighting)
        return expected / (scale * Double(n) * Double(n))
    }

    /// The agreement weight of cell (i, j) among k ordered categories.
    public static func weight(_ i: Int, _ j: Int, categories k: Int, weighting: KappaWeighting) -> Double {
        let (w, scale) = scaledWeight(i, j, categories: k, weighting: weighting)
        return w / scale
    }

    /// Landis and Koch's (1977) words for a kappa value, a common (if rough) guide.
    public static func strength(_ kappa: Double) -> String {
        switch kappa {
        case ..<0: "poor"
        case ..<0.205: "slight"
        case ..<0.405: "fair"
        case ..<0.605: "moderate"
        case ..<0.805: "substantial"
        default: "almost perfect"
        }
    }

    static let noPairs = "there are no pairs of ratings to compare"

    /// Whole-number weight of a cell and the scale it is divided by.
    static func scaledWeight(_ i: Int, _ j: Int, categories k: Int, weighting: KappaWeighting) -> (Double, Double) {
        let d = Double(abs(i - j))
        let m = Double(max(1, k - 1))
        switch weighting {
        case .unweighted: return (i == j ? 1 : 0, 1)
        case .linear: return (m - d, m)
        case .quadratic: return (m * m - d * d, m * m)
        }
    }

    /// `Σ W_ij o_ij`, `Σ W_ij r_i c_j` and the weight scale, all whole numbers held exactly in
    /// doubles (exact below 2^53).
    static func weightedSums(_ table: AgreementTable, weighting: KappaWeighting) -> (observed: Double, expected: Double, scale: Double) {
        let k = table.categories.count
        let rows = table.rowTotals
        let columns = table.columnTotals
        var observed = 0.0
        var expected = 0.0
        var scale = 1.0
        for i in 0..<k {
            for j in 0..<k {
                let (w, s) = scaledWeight(i, j, categories: k, weighting: weighting)
                scale = s
                observed += w * Double(table.counts[i][j])
                expected += w * Double(rows[i]) * Double(columns[j])
            }
        }
        return (observed, expected, scale)
    }
}

/// The agreement statistics for one table, as moderation reports print them.
public struct AgreementSummary: Sendable, Equatable {
    /// The paired ratings.
    public var table: AgreementTable
    /// Share of identical ratings.
    public var percent: Statistic
    /// Cohen's kappa.
    public var kappa: Statistic
    /// Weighted kappa, linear weights.
    public var linear: Statistic
    /// Weighted kappa, quadratic weights.
    public var quadratic: Statistic

    /// Computes every statistic; `unorderedReason` (when the two sides do not share one ordered
    /// scale) makes the weighted kappas undefined with that reason.
    public init(table: AgreementTable, unorderedReason: String? = nil) {
        self.table = table
        percent = Agreement.percentAgreement(table)
        kappa = Agreement.cohensKappa(table)
        if let unorderedReason {
            linear = .undefined(unorderedReason)
            quadratic = .undefined(unorderedReason)
        } else {
            linear = Agreement.weightedKappa(table, weighting: .linear)
            quadratic = Agreement.weightedKappa(table, weighting: .quadratic)
        }
    }
}
