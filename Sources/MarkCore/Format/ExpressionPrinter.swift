/// Prints expressions and types on one line, in canonical spacing.
///
/// The printer writes back exactly the tokens the parser read, in the same order, so the
/// result parses to the same tree: literals are printed as written (their raw text), the
/// author's parentheses are kept because the tree records them as `.group`, and no
/// parentheses are ever added. The one normalisation is in `is` tests, where the tree does not
/// record the spelling: `is not missing` prints as `is present` and `is not present` as
/// `is missing`.
enum ExpressionPrinter {
    /// The expression on one line: single spaces around binary operators and keywords, none
    /// inside brackets, `", "` between list items and arguments.
    static func flat(_ e: Expr) -> String {
        var out = ""
        write(e, to: &out)
        return out
    }

    /// A type as written in declarations: `text`, `list of T`, `optional T`.
    static func type(_ t: TypeSyntax) -> String {
        switch t {
        case .named(let id): id.name
        case .list(let element, _): "list of " + type(element)
        case .optional(let wrapped, _): "optional " + type(wrapped)
        }
    }

    /// `name: type`, as in records, items and parameter lists.
    static func field(_ f: FieldDeclaration) -> String {
        f.name.name + ": " + type(f.type) + (f.scale.map { " from \($0.low) to \($0.high)" } ?? "")
    }

    private static func write(_ e: Expr, to out: inout String) {
        switch e.kind {
        case .number(let raw), .date(let raw):
            out += raw
        case .duration(let raw, let unit):
            out += raw + " " + unit.rawValue
        case .string(let literal):
            out += literal.raw
        case .boolean(let value):
            out += value ? "true" : "false"
        case .name(let id):
            out += id.name
        case .member:
            // A chain `a.b.c…` is walked in a loop, so its length does not deepen the stack.
            var fields: [String] = []
            var base = e
            while case .member(let inner, let field) = base.kind {
                fields.append(field.name)
                base = inner
            }
            write(base, to: &out)
            for field in fields.reversed() { out += "." + field }
        case .call(let callee, let arguments):
            out += callee.name + "("
            writeList(arguments, to: &out)
            out += ")"
        case .list(let elements):
            out += "["
            writeList(elements, to: &out)
            out += "]"
        case .unary(.not, let operand):
            out += "not "
            write(operand, to: &out)
        case .unary(.negate, let operand):
            // `- -x`, not `--x`, when one minus follows another.
            if case .unary(.negate, _) = operand.kind { out += "- " } else { out += "-" }
            write(operand, to: &out)
        case .binary:
            // Operator chains grow to the left (`(a and b) and c`); walk them in a loop.
            var spine: [(BinaryOperator, Expr)] = []
            var leftmost = e
            while case .binary(let op, let lhs, let rhs) = leftmost.kind {
                spine.append((op, rhs))
                leftmost = lhs
            }
            write(leftmost, to: &out)
            for (op, rhs) in spine.reversed() {
                out += " " + op.rawValue + " "
                write(rhs, to: &out)
            }
        case .test(let subject, let test):
            write(subject, to: &out)
            out += " is " + test.rawValue
        case .within(let lhs, let amount, let rhs):
            write(lhs, to: &out)
            out += " within "
            write(amount, to: &out)
            out += " of "
            write(rhs, to: &out)
        case .between(let unit, let from, let to):
            out += unit.rawValue + " between "
            write(from, to: &out)
            out += " and "
            write(to, to: &out)
        case .quantifier(let q, let binder, let collection, let filter):
            out += q.rawValue + "(" + binder.name + " in "
            write(collection, to: &out)
            writeFilter(filter, to: &out)
            out += ")"
        case .aggregate(let a, let value, let binder, let collection, let filter):
            out += a == .countDistinct ? "count(distinct " : a.rawValue + "("
            write(value, to: &out)
            out += " for " + binder.name + " in "
            write(collection, to: &out)
            writeFilter(filter, to: &out)
            out += ")"
        case .atLeast(let count, let points, let test):
            out += "at least "
            write(count, to: &out)
            out += " of (" + points.map(\.name).joined(separator: ", ") + ") are " + test.rawValue
        case .gradeTest(let component, let grade):
            out += component.name + " is " + grade.raw
        case .atLeastGrade(let count, let components, let grade):
            out += "at least "
            write(count, to: &out)
            out += components.map { " of (" + $0.map(\.name).joined(separator: ", ") + ") are " } ?? " components are "
            out += grade.raw
        case .everyComponent(let grade):
            out += "every component is " + grade.raw
        case .everyPoint(let component, let test):
            out += "every point in " + component.name + " is " + test.rawValue
        case .group(let inner):
            out += "("
            write(inner, to: &out)
            out += ")"
        case .missing:
            // Only in trees with parse errors, which the formatter does not accept.
            break
        }
    }

    private static func writeList(_ items: [Expr], to out: inout String) {
        for (i, item) in items.enumerated() {
            if i > 0 { out += ", " }
            write(item, to: &out)
        }
    }

    private static func writeFilter(_ filter: Expr?, to out: inout String) {
        guard let filter else { return }
        out += " where "
        write(filter, to: &out)
    }
}
