/// Running the compiled program (see `Program`): the same semantics as the tree walk in
/// `Evaluator+Expressions.swift`, op by op, without reference counting for the ops.
extension Evaluator {
    @inline(__always)
    mutating func step(op i: Int32) throws(EvaluationError) {
        steps &+= 1
        if steps > maxSteps {
            throw budgetSpent(at: program.locations[Int(i)])
        }
    }

    /// Evaluates an op against the current submission.
    mutating func run(_ i: Int32) throws(EvaluationError) -> Value {
        try step(op: i)
        switch program.ops[Int(i)] {
        case .constant(let k): return program.constants[Int(k)]
        case .slot(let s): return slots[Int(s)]
        case .value(let index): return try valueDefinition(Int(index))
        case .items: return .list(items)
        case .submission(let k): return envelope[Int(k)]
        case .total: return .number(total.double)
        case .verdict(let p, let test):
            return .boolean(Evaluator.passes(verdicts[Int(p)], test))
        case .verdictCount(let start, let count, let test, let atLeast):
            var passed: Int32 = 0
            for k in Int(start)..<Int(start + count) where Evaluator.passes(verdicts[Int(program.operands[k])], test) { passed += 1 }
            return .boolean(passed >= atLeast)
        case .componentCount(let start, let count, let atLeast):
            // Operands hold (component, grade) pairs.
            var passed: Int32 = 0
            var k = Int(start)
            while k < Int(start + 2 * count) {
                if componentGrades[Int(program.operands[k])] >= Int(program.operands[k + 1]) { passed += 1 }
                k += 2
            }
            return .boolean(passed >= atLeast)
        case .fieldOfSlot(let s, let index, let isList):
            return Evaluator.field(slots[Int(s)], Int(index), isList, storeBase)
        case .fieldOfFieldOfSlot(let s, let outerIndex, let index, let isList):
            return Evaluator.field(Evaluator.field(slots[Int(s)], Int(outerIndex), false, storeBase), Int(index), isList, storeBase)
        case .field(let base, let index, let isList):
            return Evaluator.field(try run(base), Int(index), isList, storeBase)
        case .call(let function, let start, let count):
            return try callOp(Int(function), start: Int(start), count: Int(count))
        case .builtin(let b, let a):
            let v = try run(a)
            switch b {
            case .count:
                // Only a list's length: its elements (perhaps stored records) stay as they are.
                if case .storedList(_, let n) = v { return .number(Double(n)) }
                return try Evaluator.builtin(b, v, location: program.locations[Int(i)])
            case .sum, .min, .max:
                return try Evaluator.builtin(b, Evaluator.resolved(v, storeBase), location: program.locations[Int(i)])
            case .weekOf, .abs, .words:
                return try Evaluator.builtin(b, v, location: program.locations[Int(i)])  // never a record or list
            }
        case .not(let a):
            return .boolean(!(try holdsOp(a)))
        case .negate(let a):
            if case .number(let n) = try run(a) { return .number(-n) }
            return .number(-0.0)
        case .and(let a, let b):
            guard try holdsOp(a) else { return .boolean(false) }
            return .boolean(try holdsOp(b))
        case .or(let a, let b):
            if try holdsOp(a) { return .boolean(true) }
            return .boolean(try holdsOp(b))
        case .compare(let op, let a, let b):
            return .boolean(Evaluator.compare(op, Evaluator.resolved(try run(a), storeBase), Evaluator.resolved(try run(b), storeBase)))
        case .arithmetic(let op, let a, let b):
            let x = Evaluator.resolved(try run(a), storeBase)
            let y = Evaluator.resolved(try run(b), storeBase)
            return try Evaluator.arithmetic(op, x, y, location: program.locations[Int(i)])
        case .member(let a, let list, let negated):
            let v = Evaluator.resolved(try run(a), storeBase)
            guard case .list(let elements) = Evaluator.resolved(try run(list), storeBase) else { return .boolean(negated) }
            return .boolean(elements.contains(v) != negated)
        case .memberOfConstants(let a, let start, let count, let negated):
            return .boolean(try memberOfConstants(a, start, count, negated))
        case .mentions(let a, let phrases):
            return .boolean(PhraseMatcher.mentions(Evaluator.resolved(try run(a), storeBase), Evaluator.resolved(try run(phrases), storeBase)))
        case .isMissing(let a):
            if case .missing = try run(a) { return .boolean(true) }
            return .boolean(false)
        case .isPresent(let a):
            if case .missing = try run(a) { return .boolean(false) }
            return .boolean(true)
        case .otherwise(let a, let b):
            let v = try run(a)
            if case .missing = v { return try run(b) }
            return v
        case .within(let a, let days, let b):
            guard case .date(let x) = try run(a), case .date(let y) = try run(b) else { return .boolean(false) }
            var limit = 0.0
            if case .number(let n) = try run(days) { limit = n }
            return .boolean(Double(abs(x.day - y.day)) <= limit)
        case .between(let unit, let a, let b):
            guard case .date(let x) = try run(a), case .date(let y) = try run(b) else { return .missing }
            let days = abs(y.day - x.day)
            return .number(Double(unit == .weeks ? days / 7 : days))
        case .list(let start, let count):
            var out: [Value] = []
            out.reserveCapacity(Int(count))
            for k in Int(start)..<Int(start + count) { out.append(Evaluator.resolved(try run(program.operands[k]), storeBase)) }
            return .list(out)
        case .quantifier(let q, let slot, let collection, let filter, let tracks):
            return try quantifyOp(q, slot: Int(slot), collection: collection, filter: filter, tracks: tracks)
        case .aggregate(let a, let value, let slot, let collection, let filter, let tracks):
            return try aggregateOp(a, value: value, slot: Int(slot), collection: collection, filter: filter, tracks: tracks)
        }
    }

    /// Whether a condition op holds, without building values for the connectives.
    mutating func holdsOp(_ i: Int32) throws(EvaluationError) -> Bool {
        try step(op: i)
        switch program.ops[Int(i)] {
        case .and(let a, let b):
            guard try holdsOp(a) else { return false }
            return try holdsOp(b)
        case .or(let a, let b):
            if try holdsOp(a) { return true }
            return try holdsOp(b)
        case .not(let a):
            return !(try holdsOp(a))
        case .compare(let op, let a, let b):
            return Evaluator.compare(op, Evaluator.resolved(try run(a), storeBase), Evaluator.resolved(try run(b), storeBase))
        case .memberOfConstants(let a, let start, let count, let negated):
            return try memberOfConstants(a, start, count, negated)
        case .call(let function, let start, let count):
            if case .boolean(true) = try callOp(Int(function), start: Int(start), count: Int(count)) { return true }
            return false
        // Conditions that are a field, a presence test or a verdict: tested where they are read,
        // without going back through `run` for a `Value`.
        case .fieldOfSlot(let s, let index, let isList):
            if case .boolean(true) = Evaluator.field(slots[Int(s)], Int(index), isList, storeBase) { return true }
            return false
        case .fieldOfFieldOfSlot(let s, let outerIndex, let index, let isList):
            let outer = Evaluator.field(slots[Int(s)], Int(outerIndex), false, storeBase)
            if case .boolean(true) = Evaluator.field(outer, Int(index), isList, storeBase) { return true }
            return false
        case .isMissing(let a):
            if case .missing = try run(a) { return true }
            return false
        case .isPresent(let a):
            if case .missing = try run(a) { return false }
            return true
        case .verdict(let p, let test):
            return Evaluator.passes(verdicts[Int(p)], test)
        default:
            steps &-= 1  // `run` counts this op again
            if case .boolean(true) = try run(i) { return true }
            return false
        }
    }

    mutating func memberOfConstants(_ a: Int32, _ start: Int32, _ count: Int32, _ negated: Bool) throws(EvaluationError) -> Bool {
        let v = Evaluator.resolved(try run(a), storeBase)
        for k in Int(start)..<Int(start + count) where program.constants[k] == v { return !negated }
        return negated
    }

    /// A value definition, worked out once per submission; its cited items are cited again at
    /// every use.
    mutating func valueDefinition(_ index: Int) throws(EvaluationError) -> Value {
        if let cached = valueCache[index] {
            cite(valueCited[index])
            return cached
        }
        let body = program.valueBodies[index]
        let (v, own) = try capturingCitations { (e: inout Evaluator) throws(EvaluationError) -> Value in try e.run(body) }
        valueCache[index] = v
        valueCited[index] = own
        return v
    }

    /// Calls a function definition from the program (see `call(_:_:)` for remembering).
    mutating func callOp(_ function: Int, start: Int, count: Int) throws(EvaluationError) -> Value {
        var item = -1
        if count == 1 {
            let argument = program.operands[start]
            // An item already asked of a remembered function: reuse the result without
            // copying the item into the parameter slot (the step reading it still counts).
            if case .slot(let s) = program.ops[Int(argument)], memo.traits.remembered[function] {
                let i = memo.slotItem[Int(s)]
                if i >= 0, i < items.count, case let e = Int(memo.byItem[function * memo.itemCount + i]), e > 0 {
                    try step(op: argument)
                    return reuse(e - 1)
                }
            }
            let slot = Int(program.singleParameter[function])
            slots[slot] = try run(argument)
            // Every write to a slot in the program notes its item (quantifiers, calls, `let`s),
            // so the note can be trusted here without comparing storage.
            if case .slot(let s) = program.ops[Int(argument)] { item = memo.slotItem[Int(s)] }
            memo.slotItem[slot] = item
            if item >= items.count { item = -1 }
        } else {
            let mark = arguments.count
            for k in start..<start + count { arguments.append(try run(program.operands[k])) }
            let parameters = program.parameterSlots[function]
            for (k, slot) in parameters.enumerated() { slots[Int(slot)] = arguments[mark + k] }
            arguments.removeSubrange(mark...)
        }
        let body = program.functionBodies[function]
        return try remembered(function, item: item) { (e: inout Evaluator) throws(EvaluationError) -> Value in try e.run(body) }
    }

    /// The elements a quantifier or aggregate ranges over; the submission's items directly.
    mutating func elementsOp(_ collection: Int32) throws(EvaluationError) -> Elements? {
        if case .items = program.ops[Int(collection)] { return Elements(array: items) }
        switch try run(collection) {
        case .list(let elements): return Elements(array: elements)
        case .storedList(let offset, let count): return Elements(offset: Int(offset), count: Int(count))
        default: return nil
        }
    }

    mutating func quantifyOp(_ q: Quantifier, slot: Int, collection: Int32, filter: Int32, tracks: Bool) throws(EvaluationError) -> Value {
        guard let elements = try elementsOp(collection) else { return q == .count ? .number(0) : .boolean(q != .any) }
        var matched = 0
        var overItems = false
        if case .items = program.ops[Int(collection)] { overItems = true }
        for i in 0..<elements.count {
            slots[slot] = Evaluator.element(elements, i, storeBase)
            memo.slotItem[slot] = overItems ? i : -1
            let holds = filter < 0 ? true : try holdsOp(filter)
            if holds {
                matched += 1
                if tracks && q != .none { cite(i) }
                if q == .any && !tracks { return .boolean(true) }
                if q == .none { return .boolean(false) }
            } else if q == .all {
                return .boolean(false)
            }
        }
        switch q {
        case .any: return .boolean(matched > 0)
        case .all, .none: return .boolean(true)
        case .count: return .number(Double(matched))
        }
    }

    mutating func aggregateOp(_ a: Aggregate, value: Int32, slot: Int, collection: Int32, filter: Int32, tracks: Bool) throws(EvaluationError) -> Value {
        guard let elements = try elementsOp(collection) else { return .missing }
        var accumulator = AggregateAccumulator(a)
        lendKeys(to: &accumulator)
        var overItems = false
        if case .items = program.ops[Int(collection)] { overItems = true }
        for i in 0..<elements.count {
            slots[slot] = Evaluator.element(elements, i, storeBase)
            memo.slotItem[slot] = overItems ? i : -1
            if filter >= 0, !(try holdsOp(filter)) { continue }
            if tracks { cite(i) }
            accumulator.add(Evaluator.resolved(try run(value), storeBase))
        }
        return finish(&accumulator)
    }
}
