/// Decides where a statement with an expression breaks across lines.
///
/// The rule, applied the same way to `define`, `let`, `marks`, `met when` and `grade … when`:
/// - the statement stays on one line when that line fits in ``width`` columns;
/// - otherwise the head (`define f(x: number) =`, `met when`, …) ends its line and the
///   expression follows on lines indented four more (``continuationIndent``);
/// - an expression (or operand) still too long for its line breaks:
///   - if it is an `and`/`or` chain (not in parentheses): before each `and`/`or` of the chain,
///     one operand per line; an operand that is itself a chain too long for its line breaks
///     the same way, its further lines two more in (``nestedChainIndent``);
///   - if it is a quantifier or aggregate with `where`, perhaps negated, compared or tested
///     (`any(x in c where …)`, `not all(…)`, `count(…) >= 2`): after `where`, the condition
///     on the following lines four more in, laid out by these same rules, and the closing `)`
///     with whatever follows it at the end of the condition's last line.
///
/// Nothing else breaks: a long call, list or parenthesised condition stays on one line.
/// The layout depends only on the tree, never on how the input was laid out.
enum LineBreaker {
    /// The column limit lines are fitted to.
    static let width = 100
    /// How much further the expression is indented when it moves below its head.
    static let continuationIndent = 4
    /// How much further a nested chain's later operands are indented.
    static let nestedChainIndent = 2

    /// The lines of `head expression` for a statement at `indent` columns, relative to that
    /// indentation (the first line carries no indentation).
    static func lines(head: String, body: Expr, indent: Int) -> [String] {
        let flat = ExpressionPrinter.flat(body)
        let oneLine = head + " " + flat
        if fits(oneLine, at: indent) { return [oneLine] }
        let pad = String(repeating: " ", count: continuationIndent)
        let bodyLines = chainLines(body, flat: flat, prefix: "", indent: indent + continuationIndent, nested: false)
        return [head] + bodyLines.map { pad + $0 }
    }

    /// Whether `line` fits when indented by `indent` columns.
    static func fits(_ line: String, at indent: Int) -> Bool {
        indent + line.count <= width
    }

    /// Lines for `e` preceded by `prefix` (`""`, `"and "` or `"or "`), relative to `indent`.
    private static func chainLines(_ e: Expr, flat: String? = nil, prefix: String, indent: Int, nested: Bool) -> [String] {
        let line = prefix + (flat ?? ExpressionPrinter.flat(e))
        if fits(line, at: indent) { return [line] }
        guard let (op, operands) = chain(e) else {
            guard let split = WhereSplit(e) else { return [line] }
            let pad = String(repeating: " ", count: continuationIndent)
            var condition = chainLines(split.condition, prefix: "", indent: indent + continuationIndent, nested: false)
            condition[condition.count - 1] += split.after
            return [prefix + split.before] + condition.map { pad + $0 }
        }
        let step = nested ? nestedChainIndent : 0
        let pad = String(repeating: " ", count: step)
        var out = chainLines(operands[0], prefix: prefix, indent: indent, nested: true)
        for operand in operands.dropFirst() {
            out += chainLines(operand, prefix: op.rawValue + " ", indent: indent + step, nested: true).map { pad + $0 }
        }
        return out
    }

    /// The operator and operands of an unparenthesised `and`/`or` chain, left to right, or nil.
    private static func chain(_ e: Expr) -> (BinaryOperator, [Expr])? {
        guard case .binary(let op, _, _) = e.kind, op == .and || op == .or else { return nil }
        // The parser builds chains leaning left: `(a and b) and c`.
        var operands: [Expr] = []
        var node = e
        while case .binary(op, let lhs, let rhs) = node.kind {
            operands.append(rhs)
            node = lhs
        }
        operands.append(node)
        return (op, operands.reversed())
    }
}
