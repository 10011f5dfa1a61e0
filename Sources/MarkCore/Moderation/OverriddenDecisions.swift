/// The matched results that carry an assessor's override, for `mark agree`: an overridden
/// decision is a risk to look at, so each is listed with whether the people's decision sides
/// with the engine, with the override, or with neither (docs/governance.md).
enum OverriddenDecisions {
    /// The matches with overrides, in report order.
    static func matches(_ a: DecisionAgreement) -> [DecisionAgreement.Match] {
        a.matches.filter { !$0.result.overrides.isEmpty }
    }

    /// Which side the person's decision takes on one override.
    static func side(_ o: ResultOverride, _ m: DecisionAgreement.Match) -> String {
        let human: String?
        switch o.target {
        case .grade: human = m.humanGrade
        case .point(let id): human = m.decision.points.first { $0.id == id }?.verdict.words
        }
        guard let human else { return "no human decision" }
        if human == o.decision { return "human \(human): agrees with the override" }
        if human == o.engine { return "human \(human): agrees with the engine" }
        return "human \(human): agrees with neither"
    }

    /// The report's section, or nothing when no matched result is overridden.
    static func text(_ a: DecisionAgreement, masking: LearnerMasking) -> String {
        let list = matches(a)
        guard !list.isEmpty else { return "" }
        let x = TerminalText.escaped
        var out = "\nOverridden by an assessor (\(list.count) of \(a.matches.count)): a risk to check\n"
        for m in list {
            out += "    \(x(masking.learner(m.result.learner)))  \(x(masking.assessor(m.result.assessor)))\n"
            for o in m.result.overrides {
                out += "        \(x(o.targetName)): engine \(x(o.engine)), override \(x(o.decision)) by \(x(masking.assessor(o.assessor))); \(x(side(o, m)))\n"
            }
        }
        return out
    }

    /// `"overridden": […]` in the JSON report, only when a matched result is overridden.
    static func write(_ a: DecisionAgreement, masking: LearnerMasking, into w: inout JSONWriter) {
        let list = matches(a)
        guard !list.isEmpty else { return }
        w.beginArray("overridden")
        for m in list {
            for o in m.result.overrides {
                w.beginObject()
                w.string("learner", masking.learner(m.result.learner))
                w.string("decision", o.targetName)
                w.string("engine", o.engine)
                w.string("override", o.decision)
                w.string("assessor", masking.assessor(o.assessor))
                w.string("side", side(o, m))
                w.endObject()
            }
        }
        w.endArray()
    }
}
