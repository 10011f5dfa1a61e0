/// A checked ruleset compiled to a flat program: every expression node becomes one `Op` in one
/// array, its operands are indices into that array, and constants live in a pool. An `Op`
/// holds no references, so running the program walks plain values: no reference counting
/// and no allocation for the nodes themselves (the tree of `Node`s costs a retain and a
/// release at every visit).
///
/// The program mirrors the tree exactly, one op per node, so both give the same verdicts; the
/// explainer still walks the tree, and a test checks the two agree.
public struct Program: Sendable {
    /// One operation. Operands name other ops by index; `-1` is "none" (a quantifier with no
    /// `where`).
    public enum Op: Sendable {
        case constant(Int32)
        case slot(Int32)
        case value(Int32)
        case items
        case submission(Int32)
        case total
        case verdict(point: Int32, TestKind)
        /// `at least N of (…) are met`: the points are `operands[start ..< start + count]`.
        case verdictCount(start: Int32, count: Int32, TestKind, atLeast: Int32)
        /// Component grades: `operands[start ..< start + 2 * count]` hold (component, grade)
        /// pairs; at least `atLeast` components reached their grade.
        case componentCount(start: Int32, count: Int32, atLeast: Int32)
        /// A field of a binder or parameter (`i.date`), read in place.
        case fieldOfSlot(slot: Int32, index: Int32, isList: Bool)
        /// A field of a field of a binder (`i.follow_up.date`).
        case fieldOfFieldOfSlot(slot: Int32, outer: Int32, index: Int32, isList: Bool)
        case field(Int32, index: Int32, isList: Bool)
        /// A call: arguments are `operands[start ..< start + count]`.
        case call(function: Int32, start: Int32, count: Int32)
        case builtin(Builtin, Int32)
        case not(Int32)
        case negate(Int32)
        case and(Int32, Int32)
        case or(Int32, Int32)
        case compare(Comparison, Int32, Int32)
        case arithmetic(Arithmetic, Int32, Int32)
        case member(Int32, list: Int32, negated: Bool)
        /// `x in [constants]`: the constants are `constants[start ..< start + count]`.
        case memberOfConstants(Int32, start: Int32, count: Int32, negated: Bool)
        case mentions(Int32, Int32)
        case isMissing(Int32)
        case isPresent(Int32)
        case otherwise(Int32, Int32)
        case within(Int32, days: Int32, Int32)
        case between(DurationUnit, Int32, Int32)
        /// A list written out: elements are `operands[start ..< start + count]`.
        case list(start: Int32, count: Int32)
        case quantifier(Quantifier, slot: Int32, collection: Int32, filter: Int32, tracks: Bool)
        case aggregate(Aggregate, value: Int32, slot: Int32, collection: Int32, filter: Int32, tracks: Bool)
    }

    /// A compiled feedback template part.
    public enum TemplatePart: Sendable {
        case text(String)
        case value(Int32)
        case counted(Int32, singular: String, plural: String)
        case evidence
        case marks
    }

    /// A compiled marking point.
    public struct Point: Sendable {
        /// `let` bindings in order: slot and op.
        public var bindings: [(slot: Int32, op: Int32)]
        public var met: Int32
        public var partiallyMet: Int32
        /// The count of computed marks (`marks 5 per qualifying`), or -1.
        public var count: Int32 = -1
        /// Feedback by verdict (`VerdictLevel.rawValue`), nil for the default wording.
        public var feedback: [[TemplatePart]?]
    }

    /// The operations.
    public internal(set) var ops: [Op] = []
    /// Where each op's expression is written, for errors.
    public internal(set) var locations: [SourceRef] = []
    /// Constant values.
    public internal(set) var constants: [Value] = []
    /// Operand lists of calls and lists.
    public internal(set) var operands: [Int32] = []
    /// The body op of each value definition and function definition.
    public internal(set) var valueBodies: [Int32] = []
    public internal(set) var functionBodies: [Int32] = []
    /// The parameter slots of each function.
    public internal(set) var parameterSlots: [[Int32]] = []
    /// The parameter slot of each one-parameter function, else -1.
    public internal(set) var singleParameter: [Int32] = []
    /// The points, in ruleset order.
    public internal(set) var points: [Point] = []
    /// The rule op of each grade, or -1.
    public internal(set) var gradeRules: [Int32] = []
    /// For each component, the rule op of each of its grades, or -1.
    public internal(set) var componentRules: [[Int32]] = []

    /// Compiles a checked ruleset.
    public init(_ ruleset: Ruleset) {
        valueBodies = ruleset.values.map { compile($0.body) }
        functionBodies = ruleset.functions.map { compile($0.body) }
        parameterSlots = ruleset.functions.map { $0.parameterSlots.map(Int32.init) }
        singleParameter = parameterSlots.map { $0.count == 1 ? $0[0] : -1 }
        points = ruleset.points.map { p in
            var feedback: [[TemplatePart]?] = [nil, nil, nil]
            for (level, template) in p.feedback {
                feedback[level.rawValue] = template.parts.map { part in
                    switch part {
                    case .text(let t): .text(t)
                    case .value(let n): .value(compile(n))
                    case .counted(let n, let s, let pl): .counted(compile(n), singular: s, plural: pl)
                    case .evidence: .evidence
                    case .marks: .marks
                    }
                }
            }
            return Point(
                bindings: p.bindings.map { (Int32($0.slot), compile($0.value)) }, met: compile(p.met),
                partiallyMet: p.partiallyMet.map { compile($0) } ?? -1, count: p.scale.map { compile($0.count) } ?? -1, feedback: feedback)
        }
        gradeRules = ruleset.grading.rules.map { $0.map { compile($0) } ?? -1 }
        componentRules = ruleset.grading.components.map { c in c.grading.rules.map { $0.map { compile($0) } ?? -1 } }
    }

    private mutating func add(_ op: Op, _ node: Node) -> Int32 {
        ops.append(op)
        locations.append(node.location)
        return Int32(ops.count - 1)
    }

    private mutating func constant(_ v: Value) -> Int32 {
        constants.append(v)
        return Int32(constants.count - 1)
    }

    /// Compiles a node and its operands; returns its op's index.
    mutating func compile(_ node: Node) -> Int32 {
        switch node.kind {
        case .constant(let v): return add(.constant(constant(v)), node)
        case .slot(let s, _): return add(.slot(Int32(s)), node)
        case .value(let v, _): return add(.value(Int32(v)), node)
        case .items: return add(.items, node)
        case .submission(let i): return add(.submission(Int32(i)), node)
        case .total: return add(.total, node)
        case .verdict(let p, let test): return add(.verdict(point: Int32(p), test), node)
        case .verdictCount(let points, let test, let atLeast):
            let start = Int32(operands.count)
            operands += points.map { Int32($0) }
            return add(.verdictCount(start: start, count: Int32(points.count), test, atLeast: Int32(atLeast)), node)
        case .componentCount(let components, let grades, let atLeast):
            let start = Int32(operands.count)
            for (c, g) in zip(components, grades) { operands += [Int32(c), Int32(g)] }
            return add(.componentCount(start: start, count: Int32(components.count), atLeast: Int32(atLeast)), node)
        case .field(let base, let index, _, let isList):
            if case .slot(let s, _) = base.kind {
                return add(.fieldOfSlot(slot: Int32(s), index: Int32(index), isList: isList), node)
            }
            if case .field(let inner, let innerIndex, _, _) = base.kind, case .slot(let s, _) = inner.kind {
                return add(.fieldOfFieldOfSlot(slot: Int32(s), outer: Int32(innerIndex), index: Int32(index), isList: isList), node)
            }
            let b = compile(base)
            return add(.field(b, index: Int32(index), isList: isList), node)
        case .call(let f, let args, _):
            let compiled = args.map { compile($0) }
            let start = Int32(operands.count)
            operands += compiled
            return add(.call(function: Int32(f), start: start, count: Int32(compiled.count)), node)
        case .builtin(let b, let args): return add(.builtin(b, compile(args[0])), node)
        case .not(let a): return add(.not(compile(a)), node)
        case .negate(let a): return add(.negate(compile(a)), node)
        case .and(let a, let b):
            let x = compile(a)
            return add(.and(x, compile(b)), node)
        case .or(let a, let b):
            let x = compile(a)
            return add(.or(x, compile(b)), node)
        case .compare(let op, let a, let b):
            let x = compile(a)
            return add(.compare(op, x, compile(b)), node)
        case .arithmetic(let op, let a, let b):
            let x = compile(a)
            return add(.arithmetic(op, x, compile(b)), node)
        case .member(let a, let list, let negated):
            let x = compile(a)
            if case .list(let elements) = list.kind, Evaluator.allConstant(elements) {
                let start = Int32(constants.count)
                for case .constant(let c) in elements.map(\.kind) { constants.append(c) }
                return add(.memberOfConstants(x, start: start, count: Int32(elements.count), negated: negated), node)
            }
            return add(.member(x, list: compile(list), negated: negated), node)
        case .mentions(let a, let phrases):
            let x = compile(a)
            return add(.mentions(x, compile(phrases)), node)
        case .isMissing(let a): return add(.isMissing(compile(a)), node)
        case .isPresent(let a): return add(.isPresent(compile(a)), node)
        case .otherwise(let a, let b):
            let x = compile(a)
            return add(.otherwise(x, compile(b)), node)
        case .within(let a, let days, let b):
            let x = compile(a)
            let d = compile(days)
            return add(.within(x, days: d, compile(b)), node)
        case .between(let unit, let a, let b):
            let x = compile(a)
            return add(.between(unit, x, compile(b)), node)
        case .list(let elements):
            let compiled = elements.map { compile($0) }
            let start = Int32(operands.count)
            operands += compiled
            return add(.list(start: start, count: Int32(compiled.count)), node)
        case .quantifier(let q, let slot, let collection, let filter, let tracks):
            let c = compile(collection)
            let f = filter.map { compile($0) } ?? -1
            return add(.quantifier(q, slot: Int32(slot), collection: c, filter: f, tracks: tracks), node)
        case .aggregate(let a, let value, let slot, let collection, let filter, let tracks):
            let c = compile(collection)
            let f = filter.map { compile($0) } ?? -1
            let v = compile(value)
            return add(.aggregate(a, value: v, slot: Int32(slot), collection: c, filter: f, tracks: tracks), node)
        }
    }
}
