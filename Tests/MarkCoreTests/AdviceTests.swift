import Testing

@testable import MarkCore

/// `advice "…"` in a marking point: parsed, checked as plain text, formatted, carried into the
/// result and used by next steps in place of the examiner's wording.
@Suite struct AdviceTests {
    static let scheme = """
        point core "Award credit for verified evidence of the criterion." {
          marks 4
          partial marks 2
          required for "Pass"
          let n = count(i in items where i.verified_by.signed)
          met when n >= 2
          partially met when n = 1
          feedback partially met "Show a second signed item."
          advice "Have two pieces of your work signed."
        }

        point extra "Assessor to look for witness testimony." {
          marks 4
          met when count(i in items where i.kind = "witness_testimony") >= 1
          feedback not met "Add a witness testimony."
        }

        grading {
          grades "Referral", "Pass", "Distinction"
          floor core at partially met
          grade "Pass" when total >= 4
          grade "Distinction" when total >= 8 and extra is met
        }
        """

    @Test func nextStepsNameAPointByItsAdvice() throws {
        let r = Fixtures.ruleset(Self.scheme)
        #expect(r.points[0].advice == "Have two pieces of your work signed.")
        #expect(r.points[1].advice == nil)

        let none = try Fixtures.mark(r, Fixtures.submissionJSON([]))
        #expect(none.points[0].advice == "Have two pieces of your work signed.")
        #expect(none.nextSteps.first?.hasPrefix("Have two pieces of your work signed — this must be at least partially met") == true)

        let one = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1")]))
        #expect(one.nextSteps.first == "Have two pieces of your work signed (required for Pass). Show a second signed item.")

        // Without advice, the examiner's wording names the point, as before.
        let pass = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E2")]))
        #expect(pass.nextSteps.contains { $0.hasPrefix("Assessor to look for witness testimony (needed for Distinction).") })
    }

    @Test func adviceParsesAndFormatsAsWritten() throws {
        let source = Fixtures.header() + Fixtures.evidence + Self.scheme + "\n"
        let formatted = try #require(Formatter.format(SourceFile(path: "t.rules", text: source)))
        #expect(formatted.contains("\n  advice \"Have two pieces of your work signed.\"\n}"))
        #expect(Formatter.format(SourceFile(path: "t.rules", text: formatted)) == formatted)
    }

    static let adviceIDs = ["advice-placeholder", "empty-advice", "duplicate-statement"]

    @Test func adviceIsPlainNonEmptyTextGivenOnce() {
        func ids(_ statement: String) -> [String] {
            Fixtures.diagnostics("point p \"W\" {\n  marks 1\n  met when true\n  \(statement)\n}\n").map(\.id).filter(Self.adviceIDs.contains)
        }
        #expect(ids("advice \"Show {marks} more.\"") == ["advice-placeholder"])
        #expect(ids("advice \"Write \\{this\\} down.\"") == [])
        #expect(ids("advice \"\"") == ["empty-advice"])
        #expect(ids("advice \"A.\"\n  advice \"B.\"") == ["duplicate-statement"])
    }
}
