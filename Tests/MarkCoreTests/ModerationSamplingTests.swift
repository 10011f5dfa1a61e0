import Testing

@testable import MarkCore

/// The seeded generator, the sample plan and the sampler.
@Suite struct ModerationSamplingTests {
    static let grades = ["Fail", "Pass", "Merit", "Distinction"]
    static let boundaries: [Double] = [0, 15, 21, 26]

    /// A service-promise-like result: boundaries 15 / 21 / 26 out of 30, as the engine writes them.
    static func record(_ learner: String, assessor: String, total: Double, extraStep: String? = nil) -> ResultRecord {
        var g = 0
        for (i, b) in boundaries.enumerated() where total >= b { g = i }
        var steps: [String] = []
        if g < 3 {
            let next = grades[g + 1]
            steps.append("Gain \(JSONWriter.format(boundaries[g + 1] - total)) more marks: \(next) needs \(JSONWriter.format(boundaries[g + 1])) and you have \(JSONWriter.format(total)) of 30.")
        }
        if let extraStep { steps.append(extraStep) }
        return ResultRecord(
            origin: "t:1", rulesetID: "sp", rulesetVersion: "1", rulesetSHA256: "", path: "\(learner).json", learner: learner, unit: "U",
            assessor: assessor, grade: grades[g], gradeIndex: g, total: total, maximum: 30, floorsFailed: [], points: [],
            nextGrade: g < 3 ? grades[g + 1] : nil, nextSteps: steps)
    }

    static func cohort(_ n: Int, assessors: [String] = ["A-1", "A-2", "A-3"]) -> [ResultRecord] {
        (0..<n).map { i in record(String(format: "L-%03d", i), assessor: assessors[i % assessors.count], total: Double((i * 7) % 31)) }
    }

    @Test func splitMix64ReferenceOutputs() {
        // Reference outputs of Vigna's splitmix64.c for seed 0.
        var g = SplitMix64(seed: 0)
        #expect(g.next() == 0xE220_A839_7B1D_CDAF)
        #expect(g.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(g.next() == 0x06C4_5D18_8009_454F)
        var h = SplitMix64(seed: 99)
        for _ in 0..<1000 { #expect(h.below(7) < 7) }
    }

    @Test func scalesAndBoundariesAreInferredFromNextSteps() {
        let scales = GradeScales(results: Self.cohort(31))
        let s = scales.scale(for: Self.cohort(1)[0])
        #expect(s.grades == Self.grades)
        #expect(s.complete)
        #expect(s.boundaries == [nil, 15, 21, 26])
        #expect(s.origin == "the results")
    }

    @Test func borderlineReasons() {
        let scale = GradeScale(grades: Self.grades, boundaries: [nil, 15, 21, 26], complete: true, origin: "r")
        #expect(Sampler.borderline(Self.record("a", assessor: "A", total: 20), scale: scale, margin: 2) == "1 mark short of Merit (boundary 21)")
        #expect(Sampler.borderline(Self.record("a", assessor: "A", total: 21), scale: scale, margin: 2) == "on the Merit boundary (21 marks)")
        #expect(Sampler.borderline(Self.record("a", assessor: "A", total: 23), scale: scale, margin: 2) == "2 marks above the Merit boundary (21)")
        #expect(Sampler.borderline(Self.record("a", assessor: "A", total: 18), scale: scale, margin: 2) == nil)
        var stuck = Self.record("a", assessor: "A", total: 27)
        stuck.nextSteps = []
        #expect(Sampler.borderline(stuck, scale: scale, margin: 0) == nil)
        var oneStep = Self.record("a", assessor: "A", total: 24)
        oneStep.nextSteps = ["High marks for reflecting on loyalty (needed for Distinction)."]
        oneStep.gradeIndex = 2
        oneStep.grade = "Merit"
        #expect(Sampler.borderline(oneStep, scale: scale, margin: 2) == "one step short of Distinction: High marks for reflecting on loyalty (needed for Distinction).")
    }

    @Test func quotasFollowShareMinimumAndNewAssessors() {
        var records = (0..<25).map { Self.record("L-a\($0)", assessor: "A-1", total: Double($0)) }
        records += (0..<3).map { Self.record("L-b\($0)", assessor: "A-2", total: Double($0 + 3)) }
        records += (0..<4).map { Self.record("L-c\($0)", assessor: "A-3", total: Double($0 + 9)) }
        var plan = SamplePlan()
        plan.minimum = 2
        plan.everyGrade = false
        plan.newAssessors = ["A-3"]
        plan.newAssessorShare = 5000
        let s = Sampler.draw(records, plan: plan, scales: GradeScales(results: records))
        #expect(s.assessors.map { [$0.assessor, String($0.quota)] } == [["A-1", "3"], ["A-2", "2"], ["A-3", "2"]])
        #expect(s.picks.count == 7)
        #expect(s.assessors[2].isNew)
        #expect(Set(s.picks.map(\.record.learner)).count == 7)
    }

    @Test func sameSeedSameSampleWhateverTheInputOrder() {
        let records = Self.cohort(60)
        var plan = SamplePlan()
        plan.seed = 2025
        let scales = GradeScales(results: records)
        let a = Sampler.draw(records, plan: plan, scales: scales).picks.map(\.record.learner)
        let b = Sampler.draw(records.reversed(), plan: plan, scales: scales).picks.map(\.record.learner)
        #expect(a == b)
        plan.seed = 2026
        let c = Sampler.draw(records, plan: plan, scales: scales).picks.map(\.record.learner)
        #expect(a != c)
    }

    @Test func everyGradeAwardedIsRepresented() {
        // 30 Pass results and one Distinction; a 10% share is unlikely to catch the Distinction.
        var records = (0..<30).map { Self.record("L-\($0)", assessor: "A-1", total: 17) }
        records.append(Self.record("L-top", assessor: "A-1", total: 30))
        var plan = SamplePlan()
        plan.borderlineWeight = 1
        let s = Sampler.draw(records, plan: plan, scales: GradeScales(results: records))
        #expect(s.picks.contains { $0.record.learner == "L-top" })
        let coverage = s.picks.first { $0.record.learner == "L-top" }
        #expect(coverage?.reasons.first?.contains("represented") == true || coverage?.reasons.first?.contains("share") == true)
        #expect(Set(s.picks.map(\.record.grade)) == ["Pass", "Distinction"])
        let counts = s.grades.map { "\($0.grade) \($0.cohort) \($0.sampled)" }
        // Merit is known from the next steps (nobody reached it); Fail was never seen, so it is unknown.
        #expect(counts == ["Pass 30 4", "Merit 0 0", "Distinction 1 1"])
        plan.everyGrade = false
        plan.seed = 3
        // 10% of 31, rounded up.
        #expect(Sampler.draw(records, plan: plan, scales: GradeScales(results: records)).picks.count == 4)
    }

    @Test func borderlineSubmissionsAreDrawnMoreOften() {
        // Ten results, one borderline (weight 3): drawn with probability 3/12 per sample of one.
        var records = (0..<9).map { Self.record("L-\($0)", assessor: "A-1", total: 17) }
        records.append(Self.record("L-edge", assessor: "A-1", total: 20))
        var plan = SamplePlan()
        plan.everyGrade = false
        var hits = 0
        for seed in 0..<400 {
            plan.seed = UInt64(seed)
            if Sampler.draw(records, plan: plan, scales: GradeScales(results: records)).picks.first?.record.learner == "L-edge" { hits += 1 }
        }
        #expect(hits > 70 && hits < 130, "\(hits) of 400, expected about 100")
        let picked = Sampler.draw(records, plan: plan, scales: GradeScales(results: records))
        #expect(picked.borderline == 1)
    }

    @Test func planFileReadsSettingsAndReportsMistakesByLine() throws {
        let text = """
            # IQA plan
            share 20%
            minimum 3
            every grade no
            borderline margin 1.5   # marks
            borderline weight 4
            referred weight 5
            new assessors A-50, A-09
            new assessor share 75%
            seed 42

            """
        let plan = try SamplePlan.read(SourceFile(path: "plan.txt", text: text)).get()
        #expect(plan.share == 2000 && plan.minimum == 3 && !plan.everyGrade && plan.borderlineMargin == 1.5)
        #expect(plan.borderlineWeight == 4 && plan.referredWeight == 5 && plan.newAssessors == ["A-50", "A-09"])
        #expect(plan.newAssessorShare == 7500 && plan.seed == 42)
        #expect(SamplePlan.percentText(1250) == "12.5%")

        let source = SourceFile(path: "plan.txt", text: "share 10%\nshares 20%\nminimum two\n")
        guard case .failure(let list) = SamplePlan.read(source) else {
            Issue.record("a bad plan was accepted")
            return
        }
        #expect(list.items.count == 2)
        #expect(source.location(of: list.items[0].range.lowerBound).line == 2)
        #expect(list.items[0].message.contains("did you mean 'share'?"))
        #expect(source.location(of: list.items[1].range.lowerBound).line == 3)
        #expect(list.items[1].message.contains("'minimum' takes a whole number"))
    }
}
