/// Writes a marking result as text an assessor can read and hand back.
public enum ResultText {
    /// The report for one submission. Every string from the submission or the rules is printed
    /// through `TerminalText.escaped`, so none can start a line or move the cursor.
    public static func render(_ r: MarkingResult, colour: Bool = false) -> String {
        func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        let e = TerminalText.escaped
        var out = ""
        out += "Learner \(e(r.learnerID)) · unit \(e(r.unit)) · assessor \(e(r.assessor))\n"
        out += "Ruleset \(r.ruleset.id) \(r.ruleset.version) (sha256 \(r.ruleset.sha256.prefix(12)))\n"
        out += "\n" + paint("Grade: \(e(r.grade))", "1")
        out += r.maximum > .zero ? " — \(JSONWriter.format(r.total)) of \(JSONWriter.format(r.maximum)) marks\n" : "\n"
        for o in r.overrides where o.target == .grade {
            out += paint("Overridden: grade \(e(o.decision))", "1") + " (engine: \(e(o.engine))) by \(e(o.assessor)) on \(e(o.date))\n"
            out += wrap("Rationale: " + e(o.rationale), indent: "    ")
        }
        if !r.floorsFailed.isEmpty {
            out += "Below the floor on \(e(r.floorsFailed.joined(separator: ", "))), which limits the grade to \(e(r.grade)).\n"
        }
        out += "\n"
        for p in r.points {
            let mark: String
            switch p.verdict {
            case .met: mark = paint("[met]          ", "32")
            case .partiallyMet: mark = paint("[partially met]", "33")
            case .notMet: mark = paint("[not met]      ", "31")
            }
            var line = "\(mark) \(e(p.id))" + (p.maximum > .zero ? " — \(JSONWriter.format(p.marks))/\(JSONWriter.format(p.maximum)) marks" : "")
            if let g = p.requiredFor { line += " (required for \(e(g)))" }
            out += line + "\n"
            out += wrap(e(p.wording), indent: "    ")
            out += wrap("Feedback: " + e(p.feedback), indent: "    ")
            // Items a point not met looked at did not earn it anything: say so, not "Evidence".
            let heading = p.verdict == .notMet && !p.evidence.isEmpty ? "Considered, not counted: " : "Evidence: "
            out += "    " + heading + (p.evidence.isEmpty ? "none cited" : p.evidence.map(e).joined(separator: ", ")) + "\n"
            for o in r.overrides where o.target == .point(p.id) {
                out += "    " + paint("Overridden: \(e(o.decision))", "1") + " (engine: \(e(o.engine))) by \(e(o.assessor)) on \(e(o.date))\n"
                out += wrap("Rationale: " + e(o.rationale), indent: "      ")
            }
            out += "\n"
        }
        if let next = r.nextGrade {
            out += paint("Next steps towards \(e(next)):", "1") + "\n"
            if r.nextSteps.isEmpty { out += "    None recorded.\n" }
            for s in r.nextSteps { out += wrap("- " + e(s), indent: "    ", hanging: "      ") }
        } else {
            out += "This is the highest grade.\n"
        }
        return out
    }

    /// Wraps text at 100 columns.
    static func wrap(_ text: String, indent: String, hanging: String? = nil) -> String {
        let width = 100
        var out = ""
        var line = indent
        var lineHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if lineHasWord && line.count + 1 + word.count > width {
                out += line + "\n"
                line = hanging ?? indent
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        return out + line + "\n"
    }
}
