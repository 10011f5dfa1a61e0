import Foundation

/// Assessors' overrides of the engine's decisions, read from a CSV file with a header row
/// naming the columns `learner`, `unit`, `point`, `verdict`, `grade`, `assessor`, `date` and
/// `rationale` (any order, any case). A row overrides one decision: a marking point's verdict
/// (`point` and `verdict` filled, `grade` empty) or the grade (`grade` filled, `point` and
/// `verdict` empty); `assessor`, `date` (YYYY-MM-DD) and `rationale` are required.
/// docs/governance.md describes the file.
public struct OverrideSheet: Sendable {
    /// One row: one override.
    public struct Entry: Sendable {
        /// The 1-based line the row starts on.
        public var line: Int
        /// The learner's id and the unit the override is for.
        public var learner: String
        public var unit: String
        /// The point (its verdict) or the grade.
        public var target: ResultOverride.Target
        /// The assessor's verdict, for a point.
        public var verdict: VerdictLevel?
        /// The assessor's grade, for the grade.
        public var grade: String?
        /// Who, when and why.
        public var assessor: String
        public var date: String
        public var rationale: String
        /// Byte range of the point or grade cell, and of the learner cell, for messages.
        public var targetRange: Range<Int>
        public var learnerRange: Range<Int>
    }

    /// The columns every overrides file has.
    public static let columns = ["learner", "unit", "point", "verdict", "grade", "assessor", "date", "rationale"]

    /// The CSV file.
    public var source: SourceFile
    /// The rows, in file order.
    public var entries: [Entry]
    /// Entry indices by learner and unit.
    private var byKey: [String: [Int]] = [:]

    static func key(_ learner: String, _ unit: String) -> String { learner + "\u{0}" + unit }

    /// A warning at each override whose learner and unit no submission of the run had
    /// (`applied`: `OverrideTally.applied`), so a mistyped learner id is not missed.
    public func unapplied(_ applied: Set<String>) -> [Diagnostic] {
        entries.filter { !applied.contains(OverrideSheet.key($0.learner, $0.unit)) }.map {
            Diagnostic(
                .warning, id: "override-not-applied",
                "no submission of learner '\($0.learner)' for unit '\($0.unit)' was marked in this run; this override was not applied",
                path: source.path, range: $0.learnerRange)
        }
    }

    /// Whether any override is for this learner and unit.
    public func has(learner: String, unit: String) -> Bool { byKey[OverrideSheet.key(learner, unit)] != nil }

    /// Reads an overrides file, checking each row against the rulesets of `catalog`: the unit
    /// must be marked by one of them, the point must be one of its points and the grade one of
    /// its grades. Every problem is a diagnostic at its cell.
    public static func read(_ source: SourceFile, catalog: RulesetCatalog) -> Result<OverrideSheet, DiagnosticList> {
        let table: CSVTable
        switch CSVReader.read(source) {
        case .failure(let list): return .failure(list)
        case .success(let t): table = t
        }
        var problems: [Diagnostic] = []
        func problem(_ message: String, _ range: Range<Int>) {
            problems.append(Diagnostic(.error, id: "bad-override", message, path: source.path, range: range))
        }
        var column: [String: Int] = [:]
        for (i, raw) in table.header.fields.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            let range = table.header.ranges[i]
            guard columns.contains(name) else {
                problem("unknown column '\(raw)'" + Suggestion.didYouMean(name, among: columns) + "; an overrides file has the columns \(columns.joined(separator: ", "))", range)
                continue
            }
            if column[name] != nil { problem("the header names column '\(name)' twice", range) }
            column[name] = i
        }
        let missing = columns.filter { column[$0] == nil }
        if !missing.isEmpty {
            problem("the header has no \(missing.map { "'\($0)'" }.joined(separator: ", ")) column\(missing.count == 1 ? "" : "s"); an overrides file has the columns \(columns.joined(separator: ", "))", table.header.start..<table.header.start + 1)
        }
        guard problems.isEmpty else { return .failure(DiagnosticList(problems)) }
        var sheet = OverrideSheet(source: source, entries: [])
        var first: [String: Int] = [:]
        for row in table.rows {
            func cell(_ name: String) -> String { row.fields[column[name]!].trimmingCharacters(in: .whitespaces) }
            func range(_ name: String) -> Range<Int> { row.ranges[column[name]!] }
            let line = table.line(of: row)
            let learner = cell("learner"), unit = cell("unit"), point = cell("point"), verdictText = cell("verdict"), grade = cell("grade")
            let before = problems.count
            if learner.isEmpty { problem("this override has no learner id", range("learner")) }
            let rulesets = catalog.rulesets.filter { $0.unit == unit }
            if unit.isEmpty {
                problem("this override has no unit", range("unit"))
            } else if rulesets.isEmpty {
                problem("no ruleset marks unit '\(unit)'" + Suggestion.didYouMean(unit, among: Set(catalog.rulesets.map(\.unit)).sorted()), range("unit"))
            }
            var target = ResultOverride.Target.grade
            var verdict: VerdictLevel?
            if !point.isEmpty && !grade.isEmpty {
                problem("a row overrides one decision: a point (with 'point' and 'verdict') or the grade, not both", range("grade"))
            } else if !point.isEmpty {
                target = .point(point)
                let points = rulesets.flatMap(\.points)
                if verdictText.isEmpty {
                    problem("the override of point '\(point)' has no verdict; write met, partially met or not met", range("verdict"))
                } else if let v = VerdictWords.parse(verdictText) {
                    verdict = v
                } else {
                    problem("'\(verdictText)' is not a verdict; write met, partially met or not met" + Suggestion.didYouMean(verdictText, among: ["met", "partially met", "not met"]), range("verdict"))
                }
                if !rulesets.isEmpty, !points.contains(where: { $0.id == point }) {
                    problem("the ruleset for unit '\(unit)' has no marking point '\(point)'" + Suggestion.didYouMean(point, among: points.map(\.id)), range("point"))
                } else if verdict == .partiallyMet, !points.contains(where: { $0.id == point && $0.partiallyMet != nil }) {
                    problem("point '\(point)' cannot be partially met (its ruleset has no partially met level); write met or not met", range("verdict"))
                }
            } else if !grade.isEmpty {
                if !verdictText.isEmpty { problem("a verdict needs the point it overrides, in the 'point' column; a grade override leaves 'verdict' empty", range("verdict")) }
                let grades = rulesets.flatMap(\.grading.grades)
                if !rulesets.isEmpty, !grades.contains(grade) {
                    problem("'\(grade)' is not a grade of unit '\(unit)'" + Suggestion.didYouMean(grade, among: grades), range("grade"))
                }
            } else {
                problem("this row overrides nothing: give a point and its verdict, or a grade", range(verdictText.isEmpty ? "point" : "verdict"))
            }
            let assessor = cell("assessor"), date = cell("date"), rationale = cell("rationale")
            if assessor.isEmpty { problem("an override needs the id of the assessor who made it", range("assessor")) }
            if date.isEmpty {
                problem("an override needs the date it was made, as YYYY-MM-DD", range("date"))
            } else if CalendarDate(date) == nil {
                problem("'\(date)' is not a date as YYYY-MM-DD", range("date"))
            }
            if rationale.isEmpty { problem("an override needs a rationale: say why the engine's decision is overridden", range("rationale")) }
            guard problems.count == before else { continue }
            let k = key(learner, unit) + "\u{0}" + (point.isEmpty ? "" : "point:" + point)
            if let earlier = first[k] {
                problem("a second override of the same decision for learner '\(learner)' (the first is on line \(earlier)); keep one", point.isEmpty ? range("grade") : range("point"))
                continue
            }
            first[k] = line
            sheet.byKey[key(learner, unit), default: []].append(sheet.entries.count)
            sheet.entries.append(
                Entry(
                    line: line, learner: learner, unit: unit, target: target, verdict: verdict, grade: point.isEmpty ? grade : nil,
                    assessor: assessor, date: date, rationale: rationale, targetRange: point.isEmpty ? range("grade") : range("point"),
                    learnerRange: range("learner")))
        }
        return problems.isEmpty ? .success(sheet) : .failure(DiagnosticList(problems))
    }

    /// Applies the overrides for the result's learner and unit, point overrides in the ruleset's
    /// point order, then the grade. The engine's decisions are left as they are; the overrides
    /// are recorded beside them. Problems (a point or grade the version of the ruleset that
    /// marked the submission does not have) are diagnostics in the overrides file.
    public func apply(to result: inout MarkingResult, ruleset: Ruleset) -> [Diagnostic] {
        guard let indices = byKey[OverrideSheet.key(result.learnerID, result.unit)] else { return [] }
        var problems: [Diagnostic] = []
        var points: [(Int, ResultOverride)] = []
        var grade: ResultOverride?
        for i in indices {
            let e = entries[i]
            let which = "\(ruleset.id) \(ruleset.version), which marked this learner's submission,"
            switch e.target {
            case .point(let id):
                guard let p = result.points.firstIndex(where: { $0.id == id }), let verdict = e.verdict else {
                    problems.append(Diagnostic(.error, id: "bad-override", "\(which) has no marking point '\(id)'", path: source.path, range: e.targetRange))
                    continue
                }
                points.append((p, ResultOverride(target: e.target, engine: result.points[p].verdict.words, decision: verdict.words, assessor: e.assessor, date: e.date, rationale: e.rationale)))
            case .grade:
                guard let g = e.grade, ruleset.grading.grades.contains(g) else {
                    problems.append(Diagnostic(.error, id: "bad-override", "\(which) has no grade '\(e.grade ?? "")'", path: source.path, range: e.targetRange))
                    continue
                }
                grade = ResultOverride(target: .grade, engine: result.grade, decision: g, assessor: e.assessor, date: e.date, rationale: e.rationale)
            }
        }
        guard problems.isEmpty else { return problems }
        result.overrides = points.sorted { $0.0 < $1.0 }.map(\.1) + (grade.map { [$0] } ?? [])
        return []
    }
}
