import Testing

@testable import MarkCore

/// Reading results and decisions, and setting one against the other.
@Suite struct ModerationDecisionsTests {
    static func result(_ learner: String, grade: Int, total: Double, unit: String = "U", verdict: VerdictLevel = .met) -> String {
        let grades = ["Fail", "Pass", "Merit"]
        let next = grade < 2 ? "\"\(grades[grade + 1])\"" : "null"
        return """
            {"format":"result/1","engine":{"name":"mark","version":"0"},"ruleset":{"id":"r","title":"R","version":"1","sha256":"abc"},\
            "submission":{"path":"\(learner).json","learner":"\(learner)","unit":"\(unit)","assessor":"A-1"},"grade":"\(grades[grade])",\
            "gradeIndex":\(grade),"total":\(JSONWriter.format(total)),"maximum":10,"floorsFailed":[],\
            "points":[{"id":"p1","verdict":"\(verdict.words)","marks":1,"maximum":2,"requiredFor":null,"evidence":[],"feedback":""}],\
            "nextGrade":\(next),"nextSteps":[]}
            """
    }

    static var ndjson: String {
        [
            result("L-1", grade: 0, total: 2, verdict: .notMet), result("L-2", grade: 1, total: 5), result("L-3", grade: 2, total: 9),
            #"{"format":"result/1","submission":{"path":"bad.json"},"errors":[]}"#, #"{"format":"summary/1","submissions":4}"#,
        ].joined(separator: "\n") + "\n"
    }

    static func results() -> ResultSet {
        var set = ResultSet()
        ResultsReader.read(SourceFile(path: "r.ndjson", text: ndjson), into: &set)
        return set
    }

    @Test func resultsReaderCountsSkippedRecords() {
        let set = Self.results()
        #expect(set.records.map(\.learner) == ["L-1", "L-2", "L-3"])
        #expect(set.errorRecords == 1)
        #expect(set.otherRecords == 1)
        #expect(!set.hasErrors)
        #expect(set.records[1].origin == "r.ndjson:2")
        #expect(set.records[0].points.first?.verdict == .notMet)
        var one = ResultSet()
        ResultsReader.read(SourceFile(path: "one.json", text: Self.result("L-9", grade: 1, total: 5)), into: &one)
        #expect(one.records.count == 1)
    }

    @Test func malformedResultIsAnErrorAtItsLine() {
        var set = ResultSet()
        let source = SourceFile(path: "r.ndjson", text: Self.result("L-1", grade: 0, total: 1) + "\n{\"format\":\"result/1\",\"grade\":3}\nnot json\n")
        ResultsReader.read(source, into: &set)
        #expect(set.records.count == 1)
        #expect(set.diagnostics.count == 2)
        #expect(set.diagnostics.map { source.location(of: $0.range.lowerBound).line } == [2, 3])
        #expect(set.diagnostics[0].message.contains("missing the \"ruleset\" object"))
    }

    func sheet(_ text: String) -> Result<DecisionSheet, DiagnosticList> {
        DecisionSheet.read(SourceFile(path: "d.csv", text: text))
    }

    @Test func decisionSheetColumns() throws {
        let s = try sheet("Learner,Name,Grade,marks,p1,notes\nL-1,Ann Example,Fail,3,not met,ok\nL-2,,pass,,,\n").get()
        #expect(s.decisions.count == 2)
        #expect(s.hasMarks && !s.hasAssessor)
        #expect(s.pointColumns.map(\.name) == ["p1"], "name and notes are ignored")
        #expect(s.decisions[0].marks == 3 && s.decisions[0].points.first?.verdict == .notMet)
        #expect(s.decisions[1].marks == nil && s.decisions[1].points.isEmpty)
    }

    @Test func decisionSheetMistakes() {
        func first(_ text: String) -> String {
            guard case .failure(let list) = sheet(text) else { return "" }
            return list.items.map(\.message).joined(separator: " | ")
        }
        #expect(first("learner,grde\nL-1,Pass\n").contains("no 'grade' column"))
        #expect(first("learner,grade,p1\nL-1,Pass,mett\n").contains("did you mean 'met'?"))
        #expect(first("learner,grade\nL-1,Pass\nL-1,Merit\n").contains("second row (the first is on line 2)"))
        #expect(first("learner,grade,marks\nL-1,Pass,ten\n").contains("is not a number"))
        #expect(first("learner,grade\n,Pass\n").contains("no learner id"))
    }

    @Test func agreementTolerancesAndDisagreements() throws {
        let set = Self.results()
        let decisions = try sheet("learner,grade,marks,p1,assessor\nL-1,Fail,2,not met,M-1\nL-2,Merit,8,partially met,M-1\nL-3,Merit,9,met,M-2\nL-9,Pass,,,M-2\n").get()
        let scales = GradeScales(results: set.records)
        let a = DecisionAgreement.analyse(results: set.records, sheet: decisions, scales: scales, tolerance: 2)
        #expect(a.matches.count == 3)
        #expect(a.unmatched.map(\.learner) == ["L-9"])
        #expect(a.diagnostics.contains { $0.severity == .warning && $0.message.contains("no engine result for learner 'L-9'") })
        #expect(a.overall.table.agreed == 2)
        #expect(a.byAssessor.map(\.name) == ["M-1", "M-2"])
        #expect(a.disagreements.map(\.result.learner) == ["L-2"])
        #expect(a.disagreements[0].pointDifferences.map { "\($0.id) \($0.engine.words) \($0.human.words)" } == ["p1 met partially met"])
        let t = try #require(a.tolerance)
        #expect(!t.stands && t.checked == 3 && t.outside.count == 1 && t.largest == 3)
        #expect(DecisionAgreementReport.toleranceLine(t, masking: .none).hasPrefix("outside tolerance: 1 of 3"))
        let loose = DecisionAgreement.analyse(results: set.records, sheet: decisions, scales: scales, tolerance: 3)
        #expect(loose.tolerance?.stands == true)
        #expect(DecisionAgreementReport.toleranceLine(loose.tolerance!, masking: .none).hasPrefix("marks stand"))
    }

    @Test func unknownGradeAndAmbiguousLearnerAreErrors() throws {
        var set = Self.results()
        ResultsReader.read(SourceFile(path: "more.ndjson", text: Self.result("L-1", grade: 1, total: 5, unit: "V")), into: &set)
        let decisions = try sheet("learner,grade\nL-1,Pass\nL-2,Merrit\n").get()
        let a = DecisionAgreement.analyse(results: set.records, sheet: decisions, scales: GradeScales(results: set.records), tolerance: nil)
        let errors = a.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(errors.count == 2)
        #expect(errors[0].contains("results for 2 units (U, V); add a 'unit' column"))
        #expect(errors[1].contains("'Merrit' is not a grade of r 1: Fail, Pass, Merit; did you mean 'Merit'?"))
    }
}
