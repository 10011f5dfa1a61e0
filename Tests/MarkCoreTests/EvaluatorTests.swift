import Foundation
import Testing

@testable import MarkCore

/// The evaluator's semantics: quantifiers, missing values, phrases, dates, grading.
@Suite struct EvaluatorTests {
    static let twoGrades = """
        grading {
          grades "Fail", "Pass"
          grade "Pass" when total >= 1
        }
        """

    func verdict(_ condition: String, _ items: [String], lets: String = "") throws -> VerdictLevel {
        let r = Fixtures.ruleset("point p \"P\" {\n  marks 1\n\(lets)  met when \(condition)\n}\n" + Self.twoGrades)
        return try Fixtures.mark(r, Fixtures.submissionJSON(items)).points[0].verdict
    }

    @Test func countsAndQuantifiers() throws {
        let items = [Fixtures.item("E1"), Fixtures.item("E2", role: "learner"), Fixtures.item("E3", signed: false)]
        #expect(try verdict("count(i in items where i.verified_by.signed) = 2", items) == .met)
        #expect(try verdict("count(i in items where i.verified_by.signed) = 3", items) == .notMet)
        #expect(try verdict("any(i in items where i.verified_by.role = \"learner\")", items) == .met)
        #expect(try verdict("all(i in items where i.verified_by.signed)", items) == .notMet)
        #expect(try verdict("none(i in items where i.kind = \"witness_testimony\")", items) == .met)
        #expect(try verdict("count(items) = 3", items) == .met)
        #expect(try verdict("any(i in items)", []) == .notMet)
        #expect(try verdict("all(i in items where false)", []) == .met)
    }

    @Test func regularityCountsDistinctDaysAndWeeks() throws {
        let sameWeek = [Fixtures.item("E1", date: "2025-03-03"), Fixtures.item("E2", date: "2025-03-04"), Fixtures.item("E3", date: "2025-03-04")]
        #expect(try verdict("count(distinct i.date for i in items) = 2", sameWeek) == .met)
        #expect(try verdict("count(distinct week_of(i.date) for i in items) = 1", sameWeek) == .met)
        #expect(try verdict("span(i.date for i in items) = 1", sameWeek) == .met)
        let spread = [Fixtures.item("E1", date: "2025-03-02"), Fixtures.item("E2", date: "2025-03-03"), Fixtures.item("E3", date: "2025-03-24")]
        // 2 March 2025 is a Sunday, 3 March a Monday: different weeks.
        #expect(try verdict("count(distinct week_of(i.date) for i in items) = 3", spread) == .met)
        #expect(try verdict("span(i.date for i in items) >= 3 weeks", spread) == .met)
    }

    @Test func missingValuesNeedOtherwise() throws {
        let items = [Fixtures.item("E1", extra: "\"score\": 7"), Fixtures.item("E2"), Fixtures.item("E3", extra: "\"score\": null")]
        #expect(try verdict("sum(i.score otherwise 0 for i in items) = 7", items) == .met)
        #expect(try verdict("count(i in items where i.score is missing) = 2", items) == .met)
        #expect(try verdict("count(i in items where i.follow_up.personalised otherwise false) = 0", items) == .met)
        #expect(try verdict("(max(i.score otherwise 0 for i in items) otherwise -1) = 7", items) == .met)
        #expect(try verdict("(max(i.score otherwise 0 for i in items where false) otherwise -1) = -1", items) == .met)
        let diagnostics = Fixtures.diagnostics("point p \"P\" {\n  marks 1\n  met when any(i in items where i.score > 3)\n}\n" + Self.twoGrades)
        #expect(diagnostics.contains { $0.id == "optional-value" })
    }

    @Test func phrasesMatchWholeWordsIgnoringCase() throws {
        let items = [Fixtures.item("E1", extra: "\"notes\": \"Found an UNSTATED need by asking; needless delay avoided.\"")]
        #expect(try verdict("any(i in items where (i.notes otherwise \"\") mentions \"unstated need\")", items) == .met)
        #expect(try verdict("any(i in items where (i.notes otherwise \"\") mentions \"stated need\")", items) == .notMet)
        #expect(try verdict("any(i in items where (i.notes otherwise \"\") mentions [\"loyalty\", \"asking\"])", items) == .met)
        #expect(PhraseMatcher.contains("café owner", phrase: "CAFÉ"))
        #expect(!PhraseMatcher.contains("needless", phrase: "need"))
    }

    @Test func datesAndArithmetic() throws {
        let items = [Fixtures.item("E1", date: "2025-03-01", extra: "\"follow_up\": {\"personalised\": true, \"date\": \"2025-03-15\"}")]
        #expect(try verdict("any(i in items where days between i.date and (i.follow_up.date otherwise i.date) = 14)", items) == .met)
        #expect(try verdict("any(i in items where weeks between i.date and (i.follow_up.date otherwise i.date) = 2)", items) == .met)
        #expect(try verdict("any(i in items where i.date within 300 days of submission.submitted)", items) == .met)
        #expect(try verdict("any(i in items where i.date within 100 days of submission.submitted)", items) == .notMet)
        #expect(try verdict("any(i in items where i.date + 14 days = (i.follow_up.date otherwise i.date))", items) == .met)
    }

    @Test func divisionByZeroStopsMarkingWithAnError() throws {
        let r = Fixtures.ruleset("point p \"P\" {\n  marks 1\n  met when count(items) / count(i in items where false) > 1\n}\n" + Self.twoGrades)
        #expect(throws: EvaluationError.self) { try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1")])) }
    }

    @Test func evidenceCitesSatisfyingItemsInOrder() throws {
        let r = Fixtures.ruleset("point p \"P\" {\n  marks 1\n  let n = count(i in items where i.verified_by.role != \"learner\")\n  met when n >= 2\n  feedback met \"Seen {n} times ({evidence}), {marks} marks.\"\n}\n" + Self.twoGrades)
        let result = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("A"), Fixtures.item("B", role: "learner"), Fixtures.item("C")]))
        #expect(result.points[0].evidence == ["A", "C"])
        #expect(result.points[0].feedback == "Seen 2 times (A, C), 1 marks.")
    }

    static let scheme = """
        point core "Core" {
          marks 4
          partial marks 2
          required for "Pass"
          let n = count(i in items where i.verified_by.signed)
          met when n >= 2
          partially met when n = 1
          feedback not met "Show a signed item."
          feedback partially met "Show a second signed item."
        }

        point extra "Extra" {
          marks 4
          met when count(i in items where i.kind = "witness_testimony") >= 1
          feedback not met "Add a witness testimony."
        }

        grading {
          grades "Referral", "Pass", "Merit", "Distinction"
          floor core at partially met
          grade "Pass" when total >= 4
          grade "Merit" when total >= 6
          grade "Distinction" when total >= 8 and extra is met
        }
        """

    @Test func gradingIsCumulativeWithRequiredPointsAndFloors() throws {
        let r = Fixtures.ruleset(Self.scheme)
        let none = try Fixtures.mark(r, Fixtures.submissionJSON([]))
        #expect(none.grade == "Referral")
        #expect(none.floorsFailed == ["core"])
        #expect(none.nextSteps.first?.contains("must be at least partially met") == true)

        let oneSigned = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1")]))
        // Partially met: above the floor, but core is required for Pass.
        #expect(oneSigned.total == Marks(2))
        #expect(oneSigned.grade == "Referral")
        #expect(oneSigned.nextSteps.contains { $0.contains("Show a second signed item.") })

        let pass = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E2")]))
        #expect(pass.grade == "Pass")
        #expect(pass.nextGrade == "Merit")
        #expect(pass.nextSteps.contains { $0.contains("Gain 2 more marks") })

        let top = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E2", kind: "witness_testimony")]))
        #expect(top.grade == "Distinction")
        #expect(top.nextGrade == nil)
        #expect(top.total == Marks(8))
    }

    @Test func sameInputGivesByteIdenticalJSON() throws {
        let r = Fixtures.ruleset(Self.scheme)
        let json = Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E2")])
        let a = ResultJSON.render(try Fixtures.mark(r, json), engineVersion: "t", pretty: true)
        let b = ResultJSON.render(try Fixtures.mark(r, json), engineVersion: "t", pretty: true)
        #expect(a == b)
        #expect(a.contains("\"sha256\": \"\(r.sourceHash)\""))
        #expect(!a.contains("Test Learner"), "the learner's name is personal data and not needed in results")
    }
}

/// Parser limits found by the formatter's author: long chains give an error, not a crash.
@Suite struct ParserLimitTests {
    @Test func longOtherwiseAndMemberChainsAreRejectedNotCrashed() {
        let otherwise = "library \"x\"\ndefine a = 1" + String(repeating: " otherwise 1", count: 20_000) + "\n"
        let (_, d1) = Parser.parse(SourceFile(path: "a.rules", text: otherwise))
        #expect(d1.contains { $0.id == "nesting-too-deep" })
        let member = "library \"x\"\ndefine a = b" + String(repeating: ".c", count: 20_000) + "\n"
        let (_, d2) = Parser.parse(SourceFile(path: "b.rules", text: member))
        #expect(d2.contains { $0.id == "nesting-too-deep" })
    }

    @Test func countOfDistinctListParses() {
        let text = Fixtures.header() + Fixtures.evidence + """
            point p "P" {
              marks 1
              met when count(distinct(i.kind for i in items)) >= 1 and count(distinct i.kind for i in items) >= 1
            }

            grading {
              grades "Fail", "Pass"
              grade "Pass" when total >= 1
            }
            """
        let outcome = Checker.check(source: SourceFile(path: "c.rules", text: text))
        #expect(!outcome.hasErrors, "\(outcome.diagnostics.map(\.message))")
    }
}

/// Findings from writing the shipped rulesets.
@Suite struct EvaluatorRegressionTests {
    @Test func sharedValueDefinitionCitesItsEvidenceInEveryPoint() throws {
        let r = Fixtures.ruleset("""
            define signed_count = count(i in items where i.verified_by.signed)

            point a "A" {
              marks 1
              met when signed_count >= 1
            }

            point b "B" {
              marks 1
              met when signed_count >= 1
            }

            grading {
              grades "Fail", "Pass"
              grade "Pass" when total >= 1
            }
            """)
        let result = try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E2", signed: false)]))
        #expect(result.points[0].evidence == ["E1"])
        #expect(result.points[1].evidence == ["E1"])
    }

    @Test func misspeltValueTestedAgainstAnEnumListIsAnError() {
        let diagnostics = Fixtures.diagnostics("""
            point p "P" {
              marks 1
              met when any(i in items where "observaton" in [i.kind])
            }

            grading {
              grades "Fail", "Pass"
              grade "Pass" when total >= 1
            }
            """)
        #expect(diagnostics.contains { $0.id == "unknown-enum-value" && $0.message.contains("did you mean 'observation'?") })
    }
}

/// `{name|singular|plural}` in feedback agrees with the value.
@Suite struct CountedPlaceholderTests {
    @Test func wordAgreesWithTheCount() throws {
        let r = Fixtures.ruleset("""
            point p "P" {
              marks 1
              let n = count(i in items where i.verified_by.signed)
              met when n >= 0
              feedback met "Seen on {n|day|days}."
            }

            grading {
              grades "Fail", "Pass"
              grade "Pass" when total >= 1
            }
            """)
        #expect(try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1")])).points[0].feedback == "Seen on 1 day.")
        #expect(try Fixtures.mark(r, Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E2")])).points[0].feedback == "Seen on 2 days.")
        #expect(try Fixtures.mark(r, Fixtures.submissionJSON([])).points[0].feedback == "Seen on 0 days.")
    }

    @Test func malformedCountedPlaceholderIsAnError() {
        let diagnostics = Fixtures.diagnostics("""
            point p "P" {
              marks 1
              let n = count(items)
              met when n >= 0
              feedback met "Seen on {n|day}."
            }

            grading {
              grades "Fail", "Pass"
              grade "Pass" when total >= 1
            }
            """)
        #expect(diagnostics.contains { $0.id == "bad-placeholder" })
    }
}

/// A long but legal chain of conditions checks quickly (the height check visits each node once).
@Suite struct LongChainTests {
    @Test func oneHundredFiftyConditionsInARowCheckPromptly() {
        let chain = Array(repeating: "true", count: 150).joined(separator: " and ")
        let start = Date()
        let (_, diagnostics) = Parser.parse(SourceFile(path: "c.rules", text: "library \"x\"\ndefine a = \(chain)\n"))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message))")
        #expect(Date().timeIntervalSince(start) < 5)
    }
}
