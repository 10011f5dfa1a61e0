import Testing

@testable import MarkCore

/// A small cohort marked under two inline rule versions and compared.
@Suite struct ModerationCompareTests {
    static let newBody = ModerationDiffTests.base
        .replacing("define minimum = 2", with: "define minimum = 3")
        .replacing("  partial marks 2\n", with: "  partial marks 1\n")
        .replacing("point p2 ", with: "point q2 ").replacing("floor p2", with: "floor q2").replacing("p2 is met", with: "q2 is met")

    @Test func transitionsFlipsMarkChangesAndRenames() throws {
        let old = ModerationDiffTests.ruleset(ModerationDiffTests.base, path: "old.rules")
        let new = ModerationDiffTests.ruleset(Self.newBody, path: "new.rules")
        let submissions = [
            Fixtures.submissionJSON([Fixtures.item("E1")]),
            Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E2", date: "2025-03-09")]),
            Fixtures.submissionJSON([Fixtures.item("E1", kind: "witness_testimony", role: "witness", signed: false)]),
        ]
        var pairs: [(old: MarkingResult, new: MarkingResult)] = []
        for (i, json) in submissions.enumerated() {
            var a = try Fixtures.mark(old, json)
            var b = try Fixtures.mark(new, json)
            a.path = "s\(i).json"
            b.path = "s\(i).json"
            a.learnerID = "L-\(i)"
            b.learnerID = "L-\(i)"
            pairs.append((a, b))
        }
        // p1 is required for Pass: partially met gives Fail whatever the total.
        #expect(pairs.map { "\($0.old.grade)→\($0.new.grade)" } == ["Fail→Fail", "Merit→Fail", "Fail→Fail"])
        let c = CohortComparison.build(pairs: pairs, rulesets: [old, new], unmarked: [], skipped: 0, submissions: 3)
        let g = try #require(c.groups.first)
        #expect(g.transitions == [[2, 0, 0], [0, 0, 0], [1, 0, 0]])
        #expect(g.renamedPoints.map { "\($0.old)→\($0.new)" } == ["p2→q2"])
        #expect(g.addedPoints.isEmpty && g.removedPoints.isEmpty)
        #expect(g.changed.map(\.new.learner) == ["L-0", "L-1"])
        #expect(g.changed[0].reasons == ["p1: still partially met, marks 2 → 1"])
        #expect(g.changed[1].flips == [CohortComparison.Flip(oldID: "p1", newID: "p1", old: .met, new: .partiallyMet)])
        #expect(g.agreement.table.agreed == 2)
        #expect(g.agreement.quadratic.value != nil, "same grade list: weighted kappa is computed")
        #expect(g.agreement.kappa == .value(0), "agreement no better than chance: every new grade is Fail")
        let csv = CohortComparisonReport.csv(c, masking: .none)
        #expect(csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 3)
    }
}
