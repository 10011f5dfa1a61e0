/// Writes a `StagedModeration` as the report a moderator sends a centre (text, Markdown or HTML,
/// through `ModerationDocument`) or as JSON (`moderation/1`).
public enum StagedModerationReport {
    /// The JSON format's identifier.
    public static let format = "moderation/1"

    static func marks(_ v: Double) -> String { JSONWriter.format(v) }
    static func signed(_ v: Double) -> String { (v > 0 ? "+" : "") + JSONWriter.format(v) }
    static func signed2(_ v: Double) -> String { (v > 0 ? "+" : "") + ModerationText.fixed(v, places: 2) }

    /// The proposal in one sentence.
    public static func proposalLine(_ m: StagedModeration, masking: LearnerMasking) -> String {
        func whose(_ a: [String]?) -> String { a.map { "the marks of " + $0.map(masking.assessor).joined(separator: ", ") } ?? "every mark of the cohort" }
        switch m.proposal {
        case .marksStand: return "the centre's marks stand"
        case .adjust(let by, let assessors): return "adjust \(whose(assessors)) by \(signed(by)) marks"
        case .remark(let assessors):
            return "re-mark " + (assessors.map { "the work marked by " + $0.map(masking.assessor).joined(separator: ", ") } ?? "the cohort's work")
        }
    }

    /// The report as blocks.
    public static func document(_ m: StagedModeration, masking: LearnerMasking, decisionsPath: String) -> ModerationDocument {
        var doc = ModerationDocument(title: m.stands ? "Moderation report: the centre's marks stand (stage 1)" : "Moderation report: the marks do not stand (stage 2)")
        let tol = "±" + marks(m.tolerance)
        doc.blocks.append(.heading("Moderated sample"))
        var intro = "\(m.differences.count) moderated submission\(m.differences.count == 1 ? "" : "s") with the moderator's marks"
        if !masking.isOn { intro += " (\(decisionsPath))" }
        if m.withoutMarks > 0 { intro += "; \(m.withoutMarks) without marks, not checked" }
        doc.blocks.append(.paragraph(intro + "; tolerance \(tol) marks."))
        if masking.isOn { doc.blocks.append(.paragraph("Learner and assessor ids are pseudonymised.")) }
        var rows = [["learner", "assessor", "unit", "centre", "moderator", "difference", "tolerance"]]
        for d in m.differences.sorted(by: { (masking.learner($0.learner), $0.unit) < (masking.learner($1.learner), $1.unit) }) {
            rows.append([
                masking.learner(d.learner), masking.assessor(d.assessor), d.unit, marks(d.centre), marks(d.moderator), signed(d.signed),
                abs(d.signed) > m.tolerance + 1e-9 ? "outside" : "within",
            ])
        }
        doc.blocks.append(.table(rows, right: [3, 4, 5]))
        doc.blocks.append(.heading("Stage 1"))
        doc.blocks.append(.paragraph(m.stands ? "Passed: " + m.evidence[0] + ", so the centre's marks stand." : "Not passed: " + (m.evidence.first ?? "") + "."))
        guard !m.stands else { return doc }
        doc.blocks.append(.heading("Stage 2: the pattern of differences (moderator − centre)"))
        let ci = m.interval.map { "; 95% bootstrap interval \(signed2($0.lower)) to \(signed2($0.upper)) (\($0.replicates) draws, seed \($0.seed))" } ?? ""
        doc.blocks.append(.paragraph("Signed mean difference \(signed2(m.mean)) marks over \(m.differences.count) submissions\(ci). Negative: the centre marked higher than the moderator (lenient)."))
        var bias = [["assessor", "n", "mean", "smallest", "largest", "outside", "pattern"]]
        for b in m.byAssessor.sorted(by: { masking.assessor($0.assessor) < masking.assessor($1.assessor) }) {
            bias.append([masking.assessor(b.assessor), String(b.n), signed2(b.mean), signed(b.smallest), signed(b.largest), String(b.outside), b.direction(tolerance: m.tolerance)])
        }
        doc.blocks.append(.table(bias, right: [1, 2, 3, 4, 5]))
        doc.blocks.append(.heading("Proposal: " + proposalLine(m, masking: masking)))
        doc.blocks.append(.list(Array(m.evidence.dropFirst())))
        doc.blocks.append(.heading("Extended sample"))
        guard let s = m.extendedSample, !s.picks.isEmpty else {
            doc.blocks.append(.paragraph("Every submission of the cohort has been moderated; there is nothing further to sample."))
            return doc
        }
        doc.blocks.append(.paragraph("Moderate these \(s.picks.count) further submissions, drawn by the sampling plan (seed \(s.plan.seed)) from the \(s.population) not yet moderated."))
        var picks = [["learner", "assessor", "unit", "grade", "total", "reasons"]]
        for p in s.picks.sorted(by: { (masking.learner($0.record.learner), $0.record.unit) < (masking.learner($1.record.learner), $1.record.unit) }) {
            picks.append([masking.learner(p.record.learner), masking.assessor(p.record.assessor), p.record.unit, p.record.grade, p.record.carriesMarks ? marks(p.record.total) : "–", p.reasons.joined(separator: "; ")])
        }
        doc.blocks.append(.table(picks, right: [4]))
        return doc
    }

    /// The JSON report.
    public static func json(_ m: StagedModeration, masking: LearnerMasking) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.string("format", format)
        w.bool("pseudonymised", masking.isOn)
        w.number("tolerance", m.tolerance)
        w.int("stage", m.stands ? 1 : 2)
        w.bool("marksStand", m.stands)
        w.int("withoutMarks", m.withoutMarks)
        w.beginArray("differences")
        for d in m.differences.sorted(by: { (masking.learner($0.learner), $0.unit) < (masking.learner($1.learner), $1.unit) }) {
            w.beginObject()
            w.string("learner", masking.learner(d.learner))
            w.string("assessor", masking.assessor(d.assessor))
            w.string("unit", d.unit)
            w.number("centre", d.centre)
            w.number("moderator", d.moderator)
            w.number("difference", d.signed)
            w.endObject()
        }
        w.endArray()
        w.number("meanDifference", m.mean)
        ModerationJSON.interval(&w, "interval", m.interval)
        w.beginArray("byAssessor")
        for b in m.byAssessor.sorted(by: { masking.assessor($0.assessor) < masking.assessor($1.assessor) }) {
            w.beginObject()
            w.string("assessor", masking.assessor(b.assessor))
            w.int("n", b.n)
            w.number("mean", b.mean)
            w.number("smallest", b.smallest)
            w.number("largest", b.largest)
            w.int("outside", b.outside)
            w.string("pattern", b.direction(tolerance: m.tolerance))
            w.endObject()
        }
        w.endArray()
        w.beginObject("proposal")
        switch m.proposal {
        case .marksStand: w.string("action", "none")
        case .adjust(let by, let assessors):
            w.string("action", "adjust")
            w.number("marks", by)
            writeScope(&w, assessors, masking)
        case .remark(let assessors):
            w.string("action", "remark")
            writeScope(&w, assessors, masking)
        }
        w.string("summary", proposalLine(m, masking: masking))
        w.beginArray("evidence")
        for e in m.evidence { w.string(nil, e) }
        w.endArray()
        w.endObject()
        w.beginArray("extendedSample")
        for p in m.extendedSample?.picks ?? [] {
            w.beginObject()
            w.string("learner", masking.learner(p.record.learner))
            w.string("assessor", masking.assessor(p.record.assessor))
            w.string("unit", p.record.unit)
            w.string("grade", p.record.grade)
            w.optionalNumber("total", p.record.carriesMarks ? p.record.total : nil)
            w.beginArray("reasons")
            for r in p.reasons { w.string(nil, r) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.output + "\n"
    }

    static func writeScope(_ w: inout JSONWriter, _ assessors: [String]?, _ masking: LearnerMasking) {
        guard let assessors else { return w.null("assessors") }
        w.beginArray("assessors")
        for a in assessors { w.string(nil, masking.assessor(a)) }
        w.endArray()
    }
}
