import Foundation
import Testing

/// End-to-end tests of `mark agree`.
@Suite struct AgreeCommandTests {
    static let fixtures = "Tests/fixtures/moderation"
    static let inputs = ["\(fixtures)/results/samples.ndjson", "\(fixtures)/decisions.csv", "--rules", "\(Self.fixtures)/rules"]

    @Test func statisticsDisagreementsAndSkippedRecords() throws {
        let r = try MarkProcess.run(["agree"] + Self.inputs)
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout
        #expect(out.contains("19 marked submissions from 1 file; 1 error record (not marked) skipped"))
        #expect(out.contains("12 rows from Tests/fixtures/moderation/decisions.csv: 12 matched to a result, 0 without one"))
        #expect(out.contains("percent agreement           83.3% (10 of 12 the same grade)"))
        #expect(out.contains("weighted kappa (quadratic)  not computed: these decisions span 2 grade scales"))
        #expect(out.contains("    A-09      2      50.0%  0.3333  0.5000     0.6667"))
        #expect(out.contains("    service-promise 1.0.0"))
        #expect(out.contains("    documented_feasibility  5      80.0%  0.6875  0.7619     0.8387"))
        #expect(out.contains("Disagreements (2 of 12)"))
        #expect(out.contains("L-2203  A-40  engine Pass, human Merit  marks engine 18, human 18"))
        #expect(out.contains("        documented_feasibility: engine partially met, human met"))
        // Names in the decisions file are never printed.
        for name in ["Megan", "Fatima", "Chloe"] { #expect(!out.contains(name) && !r.stderr.contains(name)) }
    }

    @Test func toleranceStandsOrNot() throws {
        let tight = try MarkProcess.run(["agree", "--tolerance", "2"] + Self.inputs)
        #expect(tight.status == 1)
        #expect(tight.stdout.contains("outside tolerance: 1 of 12 moderated submissions differ by more than ±2 marks: L-2204 (engine 16, human 12, -4)"))
        let loose = try MarkProcess.run(["agree", "--tolerance", "4"] + Self.inputs)
        #expect(loose.status == 0)
        #expect(loose.stdout.contains("marks stand: all 12 moderated submissions are within ±4 marks of the engine (largest difference 4)"))
        #expect(try MarkProcess.run(["agree", "--tolerance", "-1"] + Self.inputs).status == 64)
    }

    @Test func jsonAndCsv() throws {
        let json = try MarkProcess.run(["agree", "--format", "json", "--tolerance", "2"] + Self.inputs)
        #expect(json.status == 1)
        #expect(json.stderr.contains("outside tolerance"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["format"] as? String == "agreement/1")
        #expect(object["errorRecordsSkipped"] as? Int == 1)
        let overall = try #require(object["overall"] as? [String: Any])
        #expect(overall["pairs"] as? Int == 12)
        #expect((overall["quadraticWeightedKappa"] as? [String: Any])?["reason"] as? String != nil)
        #expect((object["tolerance"] as? [String: Any])?["marksStand"] as? Bool == false)
        let csv = try MarkProcess.run(["agree", "--format", "csv"] + Self.inputs)
        let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 3)
        #expect(lines[1] == "L-2203,A-40,CS-XM-03,going-the-extra-mile 1.0.0,Pass,Merit,18,18,\"documented_feasibility: engine partially met, human met\",Samples/going-the-extra-mile-pass-undocumented-feasibility.json,")  // no overrides
    }

    /// With several raters, the CSV names each disagreement's rater beside the assessor whose
    /// marking it checks; without a `rater` column there is no such column.
    @Test func csvHasARaterColumnWithSeveralRaters() throws {
        let r = try MarkProcess.run(
            ["agree", "\(Self.fixtures)/results/samples.ndjson", "\(Self.fixtures)/standardisation.csv", "--rules", "\(Self.fixtures)/rules", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "learner,assessor,rater,unit,ruleset,engine_grade,human_grade,engine_marks,human_marks,points_differ,path,overrides")
        #expect(lines.count == 4)
        #expect(lines.dropFirst().map { $0.split(separator: ",").prefix(3).joined(separator: ",") } == ["L-2201,A-22,M-01", "L-2203,A-40,A-40", "L-2205,A-22,A-40"])
        let masked = try MarkProcess.run(
            ["agree", "\(Self.fixtures)/results/samples.ndjson", "\(Self.fixtures)/standardisation.csv", "--format", "csv", "--pseudonymise"],
            environment: ["MARK_PSEUDONYM_KEY": "k"])
        #expect(!masked.stdout.contains("M-01") && !masked.stdout.contains("A-22") && masked.stdout.contains(",PA-"))
        let one = try MarkProcess.run(["agree", "--format", "csv"] + Self.inputs)
        #expect(one.stdout.hasPrefix("learner,assessor,unit,"), "no rater column with one decision per learner")
    }

    @Test func badDecisionsFileIsLocated() throws {
        let dir = NSTemporaryDirectory() + "mark-agree-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let csv = dir + "/d.csv"
        try "learner,grade,seeks_feedback\r\nL-2303,Pass,met\r\nL-2304,\"Fail,partially met\r\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let r = try MarkProcess.run(["agree", "\(Self.fixtures)/results/samples.ndjson", csv])
        #expect(r.status == 1)
        #expect(r.stderr.contains("d.csv:3:8: error: this quoted field is never closed"))
        try "learner,grade\nL-2303,Merrit\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let grade = try MarkProcess.run(["agree", "\(Self.fixtures)/results/samples.ndjson", csv, "--rules", "\(Self.fixtures)/rules"])
        #expect(grade.status == 1)
        #expect(grade.stderr.contains("d.csv:2:8: error: 'Merrit' is not a grade of service-promise 1.0.0: Fail, Pass, Merit, Distinction; did you mean 'Merit'?"))
    }

    @Test func resultsFolderAndPseudonyms() throws {
        let dir = NSTemporaryDirectory() + "mark-results-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let lines = try String(contentsOfFile: MarkProcess.packageRoot + "/\(Self.fixtures)/results/samples.ndjson", encoding: .utf8)
            .split(separator: "\n")
        for (i, line) in lines.enumerated() { try String(line).write(toFile: dir + "/r\(i).json", atomically: true, encoding: .utf8) }
        let folder = try MarkProcess.run(["agree", dir, "\(Self.fixtures)/decisions.csv", "--rules", "\(Self.fixtures)/rules", "--format", "json"])
        let file = try MarkProcess.run(["agree", "--format", "json"] + Self.inputs)
        #expect(folder.status == 0)
        #expect(folder.stdout == file.stdout, "a folder of result files reads like the NDJSON file")
        let masked = try MarkProcess.run(["agree", "--pseudonymise"] + Self.inputs, environment: ["MARK_PSEUDONYM_KEY": "k"])
        #expect(masked.status == 0)
        #expect(!masked.stdout.contains("L-22") && !masked.stdout.contains("Samples/") && !masked.stdout.contains("decisions.csv"))
        #expect(masked.stdout.contains("P-"))
    }

    @Test func usage() throws {
        #expect(try MarkProcess.run(["agree", "\(Self.fixtures)/decisions.csv"]).status == 64)
        #expect(try MarkProcess.run(["agree", "\(Self.fixtures)/results/samples.ndjson", "\(Self.fixtures)/results"]).status == 64)
        let help = try MarkProcess.run(["agree", "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: mark agree"))
    }
}
