@testable import MarkCore

/// Builds rulesets and submissions from inline text for unit tests.
enum Fixtures {
    /// A small evidence declaration used by inline rulesets.
    static let evidence = """
        evidence {
          kinds observation, witness_testimony, reflective_account
          enum role { assessor, witness, learner }
          record verification {
            role: role
            signed: boolean
          }
          record follow_up {
            personalised: boolean
            date: date
          }
          item {
            verified_by: verification
            score: optional number
            notes: optional text
            tags: list of text
            follow_up: optional follow_up
          }
        }

        """

    static func header(_ unit: String = "T-1") -> String {
        """
        ruleset "test" {
          title "Test"
          version "1.0.0"
          unit "\(unit)"
          applies from 2025-01-01
        }

        """
    }

    /// Checks a ruleset made of the header, the evidence declaration and `body`.
    static func ruleset(_ body: String) -> Ruleset {
        let outcome = Checker.check(source: SourceFile(path: "test.rules", text: header() + evidence + body))
        guard let r = outcome.ruleset else {
            fatalError("fixture ruleset does not check: \(outcome.diagnostics.map(\.message))")
        }
        return r
    }

    /// Diagnostics for a ruleset body that is expected to fail.
    static func diagnostics(_ body: String) -> [Diagnostic] {
        Checker.check(source: SourceFile(path: "test.rules", text: header() + evidence + body)).diagnostics
    }

    /// A submission JSON with the given items (JSON objects as text).
    static func submissionJSON(_ items: [String], unit: String = "T-1", started: String = "2025-02-01", submitted: String = "2025-12-01") -> String {
        """
        {"format": "evidence/1", "learner": {"id": "L-1", "name": "Test Learner"}, "unit": "\(unit)",
         "started": "\(started)", "submitted": "\(submitted)", "assessor": "A-1",
         "items": [\(items.joined(separator: ",\n"))]}
        """
    }

    static func item(_ id: String, kind: String = "observation", date: String = "2025-03-01", role: String = "assessor", signed: Bool = true, extra: String = "") -> String {
        """
        {"id": "\(id)", "kind": "\(kind)", "date": "\(date)", "verified_by": {"role": "\(role)", "signed": \(signed)}\(extra.isEmpty ? "" : ", " + extra)}
        """
    }

    /// Reads and marks a submission with a ruleset.
    static func mark(_ ruleset: Ruleset, _ json: String) throws -> MarkingResult {
        let source = SourceFile(path: "s.json", text: json)
        let submission = try EvidenceReader.open(source).flatMap { EvidenceReader.submission($0, schema: ruleset.schema) }.get()
        var evaluator = Evaluator(ruleset: ruleset)
        return try evaluator.mark(submission)
    }
}
