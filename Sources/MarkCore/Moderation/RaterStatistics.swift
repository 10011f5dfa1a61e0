/// Ratings of several raters on the same units (learners' submissions): `ratings[u][r]` is rater
/// r's category index for unit u (lowest category 0), or nil when that rater did not rate it.
/// Categories are ordered, lowest first, for the ordinal statistic.
public struct RatingMatrix: Sendable, Equatable {
    /// Category names, lowest first.
    public var categories: [String]
    /// Rater names, in column order.
    public var raters: [String]
    /// Unit names, in row order.
    public var units: [String]
    /// `ratings[u][r]`: the category index rater r gave unit u, or nil.
    public var ratings: [[Int?]]

    /// Creates a matrix; every row has one cell per rater and every index names a category.
    public init(categories: [String], raters: [String], units: [String], ratings: [[Int?]]) {
        precondition(ratings.count == units.count && ratings.allSatisfy { $0.count == raters.count }, "one row per unit, one cell per rater")
        precondition(ratings.allSatisfy { $0.allSatisfy { $0.map { categories.indices.contains($0) } ?? true } }, "a rating names no category")
        self.categories = categories
        self.raters = raters
        self.units = units
        self.ratings = ratings
    }

    /// The matrix restricted to some units (repeats allowed), for resampling.
    func rows(_ picks: [Int]) -> RatingMatrix {
        RatingMatrix(categories: categories, raters: raters, units: picks.map { units[$0] }, ratings: picks.map { ratings[$0] })
    }

    /// Units rated by at least two raters (the only ones that carry information on agreement).
    public var pairable: Int { ratings.filter { $0.compactMap { $0 }.count >= 2 }.count }
}

/// Agreement among several raters (Fleiss 1971; Krippendorff 2004, 2011).
public enum RaterStatistics {
    /// Fleiss' kappa: agreement among a fixed number of raters per unit, beyond chance, over
    /// unordered categories. With N units, n ratings each and `n_uj` ratings of unit u in
    /// category j: `P̄ = (Σ n_uj² − N n) / (N n (n − 1))`, `P̄e = Σ_j (Σ_u n_uj / (N n))²` and
    /// `κ = (P̄ − P̄e) / (1 − P̄e)`. Computed from integer sums and one division, so exactly
    /// reproducible. Undefined when units have different numbers of ratings (use
    /// Krippendorff's alpha), fewer than two, or every rating is in one category.
    public static func fleissKappa(_ m: RatingMatrix) -> Statistic {
        let counts = m.ratings.map { row in m.categories.indices.map { j in row.filter { $0 == j }.count } }
        guard let n = counts.first?.reduce(0, +), !counts.isEmpty else { return .undefined("there are no ratings") }
        guard counts.allSatisfy({ $0.reduce(0, +) == n }) else {
            return .undefined("the units do not all have the same number of ratings; Fleiss' kappa needs that (Krippendorff's alpha does not)")
        }
        guard n >= 2 else { return .undefined("each unit needs at least two ratings") }
        let units = counts.count
        // κ = (A/B − C/D) / (1 − C/D) = (A·D − C·B) / (B·(D − C)), with integer A, B, C, D.
        let a = counts.reduce(0) { $0 + $1.reduce(0) { $0 + $1 * $1 } } - units * n
        let b = units * n * (n - 1)
        let columns = m.categories.indices.map { j in counts.reduce(0) { $0 + $1[j] } }
        let c = columns.reduce(0) { $0 + $1 * $1 }
        let d = (units * n) * (units * n)
        guard d != c else { return .undefined("every rating is in one category, so agreement by chance is certain") }
        return .value((Double(a) * Double(d) - Double(c) * Double(b)) / (Double(b) * Double(d - c)))
    }

    /// How Krippendorff's alpha measures the difference between two categories.
    public enum Level: String, Sendable, CaseIterable {
        /// Any two different categories differ by 1.
        case nominal
        /// Categories are ordered: the difference grows with the ratings that lie between them.
        case ordinal
    }

    /// Krippendorff's alpha, `α = 1 − D_o / D_e`, from the coincidence matrix: each unit with
    /// `m_u ≥ 2` ratings adds `1 / (m_u − 1)` to `o_ck` for every ordered pair of its ratings
    /// (c, k) by different raters; `n_c = Σ_k o_ck`, `n = Σ n_c`; then
    /// `α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck`. Nominal `δ²` is 1 for c ≠ k; ordinal
    /// `δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k) / 2)²`. Missing ratings are allowed. Sums run in a
    /// fixed order, so the result is the same on every run.
    public static func krippendorffAlpha(_ m: RatingMatrix, level: Level) -> Statistic {
        let k = m.categories.count
        var o = Array(repeating: Array(repeating: 0.0, count: k), count: k)
        for row in m.ratings {
            let values = row.compactMap { $0 }
            guard values.count >= 2 else { continue }
            let weight = 1.0 / Double(values.count - 1)
            var tally = Array(repeating: 0, count: k)
            for v in values { tally[v] += 1 }
            for c in 0..<k where tally[c] > 0 {
                for d in 0..<k where tally[d] > 0 {
                    let pairs = c == d ? tally[c] * (tally[c] - 1) : tally[c] * tally[d]
                    o[c][d] += Double(pairs) * weight
                }
            }
        }
        let nc = o.map { $0.reduce(0, +) }
        let n = nc.reduce(0, +)
        guard n > 1 else { return .undefined("no unit has two or more ratings") }
        func delta(_ c: Int, _ d: Int) -> Double {
            switch level {
            case .nominal: return c == d ? 0 : 1
            case .ordinal:
                let (lo, hi) = (min(c, d), max(c, d))
                let between = (lo...hi).reduce(0.0) { $0 + nc[$1] } - (nc[c] + nc[d]) / 2
                return between * between
            }
        }
        var observed = 0.0
        var expected = 0.0
        for c in 0..<k {
            for d in 0..<k where c != d {
                let w = delta(c, d)
                observed += o[c][d] * w
                expected += nc[c] * nc[d] * w
            }
        }
        guard expected > 0 else { return .undefined("every rating is in one category, so there is no disagreement to expect") }
        return .value(1 - (n - 1) * observed / expected)
    }

    /// Cohen's kappa for each pair of raters, over the units both rated, in rater order.
    public static func pairwiseKappa(_ m: RatingMatrix) -> [(first: String, second: String, units: Int, kappa: Statistic)] {
        var out: [(first: String, second: String, units: Int, kappa: Statistic)] = []
        for i in m.raters.indices {
            for j in m.raters.indices where j > i {
                var table = AgreementTable(categories: m.categories)
                for row in m.ratings {
                    if let a = row[i], let b = row[j] { table.add(a, b) }
                }
                out.append((m.raters[i], m.raters[j], table.total, AgreementSummary(table: table).kappa))
            }
        }
        return out
    }
}
