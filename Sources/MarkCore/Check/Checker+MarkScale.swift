/// Computed marks: `marks 5 per qualifying, at most 20`.
extension Checker {
    /// Checks a computed mark and fills in the point's scale and maximum. The count is checked
    /// after every `let` of the point, so `marks` may come first, as on a mark sheet. Without
    /// its own `met when`, the point is met at its maximum and partially met with any marks.
    mutating func compileMarkScale(
        _ scale: MarkScale, _ range: Range<Int>, into point: inout CompiledPoint, _ scope: inout Scope, hasConditions: Bool
    ) {
        let per = markValue(scale.per, what: "marks per unit")
        if per <= .zero {
            error("bad-marks", "marks per unit must be more than 0", scale.per.range, file: 0)
        }
        let count = expectType(scale.count, .number, &scope, what: "what 'marks … per' counts")
        unknownMaximum.insert(point.id)
        guard let maximumExpr = scale.maximum else {
            error(
                "computed-marks-maximum",
                "computed marks need a maximum known when the rules are checked: write 'marks \(sources[0].text(scale.per.range)) per \(sources[0].text(scale.count.range)), at most N'",
                range, file: 0)
            return
        }
        let maximum = markValue(maximumExpr, what: "the most marks ('at most')")
        if maximum <= .zero {
            error("bad-marks", "'at most' must be more than 0 marks", maximumExpr.range, file: 0)
        }
        guard per > .zero, maximum > .zero else { return }
        unknownMaximum.remove(point.id)
        var counted: String?
        if case .name(let id) = scale.count.kind { counted = id.name.replacingOccurrences(of: "_", with: " ") }
        point.marks = maximum
        point.scale = CompiledMarkScale(per: per, count: count.node, counted: counted, location: SourceRef(file: 0, range: range))
        guard !hasConditions else { return }
        point.scale?.verdictFromMarks = true
        // Met at the maximum, partially met with any marks: the count reaches the units the
        // maximum needs, or one unit.
        let at = SourceRef(file: 0, range: range)
        let conditions = CompiledMarkScale.conditions(count.node, per: per, maximum: maximum, at: at)
        point.met = conditions.met
        point.partiallyMet = conditions.partiallyMet
    }
}

extension CompiledMarkScale {
    /// The conditions of a point whose verdict follows from its computed marks: met when the
    /// count reaches the units the maximum needs, partially met at one unit.
    static func conditions(_ count: Node, per: Marks, maximum: Marks, at: SourceRef) -> (met: Node, partiallyMet: Node) {
        let full = Double((maximum.hundredths + per.hundredths - 1) / per.hundredths)
        return (
            Node(.compare(.greaterEqual, count, Node(.constant(.number(full)), at)), at),
            Node(.compare(.greaterEqual, count, Node(.constant(.number(1)), at)), at)
        )
    }
}
