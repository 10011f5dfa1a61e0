/// Remembering the result of a condition function for an evidence item within one submission:
/// `valid(i)` is asked of the same item by many points, and need be worked out once.
///
/// Only pure functions are remembered: their bodies cite no items (no quantifier over
/// `items`), read no value definitions (which cite), and do not look at the grading state
/// (`total`, verdicts), and they call only pure functions; so the result depends only on the
/// argument and the submission. The argument is recognised as item `i` only when it is the very
/// same record as `items[i]` (same storage), so a remembered result is always the one the body
/// would give.
struct EvaluatorMemo {
    /// For each function: whether it is pure and takes one argument.
    let remembers: [Bool]
    /// Whether writing feedback or next steps could fail (they evaluate template values and
    /// grading rules; only arithmetic can fail): then they are always written, so a submission
    /// fails the same way whether or not its feedback is wanted.
    let detailsMayFail: Bool
    /// For each slot: the index of the item it was last bound to, or -1.
    var slotItem: [Int]
    /// Results by function and item: 0 not known, 1 false, 2 true.
    var results: [UInt8] = []
    var itemCount = 0

    init(_ ruleset: Ruleset) {
        slotItem = Array(repeating: -1, count: ruleset.slotCount)
        var pure: [Bool?] = Array(repeating: nil, count: ruleset.functions.count)
        func isPure(_ f: Int, _ depth: Int) -> Bool {
            if let known = pure[f] { return known }
            guard depth < 64 else { return false }
            pure[f] = false  // while deciding (no recursion in checked rules, but be safe)
            let result = nodeIsPure(ruleset.functions[f].body, depth)
            pure[f] = result
            return result
        }
        func nodeIsPure(_ node: Node, _ depth: Int) -> Bool {
            switch node.kind {
            case .constant, .slot, .items, .submission: return true
            case .value, .total, .verdict: return false
            case .field(let base, _, _, _): return nodeIsPure(base, depth)
            case .call(let f, let args, _): return isPure(f, depth + 1) && args.allSatisfy { nodeIsPure($0, depth) }
            case .builtin(_, let args), .list(let args): return args.allSatisfy { nodeIsPure($0, depth) }
            case .not(let a), .negate(let a), .isMissing(let a), .isPresent(let a): return nodeIsPure(a, depth)
            case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b),
                .member(let a, let b, _), .mentions(let a, let b), .otherwise(let a, let b), .between(_, let a, let b):
                return nodeIsPure(a, depth) && nodeIsPure(b, depth)
            case .within(let a, let days, let b):
                return nodeIsPure(a, depth) && nodeIsPure(days, depth) && nodeIsPure(b, depth)
            case .quantifier(_, _, let collection, let filter, let tracks):
                return !tracks && nodeIsPure(collection, depth) && (filter.map { nodeIsPure($0, depth) } ?? true)
            case .aggregate(_, let value, _, let collection, let filter, let tracks):
                return !tracks && nodeIsPure(value, depth) && nodeIsPure(collection, depth)
                    && (filter.map { nodeIsPure($0, depth) } ?? true)
            }
        }
        remembers = ruleset.functions.indices.map { ruleset.functions[$0].parameterSlots.count == 1 && isPure($0, 0) }
        var seenValues: Set<Int> = []
        var seenFunctions: Set<Int> = []
        func mayFail(_ node: Node) -> Bool {
            switch node.kind {
            case .arithmetic: return true
            case .constant, .slot, .items, .submission, .total, .verdict: return false
            case .value(let i, _):
                return seenValues.insert(i).inserted && mayFail(ruleset.values[i].body)
            case .field(let base, _, _, _): return mayFail(base)
            case .call(let f, let args, _):
                return args.contains(where: mayFail) || (seenFunctions.insert(f).inserted && mayFail(ruleset.functions[f].body))
            case .builtin(_, let args), .list(let args): return args.contains(where: mayFail)
            case .not(let a), .negate(let a), .isMissing(let a), .isPresent(let a): return mayFail(a)
            case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .member(let a, let b, _),
                .mentions(let a, let b), .otherwise(let a, let b), .between(_, let a, let b):
                return mayFail(a) || mayFail(b)
            case .within(let a, let days, let b): return mayFail(a) || mayFail(days) || mayFail(b)
            case .quantifier(_, _, let collection, let filter, _):
                return mayFail(collection) || (filter.map(mayFail) ?? false)
            case .aggregate(_, let value, _, let collection, let filter, _):
                return mayFail(value) || mayFail(collection) || (filter.map(mayFail) ?? false)
            }
        }
        var details: [Node] = ruleset.grading.rules.compactMap { $0 }
        for point in ruleset.points {
            for template in point.feedback.values {
                details += template.nodes
            }
        }
        detailsMayFail = details.contains(where: mayFail)
    }

    /// Forgets every result: a new submission with `count` items.
    mutating func reset(items count: Int) {
        itemCount = count
        let size = remembers.count * count
        if results.count < size { results = Array(repeating: 0, count: size) } else {
            for i in 0..<size { results[i] = 0 }
        }
    }
}

extension Evaluator {
    /// The item index the argument of a one-argument call stands for, or -1.
    func itemIndex(ofArgument slot: Int) -> Int {
        let i = memo.slotItem[slot]
        guard i >= 0, i < items.count, case .record(let a) = slots[slot], case .record(let b) = items[i] else { return -1 }
        let same = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in pa.baseAddress == pb.baseAddress } }
        return same && !a.isEmpty ? i : -1
    }

    /// `holds(body)` of a one-argument function whose argument is already in its slot.
    mutating func holdsRemembered(_ function: Int, argumentSlot slot: Int) throws(EvaluationError) -> Bool {
        guard memo.remembers[function] else { return try holds(ruleset.functions[function].body) }
        let i = itemIndex(ofArgument: slot)
        guard i >= 0 else { return try holds(ruleset.functions[function].body) }
        let k = function * memo.itemCount + i
        if memo.results[k] != 0 { return memo.results[k] == 2 }
        let result = try holds(ruleset.functions[function].body)
        memo.results[k] = result ? 2 : 1
        return result
    }

    /// Notes which item (if any) the value just put in `slot` came from, given the argument node.
    mutating func noteArgument(_ argument: Node, in slot: Int) {
        if case .slot(let s, _) = argument.kind { memo.slotItem[slot] = memo.slotItem[s] } else { memo.slotItem[slot] = -1 }
    }
}
