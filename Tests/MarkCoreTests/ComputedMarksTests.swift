import Testing

@testable import MarkCore

/// Computed marks (`marks 5 per qualifying, at most 20`) and floors in marks, by both
/// evaluators: the marks at each side of each unit and of the cap, the verdict they give, the
/// floor at, below and above its marks, and the next steps that count what is still needed.
@Suite struct ComputedMarksTests {
    static let point = """
        point ac1 "Explain the team's purpose." {
          marks 5 per qualifying_items, at most 20
          let qualifying_items = count(i in items where i.verified_by.signed)
        }

        """

    static func ruleset(_ point: String = ComputedMarksTests.point, grading: String = "grade \"Pass\" when total >= 15") -> Ruleset {
        Fixtures.ruleset(point + "grading {\n  grades \"Referral\", \"Pass\"\n  \(grading)\n}\n")
    }

    /// The result of `signed` signed items and `unsigned` unsigned ones, the same by both paths.
    func mark(_ r: Ruleset, signed: Int, unsigned: Int = 0) throws -> MarkingResult {
        let items = (0..<signed).map { Fixtures.item("S\($0 + 1)") } + (0..<unsigned).map { Fixtures.item("U\($0 + 1)", signed: false) }
        let (a, b) = try BothPaths.mark(r, Fixtures.submissionJSON(items))
        #expect(a == b, "\(signed) signed: the program and the tree walk differ")
        return a
    }

    @Test func marksGrowByUnitUpToTheCap() throws {
        let r = Self.ruleset()
        #expect(r.points[0].marks == Marks(20))
        #expect(r.maximumMarks == Marks(20))
        let expected: [(Int, Int, VerdictLevel)] = [
            (0, 0, .notMet), (1, 5, .partiallyMet), (3, 15, .partiallyMet), (4, 20, .met), (5, 20, .met), (9, 20, .met),
        ]
        for (n, marks, verdict) in expected {
            let result = try mark(r, signed: n, unsigned: 2)
            #expect(result.points[0].marks == Marks(marks), "\(n) items")
            #expect(result.points[0].maximum == Marks(20))
            #expect(result.points[0].verdict == verdict, "\(n) items")
            #expect(result.total == Marks(marks))
        }
    }

    @Test func aCapBetweenUnitsIsReachedByTheNextUnit() throws {
        let r = Self.ruleset(Self.point.replacingOccurrences(of: "at most 20", with: "at most 12"), grading: "grade \"Pass\" when total >= 10")
        #expect(try mark(r, signed: 2).points[0].marks == Marks(10))
        #expect(try mark(r, signed: 2).points[0].verdict == .partiallyMet)
        #expect(try mark(r, signed: 3).points[0].marks == Marks(12))
        #expect(try mark(r, signed: 3).points[0].verdict == .met)
    }

    @Test func fractionsOfAUnitCountForNothing() throws {
        let point = """
            point p "Half an item." {
              marks 2.5 per half, at most 10
              let half = count(i in items where i.verified_by.signed) / 2
            }

            """
        let r = Self.ruleset(point, grading: "grade \"Pass\" when total >= 5")
        #expect(try mark(r, signed: 1).points[0].marks == .zero)
        #expect(try mark(r, signed: 3).points[0].marks == Marks(hundredths: 250))
        #expect(try mark(r, signed: 4).points[0].marks == Marks(5))
        // Half marks per unit: the total moves in 2.5s, so `total > 5` needs 7.5.
        let strict = Self.ruleset(point, grading: "grade \"Pass\" when total > 5")
        #expect(strict.grading.boundaries[1] == Marks(hundredths: 750))
    }

    @Test func ownConditionsGiveTheVerdictAndTheMarksStayComputed() throws {
        let point = Self.point.replacingOccurrences(of: "i.verified_by.signed)\n", with: "i.verified_by.signed)\n  met when qualifying_items >= 2\n")
        let r = Self.ruleset(point)
        let one = try mark(r, signed: 1)
        #expect(one.points[0].verdict == .notMet)
        #expect(one.points[0].marks == Marks(5))
        let two = try mark(r, signed: 2)
        #expect(two.points[0].verdict == .met)
        #expect(two.points[0].marks == Marks(10))
    }

    @Test func aFloorInMarksHoldsAtItsMarksAndNotBelow() throws {
        let r = Self.ruleset(Self.point, grading: "floor ac1 at 10 marks\n  grade \"Pass\" when total >= 5")
        let below = try mark(r, signed: 1)
        #expect(below.grade == "Referral")
        #expect(below.floorsFailed == ["ac1"])
        let at = try mark(r, signed: 2)
        #expect(at.grade == "Pass")
        #expect(at.floorsFailed.isEmpty)
        #expect(try mark(r, signed: 3).grade == "Pass")
    }

    @Test func nextStepsCountTheUnitsStillNeeded() throws {
        let r = Self.ruleset(Self.point, grading: "floor ac1 at 10 marks\n  grade \"Pass\" when total >= 20")
        let floor = try mark(r, signed: 1)
        #expect(floor.nextSteps.first?.hasPrefix("Explain the team's purpose — this needs at least 10 marks before any grade above Referral can be awarded (it has 5): 1 more qualifying item would add 5 marks.") == true)
        let short = try mark(r, signed: 2)
        #expect(short.nextSteps == ["Gain 10 more marks: Pass needs 20 and you have 10 of 20.", "Explain the team's purpose: 2 more qualifying items would add 10 marks."])
    }

    @Test func theExplanationShowsTheConditionsTheMarksGive() throws {
        let r = Self.ruleset()
        var explainer = Explainer(ruleset: r)
        let s = try BothPaths.submission(r, Fixtures.submissionJSON([Fixtures.item("S1")]))
        let e = try explainer.explain(s)
        #expect(e.points[0].met.text == "qualifying_items >= 4")
        #expect(e.points[0].partiallyMet?.text == "qualifying_items >= 1")
        #expect(e.points[0].marks == Marks(5))
    }

    @Test func formattingKeepsTheComputedMarkAndTheFloor() throws {
        let text = Fixtures.header() + Fixtures.evidence + Self.point
            + "grading {\n  grades \"Referral\", \"Pass\"\n  floor ac1   at 10 marks\n  grade \"Pass\" when total >= 15\n}\n"
        let formatted = try #require(Formatter.format(SourceFile(path: "t.rules", text: text)))
        #expect(formatted.contains("  marks 5 per qualifying_items, at most 20\n"))
        #expect(formatted.contains("  floor ac1 at 10 marks\n"))
        #expect(Formatter.format(SourceFile(path: "t.rules", text: formatted)) == formatted)
    }

    @Test func diffNamesAChangedRateAndFloor() {
        let old = Self.ruleset(Self.point, grading: "floor ac1 at 10 marks\n  grade \"Pass\" when total >= 15")
        let new = Self.ruleset(
            Self.point.replacingOccurrences(of: "marks 5 per", with: "marks 4 per"), grading: "floor ac1 at 8 marks\n  grade \"Pass\" when total >= 15")
        let summaries = RulesetDiff.compare(old: old, new: new).changes.map(\.summary)
        #expect(summaries.contains("ac1: marks 5 per unit → 4 per unit"))
        #expect(summaries.contains("floor on 'ac1': at 10 marks → at 8 marks"))
    }
}
