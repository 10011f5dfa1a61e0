import Foundation
import Testing

/// End-to-end tests of `mark diff`.
@Suite struct DiffCommandTests {
    static let fixtures = "Tests/fixtures/moderation"
    static let old = "\(fixtures)/service-promise-v1/service-promise.rules"
    static let v2 = "\(fixtures)/service-promise-v2/service-promise.rules"

    @Test func changesInMeaningExitOneWithBothSides() throws {
        let r = try MarkProcess.run(["diff", Self.old, Self.v2])
        #expect(r.status == 1, "\(r.stderr)")
        let out = r.stdout
        #expect(out.contains("changed  version \"1.0.0\" → \"1.1.0\""))
        #expect(out.contains("dates of application: learners who started from 2025-09-01 (no end date) → from 2026-09-01 (no end date)"))
        #expect(out.contains("enumeration 'channel': added video_call"))
        #expect(out.contains("record communication: field 'recorded_by' added (optional text)"))
        #expect(out.contains("definition 'prompt_hours': 24 → 48"))
        #expect(out.contains("may change: service_failure_response"))
        #expect(out.contains("renamed  marking point 'beyond_transactions' renamed to 'whole_experience'"))
        #expect(out.contains("service_failure_response: partial marks 3 → 2"))
        #expect(out.contains("seeks_feedback: condition 'met when' changed"))
        #expect(out.contains("promise_articulated: 'feedback not met' text changed"))
        #expect(out.contains("boundary of \"Merit\": 21 → 20 marks"))
        // Old and new text side by side, each with file:line.
        #expect(out.range(of: #"old  Tests/fixtures/moderation/service-promise-v1/service-promise\.rules:\d+  grade "Merit" when total >= 21"#, options: .regularExpression) != nil)
        #expect(out.range(of: #"new  Tests/fixtures/moderation/service-promise-v2/service-promise\.rules:\d+  grade "Merit" when total >= 20"#, options: .regularExpression) != nil)
        #expect(out.contains("10 changes in meaning (header 2, evidence 2, definitions 1, points 4, grading 1)."))
    }

    @Test func layoutAndCommentsOnlyIsNoChangeExitZero() throws {
        let r = try MarkProcess.run(["diff", Self.old, "\(Self.fixtures)/service-promise-reformatted/service-promise.rules"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("No change in meaning: the versions differ only in layout and comments."))
        let same = try MarkProcess.run(["diff", Self.old, Self.old])
        #expect(same.status == 0)
        #expect(same.stdout.contains("the sources are identical"))
    }

    @Test func jsonListsEveryChange() throws {
        let r = try MarkProcess.run(["diff", "--format", "json", Self.old, Self.v2])
        #expect(r.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "rules-diff/1")
        #expect(object["meaningChanged"] as? Bool == true)
        let changes = try #require(object["changes"] as? [[String: Any]])
        #expect(changes.count == 10)
        let boundary = try #require(changes.first { $0["aspect"] as? String == "boundary" })
        #expect((boundary["old"] as? [String: Any])?["text"] as? String == "grade \"Merit\" when total >= 21")
        #expect((boundary["new"] as? [String: Any])?["path"] as? String == Self.v2)
        let renamed = try #require(object["renamedPoints"] as? [[String: String]])
        #expect(renamed == [["old": "beyond_transactions", "new": "whole_experience"]])
    }

    @Test func errorsInEitherFileExitTwo() throws {
        let r = try MarkProcess.run(["diff", Self.old, "\(Self.fixtures)/service-promise-broken/service-promise.rules"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("service-promise-broken/service-promise.rules:124:30: error: unknown name 'askd'; did you mean 'asked'?"))
        let missing = try MarkProcess.run(["diff", "no/such.rules", Self.old])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no/such.rules"))
        let library = try MarkProcess.run(["diff", "\(Self.fixtures)/service-promise-v1/customer-service-common.rules", Self.old])
        #expect(library.status == 2)
        #expect(library.stderr.contains("library, not a ruleset"))
    }

    @Test func usageAndHelp() throws {
        #expect(try MarkProcess.run(["diff", Self.old]).status == 64)
        #expect(try MarkProcess.run(["diff", "\(Self.fixtures)/service-promise-v1", Self.old]).status == 64)
        #expect(try MarkProcess.run(["diff", "--format", "xml", Self.old, Self.v2]).status == 64)
        let help = try MarkProcess.run(["diff", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("USAGE: mark diff"))
        #expect(help.stdout.contains("EXIT STATUS"))
    }
}
