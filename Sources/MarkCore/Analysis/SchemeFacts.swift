/// What can be known about a rule's value before any submission is seen, from the evidence
/// declaration alone: whether a condition can be true and can be false, and the range a number
/// can take (a count is never negative, a field declared `from 0 to 10` stays in that range).
/// A condition that can never be true carries the clause to blame and why.
struct SchemeFact {
    /// For a condition: whether some valid submission makes it true, and false.
    var canBeTrue = true
    var canBeFalse = true
    /// For a number: the least and greatest value it can take.
    var low = -Double.infinity
    var high = Double.infinity
    /// The clause that cannot hold (or the empty count behind it), where and why.
    var blame: Blame?
    /// Whether the value may be missing (an optional field): a comparison with it can be false.
    var mayBeMissing = false

    /// A clause that decides a fact, with the reason in words.
    struct Blame: Sendable {
        var location: SourceRef
        var reason: String
    }

    static let unknown = SchemeFact()

    static func condition(true t: Bool, false f: Bool, blame: Blame? = nil) -> SchemeFact {
        SchemeFact(canBeTrue: t, canBeFalse: f, blame: blame)
    }

    static func number(_ low: Double, _ high: Double, blame: Blame? = nil) -> SchemeFact {
        SchemeFact(low: low, high: high, blame: blame)
    }

    /// Whether the number is bounded at either end.
    var isBounded: Bool { low > -.infinity || high < .infinity }

    /// The values of both facts (for `otherwise` and lists).
    func union(_ o: SchemeFact) -> SchemeFact {
        SchemeFact(
            canBeTrue: canBeTrue || o.canBeTrue, canBeFalse: canBeFalse || o.canBeFalse,
            low: min(low, o.low), high: max(high, o.high), blame: nil)
    }

    /// The range in words: "at most 10", "at least 0", "between 0 and 10", "always 0".
    var rangeWords: String {
        if low == high { return "always \(JSONWriter.format(low))" }
        if low > -.infinity && high < .infinity { return "between \(JSONWriter.format(low)) and \(JSONWriter.format(high))" }
        if low > -.infinity { return "at least \(JSONWriter.format(low))" }
        return "at most \(JSONWriter.format(high))"
    }

    /// Whether `x op y` can be true and can be false for numbers in the two ranges.
    static func compare(_ op: Comparison, _ x: SchemeFact, _ y: SchemeFact) -> (canBeTrue: Bool, canBeFalse: Bool) {
        let overlap = x.low <= y.high && y.low <= x.high
        let samePoint = x.low == x.high && y.low == y.high && x.low == y.low
        switch op {
        case .equal: return (overlap, !samePoint)
        case .notEqual: return (!samePoint, overlap)
        case .less: return (x.low < y.high, x.high >= y.low)
        case .lessEqual: return (x.low <= y.high, x.high > y.low)
        case .greater: return (x.high > y.low, x.low <= y.high)
        case .greaterEqual: return (x.high >= y.low, x.low < y.high)
        }
    }

    /// The numbers `x op n` allows, as a range (`>` and `<` are taken as whole steps, which is
    /// exact for counts and close enough to spot contradictions elsewhere); nil for `!=`.
    static func allowed(_ op: Comparison, _ n: Double, constantOnLeft: Bool) -> (low: Double, high: Double)? {
        let o: Comparison =
            constantOnLeft
            ? (op == .less ? .greater : op == .greater ? .less : op == .lessEqual ? .greaterEqual : op == .greaterEqual ? .lessEqual : op) : op
        switch o {
        case .equal: return (n, n)
        case .notEqual: return nil
        case .less: return (-.infinity, n.nextDown)
        case .lessEqual: return (-.infinity, n)
        case .greater: return (n.nextUp, .infinity)
        case .greaterEqual: return (n, .infinity)
        }
    }
}
