import Testing

@testable import MarkCore

/// Staged moderation: stage 1's verdict, stage 2's pattern of differences and proposal, and the
/// report's three forms.
@Suite struct StagedModerationTests {
    /// Moderates the three results of `ModerationDecisionsTests` (totals 2, 5, 9; one assessor)
    /// against moderator marks.
    func moderate(_ marks: [Double], tolerance: Double) throws -> StagedModeration {
        let set = ModerationDecisionsTests.results()
        let grades = ["Fail", "Pass", "Merit"]
        let rows = zip(["L-1", "L-2", "L-3"], marks).enumerated().map { "\($0.element.0),\(grades[$0.offset]),\(JSONWriter.format($0.element.1))" }
        let sheet = try DecisionSheet.read(SourceFile(path: "m.csv", text: "learner,grade,marks\n" + rows.joined(separator: "\n") + "\n")).get()
        let scales = GradeScales(results: set.records)
        let a = DecisionAgreement.analyse(results: set.records, sheet: sheet, scales: scales, tolerance: tolerance)
        return StagedModeration.moderate(a, cohort: set.records, tolerance: tolerance, plan: SamplePlan(), scales: scales)
    }

    @Test func stageOnePassesWithinTolerance() throws {
        let m = try moderate([3, 4, 9], tolerance: 1)
        #expect(m.stands && m.proposal == .marksStand)
        #expect(m.evidence == ["all 3 moderated submissions are within ±1 marks (largest difference 1)"])
        #expect(m.extendedSample == nil, "no further sample when the marks stand")
    }

    @Test func aConsistentShiftIsAnAdjustment() throws {
        let m = try moderate([0, 3, 7], tolerance: 1)
        #expect(!m.stands)
        #expect(m.mean == -2)
        #expect(m.interval?.lower == -2 && m.interval?.upper == -2)
        #expect(m.proposal == .adjust(marks: -2, assessors: nil))
        #expect(m.byAssessor == [.init(assessor: "A-1", n: 3, mean: -2, smallest: -2, largest: -2, outside: 3)])
        #expect(m.byAssessor[0].direction(tolerance: 1) == "lenient")
        #expect(StagedModerationReport.proposalLine(m, masking: .none) == "adjust every mark of the cohort by -2 marks")
    }

    @Test func differencesBothWaysAreARemark() throws {
        let m = try moderate([5, 2, 9], tolerance: 1)
        #expect(m.proposal == .remark(assessors: nil))
        #expect(m.byAssessor[0].direction(tolerance: 1) == "inconsistent")
        #expect(m.evidence.last?.contains("no adjustment is supported: re-mark") == true)
    }

    /// The extended sample is weighted toward the assessors stage 1 flagged: their share and
    /// minimum are doubled, their results weigh twice as much, and each such pick says why.
    @Test func theExtendedSampleLooksHarderAtFlaggedAssessors() throws {
        let cohort = ModerationSamplingTests.cohort(30)
        // Two moderated results of each assessor; A-2's marks are 5 below the centre's.
        let moderated = ["A-1", "A-2", "A-3"].flatMap { a in cohort.filter { $0.assessor == a }.prefix(2) }
        let rows = moderated.map { "\($0.learner),\($0.grade),\(JSONWriter.format($0.total - ($0.assessor == "A-2" ? 5 : 0)))" }
        let sheet = try DecisionSheet.read(SourceFile(path: "m.csv", text: "learner,grade,marks\n" + rows.joined(separator: "\n") + "\n")).get()
        let scales = GradeScales(results: cohort)
        let a = DecisionAgreement.analyse(results: cohort, sheet: sheet, scales: scales, tolerance: 2)
        var plan = SamplePlan()
        plan.everyGrade = false
        let m = StagedModeration.moderate(a, cohort: cohort, tolerance: 2, plan: plan, scales: scales)
        #expect(!m.stands)
        let extended = try #require(m.extendedSample)
        #expect(extended.plan.flaggedAssessors == ["A-2"])
        let quotas = Dictionary(uniqueKeysWithValues: extended.assessors.map { ($0.assessor, $0) })
        // 8 results each not yet moderated: 10% of 8 rounded up is 1; flagged, 20% and at least 2.
        #expect(quotas["A-1"]?.quota == 1 && quotas["A-1"]?.isFlagged == false)
        #expect(quotas["A-3"]?.quota == 1)
        #expect(quotas["A-2"]?.quota == 2 && quotas["A-2"]?.isFlagged == true && quotas["A-2"]?.share == 2000)
        let flaggedPicks = extended.picks.filter { $0.record.assessor == "A-2" }
        #expect(flaggedPicks.count == 2)
        for p in flaggedPicks {
            #expect(p.reasons[0].hasPrefix("drawn for A-2's share: ") && p.reasons[0].hasSuffix(" from 8 (flagged at stage 1, 20%, at least 2)"), "\(p.reasons)")
            #expect(p.reasons.contains("flagged at stage 1: A-2's moderated marks were outside the tolerance (weight ×2)"))
            #expect(p.weight % SamplePlan.flaggedFactor == 0)
        }
        #expect(extended.picks.filter { $0.record.assessor != "A-2" }.allSatisfy { !$0.reasons.joined().contains("flagged") })
        // Without a flag the same plan gives A-2 one pick, as the others.
        let plain = Sampler.draw(cohort.filter { r in !moderated.contains { $0.learner == r.learner } }, plan: plan, scales: scales)
        #expect(plain.assessors.first { $0.assessor == "A-2" }?.quota == 1)
    }

    @Test func reportFormsEscapeTheirText() {
        var doc = ModerationDocument(title: "Report <1>")
        doc.blocks = [.heading("A|B"), .paragraph("x*y & <b>"), .list(["it's"]), .table([["learner", "n"], ["L-<1>", "2"]], right: [1])]
        #expect(doc.text() == "Report <1>\n\nA|B\n  x*y & <b>\n    - it's\n    learner  n\n    L-<1>    2\n")
        #expect(doc.markdown() == "# Report \\<1\\>\n\n## A\\|B\n\nx\\*y & \\<b\\>\n\n- it's\n\n| learner | n |\n| --- | ---: |\n| L-\\<1\\> | 2 |\n")
        let html = doc.html()
        #expect(html.contains("<h1>Report &lt;1&gt;</h1>") && html.contains("<p>x*y &amp; &lt;b&gt;</p>") && html.contains("<li>it&#39;s</li>"))
        #expect(html.contains("<td>L-&lt;1&gt;</td><td class=\"n\">2</td>"))
    }
}
