/// Layout of `grading { … }`: `grades`, `floor` and `grade … when` statements, one per line.
extension FormatWriter {
    /// Emits a grading scheme at the top level.
    mutating func emitGrading(_ grading: GradingScheme) {
        block("grading", range: grading.range, braceSearchStart: grading.range.lowerBound, indent: 0, isEmpty: grading.statements.isEmpty) {
            w, indent in
            w.emitGradingStatements(grading.statements, indent: indent)
        }
    }

    /// Emits grading statements, a component as a block of its own.
    private mutating func emitGradingStatements(_ statements: [GradingStatement], indent: Int) {
        for statement in statements {
            guard case .component(let c, let range) = statement else {
                emit(FormatWriter.lines(statement, indent: indent), indent: indent, span: statement.range)
                continue
            }
            let head = "component " + c.id.name + " " + c.title.raw
            block(head, range: range, braceSearchStart: c.title.range.upperBound, indent: indent, isEmpty: c.pointsRange == nil && c.statements.isEmpty) {
                w, inner in
                if let pointsRange = c.pointsRange {
                    w.emit(["points " + c.points.map(\.name).joined(separator: ", ")], indent: inner, span: pointsRange)
                }
                w.emitGradingStatements(c.statements, indent: inner)
            }
        }
    }

    private static func lines(_ statement: GradingStatement, indent: Int) -> [String] {
        switch statement {
        case .grades(let grades, _): ["grades " + grades.map(\.raw).joined(separator: ", ")]
        case .floor(let point, let level, _): ["floor " + point.name + " at " + level.words]
        case .markFloor(let point, let marks, _): ["floor " + point.name + " at " + ExpressionPrinter.flat(marks) + " marks"]
        case .rule(let grade, let e, _): LineBreaker.lines(head: "grade " + grade.raw + " when", body: e, indent: indent)
        case .component: []
        }
    }
}
