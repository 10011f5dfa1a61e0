import Foundation
import Testing

/// Walking a cohort folder: each folder once whatever the links, every `*.json` entry that is
/// not marked an error record, and result-file names that would clash refused (docs/limits.md).
@Suite struct CohortWalkTests {
    static let sample = "Samples/exceeding-expectations-merit-kettle-and-courier.json"

    static func folder() throws -> String {
        let root = NSTemporaryDirectory() + "mark-walk-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/cohort", withIntermediateDirectories: true)
        return root
    }

    static func copySample(to path: String) throws {
        try FileManager.default.copyItem(atPath: MarkProcess.packageRoot + "/" + sample, toPath: path)
    }

    @Test func aSymlinkLoopMarksEachFileOnce() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.copySample(to: root + "/cohort/a.json")
        try FileManager.default.createDirectory(atPath: root + "/cohort/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/cohort/loop", withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(atPath: root + "/cohort/sub/up", withDestinationPath: "..")
        let r = try MarkProcess.run([root + "/cohort", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr == "")
        let rows = r.stdout.split(separator: "\n")
        #expect(rows.count == 2, "one header and one row, not one per path through the loop")
        #expect(rows.last?.hasSuffix(",\(root)/cohort/a.json,") == true)
    }

    @Test func aFolderLinkedFromOutsideIsWalked() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/elsewhere", withIntermediateDirectories: true)
        try Self.copySample(to: root + "/elsewhere/b.json")
        try FileManager.default.createSymbolicLink(atPath: root + "/cohort/week2", withDestinationPath: root + "/elsewhere")
        let r = try MarkProcess.run([root + "/cohort", "--format", "csv"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.split(separator: "\n").last?.hasSuffix(",\(root)/cohort/week2/b.json,") == true)
    }

    @Test func entriesThatCannotBeMarkedAreErrorRecords() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let c = root + "/cohort"
        try Self.copySample(to: c + "/a.json")
        try FileManager.default.createSymbolicLink(atPath: c + "/b-dangling.json", withDestinationPath: root + "/missing.json")
        #expect(mkfifo(c + "/c-fifo.json", 0o600) == 0)
        try FileManager.default.createSymbolicLink(atPath: c + "/d-device.json", withDestinationPath: "/dev/null")
        let r = try MarkProcess.run([c, "--format", "csv"])
        #expect(r.status == 1)
        let rows = r.stdout.split(separator: "\n").map(String.init)
        #expect(rows.count == 5)
        #expect(rows[2].hasSuffix(",\(c)/b-dangling.json,a symbolic link to a file that does not exist"))
        #expect(rows[3].hasSuffix(",\(c)/c-fifo.json,not a regular file (a FIFO); only regular files are read as submissions"))
        #expect(rows[4].hasSuffix(",\(c)/d-device.json,not a regular file (a character device); only regular files are read as submissions"))
        #expect(
            r.stderr.hasPrefix(
                """
                \(c)/b-dangling.json: error: a symbolic link to a file that does not exist
                \(c)/c-fifo.json: error: not a regular file (a FIFO); only regular files are read as submissions
                \(c)/d-device.json: error: not a regular file (a character device); only regular files are read as submissions

                4 submissions: 1 marked, 3 failed

                """))
    }

    @Test func anNDJSONLineAndAFileNamedLikeItAreRefused() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Self.copySample(to: root + "/cohort/x.line1.json")
        try String(contentsOfFile: MarkProcess.packageRoot + "/" + Self.sample, encoding: .utf8)
            .replacingOccurrences(of: "\n", with: " ").write(toFile: root + "/x.ndjson", atomically: false, encoding: .utf8)
        let r = try MarkProcess.run([root + "/x.ndjson", root + "/cohort", "--out", root + "/results"])
        #expect(r.status == 64)
        #expect(
            r.stderr == "mark: '\(root)/x.ndjson' and '\(root)/cohort/x.line1.json' would both write 'x.line1.result.json' under --out; "
                + "mark them into separate folders\nRun 'mark mark --help' for usage.\n")
        #expect(!FileManager.default.fileExists(atPath: root + "/results"), "refused before anything is written")
    }

    @Test func aResultFileUsedAsAFolderIsRefused() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/cohort/a.result.json", withIntermediateDirectories: true)
        try Self.copySample(to: root + "/cohort/a.result.json/b.json")
        try Self.copySample(to: root + "/a.json")
        let r = try MarkProcess.run([root + "/a.json", root + "/cohort", "--out", root + "/results"])
        #expect(r.status == 64)
        #expect(
            r.stderr == "mark: '\(root)/a.json' and '\(root)/cohort/a.result.json/b.json' would both write 'a.result.json' under --out; "
                + "mark them into separate folders\nRun 'mark mark --help' for usage.\n")
    }
}
