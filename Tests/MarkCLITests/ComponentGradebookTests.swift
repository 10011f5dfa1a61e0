import Foundation
import Testing

/// The CSV gradebook's component columns: `component:ID` after `maximum`, holding each
/// component's grade, only when a ruleset used declares components; the same cells when the
/// rulesets are mixed (rows spooled), and when a result file is up to date (read back).
@Suite struct ComponentGradebookTests {
    /// A folder with `rules/` holding the tutorial's end-point assessment and the shipped
    /// anticipating-needs unit (no components), and `subs/` holding Jo (Pass, one
    /// distinction), Sam (distinction everywhere) and one anticipating-needs sample.
    static func folder() throws -> String {
        let root = NSTemporaryDirectory() + "mark-component-gradebook-\(UUID().uuidString)"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/rules", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/subs", withIntermediateDirectories: true)
        let tutorial = try String(contentsOfFile: MarkProcess.packageRoot + "/docs/tutorial.md", encoding: .utf8)
        func block(_ title: String) -> String {
            let start = tutorial.range(of: "title=\"\(title)\"\n")!.upperBound
            return String(tutorial[start..<tutorial.range(of: "```", range: start..<tutorial.endIndex)!.lowerBound])
        }
        try block("epa/team-leader.rules").write(toFile: root + "/rules/team-leader.rules", atomically: true, encoding: .utf8)
        let jo = block("epa/jo.json")
        try jo.write(toFile: root + "/subs/jo.json", atomically: true, encoding: .utf8)
        let sam = jo.replacingOccurrences(of: "L-0201", with: "L-0202")
            .replacingOccurrences(of: "\"distinction_criteria\": 1}", with: "\"distinction_criteria\": 2}")
        try sam.write(toFile: root + "/subs/sam.json", atomically: true, encoding: .utf8)
        for name in ["anticipating-needs.rules", "customer-service-common.rules"] {
            try fm.copyItem(atPath: MarkProcess.packageRoot + "/Rules/" + name, toPath: root + "/rules/" + name)
        }
        try fm.copyItem(
            atPath: MarkProcess.packageRoot + "/Samples/anticipating-needs-competent-hotel-guest-preferences.json",
            toPath: root + "/subs/an.json")
        return root
    }

    /// The cells of each row by column name.
    static func rows(_ csv: String) -> [[String: String]] {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        return lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
    }

    static let componentHeader = "grade,total,maximum,component:observation,component:discussion,component:portfolio,"

    @Test func componentGradesHaveTheirOwnColumnsWhateverPathTheRowTakes() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let mixed = try MarkProcess.run(["subs", "--rules", "rules", "--format", "csv", "--jobs", "1"], directory: root)
        #expect(mixed.status == 0, "\(mixed.stderr)")
        #expect(mixed.stdout.hasPrefix("learner,unit,ruleset,ruleset_version," + Self.componentHeader))
        let rows = Self.rows(mixed.stdout)
        #expect(rows.count == 3)
        let byPath = Dictionary(uniqueKeysWithValues: rows.map { ($0["path"]!, $0) })
        let jo = try #require(byPath["subs/jo.json"])
        #expect(jo["grade"] == "Pass")
        #expect([jo["component:observation"], jo["component:discussion"], jo["component:portfolio"]] == ["Pass", "Pass", "Distinction"])
        let sam = try #require(byPath["subs/sam.json"])
        #expect(sam["grade"] == "Distinction")
        #expect(sam["component:observation"] == "Distinction" && sam["component:portfolio"] == "Distinction")
        // A ruleset without components leaves their cells empty.
        let an = try #require(byPath["subs/an.json"])
        #expect(an["component:observation"] == "" && an["component:portfolio"] == "")
        #expect(an["grade"] == "Competent")

        // One ruleset (rows streamed), then up-to-date result files (rows read back): the same rows.
        try FileManager.default.removeItem(atPath: root + "/subs/an.json")
        let streamed = try MarkProcess.run(["subs", "--rules", "rules/team-leader.rules", "--format", "csv"], directory: root)
        #expect(streamed.status == 0, "\(streamed.stderr)")
        let first = try MarkProcess.run(["subs", "--rules", "rules/team-leader.rules", "--out", "out"], directory: root)
        #expect(first.status == 0, "\(first.stderr)")
        let again = try MarkProcess.run(["subs", "--rules", "rules/team-leader.rules", "--out", "out", "--format", "csv"], directory: root)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("2 already up to date"))
        #expect(streamed.stdout == again.stdout)
        #expect(streamed.stdout.hasPrefix("learner,unit,ruleset,ruleset_version," + Self.componentHeader))
        let streamedJo = try #require(Self.rows(streamed.stdout).first { $0["path"] == "subs/jo.json" })
        for column in ["grade", "component:observation", "component:discussion", "component:portfolio"] {
            #expect(streamedJo[column] == jo[column], "\(column)")
        }
    }

    @Test func aGradebookWithoutComponentsHasNoComponentColumns() throws {
        let r = try MarkProcess.run(["Samples/anticipating-needs-competent-hotel-guest-preferences.json", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("learner,unit,ruleset,ruleset_version,grade,total,maximum,"))
        #expect(!r.stdout.contains("component:"))
    }
}
