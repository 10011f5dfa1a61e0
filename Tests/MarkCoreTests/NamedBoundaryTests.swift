import Foundation
import Testing

@testable import MarkCore

/// A grade boundary may be a named value (`define pass_total = 2`, `grade "Pass" when total >=
/// pass_total`), so that an awarding body's number is set in one place: the boundary is still
/// known to next steps, sampling and comparisons.
@Suite struct NamedBoundaryTests {
    static func rules(_ rule: String, define: String = "define pass_total = 2\ndefine merit_total = 3\n") -> String {
        define + (0..<3).map { "point p\($0) \"Point \($0)\" {\n  marks 1\n  met when count(i in items where i.verified_by.signed) > \($0)\n}\n" }.joined()
            + "grading {\n  grades \"Fail\", \"Pass\", \"Merit\"\n  \(rule)\n}\n"
    }

    @Test func aNamedBoundaryIsTheBoundary() throws {
        let r = Fixtures.ruleset(Self.rules("grade \"Pass\" when total >= pass_total\n  grade \"Merit\" when total > pass_total and p0 is met"))
        #expect(r.grading.boundaries[1] == Marks(2))
        #expect(r.grading.boundaries[2] == Marks(3))
        let one = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1")]))
        #expect(one.grade == "Fail")
        #expect(one.nextSteps.contains("Gain 1 more mark: Pass needs 2 and you have 1 of 3."), "\(one.nextSteps)")
        let two = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E2")]))
        #expect(two.grade == "Pass")
    }

    @Test func aNameThatIsNotANumberIsNoBoundary() {
        let r = Fixtures.ruleset(Self.rules("grade \"Pass\" when total >= pass_total + 0", define: "define pass_total = 2\n"))
        #expect(r.grading.boundaries[1] == nil)
        let computed = Fixtures.ruleset(Self.rules("grade \"Pass\" when total >= pass_total", define: "define pass_total = 1 + 1\n"))
        #expect(computed.grading.boundaries[1] == nil)
    }
}
