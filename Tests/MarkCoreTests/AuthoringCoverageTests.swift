import Foundation
import Testing

@testable import MarkCore

/// Coverage: the outcomes of a ruleset, which of them a trace saw, and the report.
@Suite struct AuthoringCoverageTests {
    static let body = """
        define ok(i: item) = i.verified_by.signed
        point p "P" {
          marks 2
          partial marks 1
          let n = count(i in items where ok(i) and any(t in i.tags where t = "x"))
          met when n >= 2 and (i_count otherwise 0) >= 0
          partially met when n >= 1
        }
        define i_count = count(items)
        grading {
          grades "Fail", "Pass"
          floor p at partially met
          grade "Pass" when total >= 2
        }

        """

    static func trace(_ ruleset: Ruleset, _ submissions: [[String]]) throws -> ExplanationTrace {
        var explainer = Explainer(ruleset: ruleset)
        for items in submissions {
            let json = Fixtures.submissionJSON(items)
            let s = try EvidenceReader.open(SourceFile(path: "s.json", text: json)).flatMap { EvidenceReader.submission($0, schema: ruleset.schema) }.get()
            _ = try explainer.explain(s)
        }
        return explainer.trace
    }

    @Test func gapsNameEachOutcomeNeverSeen() throws {
        let ruleset = Fixtures.ruleset(Self.body)
        let one = try Self.trace(ruleset, [[Fixtures.item("E1", extra: "\"tags\": [\"x\"]")]])
        let report = CoverageReport(ruleset: ruleset, trace: one, cases: 1)
        let messages = report.gaps.map(\.message)
        #expect(messages.contains("point 'p' is never met"), "\(messages)")
        #expect(messages.contains("point 'p' is never not met"))
        #expect(messages.contains("'met when n >= 2 and (i_count otherwise 0) >= 0' of point 'p' is never true"))
        #expect(messages.contains("'partially met when n >= 1' of point 'p' is never false"))
        #expect(messages.contains("operand 'n >= 2' of 'met when' of point 'p' is never true"))
        #expect(messages.contains("operand '(i_count otherwise 0) >= 0' of 'met when' of point 'p' is never true"))
        #expect(messages.contains("operand '(i_count otherwise 0) >= 0' of 'met when' of point 'p' is never false"))
        #expect(messages.contains { $0.hasPrefix("the filter of 'count(i in items where ok(i) and any(t in i.tags where t …'") && $0.hasSuffix("never excluded an element") })
        #expect(messages.contains("the filter of 'any(t in i.tags where t = \"x\")' never excluded an element"))
        #expect(messages.contains("floor 'p at partially met' never fails"))
        #expect(messages.contains("the rule for \"Pass\" never holds"))
        #expect(!report.isComplete)
        #expect(report.covered + report.gaps.count == report.total)
        let line = report.gaps.first { $0.message == "point 'p' is never met" }
        #expect(line?.path == "test.rules")
        let rendered = report.render()
        #expect(rendered.hasPrefix("coverage: test.rules: \(report.covered) of \(report.total) outcomes ("))
        #expect(rendered.contains("  test.rules:\(line?.line ?? 0):1: point 'p' is never met"))
    }

    @Test func enoughCasesCoverEverything() throws {
        let ruleset = Fixtures.ruleset(Self.body)
        let trace = try Self.trace(ruleset, [
            // met: two items with "x", one without, one unsigned; the tags filter sees "y" then "x".
            [
                Fixtures.item("E1", extra: "\"tags\": [\"y\", \"x\"]"), Fixtures.item("E2", extra: "\"tags\": [\"x\"]"),
                Fixtures.item("E3", extra: "\"tags\": [\"y\"]"), Fixtures.item("E4", signed: false),
            ],
            // partially met
            [Fixtures.item("E1", extra: "\"tags\": [\"x\"]")],
            // not met
            [Fixtures.item("E1")],
        ])
        let report = CoverageReport(ruleset: ruleset, trace: trace, cases: 3)
        // '(i_count otherwise 0) >= 0' can never be false: an unreachable outcome is reported.
        #expect(report.gaps.map(\.message) == ["operand '(i_count otherwise 0) >= 0' of 'met when' of point 'p' is never false"], "\(report.render())")
    }

    @Test func anUntestedRulesetHasNoCases() {
        let ruleset = Fixtures.ruleset(Self.body)
        let report = CoverageReport.untested(ruleset: ruleset)
        #expect(report.cases == 0)
        #expect(report.covered == 0)
        #expect(report.gaps.map(\.message) == ["no test cases mark with this ruleset: add test.tests"])
        #expect(!report.isComplete)
    }
}
