/// The overall grade by a table: `combine a, b { "Pass", any gives "Pass" … otherwise "Fail" }`.
/// The table is checked for unknown components and grades, rows of the wrong width, rows that
/// overlap with different grades and combinations no row gives; then each overall grade's rule
/// is built from the rows that give that grade or a higher one, so both evaluator paths,
/// explain, next steps and the analyses read it as any other grade rule.
extension Checker {
    /// A checked row: for each column the component's grade (nil for `any`), and the overall grade.
    struct CombineRowInfo {
        var cells: [Int?]
        var cellRanges: [Range<Int>]
        var grade: Int
        var range: Range<Int>
    }

    /// The most combinations the checker enumerates looking for a gap; a larger table needs
    /// `otherwise`.
    static let combineLimit = 1 << 20

    /// Checks a combine table and writes the overall grades' rules from it.
    mutating func compileCombineTable(_ table: CombineTable, into rules: inout [Node?]) -> CompiledCombine? {
        var columns: [Int] = []
        var bad = false
        for id in table.components {
            guard let c = componentIndex[id.name] else {
                let hint = pointIndex[id.name] != nil ? "; a combine table lists components, not points" : Suggestion.didYouMean(id.name, among: componentIndex.keys)
                error("unknown-component", "'\(id.name)' is not a component" + hint, id.range, file: currentFile)
                bad = true
                continue
            }
            if columns.contains(c) {
                error("repeated-component", "'\(id.name)' is listed twice; each component is one column", id.range, file: currentFile)
                bad = true
                continue
            }
            columns.append(c)
        }
        var rows: [CombineRowInfo] = []
        var badRow = false
        for row in table.rows {
            if let r = combineRow(row, columns: columns, bad: bad) { rows.append(r) } else { badRow = true }
        }
        bad = bad || badRow
        let otherwise = table.otherwise.flatMap { gradeIndex($0) }
        if bad || (table.otherwise != nil && otherwise == nil) { return nil }
        for j in rows.indices {
            for i in 0..<j where rows[i].grade != rows[j].grade && Checker.overlaps(rows[i].cells, rows[j].cells) {
                let both = zip(rows[i].cells, rows[j].cells).map { $0 ?? $1 }
                error(
                    "combine-overlap",
                    "this row and an earlier one both match \(describe(both, columns)) but give \"\(gradeNames[rows[j].grade])\" and \"\(gradeNames[rows[i].grade])\"",
                    rows[j].range, file: currentFile, notes: [note("the earlier row", rows[i].range, file: currentFile)])
                bad = true
            }
        }
        if otherwise == nil, !bad {
            let sizes = columns.map { componentInfos[$0].grades.count }
            let count = sizes.reduce(1) { $0 > Checker.combineLimit ? $0 : $0 * Swift.max(1, $1) }
            if count > Checker.combineLimit {
                error("combine-gap", "the table combines too many grades to check every combination; add 'otherwise \"…\"'", table.headRange, file: currentFile)
                bad = true
            } else if let gap = Checker.firstGap(rows.map(\.cells), sizes: sizes) {
                error(
                    "combine-gap", "no row gives the grade when \(describe(gap, columns)); add that row or 'otherwise \"…\"'",
                    table.headRange, file: currentFile)
                bad = true
            }
        }
        if bad { return nil }
        for g in gradeNames.indices.dropFirst() {
            rules[g] = combineRule(g, rows: rows, columns: columns, otherwise: otherwise, table: table)
        }
        return CompiledCombine(components: columns, rows: rows.map { CompiledCombine.Row(cells: $0.cells, grade: $0.grade) }, otherwise: otherwise)
    }

    /// One row checked against the columns; nil (after an error) when it cannot be used.
    mutating func combineRow(_ row: CombineRow, columns: [Int], bad: Bool) -> CombineRowInfo? {
        let grade = gradeIndex(row.grade)
        guard !bad else { return nil }
        guard row.cells.count == columns.count else {
            let names = columns.map { componentInfos[$0].id }.joined(separator: ", ")
            error(
                "combine-row-width",
                "this row has \(row.cells.count) grade\(row.cells.count == 1 ? "" : "s") but the table combines \(columns.count) components (\(names))",
                row.range, file: currentFile)
            return nil
        }
        var cells: [Int?] = []
        var ok = grade != nil
        for (k, cell) in row.cells.enumerated() {
            guard case .grade(let g) = cell else {
                cells.append(nil)
                continue
            }
            let info = componentInfos[columns[k]]
            guard let i = info.grades.firstIndex(of: g.value) else {
                error(
                    "unknown-grade", "component '\(info.id)' has no grade '\(g.value)' (its grades are \(info.grades.joined(separator: ", ")))"
                        + Suggestion.didYouMean(g.value, among: info.grades), g.range, file: currentFile)
                ok = false
                continue
            }
            cells.append(i)
        }
        guard ok, let grade else { return nil }
        return CombineRowInfo(cells: cells, cellRanges: row.cells.map(\.range), grade: grade, range: row.range)
    }

    /// Whether two rows match a combination in common: in every column equal, or either `any`.
    static func overlaps(_ a: [Int?], _ b: [Int?]) -> Bool {
        zip(a, b).allSatisfy { x, y in x == nil || y == nil || x == y }
    }

    /// The first combination (in the order of the scales, lowest first) that no row matches.
    static func firstGap(_ rows: [[Int?]], sizes: [Int]) -> [Int?]? {
        guard !sizes.contains(0) else { return nil }
        var combination = [Int](repeating: 0, count: sizes.count)
        while true {
            if !rows.contains(where: { row in zip(row, combination).allSatisfy { $0 == nil || $0 == $1 } }) { return combination }
            var k = sizes.count - 1
            while k >= 0 {
                combination[k] += 1
                if combination[k] < sizes[k] { break }
                combination[k] = 0
                k -= 1
            }
            if k < 0 { return nil }
        }
    }

    /// `observation is "Pass", discussion is "Fail"` (columns whose grade is nil are left out).
    func describe(_ cells: [Int?], _ columns: [Int]) -> String {
        let parts = zip(cells, columns).compactMap { cell, c in cell.map { "\(componentInfos[c].id) is \"\(componentInfos[c].grades[$0])\"" } }
        return parts.isEmpty ? "any grades" : parts.joined(separator: ", ")
    }

    /// The rule of overall grade `g`: some row giving `g` or higher matches (or, when
    /// `otherwise` gives one, no row matches).
    func combineRule(_ g: Int, rows: [CombineRowInfo], columns: [Int], otherwise: Int?, table: CombineTable) -> Node {
        func at(_ range: Range<Int>) -> SourceRef { SourceRef(file: currentFile, range: range) }
        func either(_ nodes: [Node], _ ref: SourceRef) -> Node? {
            guard var out = nodes.first else { return nil }
            for n in nodes.dropFirst() { out = Node(.or(out, n), ref) }
            return out
        }
        func exactly(_ grade: Int, _ column: Int, _ ref: SourceRef) -> Node {
            let c = columns[column]
            let top = componentInfos[c].grades.count - 1
            let atLeast = { (x: Int) in Node(.componentCount(components: [c], grades: [x], atLeast: 1), ref) }
            if grade == 0 { return top == 0 ? Node(.constant(.boolean(true)), ref) : Node(.not(atLeast(1)), ref) }
            return grade == top ? atLeast(grade) : Node(.and(atLeast(grade), Node(.not(atLeast(grade + 1)), ref)), ref)
        }
        func matches(_ row: CombineRowInfo) -> Node {
            let ref = at(row.range)
            var out: Node?
            for (k, cell) in row.cells.enumerated() {
                guard let cell else { continue }
                let test = exactly(cell, k, at(row.cellRanges[k]))
                out = out.map { Node(.and($0, test), ref) } ?? test
            }
            return out ?? Node(.constant(.boolean(true)), ref)
        }
        let head = at(table.headRange)
        var giving = rows.filter { $0.grade >= g }.map(matches)
        if let otherwise, otherwise >= g, let range = table.otherwiseRange {
            let none = either(rows.map(matches), at(range)).map { Node(.not($0), at(range)) } ?? Node(.constant(.boolean(true)), at(range))
            giving.append(none)
        }
        return either(giving, head) ?? Node(.constant(.boolean(false)), head)
    }
}
