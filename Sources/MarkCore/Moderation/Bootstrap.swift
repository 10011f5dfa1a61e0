/// A percentile bootstrap confidence interval (Efron and Tibshirani 1993): the units are drawn
/// with replacement, as many as there are, `replicates` times with a seeded SplitMix64, the
/// statistic is computed on each draw, and the interval is the draws' 2.5th and 97.5th
/// percentiles (for 95%). The same seed gives the same interval on every machine.
public struct BootstrapInterval: Sendable, Equatable {
    /// The lower and upper bounds.
    public var lower: Double
    public var upper: Double
    /// Draws on which the statistic was defined (the others are left out).
    public var defined: Int
    /// Draws made.
    public var replicates: Int
    /// The seed.
    public var seed: UInt64
    /// The confidence level, e.g. 0.95.
    public var level: Double

    /// The number of units below which the figures carry a warning: with fewer, an interval
    /// from so few units is wide and the statistic itself unstable.
    public static let minimumUnits = 30

    /// The warning for `units` units, or nil when there are enough.
    public static func warning(units: Int) -> String? {
        units < minimumUnits
            ? "only \(units) unit\(units == 1 ? "" : "s") rated by two or more raters (fewer than \(minimumUnits)): treat these figures and their intervals with caution"
            : nil
    }

    /// The interval for a statistic over the matrix's units; nil when no draw defines it.
    public static func interval(
        _ m: RatingMatrix, replicates: Int = 1000, seed: UInt64 = 1, level: Double = 0.95, statistic: (RatingMatrix) -> Statistic
    ) -> BootstrapInterval? {
        interval(units: m.units.count, replicates: replicates, seed: seed, level: level) { statistic(m.rows($0)).value }
    }

    /// The interval for a statistic of `units` units, computed by `statistic` on each draw (the
    /// drawn unit indices, repeats allowed; nil when undefined on that draw); nil when no draw
    /// defines it.
    public static func interval(
        units: Int, replicates: Int = 1000, seed: UInt64 = 1, level: Double = 0.95, statistic: ([Int]) -> Double?
    ) -> BootstrapInterval? {
        precondition(replicates > 0 && level > 0 && level < 1)
        guard units > 0 else { return nil }
        var generator = SplitMix64(seed: seed)
        var values: [Double] = []
        let count = UInt64(units)
        for _ in 0..<replicates {
            let picks = (0..<units).map { _ in Int(generator.below(count)) }
            if let v = statistic(picks) { values.append(v) }
        }
        guard !values.isEmpty else { return nil }
        values.sort()
        let tail = (1 - level) / 2
        return BootstrapInterval(
            lower: percentile(values, tail), upper: percentile(values, 1 - tail), defined: values.count, replicates: replicates, seed: seed, level: level)
    }

    /// The p-th percentile of sorted values, interpolating linearly between order statistics
    /// (the definition of Hyndman and Fan's type 7, as R and NumPy use by default).
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }
}
