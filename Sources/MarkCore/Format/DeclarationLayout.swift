/// Layout of the top-level declarations and of the ruleset header.
extension FormatWriter {
    /// Emits every declaration of `file`, then any comments after the last one.
    ///
    /// Declarations are separated by exactly one blank line, except within a run of `import`s
    /// or a run of one-line `define`s, where a blank line is kept only if the author wrote one.
    mutating func emitFile(_ file: RuleFile) {
        var previousGroup: DeclarationGroup?
        for declaration in file.declarations {
            let lines = FormatWriter.definitionLines(declaration)
            let group = DeclarationGroup(declaration, lines: lines)
            if let previousGroup {
                blankLines = group != .other && group == previousGroup ? .asWritten : .one
            }
            previousGroup = group
            emitDeclaration(declaration, definitionLines: lines)
        }
        placeComments(before: Int.max, indent: 0)
    }

    /// Which declarations may stand together without a blank line.
    private enum DeclarationGroup {
        case imports, oneLineDefines, other

        init(_ d: Declaration, lines: [String]?) {
            switch d {
            case .import: self = .imports
            case .define where lines?.count == 1: self = .oneLineDefines
            default: self = .other
            }
        }
    }

    private static func definitionLines(_ d: Declaration) -> [String]? {
        guard case .define(let definition) = d else { return nil }
        var head = (definition.replaces == nil ? "" : "replace ") + "define " + definition.name.name
        if let parameters = definition.parameters {
            head += "(" + parameters.map(ExpressionPrinter.field).joined(separator: ", ") + ")"
        }
        return LineBreaker.lines(head: head + " =", body: definition.body, indent: 0)
    }

    private mutating func emitDeclaration(_ d: Declaration, definitionLines: [String]?) {
        switch d {
        case .header(let header): emitHeader(header)
        case .import(let i): emit(["import " + i.path.raw], indent: 0, span: i.range)
        case .evidence(let evidence): emitEvidence(evidence)
        case .define(let definition): emit(definitionLines ?? [], indent: 0, span: definition.range)
        case .point(let point): emitPoint(point)
        case .grading(let grading): emitGrading(grading)
        case .extends(let e): emit(["extends " + e.path.raw + (e.version.map { " version " + $0.raw } ?? "")], indent: 0, span: e.range)
        case .removal(let r): emit(["remove " + r.target], indent: 0, span: r.range)
        case .gradingAmendment(let a):
            emit(FormatWriter.lines(a.statement, indent: 0, prefix: a.replaces == nil ? "" : "replace "), indent: 0, span: a.range)
        }
    }

    /// `library "id"` on one line; `ruleset "id" {` with one entry per line.
    private mutating func emitHeader(_ header: Header) {
        let head = header.kind.rawValue + " " + header.id.raw
        guard header.kind == .ruleset else {
            emit([head], indent: 0, span: header.range)
            return
        }
        block(head, range: header.range, braceSearchStart: header.id.range.upperBound, indent: 0, isEmpty: header.entries.isEmpty) {
            w, indent in
            for entry in header.entries {
                switch entry {
                case .text(let key, let value):
                    w.emit([key.name + " " + value.raw], indent: indent, span: key.range.lowerBound..<value.range.upperBound)
                case .applies(let from, let until, let range):
                    var line = "applies from " + ExpressionPrinter.flat(from)
                    if let until { line += " until " + ExpressionPrinter.flat(until) }
                    w.emit([line], indent: indent, span: range)
                }
            }
        }
    }
}
