import Foundation
import Testing

/// Every command that writes results checks its writes: a full disk (/dev/full, a file-size
/// limit) is an error on stderr with exit 1 and no success summary; a closed pipe ends quietly
/// with 141 (docs/limits.md).
@Suite struct WriteFailureTests {
    static let sample = "Samples/exceeding-expectations-merit-kettle-and-courier.json"
    static let fixtures = "Tests/fixtures/moderation"
    static let full = "mark: cannot write the results: No space left on device\n"

    /// A fresh temporary folder.
    static func folder() throws -> String {
        let root = NSTemporaryDirectory() + "mark-write-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    /// Runs `mark` under `sh` with a file-size limit of `blocks` × 512 bytes, so writes to
    /// regular files beyond it fail with EFBIG as on a full disk (stdout stays a pipe).
    static func limited(_ blocks: Int, _ arguments: [String]) throws -> MarkProcess.Output {
        let quoted = arguments.map { "'" + $0 + "'" }.joined(separator: " ")
        return try MarkProcess.run(
            ["-c", "ulimit -f \(blocks) && exec \(MarkProcess.binary) \(quoted)"], executable: "/bin/sh")
    }

    @Test func oneResultToAFullDiskIsAnError() throws {
        let r = try MarkProcess.run(["--format", "json", Self.sample], stdout: .file("/dev/full"))
        #expect(r.status == 1)
        #expect(r.stderr == Self.full)
    }

    @Test func aCohortToAFullDiskHasNoSummary() throws {
        for format in ["text", "json", "csv"] {
            let r = try MarkProcess.run(["Samples", "--format", format], stdout: .file("/dev/full"))
            #expect(r.status == 1, "\(format)")
            #expect(r.stderr == Self.full, "\(format): no '19 marked' summary")
        }
    }

    @Test func everyCommandThatPrintsChecksItsWrites() throws {
        let f = Self.fixtures
        let commands: [([String], Int32)] = [
            (["fmt", "Rules/service-promise.rules"], 1),
            (["explain", Self.sample], 1),
            (["diff", "\(f)/service-promise-v1/service-promise.rules", "\(f)/service-promise-v2/service-promise.rules"], 2),
            (["compare", "--old", "\(f)/service-promise-v1/service-promise.rules", "--new", "\(f)/service-promise-v2/service-promise.rules", "\(f)/cohort"], 1),
            (["agree", "\(f)/results/samples.ndjson", "\(f)/decisions.csv", "--rules", "\(f)/rules"], 1),
            (["sample", "\(f)/results/samples.ndjson", "--rules", "\(f)/rules", "--seed", "7"], 1),
            (["test", "Rules/service-promise.tests"], 1),
            (["check", "--format", "json", "Rules"], 1),
        ]
        for (arguments, status) in commands {
            let r = try MarkProcess.run(arguments, stdout: .file("/dev/full"))
            #expect(r.status == status, "\(arguments[0])")
            #expect(r.stderr == Self.full, "\(arguments[0])")
        }
    }

    @Test func aClosedPipeEndsQuietly() throws {
        for arguments in [[Self.sample], ["Samples", "--format", "json"], ["Samples", "--format", "csv"], ["fmt", "Rules"]] {
            let r = try MarkProcess.run(arguments, stdout: .closedPipe)
            #expect(r.status == 141, "\(arguments)")
            #expect(r.stderr == "", "\(arguments)")
        }
    }

    @Test func anOutFolderThatCannotBeCreatedIsAnError() throws {
        let r = try MarkProcess.run([Self.sample, "--out", "/dev/full/results"])
        #expect(r.status == 1)
        #expect(r.stderr == "mark: cannot create the folder '/dev/full/results': Not a directory\n")
    }

    @Test func resultFilesThatCannotBeWrittenFailTheRun() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try Self.limited(0, [Self.sample, "Samples/service-promise-distinction-opticians.json", "--out", root])
        #expect(r.status == 1)
        #expect(
            r.stderr == """
                \(root)/exceeding-expectations-merit-kettle-and-courier.result.json: error: cannot write the result file: File too large
                \(root)/service-promise-distinction-opticians.result.json: error: cannot write the result file: File too large

                2 submissions: 0 marked, 2 failed

                """)
        let left = try FileManager.default.contentsOfDirectory(atPath: root)
        #expect(left.isEmpty, "no partial or temporary result files: \(left)")
    }

    @Test func aGradebookWhoseTemporaryFileFailsIsNotPrinted() throws {
        // Several rulesets: the rows are spooled to a temporary file until the header is known.
        let r = try Self.limited(1, ["Samples", "--format", "csv"])
        #expect(r.status == 1)
        #expect(r.stdout == "")
        #expect(r.stderr == "mark: cannot write the gradebook: cannot write its temporary file: File too large\n")
    }

    @Test func fmtWriteThatFailsLeavesTheFileAndSaysSo() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/service-promise.rules"
        let original = try String(contentsOfFile: "\(Self.fixtures)/service-promise-reformatted/service-promise.rules", encoding: .utf8)
        try original.write(toFile: path, atomically: false, encoding: .utf8)
        let r = try Self.limited(0, ["fmt", "--write", path])
        #expect(r.status == 1)
        #expect(r.stderr == "\(path): error: cannot write the formatted file: File too large\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["service-promise.rules"])
    }
}
