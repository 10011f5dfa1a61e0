import Foundation
import Testing

/// End-to-end tests of `mark compare`.
@Suite struct CompareCommandTests {
    static let fixtures = "Tests/fixtures/moderation"
    static let versions = ["--old", "\(fixtures)/service-promise-v1/service-promise.rules", "--new", "\(fixtures)/service-promise-v2/service-promise.rules"]
    static let cohort = "\(fixtures)/cohort"

    @Test func transitionsAgreementAndWhoMoved() throws {
        let r = try MarkProcess.run(["compare"] + Self.versions + [Self.cohort])
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout
        #expect(out.contains("5 submissions: 4 marked under both versions, 1 skipped (for other units), 0 could not be marked"))
        #expect(out.contains("Points renamed (matched by meaning): beyond_transactions → whole_experience"))
        #expect(out.contains("    old \\ new    Fail  Pass  Merit  Distinction  total\n    Fail            0     0      1            0      1\n    Pass            0     0      1            0      1\n"))
        #expect(out.contains("percent agreement           50.0% (2 of 4 submissions keep their grade)"))
        #expect(out.contains("Cohen's kappa               0.3333 (fair)"))
        #expect(out.contains("weighted kappa (quadratic)  0.3750 (fair)"))
        #expect(out.contains("L-2303  A-09  Pass → Merit  total 20  Tests/fixtures/moderation/cohort/service-promise-pass-one-mark-below-merit.json\n        boundary of Merit 21 → 20 marks (total 20)"))
        #expect(out.contains("L-2304  A-09  Fail → Merit  total 24 → 26"))
        #expect(out.contains("        seeks_feedback: partially met → met"))
        let changedList = try #require(out.components(separatedBy: "Submissions that changed").last?.components(separatedBy: "Feedback that reads differently").first)
        #expect(!changedList.contains("L-2301"), "unchanged submissions are not listed")
        #expect(out.contains("  Feedback that reads differently (4 of 4, 2 with no change of grade, total or verdict)\n    for example L-2301, service_failure_response:\n"))
    }

    /// A cohort that no change moves ends with a generated submission that would move: the
    /// same one `mark diff --counterexamples` writes first among the smallest.
    @Test func whenNoLearnerMovesThisOneWould() throws {
        let r = try MarkProcess.run(["compare"] + Self.versions + ["\(Self.cohort)/service-promise-distinction-opticians.json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("  Submissions that changed (0 of 1)\n    none: every submission has the same grade, total and verdicts\n"), "\(r.stdout)")
        #expect(
            r.stdout.hasSuffix(
                "\nNo learner in this cohort moves, but this one would: a submission of 1 observation item (service_failure_response partially met (3) under old, met (6) under new). Write it with mark diff OLD NEW --counterexamples DIR.\n"),
            "\(r.stdout)")
        // Only in text, and only when the cohort shows no difference.
        let json = try MarkProcess.run(["compare", "--format", "json"] + Self.versions + ["\(Self.cohort)/service-promise-distinction-opticians.json"])
        #expect(!json.stdout.contains("this one would"))
        let moved = try MarkProcess.run(["compare"] + Self.versions + ["\(Self.cohort)/service-promise-pass-one-mark-below-merit.json"])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(!moved.stdout.contains("this one would"), "\(moved.stdout)")
    }

    @Test func jsonAndDeterminism() throws {
        let a = try MarkProcess.run(["compare", "--format", "json"] + Self.versions + [Self.cohort])
        let b = try MarkProcess.run(["compare", "--format", "json"] + Self.versions + [Self.cohort])
        #expect(a.stdout == b.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "comparison/1")
        let group = try #require((object["groups"] as? [[String: Any]])?.first)
        #expect(group["transitions"] as? [[Int]] == [[0, 0, 1, 0], [0, 0, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1]])
        let agreement = try #require(group["agreement"] as? [String: Any])
        #expect(agreement["percentAgreement"] as? Double == 50)
        let kappa = try #require(agreement["cohensKappa"] as? [String: Any])
        #expect(abs((kappa["value"] as? Double ?? 0) - 1.0 / 3) < 1e-6)
        let changed = try #require(group["changedSubmissions"] as? [[String: Any]])
        #expect(changed.map { $0["learner"] as? String } == ["L-2303", "L-2304"])
        let flips = try #require(changed[1]["flips"] as? [[String: String]])
        #expect(flips == [["point": "seeks_feedback", "oldPoint": "seeks_feedback", "old": "partially met", "new": "met"]])
    }

    @Test func foldersGroupByRulesetPair() throws {
        // Folders: each unit is marked by its own ruleset, one group per pair of rulesets.
        let r = try MarkProcess.run(["compare", "--old", "\(Self.fixtures)/rules", "--new", "\(Self.fixtures)/rules", "--format", "json", Self.cohort])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let groups = try #require(object["groups"] as? [[String: Any]])
        #expect(groups.count == 2)
        for g in groups {
            #expect(g["changed"] as? Int == 0)
            #expect(((g["agreement"] as? [String: Any])?["percentAgreement"] as? Double) == 100)
        }
    }

    @Test func csvHasOneQuotedRowPerChangedSubmission() throws {
        let r = try MarkProcess.run(["compare", "--format", "csv"] + Self.versions + [Self.cohort])
        #expect(r.status == 0)
        let lines = r.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 3)
        #expect(lines[0] == "learner,assessor,unit,old_ruleset,new_ruleset,old_grade,new_grade,old_total,new_total,changes,path")
        #expect(lines[1].hasPrefix("L-2303,A-09,CS-SP-05,service-promise 1.0.0,service-promise 1.1.0,Pass,Merit,20,20,boundary of Merit 21 → 20 marks (total 20),Tests/fixtures/moderation/cohort/"))
    }

    @Test func unmarkedSubmissionsAreListedAndExitOne() throws {
        let r = try MarkProcess.run(["compare"] + Self.versions + [Self.cohort, "\(Self.fixtures)/cohort-broken"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("Could not be marked (1)"), "\(r.stdout)")
        #expect(r.stdout.contains("L-2399  Tests/fixtures/moderation/cohort-broken/bad-date.json  under both versions: $.items[0].date"))
        #expect(r.stderr.contains("bad-date.json:9:49: error:"))
    }

    @Test func pseudonymisedOutputHasNoIdsNamesOrPaths() throws {
        let missingKey = try MarkProcess.run(["compare", "--pseudonymise"] + Self.versions + [Self.cohort])
        #expect(missingKey.status == 64)
        #expect(missingKey.stderr.contains("MARK_PSEUDONYM_KEY"))
        let env = ["MARK_PSEUDONYM_KEY": "centre-key"]
        for format in ["text", "json", "csv"] {
            let r = try MarkProcess.run(["compare", "--pseudonymise", "--format", format] + Self.versions + [Self.cohort], environment: env)
            #expect(r.status == 0)
            #expect(!r.stdout.contains("L-23"), "\(format)")
            #expect(!r.stdout.contains("cohort/"), "\(format)")
            #expect(!r.stdout.contains("Megan"), "\(format)")
            #expect(r.stdout.range(of: #"P-[0-9a-f]{12}"#, options: .regularExpression) != nil, "\(format)")
        }
        let keyFile = NSTemporaryDirectory() + "mark-key-\(UUID().uuidString)"
        try "centre-key\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: keyFile) }
        let fromFile = try MarkProcess.run(["compare", "--pseudonymise", "--key-file", keyFile] + Self.versions + [Self.cohort])
        let fromEnv = try MarkProcess.run(["compare", "--pseudonymise"] + Self.versions + [Self.cohort], environment: env)
        #expect(fromFile.stdout == fromEnv.stdout, "the key file's trailing newline is not part of the key")
    }

    @Test func ndjsonCohortMatchesTheFolder() throws {
        let dir = NSTemporaryDirectory() + "mark-ndjson-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let folder = MarkProcess.packageRoot + "/" + Self.cohort
        var lines = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".json") {
            // JSON strings hold no raw line breaks, so joining the lines keeps the document.
            lines += try String(contentsOfFile: folder + "/" + name, encoding: .utf8).split(separator: "\n").joined(separator: " ") + "\n"
        }
        try lines.write(toFile: dir + "/cohort.ndjson", atomically: true, encoding: .utf8)
        func transitions(_ cohort: String) throws -> [[Int]]? {
            let r = try MarkProcess.run(["compare", "--format", "json"] + Self.versions + [cohort])
            let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            return ((object?["groups"] as? [[String: Any]])?.first)?["transitions"] as? [[Int]]
        }
        let fromFile = try transitions(dir + "/cohort.ndjson")
        #expect(fromFile != nil)
        #expect(try fromFile == transitions(Self.cohort))
    }

    @Test func usage() throws {
        #expect(try MarkProcess.run(["compare", Self.cohort]).status == 64)
        #expect(try MarkProcess.run(["compare"] + Self.versions).status == 64)
        #expect(try MarkProcess.run(["compare", "--key-file", "k"] + Self.versions + [Self.cohort]).status == 64)
        let help = try MarkProcess.run(["compare", "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: mark compare"))
    }
}
