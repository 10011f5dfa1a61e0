import Foundation
import Testing

import MarkCore

/// The evidence envelope's `centre` and `group` and the evidence's methods (item kinds) reach
/// the results `mark` writes, and `mark sample` covers them (CAMERA) from those results.
@Suite struct CentreSamplingTests {
    /// A cohort of four service-promise submissions by one assessor, rewritten so that every
    /// item is an observation except one questioning (in the first) and one witness testimony
    /// (in the second), and only the third is from centre C-2; written with their results.
    static func cohort(_ dir: String) throws -> String {
        let samples = try FileManager.default.contentsOfDirectory(atPath: MarkProcess.packageRoot + "/Samples")
            .filter { $0.hasPrefix("service-promise-") && $0.hasSuffix(".json") }.sorted()
        try #require(samples.count >= 4)
        var paths: [String] = []
        for (i, name) in samples.prefix(4).enumerated() {
            let data = try Data(contentsOf: URL(fileURLWithPath: MarkProcess.packageRoot + "/Samples/" + name))
            var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            object["assessor"] = "A-1"
            object["centre"] = i == 2 ? "C-2" : "C-1"
            object["group"] = i % 2 == 0 ? "G-A" : "G-B"
            var items = try #require(object["items"] as? [[String: Any]])
            for k in items.indices { items[k]["kind"] = "observation" }
            if i == 0 { items[0]["kind"] = "questioning" }
            if i == 1 { items[0]["kind"] = "witness_testimony" }
            object["items"] = items
            let path = "\(dir)/L-\(i + 1).json"
            try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let marked = try MarkProcess.run(["--format", "json"] + paths)
        #expect(marked.status == 0, "\(marked.stderr)")
        let results = dir + "/results.ndjson"
        try marked.stdout.write(toFile: results, atomically: true, encoding: .utf8)
        return results
    }

    @Test func resultsRecordCentreGroupAndMethods() throws {
        let dir = NSTemporaryDirectory() + "mark-centres-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let results = try String(contentsOfFile: try Self.cohort(dir), encoding: .utf8)
        let submissions = try results.split(separator: "\n").compactMap { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["submission"] as? [String: Any]
        }
        #expect(submissions.count == 4)
        #expect(submissions.map { $0["centre"] as? String } == ["C-1", "C-1", "C-2", "C-1"])
        #expect(submissions.map { $0["group"] as? String } == ["G-A", "G-B", "G-A", "G-B"])
        #expect(submissions[0]["methods"] as? [String] == ["observation", "questioning"], "distinct item kinds, sorted")
        #expect(submissions[1]["methods"] as? [String] == ["observation", "witness_testimony"])
        #expect(submissions[2]["methods"] as? [String] == ["observation"])
    }

    @Test func coverCentresAndMethodsFromResultsMarkWrote() throws {
        let dir = NSTemporaryDirectory() + "mark-centres-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let results = try Self.cohort(dir)
        let plan = dir + "/plan.txt"
        try "share 0%\nminimum 1\nevery grade no\ncover methods yes\ncover centres yes\n".write(toFile: plan, atomically: true, encoding: .utf8)
        for seed in ["1", "2", "3", "4"] {
            let r = try MarkProcess.run(["sample", results, "--plan", plan, "--seed", seed, "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let picks = try #require(object["sample"] as? [[String: Any]])
            let reasons = Dictionary(uniqueKeysWithValues: picks.map { ($0["learner"] as? String ?? "", $0["reasons"] as? [String] ?? []) })
            let learners = Set(picks.compactMap { $0["path"] as? String }.map { ($0 as NSString).lastPathComponent })
            // The one questioning, the one witness testimony and the one C-2 submission are all
            // drawn whatever the seed; the assessor's one pick can cover at most one of them.
            #expect(learners.isSuperset(of: ["L-1.json", "L-2.json", "L-3.json"]), "seed \(seed): \(learners.sorted())")
            #expect(picks.allSatisfy { !($0["reasons"] as? [String] ?? []).isEmpty }, "every pick has its reasons")
            let camera = reasons.values.flatMap { $0 }.filter { $0.hasPrefix("drawn so that method") || $0.hasPrefix("drawn so that centre") }
            #expect(camera.count >= 2, "seed \(seed): \(reasons)")
            for reason in camera {
                #expect(
                    reason.hasPrefix("drawn so that method 'questioning' is represented: 1 in the cohort")
                        || reason.hasPrefix("drawn so that method 'witness_testimony' is represented: 1 in the cohort")
                        || reason.hasPrefix("drawn so that centre 'C-2' is represented: 1 in the cohort"), "\(reason)")
            }
        }
    }
}
