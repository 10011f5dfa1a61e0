@testable import MarkCore

/// Marks one submission twice: by the compiled program (what `mark` runs) and by walking the
/// checked tree (what the explainer runs), so that a boundary test covers both evaluators.
enum BothPaths {
    static let twoGrades = """
        grading {
          grades "Fail", "Pass"
          grade "Pass" when total >= 1
        }
        """

    static func submission(_ ruleset: Ruleset, _ json: String) throws -> Submission {
        let source = SourceFile(path: "s.json", text: json)
        return try EvidenceReader.open(source).flatMap { EvidenceReader.submission($0, schema: ruleset.schema) }.get()
    }

    /// The submission read into an evidence store, as `mark` reads it.
    static func stored(_ ruleset: Ruleset, _ json: String, _ store: EvidenceStore) throws -> Submission {
        let source = SourceFile(path: "s.json", text: json)
        return try EvidenceReader.open(source).flatMap { EvidenceReader.submission($0, plan: EvidencePlan(ruleset.schema), store: store) }.get()
    }

    /// The result by the program (over evidence read into a store, as `mark` marks) and by the
    /// tree walk (over the value tree, as the explainer marks).
    static func mark(_ ruleset: Ruleset, _ json: String) throws -> (program: MarkingResult, tree: MarkingResult) {
        let s = try submission(ruleset, json)
        var evaluator = Evaluator(ruleset: ruleset)
        let program = try evaluator.mark(stored(ruleset, json, EvidenceStore()))
        var walker = Evaluator(ruleset: ruleset)
        let tree = try walker.markByWalkingTheTree(s)
        return (program, tree)
    }

    /// Whether `condition` (a point's `met when`) holds, by each path.
    static func holds(_ condition: String, _ items: [String] = [], started: String = "2025-02-01", submitted: String = "2025-12-01") throws -> [Bool] {
        let r = Fixtures.ruleset("point p \"P\" {\n  marks 1\n  met when \(condition)\n}\n" + twoGrades)
        let (a, b) = try mark(r, Fixtures.submissionJSON(items, started: started, submitted: submitted))
        return [a.points[0].verdict == .met, b.points[0].verdict == .met]
    }

    /// The value of a number or date expression as feedback prints it, by each path.
    static func value(_ expression: String, _ items: [String] = [], started: String = "2025-02-01", submitted: String = "2025-12-01") throws -> [String] {
        let r = Fixtures.ruleset("point p \"P\" {\n  marks 1\n  let v = \(expression)\n  met when count(items) >= 0\n  feedback met \"{v}\"\n}\n" + twoGrades)
        let (a, b) = try mark(r, Fixtures.submissionJSON(items, started: started, submitted: submitted))
        return [a.points[0].feedback, b.points[0].feedback]
    }
}
