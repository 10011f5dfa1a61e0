import Testing

@testable import MarkCore

/// `at least N of (…) are met` in grading rules, by both evaluators: the count at each side of
/// N, each verdict test, and the next steps it names.
@Suite struct PointCountTests {
    /// Points a, b and c are met with 1, 2 and 3 items or more, partially met with one fewer.
    static func ruleset(_ rules: String) -> Ruleset {
        var body = ""
        for (k, id) in ["a", "b", "c"].enumerated() {
            body += """
                point \(id) "Show \(id.uppercased())." {
                  marks 1
                  partial marks 0.5
                  met when count(items) >= \(k + 1)
                  partially met when count(items) >= \(k)
                  feedback not met "\(id.uppercased()) not shown."
                  feedback partially met "\(id.uppercased()) partly shown."
                }

                """
        }
        return Fixtures.ruleset(body + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when \(rules)\n}\n")
    }

    func grades(_ r: Ruleset, items n: Int) throws -> [String] {
        let (a, b) = try BothPaths.mark(r, Fixtures.submissionJSON((0..<n).map { Fixtures.item("E\($0 + 1)") }))
        #expect(a == b, "\(n) items: the program and the tree walk differ")
        return [a.grade, b.grade]
    }

    /// Each submission of n items gets its grade by both paths.
    func expectGrades(_ r: Ruleset, _ expected: [(Int, String)]) throws {
        for (n, grade) in expected {
            #expect(try grades(r, items: n) == [grade, grade], "\(n) items")
        }
    }

    @Test func countsMetPointsAgainstN() throws {
        // With n items, n of the three points are met.
        let r = Self.ruleset("at least 2 of (a, b, c) are met")
        try expectGrades(r, [(0, "Fail"), (1, "Fail"), (2, "Pass"), (3, "Pass")])
    }

    @Test func partiallyMetCountsMetPointsToo() throws {
        // With n items, n + 1 points are at least partially met (capped at 3).
        let r = Self.ruleset("at least 3 of (a, b, c) are partially met")
        try expectGrades(r, [(0, "Fail"), (1, "Fail"), (2, "Pass"), (3, "Pass")])
    }

    @Test func notMetCountsOnlyPointsNotMet() throws {
        // With n items, 2 - n points are not met (c is partially met with 2).
        let r = Self.ruleset("at least 2 of (a, b, c) are not met")
        try expectGrades(r, [(0, "Pass"), (1, "Fail"), (2, "Fail")])
    }

    @Test func allOfTheListIsLikeAnd() throws {
        let counted = Self.ruleset("at least 3 of (a, b, c) are met")
        let written = Self.ruleset("a is met and b is met and c is met")
        for n in 0...4 {
            #expect(try grades(counted, items: n) == grades(written, items: n), "\(n) items")
        }
    }

    @Test func combinesWithTotalAndNot() throws {
        let r = Self.ruleset("total >= 1.5 and not (at least 1 of (c) are met)")
        // 1 item: a met, b partial (1.5 marks), c not met → Pass; 3 items: c met → Fail.
        try expectGrades(r, [(0, "Fail"), (1, "Pass"), (2, "Pass"), (3, "Fail")])
    }

    @Test func nextStepsNameTheMissingPoints() throws {
        let r = Self.ruleset("at least 2 of (a, b, c) are met")
        let (one, tree) = try BothPaths.mark(r, Fixtures.submissionJSON([Fixtures.item("E1")]))
        #expect(one.nextSteps == tree.nextSteps)
        #expect(one.nextSteps == ["1 more of these must be met for Pass: Show B. B partly shown. Or: Show C. C not shown."])
        let (none, _) = try BothPaths.mark(r, Fixtures.submissionJSON([]))
        #expect(none.nextSteps == ["2 more of these must be met for Pass: Show A. A partly shown. Or: Show B. B not shown. Or: Show C. C not shown."])
        let all = Self.ruleset("at least 3 of (a, b, c) are partially met")
        let (allOpen, _) = try BothPaths.mark(all, Fixtures.submissionJSON([]))
        #expect(allOpen.nextSteps == ["All 2 of these must be at least partially met for Pass: Show B. B not shown. And: Show C. C not shown."])
    }

    @Test func theExplainerAgrees() throws {
        let r = Self.ruleset("at least 2 of (a, b, c) are met")
        let s = try BothPaths.submission(r, Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E2")]))
        var explainer = Explainer(ruleset: r)
        let e = try explainer.explain(s)
        #expect(e.result.grade == "Pass")
    }

    @Test func misuseIsAnErrorAtTheCount() {
        let body = "point a \"A.\" {\n  marks 1\n  met when true\n}\ngrading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when at least 2 of (a) are met\n}\n"
        let d = Fixtures.diagnostics(body)
        #expect(d.map(\.message) == ["'at least 2 of (…)' can never hold: it lists only 1 point"])
    }
}
