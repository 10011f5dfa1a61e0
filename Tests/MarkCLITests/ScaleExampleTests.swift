import Foundation
import Testing

/// Runs the GNU parallel example of docs/scale.md (the `sh` block that starts with
/// `# scale-example`) as written, and checks that it reports the merged shards equal to one run.
/// Skipped, with a message, where GNU parallel is not installed (CI installs it).
@Suite struct ScaleExampleTests {
    static let parallel = ["/usr/bin/parallel", "/usr/local/bin/parallel"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func script() throws -> String? {
        let markdown = try String(contentsOfFile: MarkProcess.packageRoot + "/docs/scale.md", encoding: .utf8)
        for block in DocExamples.blocks(markdown) where block.language == "sh" && block.body.first == "# scale-example" {
            return block.body.joined(separator: "\n")
        }
        return nil
    }

    @Test func theDocumentHasTheExample() throws {
        let script = try #require(try Self.script())
        #expect(script.contains("parallel --pipe --keep-order"))
        #expect(script.contains("mark merge -"))
    }

    @Test(.enabled(if: parallel != nil, "GNU parallel is not installed (apt-get install parallel)"))
    func parallelShardsMergeToOneRun() throws {
        let script = try #require(try Self.script())
        let scratch = NSTemporaryDirectory() + "mark-scale-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        try FileManager.default.copyItem(atPath: MarkProcess.packageRoot + "/Rules", toPath: scratch + "/Rules")
        // GNU parallel asks for a citation once unless told it was seen.
        let home = scratch + "/home"
        try FileManager.default.createDirectory(atPath: home + "/.parallel", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: home + "/.parallel/will-cite", contents: Data())
        let r = try DocExamples.shell("HOME='\(home)'; export HOME\n" + script, in: scratch)
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("merged shards equal one run: 1501 lines"), "\(r.output)")
        let merged = try String(contentsOfFile: scratch + "/merged.ndjson", encoding: .utf8)
        let single = try String(contentsOfFile: scratch + "/single.ndjson", encoding: .utf8)
        #expect(merged != single, "the line numbers in the shards' paths differ from one run's")
        #expect(merged.split(separator: "\n").last == single.split(separator: "\n").last, "the same summary trailer")
    }
}
