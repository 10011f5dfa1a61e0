import Foundation
import Testing

/// `mark merge`: shards marked separately and merged give exactly one run's output, and a
/// shard that did not finish, or whose trailer does not count its lines, is an error.
@Suite struct MergeCommandTests {
    /// A 30-submission cohort of several units, with malformed submissions among them, cut in
    /// order into shards of 7, 11 and 12 lines; `body` gets the folder.
    func withShards(_ body: (String, [String]) throws -> Void) throws {
        let root = NSTemporaryDirectory() + "mark-merge-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let cohort = try MarkProcess.run(["--count", "30", "--seed", "5", "--ndjson", "--malformed", "0.2"], executable: "mark-cohort")
        #expect(cohort.status == 0)
        try cohort.stdout.write(toFile: root + "/cohort.ndjson", atomically: true, encoding: .utf8)
        let lines = cohort.stdout.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        #expect(lines.count == 30)
        var shards: [String] = []
        var start = 0
        for (k, size) in [7, 11, 12].enumerated() {
            let path = root + "/part-\(k).ndjson"
            try (lines[start..<start + size].joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            start += size
            shards.append(path)
        }
        try body(root, shards)
    }

    @Test func mergedShardsEqualOneRun() throws {
        try withShards { root, shards in
            let whole = try MarkProcess.run([root + "/cohort.ndjson", "--format", "json", "--quiet", "--jobs", "2"])
            #expect(whole.status == 1, "the cohort has malformed submissions")
            var outputs: [String] = []
            for (k, shard) in shards.enumerated() {
                let r = try MarkProcess.run([shard, "--format", "json", "--quiet", "--jobs", "1"])
                let path = root + "/results-\(k).ndjson"
                // Each shard's results name their own input file: rename to the whole cohort's lines.
                try r.stdout.write(toFile: path, atomically: true, encoding: .utf8)
                outputs.append(path)
            }
            let merged = try MarkProcess.run(["merge"] + outputs)
            #expect(merged.status == 0, "\(merged.stderr)")
            // Only where each submission was read differs: its shard's file and line.
            let normalise = { (s: String) in
                s.replacingOccurrences(of: #"(part-[0-9]|cohort)\.ndjson:[0-9]+"#, with: "LINE", options: .regularExpression)
                    .replacingOccurrences(of: #"(part-[0-9]|cohort)\.ndjson","line":[0-9]+"#, with: "LINE", options: .regularExpression)
            }
            #expect(merged.stdout != whole.stdout, "the paths name the shards")
            #expect(normalise(merged.stdout) == normalise(whole.stdout))
            let trailer = merged.stdout.split(separator: "\n").last.map(String.init) ?? ""
            #expect(trailer.hasPrefix(#"{"format":"summary/1","submissions":30,"#), "\(trailer)")
        }
    }

    @Test func aShardWithoutItsTrailerIsAnErrorAndNoTrailerIsWritten() throws {
        try withShards { root, shards in
            let r = try MarkProcess.run([shards[0], "--format", "json", "--quiet"])
            let cut = r.stdout.split(separator: "\n").dropLast().joined(separator: "\n") + "\n"
            try cut.write(toFile: root + "/died.ndjson", atomically: true, encoding: .utf8)
            let merged = try MarkProcess.run(["merge", root + "/died.ndjson"])
            #expect(merged.status == 1)
            #expect(merged.stderr.contains("died.ndjson:7: error: no summary/1 trailer: the run that wrote this shard did not finish"), "\(merged.stderr)")
            #expect(!merged.stdout.contains("summary/1"))
        }
    }

    @Test func aTrailerThatDoesNotCountTheShardsLinesIsAnError() throws {
        try withShards { root, shards in
            let r = try MarkProcess.run([shards[1], "--format", "json", "--quiet"])
            var lines = r.stdout.split(separator: "\n").map(String.init)
            lines.remove(at: 3)  // a result lost
            try (lines.joined(separator: "\n") + "\n").write(toFile: root + "/lost.ndjson", atomically: true, encoding: .utf8)
            let merged = try MarkProcess.run(["merge", root + "/lost.ndjson"])
            #expect(merged.status == 1)
            #expect(merged.stderr.contains("lost.ndjson:11: error: the trailer counts 11 submissions but the shard has 10 result lines"), "\(merged.stderr)")
            try "not json\n".write(toFile: root + "/junk.ndjson", atomically: true, encoding: .utf8)
            let junk = try MarkProcess.run(["merge", root + "/junk.ndjson"])
            #expect(junk.status == 1)
            #expect(junk.stderr.contains("junk.ndjson:1: error: not a JSON result line"), "\(junk.stderr)")
        }
    }

    @Test func usage() throws {
        let none = try MarkProcess.run(["merge"])
        #expect(none.status == 64)
        let help = try MarkProcess.run(["merge", "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: mark merge SHARD…"))
    }
}
