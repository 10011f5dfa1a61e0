/// An expression cut around the `where` condition of its leftmost quantifier or aggregate, so
/// a long expression can break after `where`: `before` ends with `where`, `after` starts with
/// the `)` that closes the quantifier.
///
/// The quantifier may stand alone or be the operand of `not`, `-`, a comparison, arithmetic,
/// `otherwise`, an `is` test or a `.field`; it is never looked for inside parentheses, calls,
/// lists or another quantifier's collection.
struct WhereSplit {
    /// The text up to and including `where`.
    var before: String
    /// The condition after `where`.
    var condition: Expr
    /// The text from the closing `)` on.
    var after: String

    /// Splits `e`, or returns nil when it holds no quantifier or aggregate with `where` in a
    /// position described above.
    init?(_ e: Expr) {
        switch e.kind {
        case .quantifier(let q, let binder, let collection, let filter?):
            self.init(before: q.rawValue + "(" + binder.name + " in " + ExpressionPrinter.flat(collection) + " where", condition: filter, after: ")")
        case .aggregate(let a, let value, let binder, let collection, let filter?):
            let open = a == .countDistinct ? "count(distinct " : a.rawValue + "("
            let head = open + ExpressionPrinter.flat(value) + " for " + binder.name + " in " + ExpressionPrinter.flat(collection)
            self.init(before: head + " where", condition: filter, after: ")")
        case .unary(let op, let operand):
            guard let inner = WhereSplit(operand) else { return nil }
            var sign = op == .not ? "not " : "-"
            if op == .negate, case .unary(.negate, _) = operand.kind { sign = "- " }
            self.init(before: sign + inner.before, condition: inner.condition, after: inner.after)
        case .binary(let op, let lhs, let rhs) where op != .and && op != .or:
            let spelled = " " + op.rawValue + " "
            if let inner = WhereSplit(lhs) {
                self.init(before: inner.before, condition: inner.condition, after: inner.after + spelled + ExpressionPrinter.flat(rhs))
            } else if let inner = WhereSplit(rhs) {
                self.init(before: ExpressionPrinter.flat(lhs) + spelled + inner.before, condition: inner.condition, after: inner.after)
            } else {
                return nil
            }
        case .test(let subject, let test):
            guard let inner = WhereSplit(subject) else { return nil }
            self.init(before: inner.before, condition: inner.condition, after: inner.after + " is " + test.rawValue)
        case .member:
            // Walk a chain `q(…).a.b…` in a loop, so its length does not deepen the stack.
            var fields = ""
            var base = e
            while case .member(let inner, let field) = base.kind {
                fields = "." + field.name + fields
                base = inner
            }
            guard let inner = WhereSplit(base) else { return nil }
            self.init(before: inner.before, condition: inner.condition, after: inner.after + fields)
        default:
            return nil
        }
    }

    private init(before: String, condition: Expr, after: String) {
        self.before = before
        self.condition = condition
        self.after = after
    }
}
