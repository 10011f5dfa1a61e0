import Testing

@testable import MarkCore

/// `advice "…"` in a marking point: parsed, checked as plain text, formatted, carried into the
/// result and used by next steps in place of the examiner's wording.
@Suite struct AdviceTests {
    /// The evaluator tests' scheme, with advice for its first point only.
    static let scheme = EvaluatorTests.scheme.replacingOccurrences(
        of: "  feedback partially met \"Show a second signed item.\"\n",
        with: "  feedback partially met \"Show a second signed item.\"\n  advice \"Have two pieces of your work signed.\"\n")

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
        let plain = try Fixtures.mark(Fixtures.ruleset(EvaluatorTests.scheme), Fixtures.submissionJSON([Fixtures.item("E1")]))
        #expect(plain.points[0].advice == nil)
        #expect(plain.nextSteps.first == "Core (required for Pass). Show a second signed item.")
    }

    @Test func adviceParsesAndFormatsAsWritten() throws {
        let source = Fixtures.header() + Fixtures.evidence + Self.scheme + "\n"
        let formatted = try #require(Formatter.format(SourceFile(path: "t.rules", text: source)))
        #expect(formatted.contains("\n  advice \"Have two pieces of your work signed.\"\n"))
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
