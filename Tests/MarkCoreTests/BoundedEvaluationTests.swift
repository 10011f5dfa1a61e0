import Foundation
import Testing

@testable import MarkCore

/// Evaluation is bounded: definitions are remembered per argument, and a step budget stops a
/// runaway rule with an error at its line.
@Suite struct BoundedEvaluationTests {
    static let grading = "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total >= 1\n}\n"

    /// `define f0(i: item) = i.verified_by.signed`, then `f<k>(i) = any(j in items where f<k-1>(j))`.
    static func chain(_ depth: Int) -> String {
        var text = "define f0(i: item) = i.verified_by.signed\n"
        for k in 1...depth {
            text += "define f\(k)(i: item) = any(j in items where f\(k - 1)(j))\n"
        }
        return text + "point p \"P\" {\n  marks 1\n  met when any(i in items where f\(depth)(i))\n}\n" + grading
    }

    @Test func fortyDeepChainOfDefinitionsIsWorkedOutOncePerItem() throws {
        let r = Fixtures.ruleset(Self.chain(40))
        let json = Fixtures.submissionJSON([Fixtures.item("E1", signed: false), Fixtures.item("E2", signed: false), Fixtures.item("E3")])
        let source = SourceFile(path: "s.json", text: json)
        let submission = try EvidenceReader.open(source).flatMap { EvidenceReader.submission($0, schema: r.schema) }.get()
        var evaluator = Evaluator(ruleset: r)
        // Without remembering, this is 3^40 calls; remembered, a few hundred steps. A budget of
        // 100,000 steps proves it.
        evaluator.maxSteps = 100_000
        let result = try evaluator.mark(submission)
        #expect(result.points[0].verdict == .met)
        #expect(result.points[0].evidence == ["E1", "E2", "E3"])
        #expect(evaluator.steps < 10_000)
    }

    @Test func rememberedCallsCiteTheirItemsAgain() throws {
        // Two points call the same item-quantifying function; the second reuses the first's
        // result and must still cite the same items.
        let body = """
            define signed_count(k: text) = count(j in items where j.kind = k and j.verified_by.signed)
            point a "A" {
              marks 1
              met when signed_count("observation") >= 1
            }
            point b "B" {
              marks 1
              met when signed_count("observation") >= 2
            }

            """ + Self.grading
        let r = Fixtures.ruleset(body)
        let result = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E2", kind: "witness_testimony"), Fixtures.item("E3")]))
        #expect(result.points.map(\.evidence) == [["E1", "E3"], ["E1", "E3"]])
        #expect(result.points.map(\.verdict) == [.met, .met])
    }

    @Test func runawayRuleStopsAtTheBudgetWithTheRuleLine() throws {
        let body = """
            point p "P" {
              marks 1
              met when count(a in items where any(b in items where any(c in items where a.date = c.date and b.date = c.date))) > 0
            }

            """ + Self.grading
        let r = Fixtures.ruleset(body)
        let items = (0..<30).map { Fixtures.item("E\($0)") }
        let source = SourceFile(path: "s.json", text: Fixtures.submissionJSON(items))
        let submission = try EvidenceReader.open(source).flatMap { EvidenceReader.submission($0, schema: r.schema) }.get()
        var evaluator = Evaluator(ruleset: r)
        evaluator.maxSteps = 5_000
        do {
            _ = try evaluator.mark(submission)
            Issue.record("expected the budget to stop marking")
        } catch {
            #expect(error.message == "evaluation stopped after 5000 steps (the budget for one submission; raise it with --max-steps)")
            let source = r.sources[error.location.file]
            let line = source.location(of: error.location.range.lowerBound).line
            // The error is located on the line of the point's runaway condition.
            let text = source.text(0..<source.bytes.count)
            let conditionLine = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("met when count(a in items") }! + 1
            #expect(line == conditionLine)
        }
        // With the default budget the same submission marks (30³ is small).
        var generous = Evaluator(ruleset: r)
        #expect(try generous.mark(submission).points[0].verdict == .met)
    }

    @Test func budgetIsPerSubmission() throws {
        let body = "point p \"P\" {\n  marks 1\n  met when count(i in items where i.verified_by.signed) >= 1\n}\n" + Self.grading
        let r = Fixtures.ruleset(body)
        let source = SourceFile(path: "s.json", text: Fixtures.submissionJSON((0..<20).map { Fixtures.item("E\($0)") }))
        let submission = try EvidenceReader.open(source).flatMap { EvidenceReader.submission($0, schema: r.schema) }.get()
        var evaluator = Evaluator(ruleset: r)
        evaluator.maxSteps = 200
        // Each submission takes well under 200 steps; a budget that leaked across submissions
        // would stop the tenth.
        for _ in 0..<10 { #expect(try evaluator.mark(submission).grade == "Pass") }
    }

    @Test func countDistinctStaysExact() throws {
        let body = "point p \"P\" {\n  marks 1\n  met when count(distinct i.date for i in items) = 2\n}\n" + Self.grading
        let r = Fixtures.ruleset(body)
        let result = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1", date: "2025-03-01"), Fixtures.item("E2", date: "2025-03-02"), Fixtures.item("E3", date: "2025-03-01")]))
        #expect(result.points[0].verdict == .met)
    }
}

/// `mark check` bounds each point's work as a power of the submission's size.
@Suite struct CostBoundTests {
    static let grading = BoundedEvaluationTests.grading

    /// The line of a ruleset body's first line, after the fixture header and evidence.
    static let firstBodyLine = (Fixtures.header() + Fixtures.evidence).filter { $0 == "\n" }.count + 1

    static func point(_ condition: String) -> String {
        "point p \"P\" {\n  marks 1\n  met when \(condition)\n}\n" + grading
    }

    @Test func nestedQuantifiersOverItemsAreCubicAndWarned() {
        let body = Self.point("count(a in items where any(b in items where any(c in items where a.date = c.date and b.date = c.date))) > 0")
        let warnings = Fixtures.diagnostics(body).filter { $0.id == "evaluation-cost" }
        // The header and evidence declaration come first; the condition is the point's third line.
        #expect(warnings.map(\.message) == [
            "marking point 'p' takes O(n³) steps in the submission's size n: nested quantifiers at line \(Self.firstBodyLine + 2); a large portfolio may stop at the step budget (see docs/limits.md)"
        ])
        #expect(Fixtures.ruleset(body).costBounds().map(\.degree) == [3])
    }

    @Test func quadraticIsNotWarned() {
        let body = Self.point("any(a in items where any(b in items where a.date = b.date))")
        #expect(!Fixtures.diagnostics(body).contains { $0.id == "evaluation-cost" })
        #expect(Fixtures.ruleset(body).costBounds().map(\.degree) == [2])
    }

    @Test func listsInsideAnItemAddNoPower() {
        let body = Self.point("any(i in items where any(t in i.tags where t = \"x\"))")
        #expect(Fixtures.ruleset(body).costBounds().map(\.degree) == [1])
        #expect(Fixtures.ruleset(Self.point("count(items) >= 1")).costBounds().map(\.degree) == [0])
    }

    @Test func rememberedChainIsQuadraticNotExponential() {
        let r = Fixtures.ruleset(BoundedEvaluationTests.chain(40))
        #expect(r.costBounds().map(\.degree) == [2])
        #expect(!Fixtures.diagnostics(BoundedEvaluationTests.chain(40)).contains { $0.id == "evaluation-cost" })
    }

    @Test func costInsideAFunctionIsNamedAtItsLine() {
        let body = "define twice(i: item) = any(a in items where any(b in items where a.date = b.date and b.date = i.date))\n"
            + Self.point("any(i in items where twice(i))")
        let warnings = Fixtures.diagnostics(body).filter { $0.id == "evaluation-cost" }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("O(n³)") == true)
        #expect(warnings.first?.message.contains("at line \(Self.firstBodyLine);") == true)
    }
}
