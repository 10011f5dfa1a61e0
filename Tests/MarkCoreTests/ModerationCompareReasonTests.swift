import Testing

@testable import MarkCore

/// The reasons `mark compare` gives (boundaries, floors), its feedback count and the grade-rename
/// mapping: regression tests for the defects in issue 17.
@Suite struct ModerationCompareReasonTests {
    typealias D = ModerationDiffTests

    /// One submission marked under two inline rule versions and compared.
    static func compare(_ newBody: String, items: [String], also more: [[String]] = [], gradeMap: GradeMap = GradeMap()) throws -> CohortComparison.Group {
        let old = D.ruleset(D.base, path: "old.rules")
        let new = D.ruleset(newBody, path: "new.rules")
        var pairs: [(old: MarkingResult, new: MarkingResult)] = []
        for (i, list) in ([items] + more).enumerated() {
            let json = Fixtures.submissionJSON(list)
            var a = try Fixtures.mark(old, json)
            var b = try Fixtures.mark(new, json)
            a.path = "s\(i).json"
            b.path = "s\(i).json"
            pairs.append((a, b))
        }
        let c = CohortComparison.build(pairs: pairs, rulesets: [old, new], unmarked: [], skipped: 0, submissions: pairs.count, gradeMap: gradeMap)
        return try #require(c.groups.first)
    }

    @Test func aTotalThatJumpsOverBothBoundariesCitesNoBoundary() throws {
        // Merit 5 → 4, and one good item now meets p1: total 4 → 6, past both boundaries.
        let body = D.replacing("grade \"Merit\" when total >= 5", "grade \"Merit\" when total >= 4").replacing("define minimum = 2", with: "define minimum = 1")
        let g = try Self.compare(body, items: [Fixtures.item("E1")])
        let e = try #require(g.changed.first)
        #expect(e.old.total == 4 && e.new.total == 6)
        #expect(e.old.grade == "Fail" && e.new.grade == "Merit")
        #expect(e.reasons == ["p1: partially met → met"], "the boundary is no reason: 6 reaches Merit under 5 and under 4")
    }

    @Test func aTotalBetweenTheBoundariesCitesTheBoundary() throws {
        // Merit 6 → 5 with the total 5 unchanged (two good observations: p1 met 4 + p2 met 2 = 6; one witness item: 4 + 0).
        let old = D.base.replacing("grade \"Merit\" when total >= 5 and p2 is met", with: "grade \"Merit\" when total >= 7")
        let new = D.base.replacing("grade \"Merit\" when total >= 5 and p2 is met", with: "grade \"Merit\" when total >= 6")
        let a = D.ruleset(old, path: "old.rules")
        let b = D.ruleset(new, path: "new.rules")
        let json = Fixtures.submissionJSON([Fixtures.item("E1"), Fixtures.item("E2", date: "2025-03-09")])
        let c = CohortComparison.build(pairs: [(try Fixtures.mark(a, json), try Fixtures.mark(b, json))], rulesets: [a, b], unmarked: [], skipped: 0, submissions: 1)
        let e = try #require(c.groups.first?.changed.first)
        #expect(e.reasons == ["boundary of Merit 7 → 6 marks (total 6)"])
    }

    @Test func aRemovedFloorIsNamedAsTheReason() throws {
        // Two signed witness testimonies: p1 met (4), p2 not met, below its floor under the old version.
        let body = D.replacing("  floor p2 at partially met\n", "")
        let items = [Fixtures.item("E1", kind: "witness_testimony"), Fixtures.item("E2", kind: "witness_testimony", date: "2025-03-09")]
        let g = try Self.compare(body, items: items)
        let e = try #require(g.changed.first)
        #expect(e.old.grade == "Fail" && e.new.grade == "Pass")
        #expect(e.reasons == ["floor on 'p2' (at partially met) removed: it held this submission at Fail under the old version"])
    }

    @Test func anAddedFloorIsNamedAsTheReason() throws {
        let body = D.replacing("  floor p2 at partially met\n", "  floor p2 at partially met\n  floor p1 at met\n")
        let g = try Self.compare(body, items: [Fixtures.item("E1"), Fixtures.item("E2", kind: "witness_testimony", signed: false)])
        let e = try #require(g.entries.first)
        #expect(e.new.grade == "Fail")
        #expect(e.floors == ["floor on 'p1' (at met) added: it holds this submission at Fail"])
    }

    @Test func feedbackOnlyChangesAreCountedWithAnExample() throws {
        let body = D.replacing("feedback met \"Seen {n} times.\"", "feedback met \"Seen on {n} occasions.\"")
        let g = try Self.compare(body, items: [Fixtures.item("E1"), Fixtures.item("E2", date: "2025-03-09")])
        #expect(g.changed.isEmpty, "grade, total and verdicts are the same")
        #expect(g.feedbackOnly.count == 1)
        #expect(g.feedbackChanged.first?.feedbackChanges == [CohortComparison.FeedbackChange(point: "p1", old: "Seen 2 times.", new: "Seen on 2 occasions.")])
        let c = CohortComparison(groups: [g], unmarked: [], skipped: 0, submissions: 1)
        let text = CohortComparisonReport.text(c, labels: .init(old: "old.rules", new: "new.rules"), masking: .none)
        #expect(text.contains("\n  Feedback that reads differently (1 of 1, 1 with no change of grade, total or verdict)\n    for example L-1, p1:\n      old  Seen 2 times.\n      new  Seen on 2 occasions.\n"))
        let json = CohortComparisonReport.json(c, labels: .init(old: "old.rules", new: "new.rules"), masking: .none)
        #expect(json.contains("\"feedbackChanged\": 1,") && json.contains("\"feedbackOnly\": 1,"))
        #expect(json.contains("\"new\": \"Seen on 2 occasions.\""))
    }

    @Test func aGradeMapReadsRenamedGradesUnderTheirNewNames() throws {
        let body = D.replacing("grades \"Fail\", \"Pass\", \"Merit\"", "grades \"Referral\", \"Pass\", \"Merit\"")
        // A Fail (one good item) and a Merit (two good observations).
        let items = [Fixtures.item("E1")]
        let more = [[Fixtures.item("E1"), Fixtures.item("E2", date: "2025-03-09")]]
        let plain = try Self.compare(body, items: items, also: more)
        #expect(plain.changed.count == 1, "without the map, Fail → Referral is a change")
        #expect(plain.agreement.quadratic.value == nil)
        let map = try GradeMap.parse(["Fail=Referral"]).get()
        let mapped = try Self.compare(body, items: items, also: more, gradeMap: map)
        #expect(mapped.changed.isEmpty)
        #expect(mapped.oldGrades == ["Referral", "Pass", "Merit"])
        #expect(mapped.renamedGrades == ["Fail → Referral"])
        #expect(mapped.agreement.table.agreed == 2)
        #expect(mapped.agreement.quadratic.value != nil, "one grade scale once renamed: weighted kappa is computed")
    }

    @Test func gradeMapSpecificationsAreChecked() {
        #expect(GradeMap.parse(["Referral"]).failureMessage == "'Referral' is not a renaming; write OLD=NEW, for example Referral=Fail")
        #expect(GradeMap.parse(["=Fail"]).failureMessage == "'=Fail' needs a grade on both sides of '=' (OLD=NEW)")
        #expect(GradeMap.parse(["A=B", "A=C"]).failureMessage == "grade 'A' is renamed twice ('A=B' and 'A=C')")
        let map = try? GradeMap.parse(["Referral=Fail", "Good=Merit"]).get()
        #expect(map?.apply("Referral") == "Fail" && map?.apply("Pass") == "Pass")
    }

    @Test func learnerIdsAreNotTrimmed() throws {
        let sheet = try DecisionSheet.read(SourceFile(path: "d.csv", text: "learner,grade\nL-1,Pass\nL-1 ,Merit\n")).get()
        #expect(sheet.decisions.map(\.learner) == ["L-1", "L-1 "], "two ids, not one learner twice")
    }
}

extension Result where Failure == GradeMapError {
    var failureMessage: String? {
        if case .failure(let e) = self { return e.message }
        return nil
    }
}
