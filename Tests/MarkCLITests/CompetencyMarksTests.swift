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
