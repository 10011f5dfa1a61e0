/// Writes a marking result as JSON in the documented, stable shape (docs/result-format.md).
public enum ResultJSON {
    /// The result format's identifier.
    public static let format = "result/1"

    /// One result as a JSON object; `pretty` for one submission, compact for NDJSON.
    /// `inputSHA256`, when given, adds `"input": {"sha256": …}`: the digest of the submission's
    /// bytes, recorded in result files so a re-run can tell whether a result is up to date.
    public static func render(_ r: MarkingResult, engineVersion: String, pretty: Bool, inputSHA256: String? = nil) -> String {
        var w = JSONWriter(pretty: pretty)
        w.beginObject()
        w.string("format", format)
        w.beginObject("engine")
        w.string("name", "mark")
        w.string("version", engineVersion)
        w.endObject()
        w.beginObject("ruleset")
        w.string("id", r.ruleset.id)
        w.string("title", r.ruleset.title)
        w.string("version", r.ruleset.version)
        w.string("sha256", r.ruleset.sha256)
        w.endObject()
        w.beginObject("submission")
        w.string("path", r.path)
        w.string("learner", r.learnerID)
        w.string("unit", r.unit)
        w.string("assessor", r.assessor)
        if let centre = r.centre { w.string("centre", centre) }
        if let group = r.group { w.string("group", group) }
        w.beginArray("methods")
        for m in r.methods { w.string(nil, m) }
        w.endArray()
        w.endObject()
        writeInput(&w, inputSHA256)
        w.string("grade", r.grade)
        w.int("gradeIndex", r.gradeIndex)
        // A competency unit carries no marks: its totals are null, not "0 of 0".
        let marked = r.carriesMarks
        w.optionalNumber("total", marked ? r.total : nil)
        w.optionalNumber("maximum", marked ? r.maximum : nil)
        w.beginArray("floorsFailed")
        for f in r.floorsFailed { w.string(nil, f) }
        w.endArray()
        if !r.components.isEmpty {
            w.beginArray("components")
            for c in r.components {
                w.beginObject()
                w.string("id", c.id)
                w.string("title", c.title)
                w.string("grade", c.grade)
                w.int("gradeIndex", c.gradeIndex)
                w.optionalNumber("total", marked ? c.total : nil)
                w.optionalNumber("maximum", marked ? c.maximum : nil)
                w.beginArray("points")
                for p in c.points { w.string(nil, p) }
                w.endArray()
                w.beginArray("floorsFailed")
                for f in c.floorsFailed { w.string(nil, f) }
                w.endArray()
                w.endObject()
            }
            w.endArray()
        }
        if let c = r.combination {
            w.beginObject("combination")
            if let row = c.row { w.int("row", row) } else { w.null("row") }
            w.beginArray("components")
            for id in c.components { w.string(nil, id) }
            w.endArray()
            w.beginArray("grades")
            for g in c.grades { w.string(nil, g) }
            w.endArray()
            w.string("grade", c.grade)
            w.endObject()
        }
        w.beginArray("points")
        for p in r.points {
            w.beginObject()
            w.string("id", p.id)
            w.string("verdict", p.verdict.words)
            w.optionalNumber("marks", marked ? p.marks : nil)
            w.optionalNumber("maximum", marked ? p.maximum : nil)
            w.optionalString("requiredFor", p.requiredFor)
            w.beginArray("evidence")
            for e in p.evidence { w.string(nil, e) }
            w.endArray()
            // The items a point not met looked at earned nothing: say so beside them.
            if p.verdict == .notMet && !p.evidence.isEmpty { w.bool("evidenceCounted", false) }
            w.string("feedback", p.feedback)
            w.endObject()
        }
        w.endArray()
        w.optionalString("nextGrade", r.nextGrade)
        w.beginArray("nextSteps")
        for s in r.nextSteps { w.string(nil, s) }
        w.endArray()
        writeOverrides(&w, r.overrides)
        w.endObject()
        return w.output
    }

    /// A recorded `"total"`, `"maximum"` or `"marks"`: its number, 0 when it is null (a
    /// competency unit carries no marks), nil when it is missing or of another kind.
    public static func recordedMarks(_ json: JSONDocument, _ node: Int, _ key: String) -> Double? {
        guard let v = json.member(node, key) else { return nil }
        switch json.kind(v) {
        case .number: return json.number(v)
        case .null: return 0
        default: return nil
        }
    }

    /// `"overrides": […]`, only when the result has any: each with the engine's decision beside
    /// the assessor's (docs/governance.md).
    static func writeOverrides(_ w: inout JSONWriter, _ overrides: [ResultOverride]) {
        guard !overrides.isEmpty else { return }
        w.beginArray("overrides")
        for o in overrides {
            w.beginObject()
            switch o.target {
            case .grade: w.string("target", "grade")
            case .point(let id):
                w.string("target", "point")
                w.string("point", id)
            }
            w.string("engine", o.engine)
            w.string("override", o.decision)
            w.string("assessor", o.assessor)
            w.string("date", o.date)
            w.string("rationale", o.rationale)
            w.endObject()
        }
        w.endArray()
    }

    /// An error record for a submission that could not be marked; `inputSHA256` as for `render`.
    public static func renderError(
        path: String, diagnostics: [Diagnostic], source: SourceFile?, pretty: Bool, inputSHA256: String? = nil
    ) -> String {
        var w = JSONWriter(pretty: pretty)
        w.beginObject()
        w.string("format", format)
        w.beginObject("submission")
        w.string("path", path)
        w.endObject()
        writeInput(&w, inputSHA256)
        w.beginArray("errors")
        for d in diagnostics {
            w.beginObject()
            w.string("path", d.path)
            let loc = source?.location(of: d.range.lowerBound)
            w.int("line", loc?.line ?? 0)
            w.int("column", loc?.column ?? 0)
            w.string("message", d.message)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output
    }

    private static func writeInput(_ w: inout JSONWriter, _ sha256: String?) {
        guard let sha256 else { return }
        w.beginObject("input")
        w.string("sha256", sha256)
        w.endObject()
    }
}
