/// Writes a why-not answer as text for the learner and assessor, or as JSON (`why-not/1`).
public enum WhyNotReport {
    /// The JSON format's identifier.
    public static let format = "why-not/1"

    /// The text report. Learner text is not printed: steps quote only the rules' own words.
    public static func text(_ a: WhyNot.Answer) -> String {
        let b = a.before
        var out = "\(TerminalText.escaped(b.path)): \(b.grade)\(marks(b)) under \(b.ruleset.id) \(b.ruleset.version)\n"
        switch a.outcome {
        case .alreadyReached, .unreachable, .notFound:
            out += (a.reason ?? "") + "\n"
        case .found:
            out += "To reach \(a.target):\n"
            for (k, step) in a.steps.enumerated() { out += "  \(k + 1). \(step.text)\n" }
            if let after = a.after {
                out += "Checked by marking the changed submission: \(after.grade)\(marks(after)).\n"
            }
        }
        return out
    }

    /// " (18 of 20 marks)", or nothing for a scheme whose points carry no marks.
    static func marks(_ r: MarkingResult) -> String {
        r.carriesMarks ? " (\(r.total) of \(r.maximum) marks)" : ""
    }

    /// The JSON report.
    public static func json(_ a: WhyNot.Answer) -> String {
        var w = JSONWriter(pretty: true)
        w.beginObject()
        w.string("format", format)
        w.string("submission", a.before.path)
        w.beginObject("ruleset")
        w.string("id", a.before.ruleset.id)
        w.string("version", a.before.ruleset.version)
        w.endObject()
        w.string("grade", a.before.grade)
        w.optionalNumber("total", a.before.carriesMarks ? a.before.total : nil)
        w.string("target", a.target)
        w.string("outcome", outcomeName(a.outcome))
        w.beginArray("steps")
        for s in a.steps {
            w.beginObject()
            w.string("action", s.action)
            w.string("item", s.item)
            w.string("text", s.text)
            if s.action == "add" {
                w.beginArray("kinds")
                for k in s.kinds { w.string(nil, k) }
                w.endArray()
                w.optionalString("from", s.from?.description)
                w.optionalString("until", s.until?.description)
                w.bool("newWeek", s.newWeek)
            }
            w.endObject()
        }
        w.endArray()
        if let after = a.after {
            w.beginObject("after")
            w.string("grade", after.grade)
            w.optionalNumber("total", after.carriesMarks ? after.total : nil)
            w.endObject()
        } else {
            w.null("after")
        }
        w.optionalString("reason", a.reason)
        w.int("markings", a.markings)
        w.endObject()
        return w.output + "\n"
    }

    static func outcomeName(_ o: WhyNot.Outcome) -> String {
        switch o {
        case .alreadyReached: "already-reached"
        case .unreachable: "unreachable"
        case .found: "found"
        case .notFound: "not-found"
        }
    }
}
