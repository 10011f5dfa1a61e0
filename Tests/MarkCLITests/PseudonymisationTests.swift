import Foundation
import Testing

/// With --pseudonymise, nothing on stdout or stderr of compare, agree or sample names a learner,
/// an assessor, a path or a source line from the inputs — errors in the inputs included.
@Suite struct PseudonymisationTests {
    static let learners = ["L-ZEBRA-7731", "L-YAK-4410"]
    static let names = ["Zanzibar Quill", "Yolanda Fenwick"]
    static let assessors = ["A-OCTOPUS-55", "A-NARWHAL-12"]
    /// Tokens in the input paths (a folder and a file name).
    static let pathTokens = ["privfolder", "quill-zanzibar"]
    static let env = ["MARK_PSEUDONYM_KEY": "moderation key"]

    /// A folder `privfolder` with two submissions (one per learner) and one broken submission.
    static func inputs() throws -> String {
        let dir = NSTemporaryDirectory() + "mark-pseudo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))/privfolder"
        try FileManager.default.createDirectory(atPath: dir + "/cohort", withIntermediateDirectories: true)
        let sample = try String(contentsOfFile: MarkProcess.packageRoot + "/Samples/service-promise-pass-one-mark-below-merit.json", encoding: .utf8)
        for i in 0..<2 {
            let text = sample.replacingOccurrences(of: "L-2303", with: learners[i]).replacingOccurrences(of: "Megan Hughes", with: names[i])
                .replacingOccurrences(of: "A-09", with: assessors[i])
            try text.write(toFile: dir + "/cohort/quill-zanzibar-\(i).json", atomically: true, encoding: .utf8)
        }
        // A broken submission: an impossible date next to the learner's id and name.
        let broken = sample.replacingOccurrences(of: "L-2303", with: learners[0]).replacingOccurrences(of: "Megan Hughes", with: names[0])
            .replacingOccurrences(of: "\"started\": \"2025-10-06\"", with: "\"started\": \"\(names[0])\"")
        try broken.write(toFile: dir + "/cohort/quill-zanzibar-broken.json", atomically: true, encoding: .utf8)
        return dir
    }

    static func check(_ r: MarkProcess.Output, _ what: String) {
        let all = r.stdout + r.stderr
        for secret in learners + names + assessors + pathTokens {
            #expect(!all.contains(secret), "\(what) prints \(secret):\n\(all)")
        }
    }

    @Test func noCommandNamesALearnerAnAssessorOrAPath() throws {
        let dir = try Self.inputs()
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        // Results of the two good submissions, and a broken result line quoting a learner.
        let marked = try MarkProcess.run(["--format", "json", dir + "/cohort/quill-zanzibar-0.json", dir + "/cohort/quill-zanzibar-1.json"])
        #expect(marked.status == 0, "\(marked.stderr)")
        let results = dir + "/quill-zanzibar-results.ndjson"
        try marked.stdout.write(toFile: results, atomically: true, encoding: .utf8)
        let brokenResults = dir + "/quill-zanzibar-broken.ndjson"
        try (marked.stdout + "{\"format\": \"result/1\", \"submission\": {\"learner\": \"\(Self.learners[1]) \(Self.names[1])\"}}\n")
            .write(toFile: brokenResults, atomically: true, encoding: .utf8)
        // Decisions: a clean sheet, and one whose grade cell holds a name and whose learner repeats.
        let decisions = dir + "/quill-zanzibar-decisions.csv"
        try "learner,name,assessor,grade,marks\n\(Self.learners[0]),\(Self.names[0]),\(Self.assessors[0]),Merit,21\n\(Self.learners[1]),\(Self.names[1]),\(Self.assessors[1]),Pass,20\n"
            .write(toFile: decisions, atomically: true, encoding: .utf8)
        let badDecisions = dir + "/quill-zanzibar-bad.csv"
        try "learner,name,assessor,grade,marks\n\(Self.learners[0]),\(Self.names[0]),\(Self.assessors[0]),\(Self.names[0]),x\n\(Self.learners[0]),,\(Self.assessors[1]),Pass,20\n"
            .write(toFile: badDecisions, atomically: true, encoding: .utf8)
        let plan = dir + "/quill-zanzibar-plan.txt"
        try "new assessors \(Self.assessors[0])\nshare \(Self.names[1])\n".write(toFile: plan, atomically: true, encoding: .utf8)
        let goodPlan = dir + "/quill-zanzibar-good-plan.txt"
        try "new assessors \(Self.assessors[0])\nshare 50%\n".write(toFile: goodPlan, atomically: true, encoding: .utf8)

        let compare = ["compare", "--old", "Rules/service-promise.rules", "--new", "Tests/fixtures/moderation/service-promise-v2/service-promise.rules"]
        let rules = ["--rules", "Rules"]
        let runs: [(String, [String], Int32)] = [
            ("compare", compare + [dir + "/cohort"], 1),
            ("agree", ["agree", results, decisions] + rules, 0),
            ("agree (bad results)", ["agree", brokenResults, decisions] + rules, 1),
            ("agree (bad decisions)", ["agree", results, badDecisions] + rules, 1),
            ("sample", ["sample", results, "--plan", goodPlan] + rules, 0),
            ("sample (bad results)", ["sample", brokenResults] + rules, 1),
            ("sample (bad plan)", ["sample", results, "--plan", plan] + rules, 1),
        ]
        for (what, arguments, status) in runs {
            for format in ["text", "json", "csv"] {
                let plain = try MarkProcess.run(arguments + ["--format", format])
                let masked = try MarkProcess.run(arguments + ["--format", format, "--pseudonymise"], environment: Self.env)
                #expect(plain.status == status && masked.status == status, "\(what) \(format): \(plain.status) \(masked.status) \(masked.stderr)")
                // The plain run does name them, so the fixtures would catch a leak.
                #expect((Self.learners + Self.assessors + Self.pathTokens).contains { (plain.stdout + plain.stderr).contains($0) }, "\(what) \(format) names no one even in the clear:\n\(plain.stdout)\(plain.stderr)")
                Self.check(masked, "\(what) --format \(format) --pseudonymise")
            }
        }
    }

    @Test func diagnosticsAreLabelledWithLineAndColumnOnly() throws {
        let dir = try Self.inputs()
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        let bad = dir + "/quill-zanzibar-bad.csv"
        try "learner,name,grade\n\(Self.learners[0]),\(Self.names[0]),\(Self.names[0])\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let results = "Tests/fixtures/moderation/results/samples.ndjson"
        let r = try MarkProcess.run(["agree", results, bad, "--pseudonymise"], environment: Self.env)
        #expect(r.status == 1)
        #expect(
            r.stderr == """
                input 2:2:29: warning: no engine result for learner '…'; the row is left out
                mark agree: no decision matched an engine result (learner ids must be the same)

                """)
        let compare = try MarkProcess.run(
            ["compare", "--old", "Rules/service-promise.rules", "--new", "Rules/service-promise.rules", dir + "/cohort/quill-zanzibar-broken.json", "--pseudonymise"],
            environment: Self.env)
        #expect(compare.status == 1)
        #expect(compare.stderr == "input 1:5:14: error: $.started: expected a date as \"…\", found \"…\"\n", "\(compare.stderr)")
        #expect(compare.stdout.hasSuffix("Could not be marked (1)\n  (learner unknown)  under both versions: $.started: expected a date as \"…\", found \"…\"\n"))
        Self.check(compare, "compare")
    }
}
