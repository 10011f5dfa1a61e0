/// Writes `RaterAgreement` as a section of `mark agree`'s text and JSON reports.
enum RaterAgreementReport {
    /// An estimate as table cells: the value (or n/a) and the interval.
    static func cells(_ e: RaterAgreement.Estimate) -> [String] {
        guard let v = e.statistic.value else { return ["n/a", ""] }
        guard let i = e.interval else { return [ModerationText.fixed(v), "no draw defines it"] }
        return [ModerationText.fixed(v), "\(ModerationText.fixed(i.lower)) to \(ModerationText.fixed(i.upper))"]
    }

    /// The text section, or nothing when no decision names a rater.
    static func text(_ r: RaterAgreement, masking: LearnerMasking) -> String {
        var out = ""
        for g in r.groups {
            let raters = g.matrix.raters.map(masking.assessor)
            out += "\nAgreement among raters: \(TerminalText.escaped(g.ruleset)) (\(g.matrix.units.count) submission\(g.matrix.units.count == 1 ? "" : "s"), "
            out += "\(raters.count) rater\(raters.count == 1 ? "" : "s"): \(TerminalText.escaped(raters.sorted().joined(separator: ", "))))\n"
            var rows: [[String]] = [["statistic", "n", "value", "95% interval"]]
            var notes: [String] = []
            func add(_ name: String, _ n: Int, _ e: RaterAgreement.Estimate) {
                rows.append([name, String(n)] + cells(e))
                if let reason = e.statistic.reason { notes.append("\(name): \(reason)") }
            }
            add("Fleiss' kappa", g.matrix.pairable, g.fleiss)
            add("Krippendorff's alpha (nominal)", g.matrix.pairable, g.alphaNominal)
            add("Krippendorff's alpha (ordinal)", g.matrix.pairable, g.alphaOrdinal)
            let pairs = g.pairs.map { p -> (String, RaterAgreement.Pair) in
                let (a, b) = (masking.assessor(p.first), masking.assessor(p.second))
                return ("Cohen's kappa \(min(a, b)) / \(max(a, b))", p)
            }.sorted { $0.0 < $1.0 }
            for (name, p) in pairs { add(name, p.units, p.kappa) }
            out += ModerationText.table(rows, right: [1, 2], indent: "    ")
            for note in notes { out += "    n/a — \(TerminalText.escaped(note))\n" }
            if let w = g.warning { out += "    warning: \(w)\n" }
        }
        if !r.groups.isEmpty {
            out += "    (n: submissions rated by two or more raters, or by both of a pair; intervals: \(r.replicates) bootstrap draws of the submissions, seed \(r.seed))\n"
        }
        return out
    }

    /// `"raters": […]` in the JSON report.
    static func write(_ r: RaterAgreement, masking: LearnerMasking, into w: inout JSONWriter) {
        func estimate(_ key: String, _ e: RaterAgreement.Estimate) {
            w.beginObject(key)
            ModerationJSON.statistic(&w, "statistic", e.statistic, strength: false)
            ModerationJSON.interval(&w, "interval", e.interval)
            w.endObject()
        }
        w.beginObject("raters")
        w.int("replicates", r.replicates)
        w.string("seed", String(r.seed))
        w.int("minimumUnits", BootstrapInterval.minimumUnits)
        w.beginArray("groups")
        for g in r.groups {
            w.beginObject()
            w.string("ruleset", g.ruleset)
            w.beginArray("raters")
            for name in g.matrix.raters.map(masking.assessor).sorted() { w.string(nil, name) }
            w.endArray()
            w.int("submissions", g.matrix.units.count)
            w.int("ratedByTwoOrMore", g.matrix.pairable)
            estimate("fleissKappa", g.fleiss)
            estimate("krippendorffAlphaNominal", g.alphaNominal)
            estimate("krippendorffAlphaOrdinal", g.alphaOrdinal)
            w.beginArray("pairwiseKappa")
            for p in g.pairs {
                w.beginObject()
                w.string("first", masking.assessor(p.first))
                w.string("second", masking.assessor(p.second))
                w.int("submissions", p.units)
                estimate("kappa", p.kappa)
                w.endObject()
            }
            w.endArray()
            w.optionalString("warning", g.warning)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}
