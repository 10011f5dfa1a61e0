import Foundation
import Testing

@testable import MarkCore

/// Running rule tests: submissions by path or inline, changes, expectations, failures that
/// name the deciding rule, coverage, and the shipped tests.
@Suite struct AuthoringRunnerTests {
    static let rules = """
        ruleset "test" {
          title "Test"
          version "1.0.0"
          unit "T-1"
          applies from 2025-01-01
        }

        """ + Fixtures.evidence + """
        define ok(i: item) = i.verified_by.signed and i.verified_by.role != "learner"

        point p "P" {
          marks 2
          partial marks 1
          required for "Pass"
          let n = count(i in items where ok(i) and (i.score otherwise 0) >= 5)
          met when n >= 2
          partially met when n = 1
        }

        point q "Q" {
          marks 2
          met when any(i in items where ok(i) and count(i.tags) >= 1)
        }

        point r "R" {
          marks 1
          met when any(i in items where ok(i) and i.kind = "witness_testimony")
        }

        grading {
          grades "Fail", "Pass", "Merit"
          floor q at met
          grade "Pass" when total >= 2
          grade "Merit" when total >= 5
        }

        """

    /// A folder holding `unit.rules`, `sample.json` and the given `unit.tests`.
    static func folder(tests: String) throws -> String {
        let folder = NSTemporaryDirectory() + "mark-authoring-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try rules.write(toFile: folder + "/unit.rules", atomically: true, encoding: .utf8)
        let sample = Fixtures.submissionJSON([
            Fixtures.item("E1", extra: "\"score\": 7, \"tags\": [\"a\"]"),
            Fixtures.item("E2", extra: "\"score\": 9"),
            Fixtures.item("E3", role: "learner", extra: "\"score\": 9"),
        ])
        try sample.write(toFile: folder + "/sample.json", atomically: true, encoding: .utf8)
        try tests.write(toFile: folder + "/unit.tests", atomically: true, encoding: .utf8)
        return folder
    }

    static func run(_ tests: String) throws -> (RuleTestFileResult, RuleTestRunner, String) {
        let folder = try folder(tests: tests)
        var runner = RuleTestRunner()
        let result = runner.run(path: folder + "/unit.tests")
        return (result, runner, folder)
    }

    @Test func passingCasesFromAFileWithChanges() throws {
        let (result, runner, folder) = try Self.run(
            """
            case "sample" {
              submission "sample.json"
              expect grade "Pass"
              expect total 4
              expect p met
              expect q met
              expect r not met
            }
            case "one score too low" from "sample" {
              change "$.items[1].score" to 4
              expect p partially met
              expect total 3
              # p is required for Pass.
              expect grade "Fail"
            }
            case "no tags: the floor fails" from "sample" {
              remove "$.items[0].tags"
              expect q not met
              expect grade "Fail"
            }
            case "a new item" from "one score too low" {
              change "$.items[3]" to {"id": "E4", "kind": "witness_testimony", "date": "2025-03-02", "verified_by": {"role": "witness", "signed": true}, "score": 5}
              expect p met
              expect r met
              expect total 5
              expect grade "Merit"
            }
            """)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(result.problems.isEmpty, "\(result.problems.map(\.message))")
        #expect(result.cases.map(\.passed) == [true, true, true, true], "\(result.cases.flatMap(\.diagnostics).map(\.message))")
        #expect(result.passed == 4 && result.failed == 0)
        #expect(result.rulesetPath == RuleLoader.normalise(folder + "/unit.rules"))
        #expect(runner.casesRun[result.rulesetPath] == 4)
    }

    @Test func aFailureNamesTheCaseThePointAndTheDecidingCondition() throws {
        let (result, runner, folder) = try Self.run(
            """
            case "sample" {
              submission "sample.json"
              expect p partially met
              expect q met
            }
            """)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(result.failed == 1)
        let c = result.cases[0]
        #expect(!c.passed)
        #expect(c.mismatches.count == 1)
        let m = c.mismatches[0]
        #expect(m.point == "p" && m.expected == "partially met" && m.actual == "met")
        // The actual verdict is higher, so the condition that held decided it: 'met when n >= 2'.
        let rules = runner.sources[RuleLoader.normalise(folder + "/unit.rules")]!
        let line = rules.lineText(m.decidedBy?.line ?? 0)
        #expect(line == "  met when n >= 2")
        #expect(m.decidedBy?.column == 12)
        #expect(c.diagnostics[0].message == "case \"sample\": p is met, expected partially met")
        #expect(c.diagnostics[1].severity == .note)
        #expect(c.diagnostics[1].message == "decided by 'met when n >= 2', which held (n = 2)")
        let text = DiagnosticRenderer().render(c.diagnostics, sources: runner.sources)
        #expect(text.contains("unit.tests:3:3: error: case \"sample\": p is met, expected partially met"))
        #expect(text.contains("   |   met when n >= 2\n") || text.contains("|   met when n >= 2"))
    }

    @Test func aGradeFailureNamesTheFloorTheRequiredPointOrTheRule() throws {
        let (result, _, folder) = try Self.run(
            """
            case "floor" {
              submission "sample.json"
              remove "$.items[0].tags"
              expect grade "Merit"
            }
            case "required" {
              submission "sample.json"
              change "$.items[0].score" to 1
              change "$.items[1].score" to 1
              change "$.items[0].verified_by.role" to "witness"
              expect grade "Pass"
            }
            case "rule" {
              submission "sample.json"
              expect grade "Merit"
            }
            case "too high" {
              submission "sample.json"
              change "$.items[1].kind" to "witness_testimony"
              expect grade "Pass"
            }
            """)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let messages = result.cases.map { $0.diagnostics.map(\.message) }
        #expect(messages[0].last == "decided by the floor 'q at met': q is not met, so the grade is Fail", "\(messages[0])")
        #expect(messages[1].last == "decided by point 'p', required for \"Pass\", which is not met", "\(messages[1])")
        #expect(messages[2].last == "decided by the rule for \"Merit\", which did not hold (total = 4)", "\(messages[2])")
        #expect(messages[3].last == "decided by the rule for \"Merit\", which held (total = 5)", "\(messages[3])")
        #expect(result.cases.allSatisfy { !$0.passed })
    }

    @Test func inlineSubmissionsAndTheirProblemsPointIntoTheTestFile() throws {
        let (result, runner, folder) = try Self.run(
            """
            case "inline" {
              submission {"format": "evidence/1", "learner": {"id": "L-1"}, "unit": "T-1",
                "started": "2025-02-01", "submitted": "2025-12-01", "assessor": "A-1",
                "items": [{"id": "E1", "kind": "observation", "date": "2025-03-01",
                           "verified_by": {"role": "assessor", "signed": true}, "score": 8, "tags": ["t"]}]}
              expect p partially met
              expect q met
            }
            case "bad date" {
              submission {"format": "evidence/1", "learner": {"id": "L-1"}, "unit": "T-1",
                "started": "2025-02-01", "submitted": "2025-12-01", "assessor": "A-1",
                "items": [{"id": "E1", "kind": "observation", "date": "2025-13-01",
                           "verified_by": {"role": "assessor", "signed": true}}]}
              expect p not met
            }
            case "bad change" {
              submission "sample.json"
              change "$.items[7].score" to 1
              expect p met
            }
            case "missing file" {
              submission "nowhere.json"
              expect p met
            }
            """)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(result.cases[0].passed, "\(result.cases[0].diagnostics.map(\.message))")
        let badDate = DiagnosticRenderer().render(result.cases[1].diagnostics, sources: runner.sources)
        #expect(badDate.contains("unit.tests:12:59: error: $.items[0].date: \"2025-13-01\" is not a real date"), "\(badDate)")
        #expect(badDate.contains("case \"bad date\": the submission is not valid evidence"))
        let badChange = result.cases[2].diagnostics.map(\.message)
        #expect(badChange == ["case \"bad change\": $.items has 3 elements; there is no [7]"])
        #expect(result.cases[3].diagnostics.first?.message.contains("cannot read the submission") == true)
        #expect(result.passed == 1 && result.failed == 3)
    }

    @Test func unknownPointsGradesAndNeverPartialPoints() throws {
        let (result, _, folder) = try Self.run(
            """
            case "names" {
              submission "sample.json"
              expect pp met
              expect grade "Distinction"
              expect q partially met
            }
            case "fine" {
              submission "sample.json"
              expect q met
            }
            """)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let messages = result.cases[0].diagnostics.map(\.message)
        #expect(messages.contains("ruleset 'test' has no marking point 'pp'; did you mean 'p'?"), "\(messages)")
        #expect(messages.contains("ruleset 'test' has no grade \"Distinction\" (its grades: Fail, Pass, Merit)"), "\(messages)")
        #expect(messages.contains("point 'q' has no 'partially met when', so it is never partially met"), "\(messages)")
        #expect(result.cases.map(\.passed) == [false, true])
    }

    @Test func aFileWithSyntaxErrorsOrABrokenRulesetIsNotRun() throws {
        let (syntax, _, folder) = try Self.run("case \"a\" {\n  submission \"sample.json\"\n  expect p met\n  nonsense\n}\n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(!syntax.problems.isEmpty)
        #expect(syntax.passed == 0 && syntax.failed == 1)
        try "ruleset \"x\" {\n".write(toFile: folder + "/broken.rules", atomically: true, encoding: .utf8)
        try "ruleset \"broken.rules\"\ncase \"a\" {\n  submission \"sample.json\"\n  expect p met\n}\n".write(toFile: folder + "/other.tests", atomically: true, encoding: .utf8)
        var runner = RuleTestRunner()
        let broken = runner.run(path: folder + "/other.tests")
        #expect(broken.failed == 1)
        #expect(broken.problems.contains { $0.path.hasSuffix("broken.rules") })
        try "ruleset \"missing.rules\"\ncase \"a\" {\n  submission \"sample.json\"\n  expect p met\n}\n".write(toFile: folder + "/third.tests", atomically: true, encoding: .utf8)
        let missing = runner.run(path: folder + "/third.tests")
        #expect(missing.problems.map(\.message).contains { $0.hasPrefix("no such ruleset") })
    }

    @Test func theShippedTestsPassAndCoverEveryShippedRuleset() throws {
        let folder = Golden.packageRoot + "/Rules"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".tests") }.sorted()
        let rulesets = RulesetCatalog.load(folder).rulesets
        #expect(files.count == rulesets.count, "every shipped ruleset has a .tests file")
        var runner = RuleTestRunner()
        for file in files {
            let result = runner.run(path: folder + "/" + file)
            #expect(result.problems.isEmpty, "\(file): \(result.problems.map(\.message))")
            for c in result.cases where !c.passed {
                Issue.record("\(file): \(c.name): \(c.diagnostics.map(\.message))")
            }
        }
        for ruleset in rulesets {
            let path = RuleLoader.normalise(ruleset.sources[0].path)
            guard let explainer = runner.explainers[path] else {
                Issue.record("no tests mark with \(path)")
                continue
            }
            let report = CoverageReport(ruleset: explainer.ruleset, trace: explainer.trace, cases: runner.casesRun[path] ?? 0)
            #expect(report.isComplete, "\(report.render())")
            // Every point's verdicts, both ways, are among the outcomes.
            #expect(report.total >= ruleset.points.count * 4)
        }
    }
}
