import MarkCore

/// What a name in a rules file stands for, so that every place it is written can be found.
enum SymbolKey: Hashable, Sendable {
    /// A `define`.
    case definition(String)
    /// A marking point.
    case point(String)
    /// An evidence field, by name (fields of the same name in different records are one key).
    case field(String)
    /// A declared enum or record.
    case type(String)
    /// A grade of the grading scheme (or of a component's scale: grades are keyed by name).
    case grade(String)
    /// A component of the grading scheme.
    case component(String)
    /// A parameter, `let` or quantifier binder: the file and where it is declared.
    case local(path: String, declaredAt: Int)
    /// The file an `import` names (its normalised path).
    case file(String)
}

/// One place a symbol is written.
struct Occurrence: Sendable {
    var key: SymbolKey
    /// The file, by path.
    var path: String
    /// The name's byte range (for a grade or an import, the string literal's).
    var range: Range<Int>
    /// Whether this is where the symbol is declared.
    var isDeclaration: Bool
    /// For a declaration, the whole declaration's range (for hover and document symbols).
    var declarationRange: Range<Int>?
}

/// Every occurrence of every symbol in one parsed file, found by walking its syntax tree with
/// the scopes of parameters, `let`s and binders, as the checker resolves them.
struct FileSymbols {
    private(set) var occurrences: [Occurrence] = []
    let path: String
    let importer: (String) -> String?
    private var locals: [(name: String, at: Int)] = []
    private static let builtins = Set(Builtin.allCases.map(\.rawValue))

    /// Indexes a file; `resolveImport` turns an import's path into the imported file's path.
    init(_ file: ParsedRules, resolveImport: @escaping (String) -> String?) {
        path = file.source.path
        importer = resolveImport
        for declaration in file.tree.declarations { visit(declaration) }
    }

    private mutating func add(_ key: SymbolKey, _ range: Range<Int>, declaration: Range<Int>? = nil) {
        occurrences.append(Occurrence(key: key, path: path, range: range, isDeclaration: declaration != nil, declarationRange: declaration))
    }

    private mutating func visit(_ declaration: Declaration) {
        switch declaration {
        case .header: break
        case .import(let imp):
            if let target = importer(imp.path.value) { add(.file(target), imp.path.range) }
        case .extends(let e):
            if let target = importer(e.path.value) { add(.file(target), e.path.range) }
        case .removal(let r):
            switch r.kind {
            case .point, .floor: add(.point(r.name.name), r.name.range)
            case .define: add(.definition(r.name.name), r.name.range)
            case .grade: add(.grade(r.name.name), r.name.range)
            }
        case .gradingAmendment(let a):
            visit(a.statement)
        case .evidence(let e):
            for member in e.members { visit(member) }
        case .define(let d):
            add(.definition(d.name.name), d.name.range, declaration: d.range)
            locals = []
            for p in d.parameters ?? [] {
                add(.local(path: path, declaredAt: p.name.range.lowerBound), p.name.range, declaration: p.name.range.lowerBound..<p.type.range.upperBound)
                visit(p.type)
                locals.append((p.name.name, p.name.range.lowerBound))
            }
            visit(d.body)
            locals = []
        case .point(let p):
            add(.point(p.id.name), p.id.range, declaration: p.range)
            locals = []
            for statement in p.statements { visit(statement) }
            locals = []
        case .grading(let g):
            for statement in g.statements { visit(statement) }
        }
    }

    private mutating func visit(_ statement: GradingStatement) {
        switch statement {
        case .grades(let names, _):
            for n in names { add(.grade(n.value), n.range, declaration: statement.range) }
        case .floor(let id, _, _), .markFloor(let id, _, _):
            add(.point(id.name), id.range)
        case .component(let c, let range):
            add(.component(c.id.name), c.id.range, declaration: range)
            for id in c.points { add(.point(id.name), id.range) }
            for inner in c.statements {
                // A component's grades are its own scale's, not declarations of the overall ones.
                if case .grades(let names, _) = inner {
                    for n in names { add(.grade(n.value), n.range) }
                } else {
                    visit(inner)
                }
            }
        case .combine(let t, _):
            for id in t.components { add(.component(id.name), id.range) }
            for row in t.rows {
                for case .grade(let g) in row.cells { add(.grade(g.value), g.range) }
                add(.grade(row.grade.value), row.grade.range)
            }
            if let o = t.otherwise { add(.grade(o.value), o.range) }
        case .rule(let grade, let condition, _):
            add(.grade(grade.value), grade.range)
            visit(condition)
        }
    }

    private mutating func visit(_ member: EvidenceMember) {
        switch member {
        case .kinds: break
        case .enumeration(let name, _, let range):
            add(.type(name.name), name.range, declaration: range)
        case .record(let name, let fields, let range):
            add(.type(name.name), name.range, declaration: range)
            for f in fields { visit(f) }
        case .item(let fields, _):
            for f in fields { visit(f) }
        }
    }

    private mutating func visit(_ field: FieldDeclaration) {
        add(.field(field.name.name), field.name.range, declaration: field.name.range.lowerBound..<(field.scale?.range.upperBound ?? field.type.range.upperBound))
        visit(field.type)
    }

    private mutating func visit(_ type: TypeSyntax) {
        switch type {
        case .named(let id):
            if !["text", "number", "boolean", "date"].contains(id.name) { add(.type(id.name), id.range) }
        case .list(let inner, _), .optional(let inner, _):
            visit(inner)
        }
    }

    private mutating func visit(_ statement: PointStatement) {
        switch statement {
        case .marks(let e, _), .partialMarks(let e, _), .condition(_, let e, _):
            visit(e)
        case .computedMarks(let m, _):
            visit(m.count)
        case .requiredFor(let grade, _):
            add(.grade(grade.value), grade.range)
        case .binding(let name, let value, let range):
            visit(value)
            add(.local(path: path, declaredAt: name.range.lowerBound), name.range, declaration: range)
            locals.append((name.name, name.range.lowerBound))
        case .feedback(_, let text, _):
            for (name, range) in FileSymbols.placeholders(text) { reference(name, range) }
        case .advice:
            break  // plain words for the learner: no placeholders, nothing to index
        }
    }

    /// The names of a feedback template's `{placeholders}` and their byte ranges.
    static func placeholders(_ literal: StringLiteral) -> [(String, Range<Int>)] {
        let raw = Array(literal.raw.utf8)
        var found: [(String, Range<Int>)] = []
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if raw[i] == UInt8(ascii: "{") {
                var j = i + 1
                while j < raw.count, raw[j] == 32 { j += 1 }
                let start = j
                while j < raw.count, raw[j] == UInt8(ascii: "_") || (raw[j] >= 48 && raw[j] <= 57) || (raw[j] | 0x20 >= 97 && raw[j] | 0x20 <= 122) { j += 1 }
                if j > start { found.append((String(decoding: raw[start..<j], as: UTF8.self), literal.range.lowerBound + start..<literal.range.lowerBound + j)) }
                i = j
                continue
            }
            i += 1
        }
        return found
    }

    /// A name used: a local in scope, else a definition.
    private mutating func reference(_ name: String, _ range: Range<Int>) {
        if let local = locals.last(where: { $0.name == name }) {
            add(.local(path: path, declaredAt: local.at), range)
        } else if !["items", "submission", "total", "evidence", "marks"].contains(name) {
            add(.definition(name), range)
        }
    }

    private mutating func bind(_ binder: Identifier) {
        add(.local(path: path, declaredAt: binder.range.lowerBound), binder.range, declaration: binder.range)
        locals.append((binder.name, binder.range.lowerBound))
    }

    private mutating func visit(_ e: Expr) {
        switch e.kind {
        case .number, .duration, .string, .date, .boolean, .missing: break
        case .name(let id): reference(id.name, id.range)
        case .member(let base, let field):
            visit(base)
            if case .name(let id) = base.kind, id.name == "submission", !locals.contains(where: { $0.name == "submission" }) { break }
            add(.field(field.name), field.range)
        case .call(let id, let args):
            if !FileSymbols.builtins.contains(id.name) { add(.definition(id.name), id.range) }
            for a in args { visit(a) }
        case .list(let elements):
            for x in elements { visit(x) }
        case .unary(_, let x), .group(let x): visit(x)
        case .binary(_, let a, let b), .between(_, let a, let b):
            visit(a)
            visit(b)
        case .test(let x, let kind):
            if case .name(let id) = x.kind, [.met, .partiallyMet, .notMet].contains(kind), !locals.contains(where: { $0.name == id.name }) {
                add(.point(id.name), id.range)
            } else {
                visit(x)
            }
        case .within(let a, let n, let b):
            visit(a)
            visit(n)
            visit(b)
        case .atLeast(let count, let points, _):
            visit(count)
            for id in points { add(.point(id.name), id.range) }
        case .gradeTest(let id, _), .everyPoint(let id, _):
            add(.component(id.name), id.range)
        case .atLeastGrade(let count, let ids, _):
            visit(count)
            for id in ids ?? [] { add(.component(id.name), id.range) }
        case .everyComponent:
            break
        case .quantifier(_, let binder, let list, let condition):
            visit(list)
            let saved = locals.count
            bind(binder)
            if let condition { visit(condition) }
            locals.removeSubrange(saved...)
        case .aggregate(_, let value, let binder, let list, let filter):
            visit(list)
            let saved = locals.count
            bind(binder)
            visit(value)
            if let filter { visit(filter) }
            locals.removeSubrange(saved...)
        }
    }
}
