import Foundation
import MarkTestSupport
import Testing

/// Every sample under Samples/ is marked with the shipped rules in both formats and compared
/// with its golden report (re-record with MARK_RECORD=1).
@Suite struct SampleGoldenTests {
    static var samples: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: MarkProcess.packageRoot + "/Samples")) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }

    static let goldenFolder = MarkProcess.packageRoot + "/Tests/MarkCLITests/Golden/samples/"

    @Test func thereAreAtLeastFifteenSamples() {
        #expect(Self.samples.count >= 15)
    }

    @Test(arguments: samples)
    func textReportMatchesGolden(_ name: String) throws {
        let r = try MarkProcess.run(["Samples/" + name])
        #expect(r.status == 0, "\(r.stderr)")
        check(r.stdout, golden: name.replacingOccurrences(of: ".json", with: ".txt"))
    }

    @Test(arguments: samples)
    func jsonResultMatchesGoldenAndNamesTheGradeInTheFileName(_ name: String) throws {
        let r = try MarkProcess.run(["Samples/" + name, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        check(r.stdout, golden: name.replacingOccurrences(of: ".json", with: ".result.json"))
        // Sample names carry the intended grade: `<ruleset>-<grade-slug>-<what>.json`.
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let grade = (object?["grade"] as? String ?? "").lowercased().replacingOccurrences(of: " ", with: "-")
        #expect(name.contains("-\(grade)-"), "\(name) was graded \(grade)")
    }

    @Test(arguments: samples)
    func htmlPageMatchesGolden(_ name: String) throws {
        let r = try MarkProcess.run(["Samples/" + name, "--format", "html"])
        #expect(r.status == 0, "\(r.stderr)")
        check(r.stdout, golden: name.replacingOccurrences(of: ".json", with: ".report.html"))
    }

    @Test func outputIsByteIdenticalAcrossRuns() throws {
        let name = "Samples/" + (Self.samples.first ?? "")
        let a = try MarkProcess.run([name, "--format", "json"])
        let b = try MarkProcess.run([name, "--format", "json"])
        #expect(a.stdout == b.stdout)
        #expect(!a.stdout.isEmpty)
    }

    func check(_ actual: String, golden: String) {
        if let problem = GoldenFile.check(actual, against: Self.goldenFolder + golden) { Issue.record(Comment(rawValue: problem)) }
    }
}
