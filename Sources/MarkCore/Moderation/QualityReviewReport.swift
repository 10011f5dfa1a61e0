/// Writes a `QualityReviewSummary` as a section of `mark agree`'s text and JSON reports.
enum QualityReviewReport {
    /// The text section.
    static func text(_ q: QualityReviewSummary, masking: LearnerMasking) -> String {
        let x = TerminalText.escaped
        var out = "\nQuality assurance record (outcome per sampled decision)\n"
        var rows: [[String]] = [["assessor"] + (q.hasPlan ? ["planned"] : []) + ["completed", "accept", "reject", "resubmit"]]
        for a in q.assessors.map({ a -> QualityReviewSummary.AssessorLine in var a = a; a.assessor = masking.assessor(a.assessor); return a }).sorted(by: { $0.assessor < $1.assessor }) {
            rows.append([a.assessor] + (q.hasPlan ? [String(a.planned ?? 0)] : []) + [String(a.completed), String(a.accepted), String(a.rejected), String(a.resubmit)])
        }
        out += ModerationText.table(rows, right: Set(1..<rows[0].count), indent: "    ")
        if q.hasPlan {
            let planned = q.assessors.reduce(0) { $0 + ($1.planned ?? 0) }
            let done = q.assessors.reduce(0) { $0 + min($1.completed, $1.planned ?? 0) }
            out += "    sampling completed: \(done) of \(planned) planned"
            out += q.outstanding.isEmpty ? "\n" : "; outstanding: " + q.outstanding.map { x(masking.learner($0.learner)) }.sorted().joined(separator: ", ") + "\n"
        }
        for f in q.findings {
            out += "    \(x(masking.learner(f.learner)))  \(x(masking.assessor(f.assessor)))  \(f.review.outcome.rawValue)\n"
            // Free text may name learners: withheld under --pseudonymise.
            if let action = f.review.action { out += "        action: " + (masking.isOn ? "(withheld)" : x(action)) + "\n" }
            if let feedback = f.review.feedback { out += "        feedback to the assessor: " + (masking.isOn ? "(withheld)" : x(feedback)) + "\n" }
        }
        return out
    }

    /// `"qualityAssurance": {…}` in the JSON report.
    static func write(_ q: QualityReviewSummary, masking: LearnerMasking, into w: inout JSONWriter) {
        w.beginObject("qualityAssurance")
        w.bool("planGiven", q.hasPlan)
        w.beginArray("assessors")
        for a in q.assessors.sorted(by: { masking.assessor($0.assessor) < masking.assessor($1.assessor) }) {
            w.beginObject()
            w.string("assessor", masking.assessor(a.assessor))
            if let p = a.planned { w.int("planned", p) } else { w.null("planned") }
            w.int("completed", a.completed)
            w.int("accept", a.accepted)
            w.int("reject", a.rejected)
            w.int("resubmit", a.resubmit)
            w.endObject()
        }
        w.endArray()
        w.beginArray("outstanding")
        for p in q.outstanding { w.string(nil, masking.learner(p.learner)) }
        w.endArray()
        w.beginArray("findings")
        for f in q.findings {
            w.beginObject()
            w.string("learner", masking.learner(f.learner))
            w.string("assessor", masking.assessor(f.assessor))
            w.string("unit", f.unit)
            w.string("outcome", f.review.outcome.rawValue)
            w.optionalString("action", masking.isOn ? nil : f.review.action)
            w.optionalString("feedback", masking.isOn ? nil : f.review.feedback)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}
