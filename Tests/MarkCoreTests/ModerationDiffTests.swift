import Testing

@testable import MarkCore

/// The semantic diff of two ruleset versions, on small inline rulesets.
@Suite struct ModerationDiffTests {
    static let base = """
        define good(i: item) = i.verified_by.signed
        define minimum = 2

        point p1 "Wording one" {
          marks 4
          partial marks 2
          required for "Pass"
          let n = count(i in items where good(i))
          met when n >= minimum
          partially met when n >= 1
          feedback met "Seen {n} times."
        }

        point p2 "Wording two" {
          marks 2
          met when any(i in items where i.kind = "observation")
        }

        grading {
          grades "Fail", "Pass", "Merit"
          floor p2 at partially met
          grade "Pass" when total >= 3
          grade "Merit" when total >= 5 and p2 is met
        }

        """

    static func ruleset(_ body: String, header: String = Fixtures.header(), path: String = "v.rules") -> Ruleset {
        let outcome = Checker.check(source: SourceFile(path: path, text: header + Fixtures.evidence + body))
        guard let r = outcome.ruleset else { fatalError("does not check: \(outcome.diagnostics.map(\.message))") }
        return r
    }

    static func diff(_ new: String, header: String = Fixtures.header()) -> RulesetDiff {
        RulesetDiff.compare(old: ruleset(base, path: "old.rules"), new: ruleset(new, header: header, path: "new.rules"))
    }

    static func replacing(_ a: String, _ b: String) -> String {
        precondition(base.contains(a), a)
        return base.replacing(a, with: b)
    }

    @Test func layoutAndCommentsAloneAreNoChange() {
        let reformatted = Self.base
            .replacing("define minimum = 2", with: "# the least number of occasions\ndefine   minimum =\n      2   # two")
            .replacing("  met when n >= minimum", with: "      met when\n          n >= minimum")
            .replacing("grades \"Fail\", \"Pass\", \"Merit\"", with: "grades \"Fail\",\n   \"Pass\",   \"Merit\" # lowest first")
        let d = Self.diff(reformatted)
        #expect(d.changes.isEmpty)
        #expect(!d.meaningChanged)
        #expect(!d.sourcesIdentical)
        #expect(RulesetDiffReport.text(d).contains("No change in meaning: the versions differ only in layout and comments."))
    }

    @Test func thresholdInAConditionIsNamedWithBothSides() throws {
        let d = Self.diff(Self.replacing("partially met when n >= 1", "partially met when n >= 2"))
        #expect(d.changes.count == 1)
        let c = try #require(d.changes.first)
        #expect(c.section == .points)
        #expect(c.aspect == "threshold")
        #expect(c.summary == "p1: threshold in 'partially met when' 1 → 2")
        #expect(c.old?.text == "partially met when n >= 1")
        #expect(c.new?.text == "partially met when n >= 2")
        #expect(c.old?.path == "old.rules")
        #expect(c.new?.path == "new.rules")
        // The header (6 lines) and the evidence declaration come first.
        let line = try #require(c.old?.line)
        #expect(SourceFile(path: "x", text: Fixtures.header() + Fixtures.evidence + Self.base).lineText(line).contains("partially met when n >= 1"))
    }

    @Test func aChangedConditionIsNotCalledAThreshold() throws {
        let d = Self.diff(Self.replacing("met when n >= minimum", "met when n >= minimum and n >= 1"))
        let c = try #require(d.changes.first)
        #expect(c.aspect == "met when")
        #expect(c.summary.contains("condition 'met when' changed"))
    }

    @Test func changedDefinitionNamesThePointsItMayChange() throws {
        let d = Self.diff(Self.replacing("define minimum = 2", "define minimum = 3"))
        let c = try #require(d.changes.first)
        #expect(c.section == .definitions)
        #expect(c.summary == "definition 'minimum': 2 → 3")
        #expect(c.affects == ["p1"])
        let viaFunction = Self.diff(Self.replacing("define good(i: item) = i.verified_by.signed", "define good(i: item) = i.verified_by.role = \"assessor\""))
        #expect(viaFunction.changes.first?.affects == ["p1"])
    }

    @Test func renamedPointIsMatchedAndGradingFollowsTheRename() throws {
        let renamed = Self.base.replacing("point p2 ", with: "point q2 ").replacing("floor p2", with: "floor q2").replacing("p2 is met", with: "q2 is met")
        let d = Self.diff(renamed)
        #expect(d.changes.count == 1, "\(d.changes.map(\.summary))")
        let c = try #require(d.changes.first)
        #expect(c.kind == .renamed)
        #expect(c.summary.contains("'p2' renamed to 'q2'"))
        #expect(d.renamedPoints.map { [$0.old, $0.new] } == [["p2", "q2"]])
    }

    @Test func marksRequiredForAndFeedback() {
        let d = Self.diff(
            Self.replacing("  marks 4\n  partial marks 2\n  required for \"Pass\"\n", "  marks 5\n  partial marks 2\n")
                .replacing("feedback met \"Seen {n} times.\"", with: "feedback met \"Shown {n} times.\""))
        #expect(d.changes.map(\.aspect) == ["marks", "required for", "feedback met"])
        #expect(d.changes[0].summary == "p1: marks 4 → 5")
        #expect(d.changes[1].kind == .removed)
        #expect(d.changes[1].summary == "p1: required for \"Pass\" → required for no grade")
    }

    @Test func namedMarksAreNoChangeUntilTheirValueChanges() throws {
        // Naming the marks (`define full = 4`, `marks full`) marks the same: only the new
        // definition is reported, not a change to the point.
        let named = "define full = 4\n" + Self.replacing("  marks 4\n  partial marks 2\n", "  marks full\n  partial marks 2\n")
        let same = Self.diff(named)
        #expect(!same.changes.contains { $0.aspect == "marks" }, "\(same.changes.map(\.summary))")
        // Changing the named value changes the point's marks, and the diff says both.
        let d = RulesetDiff.compare(
            old: Self.ruleset(named, path: "old.rules"), new: Self.ruleset(named.replacing("define full = 4", with: "define full = 5"), path: "new.rules"))
        #expect(d.changes.map(\.summary).contains("definition 'full': 4 → 5"), "\(d.changes.map(\.summary))")
        #expect(d.changes.map(\.summary).contains("p1: marks 4 → 5"), "\(d.changes.map(\.summary))")
        let definition = try #require(d.changes.first { $0.section == .definitions })
        #expect(definition.affects == ["p1"])
    }

    @Test func boundaryFloorAndGradeList() {
        let d = Self.diff(
            Self.replacing("grade \"Merit\" when total >= 5", "grade \"Merit\" when total >= 6")
                .replacing("floor p2 at partially met", with: "floor p2 at met"))
        #expect(d.changes.map(\.summary) == ["boundary of \"Merit\": 5 → 6 marks", "floor on 'p2': at partially met → at met"])
        let grades = Self.diff(
            Self.replacing("grades \"Fail\", \"Pass\", \"Merit\"", "grades \"Fail\", \"Pass\", \"Merit\", \"Distinction\""))
        #expect(grades.changes.first?.summary.contains("added \"Distinction\"") == true)
    }

    @Test func pointsAddedAndRemoved() {
        let d = Self.diff(
            Self.base.replacing("point p2 \"Wording two\" {\n  marks 2\n", with: "point p3 \"Wording three\" {\n  marks 3\n")
                .replacing("floor p2", with: "floor p3").replacing("p2 is met", with: "p3 is met"))
        let kinds = d.changes.filter { $0.section == .points }.map { "\($0.kind.rawValue) \($0.subject)" }
        #expect(kinds == ["removed point p2", "added point p3"])
        // Without a rename, the grading rule that names the point changed too.
        #expect(d.changes.contains { $0.section == .grading && $0.subject == "grade \"Merit\"" })
    }

    @Test func headerAndEvidence() {
        let header = Fixtures.header().replacing("version \"1.0.0\"", with: "version \"2.0.0\"").replacing("applies from 2025-01-01", with: "applies from 2026-01-01 until 2027-12-31")
        let d = RulesetDiff.compare(
            old: Self.ruleset(Self.base),
            new: Self.ruleset(Self.base, header: header))
        #expect(d.changes.map(\.summary) == [
            "version \"1.0.0\" → \"2.0.0\"",
            "dates of application: learners who started from 2025-01-01 (no end date) → from 2026-01-01 until 2027-12-31",
        ])
        let evidence = Fixtures.evidence.replacing("score: optional number", with: "score: number").replacing("enum role { assessor, witness, learner }", with: "enum role { assessor, witness, learner, customer }")
        let e = RulesetDiff.compare(
            old: Self.ruleset(Self.base),
            new: try! #require(Checker.check(source: SourceFile(path: "n.rules", text: Fixtures.header() + evidence + Self.base)).ruleset))
        #expect(e.changes.map(\.summary) == ["enumeration 'role': added customer", "item: type of field 'score' optional number → number"])
    }

    @Test func jsonReportIsParseableShape() {
        let d = Self.diff(Self.replacing("partially met when n >= 1", "partially met when n >= 2"))
        let json = RulesetDiffReport.json(d)
        #expect(json.contains("\"format\": \"rules-diff/1\""))
        #expect(json.contains("\"meaningChanged\": true"))
        #expect(json.contains("\"aspect\": \"threshold\""))
        #expect((try? JSONReader.parse(Array(json.utf8))) != nil)
    }
}
