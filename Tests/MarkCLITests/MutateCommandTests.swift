import Foundation
import MarkTestSupport
import Testing

/// End-to-end tests of `mark test --mutate` and of the scheme analysis `mark check` prints.
@Suite struct MutateCommandTests {
    static let golden = MarkProcess.packageRoot + "/Tests/MarkCLITests/Golden/analysis/"

    func check(_ actual: String, golden: String) {
        if let problem = GoldenFile.check(actual, against: Self.golden + golden) { Issue.record(Comment(rawValue: problem)) }
    }

    @Test func survivorsAreLocatedWarnings() throws {
        let r = try MarkProcess.run(["test", "--mutate", "Tests/fixtures/analysis/prompt-replies-weak.tests"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        check(r.stdout, golden: "mutate-weak.txt")
    }

    @Test func jsonReport() throws {
        let r = try MarkProcess.run(["test", "--mutate", "--format", "json", "Tests/fixtures/analysis/prompt-replies.tests"])
        #expect(r.status == 0, "\(r.stderr)")
        check(r.stdout, golden: "mutate.json")
    }

    @Test func failingTestsExitOneAndAreNotMutationTested() throws {
        let r = try MarkProcess.run(["test", "--mutate", "Tests/fixtures/analysis/scheme-problems.rules"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("not mutation tested"), "\(r.stderr)")
    }

    @Test func usageErrors() throws {
        let a = try MarkProcess.run(["test", "--format", "json", "Rules"])
        #expect(a.status == 64)
        #expect(a.stderr.contains("--format applies to --mutate only"))
        let b = try MarkProcess.run(["test", "--mutate", "--coverage", "Rules"])
        #expect(b.status == 64)
        let c = try MarkProcess.run(["test", "--mutate", "--format", "xml", "Rules"])
        #expect(c.status == 64)
        let help = try MarkProcess.run(["test", "--help"])
        #expect(help.stdout.contains("--mutate"))
    }

    @Test func checkPrintsTheSchemeAnalysis() throws {
        let r = try MarkProcess.run(["check", "Tests/fixtures/analysis/scheme-problems.rules"])
        #expect(r.status == 0)
        check(r.stderr, golden: "check-scheme-problems.txt")
    }

    @Test func shippedRulesCheckClean() throws {
        let r = try MarkProcess.run(["check", "Rules"])
        #expect(r.status == 0)
        #expect(r.stderr.hasSuffix("0 errors, 0 warnings\n"), "\(r.stderr)")
    }
}
