import Testing

@testable import MarkCore

/// Several raters per learner, and the quality assurer's record, read from a decisions file.
@Suite struct ModerationRatersTests {
    func sheet(_ text: String) -> Result<DecisionSheet, DiagnosticList> {
        DecisionSheet.read(SourceFile(path: "d.csv", text: text))
    }

    func messages(_ text: String) -> String {
        guard case .failure(let list) = sheet(text) else { return "" }
        return list.items.map(\.message).joined(separator: " | ")
    }

    @Test func raterColumnAllowsOneRowPerRater() throws {
        let s = try sheet("learner,rater,grade\nL-1,R-1,Pass\nL-1,R-2,Merit\n").get()
        #expect(s.hasRater)
        #expect(s.decisions.map(\.rater) == ["R-1", "R-2"])
        #expect(messages("learner,rater,grade\nL-1,R-1,Pass\nL-1,R-1,Merit\n").contains("second row by rater 'R-1' (the first is on line 2); give one decision per learner, unit and rater"))
        #expect(messages("learner,grade\nL-1,Pass\nL-1,Merit\n").contains("or add a 'rater' column"))
    }

    @Test func ratersAgreementIsWiredToTheStatistics() throws {
        let set = ModerationDecisionsTests.results()
        // Three raters; L-1 and L-2 unanimous, L-3 split 2:1 (Merit, Merit, Pass).
        let text = "learner,rater,grade\nL-1,R-1,Fail\nL-1,R-2,Fail\nL-1,R-3,Fail\nL-2,R-1,Pass\nL-2,R-2,Pass\nL-2,R-3,Pass\nL-3,R-1,Merit\nL-3,R-2,Merit\nL-3,R-3,Pass\n"
        let a = DecisionAgreement.analyse(results: set.records, sheet: try sheet(text).get(), scales: GradeScales(results: set.records), tolerance: nil)
        let r = try #require(a.raters)
        #expect(a.byAssessor.map(\.name) == ["R-1", "R-2", "R-3"], "per-rater figures against the engine")
        let g = try #require(r.groups.first)
        #expect(g.matrix.raters == ["R-1", "R-2", "R-3"])
        #expect(g.matrix.ratings == [[0, 0, 0], [1, 1, 1], [2, 2, 1]])
        // Fleiss by hand: Σn² = 9+9+5 = 23, N n = 9, A = 14, B = 18; column totals 3, 4, 2: C = 29, D = 81;
        // κ = (14·81 − 29·18) / (18·(81 − 29)) = 612 / 936.
        #expect(abs((g.fleiss.statistic.value ?? 0) - 612.0 / 936.0) < 1e-12)
        #expect(g.fleiss.statistic == RaterStatistics.fleissKappa(g.matrix))
        #expect(g.alphaOrdinal.statistic == RaterStatistics.krippendorffAlpha(g.matrix, level: .ordinal))
        #expect(g.pairs.map { "\($0.first)/\($0.second)" } == ["R-1/R-2", "R-1/R-3", "R-2/R-3"])
        #expect(g.pairs[0].kappa.statistic.value == 1)
        #expect(g.warning?.contains("only 3 units") == true)
        let interval = try #require(g.fleiss.interval)
        #expect(interval.lower <= interval.upper && interval.replicates == 1000)
        // The same seed gives the same interval; another seed (here) a different one.
        let again = DecisionAgreement.analyse(results: set.records, sheet: try sheet(text).get(), scales: GradeScales(results: set.records), tolerance: nil)
        #expect(again.raters?.groups[0].fleiss.interval == interval)
        let other = DecisionAgreement.analyse(
            results: set.records, sheet: try sheet(text).get(), scales: GradeScales(results: set.records), tolerance: nil, bootstrapSeed: 7)
        #expect(other.raters?.seed == 7)
    }

    @Test func qualityReviewOutcomes() throws {
        #expect(messages("learner,grade,outcome\nL-1,Pass,acept\n").contains("'acept' is not a quality assurance outcome (learner 'L-1'); write accept, reject or resubmit; did you mean 'accept'?"))
        #expect(messages("learner,grade,outcome,action\nL-1,Pass,,re-check\n").contains("has an action or feedback but no outcome"))
        let set = ModerationDecisionsTests.results()
        let text = "learner,grade,outcome,action,feedback\nL-1,Fail,Accepted,,\nL-2,Pass,resubmit,Add a witness statement,\"Good, but thin\"\nL-3,Merit,,,\n"
        let s = try sheet(text).get()
        #expect(s.hasReview && s.decisions.map { $0.review?.outcome } == [.accept, .resubmit, nil])
        let a = DecisionAgreement.analyse(results: set.records, sheet: s, scales: GradeScales(results: set.records), tolerance: nil)
        var q = try #require(a.reviews)
        #expect(q.assessors == [.init(assessor: "A-1", planned: nil, completed: 2, accepted: 1, rejected: 0, resubmit: 1)])
        #expect(q.findings.map(\.learner) == ["L-2"] && q.findings[0].review.feedback == "Good, but thin")
        // Planned: L-1, L-3 and (pseudonymised) L-2; L-3 has no outcome yet.
        q.plan(
            [.init(learner: "L-1", unit: "U", assessor: "A-1"), .init(learner: "P-L-2", unit: "", assessor: "A-1"), .init(learner: "L-3", unit: "U", assessor: "A-1")],
            learners: ["L-1", "L-2", "L-3"], pseudonym: { "P-" + $0 })
        #expect(q.assessors.map { "\($0.assessor) \($0.planned ?? -1) \($0.completed)" } == ["A-1 3 2"])
        #expect(q.outstanding.map(\.learner) == ["L-3"])
        let text2 = QualityReviewReport.text(q, masking: .none)
        #expect(text2.contains("sampling completed: 2 of 3 planned; outstanding: L-3"))
        #expect(text2.contains("action: Add a witness statement"))
    }

    @Test func sampleFileNeedsLearnerAndAssessor() throws {
        guard case .failure(let list) = QualityReviewSummary.readSample(SourceFile(path: "s.csv", text: "learner,unit\nL-1,U\n")) else {
            Issue.record("a sample without an assessor column was read")
            return
        }
        #expect(list.items[0].message.contains("needs 'learner' and 'assessor' columns"))
        let picks = try QualityReviewSummary.readSample(SourceFile(path: "s.csv", text: "learner,assessor,unit\nL-1,A-1,U\n")).get()
        #expect(picks == [.init(learner: "L-1", unit: "U", assessor: "A-1")])
    }
}
