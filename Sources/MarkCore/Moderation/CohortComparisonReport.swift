/// Writes a `CohortComparison` as text, JSON (`comparison/1`) or CSV (one row per changed
/// submission).
public enum CohortComparisonReport {
    /// The JSON format's identifier.
    public static let format = "comparison/1"

    /// Labels for the two versions (their rule paths as named on the command line).
    public struct Labels: Sendable {
        /// The old version's path.
        public var old: String
        /// The new version's path.
        public var new: String
        /// Creates labels.
        public init(old: String, new: String) {
            self.old = old
            self.new = new
        }
    }

    /// The feedback example: the first learner (in report order) whose feedback alone
    /// changed, else the first whose feedback changed at all, and that learner's first point.
    static func feedbackExample(_ g: CohortComparison.Group, _ masking: LearnerMasking) -> (entry: CohortComparison.Entry, change: CohortComparison.FeedbackChange)? {
        guard let e = sorted(g.feedbackOnly, masking).first ?? sorted(g.feedbackChanged, masking).first, let change = e.feedbackChanges.first else { return nil }
        return (e, change)
    }

    /// "Feedback that reads differently": how many learners would read other feedback, how many
    /// of them have no other change, and one example (texts left out under pseudonymisation).
    static func feedbackText(_ g: CohortComparison.Group, masking: LearnerMasking) -> String {
        guard let (e, change) = feedbackExample(g, masking) else { return "" }
        let x = TerminalText.escaped
        var out = "\n  Feedback that reads differently (\(g.feedbackChanged.count) of \(g.entries.count)"
        out += ", \(g.feedbackOnly.count) with no change of grade, total or verdict)\n"
        out += "    for example \(x(masking.learner(e.new.learner))), \(x(change.point)):\n"
        if masking.isOn {
            out += "      (the feedback texts are left out under --pseudonymise)\n"
        } else {
            out += "      old  \(x(change.old))\n      new  \(x(change.new))\n"
        }
        return out
    }

    /// The feedback counts and example in JSON.
    static func feedbackJSON(_ w: inout JSONWriter, _ g: CohortComparison.Group, masking: LearnerMasking) {
        w.int("feedbackChanged", g.feedbackChanged.count)
        w.int("feedbackOnly", g.feedbackOnly.count)
        guard let (e, change) = feedbackExample(g, masking) else {
            w.null("feedbackExample")
            return
        }
        w.beginObject("feedbackExample")
        w.string("learner", masking.learner(e.new.learner))
        w.string("point", change.point)
        w.optionalString("old", masking.isOn ? nil : change.old)
        w.optionalString("new", masking.isOn ? nil : change.new)
        w.endObject()
    }

    static func sorted(_ entries: [CohortComparison.Entry], _ masking: LearnerMasking) -> [CohortComparison.Entry] {
        entries.sorted {
            let a = masking.learner($0.new.learner)
            let b = masking.learner($1.new.learner)
            return a != b ? a < b : $0.new.path < $1.new.path
        }
    }

    /// The text report.
    public static func text(_ c: CohortComparison, labels: Labels, masking: LearnerMasking) -> String {
        let compared = c.groups.reduce(0) { $0 + $1.entries.count }
        let x = TerminalText.escaped
        var out = "Cohort marked under two rule versions\n"
        out += "  old  \(x(labels.old))\n  new  \(x(labels.new))\n"
        out += "  \(c.submissions) submission\(c.submissions == 1 ? "" : "s"): \(compared) marked under both versions"
        if c.skipped > 0 { out += ", \(c.skipped) skipped (for other units)" }
        out += ", \(c.unmarked.count) could not be marked\n"
        if masking.isOn { out += "  Learner and assessor ids are pseudonymised; paths are left out.\n" }
        for g in c.groups {
            out += "\n\(g.old.id) \(g.old.version) (sha256 \(g.old.sha256.prefix(12))) → \(g.new.id) \(g.new.version) (sha256 \(g.new.sha256.prefix(12))): "
            out += "\(g.entries.count) submission\(g.entries.count == 1 ? "" : "s")\n"
            if !g.renamedPoints.isEmpty {
                out += "  Points renamed (matched by meaning): " + g.renamedPoints.map { "\($0.old) → \($0.new)" }.joined(separator: ", ") + "\n"
            }
            if !g.removedPoints.isEmpty { out += "  Points only in the old version: " + g.removedPoints.joined(separator: ", ") + "\n" }
            if !g.addedPoints.isEmpty { out += "  Points only in the new version: " + g.addedPoints.joined(separator: ", ") + "\n" }
            if !g.renamedGrades.isEmpty { out += "  Old grades read under their new names (--grade-map): " + x(g.renamedGrades.joined(separator: ", ")) + "\n" }
            out += "\n  Grade transitions (rows: old grade, columns: new grade)\n"
            var rows: [[String]] = [["old \\ new"] + g.newGrades + ["total"]]
            for (i, grade) in g.oldGrades.enumerated() {
                rows.append([grade] + g.transitions[i].map(String.init) + [String(g.transitions[i].reduce(0, +))])
            }
            rows.append(["total"] + g.newGrades.indices.map { j in String(g.transitions.reduce(0) { $0 + $1[j] }) } + [String(g.entries.count)])
            out += ModerationText.table(rows, right: Set(1...(g.newGrades.count + 1)), indent: "    ")
            out += "\n  Agreement between the versions\n"
            out += ModerationText.agreementLines(g.agreement, what: "submissions keep their grade")
            let changed = sorted(g.changed, masking)
            out += "\n  Submissions that changed (\(changed.count) of \(g.entries.count))\n"
            if changed.isEmpty { out += "    none: every submission has the same grade, total and verdicts\n" }
            for e in changed {
                let grade = e.gradeChanged ? "\(x(e.old.grade)) → \(x(e.new.grade))" : "\(x(e.new.grade)) (unchanged)"
                var line = "    \(x(masking.learner(e.new.learner)))  \(x(masking.assessor(e.new.assessor)))  \(grade)" + totalText(e)
                if let path = masking.path(e.new.path) { line += "  \(x(path))" }
                out += line + "\n"
                for r in e.reasons { out += "        \(x(r))\n" }
            }
            out += feedbackText(g, masking: masking)
        }
        if !c.unmarked.isEmpty {
            out += "\nCould not be marked (\(c.unmarked.count))\n"
            for u in c.unmarked.sorted(by: { ($0.learner.map(masking.learner) ?? "", $0.path) < ($1.learner.map(masking.learner) ?? "", $1.path) }) {
                let who = u.learner.map(masking.learner).map(x) ?? "(learner unknown)"
                out += "  \(who)" + (masking.path(u.path).map { "  \(x($0))" } ?? "") + (u.version == "both" ? "  under both versions: " : "  under the \(u.version) version: ")
                    + "\(x(masking.message(u.message)))\n"
            }
        }
        return out
    }

    /// The JSON report.
    public static func json(_ c: CohortComparison, labels: Labels, masking: LearnerMasking) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.string("format", format)
        w.bool("pseudonymised", masking.isOn)
        w.string("oldRules", labels.old)
        w.string("newRules", labels.new)
        w.int("submissions", c.submissions)
        w.int("compared", c.groups.reduce(0) { $0 + $1.entries.count })
        w.int("skipped", c.skipped)
        w.int("unmarked", c.unmarked.count)
        w.beginArray("groups")
        for g in c.groups {
            w.beginObject()
            for (key, info) in [("old", g.old), ("new", g.new)] {
                w.beginObject(key)
                w.string("id", info.id)
                w.string("version", info.version)
                w.string("sha256", info.sha256)
                w.endObject()
            }
            w.beginArray("oldGrades")
            for x in g.oldGrades { w.string(nil, x) }
            w.endArray()
            w.beginArray("newGrades")
            for x in g.newGrades { w.string(nil, x) }
            w.endArray()
            w.beginArray("transitions")
            for row in g.transitions {
                w.beginArray()
                for n in row { w.int(nil, n) }
                w.endArray()
            }
            w.endArray()
            w.int("submissions", g.entries.count)
            w.int("changed", g.changed.count)
            ModerationJSON.agreement(&w, "agreement", g.agreement)
            w.beginArray("renamedPoints")
            for r in g.renamedPoints {
                w.beginObject()
                w.string("old", r.old)
                w.string("new", r.new)
                w.endObject()
            }
            w.endArray()
            w.beginArray("removedPoints")
            for p in g.removedPoints { w.string(nil, p) }
            w.endArray()
            w.beginArray("addedPoints")
            for p in g.addedPoints { w.string(nil, p) }
            w.endArray()
            w.beginArray("renamedGrades")
            for r in g.renamedGrades { w.string(nil, r) }
            w.endArray()
            feedbackJSON(&w, g, masking: masking)
            w.beginArray("changedSubmissions")
            for e in sorted(g.changed, masking) {
                w.beginObject()
                w.string("learner", masking.learner(e.new.learner))
                w.string("assessor", masking.assessor(e.new.assessor))
                w.string("unit", e.new.unit)
                w.optionalString("path", masking.path(e.new.path))
                w.string("oldGrade", e.old.grade)
                w.string("newGrade", e.new.grade)
                w.optionalNumber("oldTotal", e.old.carriesMarks ? e.old.total : nil)
                w.optionalNumber("newTotal", e.new.carriesMarks ? e.new.total : nil)
                w.beginArray("flips")
                for f in e.flips {
                    w.beginObject()
                    w.string("point", f.newID)
                    w.string("oldPoint", f.oldID)
                    w.string("old", f.old.words)
                    w.string("new", f.new.words)
                    w.endObject()
                }
                w.endArray()
                w.beginArray("reasons")
                for r in e.reasons { w.string(nil, r) }
                w.endArray()
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.beginArray("unmarkedSubmissions")
        for u in c.unmarked {
            w.beginObject()
            w.optionalString("learner", u.learner.map(masking.learner))
            w.optionalString("path", masking.path(u.path))
            w.string("version", u.version)
            w.string("message", masking.message(u.message))
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }

    /// `  total 20` or `  total 18 → 20` after a changed submission's grade; nothing for a
    /// competency unit under both versions (no marks), `no marks` for the version without any.
    static func totalText(_ e: CohortComparison.Entry) -> String {
        func marks(_ r: ResultRecord) -> String { r.carriesMarks ? JSONWriter.format(r.total) : "no marks" }
        if !e.old.carriesMarks && !e.new.carriesMarks { return "" }
        let changed = e.totalChanged || e.old.carriesMarks != e.new.carriesMarks
        return changed ? "  total \(marks(e.old)) → \(marks(e.new))" : "  total \(marks(e.new))"
    }

    /// The CSV report: a header and one row per changed submission.
    public static func csv(_ c: CohortComparison, masking: LearnerMasking) -> String {
        var out = CSVWriter.row([
            "learner", "assessor", "unit", "old_ruleset", "new_ruleset", "old_grade", "new_grade", "old_total", "new_total", "changes", "path",
        ])
        for g in c.groups {
            for e in sorted(g.changed, masking) {
                out += CSVWriter.row([
                    masking.learner(e.new.learner), masking.assessor(e.new.assessor), e.new.unit, "\(g.old.id) \(g.old.version)", "\(g.new.id) \(g.new.version)",
                    e.old.grade, e.new.grade, e.old.carriesMarks ? JSONWriter.format(e.old.total) : "", e.new.carriesMarks ? JSONWriter.format(e.new.total) : "", e.reasons.joined(separator: "; "),
                    masking.path(e.new.path) ?? "",
                ])
            }
        }
        return out
    }
}
