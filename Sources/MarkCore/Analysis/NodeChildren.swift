/// Rebuilding a compiled expression with its operands replaced, so that an analysis can make a
/// rule with one node changed.
extension Node {
    /// The same node with its operands replaced (as many, in the order of `children`, see
    /// FunctionTraits.swift).
    func replacingChildren(_ c: [Node]) -> Node {
        var n = self
        switch kind {
        case .constant, .slot, .value, .items, .submission, .total, .verdict, .verdictCount: return self
        case .field(_, let index, let name, let isList): n.kind = .field(c[0], index: index, name: name, isList: isList)
        case .call(let function, _, let name): n.kind = .call(function: function, arguments: c, name: name)
        case .builtin(let b, _): n.kind = .builtin(b, c)
        case .not: n.kind = .not(c[0])
        case .negate: n.kind = .negate(c[0])
        case .isMissing: n.kind = .isMissing(c[0])
        case .isPresent: n.kind = .isPresent(c[0])
        case .and: n.kind = .and(c[0], c[1])
        case .or: n.kind = .or(c[0], c[1])
        case .compare(let op, _, _): n.kind = .compare(op, c[0], c[1])
        case .arithmetic(let op, _, _): n.kind = .arithmetic(op, c[0], c[1])
        case .otherwise: n.kind = .otherwise(c[0], c[1])
        case .between(let unit, _, _): n.kind = .between(unit, c[0], c[1])
        case .member(_, _, let negated): n.kind = .member(c[0], list: c[1], negated: negated)
        case .mentions: n.kind = .mentions(c[0], phrases: c[1])
        case .within: n.kind = .within(c[0], days: c[1], c[2])
        case .list: n.kind = .list(c)
        case .quantifier(let q, let slot, _, let filter, let tracks):
            n.kind = .quantifier(q, slot: slot, collection: c[0], filter: filter == nil ? nil : c[1], tracksItems: tracks)
        case .aggregate(let a, _, let slot, _, let filter, let tracks):
            n.kind = .aggregate(a, value: c[1], slot: slot, collection: c[0], filter: filter == nil ? nil : c[2], tracksItems: tracks)
        }
        return n
    }

    /// Calls `visit` on this node and every node below it, parents first.
    func forEachNode(_ visit: (Node) -> Void) {
        visit(self)
        for child in children { child.forEachNode(visit) }
    }
}

/// The definitions, slots and points a ruleset's verdicts and grades depend on: what the
/// conditions read, followed through `let` bindings, value definitions and functions.
/// Feedback templates are left out, so a `let` that only feedback reads is not a dependency.
struct RuleDependencies {
    /// Value definitions reached, by index.
    var values: Set<Int> = []
    /// Function definitions reached, by index.
    var functions: Set<Int> = []
    /// For each point, the `let` bindings (by index into its bindings) its conditions read.
    var bindings: [Set<Int>] = []

    init(_ ruleset: Ruleset) {
        var pending: [Node] = ruleset.grading.rules.compactMap { $0 }
        for point in ruleset.points {
            var slots: Set<Int> = []
            var roots = [point.met] + (point.partiallyMet.map { [$0] } ?? [])
            var used: Set<Int> = []
            while let root = roots.popLast() {
                pending.append(root)
                root.forEachNode { if case .slot(let s, _) = $0.kind { slots.insert(s) } }
                for (i, b) in point.bindings.enumerated() where slots.contains(b.slot) && !used.contains(i) {
                    used.insert(i)
                    roots.append(b.value)
                }
            }
            bindings.append(used)
        }
        while let node = pending.popLast() {
            node.forEachNode { n in
                switch n.kind {
                case .value(let v, _) where !values.contains(v):
                    values.insert(v)
                    pending.append(ruleset.values[v].body)
                case .call(let f, _, _) where !functions.contains(f):
                    functions.insert(f)
                    pending.append(ruleset.functions[f].body)
                default: break
                }
            }
        }
    }
}
