/// What an aggregate collects as it goes over a list.
///
/// `count(distinct …)` over dates (or over numbers, none of them NaN) keeps the days or
/// numbers in `keys` and counts them once, sorted, at the end: no hashing, and no allocation
/// once the evaluator's buffer has grown (see `Evaluator.lendKeys(to:)`). Any other value
/// (text, a truth value, missing, a mix of dates and numbers) moves what was kept into the
/// general set of values, so the count is always the number of values that differ by `==`.
struct AggregateAccumulator {
    let kind: Aggregate
    var collected: [Value] = []
    var seen: Set<Value> = []
    /// For `count(distinct …)`: the dates' days or the numbers, while `keyKind` is dates or numbers.
    var keys: [Double] = []
    var keyKind = KeyKind.none
    var sum = 0.0
    var best: Value = .missing
    var earliest = Int.max
    var latest = Int.min

    /// What `keys` holds.
    enum KeyKind {
        case none, dates, numbers, values
    }

    init(_ kind: Aggregate) { self.kind = kind }

    mutating func add(_ v: Value) {
        switch kind {
        case .countDistinct:
            switch v {
            case .date(let d) where keyKind == .dates || keyKind == .none:
                keyKind = .dates
                keys.append(Double(d.day))
            case .number(let n) where !n.isNaN && (keyKind == .numbers || keyKind == .none):
                keyKind = .numbers
                keys.append(n == 0 ? 0 : n)  // 0 and -0 are one value
            default:
                if keyKind != .values { spill() }
                if seen.insert(v).inserted { collected.append(v) }
            }
        case .distinct:
            if seen.insert(v).inserted { collected.append(v) }
        case .sum:
            if case .number(let n) = v { sum += n }
        case .min, .max:
            if best == .missing || Evaluator.compare(kind == .min ? .less : .greater, v, best) { best = v }
        case .span:
            if case .date(let d) = v {
                earliest = Swift.min(earliest, d.day)
                latest = Swift.max(latest, d.day)
            }
        }
    }

    /// Moves the kept days or numbers into the general set.
    private mutating func spill() {
        for k in keys {
            let v: Value = keyKind == .dates ? .date(CalendarDate(day: Int(k))) : .number(k)
            if seen.insert(v).inserted { collected.append(v) }
        }
        keys.removeAll(keepingCapacity: true)
        keyKind = .values
    }

    /// The aggregate's value (sorts `keys`).
    mutating func result() -> Value {
        switch kind {
        case .countDistinct:
            guard keyKind == .dates || keyKind == .numbers else { return .number(Double(collected.count)) }
            keys.sort()
            var count = keys.isEmpty ? 0 : 1
            for k in keys.indices.dropFirst() where keys[k] != keys[k - 1] { count += 1 }
            return .number(Double(count))
        case .distinct: return .list(collected)
        case .sum: return .number(sum)
        case .min, .max: return best
        case .span: return .number(latest >= earliest ? Double(latest - earliest) : 0)
        }
    }
}

extension Evaluator {
    /// Gives a `count(distinct …)` the evaluator's buffer for its keys (a nested one, finding
    /// it lent, starts its own).
    @inline(__always)
    mutating func lendKeys(to accumulator: inout AggregateAccumulator) {
        if accumulator.kind == .countDistinct { swap(&accumulator.keys, &distinctKeys) }
    }

    /// The aggregate's value; its buffer goes back to the evaluator, emptied.
    @inline(__always)
    mutating func finish(_ accumulator: inout AggregateAccumulator) -> Value {
        let v = accumulator.result()
        if accumulator.kind == .countDistinct {
            accumulator.keys.removeAll(keepingCapacity: true)
            swap(&accumulator.keys, &distinctKeys)
        }
        return v
    }
}
