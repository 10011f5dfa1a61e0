/// What the evaluator and the cost bound need to know of each function definition: whether its
/// results are remembered per argument, and whether it cites evidence items.
///
/// A function is remembered (memoised per argument, within one submission) unless its body is a
/// leaf: no quantifier, aggregate, call or value definition, so it costs a fixed number of steps.
/// Remembering every other function makes evaluation polynomial by construction: a chain of
/// definitions that each call the previous one inside `any(j in items where …)` is worked out
/// once per item and definition, not once per path through the chain.
public struct FunctionTraits: Sendable {
    /// For each function: whether its results are remembered.
    public let remembered: [Bool]
    /// For each function: whether evaluating it may cite evidence items (a quantifier over
    /// `items`, a value definition, or a call of a function that may).
    public let cites: [Bool]

    /// Works the traits out for a ruleset's functions.
    public init(functions: [CompiledFunction]) {
        var remembered: [Bool] = []
        var direct: [(cites: Bool, calls: [Int])] = []
        for f in functions {
            var leaf = true
            var cites = false
            var calls: [Int] = []
            FunctionTraits.walk(f.body) { node in
                switch node.kind {
                case .quantifier(_, _, _, _, let tracks), .aggregate(_, _, _, _, _, let tracks):
                    leaf = false
                    if tracks { cites = true }
                case .value:
                    leaf = false
                    cites = true
                case .call(let g, _, _):
                    leaf = false
                    if !calls.contains(g) { calls.append(g) }
                default: break
                }
            }
            remembered.append(!leaf)
            direct.append((cites, calls))
        }
        // A function cites if anything it calls cites; checked rules have no recursion, but
        // the fixed point below terminates whatever the call graph.
        var cites = direct.map(\.cites)
        var changed = true
        while changed {
            changed = false
            for (f, d) in direct.enumerated() where !cites[f] && d.calls.contains(where: { cites[$0] }) {
                cites[f] = true
                changed = true
            }
        }
        self.remembered = remembered
        self.cites = cites
    }

    /// Visits every node of an expression, depth first, without recursion on the Swift stack
    /// beyond one frame per level of nesting in `children`.
    static func walk(_ root: Node, _ visit: (Node) -> Void) {
        var stack = [root]
        while let node = stack.popLast() {
            visit(node)
            stack.append(contentsOf: node.children)
        }
    }
}

extension Node {
    /// The node's direct sub-expressions (not the bodies of the definitions it uses).
    public var children: [Node] {
        switch kind {
        case .constant, .slot, .value, .items, .submission, .total, .verdict, .verdictCount, .componentCount: return []
        case .field(let base, _, _, _): return [base]
        case .call(_, let args, _), .builtin(_, let args), .list(let args): return args
        case .not(let a), .negate(let a), .isMissing(let a), .isPresent(let a): return [a]
        case .and(let a, let b), .or(let a, let b), .compare(_, let a, let b), .arithmetic(_, let a, let b),
            .member(let a, let b, _), .mentions(let a, let b), .otherwise(let a, let b), .between(_, let a, let b):
            return [a, b]
        case .within(let a, let days, let b): return [a, days, b]
        case .quantifier(_, _, let collection, let filter, _):
            return [collection] + (filter.map { [$0] } ?? [])
        case .aggregate(_, let value, _, let collection, let filter, _):
            return [collection, value] + (filter.map { [$0] } ?? [])
        }
    }
}
