extension Checker {
    func compatible(_ a: ValueType, _ b: ValueType) -> Bool {
        if a == b { return true }
        switch (a, b) {
        case (.text, .enumeration), (.enumeration, .text): return true
        default: return false
        }
    }

    mutating func checkBinary(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, _ e: Expr, _ scope: inout Scope) -> Typed {
        let loc = ref(e.range, scope)
        switch op {
        case .and, .or:
            let a = expectType(lhs, .boolean, &scope, what: "each side of '\(op.rawValue)'")
            let b = expectType(rhs, .boolean, &scope, what: "each side of '\(op.rawValue)'")
            let bad = a.type.isError || b.type.isError
            return Typed(type: bad ? .error : .boolean, node: Node(op == .and ? .and(a.node, b.node) : .or(a.node, b.node), loc))
        case .otherwise:
            let a = checkExpression(lhs, &scope)
            let b = checkExpression(rhs, &scope)
            if a.type.isError || b.type.isError { return poisoned(e, scope) }
            if !a.type.isOptional {
                warning("never-missing", "'\(sources[scope.file].text(lhs.range))' is never missing, so 'otherwise' has no effect", e.range, file: scope.file)
            }
            guard requireDefinite(b, rhs, scope) else { return poisoned(e, scope) }
            guard compatible(a.type.unwrapped, b.type) else {
                error("type-mismatch", "the value after 'otherwise' must be \(article(a.type.unwrapped)), but this is \(article(b.type))", rhs.range, file: scope.file)
                return poisoned(e, scope)
            }
            return Typed(type: a.type.unwrapped, node: Node(.otherwise(a.node, b.node), loc))
        default:
            break
        }
        let a = checkExpression(lhs, &scope)
        let b = checkExpression(rhs, &scope)
        if a.type.isError || b.type.isError { return poisoned(e, scope) }
        guard requireDefinite(a, lhs, scope), requireDefinite(b, rhs, scope) else { return poisoned(e, scope) }
        let opText = op.rawValue
        func mismatch(_ checker: inout Checker) -> Typed {
            checker.error(
                "type-mismatch", "cannot use '\(opText)' with \(checker.article(a.type)) and \(checker.article(b.type))",
                e.range, file: scope.file)
            return checker.poisoned(e, scope)
        }
        switch op {
        case .equal, .notEqual:
            guard compatible(a.type, b.type), a.type.element == nil else { return mismatch(&self) }
            if case .enumeration(let n) = a.type { checkEnumLiterals(rhs, enumeration: n, scope) }
            if case .enumeration(let n) = b.type { checkEnumLiterals(lhs, enumeration: n, scope) }
            if case .record = a.type { return mismatch(&self) }
            return Typed(type: .boolean, node: Node(.compare(op == .equal ? .equal : .notEqual, a.node, b.node), loc))
        case .less, .lessEqual, .greater, .greaterEqual:
            guard a.type == b.type, a.type == .number || a.type == .date else { return mismatch(&self) }
            let c: Comparison = op == .less ? .less : op == .lessEqual ? .lessEqual : op == .greater ? .greater : .greaterEqual
            return Typed(type: .boolean, node: Node(.compare(c, a.node, b.node), loc))
        case .in, .notIn:
            guard let element = b.type.element else {
                error("type-mismatch", "the right side of '\(opText)' must be a list, but this is \(article(b.type))", rhs.range, file: scope.file)
                return poisoned(e, scope)
            }
            guard compatible(a.type, element) else { return mismatch(&self) }
            if case .enumeration(let n) = a.type { checkEnumLiterals(rhs, enumeration: n, scope) }
            if case .enumeration(let n) = element { checkEnumLiterals(lhs, enumeration: n, scope) }
            return Typed(type: .boolean, node: Node(.member(a.node, list: b.node, negated: op == .notIn), loc))
        case .mentions:
            let textLike = a.type.isTextual || (a.type.element?.isTextual ?? false)
            let phrasesOK = b.type.isTextual || (b.type.element?.isTextual ?? false)
            guard textLike, phrasesOK else { return mismatch(&self) }
            return Typed(type: .boolean, node: Node(.mentions(a.node, phrases: b.node), loc))
        case .plus, .minus:
            if a.type == .number && b.type == .number {
                return Typed(type: .number, node: Node(.arithmetic(op == .plus ? .plus : .minus, a.node, b.node), loc))
            }
            if a.type == .date && b.type == .number {
                return Typed(type: .date, node: Node(.arithmetic(op == .plus ? .plus : .minus, a.node, b.node), loc))
            }
            if a.type == .date && b.type == .date {
                error("date-difference", "to count the days between two dates, write 'days between a and b'", e.range, file: scope.file)
                return poisoned(e, scope)
            }
            return mismatch(&self)
        case .times, .divide:
            guard a.type == .number, b.type == .number else { return mismatch(&self) }
            return Typed(type: .number, node: Node(.arithmetic(op == .times ? .times : .divide, a.node, b.node), loc))
        case .and, .or, .otherwise:
            return poisoned(e, scope)
        }
    }

    mutating func checkTest(_ operand: Expr, _ test: TestKind, _ e: Expr, _ scope: inout Scope) -> Typed {
        let loc = ref(e.range, scope)
        switch test {
        case .missing, .present:
            let t = checkExpression(operand, &scope)
            if t.type.isError { return t }
            if !t.type.isOptional {
                warning("never-missing", "'\(sources[scope.file].text(operand.range))' is never missing, so this test is always \(test == .present ? "true" : "false")", e.range, file: scope.file)
            }
            return Typed(type: .boolean, node: Node(test == .missing ? .isMissing(t.node) : .isPresent(t.node), loc))
        case .met, .partiallyMet, .notMet:
            guard scope.context == .grading else {
                error("verdict-outside-grading", "a point's verdict can only be tested in the grading scheme", e.range, file: scope.file)
                return poisoned(e, scope)
            }
            guard case .name(let id) = operand.kind, let index = pointIndex[id.name] else {
                let name = sources[scope.file].text(operand.range)
                error("unknown-point", "'\(name)' is not a marking point" + Suggestion.didYouMean(name, among: pointIndex.keys), operand.range, file: scope.file)
                return poisoned(e, scope)
            }
            pointsUsedByGrading.insert(index)
            return Typed(type: .boolean, node: Node(.verdict(point: index, test: test), loc))
        }
    }

    /// `at least N of (p, q, r) are met`: N a whole number from 1 to the number of points, each
    /// a marking point named once.
    mutating func checkAtLeast(_ count: Expr, _ ids: [Identifier], _ test: TestKind, _ e: Expr, _ scope: inout Scope) -> Typed {
        let loc = ref(e.range, scope)
        guard scope.context == .grading else {
            error("verdict-outside-grading", "a point's verdict can only be tested in the grading scheme", e.range, file: scope.file)
            return poisoned(e, scope)
        }
        var indices: [Int] = []
        var bad = false
        for id in ids {
            guard let index = pointIndex[id.name] else {
                error("unknown-point", "'\(id.name)' is not a marking point" + Suggestion.didYouMean(id.name, among: pointIndex.keys), id.range, file: scope.file)
                bad = true
                continue
            }
            if indices.contains(index) {
                error("repeated-point", "'\(id.name)' is listed twice; each point counts once", id.range, file: scope.file)
                bad = true
                continue
            }
            pointsUsedByGrading.insert(index)
            indices.append(index)
        }
        let raw = sources[scope.file].text(count.range)
        guard let n = Int(raw) else {
            error("at-least-count", "the count in 'at least N of (…)' is a whole number of points, not '\(raw)'", count.range, file: scope.file)
            return poisoned(e, scope)
        }
        if n == 0 {
            error("at-least-count", "'at least 0 of (…)' always holds; count at least 1 point, or leave the test out", count.range, file: scope.file)
            return poisoned(e, scope)
        }
        if n > ids.count {
            error(
                "at-least-count",
                "'at least \(n) of (…)' can never hold: it lists only \(ids.count) point\(ids.count == 1 ? "" : "s")", count.range, file: scope.file)
            return poisoned(e, scope)
        }
        if bad { return poisoned(e, scope) }
        return Typed(type: .boolean, node: Node(.verdictCount(points: indices, test: test, atLeast: n), loc))
    }

    mutating func checkCall(_ name: Identifier, _ arguments: [Expr], _ e: Expr, _ scope: inout Scope) -> Typed {
        let loc = ref(e.range, scope)
        if let index = definitionIndex[name.name] {
            guard let parameters = definitions[index].declaration.parameters else {
                error("not-a-function", "'\(name.name)' is a value, not a function: write it without '(…)'", name.range, file: scope.file)
                return poisoned(e, scope)
            }
            let type = ensureDefinition(index, usedFrom: (name.range, scope.file))
            guard arguments.count == parameters.count else {
                error("argument-count", "'\(name.name)' takes \(parameters.count) argument\(parameters.count == 1 ? "" : "s"), not \(arguments.count)", e.range, file: scope.file)
                return poisoned(e, scope)
            }
            var nodes: [Node] = []
            var bad = type.isError
            for (i, argument) in arguments.enumerated() {
                let t = checkExpression(argument, &scope)
                let expected = i < definitions[index].parameterTypes.count ? definitions[index].parameterTypes[i] : .error
                if t.type.isError || expected.isError { bad = true; continue }
                if !(compatible(expected, t.type) || (expected.isOptional && compatible(expected.unwrapped, t.type.unwrapped))) {
                    error(
                        "type-mismatch", "argument \(i + 1) of '\(name.name)' must be \(article(expected)), but this is \(article(t.type))",
                        argument.range, file: scope.file)
                    bad = true
                }
                nodes.append(t.node)
            }
            if bad { return poisoned(e, scope) }
            return Typed(type: type, node: Node(.call(function: definitions[index].compiledIndex, arguments: nodes, name: name.name), loc))
        }
        guard let builtin = Builtin(rawValue: name.name) else {
            let candidates = definitions.filter { $0.declaration.parameters != nil }.map(\.declaration.name.name) + Builtin.allCases.map(\.rawValue)
            error("unknown-function", "unknown function '\(name.name)'" + Suggestion.didYouMean(name.name, among: candidates), name.range, file: scope.file)
            return poisoned(e, scope)
        }
        guard arguments.count == 1 else {
            error("argument-count", "'\(name.name)' takes 1 argument, not \(arguments.count)", e.range, file: scope.file)
            return poisoned(e, scope)
        }
        let t = checkExpression(arguments[0], &scope)
        if t.type.isError { return t }
        guard requireDefinite(t, arguments[0], scope) else { return poisoned(e, scope) }
        let node = Node(.builtin(builtin, [t.node]), loc)
        func wrong(_ checker: inout Checker, _ expected: String) -> Typed {
            checker.error("type-mismatch", "'\(name.name)' takes \(expected), but this is \(checker.article(t.type))", arguments[0].range, file: scope.file)
            return checker.poisoned(e, scope)
        }
        switch builtin {
        case .count:
            guard t.type.element != nil else { return wrong(&self, "a list") }
            return Typed(type: .number, node: node)
        case .sum:
            guard t.type.element == .number else { return wrong(&self, "a list of numbers") }
            return Typed(type: .number, node: node)
        case .min, .max:
            guard let el = t.type.element, el == .number || el == .date else { return wrong(&self, "a list of numbers or dates") }
            return Typed(type: .optional(el), node: node)
        case .weekOf:
            guard t.type == .date else { return wrong(&self, "a date") }
            return Typed(type: .number, node: node)
        case .abs:
            guard t.type == .number else { return wrong(&self, "a number") }
            return Typed(type: .number, node: node)
        case .words:
            guard t.type.isTextual else { return wrong(&self, "a text") }
            return Typed(type: .number, node: node)
        }
    }

    /// Checks the list and binds the name; returns the list and the bound slot.
    mutating func bindCollection(_ binder: Identifier, _ collection: Expr, _ scope: inout Scope, form: String) -> (Typed, Int)? {
        let c = checkExpression(collection, &scope)
        if c.type.isError { return nil }
        guard let element = c.type.element else {
            error("not-a-list", "'\(form)' goes over a list, but '\(sources[scope.file].text(collection.range))' is \(article(c.type))", collection.range, file: scope.file)
            return nil
        }
        let slot = newSlot()
        scope.locals.append((binder.name, slot, element))
        return (c, slot)
    }

    mutating func checkFilter(_ filter: Expr?, _ scope: inout Scope) -> (Node?, Bool) {
        guard let filter else { return (nil, true) }
        let f = expectType(filter, .boolean, &scope, what: "the condition after 'where'")
        return (f.node, !f.type.isError)
    }

    mutating func checkQuantifier(
        _ q: Quantifier, _ binder: Identifier, _ collection: Expr, _ filter: Expr?, _ e: Expr, _ scope: inout Scope
    ) -> Typed {
        guard let (c, slot) = bindCollection(binder, collection, &scope, form: q.rawValue) else { return poisoned(e, scope) }
        let (f, ok) = checkFilter(filter, &scope)
        scope.locals.removeLast()
        guard ok else { return poisoned(e, scope) }
        let tracks = if case .items = c.node.kind { true } else { false }
        return Typed(
            type: q == .count ? .number : .boolean,
            node: Node(.quantifier(q, slot: slot, collection: c.node, filter: f, tracksItems: tracks), ref(e.range, scope)))
    }

    mutating func checkAggregate(
        _ a: Aggregate, _ value: Expr, _ binder: Identifier, _ collection: Expr, _ filter: Expr?, _ e: Expr, _ scope: inout Scope
    ) -> Typed {
        guard let (c, slot) = bindCollection(binder, collection, &scope, form: a.rawValue) else { return poisoned(e, scope) }
        let v = checkExpression(value, &scope)
        let (f, ok) = checkFilter(filter, &scope)
        scope.locals.removeLast()
        guard ok, !v.type.isError else { return poisoned(e, scope) }
        guard requireDefinite(v, value, scope) else { return poisoned(e, scope) }
        let type: ValueType
        switch a {
        case .countDistinct: type = .number
        case .distinct: type = .list(v.type)
        case .sum:
            guard v.type == .number else {
                error("type-mismatch", "'sum' adds numbers, but this is \(article(v.type))", value.range, file: scope.file)
                return poisoned(e, scope)
            }
            type = .number
        case .min, .max:
            guard v.type == .number || v.type == .date else {
                error("type-mismatch", "'\(a.rawValue)' takes numbers or dates, but this is \(article(v.type))", value.range, file: scope.file)
                return poisoned(e, scope)
            }
            type = .optional(v.type)
        case .span:
            guard v.type == .date else {
                error("type-mismatch", "'span' measures days between dates, but this is \(article(v.type))", value.range, file: scope.file)
                return poisoned(e, scope)
            }
            type = .number
        }
        let tracks = if case .items = c.node.kind { true } else { false }
        return Typed(
            type: type,
            node: Node(.aggregate(a, value: v.node, slot: slot, collection: c.node, filter: f, tracksItems: tracks), ref(e.range, scope)))
    }
}
