import Testing

@testable import MarkCore

/// The sampling plan's practice settings: the size table, highest and lowest totals, a spread.
@Suite struct SamplingPracticeTests {
    @Test func sizeTableReadsAndLooksUp() throws {
        let t = SampleSizeTable.standard
        #expect(t.text == "1-5: all, 6-15: 5, 16-100: 10, 101-200: 15, 201+: 20")
        #expect([1, 5, 6, 15, 16, 100, 101, 200, 201, 5000].map(t.size) == [1, 5, 5, 5, 10, 10, 15, 15, 20, 20])
        #expect(SampleSizeTable.parse("standard") == t)
        let custom = try #require(SampleSizeTable.parse("1-2: all, 3-9: 3, 10+: 4"))
        #expect([2, 3, 9, 10, 50].map(custom.size) == [2, 3, 3, 4, 4])
        // A gap, a start other than 1, no open end, a bad size: not tables.
        for bad in ["1-5: all, 7+: 5", "2-5: all, 6+: 3", "1-5: all, 6-10: 3", "1-5: none, 6+: 3", "1-5 all"] {
            #expect(SampleSizeTable.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func planSettingsAndMistakes() throws {
        var plan = SamplePlan()
        #expect(plan.set("size table", "standard") == nil && plan.sizeTable == .standard)
        #expect(plan.set("size table", "none") == nil && plan.sizeTable == nil)
        #expect(plan.set("size table", "1-5: all") != nil)
        #expect(plan.set("highest and lowest", "yes") == nil && plan.highestAndLowest)
        #expect(plan.set("highest and lowest", "maybe") == "'highest and lowest' takes yes or no, not 'maybe'")
        #expect(plan.set("spread", "4") == nil && plan.spreadBands == 4)
        #expect(plan.set("spread", "-1")?.contains("number of bands") == true)
        let read = try SamplePlan.read(SourceFile(path: "p.txt", text: "size table 1-3: all, 4+: 3\nhighest and lowest yes\nspread 2\n")).get()
        #expect(read.sizeTable?.size(for: 9) == 3 && read.highestAndLowest && read.spreadBands == 2)
        #expect(read.summary.contains("per unit at least the size table's sample (1-3: all, 4+: 3)"))
        #expect(!SamplePlan().summary.contains("size table"), "the default plan's summary is unchanged")
    }

    @Test func highestLowestSpreadAndSizeAreDrawnWithReasons() throws {
        // 30 results of one assessor, totals (i·7) mod 31: the highest is 30, the lowest non-zero 1.
        let cohort = ModerationSamplingTests.cohort(30, assessors: ["A-1"])
        var plan = SamplePlan()
        plan.share = 0
        plan.minimum = 0
        plan.everyGrade = false
        plan.highestAndLowest = true
        plan.spreadBands = 3
        plan.sizeTable = SampleSizeTable.parse("1-5: all, 6+: 8")
        let s = Sampler.draw(cohort, plan: plan, scales: GradeScales(results: cohort))
        #expect(s.picks.count == 8, "the size table's 8 for a cohort of 30")
        let totals = s.picks.map(\.record.total)
        #expect(totals.contains(30) && totals.contains(1))
        #expect(s.picks[0].reasons[0] == "included as the highest total in U (30 of 30)")
        #expect(s.picks[1].reasons[0] == "included as the lowest non-zero total in U (1 of 30)")
        // One pick in each third of the totals (0–9, 10–19, 20–30).
        for band in [0.0..<10, 10..<20, 20..<31] { #expect(totals.contains { band.contains($0) }) }
        #expect(s.picks.contains { $0.reasons[0].hasPrefix("drawn for a spread of marks: band 2 of 3 of U's totals (") })
        #expect(s.picks.last?.reasons[0] == "drawn to reach U's sample size: 8 of 8 for a cohort of 30 (size table)")
        // Reproducible.
        #expect(Sampler.draw(cohort.reversed(), plan: plan, scales: GradeScales(results: cohort)).picks.map(\.record.learner) == s.picks.map(\.record.learner))
    }
}
