import Foundation
import Testing

@testable import MarkCore

/// The shipped rule tests kill every mutant of the shipped rulesets, except those each test
/// file explains with an `equivalent` statement (docs/analysis-checks.md, "The shipped
/// rulesets"). A rule changed without a case that notices fails here, naming the mutant.
@Suite struct ShippedRulesMutationTests {
    static let files = [
        "anticipating-needs", "business-focused-service", "exceeding-expectations", "going-the-extra-mile", "service-promise",
    ]

    @Test(arguments: files) func noMutantSurvivesUnexplained(_ name: String) throws {
        var tester = MutationTester()
        let report = try tester.run(path: Golden.packageRoot + "/Rules/\(name).tests").get()
        #expect(report.mutants.count > 50)
        #expect(report.survivors.map(\.survivorMessage) == [], "add a case that kills each, or explain it as equivalent")
        #expect(report.staleEquivalents.map(\.original) == [], "an equivalent statement explains no surviving mutant")
        for (statement, _) in report.equivalents { #expect(statement.reason.count > 20, "\(statement.original)") }
        #expect(report.score == 1)
    }

    @Test func everyShippedTestFileIsMutationTested() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Golden.packageRoot + "/Rules")
            .filter { $0.hasSuffix(".tests") }.map { String($0.dropLast(6)) }.sorted()
        #expect(names == Self.files)
    }
}
