import Foundation
import MarkCore
import Testing

/// The compiled program and the tree walk are two separate paths through the same rules: every
/// sample and every submission of a generated cohort must get the same result from both,
/// verdicts, marks, cited evidence, feedback and next steps included.
@Suite struct CompiledEvaluatorTests {
    static let catalog = RulesetCatalog.load(MarkProcess.packageRoot + "/Rules")

    /// Marks a source both ways; nil when it cannot be read (the generator's malformed ones).
    func bothWays(_ source: SourceFile) throws -> (compiled: MarkingResult, tree: MarkingResult)? {
        guard case .success(let document) = EvidenceReader.open(source),
            case .success(let index) = Self.catalog.select(unit: document.unit, started: document.started)
        else { return nil }
        let ruleset = Self.catalog.rulesets[index]
        let plan = EvidencePlan(for: ruleset)
        guard case .success(let submission) = EvidenceReader.submission(document, plan: plan),
            case .success(let stored) = EvidenceReader.submission(document, plan: plan, store: EvidenceStore())
        else { return nil }
        var evaluator = Evaluator(ruleset: ruleset)
        // The compiled program over evidence read into a store (what `mark` runs) and over the
        // value tree give the same result.
        let compiled = try evaluator.mark(stored)
        #expect(try evaluator.mark(submission) == compiled, "\(source.path)")
        let tree = try evaluator.markByWalkingTheTree(submission)
        return (compiled, tree)
    }

    @Test func everySampleGetsTheSameResultBothWays() throws {
        let folder = MarkProcess.packageRoot + "/Samples"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        #expect(names.count >= 19)
        for name in names {
            let source = SourceFile(path: name, bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))))
            let pair = try #require(try bothWays(source), "\(name) should mark")
            #expect(pair.compiled == pair.tree, "\(name)")
        }
    }

    @Test func aGeneratedCohortGetsTheSameResultsBothWays() throws {
        let r = try MarkProcess.run(["--count", "600", "--ndjson", "--seed", "11", "--quality", "0.0-1.0"], executable: "mark-cohort")
        #expect(r.status == 0, "\(r.stderr)")
        var marked = 0
        var grades: Set<String> = []
        for (n, line) in r.stdout.split(separator: "\n").enumerated() {
            guard let pair = try bothWays(SourceFile(path: "line \(n + 1)", text: String(line))) else { continue }
            #expect(pair.compiled == pair.tree, "line \(n + 1)")
            marked += 1
            grades.insert(pair.compiled.ruleset.id + " " + pair.compiled.grade)
        }
        // Enough of the cohort marks, across units and grades, for the comparison to mean something.
        #expect(marked >= 500)
        #expect(grades.count >= 10, "\(grades.sorted())")
    }

    /// Counting over points (`at least N of (…) are …`) is compiled and walked alike, for each
    /// verdict test, under `and`, `or` and `not`.
    @Test func countingOverPointsGetsTheSameResultsBothWays() throws {
        var rules = """
            ruleset "count" {
              title "Count"
              version "1"
              unit "CNT"
              applies from 2025-01-01
            }
            evidence {
              kinds observation
              item {
                notes: optional text
              }
            }

            """
        for k in 1...3 {
            rules += "point p\(k) \"P\(k).\" {\n  marks \(k)\n  partial marks 1\n  met when count(items) >= \(k)\n  partially met when count(items) = \(k - 1)\n}\n"
        }
        rules += """
            grading {
              grades "Fail", "Pass", "Merit", "Distinction"
              grade "Pass" when at least 1 of (p1, p2, p3) are partially met
              grade "Merit" when at least 2 of (p1, p2, p3) are met or (total >= 4 and not (at least 2 of (p2, p3) are not met))
              grade "Distinction" when at least 3 of (p3, p2, p1) are met
            }
            """
        let outcome = Checker.check(source: SourceFile(path: "count.rules", text: rules))
        let ruleset = try #require(outcome.ruleset, "\(outcome.diagnostics.map(\.message))")
        var grades: [String] = []
        for n in 0...4 {
            let items = (0..<n).map { "{\"id\": \"E\($0)\", \"kind\": \"observation\", \"date\": \"2025-03-01\"}" }.joined(separator: ", ")
            let json = """
                {"format": "evidence/1", "learner": {"id": "L-1", "name": "L"}, "unit": "CNT", "started": "2025-02-01",
                 "submitted": "2025-06-01", "assessor": "A", "items": [\(items)]}
                """
            guard case .success(let document) = EvidenceReader.open(SourceFile(path: "s.json", text: json)),
                case .success(let submission) = EvidenceReader.submission(document, plan: EvidencePlan(for: ruleset))
            else {
                Issue.record("submission with \(n) items does not read")
                continue
            }
            var evaluator = Evaluator(ruleset: ruleset)
            let compiled = try evaluator.mark(submission)
            let tree = try evaluator.markByWalkingTheTree(submission)
            #expect(compiled == tree, "\(n) items")
            grades.append(compiled.grade)
        }
        #expect(grades == ["Pass", "Pass", "Merit", "Distinction", "Distinction"])
    }
}
