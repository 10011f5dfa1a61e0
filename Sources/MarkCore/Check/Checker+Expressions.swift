extension Checker {
    /// A checked expression: its type and compiled node.
    struct Typed {
        var type: ValueType
        var node: Node
    }

    func ref(_ range: Range<Int>, _ scope: Scope) -> SourceRef { SourceRef(file: scope.file, range: range) }

    func poisoned(_ e: Expr, _ scope: Scope) -> Typed {
        Typed(type: .error, node: Node(.constant(.missing), ref(e.range, scope)))
    }

    /// Reports a value that may be missing where a definite value is needed.
    mutating func requireDefinite(_ t: Typed, _ e: Expr, _ scope: Scope) -> Bool {
        guard t.type.isOptional else { return true }
        let text = sources[scope.file].text(e.range)
        let example: String
        switch t.type.unwrapped {
        case .number: example = "0"
        case .boolean: example = "false"
        case .text, .enumeration: example = "\"\""
        case .date: example = "submission.submitted"
        default: example = "…"
        }
        error(
            "optional-value",
            "'\(text)' may be missing (its type is \(t.type)); say what a missing value means with 'otherwise', e.g. '(\(text) otherwise \(example))'",
            e.range, file: scope.file)
        return false
    }

    /// Checks that `e` is a definite value of type `expected`.
    mutating func expectType(_ e: Expr, _ expected: ValueType, _ scope: inout Scope, what: @autoclosure () -> String) -> Typed {
        let t = checkExpression(e, &scope)
        if t.type.isError { return t }
        guard requireDefinite(t, e, scope) else { return poisoned(e, scope) }
        if t.type != expected && !(expected == .text && t.type.isTextual) {
            error("type-mismatch", "\(what()) must be \(article(expected)), but this is \(article(t.type))", e.range, file: scope.file)
            return poisoned(e, scope)
        }
        return t
    }

    func article(_ t: ValueType) -> String {
        switch t {
        case .list, .optional: return "a \(t)"
        case .enumeration(let n): return "a value of '\(n)'"
        case .record(let n): return "a record '\(n)'"
        default:
            let s = t.description
            return (s.first.map { "aeiou".contains($0) } ?? false ? "an " : "a ") + s
        }
    }

    mutating func checkExpression(_ e: Expr, _ scope: inout Scope) -> Typed {
        let loc = ref(e.range, scope)
        switch e.kind {
        case .missing:
            return poisoned(e, scope)
        case .group(let inner):
            return checkExpression(inner, &scope)
        case .number(let raw):
            guard let v = Double(raw), v.isFinite else {
                error("bad-number", "'\(raw)' is not a number this engine can hold", e.range, file: scope.file)
                return poisoned(e, scope)
            }
            return Typed(type: .number, node: Node(.constant(.number(v)), loc))
        case .duration(let raw, let unit):
            guard let v = Double(raw), v.isFinite else { return poisoned(e, scope) }
            return Typed(type: .number, node: Node(.constant(.number(unit == .weeks ? v * 7 : v)), loc))
        case .string(let s):
            return Typed(type: .text, node: Node(.constant(.text(s.value)), loc))
        case .date(let text):
            guard let d = CalendarDate(text) else {
                error("bad-date", "'\(text)' is not a real date", e.range, file: scope.file)
                return poisoned(e, scope)
            }
            return Typed(type: .date, node: Node(.constant(.date(d)), loc))
        case .boolean(let b):
            return Typed(type: .boolean, node: Node(.constant(.boolean(b)), loc))
        case .name(let id):
            return checkName(id, e, &scope)
        case .member(let base, let field):
            return checkMember(base, field, e, &scope)
        case .call(let name, let arguments):
            return checkCall(name, arguments, e, &scope)
        case .list(let elements):
            return checkList(elements, e, &scope)
        case .unary(.not, let operand):
            let t = expectType(operand, .boolean, &scope, what: "the operand of 'not'")
            return Typed(type: t.type.isError ? .error : .boolean, node: Node(.not(t.node), loc))
        case .unary(.negate, let operand):
            let t = expectType(operand, .number, &scope, what: "the operand of '-'")
            return Typed(type: t.type.isError ? .error : .number, node: Node(.negate(t.node), loc))
        case .binary(let op, let lhs, let rhs):
            return checkBinary(op, lhs, rhs, e, &scope)
        case .test(let operand, let test):
            return checkTest(operand, test, e, &scope)
        case .atLeast(let count, let points, let test):
            return checkAtLeast(count, points, test, e, &scope)
        case .gradeTest(let id, let grade):
            return checkComponentCount(nil, [id], grade, e, &scope)
        case .atLeastGrade(let count, let ids, let grade):
            return checkComponentCount(count, ids, grade, e, &scope)
        case .everyComponent(let grade):
            return checkComponentCount(nil, nil, grade, e, &scope)
        case .everyPoint(let id, let test):
            return checkEveryPoint(id, test, e, &scope)
        case .within(let a, let amount, let b):
            let ta = expectType(a, .date, &scope, what: "the left side of 'within'")
            let tn = expectType(amount, .number, &scope, what: "the distance in 'within'")
            let tb = expectType(b, .date, &scope, what: "the right side of 'within … of'")
            let bad = ta.type.isError || tn.type.isError || tb.type.isError
            return Typed(type: bad ? .error : .boolean, node: Node(.within(ta.node, days: tn.node, tb.node), loc))
        case .between(let unit, let a, let b):
            let ta = expectType(a, .date, &scope, what: "the first date of '\(unit.rawValue) between'")
            let tb = expectType(b, .date, &scope, what: "the second date of '\(unit.rawValue) between'")
            let bad = ta.type.isError || tb.type.isError
            return Typed(type: bad ? .error : .number, node: Node(.between(unit, ta.node, tb.node), loc))
        case .quantifier(let q, let binder, let collection, let filter):
            return checkQuantifier(q, binder, collection, filter, e, &scope)
        case .aggregate(let a, let value, let binder, let collection, let filter):
            return checkAggregate(a, value, binder, collection, filter, e, &scope)
        }
    }

    mutating func checkName(_ id: Identifier, _ e: Expr, _ scope: inout Scope) -> Typed {
        let loc = ref(e.range, scope)
        if let local = scope.lookup(id.name) {
            return Typed(type: local.type, node: Node(.slot(local.slot, name: id.name), loc))
        }
        switch id.name {
        case "items":
            return Typed(type: .list(.record("item")), node: Node(.items, loc))
        case "total" where scope.context == .grading:
            gradingUsesTotal = true
            return Typed(type: .number, node: Node(.total, loc))
        case "submission":
            error("bare-submission", "write a field of the submission, e.g. 'submission.submitted'; fields: \(SubmissionFields.all.map(\.name).joined(separator: ", "))", id.range, file: scope.file)
            return poisoned(e, scope)
        default: break
        }
        if let index = definitionIndex[id.name] {
            if definitions[index].declaration.parameters != nil {
                error("missing-arguments", "'\(id.name)' takes arguments; call it as '\(id.name)(…)'", id.range, file: scope.file)
                return poisoned(e, scope)
            }
            let type = ensureDefinition(index, usedFrom: (id.range, scope.file))
            return Typed(type: type, node: Node(.value(definitions[index].compiledIndex, name: id.name), loc))
        }
        if scope.context == .grading, pointIndex[id.name] != nil {
            error("bare-point", "a marking point's verdict is tested with 'is': write '\(id.name) is met'", id.range, file: scope.file)
            return poisoned(e, scope)
        }
        var candidates = scope.locals.map(\.name) + Array(definitionIndex.keys) + ["items", "submission"]
        if scope.context == .grading { candidates += ["total"] + Array(pointIndex.keys) }
        var message = "unknown name '\(id.name)'" + Suggestion.didYouMean(id.name, among: candidates)
        if id.name == "total" { message = "'total' (the sum of marks) can only be used in the grading scheme" }
        error("unknown-name", message, id.range, file: scope.file)
        return poisoned(e, scope)
    }

    mutating func checkMember(_ base: Expr, _ field: Identifier, _ e: Expr, _ scope: inout Scope) -> Typed {
        let loc = ref(e.range, scope)
        if case .name(let id) = base.kind, id.name == "submission", scope.lookup("submission") == nil {
            guard let index = SubmissionFields.all.firstIndex(where: { $0.name == field.name }) else {
                error(
                    "unknown-field",
                    "the submission has no field '\(field.name)' (its fields are \(SubmissionFields.all.map(\.name).joined(separator: ", ")))"
                        + Suggestion.didYouMean(field.name, among: SubmissionFields.all.map(\.name)),
                    field.range, file: scope.file)
                return poisoned(e, scope)
            }
            return Typed(type: SubmissionFields.all[index].type, node: Node(.submission(index), loc))
        }
        let b = checkExpression(base, &scope)
        if b.type.isError { return b }
        let optional = b.type.isOptional
        guard case .record(let recordName) = b.type.unwrapped, let record = schema?.records[recordName] else {
            error("not-a-record", "'\(sources[scope.file].text(base.range))' is \(article(b.type)), which has no fields", field.range, file: scope.file)
            return poisoned(e, scope)
        }
        guard let index = record.index(of: field.name) else {
            error(
                "unknown-field",
                "\(recordName == "item" ? "an evidence item" : "record '\(recordName)'") has no field '\(field.name)'"
                    + Suggestion.didYouMean(field.name, among: record.fields.map(\.name)),
                field.range, file: scope.file)
            return poisoned(e, scope)
        }
        var type = record.fields[index].type
        // Reading through a value that may be missing gives a value that may be missing.
        if optional, !type.isOptional, type.element == nil { type = .optional(type) }
        return Typed(type: type, node: Node(.field(b.node, index: index, name: field.name, isList: type.element != nil), loc))
    }

    mutating func checkList(_ elements: [Expr], _ e: Expr, _ scope: inout Scope) -> Typed {
        var nodes: [Node] = []
        var elementType: ValueType?
        for element in elements {
            let t = checkExpression(element, &scope)
            if t.type.isError { return t }
            guard requireDefinite(t, element, scope) else { return poisoned(e, scope) }
            if let et = elementType, et != t.type {
                error("mixed-list", "a list holds values of one type: this is \(article(t.type)), the first is \(article(et))", element.range, file: scope.file)
                return poisoned(e, scope)
            }
            elementType = t.type
            nodes.append(t.node)
        }
        return Typed(type: .list(elementType ?? .text), node: Node(.list(nodes), ref(e.range, scope)))
    }

    /// Checks string literals compared with an enumeration value against its declared values.
    mutating func checkEnumLiterals(_ literalSide: Expr, enumeration: String, _ scope: Scope) {
        guard let values = schema?.enumerations[enumeration] else { return }
        var literals: [StringLiteral] = []
        switch literalSide.kind {
        case .string(let s): literals = [s]
        case .list(let items):
            for case .string(let s) in items.map(\.kind) { literals.append(s) }
        case .group(let inner):
            checkEnumLiterals(inner, enumeration: enumeration, scope)
        default: break
        }
        for s in literals where !values.contains(s.value) {
            error(
                "unknown-enum-value",
                "'\(s.value)' is not a value of '\(enumeration)' (its values are \(values.joined(separator: ", ")))"
                    + Suggestion.didYouMean(s.value, among: values),
                s.range, file: scope.file)
        }
    }
}
