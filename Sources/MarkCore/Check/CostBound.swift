/// A bound on the work a marking point takes, as a power of n, the size of the submission (its
/// items and the values in them): O(1), O(n), O(n²), …
///
/// Each quantifier or aggregate over `items` or a computed list multiplies the work of its
/// condition by n (one over a list inside a bound item does not: see `nested`); a remembered function
/// (see `FunctionTraits`) is worked out at most once per distinct argument, so its body's work
/// is counted once, times n, rather than at every call; a value definition is worked out once
/// per submission. `mark check` warns about a point above O(n²), naming where the nesting starts.
public struct CostBound: Sendable, Equatable, Comparable, CustomStringConvertible {
    /// The power of n.
    public var degree: Int
    /// Where the outermost quantifier of the costliest nesting is written (nil for O(1)).
    public var location: SourceRef?

    /// `O(1)`, `O(n)`, `O(n²)`, `O(n³)`, `O(n^7)`.
    public var description: String {
        switch degree {
        case 0: "O(1)"
        case 1: "O(n)"
        case 2: "O(n²)"
        case 3: "O(n³)"
        default: "O(n^\(degree))"
        }
    }

    public static func < (a: CostBound, b: CostBound) -> Bool { a.degree < b.degree }

    static let constant = CostBound(degree: 0, location: nil)
}

/// Works out cost bounds over a checked ruleset's nodes.
struct CostAnalysis {
    /// The work of one evaluation of an expression where remembered calls and value
    /// definitions count as one step (`local`), and the one-off work of the definitions it
    /// uses (`oneOff`).
    struct Work {
        var local: CostBound
        var oneOff: CostBound

        static let none = Work(local: .constant, oneOff: .constant)

        mutating func merge(_ other: Work) {
            local = Swift.max(local, other.local)
            oneOff = Swift.max(oneOff, other.oneOff)
        }
    }

    let values: [CompiledValue]
    let functions: [CompiledFunction]
    let traits: FunctionTraits
    /// The work of definitions' bodies, worked out once each.
    var valueWork: [Work?]
    var functionWork: [Work?]

    init(values: [CompiledValue], functions: [CompiledFunction]) {
        self.values = values
        self.functions = functions
        traits = FunctionTraits(functions: functions)
        valueWork = Array(repeating: nil, count: values.count)
        functionWork = Array(repeating: nil, count: functions.count)
    }

    /// The bound for a point: its lets, conditions and feedback values.
    mutating func bound(_ point: CompiledPoint) -> CostBound {
        var nodes = point.bindings.map(\.value) + [point.met]
        if let p = point.partiallyMet { nodes.append(p) }
        if let s = point.scale { nodes.append(s.count) }
        for template in point.feedback.values { nodes += template.nodes }
        return nodes.reduce(CostBound.constant) { Swift.max($0, bound($1)) }
    }

    /// The bound for evaluating `node` once, including the one-off work of the definitions it
    /// uses.
    mutating func bound(_ node: Node) -> CostBound {
        let w = work(node, depth: 0)
        return Swift.max(w.local, w.oneOff)
    }

    mutating func work(_ node: Node, depth: Int) -> Work {
        guard depth < 256 else { return .none }
        switch node.kind {
        case .value(let v, _):
            let body = definitionWork(value: v, depth: depth)
            // Worked out once per submission.
            return Work(local: .constant, oneOff: Swift.max(body.local, body.oneOff))
        case .call(let f, let args, _):
            var w = Work.none
            for a in args { w.merge(work(a, depth: depth + 1)) }
            let body = definitionWork(function: f, depth: depth)
            if traits.remembered[f] {
                // Worked out once per distinct argument: at most n of them.
                w.oneOff = Swift.max(w.oneOff, body.oneOff)
                if body.local.degree > 0 || body.local.location != nil {
                    w.oneOff = Swift.max(w.oneOff, CostBound(degree: body.local.degree + 1, location: body.local.location ?? node.location))
                }
                return w
            }
            w.merge(body)
            return w
        case .quantifier(_, _, let collection, let filter, _):
            var w = work(collection, depth: depth + 1)
            let f = filter.map { work($0, depth: depth + 1) } ?? .none
            w.oneOff = Swift.max(w.oneOff, f.oneOff)
            w.local = Swift.max(w.local, CostAnalysis.nested(f.local, over: collection, at: node.location))
            return w
        case .aggregate(_, let value, _, let collection, let filter, _):
            var w = work(collection, depth: depth + 1)
            let v = work(value, depth: depth + 1)
            let f = filter.map { work($0, depth: depth + 1) } ?? .none
            w.oneOff = Swift.max(w.oneOff, Swift.max(v.oneOff, f.oneOff))
            w.local = Swift.max(w.local, CostAnalysis.nested(Swift.max(v.local, f.local), over: collection, at: node.location))
            return w
        case .member(let a, let list, _):
            var w = work(a, depth: depth + 1)
            w.merge(work(list, depth: depth + 1))
            // Searching a list that is not written out takes n steps.
            if case .list = list.kind { return w }
            w.local = Swift.max(w.local, CostBound(degree: 1, location: node.location))
            return w
        case .builtin(let b, let args):
            var w = Work.none
            for a in args { w.merge(work(a, depth: depth + 1)) }
            switch b {
            case .sum, .min, .max: w.local = Swift.max(w.local, CostBound(degree: 1, location: node.location))
            case .count, .weekOf, .abs, .words: break
            }
            return w
        default:
            var w = Work.none
            for c in node.children { w.merge(work(c, depth: depth + 1)) }
            return w
        }
    }

    /// The work of a quantifier whose condition takes `inner`. Going over a list inside a
    /// bound element (`n in i.needs` for an item `i`) adds no power of n: those lists are parts
    /// of the submission, so all of them together hold at most n values. Any other list
    /// (`items`, a computed list) multiplies by n.
    static func nested(_ inner: CostBound, over collection: Node, at location: SourceRef) -> CostBound {
        var base = collection
        var partOfBinder = false
        while case .field(let b, _, _, _) = base.kind {
            base = b
            partOfBinder = true
        }
        if partOfBinder, case .slot = base.kind {
            return CostBound(degree: inner.degree, location: inner.location ?? (inner.degree > 0 ? location : nil))
        }
        return CostBound(degree: inner.degree + 1, location: location)
    }

    mutating func definitionWork(value v: Int, depth: Int) -> Work {
        if let known = valueWork[v] { return known }
        valueWork[v] = Work.none  // while working it out (checked rules have no cycles)
        let w = work(values[v].body, depth: depth + 1)
        valueWork[v] = w
        return w
    }

    mutating func definitionWork(function f: Int, depth: Int) -> Work {
        if let known = functionWork[f] { return known }
        functionWork[f] = Work.none
        let w = work(functions[f].body, depth: depth + 1)
        functionWork[f] = w
        return w
    }
}

extension Checker {
    /// Warns about every marking point whose evaluation is above O(n²) in the number of items.
    mutating func warnCostlyPoints(_ compiled: [CompiledPoint]) {
        var analysis = CostAnalysis(values: values, functions: functions)
        for (i, point) in compiled.enumerated() {
            let bound = analysis.bound(point)
            guard bound.degree > 2 else { continue }
            var place = ""
            if let at = bound.location {
                let line = sources[at.file].location(of: at.range.lowerBound).line
                place = at.file == pointFiles[i] ? " at line \(line)" : " at \(sources[at.file].path):\(line)"
            }
            warning(
                "evaluation-cost",
                "marking point '\(point.id)' takes \(bound) steps in the submission's size n: nested quantifiers\(place); a large portfolio may stop at the step budget (see docs/limits.md)",
                points[i].id.range, file: pointFiles[i])
        }
    }
}

extension Ruleset {
    /// The cost bound of each marking point, in point order (see `CostBound`).
    public func costBounds() -> [CostBound] {
        var analysis = CostAnalysis(values: values, functions: functions)
        return points.map { analysis.bound($0) }
    }
}
