import Foundation
import Testing

@testable import MarkCore

/// The analyses on the schemes awarding bodies write: a mark sheet with computed marks and floors
/// in marks, and an end-point assessment graded by components. Why-not and the counterexample
/// search are guided by how far floors in marks and components' grades are, the climb reaches
/// grades that need many items, scheme analysis reads components' scales, and monotonicity
/// covers components' grades.
@Suite struct ComputedAnalysisTests {
    static func header(_ version: String) -> String {
        """
        ruleset "sheet" {
          title "Sheet"
          version "\(version)"
          unit "S-1"
          applies from 2025-09-01
        }

        """
    }

    /// Three criteria, 5 marks per accepted item of the criterion (at most 15), a floor of 10
    /// marks on each.
    static func sheet(version: String = "1.0.0", floor3: Int = 10) -> String {
        header(version) + """
            evidence {
              kinds reflection, plan
              enum criterion { ac1, ac2, ac3 }
              item {
                criterion: criterion
                accepted: boolean
              }
            }
            define qualifying(i: item, c: criterion) = i.accepted and i.criterion = c
            point ac1 "First." {
              marks 5 per qualifying_items, at most 15
              let qualifying_items = count(i in items where qualifying(i, "ac1"))
            }
            point ac2 "Second." {
              marks 5 per qualifying_items, at most 15
              let qualifying_items = count(i in items where qualifying(i, "ac2"))
            }
            point ac3 "Third." {
              marks 5 per qualifying_items, at most 15
              let qualifying_items = count(i in items where qualifying(i, "ac3"))
            }
            grading {
              grades "Referral", "Pass", "Distinction"
              floor ac1 at 10 marks
              floor ac2 at 10 marks
              floor ac3 at \(floor3) marks
              grade "Pass" when total >= 30
              grade "Distinction" when total >= 40
            }
            """
    }

    /// Three components (one point each, Fail/Pass/Distinction by a number); the overall
    /// Distinction needs `distinctions` of them.
    static func epa(version: String = "1.0.0", distinctions: Int = 2, observationRule: String = "best(\"observation\") >= 2") -> String {
        header(version) + """
            evidence {
              kinds observation, discussion, portfolio
              item {
                level: number
              }
            }
            define best(k: kind) = max(i.level for i in items where i.kind = k) otherwise 0
            point obs "Observation." {
              met when best("observation") >= 2
              partially met when best("observation") >= 1
            }
            point pd "Discussion." {
              met when best("discussion") >= 2
              partially met when best("discussion") >= 1
            }
            point port "Portfolio." {
              met when best("portfolio") >= 2
              partially met when best("portfolio") >= 1
            }
            grading {
              grades "Fail", "Pass", "Distinction"
              component observation "Observation" {
                points obs
                grades "Fail", "Pass", "Distinction"
                grade "Pass" when obs is partially met
                grade "Distinction" when \(observationRule)
              }
              component discussion "Discussion" {
                points pd
                grades "Fail", "Pass", "Distinction"
                grade "Pass" when pd is partially met
                grade "Distinction" when pd is met
              }
              component portfolio "Portfolio" {
                points port
                grades "Fail", "Pass", "Distinction"
                grade "Pass" when port is partially met
                grade "Distinction" when port is met
              }
              grade "Distinction" when at least \(distinctions) components are "Distinction"
            }
            """
    }

    static func ruleset(_ text: String, path: String = "r.rules") throws -> Ruleset {
        let outcome = Checker.check(source: SourceFile(path: path, text: text))
        return try #require(outcome.ruleset, "\(outcome.diagnostics.map(\.message))")
    }

    static func submission(_ items: [String], _ ruleset: Ruleset) throws -> Submission {
        let json = """
            {"format": "evidence/1", "learner": {"id": "L-1"}, "unit": "S-1", "started": "2025-09-01",
             "submitted": "2026-03-01", "assessor": "A-1", "items": [\(items.joined(separator: ", "))]}
            """
        let document = try EvidenceReader.open(SourceFile(path: "s.json", text: json)).get()
        return try EvidenceReader.submission(document, schema: ruleset.schema).get()
    }

    static func sheetItems(_ counts: [Int]) -> [String] {
        var out: [String] = []
        for (c, n) in counts.enumerated() {
            for k in 0..<n {
                out.append(#"{"id": "I\#(c)-\#(k)", "kind": "plan", "date": "2025-10-0\#(k + 1)", "criterion": "ac\#(c + 1)", "accepted": true}"#)
            }
        }
        return out
    }

    static func epaItems(_ levels: [Int]) -> [String] {
        zip(["observation", "discussion", "portfolio"], levels).map { kind, level in
            #"{"id": "\#(kind)", "kind": "\#(kind)", "date": "2025-10-01", "level": \#(level)}"#
        }
    }

    static func distance(_ ruleset: Ruleset, _ items: [String], toGrade g: Int) throws -> Double {
        var e = Evaluator(ruleset: ruleset)
        _ = try e.mark(try submission(items, ruleset))
        return e.distance(toGrade: g)
    }

    @Test func aFloorInMarksIsNearerWithEachQualifyingItem() throws {
        let r = try Self.ruleset(Self.sheet())
        // ac1 and ac2 at 15 marks, ac3 below its floor of 10: Referral, although the total is 30.
        let none = try Self.distance(r, Self.sheetItems([3, 3, 0]), toGrade: 1)
        let one = try Self.distance(r, Self.sheetItems([3, 3, 1]), toGrade: 1)
        let two = try Self.distance(r, Self.sheetItems([3, 3, 2]), toGrade: 1)
        #expect(none > one, "a floor in marks two units short is further than one short: \(none), \(one)")
        #expect(one > 0, "a floor in marks not yet passed is not reached")
        #expect(two == 0, "at 10 marks on ac3 and a total of 40, Pass is reached")
    }

    @Test func componentsBelowTheirGradeAreCountedByHowFarEachIs() throws {
        let r = try Self.ruleset(Self.epa())
        let d0 = try Self.distance(r, Self.epaItems([1, 1, 1]), toGrade: 2)
        let d1 = try Self.distance(r, Self.epaItems([1, 1, 2]), toGrade: 2)
        let d2 = try Self.distance(r, Self.epaItems([1, 2, 2]), toGrade: 2)
        #expect(d0 > d1, "two components short is further than one short: \(d0), \(d1)")
        #expect(d1 > 0)
        #expect(d2 == 0, "two Distinctions give the overall Distinction")
    }

    @Test func whyNotOnAMarkSheetAddsTheQualifyingItemsTheFloorNeeds() throws {
        let r = try Self.ruleset(Self.sheet())
        let answer = try WhyNot(ruleset: r).answer(try Self.submission(Self.sheetItems([3, 3, 1]), r))
        #expect(answer.before.grade == "Referral")
        #expect(answer.target == "Pass")
        #expect(answer.outcome == .found)
        #expect(answer.steps.count == 1, "one more ac3 item passes the floor: \(answer.steps.map(\.text))")
        #expect(answer.steps.first?.text.contains("ac3") == true, "\(answer.steps.map(\.text))")
        let text = try #require(answer.changedText)
        #expect(EvidenceFileWriter.remark(text, path: "w.json", ruleset: r)?.grade == "Pass")
    }

    @Test func whyNotPrintsNoMarksForAnAssessmentWithout() throws {
        let r = try Self.ruleset(Self.epa())
        let answer = try WhyNot(ruleset: r).answer(try Self.submission(Self.epaItems([1, 1, 2]), r))
        #expect(answer.outcome == .found)
        #expect(answer.after?.grade == "Distinction")
        let text = WhyNotReport.text(answer)
        #expect(!text.contains("marks"), "\(text)")
        #expect(text.hasPrefix("s.json: Pass under sheet 1.0.0\n"), "\(text)")
        let json = WhyNotReport.json(answer)
        #expect(json.contains(#""total": null"#), "\(json)")
    }

    static func findings(_ old: String, _ new: String) throws -> [Counterexamples.Finding] {
        let a = try ruleset(old, path: "old.rules"), b = try ruleset(new, path: "new.rules")
        var search = Counterexamples(old: a, new: b)
        return search.find(RulesetDiff.compare(old: a, new: b))
    }

    @Test func aRaisedFloorInMarksHasACounterexampleWithEnoughItemsToReachIt() throws {
        let found = try Self.findings(Self.sheet(), Self.sheet(version: "1.1.0", floor3: 15))
        let floor = try #require(found.first { $0.change.subject.hasPrefix("floor") })
        let s = try #require(floor.submission, "the climb reaches the grades the floor holds back: \(floor.statement)")
        #expect(floor.old?.grade != floor.new?.grade, "\(floor.statement)")
        #expect(floor.new?.grade == "Referral", "\(floor.statement)")
        #expect(s.items.count >= 6, "Pass needs 30 marks, six qualifying items")
    }

    @Test func moreComponentsNeededHasACounterexample() throws {
        let found = try Self.findings(Self.epa(), Self.epa(version: "1.1.0", distinctions: 3))
        let grade = try #require(found.first { $0.change.section == .grading })
        #expect(grade.old?.grade == "Distinction", "\(grade.statement)")
        #expect(grade.new?.grade == "Pass", "\(grade.statement)")
        #expect(grade.statement == "grade Distinction under old, Pass under new")
    }

    @Test func verdictDifferencesOfAnAssessmentWithoutMarksNameNoMarks() throws {
        let found = try Self.findings(Self.epa(), Self.epa(version: "1.1.0", observationRule: "best(\"observation\") >= 3"))
        let all = found.map(\.statement).joined(separator: "\n")
        #expect(!all.contains("(0)"), "\(all)")
    }

    @Test func aComponentGradeNoSubmissionReachesIsReportedAndCounted() throws {
        let r = try Self.ruleset(Self.epa(distinctions: 3, observationRule: #"best("observation") >= 9 and best("observation") < 3"#))
        let messages = SchemeAnalysis.warnings(r).map(\.message)
        #expect(messages.contains { $0.hasPrefix("no submission can reach 'Distinction' in component 'observation'") }, "\(messages)")
        #expect(
            messages.contains { $0.contains("no submission can reach 'Distinction': 'at least 3 components are \"Distinction\"' cannot hold: it needs 3 of 3 components, and 'observation' cannot reach 'Distinction'") },
            "\(messages)")
        // With two of three needed, the overall Distinction can still be reached.
        let two = try Self.ruleset(Self.epa(distinctions: 2, observationRule: #"best("observation") >= 9 and best("observation") < 3"#))
        #expect(!SchemeAnalysis.warnings(two).map(\.message).contains { $0.hasPrefix("no submission can reach 'Distinction':") })
    }

    @Test func aComponentGradeThatMoreEvidenceLowersIsNotMonotonic() throws {
        let rule = #"obs is met and count(i in items where i.kind = "observation") < 2"#
        let r = try Self.ruleset(Self.epa(observationRule: rule))
        let warnings = SchemeAnalysis.warnings(r).filter { $0.id == "not-monotonic" }
        let w = try #require(warnings.first)
        #expect(w.message.hasPrefix("adding an evidence item can lower the grade of component 'observation' from 'Distinction'"), "\(w.message)")
        #expect(SchemeAnalysis.warnings(try Self.ruleset(Self.epa())).allSatisfy { $0.id != "not-monotonic" })
    }
}
