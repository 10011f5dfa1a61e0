/// Layout of `point id "wording" { … }`: one statement per line, in the order written.
extension FormatWriter {
    /// Emits a marking point at the top level.
    mutating func emitPoint(_ point: MarkingPoint) {
        let head = (point.replaces == nil ? "" : "replace ") + "point " + point.id.name + " " + point.wording.raw
        block(head, range: point.range, braceSearchStart: point.wording.range.upperBound, indent: 0, isEmpty: point.statements.isEmpty) {
            w, indent in
            for statement in point.statements {
                w.emit(FormatWriter.lines(statement, indent: indent), indent: indent, span: statement.range)
            }
        }
    }

    private static func lines(_ statement: PointStatement, indent: Int) -> [String] {
        switch statement {
        case .marks(let e, _): LineBreaker.lines(head: "marks", body: e, indent: indent)
        case .computedMarks(let scale, _):
            ["marks " + ExpressionPrinter.flat(scale.per) + " per " + ExpressionPrinter.flat(scale.count)
                + (scale.maximum.map { ", at most " + ExpressionPrinter.flat($0) } ?? "")]
        case .partialMarks(let e, _): LineBreaker.lines(head: "partial marks", body: e, indent: indent)
        case .requiredFor(let grade, _): ["required for " + grade.raw]
        case .binding(let name, let e, _): LineBreaker.lines(head: "let " + name.name + " =", body: e, indent: indent)
        case .condition(let level, let e, _): LineBreaker.lines(head: level.words + " when", body: e, indent: indent)
        case .feedback(let level, let text, _): ["feedback " + level.words + " " + text.raw]
        case .advice(let text, _): ["advice " + text.raw]
        }
    }
}
