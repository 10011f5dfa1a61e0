import Foundation
import Testing

@testable import MarkCore

/// `WhyNot`: the smallest evidence change that reaches a grade, verified by marking.
@Suite struct WhyNotTests {
    static let rules = """
        define valid(i: item) = i.verified_by.signed and i.verified_by.role != "learner"
        point seen "Seen on two days" {
          marks 4
          partial marks 2
          let days = count(distinct i.date for i in items where valid(i) and i.kind = "observation")
          met when days >= 2
          partially met when days >= 1
        }
        point scored "A good score" {
          marks 2
          met when any(i in items where valid(i) and (i.score otherwise 0) >= 8)
        }
        grading {
          grades "Fail", "Pass", "Merit"
          grade "Pass" when total >= 2
          grade "Merit" when total >= 6
        }
        """

    static func submission(_ items: [String]) throws -> (Ruleset, Submission) {
        let ruleset = Fixtures.ruleset(rules)
        let json = Fixtures.submissionJSON(items)
        let source = SourceFile(path: "s.json", text: json)
        let document = try EvidenceReader.open(source).get()
        return (ruleset, try EvidenceReader.submission(document, schema: ruleset.schema).get())
    }

    @Test func addsOneObservationOnANewDay() throws {
        let (ruleset, s) = try Self.submission([Fixtures.item("E1", extra: #""score": 9"#)])
        let answer = try WhyNot(ruleset: ruleset).answer(s)
        #expect(answer.before.grade == "Pass")
        #expect(answer.target == "Merit")
        #expect(answer.outcome == .found)
        #expect(answer.steps.count == 1)
        let step = try #require(answer.steps.first)
        #expect(step.action == "add")
        #expect(step.kinds == ["observation"], "only an observation counts")
        // Any day but the one already used, within the programme.
        #expect(step.from == CalendarDate("2025-02-01"))
        #expect(step.until == CalendarDate("2025-12-01"))
        #expect(step.text.contains("signed yes"), "\(step.text)")
        #expect(step.text.contains("role assessor or witness"), "a learner's own item does not count: \(step.text)")
        #expect(!step.text.contains("score"), "the score is not needed: \(step.text)")
        #expect(answer.after?.grade == "Merit")
        // The written file marks as Merit when read back.
        let text = try #require(answer.changedText)
        #expect(EvidenceFileWriter.remark(text, path: "w.json", ruleset: ruleset)?.grade == "Merit")
    }

    @Test func changesOneFieldWhenThatIsEnough() throws {
        let (ruleset, s) = try Self.submission([
            Fixtures.item("E1", extra: #""score": 5"#), Fixtures.item("E2", date: "2025-03-02"),
        ])
        let answer = try WhyNot(ruleset: ruleset).answer(s)
        #expect(answer.before.grade == "Pass")
        #expect(answer.outcome == .found)
        let step = try #require(answer.steps.first)
        #expect(answer.steps.count == 1)
        #expect(step.action == "change")
        #expect(step.item == "E1")
        #expect(step.text.hasPrefix("In E1, set score to "), "\(step.text)")
        #expect(answer.after?.grade == "Merit")
    }

    @Test func saysWhenTheGradeIsAlreadyReachedOrTheHighest() throws {
        let (ruleset, s) = try Self.submission([
            Fixtures.item("E1", extra: #""score": 9"#), Fixtures.item("E2", date: "2025-03-02"),
        ])
        let search = WhyNot(ruleset: ruleset)
        let top = try search.answer(s)
        #expect(top.outcome == .alreadyReached)
        #expect(top.reason == "Merit is the highest grade of test.")
        let pass = try search.answer(s, target: 1)
        #expect(pass.outcome == .alreadyReached)
        #expect(pass.reason == "The submission already has Merit, which is above Pass.")
    }

    @Test func saysWhyWhenNoChangeWithinTheLimitsReachesTheGrade() throws {
        let (ruleset, s) = try Self.submission([])
        var search = WhyNot(ruleset: ruleset)
        search.limits.changes = 1
        let answer = try search.answer(s, target: 2)
        #expect(answer.outcome == .notFound)
        #expect(answer.changedText == nil)
        let reason = try #require(answer.reason)
        #expect(reason.hasPrefix("No change of up to 1 steps within the evidence declaration reaches Merit ("), "\(reason)")
        // With room for two changes it is found: two items, or one item and a score.
        search.limits.changes = 2
        let two = try search.answer(s, target: 2)
        #expect(two.outcome == .found)
        #expect(two.steps.count == 2)
        #expect(two.after?.grade == "Merit")
    }

    @Test func aMarkBoundaryAboveTheMaximumIsUnreachable() throws {
        let ruleset = Fixtures.ruleset(Self.rules.replacingOccurrences(of: "total >= 6", with: "total >= 7"))
        let source = SourceFile(path: "s.json", text: Fixtures.submissionJSON([]))
        let s = try EvidenceReader.submission(try EvidenceReader.open(source).get(), schema: ruleset.schema).get()
        let answer = try WhyNot(ruleset: ruleset).answer(s, target: 2)
        #expect(answer.outcome == .unreachable)
        #expect(answer.reason == "Merit needs 7 marks, but the points give at most 6.")
    }

    @Test func theSearchStopsAtItsMarkingLimit() throws {
        let (ruleset, s) = try Self.submission([])
        var search = WhyNot(ruleset: ruleset)
        search.limits.markings = 10
        let answer = try search.answer(s, target: 2)
        #expect(answer.outcome == .notFound)
        #expect(answer.markings == 10)
        #expect(answer.reason?.hasPrefix("No change reaching Merit was found in 10 markings (the search's limit).") == true, "\(answer.reason ?? "")")
    }

    /// Every shipped sample: the answer, when found, is what marking the written file gives.
    @Test func everySampleGetsAVerifiedAnswer() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let catalog = RulesetCatalog.load(root + "/Rules")
        let names = try FileManager.default.contentsOfDirectory(atPath: root + "/Samples").filter { $0.hasSuffix(".json") }.sorted()
        #expect(names.count >= 15)
        for name in names {
            let source = try SourceFile(path: name, bytes: Array(Data(contentsOf: URL(fileURLWithPath: root + "/Samples/" + name))))
            let document = try EvidenceReader.open(source).get()
            guard case .success(let index) = catalog.select(unit: document.unit, started: document.started) else {
                Issue.record("\(name): no ruleset")
                continue
            }
            let ruleset = catalog.rulesets[index]
            let s = try EvidenceReader.submission(document, schema: ruleset.schema).get()
            let answer = try WhyNot(ruleset: ruleset).answer(s)
            let top = answer.before.gradeIndex == ruleset.grading.grades.count - 1
            #expect(answer.outcome == (top ? .alreadyReached : .found), "\(name): \(answer.reason ?? "")")
            if answer.outcome == .found {
                let text = try #require(answer.changedText)
                let after = try #require(EvidenceFileWriter.remark(text, path: name, ruleset: ruleset))
                #expect(after.gradeIndex >= answer.before.gradeIndex + 1, "\(name)")
                #expect(!answer.steps.isEmpty && answer.steps.count <= 3, "\(name)")
            }
        }
    }
}
