import Foundation
import Testing

@testable import MarkCore

/// Mutation testing on a mark sheet and an end-point assessment: a computed mark's marks per
/// unit and maximum, floors in marks, components' rules and `at least N components` are each
/// mutated as written, and the conditions the checker makes for a computed mark are not.
@Suite struct ComputedMutationTests {
    static func mutants(_ text: String) throws -> [RuleMutant] {
        MutantGenerator(ruleset: try ComputedAnalysisTests.ruleset(text)).mutants()
    }

    @Test func aMarkSheetMutatesItsMarksPerUnitItsMaximumAndItsFloorsInMarks() throws {
        let mutants = try Self.mutants(ComputedAnalysisTests.sheet())
        let changes = Set(mutants.map { "\($0.original) → \($0.mutated)" })
        for expected in [
            "marks 5 per qualifying_items, at most 15 → marks 6 per qualifying_items, at most 15",
            "marks 5 per qualifying_items, at most 15 → marks 4 per qualifying_items, at most 15",
            "marks 5 per qualifying_items, at most 15 → marks 5 per qualifying_items, at most 16",
            "marks 5 per qualifying_items, at most 15 → marks 5 per qualifying_items, at most 14",
            "floor ac1 at 10 marks → floor ac1 at 11 marks",
            "floor ac3 at 10 marks → floor ac3 at 9 marks",
        ] {
            #expect(changes.contains(expected), "\(expected) in \(changes.sorted())")
        }
        #expect(mutants.allSatisfy { $0.original != $0.mutated }, "\(mutants.filter { $0.original == $0.mutated }.map(\.original))")
        // The met/partially met conditions made from the marks are not mutated on their own.
        #expect(!mutants.contains { $0.kind == .verdictLevel && $0.original.hasPrefix("met when") }, "\(changes.sorted())")
        #expect(!mutants.contains { $0.mutated == "4" || $0.mutated == "2" }, "\(changes.sorted())")
    }

    @Test func aMutatedMarkScaleAndFloorMarkDifferently() throws {
        let ruleset = try ComputedAnalysisTests.ruleset(ComputedAnalysisTests.sheet())
        let submission = try ComputedAnalysisTests.submission(ComputedAnalysisTests.sheetItems([2, 2, 2]), ruleset)
        var original = Evaluator(ruleset: ruleset)
        let before = try original.mark(submission)
        #expect(before.grade == "Pass")
        #expect(before.total == Marks(30))
        let mutants = try Self.mutants(ComputedAnalysisTests.sheet())
        func marked(_ mutated: String) throws -> MarkingResult {
            let m = try #require(mutants.first { $0.mutated == mutated }, "\(mutated)")
            var e = Evaluator(ruleset: m.applied(to: ruleset))
            return try e.mark(submission)
        }
        // 6 marks per item: ac1 gives 12 (two items), the total 32.
        #expect(try marked("marks 6 per qualifying_items, at most 15").total == Marks(32))
        // A floor of 11 marks on ac1 holds the grade at Referral with 10.
        #expect(try marked("floor ac1 at 11 marks").grade == "Referral")
        // At most 14: three items still give 14, and ac1 is met at three units as before.
        let capped = try #require(mutants.first { $0.mutated == "marks 5 per qualifying_items, at most 14" })
        var e = Evaluator(ruleset: capped.applied(to: ruleset))
        let full = try e.mark(try ComputedAnalysisTests.submission(ComputedAnalysisTests.sheetItems([3, 2, 2]), ruleset))
        #expect(full.points[0].marks == Marks(14))
        #expect(full.points[0].verdict == .met)
    }

    @Test func componentsAreMutatedAsWritten() throws {
        let mutants = try Self.mutants(ComputedAnalysisTests.epa())
        let changes = Set(mutants.map { "\($0.original) → \($0.mutated)" })
        for expected in [
            #"at least 2 components are "Distinction" → at least 3 components are "Distinction""#,
            #"at least 2 components are "Distinction" → at least 1 components are "Distinction""#,
            #"at least 2 components are "Distinction" → at least 2 components are "Pass""#,
            "obs is partially met → obs is met",
            "pd is met → pd is partially met",
        ] {
            #expect(changes.contains(expected), "\(expected) in \(changes.sorted())")
        }
        #expect(mutants.allSatisfy { $0.original != $0.mutated }, "\(mutants.filter { $0.original == $0.mutated }.map(\.original))")
        // A component rule's mutant changes that component's grade.
        let ruleset = try ComputedAnalysisTests.ruleset(ComputedAnalysisTests.epa())
        let m = try #require(mutants.first { $0.original == "pd is met" && $0.mutated == "pd is partially met" })
        let s = try ComputedAnalysisTests.submission(ComputedAnalysisTests.epaItems([2, 1, 1]), ruleset)
        var plain = Evaluator(ruleset: ruleset), mutated = Evaluator(ruleset: m.applied(to: ruleset))
        #expect(try plain.mark(s).components[1].grade == "Pass")
        #expect(try mutated.mark(s).components[1].grade == "Distinction")
        #expect(try mutated.mark(s).grade == "Distinction", "two Distinctions now")
    }

    /// A folder with the end-point assessment, a submission with levels 1, 1, 2 (Pass, with a
    /// Distinction in the portfolio) and `tests`.
    static func epaFolder(_ tests: String) throws -> String {
        let folder = NSTemporaryDirectory() + "mark-component-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try ComputedAnalysisTests.epa().write(toFile: folder + "/epa.rules", atomically: true, encoding: .utf8)
        let json = """
            {"format": "evidence/1", "learner": {"id": "L-1"}, "unit": "S-1", "started": "2025-09-01",
             "submitted": "2026-03-01", "assessor": "A-1", "items": [\(ComputedAnalysisTests.epaItems([1, 1, 2]).joined(separator: ", "))]}
            """
        try json.write(toFile: folder + "/s.json", atomically: true, encoding: .utf8)
        try tests.write(toFile: folder + "/epa.tests", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func aRuleTestExpectsAComponentsGrade() throws {
        let folder = try Self.epaFolder(
            """
            case "portfolio distinction" {
              submission "s.json"
              expect grade "Pass"
              expect component portfolio "Distinction"
              expect component observation "Pass"
            }
            case "wrong" {
              submission "s.json"
              expect component discussion "Distinction"
            }
            """)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var runner = RuleTestRunner()
        let result = runner.run(path: folder + "/epa.tests")
        #expect(result.problems.isEmpty, "\(result.problems.map(\.message))")
        #expect(result.cases.map(\.passed) == [true, false])
        #expect(result.cases.last?.diagnostics.first?.message == "case \"wrong\": component discussion is Pass, expected Distinction")
    }

    @Test func aComponentOrGradeTheRulesetLacksIsAnError() throws {
        let folder = try Self.epaFolder(
            """
            case "typos" {
              submission "s.json"
              expect component portfolo "Pass"
              expect component observation "Merit"
            }
            """)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var runner = RuleTestRunner()
        let result = runner.run(path: folder + "/epa.tests")
        let messages = (result.problems + result.cases.flatMap(\.diagnostics)).map(\.message)
        #expect(messages.contains("ruleset 'sheet' has no component 'portfolo'; did you mean 'portfolio'?"), "\(messages)")
        #expect(messages.contains("component 'observation' has no grade \"Merit\" (its grades: Fail, Pass, Distinction)"), "\(messages)")
        #expect(result.failed == 1)
    }

    @Test func componentExpectationsKillComponentMutants() throws {
        let plain = """
            case "portfolio distinction" {
              submission "s.json"
              expect grade "Pass"
            }
            """
        let withComponents = """
            case "portfolio distinction" {
              submission "s.json"
              expect grade "Pass"
              expect component portfolio "Distinction"
              expect component discussion "Pass"
            }
            """
        var killed: [Int] = []
        for tests in [plain, withComponents] {
            let folder = try Self.epaFolder(tests)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            var tester = MutationTester()
            let report = try tester.run(path: folder + "/epa.tests").get()
            killed.append(report.killed)
        }
        #expect(killed[1] > killed[0], "the components' expectations kill more mutants: \(killed)")
    }
}
