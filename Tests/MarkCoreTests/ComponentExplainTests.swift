import Testing

@testable import MarkCore

/// `mark explain` and `mark test --coverage` trace component rules: each component's grade
/// rules are explained (with its own total) in text and JSON, and a component rule that never
/// holds or always holds is a coverage gap.
@Suite struct ComponentExplainTests {
    static func explain(_ r: Ruleset, _ counts: [Int], into explainer: inout Explainer) throws -> SubmissionExplanation {
        var items: [String] = []
        for (k, n) in counts.enumerated() {
            let kind = ["observation", "witness_testimony"][k]
            items += (0..<n).map { Fixtures.item("\(kind)-\($0)", kind: kind) }
        }
        let json = Fixtures.submissionJSON(items)
        let s = try EvidenceReader.open(SourceFile(path: "s.json", text: json)).flatMap { EvidenceReader.submission($0, schema: r.schema) }.get()
        return try explainer.explain(s)
    }

    @Test func explainShowsWhichComponentRuleHeld() throws {
        let r = CombineTableTests.ruleset()
        var explainer = Explainer(ruleset: r)
        let e = try Self.explain(r, [2, 1], into: &explainer)
        #expect(e.components.map(\.id) == ["observation", "discussion"])
        #expect(e.components.map(\.grade) == ["Distinction", "Pass"])
        let discussion = e.components[1].grades
        #expect(discussion.map(\.name) == ["Pass", "Distinction"])
        #expect(discussion.map(\.reached) == [true, false])
        #expect(discussion.map { $0.rule?.value } == [.boolean(true), .boolean(false)])
        let text = ExplanationText().render(e)
        #expect(text.contains("component discussion: Pass\n  Pass: reached\n    ✓ grade \"Pass\" when discussion_pass is met"))
        #expect(text.contains("  Distinction: not reached\n    ✗ grade \"Distinction\" when every point in discussion is met"))
        let json = ExplanationJSON.render(e, pretty: false)
        #expect(json.contains(#""components":[{"id":"observation","grade":"Distinction","floorsFailed":[],"grades":[{"grade":"Pass","tested":true,"reached":true"#))
    }

    @Test func coverageCountsComponentRules() throws {
        let r = CombineTableTests.ruleset()
        var explainer = Explainer(ruleset: r)
        // Only Pass in both: no component rule for Distinction ever holds, and Pass always does.
        _ = try Self.explain(r, [1, 1], into: &explainer)
        let messages = CoverageReport(ruleset: r, trace: explainer.trace, cases: 1).gaps.map(\.message)
        for c in ["observation", "discussion"] {
            #expect(messages.contains("the rule for \"Distinction\" of component '\(c)' never holds"), "\(messages)")
            #expect(messages.contains("the rule for \"Pass\" of component '\(c)' always holds"), "\(messages)")
        }
        // Every grade seen in both: no component rule is a gap.
        for counts in [[0, 0], [2, 2]] { _ = try Self.explain(r, counts, into: &explainer) }
        let all = CoverageReport(ruleset: r, trace: explainer.trace, cases: 3).gaps.map(\.message)
        #expect(!all.contains { $0.contains("of component") }, "\(all)")
    }
}
