/// `combine a, b, c { "Pass", "Distinction", any gives "Merit" … otherwise "Fail" }`: the
/// overall grade looked up from the components' grades, one row per combination.
public struct CombineTable: Sendable, Equatable {
    /// The components, one column each, in the order the rows give their grades.
    public var components: [Identifier]
    /// The rows, in order.
    public var rows: [CombineRow]
    /// `otherwise "G"`: the grade of every combination no row gives.
    public var otherwise: StringLiteral?
    /// Where `otherwise …` is written, if it is.
    public var otherwiseRange: Range<Int>?
    /// Where `combine a, b, c` is written (the head, before the rows).
    public var headRange: Range<Int>
}

/// One row of a combine table: a grade (or `any`) per component, and the overall grade.
public struct CombineRow: Sendable, Equatable {
    /// One cell per component column.
    public var cells: [CombineCell]
    /// The overall grade the row gives.
    public var grade: StringLiteral
    /// Where the row is written.
    public var range: Range<Int>
}

/// A cell of a combine table: exactly this grade of the column's component, or any grade.
public enum CombineCell: Sendable, Equatable {
    /// `"Pass"`: the component reached exactly this grade.
    case grade(StringLiteral)
    /// `any`: whatever grade the component reached.
    case any(Range<Int>)

    /// Where the cell is written.
    public var range: Range<Int> {
        switch self {
        case .grade(let g): g.range
        case .any(let r): r
        }
    }

    /// The cell as written: `"Pass"` or `any`.
    public var source: String {
        switch self {
        case .grade(let g): g.raw
        case .any: "any"
        }
    }
}

extension Parser {
    /// `combine a, b { "G", any gives "G" … otherwise "G" }`.
    mutating func parseCombine() throws(Recovery) -> GradingStatement {
        let start = advance().range.lowerBound
        var components = [try expectIdentifier("a component's id after 'combine'")]
        while at(.comma) {
            advance()
            components.append(try expectIdentifier("a component's id after ','"))
        }
        var table = CombineTable(components: components, rows: [], otherwise: nil, otherwiseRange: nil, headRange: start..<previousEnd)
        let end = try parseBlock(["otherwise"], context: "the combine table") { (p: inout Parser) throws(Recovery) in
            if p.at("otherwise") {
                let from = p.advance().range.lowerBound
                let grade = try p.expectString("the overall grade in quotes after 'otherwise'")
                guard table.otherwise == nil else {
                    p.report("duplicate-statement", "the table has two 'otherwise' rows; keep one", at: from..<p.previousEnd)
                    return
                }
                table.otherwise = grade
                table.otherwiseRange = from..<p.previousEnd
                return
            }
            let from = p.current.range.lowerBound
            var cells = [try p.parseCombineCell()]
            while p.at(.comma) {
                p.advance()
                cells.append(try p.parseCombineCell())
            }
            try p.expectWord("gives", "after the row's component grades (write '\"Pass\", \"Pass\" gives \"Pass\"')")
            let grade = try p.expectString("the overall grade in quotes after 'gives'")
            table.rows.append(CombineRow(cells: cells, grade: grade, range: from..<p.previousEnd))
        }
        return .combine(table, range: start..<end)
    }

    /// A cell: a component's grade in quotes, or `any`.
    mutating func parseCombineCell() throws(Recovery) -> CombineCell {
        if at("any") { return .any(advance().range) }
        return .grade(try expectString("a component's grade in quotes, or 'any'"))
    }
}
