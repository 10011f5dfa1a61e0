import Foundation
import Testing

/// A competency unit (its points carry no marks: maximum 0) prints no marks anywhere: `null`
/// totals, maxima and point marks in JSON, empty `total` and `maximum` cells in CSV; and every
/// reader of result files (the up-to-date check, verify, sample, compare) reads those nulls.
@Suite struct CompetencyMarksTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? [String: Any])
    }

    @Test func jsonWritesNullMarksInTheSameShape() throws {
        let root = try ComponentGradebookTests.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try MarkProcess.run(["subs/jo.json", "--rules", "rules/team-leader.rules", "--format", "json"], directory: root)
        #expect(run.status == 0, "\(run.stderr)")
        let result = try Self.json(run.stdout)
        #expect(result["total"] is NSNull && result["maximum"] is NSNull)
        // The keys keep their order: total and maximum still sit between gradeIndex and floorsFailed.
        #expect(run.stdout.contains("\"gradeIndex\": 1,\n  \"total\": null,\n  \"maximum\": null,\n  \"floorsFailed\": []"))
        let components = try #require(result["components"] as? [[String: Any]])
        #expect(components.count == 3)
        #expect(components.allSatisfy { $0["total"] is NSNull && $0["maximum"] is NSNull })
        let points = try #require(result["points"] as? [[String: Any]])
        #expect(points.count == 6)
        #expect(points.allSatisfy { $0["marks"] is NSNull && $0["maximum"] is NSNull })
        #expect(!run.stdout.contains("\"total\": 0"))

        // A unit whose points carry marks keeps its numbers.
        let marked = try MarkProcess.run(["subs/an.json", "--rules", "rules/anticipating-needs.rules", "--format", "json"], directory: root)
        #expect(marked.status == 0, "\(marked.stderr)")
        let an = try Self.json(marked.stdout)
        #expect(an["total"] is NSNumber && (an["maximum"] as? NSNumber).map { $0.doubleValue > 0 } == true)
    }

    @Test func csvLeavesTheMarkCellsEmptyStreamedAndReadBack() throws {
        let root = try ComponentGradebookTests.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.removeItem(atPath: root + "/subs/an.json")
        let streamed = try MarkProcess.run(["subs", "--rules", "rules/team-leader.rules", "--format", "csv"], directory: root)
        #expect(streamed.status == 0, "\(streamed.stderr)")
        let first = try MarkProcess.run(["subs", "--rules", "rules/team-leader.rules", "--out", "out"], directory: root)
        #expect(first.status == 0, "\(first.stderr)")
        let again = try MarkProcess.run(["subs", "--rules", "rules/team-leader.rules", "--out", "out", "--format", "csv"], directory: root)
        #expect(again.status == 0, "\(again.stderr)")
        // The null marks in the result files do not make them out of date.
        #expect(again.stderr.contains("2 already up to date"))
        for csv in [streamed.stdout, again.stdout] {
            let rows = ComponentGradebookTests.rows(csv)
            #expect(rows.count == 2)
            #expect(rows.allSatisfy { $0["total"] == "" && $0["maximum"] == "" && !($0["grade"] ?? "").isEmpty })
        }
    }

    @Test func readersOfResultFilesAcceptNullMarks() throws {
        let root = try ComponentGradebookTests.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.removeItem(atPath: root + "/subs/an.json")
        let marked = try MarkProcess.run(["subs", "--rules", "rules/team-leader.rules", "--out", "out"], directory: root)
        #expect(marked.status == 0, "\(marked.stderr)")
        let recorded = try String(contentsOfFile: root + "/out/jo.result.json", encoding: .utf8)
        #expect(recorded.contains("\"total\": null"))

        // verify re-marks and finds the recorded null marks the same as the re-mark's none.
        let verify = try MarkProcess.run(["verify", "out", "--rules", "rules/team-leader.rules"], directory: root)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("2 reproduced, 0 not reproduced"))
        #expect(verify.stdout.contains("reproduced: Pass, 6 points"))

        // sample reads the records and writes no marks for them either.
        let json = try MarkProcess.run(["sample", "out", "--rules", "rules/team-leader.rules", "--format", "json"], directory: root)
        #expect(json.status == 0, "\(json.stderr)")
        let picks = try #require(try Self.json(json.stdout)["sample"] as? [[String: Any]])
        #expect(picks.count == 2)
        #expect(picks.allSatisfy { $0["total"] is NSNull && $0["maximum"] is NSNull })
        let csv = try MarkProcess.run(["sample", "out", "--rules", "rules/team-leader.rules", "--format", "csv"], directory: root)
        #expect(csv.status == 0, "\(csv.stderr)")
        // The sample's CSV ends its lines with CRLF (one Character in Swift): split on either.
        let rows = ComponentGradebookTests.rows(csv.stdout.split(whereSeparator: \.isNewline).joined(separator: "\n"))
        #expect(rows.count == 2 && rows.allSatisfy { $0["total"] == "" && $0["maximum"] == "" })
        let text = try MarkProcess.run(["sample", "out", "--rules", "rules/team-leader.rules"], directory: root)
        #expect(text.stdout.contains("Pass  –  subs/jo.json"))
    }
}

/// `mark explain --format json`, `mark agree` and `mark compare` print no marks for a
/// competency unit either.
@Suite struct CompetencyModerationTests {
    @Test func explainJSONWritesNullMarks() throws {
        let root = try ComponentGradebookTests.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try MarkProcess.run(["explain", "subs/jo.json", "--rules", "rules/team-leader.rules", "--format", "json"], directory: root)
        #expect(run.status == 0, "\(run.stderr)")
        let e = try CompetencyMarksTests.json(run.stdout)
        #expect(e["format"] as? String == "explain/1")
        #expect(e["total"] is NSNull && e["maximum"] is NSNull)
        let points = try #require(e["points"] as? [[String: Any]])
        #expect(points.count == 6 && points.allSatisfy { $0["marks"] is NSNull && $0["maximum"] is NSNull })
        let marked = try MarkProcess.run(["explain", "subs/an.json", "--rules", "rules/anticipating-needs.rules", "--format", "json"], directory: root)
        #expect((try CompetencyMarksTests.json(marked.stdout)["maximum"] as? NSNumber).map { $0.doubleValue > 0 } == true)
    }

    @Test func agreePrintsNoMarksAndChecksNoToleranceForACompetencyUnit() throws {
        let root = try ComponentGradebookTests.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.removeItem(atPath: root + "/subs/an.json")
        let marked = try MarkProcess.run(["subs", "--rules", "rules/team-leader.rules", "--out", "out"], directory: root)
        #expect(marked.status == 0, "\(marked.stderr)")
        try "learner,grade,marks\nL-0201,Distinction,4\nL-0202,Distinction,4\n".write(toFile: root + "/decisions.csv", atomically: true, encoding: .utf8)
        let text = try MarkProcess.run(["agree", "out", "decisions.csv", "--rules", "rules", "--tolerance", "1"], directory: root)
        #expect(text.stdout.contains("L-0201  A-"), "\(text.stdout)\(text.stderr)")
        #expect(text.stdout.contains("engine Pass, human Distinction"))
        #expect(!text.stdout.contains("marks engine"), "\(text.stdout)")
        #expect(text.stdout.contains("tolerance not checked: no matched decision gives marks to compare"))
        let json = try MarkProcess.run(["agree", "out", "decisions.csv", "--rules", "rules", "--format", "json"], directory: root)
        let disagreements = try #require(try CompetencyMarksTests.json(json.stdout)["disagreements"] as? [[String: Any]])
        #expect(disagreements.count == 1 && disagreements[0]["engineMarks"] is NSNull)
        let csv = try MarkProcess.run(["agree", "out", "decisions.csv", "--rules", "rules", "--format", "csv"], directory: root)
        let rows = ComponentGradebookTests.rows(csv.stdout.split(whereSeparator: \.isNewline).joined(separator: "\n"))
        #expect(!rows.isEmpty && rows.allSatisfy { $0["engine_marks"] == "" }, "\(csv.stdout)")
    }

    @Test func comparePrintsNoTotalForACompetencyUnit() throws {
        let root = try ComponentGradebookTests.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.removeItem(atPath: root + "/subs/an.json")
        // Version 2 changes one grade's rule: Distinction with one component at Distinction.
        let v2 = """
            ruleset "team-leader-epa" {
              version "2.0.0"
              applies from 2025-09-01
            }

            extends "team-leader.rules" version "1.0.0"

            replace grade "Distinction" when at least 1 components are "Distinction"

            """
        try v2.write(toFile: root + "/rules/team-leader-2.rules", atomically: true, encoding: .utf8)
        let args = ["compare", "--old", "rules/team-leader.rules", "--new", "rules/team-leader-2.rules", "subs"]
        let text = try MarkProcess.run(args, directory: root)
        #expect(text.stdout.contains("Pass → Distinction"), "\(text.stdout)\(text.stderr)")
        #expect(!text.stdout.contains("total 0"), "\(text.stdout)")
        let line = try #require(text.stdout.split(separator: "\n").first { $0.contains("Pass → Distinction") })
        #expect(!line.contains("total"))
        let json = try CompetencyMarksTests.json(try MarkProcess.run(args + ["--format", "json"], directory: root).stdout)
        let groups = try #require(json["groups"] as? [[String: Any]])
        let changed = try #require(groups.first?["changedSubmissions"] as? [[String: Any]])
        #expect(!changed.isEmpty && changed.allSatisfy { $0["oldTotal"] is NSNull && $0["newTotal"] is NSNull })
        let csv = try MarkProcess.run(args + ["--format", "csv"], directory: root).stdout
        let rows = ComponentGradebookTests.rows(csv.split(whereSeparator: \.isNewline).joined(separator: "\n"))
        #expect(!rows.isEmpty && rows.allSatisfy { $0["old_total"] == "" && $0["new_total"] == "" }, "\(csv)")
    }
}
