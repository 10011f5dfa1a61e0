/// The index page of a cohort's HTML reports (`--format html --out DIR`): per ruleset, the grade
/// distribution as an inline SVG bar chart and a table, then a link to every learner's page;
/// last, the submissions that could not be marked. Entries are kept in input order.
public struct HTMLIndex: Sendable {
    /// One marked submission's line in the index.
    public struct Entry: Sendable, Equatable {
        /// Index of its ruleset in the catalog.
        public var ruleset: Int
        /// The page's path relative to the index.
        public var href: String
        /// The learner's id, unit, grade (and its index), and marks.
        public var learner: String, unit: String, grade: String, gradeIndex: Int, marks: String
    }

    private var entries: [Entry] = []
    private var failures: [String] = []

    /// An empty index.
    public init() {}

    /// The line for a marked submission whose page is at `href`.
    public static func entry(_ r: MarkingResult, ruleset: Int, href: String) -> Entry {
        let marks = r.carriesMarks ? "\(JSONWriter.format(r.total)) of \(JSONWriter.format(r.maximum))" : "–"
        return Entry(ruleset: ruleset, href: href, learner: r.learnerID, unit: r.unit, grade: r.grade, gradeIndex: r.gradeIndex, marks: marks)
    }

    /// Adds a marked submission's line.
    public mutating func add(_ entry: Entry) { entries.append(entry) }

    /// Adds a submission that could not be marked (named by its path only).
    public mutating func addFailure(path: String) { failures.append(path) }

    /// The index page; `catalog` gives each ruleset's title and grades.
    public func render(_ catalog: RulesetCatalog) -> String {
        let h = HTMLText.escaped
        var out = HTMLReport.head(title: "Marking results")
        out += "<main>\n<header>\n<h1>Marking results</h1>\n"
        out += "<p class=\"meta\">\(entries.count) marked, \(failures.count) could not be marked.</p>\n</header>\n\n"
        var order: [Int] = []
        for e in entries where !order.contains(e.ruleset) { order.append(e.ruleset) }
        for (n, index) in order.enumerated() {
            let ruleset = catalog.rulesets[index]
            let rows = entries.filter { $0.ruleset == index }
            var counts = [Int](repeating: 0, count: ruleset.grading.grades.count)
            for e in rows where e.gradeIndex < counts.count { counts[e.gradeIndex] += 1 }
            out += "<section aria-labelledby=\"ruleset-\(n)\">\n"
            out += "<h2 id=\"ruleset-\(n)\">\(h(ruleset.title)) (\(h(ruleset.id)) \(h(ruleset.version)), unit \(h(ruleset.unit)))</h2>\n"
            out += HTMLIndex.chart(grades: ruleset.grading.grades, counts: counts, id: "chart-\(n)")
            out += HTMLIndex.distribution(grades: ruleset.grading.grades, counts: counts)
            out += "<table>\n<caption>Each learner's page.</caption>\n<thead><tr><th scope=\"col\">Learner</th>"
            out += "<th scope=\"col\">Grade</th><th scope=\"col\" class=\"number\">Marks</th><th scope=\"col\">Page</th></tr></thead>\n<tbody>\n"
            for e in rows {
                out += "<tr><th scope=\"row\">\(h(e.learner))</th><td>\(h(e.grade))</td><td class=\"number\">\(e.marks)</td>"
                out += "<td><a href=\"\(HTMLIndex.href(e.href))\">feedback for \(h(e.learner))</a></td></tr>\n"
            }
            out += "</tbody>\n</table>\n</section>\n\n"
        }
        if !failures.isEmpty {
            out += "<section aria-labelledby=\"failed\">\n<h2 id=\"failed\">Could not be marked</h2>\n"
            out += "<p>These submissions have no page; <code>mark</code> printed why on its standard error.</p>\n<ul>\n"
            out += failures.map { "<li>\(h($0))</li>\n" }.joined() + "</ul>\n</section>\n\n"
        }
        return out + "</main>\n</body>\n</html>\n"
    }

    /// A relative page path as a URL path: each segment percent-encoded, then escaped.
    static func href(_ path: String) -> String {
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/".utf8)
        var out = ""
        for b in path.utf8 {
            if unreserved.contains(b) {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        // A leading segment with a colon could read as a scheme; "./" keeps it a path.
        return out.hasPrefix("/") ? "." + out : "./" + out
    }

    /// The grade distribution as a horizontal bar chart: one labelled bar per grade, lowest
    /// first, each with its count and share written beside it (the chart never relies on colour).
    static func chart(grades: [String], counts: [Int], id: String) -> String {
        let h = HTMLText.escaped
        let total = counts.reduce(0, +)
        let most = max(1, counts.max() ?? 1)
        let rowHeight = 28
        let height = rowHeight * grades.count + 8
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 \(height)\" width=\"640\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)-title\">\n"
        out += "<title id=\"\(id)-title\">Grade distribution: "
        out += zip(grades, counts).map { "\(h($0)) \($1)" }.joined(separator: ", ") + "</title>\n"
        for (i, grade) in grades.enumerated() {
            let y = 4 + i * rowHeight
            let width = counts[i] * 300 / most
            out += "<text x=\"170\" y=\"\(y + 18)\" text-anchor=\"end\" font-size=\"14\" fill=\"#1a1a1a\">\(h(grade))</text>\n"
            out += "<rect x=\"180\" y=\"\(y + 4)\" width=\"\(max(width, 1))\" height=\"18\" fill=\"#3d5a80\" stroke=\"#1a1a1a\"/>\n"
            out += "<text x=\"\(186 + width)\" y=\"\(y + 18)\" font-size=\"14\" fill=\"#1a1a1a\">\(counts[i]) (\(CohortSummary.percent(counts[i], of: total)))</text>\n"
        }
        return out + "</svg>\n"
    }

    /// The same distribution as a table, for readers that do not see the chart.
    static func distribution(grades: [String], counts: [Int]) -> String {
        let h = HTMLText.escaped
        let total = counts.reduce(0, +)
        var out = "<table>\n<caption>Grades awarded.</caption>\n<thead><tr><th scope=\"col\">Grade</th>"
        out += "<th scope=\"col\" class=\"number\">Learners</th><th scope=\"col\" class=\"number\">Share</th></tr></thead>\n<tbody>\n"
        for (g, c) in zip(grades, counts) {
            out += "<tr><th scope=\"row\">\(h(g))</th><td class=\"number\">\(c)</td><td class=\"number\">\(CohortSummary.percent(c, of: total))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }
}
