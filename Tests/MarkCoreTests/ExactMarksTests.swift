import Testing

@testable import MarkCore

/// Marks, totals and boundaries are exact decimals: fractional mark sheets grade as a person
/// adds them up.
@Suite struct ExactMarksTests {
    static func points(_ marks: [String]) -> String {
        marks.enumerated().map { i, m in "point p\(i) \"Point \(i)\" {\n  marks \(m)\n  met when count(items) >= 1\n}\n" }.joined()
    }

    @Test func tenthsAddUpToTheBoundary() throws {
        // 0.7 + 0.1 + 0.1 is 0.8999999999999999 in binary floating point.
        let r = Fixtures.ruleset(Self.points(["0.7", "0.1", "0.1"]) + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total >= 0.9\n}\n")
        let result = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1")]))
        #expect(result.total == Marks(hundredths: 90))
        #expect(result.grade == "Pass")
        #expect(result.nextSteps.isEmpty)
        // And the checker agrees that Pass is reachable.
        let warnings = Fixtures.diagnostics(Self.points(["0.7", "0.1", "0.1"]) + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total >= 0.9\n}\n")
        #expect(!warnings.contains { $0.id == "unreachable-grade" })
    }

    @Test func oneHundredthShortIsNamedExactly() throws {
        let body = Self.points(["0.7", "0.1"]) + "point never \"Never\" {\n  marks 0.11\n  met when false\n}\n"
            + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total >= 0.9\n}\n"
        let result = try Fixtures.mark(Fixtures.ruleset(body), Fixtures.submissionJSON([Fixtures.item("E1")]))
        #expect(result.grade == "Fail")
        #expect(result.total == Marks(hundredths: 80))
        #expect(result.nextSteps == ["Gain 0.1 more marks: Pass needs 0.9 and you have 0.8 of 0.91."])
    }

    @Test func unreachableGradeWarningUsesExactSums() {
        // 0.3 + 0.3 + 0.3 = 0.9 exactly, so a boundary of 0.9 is reachable and 0.91 is not.
        let reachable = Fixtures.diagnostics(Self.points(["0.3", "0.3", "0.3"]) + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total >= 0.9\n}\n")
        #expect(!reachable.contains { $0.id == "unreachable-grade" })
        let unreachable = Fixtures.diagnostics(Self.points(["0.3", "0.3", "0.3"]) + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total >= 0.91\n}\n")
        #expect(unreachable.contains { $0.id == "unreachable-grade" && $0.message.contains("needs 0.91 marks but the points give at most 0.9") })
    }

    @Test func tooManyDecimalPlacesIsACheckError() {
        let marks = Fixtures.diagnostics(Self.points(["0.125"]) + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total >= 1\n}\n")
        #expect(marks.contains { $0.severity == .error && $0.id == "marks-precision" && $0.message == "marks are written with at most 2 decimal places, not '0.125'" })
        let boundary = Fixtures.diagnostics(Self.points(["1"]) + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total >= 0.505\n}\n")
        #expect(boundary.contains { $0.severity == .error && $0.id == "marks-precision" && $0.message.contains("'0.505'") })
        // Trailing zeros are not extra precision.
        let zeros = Fixtures.diagnostics(Self.points(["0.500"]) + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total >= 0.50\n}\n")
        #expect(!zeros.contains { $0.severity == .error })
    }

    @Test func strictBoundaryIsTheNextReachableTotal() throws {
        // Half marks: `total > 1.5` first holds at 2; whole marks: `total > 1` first holds at 2.
        let halves = Fixtures.ruleset(Self.points(["0.5", "0.5", "0.5", "0.5"]) + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total > 1.5\n}\n")
        #expect(halves.grading.boundaries[1] == Marks(2))
        let wholes = Fixtures.ruleset(Self.points(["1", "1", "1"]) + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total > 1\n}\n")
        #expect(wholes.grading.boundaries[1] == Marks(2))
        let inclusive = Fixtures.ruleset(Self.points(["1", "1", "1"]) + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total >= 2\n}\n")
        #expect(inclusive.grading.boundaries[1] == Marks(2))
    }

    @Test func marksParseAndPrintExactly() {
        #expect(Marks(exactly: "0.7") == Marks(hundredths: 70))
        #expect(Marks(exactly: "12.25") == Marks(hundredths: 1225))
        #expect(Marks(exactly: "3") == Marks(3))
        #expect(Marks(exactly: "0.125") == nil)
        #expect(Marks(exactly: "1e2") == nil)
        #expect(Marks(exactly: "1.2.3") == nil)
        #expect(Marks(exactly: ".") == nil)
        #expect(Marks.parse("99999999999") == .failure(.tooLarge))
        #expect(Marks(hundredths: 90).description == "0.9")
        #expect(Marks(hundredths: 1205).description == "12.05")
        #expect(Marks(hundredths: -150).description == "-1.5")
        #expect(Marks(hundredths: 400).description == "4")
        #expect(Marks(hundredths: 90).double == 0.9)
        #expect(Marks(nearest: 0.8999999999999999) == Marks(hundredths: 90))
    }

    @Test func nextStepsForAnOrRuleSayOneOf() throws {
        let body = """
            point a "Show A." {
              marks 1
              met when count(i in items where i.kind = "witness_testimony") >= 1
              feedback not met "Add a witness testimony."
            }
            point b "Show B." {
              marks 1
              met when count(i in items where i.kind = "reflective_account") >= 1
              feedback not met "Add a reflective account."
            }
            grading {
              grades "Fail", "Pass"
              grade "Pass" when a is met or b is met
            }

            """
        let result = try Fixtures.mark(Fixtures.ruleset(body), Fixtures.submissionJSON([Fixtures.item("E1")]))
        #expect(result.grade == "Fail")
        #expect(result.nextSteps == ["One of these is needed for Pass: Show A. Add a witness testimony. Or: Show B. Add a reflective account."])
        // With one of them met, nothing is needed.
        let met = try Fixtures.mark(Fixtures.ruleset(body), Fixtures.submissionJSON([Fixtures.item("E1", kind: "reflective_account")]))
        #expect(met.grade == "Pass")
        #expect(met.nextSteps.isEmpty)
    }

    @Test func marksMayBeNamedValues() throws {
        // `marks full_marks` takes the number the definition names, as a boundary does.
        let body = "define full_marks = 2.5\ndefine half_marks = 1.25\ndefine pass_total = 2.5\n"
            + "point p \"P\" {\n  marks full_marks\n  partial marks half_marks\n  met when count(items) >= 2\n  partially met when count(items) >= 1\n}\n"
            + "grading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total >= pass_total\n}\n"
        let r = Fixtures.ruleset(body)
        #expect(r.points[0].marks == Marks(hundredths: 250))
        #expect(r.points[0].partialMarks == Marks(hundredths: 125))
        let partly = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1")]))
        #expect(partly.total == Marks(hundredths: 125))
        #expect(partly.grade == "Fail")
        // A name used only for marks is used: no unused-definition warning.
        #expect(!Fixtures.diagnostics(body).contains { $0.severity != .note && $0.message.contains("full_marks") })
    }

    @Test func aNamedBoundaryHasExactMarksPrecision() {
        let named = Fixtures.diagnostics(Self.points(["1"]) + "define pass_total = 0.505\ngrading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total >= pass_total\n}\n")
        #expect(named.contains { $0.severity == .error && $0.id == "marks-precision" && $0.message == "marks compared with 'total' ('pass_total') are written with at most 2 decimal places, not '0.505'" })
        let named2 = Fixtures.diagnostics(Self.points(["1"]) + "define pass_total = 0.50\ngrading {\n  grades \"Fail\", \"Pass\"\n  grade \"Pass\" when total >= pass_total\n}\n")
        #expect(!named2.contains { $0.severity == .error })
    }
}
