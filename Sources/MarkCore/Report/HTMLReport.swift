/// Writes a marking result as a self-contained, printable HTML page to hand to the learner: the
/// grade, every marking point with its verdict, marks, feedback, advice and the evidence that
/// counted, the next steps, and a footer saying exactly which engine, rules and input decided it.
/// No scripts and nothing to fetch; every string from the inputs goes through `HTMLText.escaped`.
public enum HTMLReport {
    /// What the page's footer records besides the result itself.
    public struct Provenance: Sendable, Equatable {
        /// The version of `mark` that marked the submission.
        public var engineVersion: String
        /// SHA-256 of the submission's bytes, when known.
        public var inputSHA256: String?

        /// Provenance for a page.
        public init(engineVersion: String, inputSHA256: String?) {
            self.engineVersion = engineVersion
            self.inputSHA256 = inputSHA256
        }
    }

    /// The page's file name under `--out` for a result file name (`week1/a.result.json` →
    /// `week1/a.report.html`): never `index.html`, which is the cohort's index.
    public static func pageName(_ resultName: String) -> String {
        (resultName.hasSuffix(".result.json") ? String(resultName.dropLast(12)) : resultName) + ".report.html"
    }

    /// The verdict in words, as the page shows it.
    static func words(_ v: VerdictLevel) -> String {
        switch v {
        case .met: "Met"
        case .partiallyMet: "Partly met"
        case .notMet: "Not met yet"
        }
    }

    /// The class that styles a verdict (colour and border, always beside the words).
    static func style(_ v: VerdictLevel) -> String {
        switch v {
        case .met: "verdict-met"
        case .partiallyMet: "verdict-partially-met"
        case .notMet: "verdict-not-met"
        }
    }

    /// The page's opening, up to and including `<body>`.
    static func head(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
        <title>\(title)</title>
        <style>
        \(HTMLStyle.css)
        </style>
        </head>
        <body>

        """
    }

    /// The whole page for one marked submission.
    public static func page(_ r: MarkingResult, _ provenance: Provenance) -> String {
        let h = HTMLText.escaped
        var out = head(title: "Feedback: \(h(r.ruleset.title)) — \(h(r.learnerID))")
        out += "<main>\n<header>\n"
        out += "<h1>\(h(r.ruleset.title))</h1>\n"
        out += "<p class=\"meta\">Learner <strong>\(h(r.learnerID))</strong> · unit \(h(r.unit)) · assessor \(h(r.assessor))</p>\n"
        out += "</header>\n\n"
        out += grade(r)
        out += pointsTable(r)
        out += pointDetails(r)
        out += nextSteps(r)
        out += "</main>\n"
        out += footer(r, provenance)
        out += "</body>\n</html>\n"
        return out
    }

    static func grade(_ r: MarkingResult) -> String {
        let h = HTMLText.escaped
        var out = "<section aria-labelledby=\"grade\">\n<h2 id=\"grade\">Your grade</h2>\n"
        out += "<p class=\"grade\">\(h(r.grade))</p>\n"
        if r.carriesMarks {
            out += "<p>\(JSONWriter.format(r.total)) of \(JSONWriter.format(r.maximum)) marks.</p>\n"
        }
        if !r.floorsFailed.isEmpty {
            out += "<p>Some points must be at least partly met before any higher grade can be given: "
            out += r.floorsFailed.map { "<strong>\(h($0))</strong>" }.joined(separator: ", ") + ". See the next steps below.</p>\n"
        }
        if !r.components.isEmpty {
            out += "<table>\n<caption>The grade of each component.</caption>\n"
            out += "<thead><tr><th scope=\"col\">Component</th><th scope=\"col\">Grade</th><th scope=\"col\" class=\"number\">Marks</th></tr></thead>\n<tbody>\n"
            for c in r.components {
                let marks = c.maximum > .zero ? "\(JSONWriter.format(c.total)) of \(JSONWriter.format(c.maximum))" : "–"
                out += "<tr><th scope=\"row\">\(h(c.title))</th><td>\(h(c.grade))</td><td class=\"number\">\(marks)</td></tr>\n"
            }
            out += "</tbody>\n</table>\n"
        }
        return out + "</section>\n\n"
    }

    static func pointsTable(_ r: MarkingResult) -> String {
        let h = HTMLText.escaped
        var out = "<section aria-labelledby=\"points\">\n<h2 id=\"points\">Marking points</h2>\n<table>\n"
        out += "<caption>Each marking point, its verdict, the marks it gave and the evidence items that counted (for a point not met: considered, not counted).</caption>\n"
        out += "<thead><tr><th scope=\"col\">Point</th><th scope=\"col\">Verdict</th>"
        out += "<th scope=\"col\" class=\"number\">Marks</th><th scope=\"col\">Evidence that counted</th></tr></thead>\n<tbody>\n"
        for p in r.points {
            out += "<tr><th scope=\"row\"><a href=\"#point-\(h(p.id))\">\(h(p.id))</a></th>"
            out += "<td><span class=\"verdict \(style(p.verdict))\">\(words(p.verdict))</span></td>"
            out += "<td class=\"number\">" + (p.maximum > .zero ? "\(JSONWriter.format(p.marks)) of \(JSONWriter.format(p.maximum))" : "–") + "</td>"
            out += "<td>" + (p.evidence.isEmpty ? "none" : considered(p) + p.evidence.map(h).joined(separator: ", ")) + "</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n\n"
    }

    /// "Considered, not counted: " before the evidence of a point not met, which earned nothing.
    static func considered(_ p: MarkingResult.PointResult) -> String {
        p.verdict == .notMet ? "considered, not counted: " : ""
    }

    static func pointDetails(_ r: MarkingResult) -> String {
        let h = HTMLText.escaped
        var out = "<section aria-labelledby=\"feedback\">\n<h2 id=\"feedback\">Feedback on each point</h2>\n"
        for p in r.points {
            out += "<article class=\"point point-\(style(p.verdict).dropFirst(8))\" id=\"point-\(h(p.id))\">\n"
            out += "<h3>\(h(p.id)): <span class=\"verdict \(style(p.verdict))\">\(words(p.verdict))</span>"
            if p.maximum > .zero { out += " — \(JSONWriter.format(p.marks)) of \(JSONWriter.format(p.maximum)) marks" }
            out += "</h3>\n"
            if let g = p.requiredFor { out += "<p>You need this point for <strong>\(h(g))</strong>.</p>\n" }
            out += "<p><span class=\"label\">Feedback:</span> \(h(p.feedback))</p>\n"
            if p.verdict != .met, let advice = p.advice {
                out += "<p><span class=\"label\">What to do:</span> \(h(advice))</p>\n"
            }
            let label = p.verdict == .notMet && !p.evidence.isEmpty ? "Considered, not counted:" : "Evidence that counted:"
            out += "<p><span class=\"label\">\(label)</span> "
            out += (p.evidence.isEmpty ? "none" : p.evidence.map(h).joined(separator: ", ")) + "</p>\n"
            out += "<p class=\"meta\"><span class=\"label\">The examiner's criterion:</span> \(h(p.wording))</p>\n"
            out += "</article>\n"
        }
        return out + "</section>\n\n"
    }

    static func nextSteps(_ r: MarkingResult) -> String {
        let h = HTMLText.escaped
        guard let next = r.nextGrade else {
            return "<section aria-labelledby=\"next\">\n<h2 id=\"next\">Next steps</h2>\n<p>This is the highest grade.</p>\n</section>\n\n"
        }
        var out = "<section aria-labelledby=\"next\">\n<h2 id=\"next\">Next steps towards \(h(next))</h2>\n"
        if r.nextSteps.isEmpty {
            out += "<p>None recorded.</p>\n"
        } else {
            out += "<ol>\n" + r.nextSteps.map { "<li>\(h($0))</li>\n" }.joined() + "</ol>\n"
        }
        return out + "</section>\n\n"
    }

    static func footer(_ r: MarkingResult, _ p: Provenance) -> String {
        let h = HTMLText.escaped
        var out = "<footer>\n<h2 id=\"provenance\">How this result was decided</h2>\n<dl>\n"
        out += "<dt>Engine</dt><dd>mark \(h(p.engineVersion))</dd>\n"
        out += "<dt>Ruleset</dt><dd>\(h(r.ruleset.id)) \(h(r.ruleset.version))</dd>\n"
        out += "<dt>Ruleset SHA-256</dt><dd class=\"hash\">\(h(r.ruleset.sha256))</dd>\n"
        if let input = p.inputSHA256 { out += "<dt>Input SHA-256</dt><dd class=\"hash\">\(h(input))</dd>\n" }
        out += "</dl>\n<p>The same ruleset and the same evidence always give this result.</p>\n</footer>\n"
        return out
    }
}
