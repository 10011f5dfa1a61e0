/// Writes a moderation sample as text, JSON (`sample/1`) or CSV (one row per pick).
public enum SampleReport {
    /// The JSON format's identifier.
    public static let format = "sample/1"

    static func sorted(_ picks: [Sampler.Pick], _ masking: LearnerMasking) -> [Sampler.Pick] {
        picks.sorted {
            (masking.assessor($0.record.assessor), masking.learner($0.record.learner), $0.record.unit)
                < (masking.assessor($1.record.assessor), masking.learner($1.record.learner), $1.record.unit)
        }
    }

    static func total(_ r: ResultRecord) -> String {
        r.carriesMarks ? "\(JSONWriter.format(r.total))/\(JSONWriter.format(r.maximum))" : "–"
    }

    /// Assessors in the order printed: by id, or by pseudonym when ids are pseudonymised.
    static func sortedAssessors(_ list: [Sampler.AssessorQuota], _ masking: LearnerMasking) -> [Sampler.AssessorQuota] {
        masking.isOn ? list.sorted { masking.assessor($0.assessor) < masking.assessor($1.assessor) } : list
    }

    /// The text report.
    public static func text(_ s: Sampler.Selection, masking: LearnerMasking, boundariesFrom: String, notes: [String]) -> String {
        var out = "Moderation sample: \(s.picks.count) of \(s.population) submission\(s.population == 1 ? "" : "s") (seed \(s.plan.seed))\n"
        let e = TerminalText.escaped
        out += "  plan: \(e(s.plan.summary(assessor: masking.assessor)))\n"
        out += "  cohort: \(s.borderline) borderline, \(s.referred) referred" + (s.overridden > 0 ? ", \(s.overridden) overridden" : "")
        if s.duplicates > 0 { out += "; \(s.duplicates) duplicate result\(s.duplicates == 1 ? "" : "s") (same learner and unit) left out" }
        out += "\n  grade lists and boundaries: \(e(boundariesFrom))\n"
        for n in notes { out += "  note: \(e(n))\n" }
        if masking.isOn { out += "  Learner and assessor ids are pseudonymised; paths are left out.\n" }
        out += "  The same results, plan and seed always draw this sample.\n"
        out += "\nBy assessor\n"
        var rows: [[String]] = [["assessor", "submissions", "share", "quota", "sampled"]]
        for a in sortedAssessors(s.assessors, masking) {
            rows.append([masking.assessor(a.assessor) + (a.isNew ? " (new)" : "") + (a.isFlagged ? " (flagged)" : ""), String(a.submissions), SamplePlan.percentText(a.share), String(a.quota), String(a.sampled)])
        }
        out += ModerationText.table(rows, right: [1, 2, 3, 4], indent: "    ")
        out += "\nGrades (cohort → sample)\n"
        var gradeRows: [[String]] = [["ruleset", "grade", "cohort", "sampled"]]
        for g in s.grades { gradeRows.append([g.ruleset, g.grade, String(g.cohort), String(g.sampled)]) }
        out += ModerationText.table(gradeRows, right: [2, 3], indent: "    ")
        out += "\nSample (\(s.picks.count)), by assessor\n"
        for p in sorted(s.picks, masking) {
            let r = p.record
            var line = "    \(e(masking.learner(r.learner)))  \(e(masking.assessor(r.assessor)))  \(e(r.rulesetID)) \(e(r.rulesetVersion))  \(e(r.grade))  \(total(r))"
            if let path = masking.path(r.path) { line += "  \(e(path))" }
            out += line + "\n"
            for reason in p.reasons { out += "        \(e(reason))\n" }
        }
        return out
    }

    /// The JSON report.
    public static func json(_ s: Sampler.Selection, masking: LearnerMasking, boundariesFrom: String, notes: [String]) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.string("format", format)
        w.bool("pseudonymised", masking.isOn)
        w.beginObject("plan")
        w.number("share", Double(s.plan.share) / 100)
        w.int("minimum", s.plan.minimum)
        w.bool("everyGrade", s.plan.everyGrade)
        w.number("borderlineMargin", s.plan.borderlineMargin)
        w.int("borderlineWeight", s.plan.borderlineWeight)
        w.int("referredWeight", s.plan.referredWeight)
        w.int("overriddenWeight", s.plan.overriddenWeight)
        w.beginArray("newAssessors")
        for a in s.plan.newAssessors { w.string(nil, masking.assessor(a)) }
        w.endArray()
        w.number("newAssessorShare", Double(s.plan.newAssessorShare) / 100)
        w.string("seed", String(s.plan.seed))
        w.endObject()
        w.int("population", s.population)
        w.int("duplicatesLeftOut", s.duplicates)
        w.int("borderline", s.borderline)
        w.int("referred", s.referred)
        w.int("overridden", s.overridden)
        w.int("sampled", s.picks.count)
        w.string("boundariesFrom", boundariesFrom)
        w.beginArray("notes")
        for n in notes { w.string(nil, n) }
        w.endArray()
        w.beginArray("assessors")
        for a in sortedAssessors(s.assessors, masking) {
            w.beginObject()
            w.string("assessor", masking.assessor(a.assessor))
            w.bool("new", a.isNew)
            if a.isFlagged { w.bool("flagged", true) }
            w.int("submissions", a.submissions)
            w.number("share", Double(a.share) / 100)
            w.int("quota", a.quota)
            w.int("sampled", a.sampled)
            w.endObject()
        }
        w.endArray()
        w.beginArray("grades")
        for g in s.grades {
            w.beginObject()
            w.string("ruleset", g.ruleset)
            w.string("grade", g.grade)
            w.int("cohort", g.cohort)
            w.int("sampled", g.sampled)
            w.endObject()
        }
        w.endArray()
        w.beginArray("sample")
        for p in sorted(s.picks, masking) {
            let r = p.record
            w.beginObject()
            w.string("learner", masking.learner(r.learner))
            w.string("assessor", masking.assessor(r.assessor))
            w.string("unit", r.unit)
            w.string("ruleset", GradeScales.key(r.rulesetID, r.rulesetVersion))
            w.optionalString("path", masking.path(r.path))
            w.string("grade", r.grade)
            w.optionalNumber("total", r.carriesMarks ? r.total : nil)
            w.optionalNumber("maximum", r.carriesMarks ? r.maximum : nil)
            w.int("weight", p.weight)
            w.beginArray("reasons")
            for reason in p.reasons { w.string(nil, reason) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }

    /// The CSV report: a header and one row per pick.
    public static func csv(_ s: Sampler.Selection, masking: LearnerMasking) -> String {
        var out = CSVWriter.row(["learner", "assessor", "unit", "ruleset", "grade", "total", "maximum", "weight", "reasons", "path"])
        for p in sorted(s.picks, masking) {
            let r = p.record
            out += CSVWriter.row([
                masking.learner(r.learner), masking.assessor(r.assessor), r.unit, GradeScales.key(r.rulesetID, r.rulesetVersion), r.grade,
            ] + GradebookCSV.marks(total: r.total, maximum: r.maximum) + [
                String(p.weight), p.reasons.joined(separator: "; "), masking.path(r.path) ?? "",
            ])
        }
        return out
    }
}
