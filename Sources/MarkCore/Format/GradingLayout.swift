/// Layout of `grading { … }`: `grades`, `floor` and `grade … when` statements, one per line.
extension FormatWriter {
    /// Emits a grading scheme at the top level.
    mutating func emitGrading(_ grading: GradingScheme) {
        block("grading", range: grading.range, braceSearchStart: grading.range.lowerBound, indent: 0, isEmpty: grading.statements.isEmpty) {
            w, indent in
            for statement in grading.statements {
                w.emit(FormatWriter.lines(statement, indent: indent), indent: indent, span: statement.range)
            }
        }
    }

    private static func lines(_ statement: GradingStatement, indent: Int) -> [String] {
        switch statement {
        case .grades(let grades, _): ["grades " + grades.map(\.raw).joined(separator: ", ")]
        case .floor(let point, let level, _): ["floor " + point.name + " at " + level.words]
        case .rule(let grade, let e, _): LineBreaker.lines(head: "grade " + grade.raw + " when", body: e, indent: indent)
        }
    }
}
