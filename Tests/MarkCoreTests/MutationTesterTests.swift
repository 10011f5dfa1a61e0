import Foundation
import Testing

@testable import MarkCore

/// Mutation testing of rule tests: the mutants made, which cases kill them, the score.
@Suite struct MutationTesterTests {
    static func run(_ name: String) -> Result<MutationTester.Report, MutationTester.Failure> {
        var tester = MutationTester()
        return tester.run(path: Golden.packageRoot + "/Tests/fixtures/analysis/" + name)
    }

    @Test func theStrongTestsLeaveOnlyTheEquivalentMutant() throws {
        let report = try Self.run("prompt-replies.tests").get()
        #expect(report.mutants.count == 15)
        #expect(report.killed == 14)
        #expect(report.cases == 4)
        // The one survivor is explained by the file's `equivalent` statement, so not reported.
        #expect(report.survivors.isEmpty)
        #expect(report.equivalent == 1)
        #expect(report.equivalents.map(\.explains.count) == [1])
        #expect(report.equivalents.first?.explains.first?.survivorMessage == "no test fails if 'total >= 2' becomes 'total >= 1' at line 27")
        #expect(report.staleEquivalents.isEmpty)
        #expect(report.score == 1)
        #expect(report.summary.contains("15 mutants, 14 killed, 0 survived, 1 equivalent (score 100%)"), "\(report.summary)")
    }

    @Test func anEquivalentStatementForAKilledMutantIsStale() throws {
        let folder = NSTemporaryDirectory() + "mark-mutate-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fixtures = Golden.packageRoot + "/Tests/fixtures/analysis/"
        try FileManager.default.copyItem(atPath: fixtures + "prompt-replies.rules", toPath: folder + "/prompt-replies.rules")
        let tests = try String(contentsOfFile: fixtures + "prompt-replies.tests", encoding: .utf8)
            + "equivalent \"quick >= 2\" to \"quick >= 3\" because \"it is not\"\n"
        try tests.write(toFile: folder + "/prompt-replies.tests", atomically: true, encoding: .utf8)
        var tester = MutationTester()
        let report = try tester.run(path: folder + "/prompt-replies.tests").get()
        // 'quick >= 3' is killed, so the statement explains nothing and is reported; the
        // killed mutant still counts as killed.
        #expect(report.staleEquivalents.map(\.mutated) == ["quick >= 3"])
        #expect(report.killed == 14)
        #expect(report.equivalent == 1)
        let stale = report.survivorDiagnostics.filter { $0.id == "equivalent-stale" }
        #expect(stale.map(\.message) == ["no surviving mutant changes 'quick >= 2' to 'quick >= 3'; remove this statement or correct its text"])
        #expect(stale.first?.path == folder + "/prompt-replies.tests")
    }

    @Test func theWeakTestsLetTheBoundaryThrough() throws {
        let report = try Self.run("prompt-replies-weak.tests").get()
        #expect(report.mutants.count == 15)
        #expect(report.killed == 5)
        let messages = report.survivors.map(\.survivorMessage)
        #expect(messages.contains("no test fails if 'quick >= 2' becomes 'quick >= 1' at line 21"), "\(messages)")
        #expect(messages.contains("no test fails if 'i.reply_hours <= 8' becomes 'i.reply_hours <= 9' at line 20"), "\(messages)")
        // 'quick >= 2' becoming 'quick >= 3' is killed: the one case has exactly two.
        #expect(!messages.contains("no test fails if 'quick >= 2' becomes 'quick >= 3' at line 21"))
        #expect(report.mutants.first { $0.mutant.mutated == "quick >= 3" }?.killedBy == "two prompt replies")
    }

    @Test func everyOperatorMakesMutants() throws {
        let report = try Self.run("prompt-replies.tests").get()
        let kinds = Set(report.mutants.map(\.mutant.kind))
        #expect(kinds == Set(RuleMutant.Operator.allCases))
        let texts = report.mutants.map { "\($0.mutant.original) -> \($0.mutant.mutated)" }
        #expect(texts.contains("quick >= 1 -> quick < 1"))
        #expect(texts.contains("i.signed and i.reply_hours <= 8 -> i.signed"))
        #expect(texts.contains("met when quick >= 2, partially met when quick >= 1 -> met when quick >= 1, partially met when quick >= 2"))
    }

    @Test func eachMutantChangesHowTheRulesMark() throws {
        // Every killed mutant, applied, must give a different result for the case that killed it.
        let report = try Self.run("prompt-replies.tests").get()
        #expect(report.mutants.filter { $0.killedBy != nil }.count == 14)
        let json = MutationTester.Report.json([report])
        #expect(json.contains("\"format\": \"mutation/1\""))
        #expect(json.contains("\"score\": 1,"))
        #expect(json.contains("\"equivalent\": 1,"))
    }

    @Test func floorsAndVerdictTestsAreSwapped() throws {
        var tester = MutationTester()
        let report = try tester.run(path: Golden.packageRoot + "/Rules/going-the-extra-mile.tests").get()
        let texts = report.mutants.map(\.mutant.mutated)
        #expect(texts.contains("floor documented_feasibility at met"))
        #expect(texts.contains("documented_feasibility is partially met"))
        // A `let` that only feedback reads is not mutated.
        #expect(!report.mutants.contains { $0.mutant.original.contains("3 - weeks_used") })
    }

    @Test func failingTestsAreNotMutationTested() throws {
        let folder = NSTemporaryDirectory() + "mark-mutate-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fixtures = Golden.packageRoot + "/Tests/fixtures/analysis/"
        try FileManager.default.copyItem(atPath: fixtures + "prompt-replies.rules", toPath: folder + "/prompt-replies.rules")
        let tests = try String(contentsOfFile: fixtures + "prompt-replies.tests", encoding: .utf8)
            .replacingOccurrences(of: "expect prompt partially met", with: "expect prompt met")
        try tests.write(toFile: folder + "/prompt-replies.tests", atomically: true, encoding: .utf8)
        var tester = MutationTester()
        guard case .failure(.failing(let result)) = tester.run(path: folder + "/prompt-replies.tests") else {
            Issue.record("a file whose cases fail must not be mutation tested")
            return
        }
        #expect(result.failed == 1)
    }

    /// A ruleset that `extends` another: the mutants of the base's rules, its floor among them,
    /// are located in the base's file, where they are written.
    @Test func mutantsOfAnExtendedRulesetAreLocatedInTheBase() throws {
        var tester = MutationTester()
        let folder = Golden.packageRoot + "/Tests/fixtures/analysis/extends/"
        let report = try tester.run(path: folder + "replies-2.tests").get()
        let floor = try #require(report.mutants.first { $0.mutant.mutated == "floor prompt at met" }?.mutant)
        #expect(floor.path == folder + "replies-1.rules")
        #expect(floor.line == 35 && floor.column == 3, "\(floor.line):\(floor.column)")
        #expect(floor.original == "floor prompt at partially met")
        let threshold = try #require(report.mutants.first { $0.mutant.mutated == "quick >= 3" }?.mutant)
        #expect(threshold.path == folder + "replies-1.rules" && threshold.line == 24)
        // No mutant is placed in the extension, which holds only a replaced definition.
        #expect(!report.mutants.contains { $0.mutant.path.hasSuffix("replies-2.rules") })
    }
}
