/// A textual dump of a syntax tree without source ranges, so two trees can be compared by
/// meaning: reformatting a file must not change its dump.
///
/// Declarations and statements are S-expressions, one per line, nested by two spaces;
/// expressions are one S-expression on their line. Literals appear as written (raw text).
/// Comments are not part of the dump.
///
/// ```
/// (point p1 "Wording"
///   (marks 4)
///   (met-when (and (>= (count x in items where (= (. x kind) essay)) 3) (is-present deadline))))
/// ```
public enum SyntaxDump {
    /// A textual dump of the tree WITHOUT source ranges (S-expression-like), so two trees can be compared by meaning:
    /// parse(format(x)) must dump exactly like parse(x).
    public static func dump(_ file: RuleFile) -> String {
        var out: [String] = []
        for declaration in file.declarations { declarationLines(declaration, into: &out) }
        return out.map { $0 + "\n" }.joined()
    }

    /// One expression as an S-expression.
    public static func dump(_ e: Expr) -> String {
        expression(e)
    }

    // MARK: Declarations

    private static func declarationLines(_ d: Declaration, into out: inout [String]) {
        switch d {
        case .header(let header):
            let entries = header.entries.map { entry in
                switch entry {
                case .text(let key, let value): "(\(key.name) \(value.raw))"
                case .applies(let from, let until, _):
                    "(applies from \(expression(from))" + (until.map { " until \(expression($0))" } ?? "") + ")"
                }
            }
            node("(\(header.kind.rawValue) \(header.id.raw)", entries, into: &out)
        case .import(let i):
            out.append("(import \(i.path.raw))")
        case .evidence(let evidence):
            var children: [String] = []
            for member in evidence.members { evidenceLines(member, into: &children) }
            out.append(evidence.extends ? "(extend evidence" : "(evidence")
            out += children.map { "  " + $0 }
            out[out.count - 1] += ")"
        case .define(let definition):
            let parameters = definition.parameters.map { "(params" + $0.map { " " + field($0) }.joined() + ") " } ?? ""
            out.append("(\(definition.replaces == nil ? "" : "replace ")define \(definition.name.name) \(parameters)\(expression(definition.body)))")
        case .point(let point):
            node("(\(point.replaces == nil ? "" : "replace ")point \(point.id.name) \(point.wording.raw)", point.statements.map(statement), into: &out)
        case .grading(let grading):
            node("(grading", grading.statements.map(statement), into: &out)
        case .extends(let e):
            out.append("(extends \(e.path.raw)" + (e.version.map { " (version \($0.raw))" } ?? "") + ")")
        case .removal(let r):
            out.append("(remove \(r.target))")
        case .gradingAmendment(let a):
            out.append("(\(a.replaces == nil ? "add" : "replace") " + statement(a.statement) + ")")
        }
    }

    /// `open`, then each child on its own line two spaces in, then `)`.
    private static func node(_ open: String, _ children: [String], into out: inout [String]) {
        out.append(open)
        out += children.map { "  " + $0 }
        out[out.count - 1] += ")"
    }

    private static func evidenceLines(_ member: EvidenceMember, into out: inout [String]) {
        switch member {
        case .kinds(let names, _):
            out.append("(kinds" + names.map { " " + $0.name }.joined() + ")")
        case .enumeration(let name, let cases, _):
            out.append("(enum \(name.name)" + cases.map { " " + $0.name }.joined() + ")")
        case .record(let name, let fields, _):
            node("(record \(name.name)", fields.map(field), into: &out)
        case .item(let fields, _):
            node("(item", fields.map(field), into: &out)
        }
    }

    private static func field(_ f: FieldDeclaration) -> String {
        "(\(f.name.name) \(type(f.type))" + (f.scale.map { " (scale \($0.low) \($0.high))" } ?? "") + ")"
    }

    private static func type(_ t: TypeSyntax) -> String {
        switch t {
        case .named(let id): id.name
        case .list(let element, _): "(list-of \(type(element)))"
        case .optional(let wrapped, _): "(optional \(type(wrapped)))"
        }
    }

    private static func statement(_ s: PointStatement) -> String {
        switch s {
        case .marks(let e, _): "(marks \(expression(e)))"
        case .computedMarks(let m, _): "(marks-per \(expression(m.per)) \(expression(m.count))\(m.maximum.map { " " + expression($0) } ?? ""))"
        case .partialMarks(let e, _): "(partial-marks \(expression(e)))"
        case .requiredFor(let grade, _): "(required-for \(grade.raw))"
        case .binding(let name, let e, _): "(let \(name.name) \(expression(e)))"
        case .condition(let level, let e, _): "(\(words(level))-when \(expression(e)))"
        case .feedback(let level, let text, _): "(feedback \(words(level)) \(text.raw))"
        case .advice(let text, _): "(advice \(text.raw))"
        }
    }

    private static func statement(_ s: GradingStatement) -> String {
        switch s {
        case .grades(let grades, _): "(grades" + grades.map { " " + $0.raw }.joined() + ")"
        case .floor(let point, let level, _): "(floor \(point.name) \(words(level)))"
        case .markFloor(let point, let marks, _): "(floor \(point.name) \(expression(marks)) marks)"
        case .rule(let grade, let e, _): "(grade \(grade.raw) \(expression(e)))"
        case .combine(let t, _):
            "(combine (\(t.components.map(\.name).joined(separator: " ")))"
                + t.rows.map { " (row " + $0.cells.map(\.source).joined(separator: " ") + " gives " + $0.grade.raw + ")" }.joined()
                + (t.otherwise.map { " (otherwise " + $0.raw + ")" } ?? "") + ")"
        case .component(let c, _):
            "(component \(c.id.name) \(c.title.raw) (points\(c.points.map { " " + $0.name }.joined()))" + c.statements.map { " " + statement($0) }.joined() + ")"
        }
    }

    private static func words(_ level: VerdictLevel) -> String {
        level.words.replacing(" ", with: "-")
    }

    // MARK: Expressions

    private static func expression(_ e: Expr) -> String {
        switch e.kind {
        case .number(let raw), .date(let raw): raw
        case .duration(let raw, let unit): "(\(unit.rawValue) \(raw))"
        case .string(let literal): literal.raw
        case .boolean(let value): value ? "#true" : "#false"
        case .name(let id): id.name
        case .member, .binary: spine(e)
        case .call(let callee, let arguments): "(call \(callee.name)" + arguments.map { " " + expression($0) }.joined() + ")"
        case .list(let elements): "(list" + elements.map { " " + expression($0) }.joined() + ")"
        case .unary(let op, let operand): "(\(op == .not ? "not" : "neg") \(expression(operand)))"
        case .test(let subject, let test): "(is-\(test.rawValue.replacing(" ", with: "-")) \(expression(subject)))"
        case .within(let lhs, let amount, let rhs):
            "(within \(expression(lhs)) \(expression(amount)) \(expression(rhs)))"
        case .between(let unit, let from, let to): "(\(unit.rawValue)-between \(expression(from)) \(expression(to)))"
        case .quantifier(let q, let binder, let collection, let filter):
            "(\(q.rawValue) \(binder.name) in \(expression(collection))\(whereClause(filter)))"
        case .aggregate(let a, let value, let binder, let collection, let filter):
            "(\(a.rawValue.replacing(" ", with: "-")) \(expression(value)) for \(binder.name) in \(expression(collection))\(whereClause(filter)))"
        case .atLeast(let count, let points, let test):
            "(at-least \(expression(count)) (\(points.map(\.name).joined(separator: " "))) \(test.rawValue.replacing(" ", with: "-")))"
        case .gradeTest(let component, let grade): "(grade-test \(component.name) \(grade.raw))"
        case .atLeastGrade(let count, let components, let grade):
            "(at-least-grade \(expression(count)) \(components.map { "(" + $0.map(\.name).joined(separator: " ") + ")" } ?? "components") \(grade.raw))"
        case .everyComponent(let grade): "(every-component \(grade.raw))"
        case .everyPoint(let component, let test): "(every-point \(component.name) \(test.rawValue.replacing(" ", with: "-")))"
        case .group(let inner): "(group \(expression(inner)))"
        case .missing: "(missing)"
        }
    }

    /// A chain leaning left, `(a and b) and c` or `a.b.c`, dumped in a loop rather than by
    /// recursion, so a long chain does not deepen the stack: `(and (and a b) c)`, `(. (. a b) c)`.
    private static func spine(_ e: Expr) -> String {
        var links: [(head: String, tail: String)] = []
        var node = e
        while true {
            if case .binary(let op, let lhs, let rhs) = node.kind {
                links.append(("(" + op.rawValue.replacing(" ", with: "-") + " ", " " + expression(rhs) + ")"))
                node = lhs
            } else if case .member(let base, let field) = node.kind {
                links.append(("(. ", " " + field.name + ")"))
                node = base
            } else {
                break
            }
        }
        return links.map(\.head).joined() + expression(node) + links.reversed().map(\.tail).joined()
    }

    private static func whereClause(_ filter: Expr?) -> String {
        filter.map { " where " + expression($0) } ?? ""
    }
}
