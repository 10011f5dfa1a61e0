/// JSON pieces shared by the moderation reports.
enum ModerationJSON {
    /// A statistic: `{"value": 0.4, "strength": "fair"}` or `{"value": null, "reason": "…"}`.
    static func statistic(_ w: inout JSONWriter, _ key: String, _ s: Statistic, strength: Bool = true) {
        w.beginObject(key)
        switch s {
        case .value(let v):
            w.number("value", v)
            if strength { w.string("strength", Agreement.strength(v)) }
        case .undefined(let reason):
            w.null("value")
            w.string("reason", reason)
        }
        w.endObject()
    }

    /// A bootstrap interval under `key` (null when there is none).
    static func interval(_ w: inout JSONWriter, _ key: String, _ i: BootstrapInterval?) {
        guard let i else { return w.null(key) }
        w.beginObject(key)
        w.number("lower", i.lower)
        w.number("upper", i.upper)
        w.number("level", i.level)
        w.int("replicates", i.replicates)
        w.int("defined", i.defined)
        w.string("seed", String(i.seed))
        w.endObject()
    }

    /// The agreement statistics of a summary, as an object under `key`.
    static func agreement(_ w: inout JSONWriter, _ key: String, _ s: AgreementSummary) {
        w.beginObject(key)
        w.int("pairs", s.table.total)
        w.int("agreed", s.table.agreed)
        switch s.percent {
        case .value(let v): w.number("percentAgreement", v * 100)
        case .undefined: w.null("percentAgreement")
        }
        statistic(&w, "cohensKappa", s.kappa)
        statistic(&w, "linearWeightedKappa", s.linear)
        statistic(&w, "quadraticWeightedKappa", s.quadratic)
        w.beginArray("categories")
        for c in s.table.categories { w.string(nil, c) }
        w.endArray()
        w.beginArray("table")
        for row in s.table.counts {
            w.beginArray()
            for n in row { w.int(nil, n) }
            w.endArray()
        }
        w.endArray()
        w.endObject()
    }
}

extension ModerationText {
    /// The agreement block of a text report.
    static func agreementLines(_ s: AgreementSummary, what: String, indent: String = "    ") -> String {
        let agreed = s.table.agreed
        let n = s.table.total
        let percent: String =
            switch s.percent {
            case .value(let v): "\(ModerationText.percent(v)) (\(agreed) of \(n) \(what))"
            case .undefined(let r): "not computed: " + r
            }
        return ModerationText.table(
            [
                ["percent agreement", percent],
                ["Cohen's kappa", statistic(s.kappa, strength: true)],
                ["weighted kappa (linear)", statistic(s.linear, strength: true)],
                ["weighted kappa (quadratic)", statistic(s.quadratic, strength: true)],
            ], indent: indent)
    }
}
