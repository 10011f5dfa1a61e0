import Foundation
import Testing

@testable import MarkCore

/// The explainer: trees of conditions with values, counted and excluded items with the clause
/// that excluded them, short-circuits, grading, learner text withheld, and the trace.
@Suite struct ExplainerTests {
    static let grading = """
        grading {
          grades "Fail", "Pass", "Merit"
          floor p at partially met
          grade "Pass" when total >= 1
          grade "Merit" when total >= 2 and p is met
        }
        """

    static func explain(_ body: String, _ items: [String]) throws -> (SubmissionExplanation, Explainer) {
        let ruleset = Fixtures.ruleset(body + grading)
        let source = SourceFile(path: "s.json", text: Fixtures.submissionJSON(items))
        let submission = try EvidenceReader.open(source).flatMap { EvidenceReader.submission($0, schema: ruleset.schema) }.get()
        var explainer = Explainer(ruleset: ruleset)
        let e = try explainer.explain(submission)
        return (e, explainer)
    }

    static let point = """
        define verified(i: item) = i.verified_by.signed and i.verified_by.role != "learner"
        define good(i: item) = verified(i) and (i.score otherwise 0) >= 5
        point p "P" {
          marks 2
          partial marks 1
          let n = count(i in items where i.kind = "observation" and good(i))
          met when n >= 2 and any(i in items where i.tags mentions "star")
          partially met when n >= 1
        }

        """

    static let items = [
        Fixtures.item("E1", extra: "\"score\": 7, \"notes\": \"The customer, Mrs Example, was delighted\""),
        Fixtures.item("E2", signed: false, extra: "\"score\": 9"),
        Fixtures.item("E3", kind: "witness_testimony", extra: "\"score\": 9"),
        Fixtures.item("E4", extra: "\"score\": 3"),
    ]

    @Test func aCountListsCountedAndExcludedItemsWithTheClause() throws {
        let (e, _) = try Self.explain(Self.point, Self.items)
        let p = e.points[0]
        #expect(p.verdict == .partiallyMet)
        #expect(p.lets.count == 1)
        let n = p.lets[0].node
        #expect(n.kind == .quantifier)
        #expect(n.value == .number(1))
        #expect(n.overItems)
        #expect(n.elements.map(\.label) == ["E1", "E2", "E3", "E4"])
        #expect(n.elements.map(\.counted) == [true, false, false, false])
        // E2: the first false clause is good(i), inside it verified(i), inside that the field.
        #expect(n.elements[1].excludedBy.map(\.text) == ["good(i)", "verified(i)", "i.verified_by.signed"])
        #expect(n.elements[1].excludedBy.last?.inputs.first?.value == .boolean(false))
        #expect(n.elements[2].excludedBy.map(\.text) == ["i.kind = \"observation\""])
        #expect(n.elements[3].excludedBy.map(\.text) == ["good(i)", "(i.score otherwise 0) >= 5"])
        #expect(n.elements[3].excludedBy.last?.inputs.map(\.name) == ["i.score"])
        #expect(n.items == ["E1", "E2", "E3", "E4"])
        // Where things are written.
        let source = e.ruleset.sources[0]
        #expect(source.lineText(source.location(of: p.lets[0].statement.range.lowerBound).line).contains("let n = count("))
    }

    @Test func anAndChainShowsEachOperandAndWhatTheEngineSkipped() throws {
        let (e, _) = try Self.explain(Self.point, Self.items)
        let met = e.points[0].met
        #expect(met.kind == .and)
        #expect(met.value == .boolean(false))
        #expect(met.children.count == 2)
        #expect(met.children[0].text == "n >= 2")
        #expect(met.children[0].value == .boolean(false))
        #expect(met.children[0].inputs.map(\.name) == ["n"])
        #expect(met.children[0].reached)
        // The engine stops at the first false operand; the explanation still evaluates the rest.
        #expect(!met.children[1].reached)
        #expect(met.children[1].kind == .quantifier)
        let partial = try #require(e.points[0].partiallyMet)
        #expect(partial.reached)
        #expect(partial.value == .boolean(true))
    }

    @Test func aPartTheEngineNeverEvaluatesMayFailWithoutStoppingTheExplanation() throws {
        let body = """
            point p "P" {
              marks 2
              met when count(items) >= 100 and 1 / (count(items) - count(items)) >= 1
              partially met when count(items) >= 1
            }

            """
        let (e, _) = try Self.explain(body, Self.items)
        let met = e.points[0].met
        #expect(met.value == .boolean(false))
        #expect(met.children.count == 2)
        #expect(!met.children[1].reached)
        #expect(met.children[1].value == .missing)
        #expect(e.points[0].verdict == .partiallyMet)
    }

    @Test func gradingExplainsFloorsRequiredPointsAndRules() throws {
        let (e, _) = try Self.explain(Self.point, Self.items)
        #expect(e.result.grade == "Pass")
        #expect(e.floors.count == 1)
        #expect(e.floors[0].passed)
        #expect(e.grades.map(\.name) == ["Pass", "Merit"])
        #expect(e.grades[0].reached && e.grades[0].tested)
        #expect(!e.grades[1].reached && e.grades[1].tested)
        let merit = try #require(e.grades[1].rule)
        #expect(merit.kind == .and)
        #expect(merit.children[1].text == "p is met")
        #expect(merit.children[1].value == .boolean(false))
    }

    @Test func verdictsAndGradesAreTheEvaluatorsForEveryShippedSample() throws {
        let catalog = RulesetCatalog.load(Golden.packageRoot + "/Rules")
        #expect(!catalog.hasErrors)
        let folder = Golden.packageRoot + "/Samples"
        let samples = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        #expect(samples.count >= 5)
        for name in samples {
            let source = SourceFile(path: name, bytes: Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))))
            let document = try EvidenceReader.open(source).get()
            let index = try catalog.select(unit: document.unit, started: document.started).get()
            let ruleset = catalog.rulesets[index]
            let submission = try EvidenceReader.submission(document, schema: ruleset.schema).get()
            var evaluator = Evaluator(ruleset: ruleset)
            let marked = try evaluator.mark(submission)
            var explainer = Explainer(ruleset: ruleset)
            let e = try explainer.explain(submission)
            #expect(e.result == marked, "\(name)")
            for p in e.points {
                #expect((p.met.value == .boolean(true)) == (p.verdict == .met), "\(name) \(p.id)")
                if p.verdict == .partiallyMet { #expect(p.partiallyMet?.value == .boolean(true)) }
            }
            for g in e.grades where g.tested && g.required.allSatisfy({ $0.verdict == .met }) {
                if let rule = g.rule { #expect((rule.value == .boolean(true)) == g.reached, "\(name) \(g.name)") }
            }
        }
    }

    @Test func learnerTextIsWithheld() throws {
        let body = """
            point p "P" {
              marks 2
              let notes = distinct(i.notes otherwise "none" for i in items)
              let kinds = distinct(i.kind for i in items)
              met when count(notes) >= 1 and count(kinds) >= 1
            }

            """
        let (e, _) = try Self.explain(body, Self.items)
        let text = ExplanationText().render(e)
        let json = ExplanationJSON.render(e)
        #expect(!text.contains("Mrs Example"))
        #expect(!json.contains("Mrs Example"))
        #expect(text.contains("(learner text, 6 words)"))
        #expect(json.contains("\"withheld\": \"text\""))
        // Texts the rules wrote, enumeration values and item ids are printed.
        #expect(text.contains("\"none\""))
        #expect(text.contains("\"observation\""))
        #expect(text.contains("E1"))
    }

    @Test func textAndJSONRenderTheTree() throws {
        let (e, _) = try Self.explain(Self.point, Self.items)
        let text = ExplanationText().render(e)
        #expect(text.contains("point p: partially met — 1 of 2 marks  (test.rules:"))
        #expect(text.contains("  · let n = count(i in items where i.kind = \"observation\" and good(i)) → 1  (test.rules:"))
        #expect(text.contains("    counted: E1\n"))
        #expect(text.contains("    excluded: E2 — good(i) › verified(i) › i.verified_by.signed [i.verified_by.signed = no]"))
        #expect(text.contains("  ✗ met when n >= 2 and any(i in items where i.tags mentions \"star\")"))
        #expect(text.contains("(not needed)"))
        #expect(text.contains("✓ partially met when n >= 1  [n = 1]"))
        #expect(!text.contains("\u{1B}["))
        #expect(ExplanationText(colour: true).render(e).contains("\u{1B}[32m✓"))
        let object = try JSONSerialization.jsonObject(with: Data(ExplanationJSON.render(e).utf8)) as? [String: Any] ?? [:]
        #expect(object["format"] as? String == "explain/1")
        let grading = object["grading"] as? [String: Any] ?? [:]
        #expect((grading["grades"] as? [[String: Any]])?.count == 2)
        #expect((grading["floors"] as? [[String: Any]])?.first?["passed"] as? Bool == true)
    }

    @Test func theTraceRecordsWhatTheEngineEvaluated() throws {
        var (e, explainer) = try Self.explain(Self.point, Self.items)
        _ = e
        var trace = explainer.trace
        #expect(trace.saw(verdict: .partiallyMet, point: 0))
        #expect(!trace.saw(verdict: .met, point: 0))
        #expect(trace.saw(.condition(point: 0, level: .met), false))
        #expect(!trace.saw(.condition(point: 0, level: .met), true))
        #expect(trace.saw(.condition(point: 0, level: .partiallyMet), true))
        let met = Fixtures.ruleset(Self.point + Self.grading).points[0].met
        let operands = Explainer.chain(met, and: true)
        #expect(trace.saw(.operand(operands[0].location), false))
        // The second operand was never evaluated by the engine.
        #expect(!trace.saw(.operand(operands[1].location), true) && !trace.saw(.operand(operands[1].location), false))
        // The count's filter was true for one item and false for others.
        let filter = Fixtures.ruleset(Self.point + Self.grading).points[0].bindings[0].value.location
        #expect(trace.saw(.filter(filter), true) && trace.saw(.filter(filter), false))
        #expect(trace.saw(.gradeRule(grade: 1), true))
        #expect(trace.saw(.gradeRule(grade: 2), false))
        #expect(trace.saw(.floor(0), true))
        // Merging keeps both sides.
        var other = ExplanationTrace()
        other.record(verdict: .met, point: 0)
        trace.merge(other)
        #expect(trace.saw(verdict: .met, point: 0) && trace.saw(verdict: .partiallyMet, point: 0))
        // A second submission adds to the same explainer's trace.
        let ruleset = explainer.ruleset
        let json = Fixtures.submissionJSON([Fixtures.item("E1", extra: "\"score\": 8, \"tags\": [\"star\"]"), Fixtures.item("E2", extra: "\"score\": 8")])
        let submission = try EvidenceReader.open(SourceFile(path: "t.json", text: json)).flatMap { EvidenceReader.submission($0, schema: ruleset.schema) }.get()
        e = try explainer.explain(submission)
        #expect(e.points[0].verdict == .met)
        #expect(explainer.trace.saw(verdict: .met, point: 0) && explainer.trace.saw(verdict: .partiallyMet, point: 0))
        #expect(explainer.trace.saw(.operand(operands[1].location), true))
    }
}
