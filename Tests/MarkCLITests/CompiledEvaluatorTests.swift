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
        guard case .success(let submission) = EvidenceReader.submission(document, plan: EvidencePlan(for: ruleset)) else { return nil }
        var evaluator = Evaluator(ruleset: ruleset)
        let compiled = try evaluator.mark(submission)
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
}
