import Foundation
import Testing

@testable import MarkCore

/// Scheme analysis: the warnings `mark check` adds for what no valid submission can bring
/// about, and the monotonicity check on generated submissions.
@Suite struct SchemeAnalysisTests {
    static let fixture = "Tests/fixtures/analysis/scheme-problems.rules"

    /// Checks a fixture that imports nothing, named by its path from the package root.
    static func check(_ path: String) throws -> (Ruleset, [String: SourceFile]) {
        let bytes = try #require(FileManager.default.contents(atPath: Golden.packageRoot + "/" + path))
        let source = SourceFile(path: path, bytes: Array(bytes))
        let outcome = Checker.check(source: source)
        let ruleset = try #require(outcome.ruleset, "\(outcome.diagnostics)")
        return (ruleset, [path: source])
    }

    @Test func warningsMatchGolden() throws {
        let (ruleset, sources) = try Self.check(Self.fixture)
        let text = DiagnosticRenderer().render(SchemeAnalysis.warnings(ruleset), sources: sources)
        Golden.check(text, against: Golden.packageRoot + "/Tests/MarkCoreTests/Fixtures/analysis/scheme-problems.expected")
    }

    @Test func eachKindOfFindingIsReportedAtItsRule() throws {
        let (ruleset, sources) = try Self.check(Self.fixture)
        let warnings = SchemeAnalysis.warnings(ruleset)
        let source = try #require(sources[Self.fixture])
        func line(_ id: String, _ containing: String) -> Int? {
            warnings.first { $0.id == id && $0.message.contains(containing) }.map { source.location(of: $0.range.lowerBound).line }
        }
        #expect(line("clause-never-holds", "'(i.outcome.csat otherwise 0) >= 11' can never hold") == 21)
        #expect(line("point-never-met", "'delight'") == 28)
        #expect(line("point-never-met", "'signed >= 2' and 'signed < 1' cannot all hold") == 36)
        #expect(line("condition-always-holds", "'signed >= 0' always holds") == 37)
        #expect(line("partial-never-given", "whenever 'noted >= 3' holds, 'noted >= 2' holds too") == 54)
        #expect(line("grade-unreachable", "'Merit'") == 60)
        #expect(line("grade-unreachable", "grades are reached in order") == 61)
        #expect(line("not-monotonic", "'recorded' from met to partially met") == 45)
        #expect(warnings.allSatisfy { $0.severity == .warning })
    }

    @Test func theMonotonicityViolationShowsBothSubmissions() throws {
        let (ruleset, _) = try Self.check(Self.fixture)
        let d = try #require(SchemeAnalysis.warnings(ruleset).first { $0.id == "not-monotonic" })
        #expect(d.notes.count == 3)
        #expect(d.notes[1].message.hasPrefix("the items: [{\"id\":\"G1\""))
        #expect(d.notes[2].message.contains("\"signed\":false"))
        // Marking the two submissions shows the drop the warning reports.
        let v = try #require(MonotonicityCheck(ruleset: ruleset).found().first)
        let generator = GeneratedEvidence(ruleset: ruleset, seed: 16)
        var evaluator = Evaluator(ruleset: ruleset)
        let point = try #require(v.point)
        let before = try evaluator.mark(generator.submission(v.before)).points[point].verdict
        let after = try evaluator.mark(generator.submission(v.before + [v.added])).points[point].verdict
        #expect(before == .met && after == .partiallyMet)
        #expect(v.before.count == 2, "cut down to the two items the violation needs")
    }

    @Test func generatedSubmissionsAreTheSameOnEveryRun() throws {
        let (ruleset, _) = try Self.check(Self.fixture)
        let first = SchemeAnalysis.warnings(ruleset)
        let second = SchemeAnalysis.warnings(ruleset)
        #expect(first == second)
        var a = GeneratedEvidence(ruleset: ruleset, seed: 16)
        var b = GeneratedEvidence(ruleset: ruleset, seed: 16)
        #expect(a.json(a.item(id: 1)) == b.json(b.item(id: 1)))
    }

    @Test func aSoundSchemeHasNoFindings() throws {
        let (ruleset, _) = try Self.check("Tests/fixtures/analysis/prompt-replies.rules")
        #expect(SchemeAnalysis.warnings(ruleset).isEmpty)
    }

    @Test func theShippedRulesetsCheckClean() throws {
        let root = Golden.packageRoot + "/Rules"
        let names = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasSuffix(".rules") }.sorted()
        var rulesets = 0
        for name in names {
            var loader = RuleLoader(root: root)
            guard let ruleset = Checker.check(path: root + "/" + name, loader: &loader).ruleset else { continue }
            rulesets += 1
            let warnings = SchemeAnalysis.warnings(ruleset)
            #expect(warnings.isEmpty, "\(name): \(warnings.map(\.message))")
        }
        #expect(rulesets >= 5)
    }

    @Test func aThresholdAboveTheDeclaredMaximumNamesTheScale() throws {
        let source = SourceFile(
            path: "t.rules",
            text: """
                ruleset "t" {
                  title "T"
                  version "1.0.0"
                  unit "T-1"
                  applies from 2025-01-01
                }
                evidence {
                  kinds observation
                  item { score: number from 1 to 5 }
                }
                point p "P" {
                  marks 1
                  met when any(i in items where i.score > 5)
                }
                grading {
                  grades "Fail", "Pass"
                  grade "Pass" when total >= 1
                }
                """)
        let ruleset = try #require(Checker.check(source: source).ruleset)
        let messages = SchemeAnalysis.warnings(ruleset).map(\.message)
        #expect(messages.contains("no valid submission can meet 'p': 'i.score > 5' cannot hold: no item can pass 'where i.score > 5': 'i.score' is between 1 and 5 (declared 'from 1 to 5')"), "\(messages)")
        #expect(messages.contains { $0.hasPrefix("no submission can reach 'Pass'") }, "\(messages)")
    }
}
