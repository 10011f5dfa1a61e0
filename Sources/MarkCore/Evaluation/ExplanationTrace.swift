/// The outcomes a traced evaluation observed, accumulated over many submissions: which
/// verdicts each point took, and which values (true, false) each condition, operand, `where`
/// filter, floor and grade rule took. `mark test --coverage` compares it with the targets of a
/// ruleset (see `CoverageReport`).
public struct ExplanationTrace: Sendable, Equatable {
    /// Something whose outcomes are recorded.
    public enum Target: Sendable, Hashable {
        /// A point's verdict (bits: 1 not met, 2 partially met, 4 met).
        case verdict(point: Int)
        /// A point's `met when` or `partially met when`, when the engine evaluated it.
        case condition(point: Int, level: VerdictLevel)
        /// A top-level operand of an `and`/`or` chain of a point's condition, when evaluated.
        case operand(SourceRef)
        /// A quantifier's or aggregate's `where` filter, for each element the engine tested.
        case filter(SourceRef)
        /// A floor: reached (true) or failed (false).
        case floor(Int)
        /// A grade's rule, evaluated for every submission.
        case gradeRule(grade: Int)
        /// A component's rule for one of its grades, evaluated for every submission.
        case componentRule(component: Int, grade: Int)
    }

    /// Observed outcomes as bits: for conditions 1 = false, 2 = true; for verdicts as above.
    public private(set) var outcomes: [Target: UInt8] = [:]

    /// Creates an empty trace.
    public init() {}

    /// Records a boolean outcome.
    public mutating func record(_ target: Target, _ value: Bool) {
        outcomes[target, default: 0] |= value ? 2 : 1
    }

    /// Records a point's verdict.
    public mutating func record(verdict: VerdictLevel, point: Int) {
        outcomes[.verdict(point: point), default: 0] |= 1 << UInt8(verdict.rawValue)
    }

    /// Whether the boolean target was seen with the value.
    public func saw(_ target: Target, _ value: Bool) -> Bool {
        (outcomes[target] ?? 0) & (value ? 2 : 1) != 0
    }

    /// Whether the point was seen with the verdict.
    public func saw(verdict: VerdictLevel, point: Int) -> Bool {
        (outcomes[.verdict(point: point)] ?? 0) & (1 << UInt8(verdict.rawValue)) != 0
    }

    /// Adds another trace's observations.
    public mutating func merge(_ other: ExplanationTrace) {
        for (k, v) in other.outcomes { outcomes[k, default: 0] |= v }
    }
}

extension SourceRef: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(file)
        hasher.combine(range.lowerBound)
        hasher.combine(range.upperBound)
    }
}
