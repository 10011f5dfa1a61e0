import Foundation

/// A marked submission as the summary counts it: which ruleset, which grade, which verdicts.
struct GradeRow: Sendable {
    /// Index of the ruleset in the catalog.
    var ruleset: Int
    /// Index of the grade in the ruleset's scheme.
    var grade: Int
    /// Verdicts in the ruleset's point order.
    var verdicts: [VerdictLevel]
}

/// The cohort summary: counts by grade in scheme order, failures, and for each marking point
/// the share of marked submissions that met it and that partially met it.
public struct CohortSummary {
    /// What the summary says of a ruleset besides its counts.
    struct RulesetFacts {
        var id: String
        var version: String
        var sha256: String
        var unit: String
        var grades: [String]
        var points: [String]
        /// Whether each point can be partially met (else its share prints as "–").
        var partial: [Bool]
    }

    struct Tally {
        var facts: RulesetFacts
        var marked = 0
        var grades: [Int]
        var met: [Int]
        var partiallyMet: [Int]
    }

    let catalog: RulesetCatalog
    /// Submissions seen (marked, up to date or failed).
    public internal(set) var submissions = 0
    /// Marked in this run.
    public internal(set) var markedNow = 0
    /// Already marked by an earlier run with the same input and ruleset (`--out`).
    public internal(set) var upToDate = 0
    /// Could not be marked.
    public internal(set) var failed = 0
    /// Set when the run was stopped (by a signal) before every input was read; the front end
    /// sets it, since only it knows why the run stopped.
    public var interrupted = false
    /// Overrides applied (`--overrides`), per assessor and per decision.
    public internal(set) var overrides = OverrideTally()
    var tallies: [Int: Tally] = [:]
    var order: [Int] = []

    init(catalog: RulesetCatalog) { self.catalog = catalog }

    /// Submissions with a result.
    public var marked: Int { markedNow + upToDate }

    mutating func add(_ row: GradeRow?, status: CohortRecord.Status) {
        submissions += 1
        switch status {
        case .marked: markedNow += 1
        case .upToDate: upToDate += 1
        case .failed: failed += 1
        }
        guard let row else { return }
        if tallies[row.ruleset] == nil {
            let r = catalog.rulesets[row.ruleset]
            let facts = RulesetFacts(
                id: r.id, version: r.version, sha256: r.sourceHash, unit: r.unit, grades: r.grading.grades,
                points: r.points.map(\.id), partial: r.points.map { $0.partiallyMet != nil })
            tallies[row.ruleset] = Tally(
                facts: facts, grades: Array(repeating: 0, count: r.grading.grades.count), met: Array(repeating: 0, count: r.points.count),
                partiallyMet: Array(repeating: 0, count: r.points.count))
            order.append(row.ruleset)
        }
        CohortSummary.count(row, into: &tallies[row.ruleset]!)
    }

    /// Counts a row into its ruleset's tally, in place (reading the tally through the
    /// dictionary for each count copied it, arrays and all).
    static func count(_ row: GradeRow, into tally: inout Tally) {
        tally.marked += 1
        if row.grade < tally.grades.count { tally.grades[row.grade] += 1 }
        for (i, v) in row.verdicts.enumerated() where i < tally.met.count {
            if v == .met { tally.met[i] += 1 }
            if v == .partiallyMet { tally.partiallyMet[i] += 1 }
        }
    }

    mutating func count(_ applied: [ResultOverride], for key: String?) { overrides.add(applied, for: key) }

    static func share(_ n: Int, of total: Int) -> Double {
        total == 0 ? 0 : (Double(n) / Double(total) * 10_000).rounded() / 10_000
    }

    static func percent(_ n: Int, of total: Int) -> String {
        guard total > 0 else { return "–" }
        return String(format: "%.1f%%", Double(n) * 100 / Double(total))
    }

    /// The summary as text, for the diagnostics stream: it starts with a blank line.
    public func text() -> String {
        func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        var out = "\n" + plural(submissions, "submission") + ": \(marked) marked"
        if upToDate > 0 { out += " (\(upToDate) already up to date, \(markedNow) marked now)" }
        out += ", \(failed) failed"
        if interrupted { out += "; interrupted before every input was read" }
        out += "\n"
        for r in order {
            let tally = tallies[r]!
            let ruleset = tally.facts
            out += "\n" + TerminalText.escaped("\(ruleset.id) \(ruleset.version) (unit \(ruleset.unit)): \(tally.marked) marked") + "\n"
            out += "  grades: "
            out += ruleset.grades.enumerated().map { g, name in
                "\(TerminalText.escaped(name)) \(tally.grades[g]) (\(CohortSummary.percent(tally.grades[g], of: tally.marked)))"
            }.joined(separator: " · ")
            out += "\n"
            let width = max(14, ruleset.points.map(\.count).max() ?? 0)
            out += "  " + "marking point".padding(toLength: width, withPad: " ", startingAt: 0) + "      met  partially met\n"
            for (i, p) in ruleset.points.enumerated() {
                let met = CohortSummary.percent(tally.met[i], of: tally.marked)
                let partial = !ruleset.partial[i] ? "–" : CohortSummary.percent(tally.partiallyMet[i], of: tally.marked)
                out += "  " + TerminalText.escaped(p).padding(toLength: width, withPad: " ", startingAt: 0)
                out += String(repeating: " ", count: max(1, 9 - met.count)) + met
                out += String(repeating: " ", count: max(1, 15 - partial.count)) + partial + "\n"
            }
        }
        return out + overrides.text()
    }

    /// The trailer object for `--format json` (`summary/1`), one line with its line feed.
    public func json() -> String {
        var w = JSONWriter(pretty: false)
        w.beginObject()
        w.string("format", "summary/1")
        w.int("submissions", submissions)
        w.int("marked", marked)
        w.int("markedNow", markedNow)
        w.int("upToDate", upToDate)
        w.int("failed", failed)
        w.bool("interrupted", interrupted)
        w.beginArray("rulesets")
        for r in order {
            let tally = tallies[r]!
            let ruleset = tally.facts
            w.beginObject()
            w.string("id", ruleset.id)
            w.string("version", ruleset.version)
            w.string("sha256", ruleset.sha256)
            w.string("unit", ruleset.unit)
            w.int("marked", tally.marked)
            w.beginArray("grades")
            for (g, name) in ruleset.grades.enumerated() {
                w.beginObject()
                w.string("grade", name)
                w.int("count", tally.grades[g])
                w.endObject()
            }
            w.endArray()
            w.beginArray("points")
            for (i, p) in ruleset.points.enumerated() {
                w.beginObject()
                w.string("id", p)
                w.int("met", tally.met[i])
                w.int("partiallyMet", tally.partiallyMet[i])
                w.int("notMet", tally.marked - tally.met[i] - tally.partiallyMet[i])
                w.number("metShare", CohortSummary.share(tally.met[i], of: tally.marked))
                w.number("partiallyMetShare", CohortSummary.share(tally.partiallyMet[i], of: tally.marked))
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        overrides.write(&w)
        w.endObject()
        return w.output + "\n"
    }
}
