import Foundation
import Testing

@testable import MarkCore

/// CAMERA strata (method, centre, group) and the interim or summative stage of a sampling plan.
@Suite struct CameraSamplingTests {
    /// 12 results of one assessor; one has the only 'witness testimony', one the only centre
    /// 'C-2', one the only group 'G-B'.
    static func cohort() -> [ResultRecord] {
        var rs = ModerationSamplingTests.cohort(12, assessors: ["A-1"])
        for i in rs.indices {
            rs[i].methods = ["observation", "questioning"]
            rs[i].centre = "C-1"
            rs[i].group = "G-A"
        }
        rs[7].methods = ["witness testimony"]
        rs[4].centre = "C-2"
        rs[9].group = "G-B"
        return rs
    }

    static func plan() -> SamplePlan {
        var plan = SamplePlan()
        plan.share = 0
        plan.minimum = 1
        plan.everyGrade = false
        return plan
    }

    @Test func everyMethodCentreAndGroupIsRepresented() throws {
        let cohort = Self.cohort()
        var plan = Self.plan()
        let without = Sampler.draw(cohort, plan: plan, scales: GradeScales(results: cohort))
        #expect(without.picks.count == 1, "the strata are off by default")
        plan.coverMethods = true
        plan.coverCentres = true
        plan.coverGroups = true
        let s = Sampler.draw(cohort, plan: plan, scales: GradeScales(results: cohort))
        let learners = s.picks.map(\.record.learner)
        for i in [7, 4, 9] { #expect(learners.contains(cohort[i].learner)) }
        let reasons = s.picks.map { $0.reasons[0] }
        #expect(reasons.contains("drawn so that method 'witness testimony' is represented: 1 in the cohort, none drawn before"))
        #expect(reasons.contains("drawn so that centre 'C-2' is represented: 1 in the cohort, none drawn before"))
        #expect(reasons.contains("drawn so that group 'G-B' is represented: 1 in the cohort, none drawn before"))
        for method in ["observation", "questioning", "witness testimony"] {
            #expect(s.picks.contains { $0.record.methods.contains(method) }, "\(method)")
        }
        #expect(s.assessors[0].sampled == s.picks.count)
        #expect(Sampler.draw(cohort.reversed(), plan: plan, scales: GradeScales(results: cohort)).picks.map(\.record.learner) == learners)
    }

    @Test func planKnobsReadAndSummarise() throws {
        let read = try SamplePlan.read(SourceFile(path: "p.txt", text: "cover methods yes\ncover centres yes\ncover groups no\nstage interim\n")).get()
        #expect(read.coverMethods && read.coverCentres && !read.coverGroups && read.stage == .interim)
        #expect(read.summary.hasSuffix("every method (evidence item kind) represented; every centre represented; interim sample: of the submissions so far"))
        var plan = SamplePlan()
        #expect(plan.set("stage", "final") == "'stage' takes interim or summative, not 'final'")
        #expect(plan.set("cover groups", "maybe") == "'cover groups' takes yes or no, not 'maybe'")
        #expect(plan.set("stage", "Summative") == nil && plan.stage == .summative)
        #expect(plan.summary.hasSuffix("summative sample: of the whole cohort"))
        #expect(try SamplePlan().summary == SamplePlan.read(SourceFile(path: "p", text: "")).get().summary)
        #expect(!SamplePlan().summary.contains("method") && !SamplePlan().summary.contains("stage"))
    }

    @Test func resultRecordsCarryTheOptionalStrata() throws {
        let line = #"{"format":"result/1","ruleset":{"id":"r","version":"1.0.0"},"submission":{"learner":"L-1","unit":"U","assessor":"A-1","centre":"C-9","group":"G-1","methods":["observation","product"]},"grade":"Pass","gradeIndex":1,"total":3,"maximum":4,"floorsFailed":[],"points":[],"nextGrade":null,"nextSteps":[]}"#
        var set = ResultSet()
        ResultsReader.read(SourceFile(path: "r.ndjson", text: line + "\n"), into: &set)
        let r = try #require(set.records.first)
        #expect(r.centre == "C-9" && r.group == "G-1" && r.methods == ["observation", "product"])
        var plain = ResultSet()
        ResultsReader.read(SourceFile(path: "r.ndjson", text: line.replacingOccurrences(of: #","centre":"C-9","group":"G-1","methods":["observation","product"]"#, with: "") + "\n"), into: &plain)
        let p = try #require(plain.records.first)
        #expect(p.centre == nil && p.group == nil && p.methods.isEmpty)
    }
}
