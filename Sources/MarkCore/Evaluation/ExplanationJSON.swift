/// Writes an explanation as JSON for tools (`explain/1`, documented in docs/explain.md). Keys
/// always come in the same order; learner text is never written.
public enum ExplanationJSON {
    /// The whole explanation, or only one point (then `grading` is null).
    public static func render(_ e: SubmissionExplanation, point: Int? = nil, pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        let r = e.result
        w.beginObject()
        w.string("format", "explain/1")
        w.beginObject("submission")
        w.string("path", r.path)
        w.string("learner", r.learnerID)
        w.string("unit", r.unit)
        w.string("assessor", r.assessor)
        w.endObject()
        w.beginObject("ruleset")
        w.string("id", r.ruleset.id)
        w.string("version", r.ruleset.version)
        w.string("path", e.ruleset.sources.first?.path ?? "")
        w.string("sha256", r.ruleset.sha256)
        w.endObject()
        w.string("grade", r.grade)
        // A competency unit carries no marks: null, as in results (result/1), not 0 of 0.
        let marked = r.carriesMarks
        w.optionalNumber("total", marked ? r.total : nil)
        w.optionalNumber("maximum", marked ? r.maximum : nil)
        w.beginArray("points")
        for p in e.points where point == nil || p.index == point {
            w.beginObject()
            w.string("id", p.id)
            w.string("verdict", p.verdict.words)
            w.optionalNumber("marks", marked ? p.marks : nil)
            w.optionalNumber("maximum", marked ? p.maximum : nil)
            location(&w, "location", p.location, e)
            w.beginArray("evidence")
            for id in p.evidence { w.string(nil, id) }
            w.endArray()
            w.beginArray("lets")
            for l in p.lets {
                w.beginObject()
                w.string("name", l.name)
                location(&w, "location", l.statement, e)
                node(&w, "node", l.node, e)
                w.endObject()
            }
            w.endArray()
            w.beginObject("met")
            location(&w, "location", p.metStatement, e)
            node(&w, "node", p.met, e)
            w.endObject()
            if let pm = p.partiallyMet {
                w.beginObject("partiallyMet")
                location(&w, "location", p.partiallyMetStatement ?? pm.location, e)
                node(&w, "node", pm, e)
                w.endObject()
            } else {
                w.null("partiallyMet")
            }
            w.endObject()
        }
        w.endArray()
        if point != nil {
            w.null("grading")
        } else {
            w.beginObject("grading")
            w.beginArray("floors")
            for f in e.floors {
                w.beginObject()
                w.string("point", e.ruleset.points[f.point].id)
                w.string("level", f.words)
                w.string("verdict", f.verdict.words)
                if f.marks != nil { w.number("marks", f.pointMarks) }
                w.bool("passed", f.passed)
                location(&w, "location", f.location, e)
                w.endObject()
            }
            w.endArray()
            grades(&w, e.grades, e)
            if !e.components.isEmpty {
                w.beginArray("components")
                for c in e.components {
                    w.beginObject()
                    w.string("id", c.id)
                    w.string("grade", c.grade)
                    w.beginArray("floorsFailed")
                    for f in c.floorsFailed { w.string(nil, f) }
                    w.endArray()
                    grades(&w, c.grades, e)
                    w.endObject()
                }
                w.endArray()
            }
            w.endObject()
        }
        w.endObject()
        return w.output
    }

    /// `"grades": […]`: each grade with whether it was tested and reached, its required
    /// points and its rule.
    static func grades(_ w: inout JSONWriter, _ grades: [GradeExplanation], _ e: SubmissionExplanation) {
            w.beginArray("grades")
            for g in grades {
                w.beginObject()
                w.string("grade", g.name)
                w.bool("tested", g.tested)
                w.bool("reached", g.reached)
                w.beginArray("required")
                for (p, verdict) in g.required {
                    w.beginObject()
                    w.string("point", e.ruleset.points[p].id)
                    w.string("verdict", verdict.words)
                    w.endObject()
                }
                w.endArray()
                if let rule = g.rule {
                    w.beginObject("rule")
                    location(&w, "location", g.ruleStatement ?? rule.location, e)
                    node(&w, "node", rule, e)
                    w.endObject()
                } else {
                    w.null("rule")
                }
                w.endObject()
            }
            w.endArray()
    }

    static func location(_ w: inout JSONWriter, _ key: String, _ ref: SourceRef, _ e: SubmissionExplanation) {
        let source = e.ruleset.sources[ref.file]
        let loc = source.location(of: ref.range.lowerBound)
        w.beginObject(key)
        w.string("path", source.path)
        w.int("line", loc.line)
        w.int("column", loc.column)
        w.endObject()
    }

    static func node(_ w: inout JSONWriter, _ key: String?, _ n: ExplanationNode, _ e: SubmissionExplanation) {
        w.beginObject(key)
        w.string("kind", n.kind.rawValue)
        w.string("text", n.text)
        location(&w, "location", n.location, e)
        value(&w, "value", n.value, e)
        w.bool("reached", n.reached)
        w.beginArray("inputs")
        for input in n.inputs {
            w.beginObject()
            w.string("name", input.name)
            value(&w, "value", input.value, e)
            w.endObject()
        }
        w.endArray()
        w.beginArray("items")
        for id in n.items { w.string(nil, id) }
        w.endArray()
        if n.kind == .quantifier || n.kind == .aggregate {
            w.bool("overItems", n.overItems)
            w.beginArray("elements")
            for el in n.elements {
                w.beginObject()
                w.string("element", el.label)
                w.bool("counted", el.counted)
                if let v = el.value { value(&w, "value", v, e) } else { w.null("value") }
                w.beginArray("excludedBy")
                for clause in el.excludedBy {
                    w.beginObject()
                    w.string("text", clause.text)
                    location(&w, "location", clause.location, e)
                    w.beginArray("inputs")
                    for input in clause.inputs {
                        w.beginObject()
                        w.string("name", input.name)
                        value(&w, "value", input.value, e)
                        w.endObject()
                    }
                    w.endArray()
                    w.endObject()
                }
                w.endArray()
                w.endObject()
            }
            w.endArray()
        }
        w.beginArray("children")
        for c in n.children { node(&w, nil, c, e) }
        w.endArray()
        w.endObject()
    }

    /// A value: booleans, numbers, dates as "YYYY-MM-DD", lists; null when missing; text the
    /// rules wrote as a string; learner text as {"withheld": "text", "words": N}.
    static func value(_ w: inout JSONWriter, _ key: String?, _ v: Value, _ e: SubmissionExplanation) {
        switch v {
        case .missing: w.null(key)
        case .boolean(let b): w.bool(key, b)
        case .number(let n): w.number(key, n)
        case .date(let d): w.string(key, d.description)
        case .text(let t):
            if e.printableTexts.contains(t) {
                w.string(key, t)
            } else {
                w.beginObject(key)
                w.string("withheld", "text")
                w.int("words", ExplanationText.words(t))
                w.endObject()
            }
        case .list(let l):
            w.beginArray(key)
            for x in l { value(&w, nil, x, e) }
            w.endArray()
        case .record, .storedRecord, .storedList:  // explanations come from trees: never stored
            w.beginObject(key)
            w.string("withheld", "record")
            w.endObject()
        }
    }
}
