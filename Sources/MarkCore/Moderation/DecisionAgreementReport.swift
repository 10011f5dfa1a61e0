/// Writes a `DecisionAgreement` as text, JSON (`agreement/1`) or CSV (one row per disagreement).
public enum DecisionAgreementReport {
    /// The JSON format's identifier.
    public static let format = "agreement/1"

    /// What was read, for the report's heading.
    public struct Inputs: Sendable {
        /// Results read, error records skipped, other records skipped, files read.
        public var results: Int
        public var errorRecords: Int
        public var otherRecords: Int
        public var resultFiles: Int
        /// Decision rows read.
        public var decisions: Int
        /// The decisions file.
        public var decisionsPath: String
        /// Where the grade lists came from.
        public var scaleNotes: [String]

        /// Creates the inputs.
        public init(
            results: Int, errorRecords: Int, otherRecords: Int, resultFiles: Int, decisions: Int, decisionsPath: String, scaleNotes: [String]
        ) {
            self.results = results
            self.errorRecords = errorRecords
            self.otherRecords = otherRecords
            self.resultFiles = resultFiles
            self.decisions = decisions
            self.decisionsPath = decisionsPath
            self.scaleNotes = scaleNotes
        }
    }

    static func sorted(_ matches: [DecisionAgreement.Match], _ masking: LearnerMasking) -> [DecisionAgreement.Match] {
        matches.sorted {
            let a = masking.learner($0.result.learner)
            let b = masking.learner($1.result.learner)
            return a != b ? a < b : $0.result.unit < $1.result.unit
        }
    }

    static func marks(_ v: Double) -> String { JSONWriter.format(v) }

    static func signed(_ v: Double) -> String { (v > 0 ? "+" : "") + JSONWriter.format(v) }

    /// The tolerance verdict line: "marks stand: …" or "outside tolerance: …".
    public static func toleranceLine(_ t: DecisionAgreement.Tolerance, masking: LearnerMasking) -> String {
        let n = "±" + marks(t.marks)
        if t.checked == 0 {
            return "tolerance not checked: no matched decision gives marks to compare (add a 'marks' column; a competency unit's results carry none)"
        }
        let skipped = t.withoutMarks > 0 ? "; \(t.withoutMarks) decision\(t.withoutMarks == 1 ? "" : "s") without marks not checked" : ""
        if t.stands {
            return "marks stand: all \(t.checked) moderated submission\(t.checked == 1 ? " is" : "s are") within \(n) marks of the engine (largest difference \(marks(t.largest)))\(skipped)"
        }
        let list = sorted(t.outside.map(\.match), masking).map { m in
            "\(TerminalText.escaped(masking.learner(m.result.learner))) (engine \(marks(m.result.total)), human \(marks(m.decision.marks ?? 0)), \(signed(m.marksDifference ?? 0)))"
        }
        return "outside tolerance: \(t.outside.count) of \(t.checked) moderated submissions differ by more than \(n) marks: " + list.joined(separator: ", ") + skipped
    }

    /// The per-assessor groups as printed: named by pseudonym (and in pseudonym order) when ids
    /// are pseudonymised.
    static func assessorGroups(_ groups: [DecisionAgreement.Group], _ masking: LearnerMasking) -> [DecisionAgreement.Group] {
        guard masking.isOn else { return groups }
        return groups.map { g in
            var g = g
            g.name = masking.assessor(g.name)
            return g
        }.sorted { $0.name < $1.name }
    }

    /// The text report.
    public static func text(_ a: DecisionAgreement, inputs: Inputs, masking: LearnerMasking) -> String {
        var out = "Engine results against human decisions\n"
        var skipped: [String] = []
        if inputs.errorRecords > 0 { skipped.append("\(inputs.errorRecords) error record\(inputs.errorRecords == 1 ? "" : "s") (not marked) skipped") }
        if inputs.otherRecords > 0 { skipped.append("\(inputs.otherRecords) record\(inputs.otherRecords == 1 ? "" : "s") of another format skipped") }
        out += "  results    \(inputs.results) marked submission\(inputs.results == 1 ? "" : "s") from \(inputs.resultFiles) file\(inputs.resultFiles == 1 ? "" : "s")"
        out += (skipped.isEmpty ? "" : "; " + skipped.joined(separator: "; ")) + "\n"
        out += "  decisions  \(inputs.decisions) row\(inputs.decisions == 1 ? "" : "s")"
        out += (masking.isOn ? "" : " from \(TerminalText.escaped(inputs.decisionsPath))") + ": \(a.matches.count) matched to a result, \(a.unmatched.count) without one\n"
        for note in inputs.scaleNotes { out += "  note: \(TerminalText.escaped(note))\n" }
        if masking.isOn { out += "  Learner and assessor ids are pseudonymised; paths are left out.\n" }
        out += "\nGrades, engine against human (\(a.matches.count) submission\(a.matches.count == 1 ? "" : "s"))\n"
        out += ModerationText.agreementLines(a.overall, what: "the same grade")
        func groupTable(_ title: String, _ groups: [DecisionAgreement.Group], nameHeader: String) {
            out += "\n\(title)\n"
            var rows: [[String]] = [[nameHeader, "n", "agreement", "kappa", "linear", "quadratic"]]
            var notes: [String] = []
            for g in groups {
                func cell(_ s: Statistic, _ label: String) -> String {
                    if let v = s.value { return ModerationText.fixed(v) }
                    let note = "\(g.name), \(label): \(s.reason ?? "")"
                    if !notes.contains(note) { notes.append(note) }
                    return "n/a"
                }
                rows.append([
                    g.name, String(g.summary.table.total), g.summary.percent.value.map(ModerationText.percent) ?? "n/a", cell(g.summary.kappa, "kappa"),
                    cell(g.summary.linear, "weighted kappa"), cell(g.summary.quadratic, "weighted kappa"),
                ])
            }
            out += ModerationText.table(rows, right: [1, 2, 3, 4, 5], indent: "    ")
            // Weighted kappa notes repeat the same reason for linear and quadratic; say it once.
            var said: Set<String> = []
            for note in notes where said.insert(note).inserted { out += "    n/a — \(note)\n" }
        }
        if !a.byAssessor.isEmpty {
            groupTable(a.raters == nil ? "By assessor" : "By rater", assessorGroups(a.byAssessor, masking), nameHeader: a.raters == nil ? "assessor" : "rater")
        }
        if a.byRuleset.count > 1 { groupTable("By ruleset", a.byRuleset, nameHeader: "ruleset") }
        if !a.byPoint.isEmpty { groupTable("By marking point (met / partially met / not met)", a.byPoint, nameHeader: "point") }
        if let r = a.raters { out += RaterAgreementReport.text(r, masking: masking) }
        let disagreements = sorted(a.disagreements, masking)
        out += "\nDisagreements (\(disagreements.count) of \(a.matches.count))\n"
        if disagreements.isEmpty { out += "    none: every matched decision has the engine's grade and verdicts\n" }
        for m in disagreements {
            let x = TerminalText.escaped
            var line = "    \(x(masking.learner(m.result.learner)))  \(x(masking.assessor(m.assessor)))  engine \(x(m.result.grade)), human \(x(m.humanGrade))"
            if let human = m.decision.marks, m.result.carriesMarks { line += "  marks engine \(marks(m.result.total)), human \(marks(human))" }
            if let path = masking.path(m.result.path) { line += "  \(x(path))" }
            out += line + "\n"
            for d in m.pointDifferences { out += "        \(d.id): engine \(d.engine.words), human \(d.human.words)\n" }
        }
        out += OverriddenDecisions.text(a, masking: masking)
        if let q = a.reviews { out += QualityReviewReport.text(q, masking: masking) }
        if let t = a.tolerance {
            out += "\nTolerance ±\(marks(t.marks)) marks: the engine's marks stand when every moderated submission's human marks are within ±\(marks(t.marks)) of them.\n"
            out += "    " + toleranceLine(t, masking: masking) + "\n"
        }
        return out
    }

    /// The JSON report.
    public static func json(_ a: DecisionAgreement, inputs: Inputs, masking: LearnerMasking) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.string("format", format)
        w.bool("pseudonymised", masking.isOn)
        w.int("results", inputs.results)
        w.int("errorRecordsSkipped", inputs.errorRecords)
        w.int("otherRecordsSkipped", inputs.otherRecords)
        w.int("decisions", inputs.decisions)
        w.int("matched", a.matches.count)
        w.beginArray("unmatched")
        for d in a.unmatched { w.string(nil, masking.learner(d.learner)) }
        w.endArray()
        ModerationJSON.agreement(&w, "overall", a.overall)
        for (key, groups) in [("byAssessor", assessorGroups(a.byAssessor, masking)), ("byRuleset", a.byRuleset), ("byPoint", a.byPoint)] {
            w.beginArray(key)
            for g in groups {
                w.beginObject()
                w.string("name", g.name)
                ModerationJSON.agreement(&w, "agreement", g.summary)
                w.endObject()
            }
            w.endArray()
        }
        w.beginArray("disagreements")
        for m in sorted(a.disagreements, masking) {
            w.beginObject()
            w.string("learner", masking.learner(m.result.learner))
            w.string("assessor", masking.assessor(m.assessor))
            w.string("unit", m.result.unit)
            w.string("ruleset", GradeScales.key(m.result.rulesetID, m.result.rulesetVersion))
            w.optionalString("path", masking.path(m.result.path))
            w.string("engineGrade", m.result.grade)
            w.string("humanGrade", m.humanGrade)
            w.optionalNumber("engineMarks", m.result.carriesMarks ? m.result.total : nil)
            if let h = m.decision.marks { w.number("humanMarks", h) } else { w.null("humanMarks") }
            w.beginArray("points")
            for d in m.pointDifferences {
                w.beginObject()
                w.string("point", d.id)
                w.string("engine", d.engine.words)
                w.string("human", d.human.words)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        OverriddenDecisions.write(a, masking: masking, into: &w)
        if let r = a.raters { RaterAgreementReport.write(r, masking: masking, into: &w) }
        if let q = a.reviews { QualityReviewReport.write(q, masking: masking, into: &w) }
        if let t = a.tolerance {
            w.beginObject("tolerance")
            w.number("marks", t.marks)
            w.int("checked", t.checked)
            w.int("withoutMarks", t.withoutMarks)
            w.number("largestDifference", t.largest)
            w.bool("marksStand", t.stands)
            w.string("verdict", toleranceLine(t, masking: masking))
            w.beginArray("outside")
            for o in a.tolerance!.outside {
                w.beginObject()
                w.string("learner", masking.learner(o.match.result.learner))
                w.number("engineMarks", o.match.result.total)
                w.number("humanMarks", o.match.decision.marks ?? 0)
                w.number("difference", o.difference)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        } else {
            w.null("tolerance")
        }
        w.endObject()
        return w.output + "\n"
    }

    /// The CSV report: a header and one row per disagreement. When the decisions have several
    /// raters (a `rater` column), a `rater` column follows `assessor` (then the assessor whose
    /// marking was checked), and one learner's rows follow the raters' order.
    public static func csv(_ a: DecisionAgreement, masking: LearnerMasking) -> String {
        let raters = a.raters != nil
        var header = ["learner", "assessor", "unit", "ruleset", "engine_grade", "human_grade", "engine_marks", "human_marks", "points_differ", "path", "overrides"]
        if raters { header.insert("rater", at: 2) }
        var out = CSVWriter.row(header)
        var rows = sorted(a.disagreements, masking)
        if raters {
            rows = rows.enumerated().sorted { x, y in
                let (l, r) = (x.element, y.element)
                guard l.result.learner == r.result.learner, l.result.unit == r.result.unit else { return x.offset < y.offset }
                let (p, q) = (masking.assessor(l.assessor), masking.assessor(r.assessor))
                return p != q ? p < q : x.offset < y.offset
            }.map(\.element)
        }
        for m in rows {
            var row = [
                masking.learner(m.result.learner), masking.assessor(raters ? m.decision.assessor ?? m.result.assessor : m.assessor), m.result.unit,
                GradeScales.key(m.result.rulesetID, m.result.rulesetVersion), m.result.grade, m.humanGrade, m.result.carriesMarks ? marks(m.result.total) : "",
                m.decision.marks.map(marks) ?? "",
                m.pointDifferences.map { "\($0.id): engine \($0.engine.words), human \($0.human.words)" }.joined(separator: "; "),
                masking.path(m.result.path) ?? "",
                m.result.overrides.map { "\($0.targetName): engine \($0.engine), override \($0.decision) by \(masking.assessor($0.assessor))" }.joined(separator: "; "),
            ]
            if raters { row.insert(masking.assessor(m.assessor), at: 2) }
            out += CSVWriter.row(row)
        }
        return out
    }
}
