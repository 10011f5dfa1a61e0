import Foundation
import Testing

import MarkCore

/// End-to-end tests of `mark sample`.
@Suite struct SampleCommandTests {
    static let fixtures = "Tests/fixtures/moderation"
    static let results = "\(fixtures)/results/samples.ndjson"

    static func learners(_ csv: String) -> [String] {
        csv.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }.map { String($0.prefix { $0 != "," }) }
    }

    @Test func reproducibleFromTheSeedAlone() throws {
        let args = ["sample", Self.results, "--rules", "\(Self.fixtures)/rules", "--share", "10%", "--every-grade", "no", "--format", "csv"]
        let a = try MarkProcess.run(args + ["--seed", "42"])
        let b = try MarkProcess.run(args + ["--seed", "42"])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout == b.stdout)
        // Pinned: the generator and the draw use integers only, so this is the sample everywhere.
        #expect(Self.learners(a.stdout) == ["L-2103", "L-2004", "L-2303", "L-2101", "L-2402", "L-2205", "L-2002", "L-2204", "L-2302"])
        var differs = false
        for seed in ["1", "2", "3"] where Self.learners(try MarkProcess.run(args + ["--seed", seed]).stdout) != Self.learners(a.stdout) {
            differs = true
        }
        #expect(differs)
    }

    @Test func everyPickHasItsReasons() throws {
        let r = try MarkProcess.run(["sample", Self.results, "--rules", "\(Self.fixtures)/rules", "--seed", "7"])
        #expect(r.status == 0)
        let out = r.stdout
        #expect(out.contains("Moderation sample: 18 of 19 submissions (seed 7)"))
        #expect(out.contains("grade lists and boundaries: Tests/fixtures/moderation/rules"))
        #expect(out.contains("note: 1 error record (submissions not marked) skipped"))
        #expect(out.contains("L-2303  A-09  service-promise 1.0.0  Pass  20/30  Samples/service-promise-pass-one-mark-below-merit.json\n        drawn for A-09's share: 1 of 1 from 2 (10%, at least 1)\n        borderline: 1 mark short of Merit (boundary 21) (weight ×3)"))
        #expect(out.contains("drawn so that Fail (service-promise 1.0.0) is represented"))
        #expect(out.contains("referred: Fail, the lowest grade (weight ×2)"))
        #expect(out.contains("    service-promise 1.0.0           Distinction             1        1"))
    }

    /// The common plan settings as options, overriding the plan file.
    @Test func planSettingsAsOptions() throws {
        let dir = NSTemporaryDirectory() + "mark-plan-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = dir + "/plan.txt"
        try "size table standard\ncover groups yes\nstage summative\n".write(toFile: plan, atomically: true, encoding: .utf8)
        let base = ["sample", Self.results, "--rules", "\(Self.fixtures)/rules", "--plan", plan]
        func planLine(_ r: MarkProcess.Output) -> String {
            r.stdout.split(separator: "\n").first { $0.hasPrefix("  plan: ") }.map(String.init) ?? ""
        }
        let file = try MarkProcess.run(base)
        #expect(planLine(file).contains("every learner group represented; summative sample"), "\(planLine(file))")
        let r = try MarkProcess.run(base + ["--size-table", "1-2: all, 3+: 3", "--cover", "methods,centres", "--stage", "interim", "--highest-and-lowest", "yes", "--spread", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = planLine(r)
        #expect(summary.contains("per unit at least the size table's sample (1-2: all, 3+: 3)"), "\(summary)")
        #expect(summary.contains("every method (evidence item kind) represented; every centre represented"))
        #expect(!summary.contains("every learner group"), "--cover replaces the plan's cover settings")
        #expect(summary.contains("interim sample") && !summary.contains("summative"))
        #expect(summary.contains("each unit's highest and lowest non-zero totals included") && summary.contains("each of 2 bands"))
        let none = planLine(try MarkProcess.run(base + ["--cover", "none", "--size-table", "none"]))
        #expect(!none.contains("every method") && !none.contains("every centre") && !none.contains("every learner group"), "\(none)")
        #expect(!none.contains("size table") && none.contains("summative"))
        let bad = try MarkProcess.run(["sample", Self.results, "--cover", "metods"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("'--cover' names an unknown stratum 'metods'; did you mean 'methods'?"))
        let badTable = try MarkProcess.run(["sample", Self.results, "--size-table", "5: all"])
        #expect(badTable.status == 64 && badTable.stderr.contains("'--size-table' takes 'standard', 'none' or rows"))
        let help = try MarkProcess.run(["sample", "--help"])
        for option in ["--size-table TABLE", "--cover LIST", "--stage interim|summative", "--highest-and-lowest", "--spread N"] {
            #expect(help.stdout.contains(option))
        }
    }

    @Test func planFileAndOptions() throws {
        let dir = NSTemporaryDirectory() + "mark-plan-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = dir + "/plan.txt"
        try "# test plan\nshare 50%\nminimum 2\nevery grade no\nnew assessors A-17\nnew assessor share 100%\nseed 5\n".write(toFile: plan, atomically: true, encoding: .utf8)
        let r = try MarkProcess.run(["sample", Self.results, "--rules", "\(Self.fixtures)/rules", "--plan", plan, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "sample/1")
        #expect((object["plan"] as? [String: Any])?["seed"] as? String == "5")
        let assessors = try #require(object["assessors"] as? [[String: Any]])
        let a17 = try #require(assessors.first { $0["assessor"] as? String == "A-17" })
        #expect(a17["new"] as? Bool == true && a17["quota"] as? Int == 3)
        let a05 = try #require(assessors.first { $0["assessor"] as? String == "A-05" })
        #expect(a05["quota"] as? Int == 1, "at most all of an assessor's submissions")
        #expect(object["sampled"] as? Int == 18)
        // An option overrides the file.
        let over = try MarkProcess.run(["sample", Self.results, "--rules", "\(Self.fixtures)/rules", "--plan", plan, "--seed", "6", "--format", "json"])
        #expect(over.stdout.contains("\"seed\": \"6\""))
        try "share 10%\nshare ten\nsampel 3\n".write(toFile: plan, atomically: true, encoding: .utf8)
        let bad = try MarkProcess.run(["sample", Self.results, "--plan", plan])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("plan.txt:2:1: error: 'share' takes a percentage"))
        #expect(bad.stderr.contains("plan.txt:3:1: error: unknown setting 'sampel'; did you mean 'seed'?") || bad.stderr.contains("plan.txt:3:1: error: unknown setting 'sampel'"))
    }

    @Test func pseudonymisedSampleIsTheSameDraw() throws {
        let plain = try MarkProcess.run(["sample", Self.results, "--rules", "\(Self.fixtures)/rules", "--seed", "9", "--format", "json"])
        let masked = try MarkProcess.run(
            ["sample", Self.results, "--rules", "\(Self.fixtures)/rules", "--seed", "9", "--format", "json", "--pseudonymise"], environment: ["MARK_PSEUDONYM_KEY": "k"])
        #expect(masked.status == 0)
        #expect(!masked.stdout.contains("L-2") && !masked.stdout.contains("Samples/"))
        // Assessors are pseudonymised too (PA- and the same HMAC as learners), so the picks match
        // once the plain ones' assessors are replaced by their pseudonyms.
        let pseudonymiser = try #require(Pseudonymiser(key: Array("k".utf8)))
        func picks(_ text: String, assessor: (String) -> String) throws -> [String] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return ((object["sample"] as? [[String: Any]]) ?? []).map { "\(assessor($0["assessor"] as! String)) \($0["unit"]!) \($0["grade"]!)" }.sorted()
        }
        let plainPicks = try picks(plain.stdout, assessor: pseudonymiser.assessorPseudonym)
        #expect(!plainPicks.isEmpty)
        #expect(try plainPicks == picks(masked.stdout, assessor: { $0 }))
        #expect(!masked.stdout.contains("\"A-"))
    }

    @Test func usageAndErrors() throws {
        #expect(try MarkProcess.run(["sample"]).status == 64)
        #expect(try MarkProcess.run(["sample", Self.results, "--share", "200%"]).status == 64)
        #expect(try MarkProcess.run(["sample", Self.results, "--seed", "-1"]).status == 64)
        #expect(try MarkProcess.run(["sample", Self.results, "--pseudonymise"]).status == 64)
        let missing = try MarkProcess.run(["sample", "no/such/results"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no/such/results: error: no such file or folder"))
        let help = try MarkProcess.run(["sample", "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: mark sample"))
        let top = try MarkProcess.run(["--help"])
        for command in ["diff", "compare", "agree", "sample"] { #expect(top.stdout.contains("  \(command) ")) }
    }
}
