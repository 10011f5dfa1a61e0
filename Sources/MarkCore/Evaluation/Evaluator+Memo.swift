/// Remembering the results of function definitions per argument within one submission, so
/// that evaluation is polynomial in the number of items by construction (see `FunctionTraits`):
/// `valid(i)` is asked of the same item by many points and need be worked out once, and a
/// chain of definitions that call each other inside quantifiers is worked out once per item.
///
/// A one-argument call whose argument is evidence item `i` (the very same record as `items[i]`,
/// same storage) is looked up by item; any other call by its argument values. A remembered
/// call also remembers which items it cited, and cites them again when its result is reused.
struct EvaluatorMemo {
    /// Which functions are remembered and which cite items.
    let traits: FunctionTraits
    /// Whether writing feedback or next steps could fail (they evaluate template values and
    /// grading rules; only arithmetic can fail): then they are always written, so a submission
    /// fails the same way whether or not its feedback is wanted.
    let detailsMayFail: Bool
    /// For each slot: the index of the item it was last bound to, or -1.
    var slotItem: [Int]
    /// Remembered calls by function and item: 0 not known, else 1 + index into `entries`.
    var byItem: [Int32] = []
    /// Remembered calls by function and argument values.
    var byArguments: [CallKey: Int] = [:]
    /// Remembered results and the items each call cited.
    var entries: [(value: Value, cited: CitedRun)] = []
    var itemCount = 0

    /// A call: the function and its argument values.
    struct CallKey: Hashable {
        var function: Int
        var arguments: [Value]
    }

    init(_ ruleset: Ruleset) {
        slotItem = Array(repeating: -1, count: ruleset.slotCount)
        traits = FunctionTraits(functions: ruleset.functions)
        var seenValues: Set<Int> = []
        var seenFunctions: Set<Int> = []
        func mayFail(_ node: Node) -> Bool {
            switch node.kind {
            case .arithmetic: return true
            case .constant, .slot, .items, .submission, .total, .verdict, .verdictCount, .componentCount: return false
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
        let size = traits.remembered.count * count
        if byItem.count < size { byItem = Array(repeating: 0, count: size) } else {
            byItem.withUnsafeMutableBufferPointer { UnsafeMutableBufferPointer(rebasing: $0[..<size]).update(repeating: 0) }
        }
        if !byArguments.isEmpty { byArguments.removeAll(keepingCapacity: true) }
        entries.removeAll(keepingCapacity: true)
    }
}

/// The items a remembered result cited: `count` entries of `Evaluator.citedPool` from `start`.
struct CitedRun {
    var start: Int32 = 0
    var count: Int32 = 0
}

extension Evaluator {
    /// The item index the argument of a one-argument call stands for, or -1.
    func itemIndex(ofArgument slot: Int) -> Int {
        let i = memo.slotItem[slot]
        guard i >= 0, i < items.count, case .record(let a) = slots[slot], case .record(let b) = items[i] else { return -1 }
        let same = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in pa.baseAddress == pb.baseAddress } }
        return same && !a.isEmpty ? i : -1
    }

    /// Calls a function definition: evaluates the arguments into its parameter slots, then
    /// its body, or reuses the result remembered for the same arguments.
    mutating func call(_ function: Int, _ args: [Node]) throws(EvaluationError) -> Value {
        let f = ruleset.functions[function]
        if args.count == 1 {
            let slot = f.parameterSlots[0]
            slots[slot] = try evaluate(args[0])
            noteArgument(args[0], in: slot)
        } else {
            let mark = arguments.count
            for a in args { arguments.append(try evaluate(a)) }
            for (i, slot) in f.parameterSlots.enumerated() { slots[slot] = arguments[mark + i] }
            arguments.removeSubrange(mark...)
        }
        let body = f.body
        let item = args.count == 1 ? itemIndex(ofArgument: f.parameterSlots[0]) : -1
        return try remembered(function, item: item) { (e: inout Evaluator) throws(EvaluationError) -> Value in try e.evaluate(body) }
    }

    /// The result of a call whose arguments are in the function's parameter slots: remembered
    /// from an earlier call with the same arguments, or worked out by `compute` and remembered.
    /// `item` is the index of the evidence item that is the call's one argument, or -1.
    mutating func remembered(_ function: Int, item: Int, _ compute: (inout Evaluator) throws(EvaluationError) -> Value) throws(EvaluationError) -> Value {
        guard memo.traits.remembered[function] else { return try compute(&self) }
        var itemKey = -1
        var key: EvaluatorMemo.CallKey?
        if item >= 0 {
            itemKey = function * memo.itemCount + item
            let e = Int(memo.byItem[itemKey])
            if e > 0 { return reuse(e - 1) }
        } else {
            let k = EvaluatorMemo.CallKey(function: function, arguments: program.parameterSlots[function].map { Evaluator.resolved(slots[Int($0)], storeBase) })
            if let e = memo.byArguments[k] { return reuse(e) }
            key = k
        }
        // Work the call out, keeping the items it cited (as value definitions do).
        let value: Value
        var own = CitedRun()
        if memo.traits.cites[function] {
            (value, own) = try capturingCitations(compute)
        } else {
            value = try compute(&self)
        }
        memo.entries.append((value, own))
        if itemKey >= 0 { memo.byItem[itemKey] = Int32(memo.entries.count) } else if let key { memo.byArguments[key] = memo.entries.count - 1 }
        return value
    }

    /// A remembered call's result, citing again the items it cited.
    mutating func reuse(_ entry: Int) -> Value {
        let cited = memo.entries[entry].cited
        if cited.count > 0 { cite(cited) }
        return memo.entries[entry].value
    }

    /// Notes which item (if any) the value just put in `slot` came from, given the argument node.
    mutating func noteArgument(_ argument: Node, in slot: Int) {
        if case .slot(let s, _) = argument.kind { memo.slotItem[slot] = memo.slotItem[s] } else { memo.slotItem[slot] = -1 }
    }
}
