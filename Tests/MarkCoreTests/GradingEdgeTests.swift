import Testing

@testable import MarkCore

/// The grading scheme at its edges: verdicts and their marks, floors at each level, required
/// points, cumulative grades and strict against inclusive mark boundaries; both evaluators.
@Suite struct GradingEdgeTests {
    /// Point `f` (marks 2, partial marks 1) is met with two or more items, partially met with one,
    /// not met with none; point `big` (marks 10) is always met.
    static func floored(_ floor: String) -> Ruleset {
        Fixtures.ruleset("""
            point f "Show F." {
              marks 2
              partial marks 1
              met when count(items) >= 2
              partially met when count(items) = 1
              feedback not met "F not shown."
            }
            point big "Big." {
              marks 10
              met when count(items) >= 0
            }
            grading {
              grades "Fail", "Pass", "Merit"
              \(floor)
              grade "Pass" when total >= 1
              grade "Merit" when total >= 10
            }
            """)
    }

    func items(_ n: Int) -> String {
        Fixtures.submissionJSON((0..<n).map { Fixtures.item("E\($0 + 1)") })
    }

    @Test func eachVerdictGivesItsMarks() throws {
        let r = Self.floored("")
        for (n, verdict, marks) in [(0, VerdictLevel.notMet, 0), (1, .partiallyMet, 1), (2, .met, 2), (3, .met, 2)] {
            let (a, b) = try BothPaths.mark(r, items(n))
            for result in [a, b] {
                #expect(result.points[0].verdict == verdict, "\(n) items")
                #expect(result.points[0].marks == Marks(marks), "\(n) items")
                #expect(result.total == Marks(10 + marks), "\(n) items")
                #expect(result.grade == "Merit", "no floor: \(n) items")
            }
        }
    }

    @Test func metIsTestedBeforePartiallyMet() throws {
        // Both conditions hold: the verdict is met, with the full marks.
        let r = Fixtures.ruleset("""
            point p "P" {
              marks 3
              partial marks 1
              met when count(items) >= 1
              partially met when count(items) >= 1
            }
            grading {
              grades "Fail", "Pass"
              grade "Pass" when total >= 3
            }
            """)
        let (a, b) = try BothPaths.mark(r, items(1))
        for result in [a, b] {
            #expect(result.points[0].verdict == .met)
            #expect(result.total == Marks(3))
            #expect(result.grade == "Pass")
        }
    }

    @Test func floorAtPartiallyMet() throws {
        let r = Self.floored("floor f at partially met")
        for (n, grade, failed) in [(0, "Fail", ["f"]), (1, "Merit", []), (2, "Merit", [])] {
            let (a, b) = try BothPaths.mark(r, items(n))
            for result in [a, b] {
                #expect(result.grade == grade, "\(n) items")
                #expect(result.floorsFailed == failed, "\(n) items")
            }
        }
        // Below the floor, the total (10) would give Merit; the lowest grade is awarded and the
        // next step names the floor.
        let (below, _) = try BothPaths.mark(r, items(0))
        #expect(below.total == Marks(10))
        #expect(below.nextSteps.first == "Show F — this must be at least partially met before any grade above Fail can be awarded. F not shown.")
    }

    @Test func floorAtMet() throws {
        let r = Self.floored("floor f at met")
        for (n, grade, failed) in [(0, "Fail", ["f"]), (1, "Fail", ["f"]), (2, "Merit", [])] {
            let (a, b) = try BothPaths.mark(r, items(n))
            for result in [a, b] {
                #expect(result.grade == grade, "\(n) items")
                #expect(result.floorsFailed == failed, "\(n) items")
            }
        }
        let (partial, _) = try BothPaths.mark(r, items(1))
        #expect(partial.total == Marks(11))
        #expect(partial.nextSteps.first?.contains("this must be at least met before any grade above Fail") == true)
    }

    static let required = """
        point r "Show R." {
          marks 4
          partial marks 4
          required for "Pass"
          met when count(items) >= 2
          partially met when count(items) = 1
          feedback partially met "R shown once."
        }
        point m "Show M." {
          marks 1
          required for "Merit"
          met when count(i in items where i.kind = "witness_testimony") >= 1
          feedback not met "M not shown."
        }
        grading {
          grades "Fail", "Pass", "Merit"
          grade "Pass" when total >= 4
          grade "Merit" when total >= 4
        }
        """

    @Test func aRequiredPointWithEnoughMarksButNotMet() throws {
        let r = Fixtures.ruleset(Self.required)
        // Partially met, with the full 4 marks the rules for Pass and Merit ask for: not Pass.
        let (a, b) = try BothPaths.mark(r, Fixtures.submissionJSON([Fixtures.item("E1", kind: "witness_testimony")]))
        for result in [a, b] {
            #expect(result.points[0].verdict == .partiallyMet)
            #expect(result.total == Marks(5))
            #expect(result.grade == "Fail")
        }
        #expect(a.nextSteps.contains("Show R (required for Pass). R shown once."))
        // Met: Pass, and Merit too once its own required point is met.
        let (pass, _) = try BothPaths.mark(r, Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E2")]))
        #expect(pass.grade == "Pass")
        #expect(pass.nextSteps == ["Show M (required for Merit). M not shown."])
        let (merit, meritTree) = try BothPaths.mark(r, Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E2", kind: "witness_testimony")]))
        #expect(merit.grade == "Merit")
        #expect(meritTree.grade == "Merit")
    }

    @Test func aPointRequiredForALowerGradeIsRequiredForHigherOnes() throws {
        // r is required for Pass only; with r partially met, Merit's rule and required point hold
        // but Merit is not awarded.
        let r = Fixtures.ruleset(Self.required)
        let (a, b) = try BothPaths.mark(r, Fixtures.submissionJSON([Fixtures.item("E1", kind: "witness_testimony")]))
        #expect(a.points[1].verdict == .met)
        #expect(a.grade == "Fail")
        #expect(b.grade == "Fail")
    }

    static let cumulative = """
        point a "Show A." {
          marks 1
          met when count(i in items where i.kind = "witness_testimony") >= 1
          feedback not met "A not shown."
        }
        point b "Show B." {
          marks 10
          met when count(i in items where i.kind = "observation") >= 1
        }
        grading {
          grades "Fail", "Pass", "Merit", "Distinction"
          grade "Pass" when total >= 1
          grade "Merit" when a is met
          grade "Distinction" when total >= 10
        }
        """

    @Test func aHigherGradesRuleDoesNotSkipALowerOne() throws {
        let r = Fixtures.ruleset(Self.cumulative)
        // Observation only: total 10 holds Distinction's rule and Pass's, not Merit's → Pass.
        let (a, b) = try BothPaths.mark(r, Fixtures.submissionJSON([Fixtures.item("E1")]))
        for result in [a, b] {
            #expect(result.total == Marks(10))
            #expect(result.grade == "Pass")
            #expect(result.nextGrade == "Merit")
        }
        #expect(a.nextSteps == ["Show A (needed for Merit). A not shown."])
        // Witness testimony only: Merit's rule holds, total 1 → Merit, not Distinction.
        let (w, wt) = try BothPaths.mark(r, Fixtures.submissionJSON([Fixtures.item("E1", kind: "witness_testimony")]))
        #expect(w.grade == "Merit")
        #expect(wt.grade == "Merit")
        // Both: Distinction.
        let (top, topTree) = try BothPaths.mark(r, Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E2", kind: "witness_testimony")]))
        #expect(top.grade == "Distinction")
        #expect(topTree.grade == "Distinction")
    }

    @Test func theLowestGradesRuleFailingStopsEverything() throws {
        let r = Fixtures.ruleset("""
            point a "A" {
              marks 5
              met when count(items) >= 1
            }
            grading {
              grades "Fail", "Pass", "Merit"
              grade "Pass" when total >= 6
              grade "Merit" when total >= 5
            }
            """)
        let (a, b) = try BothPaths.mark(r, items(1))
        #expect(a.grade == "Fail")
        #expect(b.grade == "Fail")
    }

    /// Three points of 1 mark, `n` of them met.
    func whole(_ rule: String, met n: Int) throws -> (MarkingResult, MarkingResult) {
        let points = (0..<3).map { k in "point p\(k) \"P\(k)\" {\n  marks 1\n  met when count(items) > \(k)\n}\n" }.joined()
        return try BothPaths.mark(Fixtures.ruleset(points + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when \(rule)\n}\n"), items(n))
    }

    @Test func strictAgainstInclusiveTotals() throws {
        for (n, strict, inclusive) in [(1, "Fail", "Fail"), (2, "Fail", "Pass"), (3, "Pass", "Pass")] {
            let (a, b) = try whole("total > 2", met: n)
            #expect([a.grade, b.grade] == [strict, strict], "total \(n) > 2")
            let (c, d) = try whole("total >= 2", met: n)
            #expect([c.grade, d.grade] == [inclusive, inclusive], "total \(n) >= 2")
        }
    }

    @Test func theMarksStillNeededForAStrictBoundary() throws {
        // `total > 2` with whole marks needs 3; `total >= 2` needs 2.
        let (strict, _) = try whole("total > 2", met: 2)
        #expect(strict.nextSteps == ["Gain 1 more mark: Pass needs 3 and you have 2 of 3."])
        let (strict1, _) = try whole("total > 2", met: 1)
        #expect(strict1.nextSteps == ["Gain 2 more marks: Pass needs 3 and you have 1 of 3."])
        let (inclusive, _) = try whole("total >= 2", met: 1)
        #expect(inclusive.nextSteps == ["Gain 1 more mark: Pass needs 2 and you have 1 of 3."])
        // Half marks: `total > 1` first holds at 1.5.
        let halves = (0..<4).map { k in "point p\(k) \"P\(k)\" {\n  marks 0.5\n  met when count(items) > \(k)\n}\n" }.joined()
        let r = Fixtures.ruleset(halves + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total > 1\n}\n")
        let (at, atTree) = try BothPaths.mark(r, items(2))
        #expect(at.total == Marks(1))
        #expect(at.grade == "Fail")
        #expect(atTree.grade == "Fail")
        #expect(at.nextSteps == ["Gain 0.5 more marks: Pass needs 1.5 and you have 1 of 2."])
        let (above, _) = try BothPaths.mark(r, items(3))
        #expect(above.grade == "Pass")
    }

    @Test func verdictTestsInGradingAtEachVerdict() throws {
        // `is partially met` means at least partially met; `is not met` only not met.
        for (test, expected) in [("is met", [false, false, true]), ("is partially met", [false, true, true]), ("is not met", [true, false, false])] {
            let r = Fixtures.ruleset("""
                point f "F" {
                  marks 2
                  partial marks 1
                  met when count(items) >= 2
                  partially met when count(items) = 1
                }
                grading {
                  grades "Fail", "Pass"
                  grade "Pass" when f \(test)
                }
                """)
            for n in 0...2 {
                let (a, b) = try BothPaths.mark(r, items(n))
                let grade = expected[n] ? "Pass" : "Fail"
                #expect([a.grade, b.grade] == [grade, grade], "f \(test) with \(n) items")
            }
        }
    }
}
