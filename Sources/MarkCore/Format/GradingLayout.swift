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
            if case .combine(let t, let range) = statement {
                emitCombine(t, range: range, indent: indent)
                continue
            }
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

    /// A combine table as a block: one row a line, its cells padded so the columns line up,
    /// `otherwise` where it was written.
    private mutating func emitCombine(_ t: CombineTable, range: Range<Int>, indent: Int) {
        let head = "combine " + t.components.map(\.name).joined(separator: ", ")
        block(head, range: range, braceSearchStart: t.headRange.upperBound, indent: indent, isEmpty: t.rows.isEmpty && t.otherwise == nil) { w, inner in
            var widths: [Int] = []
            for row in t.rows {
                for (k, cell) in row.cells.enumerated() {
                    if k == widths.count { widths.append(0) }
                    widths[k] = max(widths[k], cell.source.count + (k + 1 < row.cells.count ? 1 : 0))
                }
            }
            var lines: [(Range<Int>, String)] = t.rows.map { row in
                let cells = row.cells.enumerated().map { k, cell in
                    let text = cell.source + (k + 1 < row.cells.count ? "," : "")
                    return text + String(repeating: " ", count: widths[k] - text.count)
                }
                return (row.range, cells.joined(separator: " ") + " gives " + row.grade.raw)
            }
            if let o = t.otherwise, let r = t.otherwiseRange { lines.append((r, "otherwise " + o.raw)) }
            for (span, line) in lines.sorted(by: { $0.0.lowerBound < $1.0.lowerBound }) { w.emit([line], indent: inner, span: span) }
        }
    }

    /// A floor or grade rule (or the grades) as lines, after `prefix` (`replace `); a component
    /// or table gives none.
    static func lines(_ statement: GradingStatement, indent: Int, prefix: String = "") -> [String] {
        switch statement {
        case .grades(let grades, _): [prefix + "grades " + grades.map(\.raw).joined(separator: ", ")]
        case .floor(let point, let level, _): [prefix + "floor " + point.name + " at " + level.words]
        case .markFloor(let point, let marks, _): [prefix + "floor " + point.name + " at " + ExpressionPrinter.flat(marks) + " marks"]
        case .rule(let grade, let e, _): LineBreaker.lines(head: prefix + "grade " + grade.raw + " when", body: e, indent: indent)
        case .component, .combine: []
        }
    }
}
