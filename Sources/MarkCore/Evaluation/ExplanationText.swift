/// Prints an explanation for people: an indented tree of the conditions with ✓ and ✗, the
/// value each part took, where it is written (`file:line`) and, for counts, which evidence
/// items were counted and which were excluded by which clause. Learner text is never
/// printed: items are named by their ids (see docs/explain.md).
public struct ExplanationText {
    /// Whether to colour ✓ and ✗ (only on a terminal).
    public var colour: Bool

    /// Creates a renderer.
    public init(colour: Bool = false) {
        self.colour = colour
    }

    /// The whole explanation, or only the point with the given index.
    public func render(_ e: SubmissionExplanation, point: Int? = nil) -> String {
        let r = e.result
        let x = TerminalText.escaped
        var out = "Learner \(x(r.learnerID)) · unit \(x(r.unit)) · assessor \(x(r.assessor))\n"
        out += "Ruleset \(x(r.ruleset.id)) \(x(r.ruleset.version)) (\(x(e.ruleset.sources.first?.path ?? "?")))\n"
        // A competency unit carries no marks: none are printed, as in the text report.
        out += "Grade: \(x(r.grade))" + (r.carriesMarks ? " — \(JSONWriter.format(r.total)) of \(JSONWriter.format(r.maximum)) marks\n" : "\n")
        for p in e.points where point == nil || p.index == point {
            out += "\n" + renderPoint(p, e)
        }
        if point == nil { out += "\n" + renderGrading(e) }
        return out
    }

    /// One point: its verdict, its `let`s and its conditions.
    public func renderPoint(_ p: PointExplanation, _ e: SubmissionExplanation) -> String {
        let marks = e.result.carriesMarks ? " — \(JSONWriter.format(p.marks)) of \(JSONWriter.format(p.maximum)) marks" : ""
        var out = "point \(p.id): \(p.verdict.words)\(marks)  (\(where_(p.location, e)))\n"
        for l in p.lets {
            out += line(l.node, label: "let \(l.name) = ", location: l.statement, depth: 1, e)
        }
        out += line(p.met, label: "met when ", location: p.metStatement, depth: 1, e)
        if let pm = p.partiallyMet {
            out += line(pm, label: "partially met when ", location: p.partiallyMetStatement ?? pm.location, depth: 1, e)
        }
        out += "  evidence cited: \(p.evidence.isEmpty ? "none" : TerminalText.escaped(p.evidence.joined(separator: ", ")))\n"
        return out
    }

    /// The floors, the required points and the rule of each grade.
    public func renderGrading(_ e: SubmissionExplanation) -> String {
        var out = ""
        for c in e.components {
            let floors = c.floorsFailed.isEmpty ? "" : " (below the floor on \(TerminalText.escaped(c.floorsFailed.joined(separator: ", "))))"
            out += "component \(TerminalText.escaped(c.id)): \(TerminalText.escaped(c.grade))\(floors)\n"
            out += renderGrades(c.grades, e)
        }
        out += "grading: \(e.result.grade)\n"
        for f in e.floors {
            let id = e.ruleset.points[f.point].id
            let has = f.marks != nil ? "has \(JSONWriter.format(f.pointMarks)) marks" : "is \(f.verdict.words)"
            out += "  \(mark(f.passed)) floor \(id) at \(f.words): \(id) \(has)  (\(where_(f.location, e)))\n"
        }
        return out + renderGrades(e.grades, e)
    }

    /// Each grade: reached or not, its required points and its rule.
    func renderGrades(_ grades: [GradeExplanation], _ e: SubmissionExplanation) -> String {
        var out = ""
        for g in grades {
            let state = g.reached ? "reached" : g.tested ? "not reached" : "not tested (a lower grade or a floor was not reached)"
            out += "  \(g.name): \(state)\n"
            for (point, verdict) in g.required {
                out += "    \(mark(verdict == .met)) required: \(e.ruleset.points[point].id) is \(verdict.words)\n"
            }
            if let rule = g.rule {
                out += line(rule, label: "grade \"\(g.name)\" when ", location: g.ruleStatement ?? rule.location, depth: 2, e)
            } else if g.required.isEmpty {
                out += "    (no rule: only the lower grades are needed)\n"
            }
        }
        return out
    }

    func line(_ n: ExplanationNode, label: String, location: SourceRef, depth: Int, _ e: SubmissionExplanation) -> String {
        let indent = String(repeating: "  ", count: depth)
        var out = indent + head(n, e) + label + TerminalText.escaped(n.text) + valueSuffix(n, e)
        if !n.reached { out += " (not needed)" }
        out += "  (\(where_(location, e)))\n"
        out += body(n, depth: depth + 1, e)
        return out
    }

    func node(_ n: ExplanationNode, depth: Int, _ e: SubmissionExplanation) -> String {
        let indent = String(repeating: "  ", count: depth)
        var out = indent + head(n, e) + TerminalText.escaped(n.text) + valueSuffix(n, e)
        if !n.reached { out += " (not needed)" }
        out += "  (\(where_(n.location, e)))\n"
        out += body(n, depth: depth + 1, e)
        return out
    }

    /// The elements and children of a node.
    func body(_ n: ExplanationNode, depth: Int, _ e: SubmissionExplanation) -> String {
        let indent = String(repeating: "  ", count: depth)
        var out = ""
        if n.kind == .quantifier || n.kind == .aggregate {
            if n.elements.isEmpty {
                out += indent + (n.overItems ? "no evidence items\n" : "the list is empty\n")
            } else {
                let counted = n.elements.filter(\.counted)
                let shown = counted.map { el -> String in
                    let label = TerminalText.escaped(el.label)
                    guard let v = el.value else { return label }
                    return n.overItems ? "\(label) (\(show(v, e)))" : "\(label) \(show(v, e))"
                }
                out += indent + "counted: " + (shown.isEmpty ? "none" : shown.joined(separator: ", ")) + "\n"
                for el in n.elements where !el.counted {
                    let label = el.value.map { "\(TerminalText.escaped(el.label)) \(show($0, e))" } ?? TerminalText.escaped(el.label)
                    let reason = el.excludedBy.map { clause in
                        clause.inputs.isEmpty
                            ? TerminalText.escaped(clause.text)
                            : TerminalText.escaped(clause.text) + " [" + clause.inputs.map { "\($0.name) = \(show($0.value, e))" }.joined(separator: ", ") + "]"
                    }.joined(separator: " › ")
                    out += indent + "excluded: " + label + (reason.isEmpty ? "" : " — " + reason) + "\n"
                }
            }
        }
        for c in n.children { out += node(c, depth: depth, e) }
        return out
    }

    func head(_ n: ExplanationNode, _ e: SubmissionExplanation) -> String {
        if case .boolean(let b) = n.value { return mark(b) + " " }
        return "· "
    }

    func valueSuffix(_ n: ExplanationNode, _ e: SubmissionExplanation) -> String {
        var out = ""
        if case .boolean = n.value {} else { out += " → " + show(n.value, e) }
        let inputs = n.inputs.filter { input in input.name != n.text }
        if !inputs.isEmpty {
            out += "  [" + inputs.map { "\($0.name) = \(show($0.value, e))" }.joined(separator: ", ") + "]"
        }
        return out
    }

    func mark(_ b: Bool) -> String {
        let symbol = b ? "✓" : "✗"
        guard colour else { return symbol }
        return "\u{1B}[\(b ? "32" : "31")m\(symbol)\u{1B}[0m"
    }

    func where_(_ location: SourceRef, _ e: SubmissionExplanation) -> String {
        let source = e.ruleset.sources[location.file]
        return "\(TerminalText.escaped(source.path)):\(source.location(of: location.range.lowerBound).line)"
    }

    /// A value for people; text that did not come from the rules is withheld.
    public func show(_ v: Value, _ e: SubmissionExplanation) -> String {
        switch v {
        case .missing: return "missing"
        case .boolean(let b): return b ? "yes" : "no"
        case .number(let n): return JSONWriter.format(n)
        case .date(let d): return d.description
        case .text(let t):
            if e.printableTexts.contains(t) { return "\"\(TerminalText.escaped(t))\"" }
            return "(learner text, \(ExplanationText.words(t)) words)"
        case .list(let l):
            let shown = l.prefix(10).map { show($0, e) }
            return "[" + shown.joined(separator: ", ") + (l.count > 10 ? ", … \(l.count) in all" : "") + "]"
        case .record, .storedRecord, .storedList: return "(record)"  // explanations come from trees: never stored
        }
    }

    static func words(_ t: String) -> Int {
        t.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).count
    }
}
